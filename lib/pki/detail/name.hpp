#pragma once

// Internal: X.500 names as ICAO data needs them compared (pa.md §4.3, §5.3).

#include "pki/detail/ossl.hpp"

#include <openssl/x509.h>

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace mrtd::pki::detail {

/// True when `a` and `b` hold the same attributes in any order, comparing values as UTF-8,
/// ASCII case-insensitively, with leading/trailing whitespace dropped and inner runs folded, so
/// PrintableString and UTF8String of one value match (pa.md §5.3). Multi-valued RDNs are
/// compared attribute by attribute.
bool names_equal_unordered(const X509_NAME* a, const X509_NAME* b);

/// The Name whose DER is `der` (`size` bytes), decoded; nullptr (errors cleared) when it is not
/// one.
X509NamePtr decode_name(const unsigned char* der, std::size_t size);

/// A key for hashing names so that names_equal_unordered() names share it.
std::string name_key(const X509_NAME* name);

/// RFC 2253 one-line form (X509_NAME_print_ex, XN_FLAG_RFC2253 but UTF-8 left unescaped so
/// non-ASCII names stay readable); "" for nullptr.
std::string name_to_string(const X509_NAME* name);

/// name_to_string() remembered by the name's DER, for batches that print the same names over
/// and over (a SignerInfo's issuer): X509_NAME_print_ex is slow. The key is the whole DER, so
/// a hit is a byte-identical name, whose text is the same. Thread-safe; bounded (cleared at
/// 4096 entries).
class NameTextMemo {
public:
  std::string text(const X509_NAME* name);
  /// text() of the name whose DER is `der`, decoded only on a miss; "?" when it is no Name.
  std::string text(const unsigned char* der, std::size_t size);

private:
  std::mutex m_mutex;
  std::unordered_map<std::string, std::string> m_texts;
};

/// The Visible Digital Seal signer identifier of a certificate subject: C + CN when the CN has
/// exactly two characters, upper-cased (e.g. `DETS`; Doc 9303-13); nullopt otherwise.
std::optional<std::string> vds_signer_id(const X509_NAME* name);

/// The (first) countryName attribute, upper-cased; nullopt when absent.
std::optional<std::string> name_country(const X509_NAME* name);

} // namespace mrtd::pki::detail
