// Certificate profile lint against ICAO Doc 9303-12 §7.1 (see lint.hpp).
//
// The form rules (explicitly encoded defaults, string types, time encodings, OCTET STRING
// wrappers) are invisible once OpenSSL has decoded a certificate, so the checks read the DER
// itself with the small walker of detail/lint_der.hpp; OpenSSL decodes the key and the named
// fields (CertificateInfo) and decides self-signedness. The checks live in lint_fields.cpp and
// lint_extensions.cpp (detail/lint_checks.hpp); this file picks the profile and runs them.

#include "pki/lint.hpp"

#include "pki/detail/certificate.hpp"
#include "pki/detail/lint_checks.hpp"
#include "pki/detail/name.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <algorithm>
#include <string>

namespace mrtd::pki {

namespace {

using namespace detail::der;
using namespace detail::lint;

LintProfile detect_profile(const CertificateInfo& info) {
  const auto has_eku = [&](std::string_view oid) {
    return std::find(info.extended_key_usage.begin(), info.extended_key_usage.end(), oid) !=
           info.extended_key_usage.end();
  };
  if (has_eku(k_eku_master_list)) {
    return LintProfile::mlsigner;
  }
  if (has_eku(k_eku_deviation_list)) {
    return LintProfile::dlsigner;
  }
  if (has_eku(k_eku_vds_signer)) {
    return LintProfile::barcode_signer;
  }
  const bool cert_sign = std::find(info.key_usage.begin(), info.key_usage.end(), "keyCertSign") !=
                         info.key_usage.end();
  if (info.is_ca || cert_sign) {
    return info.self_signed ? LintProfile::csca : LintProfile::link;
  }
  return LintProfile::dsc;
}

} // namespace

std::string_view to_string(LintProfile profile) noexcept {
  switch (profile) {
  case LintProfile::automatic:
    return "auto";
  case LintProfile::csca:
    return "csca";
  case LintProfile::link:
    return "link";
  case LintProfile::dsc:
    return "dsc";
  case LintProfile::mlsigner:
    return "mlsigner";
  case LintProfile::dlsigner:
    return "dlsigner";
  case LintProfile::barcode_signer:
    return "barcode-signer";
  }
  return "auto";
}

std::optional<LintProfile> parse_lint_profile(std::string_view name) noexcept {
  for (const auto profile :
       {LintProfile::automatic, LintProfile::csca, LintProfile::link, LintProfile::dsc,
        LintProfile::mlsigner, LintProfile::dlsigner, LintProfile::barcode_signer}) {
    if (to_string(profile) == name) {
      return profile;
    }
  }
  return std::nullopt;
}

LintReport lint_certificate(ByteView der, const LintOptions& options) {
  LintReport report;
  const detail::X509Ptr cert = detail::parse_der_certificate(der);
  if (!cert) {
    report.verdict = error_verdict(make_error(ErrorCode::malformed, "not a DER X.509 certificate"));
    return report;
  }
  // OpenSSL accepts some BER; the walker insists on the shapes DER gives.
  const std::optional<RawCertificate> raw = walk_certificate(der);
  if (!raw) {
    report.verdict = error_verdict(make_error(
        ErrorCode::malformed, "the certificate is not DER with the X.509 v1-v3 structure"));
    return report;
  }
  const auto issuer = name_attributes(raw->issuer.value);
  const auto subject = name_attributes(raw->subject.value);
  if (!issuer || !subject) {
    report.verdict =
        error_verdict(make_error(ErrorCode::malformed, "issuer or subject is not a Name"));
    return report;
  }
  report.certificate = detail::describe(cert.get());
  const CertificateInfo& info = *report.certificate;
  report.profile_detected = options.profile == LintProfile::automatic;
  report.profile = report.profile_detected ? detect_profile(info) : options.profile;

  const Subject s{*raw, info, report.profile, options.at};
  Verdict& verdict = report.verdict;
  check_version(verdict, s);
  check_serial(verdict, s);
  check_signature_algorithm(verdict, s);
  check_key_size(verdict, s);
  check_key_usage(verdict, s);
  check_basic_constraints(verdict, s);
  check_ski(verdict, s);
  check_aki(verdict, s);
  check_validity(verdict, s);
  check_country(verdict, *issuer, *subject);
  check_issuer_subject(verdict, s, cert.get(), *issuer, *subject);
  check_extensions(verdict, s);
  check_crl_distribution_points(verdict, s);
  check_alt_names(verdict, s);
  check_document_type_list(verdict, s);
  check_time(verdict, s);
  finalize(verdict);
  return report;
}

Result<std::vector<Bytes>> split_certificates(ByteView bytes) {
  std::vector<Bytes> certificates;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (text.find("-----BEGIN ") == std::string_view::npos) {
    if (!detail::parse_der_certificate(bytes)) {
      return make_error(ErrorCode::malformed, "neither a DER certificate nor PEM text");
    }
    certificates.emplace_back(bytes.begin(), bytes.end());
    return certificates;
  }
  detail::BioPtr bio = detail::memory_bio(bytes.data(), bytes.size());
  if (!bio) {
    return make_error(ErrorCode::limit_exceeded, "input too large for a memory BIO");
  }
  for (;;) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long length = 0;
    ERR_clear_error();
    if (PEM_read_bio(bio.get(), &name, &header, &data, &length) != 1) {
      ERR_clear_error();
      break;
    }
    const std::string_view label(name);
    if (label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE") {
      // TRUSTED CERTIFICATE appends OpenSSL trust settings after the certificate: keep the
      // certificate's own TLV only.
      ByteView block(data, static_cast<std::size_t>(length));
      if (auto first = DerReader(block).next()) {
        certificates.emplace_back(first->whole.begin(), first->whole.end());
      }
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
  if (certificates.empty()) {
    return make_error(ErrorCode::malformed, "no CERTIFICATE block in the PEM text");
  }
  return certificates;
}

} // namespace mrtd::pki
