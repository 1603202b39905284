#pragma once

// Shared helpers of the seal tests: specimen signers of Utopia (lib/seal/specimen.hpp), seal
// descriptions as `seal make` takes them, trust stores and check look-ups.

#include "chip/detail/specimen_parts.hpp"
#include "core/check_registry.hpp"
#include "pki/trust_store.hpp"
#include "seal/make.hpp"
#include "seal/seal.hpp"
#include "seal/specimen.hpp"

#include <doctest/doctest.h>
#include <openssl/pem.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace mrtd::sealtest {

using barcode::Bytes;
using barcode::ByteView;

inline constexpr UnixTime k_at = 1767225600; ///< 2026-01-01, inside every specimen validity

/// A specimen signer: its Signer (key + certificate DER) and the public files.
struct Pki {
  seal::Signer signer;
  std::string signer_pem;
  std::string csca_pem; ///< empty when self-signed
  std::string crl_pem;  ///< empty when self-signed
  std::string csca_key_pem;
};

inline std::string text_of(const Bytes& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

inline Bytes bytes_of(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

inline Pki make_pki(seal::SealSpecimenOptions options) {
  auto files = seal::make_seal_specimen(options);
  REQUIRE_MESSAGE(files.has_value(), (files ? "" : files.error().message));
  Pki pki;
  for (const auto& file : *files) {
    if (file.name == "signer.der") {
      pki.signer.certificate_der = file.bytes;
    } else if (file.name == "signer.TEST-ONLY.key.pem") {
      pki.signer.private_key_pem = file.bytes;
    } else if (file.name == "signer.pem") {
      pki.signer_pem = text_of(file.bytes);
    } else if (file.name == "csca.pem") {
      pki.csca_pem = text_of(file.bytes);
    } else if (file.name == "crl.pem") {
      pki.crl_pem = text_of(file.bytes);
    } else if (file.name == "csca.TEST-ONLY.key.pem") {
      pki.csca_key_pem = text_of(file.bytes);
    }
  }
  REQUIRE(!pki.signer.certificate_der.empty());
  REQUIRE(!pki.signer.private_key_pem.empty());
  return pki;
}

inline Pki make_pki(const std::string& curve = "prime256v1", bool self_signed = false) {
  seal::SealSpecimenOptions options;
  options.curve = curve;
  options.self_signed = self_signed;
  return make_pki(options);
}

/// A second signer of the same CSCA (same subject, same serial unless told), another key.
inline Pki sibling(const Pki& pki, long serial = 0x5E) {
  seal::SealSpecimenOptions options;
  options.csca_key = pki.csca_key_pem;
  options.csca_certificate = pki.csca_pem;
  options.signer_serial = serial;
  Pki out = make_pki(options);
  out.csca_key_pem = pki.csca_key_pem;
  return out;
}

/// A store holding the given PEM/DER items (empty strings are left out).
inline pki::TrustStore store_of(std::initializer_list<std::string_view> items) {
  pki::TrustStore store;
  int n = 0;
  for (const auto item : items) {
    if (item.empty()) {
      continue;
    }
    const auto* data = reinterpret_cast<const std::uint8_t*>(item.data());
    auto added = store.add(ByteView(data, item.size()), "item" + std::to_string(n++));
    REQUIRE_MESSAGE(added.has_value(), (added ? "" : added.error().message));
  }
  return store;
}

/// The usual store: CSCA and CRL (the signer is found by reference in the store too).
inline pki::TrustStore full_store(const Pki& pki) {
  return store_of({pki.csca_pem, pki.crl_pem, pki.signer_pem});
}

inline Bytes made(std::string_view description, const seal::Signer& signer) {
  auto m = seal::make(description, signer);
  REQUIRE_MESSAGE(m.has_value(), (m ? "" : m.error().message));
  return m->payload;
}

inline seal::Report check(ByteView payload, const pki::TrustStore& store, UnixTime at = k_at) {
  seal::VerifyOptions options;
  options.at = at;
  return seal::verify(payload, store, options);
}

// Separate from check(): an optional<string> parameter defaulted to nullopt trips g++ 12's
// -Wmaybe-uninitialized under -fsanitize=address.
inline seal::Report check_with_mrz(ByteView payload, const pki::TrustStore& store, UnixTime at,
                                   const std::string& printed_mrz) {
  seal::VerifyOptions options;
  options.at = at;
  options.printed_mrz = printed_mrz;
  return seal::verify(payload, store, options);
}

/// The check `id` of `report`; fails the test when absent.
inline const Check& get(const seal::Report& report, CheckId id) {
  const Check* c = report.verdict.find(id);
  REQUIRE_MESSAGE(c != nullptr, check_name(id));
  return *c;
}

inline Status status_of(const seal::Report& report, CheckId id) {
  return get(report, id).status;
}

/// Every check as "id=status: message", for failure messages.
inline std::string dump(const seal::Report& report) {
  std::string out = std::string("outcome ") + to_string(report.verdict.outcome);
  if (report.verdict.error) {
    out += " (" + report.verdict.error->message + ")";
  }
  for (const Check& c : report.verdict.checks) {
    out += "\n  " + std::string(check_name(c.id)) + "=" + to_string(c.status) + ": " + c.message;
  }
  return out;
}

// --- descriptions (`seal make`) ---

inline constexpr const char* k_visa_mrz_line1 = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
inline constexpr const char* k_visa_mrz_line2 = "L898902C36UTO7408122F2706306<<<<<<<<<<<<<<<<";

/// An ICAO visa (VDS v4 unless told) of Utopia; `extra` is spliced in as more members.
inline std::string visa_description(const std::string& extra = "",
                                    const std::string& line2 = k_visa_mrz_line2,
                                    const std::string& issuing_state = "UTO") {
  return R"({"format": "vds", "profile": "icao.visa", "issuing_state": ")" + issuing_state +
         R"(", "issue_date": "2025-07-01", "signing_date": "2025-07-01",)" + extra +
         R"( "fields": [
    {"name": "mrz", "value": ")" + std::string(k_visa_mrz_line1) + "\\n" + line2 + R"("},
    {"name": "number_of_entries", "value": "2"},
    {"name": "duration_of_stay", "value": "90 days, 0 months, 0 years"},
    {"name": "passport_number", "value": "L898902C3"}]})";
}

/// A BSI address sticker for passports (no MRZ), VDS version `version`.
inline std::string sticker_description(int version) {
  return R"({"format": "vds", "profile": "bsi.address_sticker_passport", "version": )" +
         std::to_string(version) +
         R"(, "issuing_state": "UTO", "issue_date": "2025-07-01", "signing_date": "2025-07-02",
  "fields": [{"name": "document_number", "value": "PA5500K11"},
             {"name": "municipality_key", "value": "03359010"},
             {"name": "postal_code", "value": "21614"}]})";
}

inline std::string idb_description(bool compress, bool embed) {
  return std::string(R"({"format": "idb", "issuing_state": "UTO", "compress": )") +
         (compress ? "true" : "false") + R"(, "signing_date": "2025-07-01", "embed_certificate": )" +
         (embed ? "true" : "false") + R"(, "messages": [
    {"name": "visa.mrz_mrva", "value": "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F2706306"},
    {"name": "visa.number_of_entries", "value": "2"},
    {"name": "visa.passport_number", "value": "L898902C3"}]})";
}

inline constexpr const char* k_vdsnc_description = R"({"format": "vds_nc", "data": {
  "hdr": {"t": "icao.vacc", "v": 1, "is": "UTO"},
  "msg": {"uvci": "U32870",
    "pid": {"n": "ERIKSSON ANNA MARIA", "dob": "1974-08-12", "sex": "F", "i": "L898902C3"},
    "ve": [{"des": "XM68M6", "nam": "Specimen vaccine", "dis": "RA01.0",
            "vd": [{"dvc": "2025-06-01", "seq": 1, "ctr": "UTO", "adm": "Utopia clinic",
                    "lot": "VC35679", "dvn": "2025-07-01"}]}]}}})";

// --- OpenSSL objects from PEM, for certificates and CRLs the specimen does not make ---

inline pki::detail::X509Ptr x509_of(const std::string& pem) {
  pki::detail::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  pki::detail::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE(cert);
  return cert;
}

inline pki::detail::EvpPkeyPtr key_of(const std::string& pem) {
  pki::detail::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  pki::detail::EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE(key);
  return key;
}

} // namespace mrtd::sealtest
