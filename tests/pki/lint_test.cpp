#include "pki/detail/certificate.hpp"
#include "test_pki.hpp"

#include "pki/lint.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>

namespace mrtd::pki::test {
namespace {

// A conformant extension set per Doc 9303-12 Table 6, as (name or OID, value) pairs for
// X509V3_EXT_nconf; values "DER:..." give raw contents for what the config syntax cannot say.
using Extensions = std::vector<std::pair<std::string, std::string>>;

// GeneralNames { directoryName { L=UTO } } and DocumentTypeList { v0, { "P" } }.
const std::string k_alt_name = "DER:3012A410300E310C300A0603550407130355544F";
const std::string k_document_types = "DER:30080201003103130150";
const std::string k_cdp = "URI:https://pkddownload1.icao.int/CRLs/UTO.crl";

struct Spec {
  std::string subject = "C=UT,O=Utopia,CN=Utopia Document Signer";
  long serial = 7;
  bool v1 = false;
  std::time_t not_before = k_2025;
  std::time_t not_after = k_2025 + 10L * 365 * 86400;
  Extensions extensions;
  const EVP_MD* md = EVP_sha256();
  EVP_PKEY* key = nullptr; ///< default: explicit brainpoolP256r1
};

Extensions csca_extensions() {
  return {{"basicConstraints", "critical,CA:TRUE,pathlen:0"},
          {"keyUsage", "critical,keyCertSign,cRLSign"},
          {"subjectKeyIdentifier", "hash"},
          {"authorityKeyIdentifier", "keyid:always"},
          {"crlDistributionPoints", k_cdp},
          {"2.5.29.17", k_alt_name},
          {"2.5.29.18", k_alt_name}};
}

Extensions dsc_extensions() {
  return {{"keyUsage", "critical,digitalSignature"},
          {"subjectKeyIdentifier", "hash"},
          {"authorityKeyIdentifier", "keyid:always"},
          {"crlDistributionPoints", k_cdp},
          {"2.5.29.17", k_alt_name},
          {"2.5.29.18", k_alt_name},
          {"2.23.136.1.1.6.2", k_document_types}};
}

EVP_PKEY* default_key(int slot) {
  return cached_key("brainpoolP256r1", slot, true);
}

// The CSCA every test DSC is issued by.
const X509* test_csca() {
  static X509Ptr csca;
  if (!csca) {
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    const X509NamePtr name = make_name("C=UT,O=Utopia,CN=Utopia CSCA");
    X509_set_subject_name(cert.get(), name.get());
    X509_set_issuer_name(cert.get(), name.get());
    ASN1_TIME_set(X509_getm_notBefore(cert.get()), k_2025);
    ASN1_TIME_set(X509_getm_notAfter(cert.get()), k_2025 + 15L * 365 * 86400);
    X509_set_pubkey(cert.get(), default_key(0));
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (const auto& [name_, value] : csca_extensions()) {
      X509_EXTENSION* extension = X509V3_EXT_nconf(nullptr, &ctx, name_.c_str(), value.c_str());
      X509_add_ext(cert.get(), extension, -1);
      X509_EXTENSION_free(extension);
    }
    X509_sign(cert.get(), default_key(0), EVP_sha256());
    csca = std::move(cert);
  }
  return csca.get();
}

// A certificate from `spec`, issued by the test CSCA unless `self_signed`.
Bytes build(const Spec& spec, bool self_signed = false) {
  X509Ptr cert(X509_new());
  EVP_PKEY* key = spec.key != nullptr ? spec.key : default_key(self_signed ? 0 : 1);
  if (!spec.v1) {
    X509_set_version(cert.get(), X509_VERSION_3);
  }
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), spec.serial);
  const X509NamePtr subject = make_name(spec.subject);
  X509_set_subject_name(cert.get(), subject.get());
  const X509* issuer = self_signed ? cert.get() : test_csca();
  X509_set_issuer_name(cert.get(), self_signed ? subject.get() : X509_get_subject_name(issuer));
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), spec.not_before);
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), spec.not_after);
  X509_set_pubkey(cert.get(), key);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, const_cast<X509*>(issuer), cert.get(), nullptr, nullptr, 0);
  for (const auto& [name, value] : spec.extensions) {
    X509_EXTENSION* extension = X509V3_EXT_nconf(nullptr, &ctx, name.c_str(), value.c_str());
    REQUIRE_MESSAGE(extension != nullptr, (name + "=" + value));
    X509_add_ext(cert.get(), extension, -1);
    X509_EXTENSION_free(extension);
  }
  X509_sign(cert.get(), self_signed ? key : default_key(0), spec.md);
  return to_der(cert.get());
}

Spec csca_spec() {
  Spec spec;
  spec.subject = "C=UT,O=Utopia,CN=Utopia CSCA";
  spec.not_after = k_2025 + 15L * 365 * 86400;
  spec.extensions = csca_extensions();
  return spec;
}

Spec dsc_spec() {
  Spec spec;
  spec.extensions = dsc_extensions();
  return spec;
}

Extensions without(Extensions extensions, const std::string& name) {
  std::erase_if(extensions, [&](const auto& e) { return e.first == name; });
  return extensions;
}

Extensions replaced(Extensions extensions, const std::string& name, const std::string& value) {
  for (auto& e : extensions) {
    if (e.first == name) {
      e.second = value;
    }
  }
  return extensions;
}

X509Ptr reparse_der(const Bytes& der) {
  return parse_der_certificate(der);
}

constexpr UnixTime k_at = k_2025 + 86400 * 30;

LintReport lint(const Bytes& der, LintProfile profile = LintProfile::automatic,
                UnixTime at = k_at) {
  return lint_certificate(der, LintOptions{profile, at});
}

Status status_of(const LintReport& report, CheckId id) {
  const Check* check = report.verdict.find(id);
  REQUIRE_MESSAGE(check != nullptr, std::string(check_name(id)));
  return check->status;
}

std::string message_of(const LintReport& report, CheckId id) {
  const Check* check = report.verdict.find(id);
  return check != nullptr ? check->message : std::string();
}

// Each lint check of `report`, with the failing and warning ones listed for messages.
std::string problems(const LintReport& report) {
  std::string text;
  for (const auto& check : report.verdict.checks) {
    if (check.status == Status::fail || check.status == Status::warn) {
      text += std::string(check_name(check.id)) + " " + to_string(check.status) + ": " +
              check.message + "\n";
    }
  }
  return text;
}

#define CHECK_STATUS(report, id, expected)                                                         \
  CHECK_MESSAGE(status_of(report, CheckId::id) == Status::expected, message_of(report, CheckId::id))

} // namespace

TEST_SUITE("pki::lint") {
  TEST_CASE("a conformant CSCA and DSC pass every check") {
    const LintReport csca = lint(build(csca_spec(), true));
    CHECK(csca.profile == LintProfile::csca);
    CHECK(csca.profile_detected);
    const LintReport dsc = lint(build(dsc_spec()));
    CHECK(dsc.profile == LintProfile::dsc);
    for (const auto* report : {&csca, &dsc}) {
      CAPTURE(problems(*report));
      CHECK(report->verdict.outcome == Outcome::valid);
      CHECK(report->verdict.checks.size() == 16);
      for (const auto& check : report->verdict.checks) {
        CAPTURE(check_name(check.id));
        CHECK(check.status == Status::pass);
        CHECK(check_name(check.id).substr(0, 9) == "pki.lint.");
      }
    }
  }

  TEST_CASE("profiles are detected from EKU, CA flag and self-signedness") {
    Spec ml = dsc_spec();
    ml.extensions = without(ml.extensions, "2.23.136.1.1.6.2");
    ml.extensions.emplace_back("extendedKeyUsage", "critical,2.23.136.1.1.3");
    CHECK(lint(build(ml)).profile == LintProfile::mlsigner);
    CHECK(lint(build(ml)).verdict.outcome == Outcome::valid);
    Spec dl = ml;
    dl.extensions.back().second = "critical,2.23.136.1.1.8";
    CHECK(lint(build(dl)).profile == LintProfile::dlsigner);
    Spec link = csca_spec();
    link.subject = "C=UT,O=Utopia,CN=Utopia CSCA";
    link.key = default_key(2); // new key, signed by the old CSCA key: a link certificate
    const LintReport link_report = lint(build(link));
    CHECK(link_report.profile == LintProfile::link);
    CAPTURE(problems(link_report));
    CHECK(link_report.verdict.outcome == Outcome::valid);
    const LintReport forced = lint(build(dsc_spec()), LintProfile::csca);
    CHECK(forced.profile == LintProfile::csca);
    CHECK_FALSE(forced.profile_detected);
    CHECK(forced.verdict.outcome == Outcome::invalid);
  }

  TEST_CASE("profile names round-trip") {
    for (const auto profile :
         {LintProfile::automatic, LintProfile::csca, LintProfile::link, LintProfile::dsc,
          LintProfile::mlsigner, LintProfile::dlsigner, LintProfile::barcode_signer}) {
      CHECK(parse_lint_profile(to_string(profile)) == profile);
    }
    CHECK_FALSE(parse_lint_profile("root").has_value());
  }

  TEST_CASE("version: v1 fails") {
    Spec spec = dsc_spec();
    spec.v1 = true;
    spec.extensions.clear();
    const LintReport report = lint(build(spec));
    CHECK_STATUS(report, pki_lint_version, fail);
    CHECK_STATUS(report, pki_lint_extensions, fail); // no extensions at all
    CHECK(report.verdict.outcome == Outcome::invalid);
  }

  TEST_CASE("serial: negative and zero fail") {
    Spec spec = dsc_spec();
    spec.serial = -5;
    CHECK_STATUS(lint(build(spec)), pki_lint_serial, fail);
    spec.serial = 0;
    CHECK_STATUS(lint(build(spec)), pki_lint_serial, fail);
  }

  TEST_CASE("signature_algorithm: SHA-1 warns, MD5 fails") {
    Spec spec = dsc_spec();
    spec.md = EVP_sha1();
    CHECK_STATUS(lint(build(spec)), pki_lint_signature_algorithm, warn);
    spec.md = EVP_md5();
    spec.key = cached_key("rsa");
    // MD5 needs an RSA signer: a self-signed RSA DSC-shaped certificate, linted as a DSC.
    const Bytes der = build(spec, true);
    CHECK_STATUS(lint(der, LintProfile::dsc), pki_lint_signature_algorithm, fail);
  }

  TEST_CASE("key_size: short RSA keys warn or fail, named curves warn") {
    Spec spec = dsc_spec();
    static EvpPkeyPtr rsa1024(EVP_RSA_gen(1024));
    static EvpPkeyPtr rsa512(EVP_RSA_gen(512));
    spec.key = rsa1024.get();
    CHECK_STATUS(lint(build(spec)), pki_lint_key_size, warn);
    spec.key = rsa512.get();
    CHECK_STATUS(lint(build(spec)), pki_lint_key_size, fail);
    spec.key = cached_key("prime256v1");
    const LintReport named = lint(build(spec));
    CHECK_STATUS(named, pki_lint_key_size, warn);
    CHECK(message_of(named, CheckId::pki_lint_key_size).find("explicit") != std::string::npos);
    spec.key = cached_key("rsa");
    CHECK_STATUS(lint(build(spec)), pki_lint_key_size, pass);
  }

  TEST_CASE("key_usage: absent, non-critical or extra bits fail") {
    Spec spec = dsc_spec();
    spec.extensions = without(spec.extensions, "keyUsage");
    CHECK_STATUS(lint(build(spec)), pki_lint_key_usage, fail);
    spec.extensions = replaced(dsc_extensions(), "keyUsage", "digitalSignature");
    CHECK_STATUS(lint(build(spec)), pki_lint_key_usage, fail);
    spec.extensions =
        replaced(dsc_extensions(), "keyUsage", "critical,digitalSignature,nonRepudiation");
    CHECK_STATUS(lint(build(spec)), pki_lint_key_usage, fail);
    Spec csca = csca_spec();
    csca.extensions = replaced(csca.extensions, "keyUsage", "critical,keyCertSign");
    CHECK_STATUS(lint(build(csca, true)), pki_lint_key_usage, fail);
  }

  TEST_CASE("basic_constraints: CSCA needs critical cA TRUE pathLen 0; DSC should omit it") {
    Spec csca = csca_spec();
    csca.extensions = replaced(csca.extensions, "basicConstraints", "critical,CA:TRUE");
    CHECK_STATUS(lint(build(csca, true), LintProfile::csca), pki_lint_basic_constraints, fail);
    csca.extensions = replaced(csca_extensions(), "basicConstraints", "CA:TRUE,pathlen:0");
    CHECK_STATUS(lint(build(csca, true)), pki_lint_basic_constraints, fail);
    csca.extensions = replaced(csca_extensions(), "basicConstraints", "critical,CA:TRUE,pathlen:1");
    CHECK_STATUS(lint(build(csca, true)), pki_lint_basic_constraints, fail);
    Spec dsc = dsc_spec();
    dsc.extensions.emplace_back("basicConstraints", "critical,CA:FALSE");
    CHECK_STATUS(lint(build(dsc)), pki_lint_basic_constraints, warn);
    dsc.extensions.back().second = "critical,CA:TRUE";
    CHECK_STATUS(lint(build(dsc), LintProfile::dsc), pki_lint_basic_constraints, fail);
  }

  TEST_CASE("ski: mandatory on a CSCA and an OCTET STRING") {
    Spec csca = csca_spec();
    csca.extensions = without(csca.extensions, "subjectKeyIdentifier");
    csca.extensions = without(csca.extensions, "authorityKeyIdentifier");
    CHECK_STATUS(lint(build(csca, true)), pki_lint_ski, fail);
    Spec dsc = dsc_spec();
    dsc.extensions = replaced(dsc.extensions, "subjectKeyIdentifier", "DER:0102030405");
    CHECK_STATUS(lint(build(dsc)), pki_lint_ski, fail);
    dsc.extensions = without(dsc_extensions(), "subjectKeyIdentifier");
    CHECK_STATUS(lint(build(dsc)), pki_lint_ski, pass); // optional on a DSC
  }

  TEST_CASE("aki: mandatory on a DSC, with a keyIdentifier") {
    Spec dsc = dsc_spec();
    dsc.extensions = without(dsc.extensions, "authorityKeyIdentifier");
    CHECK_STATUS(lint(build(dsc)), pki_lint_aki, fail);
    dsc.extensions = replaced(dsc_extensions(), "authorityKeyIdentifier", "issuer:always");
    CHECK_STATUS(lint(build(dsc)), pki_lint_aki, fail);
    Spec csca = csca_spec();
    csca.extensions = without(csca.extensions, "authorityKeyIdentifier");
    CHECK_STATUS(lint(build(csca, true)), pki_lint_aki, pass); // optional when self-signed
  }

  TEST_CASE(
      "validity: reversed period fails, overlong DSC warns, GeneralizedTime before 2050 fails") {
    Spec dsc = dsc_spec();
    dsc.not_after = dsc.not_before - 86400;
    CHECK_STATUS(lint(build(dsc)), pki_lint_validity, fail);
    dsc.not_after = k_2025 + 12L * 365 * 86400;
    CHECK_STATUS(lint(build(dsc)), pki_lint_validity, warn);
    // GeneralizedTime for a 2025 date: built by hand on a certificate, re-signed.
    X509Ptr cert = reparse_der(build(dsc_spec()));
    ASN1_GENERALIZEDTIME_set(X509_getm_notBefore(cert.get()), k_2025);
    X509_sign(cert.get(), default_key(0), EVP_sha256());
    CHECK_STATUS(lint(to_der(cert.get())), pki_lint_validity, fail);
  }

  TEST_CASE("country: lower case, mismatch and unknown codes fail") {
    Spec dsc = dsc_spec();
    dsc.subject = "C=ut,O=Utopia,CN=DS";
    CHECK_STATUS(lint(build(dsc)), pki_lint_country, fail);
    dsc.subject = "C=DE,O=Utopia,CN=DS";
    CHECK_STATUS(lint(build(dsc)), pki_lint_country, fail);
    dsc.subject = "C=QQ,O=Q,CN=DS";
    CHECK_STATUS(lint(build(dsc, true), LintProfile::dsc), pki_lint_country, fail);
  }

  TEST_CASE("issuer_subject: commonName is required; a DSC is not self-issued") {
    Spec dsc = dsc_spec();
    dsc.subject = "C=UT,O=Utopia,OU=Document Signer";
    CHECK_STATUS(lint(build(dsc)), pki_lint_issuer_subject, fail);
    dsc.subject = "C=UT,O=Utopia,CN=Utopia CSCA";
    CHECK_STATUS(lint(build(dsc)), pki_lint_issuer_subject, fail);
  }

  TEST_CASE("extensions: unknown critical, prohibited and misplaced extensions") {
    Spec dsc = dsc_spec();
    dsc.extensions.emplace_back("1.2.3.4.5", "critical,DER:0500");
    const LintReport unknown = lint(build(dsc));
    CHECK_STATUS(unknown, pki_lint_extensions, fail);
    CHECK(message_of(unknown, CheckId::pki_lint_extensions).find("1.2.3.4.5") != std::string::npos);
    dsc.extensions = dsc_extensions();
    dsc.extensions.emplace_back("2.5.29.19", "critical,DER:3000"); // only default values
    CHECK_STATUS(lint(build(dsc)), pki_lint_extensions, fail);
    dsc.extensions = dsc_extensions();
    dsc.extensions.emplace_back("extendedKeyUsage", "clientAuth");
    CHECK_STATUS(lint(build(dsc)), pki_lint_extensions, warn);
    dsc.extensions = dsc_extensions();
    dsc.extensions.emplace_back("policyConstraints", "requireExplicitPolicy:0");
    CHECK_STATUS(lint(build(dsc)), pki_lint_extensions, fail);
    dsc.extensions = dsc_extensions();
    dsc.extensions.emplace_back("2.23.136.1.1.6.1", "DER:0500"); // nameChange on a DSC
    CHECK_STATUS(lint(build(dsc)), pki_lint_extensions, fail);
    Spec ml = dsc_spec();
    ml.extensions = without(ml.extensions, "2.23.136.1.1.6.2");
    ml.extensions.emplace_back("extendedKeyUsage", "2.23.136.1.1.3"); // not critical
    CHECK_STATUS(lint(build(ml)), pki_lint_extensions, fail);
    Spec csca = csca_spec();
    csca.extensions.emplace_back("2.23.136.1.1.6.1", "DER:0500");
    CHECK_STATUS(lint(build(csca, true)), pki_lint_extensions, pass);
  }

  TEST_CASE("crl_distribution_points: absent warns, critical or non-URL fails") {
    Spec dsc = dsc_spec();
    dsc.extensions = without(dsc.extensions, "crlDistributionPoints");
    CHECK_STATUS(lint(build(dsc)), pki_lint_crl_distribution_points, warn);
    dsc.extensions = replaced(dsc_extensions(), "crlDistributionPoints", "critical," + k_cdp);
    CHECK_STATUS(lint(build(dsc)), pki_lint_crl_distribution_points, fail);
    dsc.extensions =
        replaced(dsc_extensions(), "crlDistributionPoints", "URI:ftp://pkd.example/UTO.crl");
    CHECK_STATUS(lint(build(dsc)), pki_lint_crl_distribution_points, fail);
  }

  TEST_CASE("alt_names: absent warns; wrong directoryName, critical or unequal on a CSCA fails") {
    Spec dsc = dsc_spec();
    dsc.extensions = without(without(dsc.extensions, "2.5.29.17"), "2.5.29.18");
    CHECK_STATUS(lint(build(dsc)), pki_lint_alt_names, warn);
    // directoryName { CN=UTO } instead of L=UTO
    dsc.extensions =
        replaced(dsc_extensions(), "2.5.29.17", "DER:3012A410300E310C300A0603550403130355544F");
    CHECK_STATUS(lint(build(dsc)), pki_lint_alt_names, fail);
    dsc.extensions = replaced(dsc_extensions(), "2.5.29.17", "critical," + k_alt_name);
    CHECK_STATUS(lint(build(dsc)), pki_lint_alt_names, fail);
    Spec csca = csca_spec();
    csca.extensions =
        replaced(csca_extensions(), "2.5.29.18", "DER:3010A40E300C310A30080603550407130144");
    CHECK_STATUS(lint(build(csca, true)), pki_lint_alt_names, fail); // "D" vs "UTO": unequal
  }

  TEST_CASE("document_type_list: absent on a DSC warns; critical or on a CSCA fails") {
    Spec dsc = dsc_spec();
    dsc.extensions = without(dsc.extensions, "2.23.136.1.1.6.2");
    CHECK_STATUS(lint(build(dsc)), pki_lint_document_type_list, warn);
    dsc.extensions = replaced(dsc_extensions(), "2.23.136.1.1.6.2", "critical," + k_document_types);
    CHECK_STATUS(lint(build(dsc)), pki_lint_document_type_list, fail);
    Spec csca = csca_spec();
    csca.extensions.emplace_back("2.23.136.1.1.6.2", k_document_types);
    CHECK_STATUS(lint(build(csca, true)), pki_lint_document_type_list, fail);
  }

  TEST_CASE("time: outside the validity warns, never fails (lint is about form)") {
    const Bytes der = build(dsc_spec());
    CHECK_STATUS(lint(der, LintProfile::automatic, k_2035 + 86400 * 365), pki_lint_time, warn);
    CHECK_STATUS(lint(der, LintProfile::automatic, k_2020), pki_lint_time, warn);
    CHECK(lint(der, LintProfile::automatic, k_2020).verdict.outcome == Outcome::valid);
  }

  TEST_CASE("bad input gives an error verdict") {
    const Bytes garbage{0x30, 0x03, 0x02, 0x01};
    const LintReport report = lint(garbage);
    CHECK(report.verdict.outcome == Outcome::error);
    CHECK(report.verdict.checks.empty());
    CHECK_FALSE(report.certificate.has_value());
    Bytes trailing = build(dsc_spec());
    trailing.push_back(0);
    CHECK(lint(trailing).verdict.outcome == Outcome::error);
  }

  TEST_CASE("split_certificates reads DER and multi-certificate PEM") {
    const Bytes dsc = build(dsc_spec());
    const auto der = split_certificates(dsc);
    REQUIRE(der);
    CHECK(der->size() == 1);
    const std::string pem = to_pem(test_csca()) + "some text\n" + to_pem(reparse_der(dsc).get());
    const auto both = split_certificates(bytes_of(pem));
    REQUIRE(both);
    REQUIRE(both->size() == 2);
    CHECK((*both)[1] == dsc);
    CHECK_FALSE(split_certificates(bytes_of("-----BEGIN X509 CRL-----\n-----END X509 CRL-----\n")));
    CHECK_FALSE(split_certificates(bytes_of("hello")));
  }

  TEST_CASE("corpus: real CSCAs and DSCs lint without unexpected failures") {
    const auto dir = corpus_dir() / "gmrtd" / "sod";
    if (!std::filesystem::exists(dir)) {
      MESSAGE("corpus absent, skipped");
      return;
    }
    // Failures that agree with ICAO: US certificates have no commonName (ICAO PKD flags them
    // ERR:*.ISS.34 / SUB.34 in collection 003); NZ's CSCA name has none either.
    const std::map<std::string, std::set<std::string>> expected = {
        {"NZ/csca.der", {"pki.lint.issuer_subject"}},
        {"NZ/dsc.der", {"pki.lint.issuer_subject"}},
        {"US/csca.der", {"pki.lint.issuer_subject"}},
        {"US/dsc.der", {"pki.lint.issuer_subject"}}};
    int linted = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      for (const char* file : {"csca.der", "dsc.der"}) {
        const auto path = entry.path() / file;
        const auto der = read_file(path);
        if (!der) {
          continue;
        }
        const std::string key = entry.path().filename().string() + "/" + file;
        CAPTURE(key);
        const LintReport report = lint(*der);
        REQUIRE(report.verdict.outcome != Outcome::error);
        std::set<std::string> failed;
        for (const auto& check : report.verdict.checks) {
          if (check.status == Status::fail) {
            failed.insert(std::string(check_name(check.id)));
          }
        }
        const auto it = expected.find(key);
        CHECK_MESSAGE(failed == (it == expected.end() ? std::set<std::string>{} : it->second),
                      problems(report));
        CHECK(report.profile ==
              (std::string(file) == "dsc.der" ? LintProfile::dsc : report.profile));
        ++linted;
      }
    }
    CHECK(linted >= 20);
  }
}

} // namespace mrtd::pki::test
