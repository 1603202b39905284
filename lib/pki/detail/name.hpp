#pragma once

// Internal: X.500 names as ICAO data needs them compared (pa.md §4.3, §5.3).

#include <openssl/x509.h>

#include <optional>
#include <string>

namespace mrtd::pki::detail {

/// True when `a` and `b` hold the same attributes in any order, comparing values as UTF-8,
/// ASCII case-insensitively, with leading/trailing whitespace dropped and inner runs folded, so
/// PrintableString and UTF8String of one value match (pa.md §5.3). Multi-valued RDNs are
/// compared attribute by attribute.
bool names_equal_unordered(const X509_NAME* a, const X509_NAME* b);

/// A key for hashing names so that names_equal_unordered() names share it.
std::string name_key(const X509_NAME* name);

/// RFC 2253 one-line form (X509_NAME_print_ex, XN_FLAG_RFC2253 but UTF-8 left unescaped so
/// non-ASCII names stay readable); "" for nullptr.
std::string name_to_string(const X509_NAME* name);

/// The Visible Digital Seal signer identifier of a certificate subject: C + CN when the CN has
/// exactly two characters, upper-cased (e.g. `DETS`; Doc 9303-13); nullopt otherwise.
std::optional<std::string> vds_signer_id(const X509_NAME* name);

/// The (first) countryName attribute, upper-cased; nullopt when absent.
std::optional<std::string> name_country(const X509_NAME* name);

} // namespace mrtd::pki::detail
