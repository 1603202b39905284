#include "barcode/vds.hpp"

#include "barcode/c40.hpp"
#include "barcode/detail/vds_profiles.hpp"

#include <algorithm>
#include <array>

namespace mrtd::barcode {

namespace {

constexpr std::uint8_t k_magic = 0xDC;
constexpr std::uint8_t k_signature_tag = 0xFF;

enum class Layout { v3, v4 };

// How the v4 certificate reference length is read (barcodes.md P5, P7).
enum class RefRule {
  strict,      // 2 hex digits (decimal for DEZV), then ceil(len/3)*2 bytes
  zero_length, // length 0, then a 2-byte reference (vdstools' count (n-1)/3*2+2 gives 2 for 0)
  dezv_hex     // signer DEZV with a hexadecimal length
};

struct Attempt {
  Layout layout;
  RefRule rule;
};

struct Header {
  Layout layout = Layout::v4;
  std::string issuing_state;
  std::string signer_id;
  std::string reference;
  CivilDate issue_date;
  CivilDate signature_date;
  std::uint16_t document_type = 0;
  std::size_t size = 0;
  std::vector<std::string> quirks;
};

struct Body {
  std::vector<detail::VdsTlv> tlvs;
  std::optional<std::size_t> signature_at; // offset of the 0xFF tag
  ByteView signature;
  std::vector<std::string> quirks;
};

std::string hex_byte(std::uint8_t b) {
  const std::uint8_t bytes[] = {b};
  return "0x" + to_hex(bytes);
}

Error truncated(std::size_t at, const char* what) {
  return make_error(ErrorCode::malformed, std::string("VDS truncated in the ") + what,
                    static_cast<std::ptrdiff_t>(at));
}

// C40 at p[at, at+n), with error offsets relative to the payload.
Result<std::string> c40_at(ByteView p, std::size_t at, std::size_t n, const char* what) {
  if (p.size() - at < n) {
    return truncated(at, what);
  }
  auto text = c40_decode(p.subspan(at, n));
  if (!text) {
    const std::ptrdiff_t inner = text.error().offset < 0 ? 0 : text.error().offset;
    return make_error(ErrorCode::malformed, std::string(what) + ": " + text.error().message,
                      static_cast<std::ptrdiff_t>(at) + inner);
  }
  return text;
}

Result<CivilDate> date_at(ByteView p, std::size_t at, const char* what) {
  if (p.size() - at < 3) {
    return truncated(at, what);
  }
  const unsigned v = static_cast<unsigned>(p[at]) << 16 | static_cast<unsigned>(p[at + 1]) << 8 |
                     p[at + 2]; // MMDDYYYY as a decimal number (barcodes.md §1.3)
  const CivilDate d{static_cast<int>(v % 10000), static_cast<int>(v / 1000000),
                    static_cast<int>(v / 10000 % 100)};
  if (!is_valid_date(d.year, d.month, d.day)) {
    return make_error(ErrorCode::malformed,
                      std::string(what) + " " + std::to_string(v) + " is not a calendar date",
                      static_cast<std::ptrdiff_t>(at));
  }
  return d;
}

std::optional<std::size_t> parse_length_digits(std::string_view s, bool decimal) {
  std::size_t v = 0;
  for (const char c : s) {
    int d = -1;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (!decimal && c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    }
    if (d < 0) {
      return std::nullopt;
    }
    v = v * (decimal ? 10 : 16) + static_cast<std::size_t>(d);
  }
  return v;
}

Result<Header> parse_header(ByteView p, std::uint8_t version, Attempt attempt) {
  Header h;
  h.layout = attempt.layout;
  auto state = c40_at(p, 2, 2, "issuing state");
  if (!state) {
    return state.error();
  }
  h.issuing_state = *state;
  std::replace(h.issuing_state.begin(), h.issuing_state.end(), ' ', '<');
  if (h.issuing_state.size() < 3) {
    h.quirks.push_back("The issuing state is written as the " +
                       std::to_string(h.issuing_state.size()) + "-character C40 text '" +
                       h.issuing_state + "' (bytes " + to_hex(p.subspan(2, 2)) +
                       ") instead of 3 characters; it is read as '" + h.issuing_state +
                       std::string(3 - h.issuing_state.size(), '<') + "'.");
    h.issuing_state.resize(3, '<');
  }
  std::size_t pos = 4;
  if (attempt.layout == Layout::v3) {
    auto ids = c40_at(p, pos, 6, "signer identifier and certificate reference");
    if (!ids) {
      return ids.error();
    }
    if (ids->size() != 9) {
      return make_error(ErrorCode::malformed,
                        "v3 signer identifier and reference are not 9 characters",
                        static_cast<std::ptrdiff_t>(pos));
    }
    h.signer_id = ids->substr(0, 4);
    h.reference = ids->substr(4);
    pos += 6;
  } else {
    auto ids = c40_at(p, pos, 4, "signer identifier and reference length");
    if (!ids) {
      return ids.error();
    }
    if (ids->size() != 6) {
      return make_error(ErrorCode::malformed,
                        "v4 signer identifier and length are not 6 characters",
                        static_cast<std::ptrdiff_t>(pos));
    }
    h.signer_id = ids->substr(0, 4);
    const bool dezv = h.signer_id == "DEZV";
    if (attempt.rule == RefRule::dezv_hex && !dezv) {
      return make_error(ErrorCode::malformed, "not a DEZV seal", static_cast<std::ptrdiff_t>(pos));
    }
    // TR-03171 signer DEZV writes the length in decimal (vdstools CHANGELOG); ICAO in hex.
    const bool decimal = dezv && attempt.rule != RefRule::dezv_hex;
    const auto length = parse_length_digits(ids->substr(4), decimal);
    if (!length) {
      return make_error(ErrorCode::malformed,
                        "certificate reference length '" + ids->substr(4) + "' is not " +
                            (decimal ? "decimal" : "hexadecimal"),
                        static_cast<std::ptrdiff_t>(pos + 2));
    }
    pos += 4;
    if (*length == 0 && attempt.rule != RefRule::zero_length) {
      return make_error(ErrorCode::malformed, "certificate reference length is 0",
                        static_cast<std::ptrdiff_t>(pos - 2));
    }
    if (*length != 0 && attempt.rule == RefRule::zero_length) {
      return make_error(ErrorCode::malformed, "certificate reference length is not 0",
                        static_cast<std::ptrdiff_t>(pos - 2));
    }
    const std::size_t n = *length == 0 ? 2 : c40_encoded_size(*length);
    auto ref = c40_at(p, pos, n, "certificate reference");
    if (!ref) {
      return ref.error();
    }
    if (*length != 0 && ref->size() != *length) {
      return make_error(ErrorCode::malformed,
                        "certificate reference has " + std::to_string(ref->size()) +
                            " characters; its length field says " + std::to_string(*length),
                        static_cast<std::ptrdiff_t>(pos));
    }
    h.reference = *ref;
    pos += n;
    if (*length == 0) {
      h.quirks.push_back("The certificate reference length is 0, but a " +
                         std::to_string(ref->size()) + "-character reference ('" + h.reference +
                         "', 2 bytes) follows; read as a v3 header, the reference would be '" +
                         ids->substr(4) + h.reference + "'.");
    } else if (attempt.rule == RefRule::dezv_hex) {
      h.quirks.push_back("Signer DEZV writes the certificate reference length in decimal "
                         "(TR-03171), but this seal writes it in hexadecimal.");
    }
  }
  auto issued = date_at(p, pos, "document issue date");
  if (!issued) {
    return issued.error();
  }
  auto signed_on = date_at(p, pos + 3, "signature creation date");
  if (!signed_on) {
    return signed_on.error();
  }
  pos += 6;
  if (p.size() - pos < 2) {
    return truncated(pos, "document type");
  }
  h.issue_date = *issued;
  h.signature_date = *signed_on;
  h.document_type = static_cast<std::uint16_t>(p[pos] << 8 | p[pos + 1]);
  h.size = pos + 2;
  const bool v4 = attempt.layout == Layout::v4;
  if (version <= 0x01) {
    h.quirks.insert(h.quirks.begin(),
                    "Version byte " + hex_byte(version) +
                        " is not defined by ICAO (0x02 = v3, 0x03 = v4); the header was read "
                        "with the " +
                        (v4 ? "v4" : "v3") + " layout.");
  } else if ((version == 0x03) != v4) {
    h.quirks.insert(h.quirks.begin(),
                    "Version byte " + hex_byte(version) + " announces a " + (v4 ? "v3" : "v4") +
                        " header, but the header uses the " +
                        (v4 ? "v4 layout (variable-length certificate reference)."
                            : "v3 layout (fixed 9-character signer identifier and reference)."));
  }
  return h;
}

// The message zone and signature zone from `pos` to the end. `single_byte_lengths` reads every
// feature length as one byte (KURZ seals write 128 as 0x80, barcodes.md P9).
Result<Body> parse_body(ByteView p, std::size_t pos, bool single_byte_lengths) {
  Body body;
  while (pos < p.size()) {
    const std::size_t at = pos;
    const std::uint8_t tag = p[pos++];
    if (pos >= p.size()) {
      return truncated(pos, "length of a feature");
    }
    std::size_t length = p[pos++];
    if (length >= 0x80 && (tag == k_signature_tag || !single_byte_lengths)) {
      const std::size_t n = length & 0x7F;
      if (n == 0 || n > 2) {
        return make_error(ErrorCode::malformed,
                          n == 0
                              ? "indefinite length " + hex_byte(0x80) + " of tag " + hex_byte(tag)
                              : "length of tag " + hex_byte(tag) + " has " + std::to_string(n) +
                                    " bytes (at most 2 allowed)",
                          static_cast<std::ptrdiff_t>(pos - 1));
      }
      if (p.size() - pos < n) {
        return truncated(pos, "length of a feature");
      }
      length = 0;
      for (std::size_t i = 0; i < n; ++i) {
        length = length << 8 | p[pos++];
      }
    } else if (length >= 0x80 && body.quirks.empty()) {
      body.quirks.push_back("Feature lengths are single bytes: tag " + hex_byte(tag) +
                            " at offset " + std::to_string(at) + " has length byte " +
                            hex_byte(static_cast<std::uint8_t>(length)) + " read as " +
                            std::to_string(length) + " (BER would need 0x81 " +
                            hex_byte(static_cast<std::uint8_t>(length)) + ").");
    }
    if (p.size() - pos < length) {
      return make_error(ErrorCode::malformed,
                        "tag " + hex_byte(tag) + " has length " + std::to_string(length) +
                            " but only " + std::to_string(p.size() - pos) + " bytes follow",
                        static_cast<std::ptrdiff_t>(at));
    }
    const ByteView value = p.subspan(pos, length);
    pos += length;
    if (tag == k_signature_tag) {
      if (pos != p.size()) {
        return make_error(ErrorCode::malformed,
                          std::to_string(p.size() - pos) + " bytes follow the signature zone",
                          static_cast<std::ptrdiff_t>(pos));
      }
      if (value.empty()) {
        return make_error(ErrorCode::malformed, "the signature zone is empty",
                          static_cast<std::ptrdiff_t>(at));
      }
      body.signature_at = at;
      body.signature = value;
      break;
    }
    if (body.tlvs.size() == k_vds_max_features) {
      return make_error(ErrorCode::limit_exceeded,
                        "more than " + std::to_string(k_vds_max_features) +
                            " features in the message zone",
                        static_cast<std::ptrdiff_t>(at));
    }
    body.tlvs.push_back({tag, value, at});
  }
  return body;
}

std::vector<Attempt> attempts_for(std::uint8_t version) {
  const Attempt v3{Layout::v3, RefRule::strict};
  const std::vector<Attempt> v4{{Layout::v4, RefRule::strict},
                                {Layout::v4, RefRule::zero_length},
                                {Layout::v4, RefRule::dezv_hex}};
  std::vector<Attempt> list;
  if (version == 0x02) {
    list.push_back(v3);
  }
  list.insert(list.end(), v4.begin(), v4.end());
  if (version != 0x02) {
    list.push_back(v3);
  }
  return list;
}

Payload assemble(ByteView p, Header h, Body body) {
  Payload out;
  out.kind = PayloadKind::vds;
  out.issuing_state = h.issuing_state;
  out.issue_date = h.issue_date;
  out.quirks = std::move(h.quirks);
  out.quirks.insert(out.quirks.end(), body.quirks.begin(), body.quirks.end());
  const std::array<std::uint8_t, 2> type{static_cast<std::uint8_t>(h.document_type >> 8),
                                         static_cast<std::uint8_t>(h.document_type & 0xFF)};
  auto text = [](const char* name, std::string value) {
    return Field{name, std::move(value), Field::Kind::text, std::nullopt};
  };
  out.header = {text("version", h.layout == Layout::v3 ? "3" : "4"),
                text("signer_id", h.signer_id),
                text("certificate_reference", h.reference),
                text("document_type", to_hex(type)),
                text("signature_date", to_iso(h.signature_date)),
                text("issue_date", to_iso(h.issue_date))};
  auto features = detail::decode_vds_features(h.document_type, body.tlvs);
  out.profile = std::move(features.profile);
  out.fields = std::move(features.fields);
  out.mrz = std::move(features.mrz);
  out.problems = std::move(features.problems);
  if (!body.signature_at) {
    out.problems.push_back("The seal has no signature zone (tag 0xFF), so it cannot be verified.");
    return out;
  }
  if (body.signature.size() % 2 != 0) {
    out.problems.push_back("The signature has an odd number of bytes (" +
                           std::to_string(body.signature.size()) + "), so it is not r||s.");
  }
  SignatureInfo sig;
  sig.algorithm = SignatureAlgorithm::ecdsa_by_curve;
  sig.signed_data.assign(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(*body.signature_at));
  sig.signature.assign(body.signature.begin(), body.signature.end());
  sig.signer_id = h.signer_id;
  sig.reference = h.reference;
  const bool sha1 = h.signer_id == "DEZV" && h.reference.size() == 40 &&
                    std::all_of(h.reference.begin(), h.reference.end(), [](char c) {
                      return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
                    });
  sig.reference_kind = sha1 ? ReferenceKind::sha1_hex : ReferenceKind::serial_hex;
  sig.signing_date = h.signature_date;
  out.signature = std::move(sig);
  return out;
}

} // namespace

Result<Payload> decode_vds(ByteView p) {
  if (p.size() > k_vds_max_size) {
    return make_error(ErrorCode::limit_exceeded, "VDS payload of " + std::to_string(p.size()) +
                                                     " bytes exceeds " +
                                                     std::to_string(k_vds_max_size));
  }
  if (p.empty() || p[0] != k_magic) {
    return make_error(ErrorCode::malformed, "a VDS starts with the magic byte 0xDC", 0);
  }
  if (p.size() < 2) {
    return truncated(1, "version byte");
  }
  const std::uint8_t version = p[1];
  if (version > 0x03) {
    return make_error(ErrorCode::unsupported,
                      "VDS version byte " + hex_byte(version) + " is not supported", 1);
  }
  // Strict first; then the layouts seen in the field, each accepted only when everything after
  // the header parses and a signature zone ends the payload (vdstools VdsHeader.kt advice).
  const auto attempts = attempts_for(version);
  std::optional<Error> primary_error; // why the first reading failed: the most useful offset
  bool unsigned_alternative = false;
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    const bool strict = i == 0 && version >= 0x02;
    auto header = parse_header(p, version, attempts[i]);
    if (!header) {
      if (i == 0) {
        primary_error = header.error();
      }
      continue;
    }
    for (const bool single_byte : {false, true}) {
      auto body = parse_body(p, header->size, single_byte);
      if (!body) {
        if (i == 0 && !single_byte) {
          primary_error = body.error();
        }
        continue;
      }
      if (body->signature_at || (strict && !single_byte)) {
        return assemble(p, std::move(*header), std::move(*body));
      }
      unsigned_alternative = true;
    }
  }
  Error error =
      primary_error
          ? *primary_error
          : make_error(ErrorCode::malformed,
                       "version byte " + hex_byte(version) + " is not defined by ICAO", 1);
  if (unsigned_alternative) {
    error.message += "; a deviating layout parses, but only a seal that ends in its signature "
                     "zone confirms such a reading";
  }
  return error;
}

} // namespace mrtd::barcode
