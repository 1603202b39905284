#include "pki/detail/name.hpp"

#include "pki/detail/ossl.hpp"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace mrtd::pki::detail {
namespace {

using Attribute = std::pair<std::string, std::string>; // dotted OID, canonical value

// Lower-cased ASCII, leading/trailing whitespace dropped and inner runs folded to one space:
// the comparison X.520 caseIgnoreMatch asks for, applied to the UTF-8 of any string type.
std::string canonical_value(const ASN1_STRING* value) {
  std::string raw;
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, value);
  if (length >= 0) {
    raw.assign(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
  } else {
    // Undecodable (e.g. odd-length BMPString): compare the raw octets.
    ERR_clear_error();
    raw.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
               static_cast<std::size_t>(ASN1_STRING_length(value)));
  }
  std::string folded;
  bool pending_space = false;
  for (const char c : raw) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !folded.empty();
      continue;
    }
    if (pending_space) {
      folded += ' ';
      pending_space = false;
    }
    folded += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return folded;
}

std::string oid_text(const ASN1_OBJECT* object) {
  char buffer[128];
  const int length = OBJ_obj2txt(buffer, sizeof buffer, object, 1);
  return length > 0 ? std::string(buffer, std::min(static_cast<std::size_t>(length),
                                                   sizeof buffer - 1))
                    : std::string();
}

// The name's attributes as a sorted multiset; the RDN structure itself is ignored.
std::vector<Attribute> sorted_attributes(const X509_NAME* name) {
  std::vector<Attribute> attributes;
  const int count = X509_NAME_entry_count(name);
  for (int i = 0; i < count; ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    attributes.emplace_back(oid_text(X509_NAME_ENTRY_get_object(entry)),
                            canonical_value(X509_NAME_ENTRY_get_data(entry)));
  }
  std::sort(attributes.begin(), attributes.end());
  return attributes;
}

} // namespace

bool names_equal_unordered(const X509_NAME* a, const X509_NAME* b) {
  if (a == nullptr || b == nullptr) {
    return a == b;
  }
  // Identical DER holds identical attributes: the common case (a SignerIdentifier copied from
  // the certificate) needs no decoding.
  const unsigned char* der_a = nullptr;
  const unsigned char* der_b = nullptr;
  std::size_t size_a = 0;
  std::size_t size_b = 0;
  if (X509_NAME_get0_der(a, &der_a, &size_a) == 1 &&
      X509_NAME_get0_der(b, &der_b, &size_b) == 1 && size_a == size_b &&
      std::memcmp(der_a, der_b, size_a) == 0) {
    return true;
  }
  return sorted_attributes(a) == sorted_attributes(b);
}

std::string name_key(const X509_NAME* name) {
  std::string key;
  if (name == nullptr) {
    return key;
  }
  // Length-prefixed, so no value can forge a separator.
  for (const auto& [oid, value] : sorted_attributes(name)) {
    key += oid;
    key += '=';
    key += std::to_string(value.size());
    key += ':';
    key += value;
    key += ';';
  }
  return key;
}

std::string name_to_string(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (name == nullptr || !bio) {
    return {};
  }
  // RFC 2253 order and escaping, but UTF-8 kept readable instead of \XX escapes.
  constexpr unsigned long flags = XN_FLAG_RFC2253 & ~static_cast<unsigned long>(ASN1_STRFLGS_ESC_MSB);
  if (X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) {
    ERR_clear_error();
    return {};
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

X509NamePtr decode_name(const unsigned char* der, std::size_t size) {
  const unsigned char* p = der;
  X509NamePtr name(d2i_X509_NAME(nullptr, &p, static_cast<long>(size)));
  if (!name) {
    ERR_clear_error();
  }
  return name;
}

std::string NameTextMemo::text(const X509_NAME* name) {
  const unsigned char* der = nullptr;
  std::size_t size = 0;
  if (name == nullptr || X509_NAME_get0_der(name, &der, &size) != 1) {
    ERR_clear_error();
    return name_to_string(name);
  }
  return text(der, size);
}

std::string NameTextMemo::text(const unsigned char* der, std::size_t size) {
  constexpr std::size_t k_max_entries = 4096;
  std::string key(reinterpret_cast<const char*>(der), size);
  {
    const std::lock_guard lock(m_mutex);
    if (const auto found = m_texts.find(key); found != m_texts.end()) {
      return found->second;
    }
  }
  const X509NamePtr name = decode_name(der, size);
  if (!name) {
    return "?";
  }
  std::string text = name_to_string(name.get());
  const std::lock_guard lock(m_mutex);
  if (m_texts.size() >= k_max_entries) {
    m_texts.clear();
  }
  m_texts.emplace(std::move(key), text);
  return text;
}

std::optional<std::string> name_country(const X509_NAME* name) {
  if (name == nullptr) {
    return std::nullopt;
  }
  const int index = X509_NAME_get_index_by_NID(name, NID_countryName, -1);
  if (index < 0) {
    return std::nullopt;
  }
  std::string country = canonical_value(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)));
  for (char& c : country) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return country;
}

std::optional<std::string> vds_signer_id(const X509_NAME* name) {
  const auto country = name_country(name);
  const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (!country || country->size() != 2 || index < 0) {
    return std::nullopt;
  }
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  if (ASN1_STRING_length(value) != 2) {
    return std::nullopt;
  }
  std::string id = *country;
  for (int i = 0; i < 2; ++i) {
    const auto c = static_cast<char>(ASN1_STRING_get0_data(value)[i]);
    id += c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return id;
}

} // namespace mrtd::pki::detail
