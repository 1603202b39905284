#pragma once

// Certificate profile lint (`mrtd pki lint`): one X.509 certificate against the eMRTD PKI
// profiles of ICAO Doc 9303-12 §7.1 (Tables 5 and 6, §7.1.1.1-§7.1.1.6, §7.1.3) and the key
// and validity rules of §4.1. Lint judges form, not trust: no chain is built and no signature
// is verified (self-signedness decides the CSCA profile only).

#include "core/date.hpp"
#include "core/result.hpp"
#include "core/verdict.hpp"
#include "pki/certificate.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::pki {

/// The certificate profiles of 9303-12 §7.1. `automatic` picks one from the certificate: an
/// ICAO signer EKU (master list 2.23.136.1.1.3, deviation list 2.23.136.1.1.8, VDS barcode
/// signer 2.23.136.1.1.11.1) names the signer; otherwise a CA (basicConstraints cA or
/// keyCertSign) is a CSCA when self-signed and a link certificate when not; anything else is a
/// Document Signer.
enum class LintProfile { automatic, csca, link, dsc, mlsigner, dlsigner, barcode_signer };

/// `auto`, `csca`, `link`, `dsc`, `mlsigner`, `dlsigner`, `barcode-signer`.
std::string_view to_string(LintProfile profile) noexcept;

/// The profile named `name` (the spellings of to_string()); nullopt when unknown.
std::optional<LintProfile> parse_lint_profile(std::string_view name) noexcept;

struct LintOptions {
  LintProfile profile = LintProfile::automatic;
  UnixTime at = 0; ///< the reference time of pki.lint.time (the CLI's --at; lib/ reads no clock)
};

/// The result of lint_certificate(): the verdict (the pki.lint.* checks in registry order,
/// each reported once) and what it was judged against.
struct LintReport {
  Verdict verdict;
  LintProfile profile = LintProfile::automatic; ///< the profile applied (never `automatic`
                                                ///< unless the verdict is an error)
  bool profile_detected = false;                ///< chosen by `automatic`, not by the caller
  std::optional<CertificateInfo> certificate;   ///< the decoded fields (absent on error)
};

/// Lints one DER certificate. Never throws on bad input: bytes that are not one DER
/// certificate give an error verdict (malformed). Outcome: invalid iff a check failed,
/// otherwise valid (warnings do not invalidate).
LintReport lint_certificate(ByteView der, const LintOptions& options);

/// The DER certificates in `bytes`: one DER certificate, or PEM text with any number of
/// CERTIFICATE / X509 CERTIFICATE / TRUSTED CERTIFICATE blocks (other PEM blocks are
/// ignored). Errors: malformed when no certificate is found.
Result<std::vector<Bytes>> split_certificates(ByteView bytes);

} // namespace mrtd::pki
