// chip::verify() in process on generated specimens: the verdict policy, one failing check per
// corruption (the CLI suite tests/cli/chip_verify_test.py covers crafted SODs and attacks), and
// the batch chain cache.

#include "chip/chip.hpp"
#include "chip/specimen.hpp"
#include "pki/trust_store.hpp"

#include <doctest/doctest.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>

#include <fstream>
#include <iterator>
#include <string>

using namespace mrtd;
using namespace mrtd::chip;

namespace {

constexpr UnixTime k_at = 1767225600; // 2026-01-01

std::string read_key(const std::string& name) {
  std::ifstream in(MRTD_SOURCE_DIR "/tests/gen/keys/" + name + ".TEST-ONLY.key.pem",
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

SpecimenOptions rsa_options() {
  SpecimenOptions options;
  options.keys.csca = read_key("rsa-csca");
  options.keys.dsc = read_key("rsa-dsc");
  options.keys.aa = read_key("rsa-aa");
  options.keys.foreign_csca = read_key("rsa-aa"); // any other RSA key
  return options;
}

ChipFiles files_of(const Specimen& specimen) {
  ChipFiles files;
  for (const auto& file : specimen.files) {
    if (file.name == "EF_SOD.bin") {
      files.sod = file.bytes;
    } else if (file.name == "EF_COM.bin") {
      files.com = file.bytes;
    } else if (file.name.rfind("DG", 0) == 0) {
      files.dgs.emplace(std::stoi(file.name.substr(2)), file.bytes);
    }
  }
  return files;
}

pki::TrustStore trust_of(const Specimen& specimen, bool with_crl = true) {
  pki::TrustStore trust;
  REQUIRE(trust.add(specimen.find("csca.pem")->bytes, "csca.pem"));
  if (with_crl) {
    REQUIRE(trust.add(specimen.find("crl.pem")->bytes, "crl.pem"));
  }
  return trust;
}

// EF.SOD with the SignerInfo's issuerAndSerialNumber issuer rewritten by `change` (the
// SignerIdentifier lies outside the signature, so the signature stays valid). OpenSSL's CMS
// code does the rewriting, independently of the verifier's own decoder.
template <typename Change> Bytes with_signer_issuer(const Bytes& sod, Change change) {
  const unsigned char* p = sod.data();
  long length = 0;
  int tag = 0;
  int xclass = 0;
  REQUIRE((ASN1_get_object(&p, &length, &tag, &xclass, static_cast<long>(sod.size())) & 0x80) ==
          0);
  CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, length);
  REQUIRE(cms != nullptr);
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
  X509_NAME* issuer = nullptr;
  REQUIRE(CMS_SignerInfo_get0_signer_id(si, nullptr, &issuer, nullptr) == 1);
  REQUIRE(issuer != nullptr);
  change(issuer);
  unsigned char* der = nullptr;
  const int size = i2d_CMS_ContentInfo(cms, &der);
  CMS_ContentInfo_free(cms);
  REQUIRE(size > 255);
  REQUIRE(size < 65536);
  Bytes out{0x77, 0x82, static_cast<std::uint8_t>(size >> 8), static_cast<std::uint8_t>(size)};
  out.insert(out.end(), der, der + size);
  OPENSSL_free(der);
  return out;
}

Status status_of(const Report& report, CheckId id) {
  const Check* check = report.verdict.find(id);
  REQUIRE(check != nullptr);
  return check->status;
}

} // namespace

TEST_SUITE("chip::verify") {
  TEST_CASE("a genuine specimen is valid, every check reported once, the SOD trusted") {
    const auto specimen = make_specimen(rsa_options());
    REQUIRE(specimen);
    const Report report = verify(files_of(*specimen), trust_of(*specimen), {k_at, {}, {}, {}});
    CHECK(report.verdict.outcome == Outcome::valid);
    CHECK(report.sod_trusted);
    CHECK(status_of(report, CheckId::chip_sod_signature) == Status::pass);
    CHECK(status_of(report, CheckId::chip_chain) == Status::pass);
    CHECK(status_of(report, CheckId::chip_revocation) == Status::pass);
    CHECK(status_of(report, CheckId::chip_country) == Status::pass);
    CHECK(status_of(report, CheckId::chip_dg1_hash) == Status::pass);
    CHECK(status_of(report, CheckId::chip_dg2_hash) == Status::pass);
    for (const auto& check : report.verdict.checks) {
      INFO(check_name(check.id));
      CHECK(check.status != Status::fail);
      CHECK((check.status == Status::pass || !check.message.empty()));
    }
    REQUIRE(report.certificates.size() == 2);
    CHECK(report.certificates[0].role == "dsc");
    CHECK(report.certificates[1].role == "csca");
    REQUIRE(report.mrz);
    CHECK(report.mrz->mrz->issuing_state == "UTO");
  }

  TEST_CASE("each corruption fails exactly the check it targets") {
    for (const Corruption corruption : all_corruptions()) {
      CAPTURE(to_string(corruption));
      SpecimenOptions options = rsa_options();
      options.corrupt.insert(corruption);
      // The expired DSC is judged after its end but before the CSCA's.
      if (corruption == Corruption::expired_dsc) {
        options.dsc_not_after = options.signing_time + 86400;
      }
      const auto specimen = make_specimen(options);
      REQUIRE(specimen);
      const Report report = verify(files_of(*specimen), trust_of(*specimen), {k_at, {}, {}, {}});
      CHECK(report.verdict.outcome == Outcome::invalid);
      const auto expected = find_check(expected_failing_check(corruption));
      REQUIRE(expected);
      CHECK(status_of(report, *expected) == Status::fail);
      // ... and nothing else, except that a SignerInfo without signed attributes is not
      // verified at all (its signature check fails too).
      for (const auto& check : report.verdict.checks) {
        if (check.status == Status::fail && check.id != *expected) {
          CHECK_MESSAGE((corruption == Corruption::no_signed_attributes &&
                         check.id == CheckId::chip_sod_signature),
                        "also failed: ", check_name(check.id), ": ", check.message);
        }
      }
      // Nothing read from a SOD whose signature failed is reported as trusted.
      if (status_of(report, CheckId::chip_sod_signature) == Status::fail) {
        CHECK_FALSE(report.sod_trusted);
        CHECK(status_of(report, CheckId::chip_dg1_hash) == Status::skip);
      }
    }
  }

  TEST_CASE("the SignerIdentifier's issuer is compared as a name, in any RDN order") {
    const auto specimen = make_specimen(rsa_options()); // issuerAndSerialNumber by default
    REQUIRE(specimen);
    const auto trust = trust_of(*specimen);
    auto files = files_of(*specimen);
    SUBCASE("the RDNs in reverse order: the embedded DSC still matches") {
      files.sod = with_signer_issuer(*files.sod, [](X509_NAME* name) {
        std::vector<X509_NAME_ENTRY*> entries;
        while (X509_NAME_entry_count(name) > 0) {
          entries.push_back(X509_NAME_delete_entry(name, 0));
        }
        REQUIRE(entries.size() >= 2);
        for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
          REQUIRE(X509_NAME_add_entry(name, *it, -1, 0) == 1);
          X509_NAME_ENTRY_free(*it);
        }
      });
      const Report report = verify(files, trust, {k_at, {}, {}, {}});
      CHECK(status_of(report, CheckId::chip_signer_certificate) == Status::pass);
      CHECK(report.verdict.outcome == Outcome::valid);
    }
    SUBCASE("an issuer that is no Name (a string value re-tagged INTEGER): malformed") {
      // The DSC's issuer is the CSCA's subject; its last copy in EF.SOD is the SignerInfo's.
      const Bytes& pem = specimen->find("csca.pem")->bytes;
      BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
      X509* csca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
      BIO_free(bio);
      REQUIRE(csca != nullptr);
      const X509_NAME* subject = X509_get_subject_name(csca);
      const unsigned char* der = nullptr;
      std::size_t size = 0;
      REQUIRE(X509_NAME_get0_der(subject, &der, &size) == 1);
      const Bytes name(der, der + size);
      const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, 0));
      Bytes field{static_cast<std::uint8_t>(ASN1_STRING_type(value)),
                  static_cast<std::uint8_t>(ASN1_STRING_length(value))};
      field.insert(field.end(), ASN1_STRING_get0_data(value),
                   ASN1_STRING_get0_data(value) + ASN1_STRING_length(value));
      X509_free(csca);
      Bytes& sod = *files.sod;
      const auto at = std::find_end(sod.begin(), sod.end(), name.begin(), name.end());
      REQUIRE(at != sod.end());
      const auto tag = std::search(at, at + static_cast<std::ptrdiff_t>(name.size()),
                                   field.begin(), field.end());
      REQUIRE(tag != at + static_cast<std::ptrdiff_t>(name.size()));
      *tag = 0x02;
      const Report report = verify(files, trust, {k_at, {}, {}, {}});
      CHECK(report.verdict.outcome == Outcome::error);
      REQUIRE(report.verdict.error);
      CHECK(report.verdict.error->code == ErrorCode::malformed);
      CHECK(report.verdict.error->message.find("issuer that is not a Name") != std::string::npos);
    }
    SUBCASE("another issuer: no match, the single embedded certificate is used with a warning") {
      files.sod = with_signer_issuer(*files.sod, [](X509_NAME* name) {
        REQUIRE(X509_NAME_add_entry_by_txt(name, "OU", MBSTRING_ASC,
                                           reinterpret_cast<const unsigned char*>("Other"), -1,
                                           -1, 0) == 1);
      });
      const Report report = verify(files, trust, {k_at, {}, {}, {}});
      const Check* signer = report.verdict.find(CheckId::chip_signer_certificate);
      REQUIRE(signer != nullptr);
      CHECK(signer->status == Status::warn);
      CHECK(signer->message.find("does not match the single embedded certificate") !=
            std::string::npos);
    }
  }

  TEST_CASE("no CSCA of the document's state: indeterminate, never valid") {
    const auto specimen = make_specimen(rsa_options());
    REQUIRE(specimen);
    const pki::TrustStore empty;
    const Report report = verify(files_of(*specimen), empty, {k_at, {}, {}, {}});
    CHECK(report.verdict.outcome == Outcome::indeterminate);
    CHECK(status_of(report, CheckId::chip_chain) == Status::skip);
    CHECK(status_of(report, CheckId::chip_sod_signature) == Status::pass);
  }

  TEST_CASE("an SOD alone proves nothing about the data groups: indeterminate") {
    const auto specimen = make_specimen(rsa_options());
    REQUIRE(specimen);
    ChipFiles files;
    files.sod = specimen->find("EF_SOD.bin")->bytes;
    const Report report = verify(files, trust_of(*specimen), {k_at, {}, {}, {}});
    CHECK(report.verdict.outcome == Outcome::indeterminate);
    CHECK(status_of(report, CheckId::chip_dg1_hash) == Status::skip);
  }

  TEST_CASE("no SOD, or bytes that are not one: an error verdict without checks") {
    const pki::TrustStore empty;
    CHECK(verify(ChipFiles{}, empty, {k_at, {}, {}, {}}).verdict.outcome == Outcome::error);
    ChipFiles garbage;
    garbage.sod = Bytes{0x77, 0x84, 0x80, 0x00, 0x00, 0x00, 0x30};
    const Report report = verify(garbage, empty, {k_at, {}, {}, {}});
    CHECK(report.verdict.outcome == Outcome::error);
    CHECK(report.verdict.checks.empty());
    REQUIRE(report.verdict.error);
    CHECK(report.verdict.error->code == ErrorCode::malformed);
  }

  TEST_CASE("the printed MRZ must equal DG1") {
    const auto specimen = make_specimen(rsa_options());
    REQUIRE(specimen);
    std::string printed = specimen->mrz_lines.at(0) + "\n" + specimen->mrz_lines.at(1);
    VerifyOptions options{k_at, printed, {}, {}};
    const auto trust = trust_of(*specimen);
    CHECK(status_of(verify(files_of(*specimen), trust, options), CheckId::chip_mrz_match) ==
          Status::pass);
    printed[5] = printed[5] == 'X' ? 'Y' : 'X';
    options.printed_mrz = printed;
    const Report report = verify(files_of(*specimen), trust, options);
    CHECK(status_of(report, CheckId::chip_mrz_match) == Status::fail);
    CHECK(report.verdict.outcome == Outcome::invalid);
  }

  TEST_CASE("the chain cache answers repeated DSCs and gives the same verdict") {
    const auto specimen = make_specimen(rsa_options());
    REQUIRE(specimen);
    const auto files = files_of(*specimen);
    const auto trust = trust_of(*specimen);
    ChainCache cache;
    const Report first = verify(files, trust, {k_at, {}, {}, {}}, &cache);
    const Report second = verify(files, trust, {k_at, {}, {}, {}}, &cache);
    const Report uncached = verify(files, trust, {k_at, {}, {}, {}});
    CHECK(cache.misses() == 1);
    CHECK(cache.hits() == 1);
    REQUIRE(second.verdict.checks.size() == uncached.verdict.checks.size());
    for (std::size_t i = 0; i < second.verdict.checks.size(); ++i) {
      CHECK(second.verdict.checks[i].status == uncached.verdict.checks[i].status);
      CHECK(second.verdict.checks[i].message == uncached.verdict.checks[i].message);
    }
    CHECK(first.verdict.outcome == Outcome::valid);
    // A forged signature (EF.SOD's last byte is the signature's) fails with the cache's kept
    // verification context as without it, and the genuine document stays valid after it.
    for (const bool ecdsa : {false, true}) {
      CAPTURE(ecdsa);
      SpecimenOptions options = rsa_options();
      if (ecdsa) {
        options = SpecimenOptions{};
        options.algorithm = SpecimenAlgorithm::ecdsa_p256;
      }
      const auto made = make_specimen(options);
      REQUIRE(made);
      const auto genuine = files_of(*made);
      const auto store = trust_of(*made);
      ChainCache shared;
      CHECK(verify(genuine, store, {k_at, {}, {}, {}}, &shared).verdict.outcome ==
            Outcome::valid);
      auto forged = genuine;
      forged.sod->back() ^= 0x01;
      const Report rejected = verify(forged, store, {k_at, {}, {}, {}}, &shared);
      CHECK(status_of(rejected, CheckId::chip_sod_signature) == Status::fail);
      CHECK(rejected.verdict.outcome == Outcome::invalid);
      CHECK(verify(genuine, store, {k_at, {}, {}, {}}, &shared).verdict.outcome ==
            Outcome::valid);
    }
    // Another verification time is another cache entry (time is part of the key).
    const Report later = verify(files, trust, {k_at + 10 * 365 * 86400L, {}, {}, {}}, &cache);
    CHECK(cache.misses() == 2);
    CHECK(status_of(later, CheckId::chip_time_dsc) == Status::fail);
  }
}
