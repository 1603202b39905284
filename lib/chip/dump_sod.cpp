// EF.SOD as `chip dump` shows it: what the SOD says, decoded by detail::parse_sod() and not
// verified (chip::verify() judges it).

#include "chip/detail/dump_parts.hpp"
#include "chip/detail/sod.hpp"
#include "core/date.hpp"
#include "pki/detail/name.hpp"

#include <openssl/err.h>
#include <openssl/objects.h>

#include <climits>

namespace mrtd::chip::detail {

namespace {

std::string algorithm_name(const X509_ALGOR* algorithm) {
  if (algorithm == nullptr) {
    return "";
  }
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, algorithm);
  char buffer[128];
  const int nid = OBJ_obj2nid(oid);
  if (nid == NID_rsassaPss) {
    return "RSASSA-PSS";
  }
  if (const EVP_MD* md = EVP_get_digestbyobj(oid); md != nullptr && EVP_MD_get_type(md) == nid) {
    return digest_name(md); // `SHA-256` as in the rest of the dump
  }
  if (nid != NID_undef) {
    return OBJ_nid2ln(nid);
  }
  const int size = OBJ_obj2txt(buffer, sizeof buffer, oid, 1);
  return size > 0 && static_cast<std::size_t>(size) < sizeof buffer ? buffer : "";
}

} // namespace

std::string signer_identifier(const SodSigner& si, pki::detail::NameTextMemo* names) {
  if (si.key_id != nullptr) {
    return "subjectKeyIdentifier: " +
           hex(ByteView(ASN1_STRING_get0_data(si.key_id),
                        static_cast<std::size_t>(ASN1_STRING_length(si.key_id))));
  }
  if (si.serial == nullptr) {
    return "";
  }
  std::string issuer;
  if (names != nullptr) {
    issuer = names->text(si.issuer.data(), si.issuer.size());
  } else {
    const auto name = pki::detail::decode_name(si.issuer.data(), si.issuer.size());
    issuer = name ? pki::detail::name_to_string(name.get()) : "?";
  }
  pki::detail::BignumPtr bn(ASN1_INTEGER_to_BN(si.serial, nullptr));
  char* serial_hex = bn ? BN_bn2hex(bn.get()) : nullptr;
  std::string text =
      "issuerAndSerialNumber: " + issuer + ", " + (serial_hex != nullptr ? serial_hex : "?");
  OPENSSL_free(serial_hex);
  return text;
}

Result<SodDump> dump_sod(ByteView file) {
  auto parsed = parse_sod(file);
  if (!parsed) {
    return parsed.error();
  }
  const ParsedSod& sod = *parsed;
  SodDump out;
  SodSummary& summary = out.summary;
  summary.content_type = sod.content_type;
  out.content_type_name = oid_name(sod.content_type);
  out.signer_count = sod.signer_count;
  out.problems = sod.lso_problems;
  if (sod.lso_error) {
    out.problems.push_back("LDSSecurityObject: " + *sod.lso_error);
  }
  summary.lds_security_object_version = static_cast<int>(sod.lso_version);
  summary.lds_version = sod.lds_version;
  summary.unicode_version = sod.unicode_version;
  summary.hash_algorithm = sod.hash != nullptr ? digest_name(sod.hash) : sod.hash_oid;
  for (const auto& [dg, value] : sod.dg_hashes) {
    summary.dg_hashes.emplace(dg, hex(value));
  }
  if (sod.signer) {
    summary.digest_algorithm = algorithm_name(sod.signer->parts.digest);
    summary.signature_algorithm = algorithm_name(sod.signer->parts.signature_algorithm);
    if (const auto time = pki::detail::signing_time(sod.signer->parts.signed_attributes)) {
      summary.signing_time = to_iso_instant(*time);
    }
    summary.signer_identifier = signer_identifier(*sod.signer);
  }
  for (const auto& cert : sod.certificates) {
    unsigned char* der = nullptr;
    const int size = i2d_X509(cert.get(), &der);
    if (size <= 0) {
      ERR_clear_error();
      out.problems.push_back("an embedded certificate does not re-encode");
      continue;
    }
    auto info = pki::describe_certificate(ByteView(der, static_cast<std::size_t>(size)));
    OPENSSL_free(der);
    if (info) {
      out.certificates.push_back(std::move(*info));
    } else {
      out.problems.push_back("embedded certificate: " + info.error().message);
    }
  }
  return out;
}

} // namespace mrtd::chip::detail
