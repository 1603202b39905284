#pragma once

#include "core/date.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mrtd::pki {

using ByteView = std::span<const std::uint8_t>;
using Bytes = std::vector<std::uint8_t>;

/// A public key as a certificate carries it.
struct KeyInfo {
  std::string algorithm;            ///< `RSA`, `RSASSA-PSS`, `EC`, `DSA`, or the OID
  int bits = 0;                     ///< modulus or field size
  std::optional<std::string> curve; ///< e.g. `prime256v1`, `brainpoolP256r1` (also when explicit)
  bool explicit_parameters = false; ///< EC domain parameters spelled out (Doc 9303-12 allows it)
};

/// The decoded fields of one X.509 certificate (RFC 5280), as plain data.
struct CertificateInfo {
  std::string subject;                       ///< RFC 2253 one-line form
  std::string issuer;                        ///< RFC 2253 one-line form
  std::optional<std::string> subject_country; ///< the C attribute, upper-cased (e.g. `DE`)
  std::optional<std::string> issuer_country;
  std::string serial;                       ///< upper-case hex, no leading zero bytes
  UnixTime not_before = 0;
  UnixTime not_after = 0;
  std::optional<std::string> subject_key_id;   ///< hex of the SKI extension value
  std::optional<std::string> authority_key_id; ///< hex of the AKI keyIdentifier
  bool is_ca = false;                          ///< basicConstraints cA
  std::optional<long> path_length;             ///< basicConstraints pathLenConstraint
  std::vector<std::string> key_usage;          ///< RFC 5280 names, e.g. `digitalSignature`
  std::vector<std::string> extended_key_usage; ///< names or dotted OIDs
  bool self_signed = false;                    ///< subject = issuer and verifies with own key
  std::string signature_algorithm;             ///< e.g. `ecdsa-with-SHA256`
  KeyInfo key;
  std::string sha256; ///< of the DER, lower-case hex
};

/// One certificate as a verdict reports it (chip and seal verification).
struct CertificateSummary {
  std::string role;   ///< `dsc`, `csca`, `signer`
  std::string source; ///< `embedded`, or the trust source it came from
  std::string subject;
  std::string issuer;
  std::string serial;
  std::string not_before; ///< ISO instant
  std::string not_after;
  std::string key;        ///< e.g. `EC brainpoolP256r1 (explicit parameters)`, `RSA 2048`
  std::string sha256;
  std::string country; ///< the subject's C attribute, upper-cased; empty when absent
};

/// The summary of `info` in `role`, from `source`.
CertificateSummary summarise(const CertificateInfo& info, std::string role, std::string source);

/// Decodes one DER certificate. Errors: malformed (not a certificate).
Result<CertificateInfo> describe_certificate(ByteView der);

} // namespace mrtd::pki
