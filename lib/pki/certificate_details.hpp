#pragma once

// Everything `mrtd pki show` prints about one certificate: CertificateInfo plus every
// extension with its name (ICAO ones included, Doc 9303-12 §7.1) and the EC domain
// parameters spelled out.

#include "core/result.hpp"
#include "pki/certificate.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mrtd::pki {

/// One extension as decoded text.
struct ExtensionInfo {
  std::string oid;                 ///< dotted
  std::string name;                ///< e.g. `subjectKeyIdentifier`, `documentTypeList`; else the OID
  bool critical = false;
  std::vector<std::string> values; ///< decoded items (EKU purposes, document types, lines of
                                   ///< OpenSSL's text); the value as hex when nothing decodes it
};

/// EC domain parameters (hex, upper case), for named and explicit curves alike.
struct EcParameters {
  std::string field_type; ///< `prime-field` or `characteristic-two-field`
  std::string prime, a, b, order, cofactor, generator;
  std::optional<std::string> seed;
};

struct CertificateDetails {
  CertificateInfo info;
  long version = 0; ///< 1, 2 or 3
  std::vector<ExtensionInfo> extensions;
  std::optional<EcParameters> ec;
};

/// The ICAO name of an OID this toolkit knows (nameChange 2.23.136.1.1.6.1, documentTypeList
/// 2.23.136.1.1.6.2, cscaMasterListSigningKey 2.23.136.1.1.3, deviationListSigningKey
/// 2.23.136.1.1.8 ...), or nullptr.
const char* icao_oid_name(std::string_view oid) noexcept;

/// Decodes one DER certificate fully. Errors: malformed (not a certificate).
Result<CertificateDetails> describe_certificate_details(ByteView der);

} // namespace mrtd::pki
