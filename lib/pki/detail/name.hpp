#pragma once

// Internal: X.500 names as ICAO data needs them compared (pa.md §4.3, §5.3).

#include <openssl/x509.h>

#include <optional>
#include <string>

namespace mrtd::pki::detail {

/// True when `a` and `b` hold the same RDNs in any order, comparing attribute values after
/// OpenSSL's canonical form (case and string type insensitive, whitespace folded).
bool names_equal_unordered(const X509_NAME* a, const X509_NAME* b);

/// A key for hashing names so that names_equal_unordered() names share it.
std::string name_key(const X509_NAME* name);

/// RFC 2253 one-line form.
std::string name_to_string(const X509_NAME* name);

/// The countryName attribute, upper-cased; nullopt when absent.
std::optional<std::string> name_country(const X509_NAME* name);

} // namespace mrtd::pki::detail
