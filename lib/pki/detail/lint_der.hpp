#pragma once

// Internal to pki lint: a walk over a certificate's DER structure. The form checks of
// lint.cpp need the encodings OpenSSL normalises away when it decodes (explicit defaults,
// string types, time forms, OCTET STRING wrappers); each TLV header is still read by
// OpenSSL's ASN1_get_object.

#include "pki/certificate.hpp"

#include <openssl/asn1.h>
#include <openssl/err.h>

#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::pki::detail::der {

// ---- DER walking ----------------------------------------------------------------------------

// One TLV: its identifier octet, the contents and the whole encoding. Only low tag numbers
// (< 31) occur in certificates; anything else fails the walk.
struct Tlv {
  std::uint8_t tag = 0;
  ByteView value;
  ByteView whole;
  bool constructed() const noexcept { return (tag & 0x20) != 0; }
};

// Reads consecutive TLVs from `m_rest`; definite lengths only (DER). The form checks need the
// encodings OpenSSL normalises away when it decodes, so the structure is followed here, with
// OpenSSL reading each TLV header.
class DerReader {
public:
  explicit DerReader(ByteView bytes) : m_rest(bytes) {}

  bool at_end() const noexcept { return m_rest.empty(); }

  /// The next TLV, or nullopt (and the reader stops) on a malformed encoding. The header is
  /// read by OpenSSL's ASN1_get_object; only DER's definite lengths are accepted.
  std::optional<Tlv> next() {
    if (m_rest.empty() || (m_rest[0] & 0x1F) == 0x1F ||
        m_rest.size() > static_cast<std::size_t>(LONG_MAX)) {
      m_rest = {};
      return std::nullopt;
    }
    const unsigned char* p = m_rest.data();
    long length = 0;
    int tag = 0;
    int xclass = 0;
    const int flags =
        ASN1_get_object(&p, &length, &tag, &xclass, static_cast<long>(m_rest.size()));
    if ((flags & 0x80) != 0 || flags == 0x21) { // error, or indefinite length (not DER)
      ERR_clear_error();
      m_rest = {};
      return std::nullopt;
    }
    const auto header = static_cast<std::size_t>(p - m_rest.data());
    const auto size = static_cast<std::size_t>(length);
    Tlv tlv{m_rest[0], m_rest.subspan(header, size), m_rest.first(header + size)};
    m_rest = m_rest.subspan(header + size);
    return tlv;
  }

  /// The next TLV if it has `tag`, else nullopt without consuming anything.
  std::optional<Tlv> next_if(std::uint8_t tag) {
    if (m_rest.empty() || m_rest[0] != tag) {
      return std::nullopt;
    }
    return next();
  }

private:
  ByteView m_rest;
};

// The contents of a DER value that must be exactly one TLV of `tag`.
inline std::optional<Tlv> single(ByteView bytes, std::uint8_t tag) {
  DerReader reader(bytes);
  auto tlv = reader.next();
  if (!tlv || tlv->tag != tag || !reader.at_end()) {
    return std::nullopt;
  }
  return tlv;
}

inline std::string dotted_oid(ByteView body) {
  std::string text;
  std::uint64_t value = 0;
  bool first = true;
  for (const std::uint8_t byte : body) {
    value = (value << 7) | (byte & 0x7FU);
    if ((byte & 0x80) != 0) {
      continue;
    }
    if (first) {
      const std::uint64_t arc = value < 80 ? value / 40 : 2;
      text = std::to_string(arc) + "." + std::to_string(value - arc * 40);
      first = false;
    } else {
      text += "." + std::to_string(value);
    }
    value = 0;
  }
  return text;
}

inline std::string as_text(ByteView bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

inline bool same_bytes(ByteView a, ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// One attribute of a Name: its OID, string tag and value.
struct Attribute {
  std::string oid;
  std::uint8_t tag = 0;
  std::string value;
};

// Name ::= SEQUENCE OF SET OF AttributeTypeAndValue; nullopt when not of that shape.
inline std::optional<std::vector<Attribute>> name_attributes(ByteView name_value) {
  std::vector<Attribute> attributes;
  DerReader rdns(name_value);
  while (!rdns.at_end()) {
    auto rdn = rdns.next();
    if (!rdn || rdn->tag != 0x31) {
      return std::nullopt;
    }
    DerReader members(rdn->value);
    while (!members.at_end()) {
      auto pair = members.next();
      if (!pair || pair->tag != 0x30) {
        return std::nullopt;
      }
      DerReader fields(pair->value);
      auto oid = fields.next();
      auto value = fields.next();
      if (!oid || oid->tag != 0x06 || !value) {
        return std::nullopt;
      }
      attributes.push_back({dotted_oid(oid->value), value->tag, as_text(value->value)});
    }
  }
  return attributes;
}

// The raw fields of a certificate that the form rules look at.
struct RawExtension {
  std::string oid;
  bool critical = false;
  bool critical_encoded_false = false; ///< DEFAULT FALSE spelled out (Table 5: do not encode)
  ByteView value;                      ///< the contents of extnValue (the OCTET STRING)
};

struct RawCertificate {
  std::optional<ByteView> version; ///< contents of the INTEGER in [0], absent for v1
  ByteView serial;                 ///< contents of the INTEGER
  ByteView tbs_signature;          ///< whole AlgorithmIdentifier in tbsCertificate
  ByteView signature_algorithm;    ///< whole outer AlgorithmIdentifier
  Tlv issuer;
  Tlv subject;
  Tlv not_before;
  Tlv not_after;
  bool issuer_unique_id = false;
  bool subject_unique_id = false;
  bool has_extensions = false;
  std::vector<RawExtension> extensions;

  const RawExtension* find(std::string_view oid) const {
    for (const auto& extension : extensions) {
      if (extension.oid == oid) {
        return &extension;
      }
    }
    return nullptr;
  }
};

inline std::optional<RawCertificate> walk_certificate(ByteView der) {
  auto certificate = single(der, 0x30);
  if (!certificate) {
    return std::nullopt;
  }
  DerReader outer(certificate->value);
  auto tbs = outer.next();
  auto algorithm = outer.next();
  if (!tbs || tbs->tag != 0x30 || !algorithm || algorithm->tag != 0x30) {
    return std::nullopt;
  }
  RawCertificate raw;
  raw.signature_algorithm = algorithm->whole;
  DerReader fields(tbs->value);
  if (auto version = fields.next_if(0xA0)) {
    auto integer = single(version->value, 0x02);
    if (!integer) {
      return std::nullopt;
    }
    raw.version = integer->value;
  }
  auto serial = fields.next();
  auto signature = fields.next();
  auto issuer = fields.next();
  auto validity = fields.next();
  auto subject = fields.next();
  auto spki = fields.next();
  if (!serial || serial->tag != 0x02 || !signature || signature->tag != 0x30 || !issuer ||
      issuer->tag != 0x30 || !validity || validity->tag != 0x30 || !subject ||
      subject->tag != 0x30 || !spki || spki->tag != 0x30) {
    return std::nullopt;
  }
  raw.serial = serial->value;
  raw.tbs_signature = signature->whole;
  raw.issuer = *issuer;
  raw.subject = *subject;
  DerReader times(validity->value);
  auto not_before = times.next();
  auto not_after = times.next();
  if (!not_before || !not_after) {
    return std::nullopt;
  }
  raw.not_before = *not_before;
  raw.not_after = *not_after;
  raw.issuer_unique_id = fields.next_if(0x81).has_value();
  raw.subject_unique_id = fields.next_if(0x82).has_value();
  if (auto extensions = fields.next_if(0xA3)) {
    raw.has_extensions = true;
    auto list = single(extensions->value, 0x30);
    if (!list) {
      return std::nullopt;
    }
    DerReader items(list->value);
    while (!items.at_end()) {
      auto item = items.next();
      if (!item || item->tag != 0x30) {
        return std::nullopt;
      }
      DerReader parts(item->value);
      auto oid = parts.next();
      if (!oid || oid->tag != 0x06) {
        return std::nullopt;
      }
      RawExtension extension;
      extension.oid = dotted_oid(oid->value);
      if (auto critical = parts.next_if(0x01)) {
        extension.critical = !critical->value.empty() && critical->value[0] != 0;
        extension.critical_encoded_false = !extension.critical;
      }
      auto value = parts.next();
      if (!value || value->tag != 0x04 || !parts.at_end()) {
        return std::nullopt;
      }
      extension.value = value->value;
      raw.extensions.push_back(extension);
    }
  }
  if (!fields.at_end()) {
    return std::nullopt;
  }
  return raw;
}

} // namespace mrtd::pki::detail::der
