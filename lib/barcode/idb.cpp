#include "barcode/idb.hpp"

#include "zlib/zlib.hpp"

#include "barcode/base32.hpp"
#include "barcode/c40.hpp"
#include "barcode/detail/tlv.hpp"

#include <cstdint>
#include <string_view>
#include <utility>

namespace mrtd::barcode {

namespace {

constexpr std::size_t k_max_text = std::size_t{16} * 1024;
constexpr std::size_t k_max_inflated = std::size_t{1024} * 1024;
constexpr std::uint8_t k_tag_messages = 0x61;
constexpr std::uint8_t k_tag_certificate = 0x7E;
constexpr std::uint8_t k_tag_signature = 0x7F;

// The signature algorithm byte, 1-based (vdstools, li0ard; mirkotp counts from 0: P11).
constexpr std::pair<SignatureAlgorithm, const char*> k_algorithms[] = {
    {SignatureAlgorithm::ecdsa_sha256, "ECDSA-SHA256"},
    {SignatureAlgorithm::ecdsa_sha384, "ECDSA-SHA384"},
    {SignatureAlgorithm::ecdsa_sha512, "ECDSA-SHA512"}};

// --- Masked dates (barcodes.md §1.3): mask byte, then MMDDYYYY as a 3-byte integer; mask bit 7
// (MSB) stands for the first digit M1 ... bit 0 for Y4; a set bit means "digit unknown".

std::optional<std::string> masked_date_text(ByteView b) {
  if (b.size() != 4) {
    return std::nullopt;
  }
  const unsigned value =
      (static_cast<unsigned>(b[1]) << 16) | (static_cast<unsigned>(b[2]) << 8) | b[3];
  if (value > 99999999u) {
    return std::nullopt;
  }
  std::string digits = std::to_string(value);
  digits.insert(0, 8 - digits.size(), '0');
  for (std::size_t k = 0; k < 8; ++k) {
    if ((b[0] & (0x80u >> k)) != 0) {
      digits[k] = 'x';
    }
  }
  return digits.substr(4, 4) + "-" + digits.substr(0, 2) + "-" + digits.substr(2, 2);
}

std::optional<Bytes> masked_date_bytes(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') {
    return std::nullopt;
  }
  const std::string mmddyyyy =
      std::string(iso.substr(5, 2)) + std::string(iso.substr(8, 2)) + std::string(iso.substr(0, 4));
  unsigned mask = 0;
  unsigned value = 0;
  for (std::size_t k = 0; k < 8; ++k) {
    const char c = mmddyyyy[k];
    unsigned digit = 0;
    if (c == 'x' || c == 'X') {
      mask |= 0x80u >> k;
    } else if (c >= '0' && c <= '9') {
      digit = static_cast<unsigned>(c - '0');
    } else {
      return std::nullopt;
    }
    value = value * 10 + digit;
  }
  return Bytes{static_cast<std::uint8_t>(mask), static_cast<std::uint8_t>(value >> 16),
               static_cast<std::uint8_t>((value >> 8) & 0xFF),
               static_cast<std::uint8_t>(value & 0xFF)};
}

// --- Message types (barcodes.md §3).

enum class Coding { bytes, c40, mrz, masked_date, number, container };

struct MessageType {
  std::uint8_t tag;
  const char* name;
  Coding coding;
  std::size_t line_width = 0;  // MRZ: characters per line
  std::size_t line_count = 0;  // MRZ: lines
  std::size_t short_chars = 0; // MRZ: a legitimate truncated length (visa: line 2 cut at 28)
};

constexpr MessageType k_icao_messages[] = {
    {0x01, "visa", Coding::container},
    {0x02, "etd", Coding::container},
    {0x03, "proof_of_testing", Coding::bytes},
    {0x04, "proof_of_vaccination", Coding::bytes},
    {0x05, "proof_of_recovery", Coding::bytes},
    {0x06, "digital_travel_authorization", Coding::bytes},
    {0x07, "mrz_td1", Coding::mrz, 30, 3},
    {0x08, "mrz_td3", Coding::mrz, 44, 2},
    {0x09, "can", Coding::c40},
    {0x0A, "ef_card_access", Coding::bytes},
};

// German national message types (vdstools IdbMessageTypes.json), valid for country `D<<` only.
constexpr MessageType k_german_messages[] = {
    {0x80, "face_image", Coding::bytes},
    {0x81, "mrz_td2", Coding::mrz, 36, 2},
    {0x82, "document_reference", Coding::c40},
    {0x83, "azr", Coding::c40},
    {0x84, "expiry_date", Coding::masked_date},
    {0x85, "document_number", Coding::c40},
    {0x86, "national_document_identifier", Coding::number},
};

// The visa container repeats the VDS visa features (barcodes.md §1.6).
constexpr MessageType k_visa_messages[] = {
    {0x01, "mrz_mrva", Coding::mrz, 44, 2, 72},  {0x02, "mrz_mrvb", Coding::mrz, 36, 2, 64},
    {0x03, "number_of_entries", Coding::number}, {0x04, "duration_of_stay", Coding::bytes},
    {0x05, "passport_number", Coding::c40},      {0x06, "visa_type", Coding::bytes},
    {0x07, "additional_feature", Coding::bytes},
};

constexpr MessageType k_etd_messages[] = {
    {0x02, "mrz", Coding::mrz, 36, 2},
};

template <std::size_t N>
const MessageType* by_tag(const MessageType (&table)[N], std::uint8_t tag) noexcept {
  for (const auto& t : table) {
    if (t.tag == tag) {
      return &t;
    }
  }
  return nullptr;
}

template <std::size_t N>
const MessageType* by_name(const MessageType (&table)[N], std::string_view name) noexcept {
  for (const auto& t : table) {
    if (name == t.name) {
      return &t;
    }
  }
  return nullptr;
}

std::string mrz_text(std::string chars, const MessageType& type, std::vector<std::string>& problems,
                     const std::string& name) {
  for (char& c : chars) {
    if (c == ' ') {
      c = '<';
    }
  }
  const std::size_t full = type.line_width * type.line_count;
  if (chars.size() != full && chars.size() != type.short_chars) {
    problems.push_back(name + ": " + std::to_string(chars.size()) + " MRZ characters, " +
                       std::to_string(full) + " expected");
  }
  if (chars.size() < full) {
    chars.append(full - chars.size(), '<'); // a truncated line is shown padded (barcodes.md P10)
  }
  std::string out;
  for (std::size_t i = 0; i < chars.size(); i += type.line_width) {
    if (i > 0) {
      out += '\n';
    }
    out += chars.substr(i, type.line_width);
  }
  return out;
}

struct Decoder {
  Payload& payload;
  bool german = false;

  // Decodes the TLVs of `group` (at `base` in the payload) into fields named `prefix` + type name.
  Result<bool> messages(ByteView group, std::size_t base, const std::string& prefix,
                        std::uint8_t container) {
    std::size_t pos = 0;
    while (pos < group.size()) {
      auto tlv = detail::read_tlv(group, pos, base);
      if (!tlv) {
        return tlv.error();
      }
      pos += tlv->size;
      const MessageType* type = nullptr;
      if (container == 0x01) {
        type = by_tag(k_visa_messages, tlv->tag);
      } else if (container == 0x02) {
        type = by_tag(k_etd_messages, tlv->tag);
      } else {
        type = tlv->tag < 0x80 ? by_tag(k_icao_messages, tlv->tag)
               : german        ? by_tag(k_german_messages, tlv->tag)
                               : nullptr;
      }
      if (type != nullptr && type->coding == Coding::container) {
        const std::size_t fields_before = payload.fields.size();
        const std::size_t problems_before = payload.problems.size();
        const auto mrz_before = payload.mrz;
        auto inner = messages(tlv->value, base + tlv->offset + (tlv->size - tlv->value.size()),
                              type->name + std::string("."), type->tag);
        if (!inner) {
          // Not a TLV stream: keep the container whole, so that nothing is lost.
          payload.fields.resize(fields_before);
          payload.problems.resize(problems_before);
          payload.mrz = mrz_before;
          payload.problems.push_back(std::string(type->name) + ": container is not a TLV sequence");
          payload.fields.push_back({type->name, to_hex(tlv->value), Field::Kind::hex, tlv->tag});
        }
        continue;
      }
      payload.fields.push_back(field(type, *tlv, prefix));
    }
    return true;
  }

  Field field(const MessageType* type, const detail::Tlv& tlv, const std::string& prefix) {
    Field f{prefix + (type != nullptr ? type->name : "message"), to_hex(tlv.value),
            Field::Kind::hex, tlv.tag};
    if (type == nullptr) {
      return f;
    }
    switch (type->coding) {
    case Coding::bytes:
    case Coding::container:
      return f;
    case Coding::c40:
    case Coding::mrz: {
      auto text = c40_decode(tlv.value);
      if (!text) {
        payload.problems.push_back(f.name + ": not valid C40");
        return f;
      }
      f.kind = Field::Kind::text;
      f.value =
          type->coding == Coding::c40 ? *text : mrz_text(*text, *type, payload.problems, f.name);
      if (type->coding == Coding::mrz && !payload.mrz) {
        payload.mrz = f.value;
      }
      return f;
    }
    case Coding::masked_date: {
      auto text = masked_date_text(tlv.value);
      if (!text) {
        payload.problems.push_back(f.name + ": not a 4-byte masked date");
        return f;
      }
      f.kind = Field::Kind::text;
      f.value = *text;
      return f;
    }
    case Coding::number: {
      if (tlv.value.empty() || tlv.value.size() > 4) {
        payload.problems.push_back(f.name + ": not a 1..4-byte number");
        return f;
      }
      std::uint32_t n = 0;
      for (const std::uint8_t b : tlv.value) {
        n = (n << 8) | b;
      }
      f.kind = Field::Kind::text;
      f.value = std::to_string(n);
      return f;
    }
    }
    return f;
  }
};

} // namespace

Result<Payload> decode_idb(ByteView input) {
  if (input.size() > k_max_text) {
    return make_error(ErrorCode::limit_exceeded, "IDB text longer than 16 KiB");
  }
  const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  const std::string_view identifier = text.substr(0, 4);
  if (identifier != "RDB1" && identifier != "NDB1") {
    return make_error(ErrorCode::malformed, "IDB text does not start with RDB1 or NDB1", 0);
  }
  if (text.size() < 5 || text[4] < 'A' || text[4] > 'D') {
    return make_error(ErrorCode::malformed, "IDB flag is not A, B, C or D", 4);
  }
  const auto flag_bits = static_cast<unsigned>(text[4] - 'A');
  const bool is_signed = (flag_bits & 1u) != 0;
  const bool compressed = (flag_bits & 2u) != 0;

  auto decoded = base32_decode(text.substr(5));
  if (!decoded) {
    Error e = decoded.error();
    e.message = "IDB: " + e.message;
    e.offset = e.offset >= 0 ? e.offset + 5 : e.offset;
    return e;
  }
  Bytes raw = std::move(*decoded);
  if (compressed) {
    auto inflated = zlib::inflate(raw, k_max_inflated);
    if (!inflated) {
      return make_error(inflated.error().code, "IDB: " + inflated.error().message);
    }
    raw = std::move(*inflated);
  }
  const ByteView data(raw);

  Payload p;
  p.kind = PayloadKind::idb;
  p.profile = "idb";
  p.header.push_back({"identifier", std::string(identifier), Field::Kind::text, std::nullopt});
  p.header.push_back({"flag", std::string(1, text[4]), Field::Kind::text, std::nullopt});
  if (identifier == "NDB1") {
    p.quirks.push_back("barcode identifier NDB1 of early IDB drafts instead of RDB1");
  }
  const std::size_t header_size = is_signed ? 12 : 2;
  if (data.size() < header_size) {
    return make_error(ErrorCode::malformed, "IDB header truncated",
                      static_cast<std::ptrdiff_t>(data.size()));
  }
  auto country = c40_decode(data.subspan(0, 2));
  if (!country) {
    return make_error(ErrorCode::malformed, "IDB country is not C40", 0);
  }
  for (char& c : *country) {
    c = c == ' ' ? '<' : c;
  }
  p.issuing_state = *country;
  p.header.push_back({"country", *country, Field::Kind::text, std::nullopt});

  SignatureInfo sig;
  bool algorithm_known = true;
  if (is_signed) {
    const std::uint8_t alg = data[2];
    algorithm_known = alg <= 3;
    const auto& [algorithm, name] = k_algorithms[alg == 0 ? 0 : (alg - 1) % 3];
    if (alg == 0) {
      p.quirks.push_back("signature algorithm byte 0x00 read as ECDSA-SHA256 (0-based numbering "
                         "of early encoders)");
    }
    if (algorithm_known) {
      sig.algorithm = algorithm;
    } else {
      p.problems.push_back("unknown IDB signature algorithm 0x" + to_hex(data.subspan(2, 1)));
    }
    p.header.push_back({"signature_algorithm",
                        std::string(algorithm_known ? name : "unknown") + " (0x" +
                            to_hex(data.subspan(2, 1)) + ")",
                        Field::Kind::text, std::nullopt});
    sig.reference = to_hex(data.subspan(3, 5));
    sig.reference_kind = ReferenceKind::sha1_tail5;
    p.header.push_back({"certificate_reference", sig.reference, Field::Kind::hex, std::nullopt});
    const auto date = masked_date_text(data.subspan(8, 4));
    if (!date) {
      p.problems.push_back("signature date is not a masked date");
    } else {
      p.header.push_back({"signature_date", *date, Field::Kind::text, std::nullopt});
      sig.signing_date = parse_iso_date(*date);
      if (!sig.signing_date) {
        p.problems.push_back("signature date " + *date + " is not a complete calendar date");
      }
    }
  }

  auto group = detail::read_tlv(data, header_size);
  if (!group) {
    return group.error();
  }
  if (group->tag != k_tag_messages) {
    return make_error(ErrorCode::malformed, "IDB payload has no message group (tag 0x61)",
                      static_cast<std::ptrdiff_t>(header_size));
  }
  Decoder decoder{p, *country == "D<<" || *country == "D"};
  if (auto ok =
          decoder.messages(group->value, header_size + group->size - group->value.size(), "", 0);
      !ok) {
    return ok.error();
  }
  if (p.fields.empty()) {
    p.problems.push_back("IDB message group is empty");
  }

  bool have_signature = false;
  for (std::size_t pos = header_size + group->size; pos < data.size();) {
    auto tlv = detail::read_tlv(data, pos);
    if (!tlv) {
      return tlv.error();
    }
    pos += tlv->size;
    if (tlv->tag == k_tag_certificate && !have_signature && !sig.certificate) {
      sig.certificate = Bytes(tlv->value.begin(), tlv->value.end());
    } else if (tlv->tag == k_tag_signature && !have_signature) {
      have_signature = true;
      sig.signature.assign(tlv->value.begin(), tlv->value.end());
      if (sig.signature.empty() || sig.signature.size() % 2 != 0) {
        p.problems.push_back("IDB signature is not r||s (" + std::to_string(sig.signature.size()) +
                             " bytes)");
      }
    } else {
      p.problems.push_back("unexpected IDB TLV with tag 0x" + to_hex(data.subspan(tlv->offset, 1)) +
                           " at offset " + std::to_string(tlv->offset));
    }
  }
  if (is_signed) {
    if (!have_signature) {
      p.problems.push_back("signed IDB (flag " + std::string(1, text[4]) +
                           ") without a signature TLV 0x7F");
    }
    if (algorithm_known) {
      const auto group_bytes = data.subspan(header_size, group->size);
      sig.signed_data.assign(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(header_size));
      sig.signed_data.insert(sig.signed_data.end(), group_bytes.begin(), group_bytes.end());
      p.signature = std::move(sig);
    }
  } else if (have_signature || sig.certificate) {
    p.problems.push_back("unsigned IDB (flag " + std::string(1, text[4]) +
                         ") carries signature TLVs: ignored");
  }
  return p;
}

// --- Builders

namespace {

Result<Bytes> hex_bytes(std::string_view hex, const std::string& name) {
  const auto nibble = [](char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
  };
  Bytes out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = nibble(hex[i]);
    const int low = i + 1 < hex.size() ? nibble(hex[i + 1]) : -1;
    if (high < 0 || low < 0) {
      return make_error(ErrorCode::invalid_argument, name + ": not an even number of hex digits",
                        static_cast<std::ptrdiff_t>(i));
    }
    out.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  return out;
}

Result<Bytes> encode_value(const MessageType* type, const Field& f) {
  if (f.kind == Field::Kind::hex || type == nullptr) {
    return hex_bytes(f.value, f.name);
  }
  std::optional<Bytes> out;
  switch (type->coding) {
  case Coding::bytes:
  case Coding::container:
    return hex_bytes(f.value, f.name);
  case Coding::c40:
  case Coding::mrz: {
    std::string chars;
    for (const char c : f.value) {
      if (c != '\n') {
        chars += c;
      }
    }
    auto bytes = c40_encode(chars);
    if (!bytes) {
      return make_error(ErrorCode::invalid_argument, f.name + ": " + bytes.error().message);
    }
    return bytes;
  }
  case Coding::masked_date:
    out = masked_date_bytes(f.value);
    break;
  case Coding::number: {
    std::uint64_t n = 0;
    if (f.value.empty() || f.value.size() > 10) {
      break;
    }
    for (const char c : f.value) {
      if (c < '0' || c > '9') {
        return make_error(ErrorCode::invalid_argument, f.name + ": not a decimal number");
      }
      n = n * 10 + static_cast<unsigned>(c - '0');
    }
    if (n > 0xFFFFFFFFu) {
      break;
    }
    out = Bytes{}; // big-endian, as few bytes as the value needs
    for (int shift = 24; shift >= 0; shift -= 8) {
      if ((n >> shift) != 0 || shift == 0 || !out->empty()) {
        out->push_back(static_cast<std::uint8_t>((n >> shift) & 0xFF));
      }
    }
    break;
  }
  }
  if (!out) {
    return make_error(ErrorCode::invalid_argument, f.name + ": value does not fit its coding");
  }
  return std::move(*out);
}

Result<Bytes> encode_messages(const std::vector<Field>& messages) {
  Bytes group;
  for (std::size_t i = 0; i < messages.size();) {
    const Field& f = messages[i];
    const auto dot = f.name.find('.');
    if (dot != std::string::npos) {
      const std::string container = f.name.substr(0, dot);
      const MessageType* outer = by_name(k_icao_messages, container);
      if (outer == nullptr || outer->coding != Coding::container) {
        return make_error(ErrorCode::invalid_argument, f.name + ": unknown message container");
      }
      Bytes inner;
      for (; i < messages.size() && messages[i].name.compare(0, dot + 1, container + ".") == 0;
           ++i) {
        const Field& m = messages[i];
        const std::string_view sub = std::string_view(m.name).substr(dot + 1);
        const MessageType* type =
            outer->tag == 0x01 ? by_name(k_visa_messages, sub) : by_name(k_etd_messages, sub);
        if (type == nullptr && !m.tag) {
          return make_error(ErrorCode::invalid_argument,
                            m.name + ": unknown message without a tag");
        }
        auto value = encode_value(type, m);
        if (!value) {
          return value.error();
        }
        detail::append_tlv(inner, type != nullptr ? type->tag : static_cast<std::uint8_t>(*m.tag),
                           *value);
      }
      detail::append_tlv(group, outer->tag, inner);
      continue;
    }
    const MessageType* type = by_name(k_icao_messages, f.name);
    if (type == nullptr) {
      type = by_name(k_german_messages, f.name);
    }
    if (type == nullptr && (!f.tag || *f.tag < 0 || *f.tag > 0xFF)) {
      return make_error(ErrorCode::invalid_argument, f.name + ": unknown message without a tag");
    }
    auto value = encode_value(type, f);
    if (!value) {
      return value.error();
    }
    detail::append_tlv(group, type != nullptr ? type->tag : static_cast<std::uint8_t>(*f.tag),
                       *value);
    ++i;
  }
  Bytes out;
  detail::append_tlv(out, k_tag_messages, group);
  return out;
}

Result<Bytes> country_bytes(const std::string& country) {
  auto bytes = c40_encode(country);
  if (country.size() != 3 || !bytes || bytes->size() != 2) {
    return make_error(ErrorCode::invalid_argument, "IDB country must be 3 C40 characters");
  }
  return std::move(*bytes);
}

Result<std::string> finish_text(Bytes payload, bool is_signed, bool compress) {
  if (compress) {
    payload = zlib::deflate(payload);
    if (payload.empty()) {
      return make_error(ErrorCode::limit_exceeded, "IDB payload could not be compressed");
    }
  }
  const char flag = static_cast<char>('A' + (is_signed ? 1 : 0) + (compress ? 2 : 0));
  return std::string("RDB1") + flag + base32_encode(payload);
}

} // namespace

Result<Bytes> idb_signed_data(const IdbBuild& build) {
  auto out = country_bytes(build.country);
  if (!out) {
    return out;
  }
  std::size_t index = 0;
  while (index < 3 && k_algorithms[index].first != build.algorithm) {
    ++index;
  }
  if (index == 3) {
    return make_error(ErrorCode::invalid_argument, "IDB signs with ECDSA-SHA256/384/512 only");
  }
  out->push_back(static_cast<std::uint8_t>(index + 1));
  if (build.certificate_reference.size() != 5) {
    return make_error(ErrorCode::invalid_argument, "IDB certificate reference must be 5 bytes");
  }
  out->insert(out->end(), build.certificate_reference.begin(), build.certificate_reference.end());
  const CivilDate& d = build.signing_date;
  if (!is_valid_date(d.year, d.month, d.day) || d.year > 9999 || d.year < 0) {
    return make_error(ErrorCode::invalid_argument, "IDB signing date is not a valid date");
  }
  auto date = masked_date_bytes(to_iso(d));
  if (!date) {
    return make_error(ErrorCode::invalid_argument, "IDB signing date is not a valid date");
  }
  out->insert(out->end(), date->begin(), date->end());
  auto group = encode_messages(build.messages);
  if (!group) {
    return group.error();
  }
  out->insert(out->end(), group->begin(), group->end());
  return out;
}

Result<std::string> idb_finish(const IdbBuild& build, ByteView raw_rs) {
  if (raw_rs.empty() || raw_rs.size() % 2 != 0) {
    return make_error(ErrorCode::invalid_argument, "IDB signature must be r||s of even size");
  }
  auto payload = idb_signed_data(build);
  if (!payload) {
    return payload.error();
  }
  if (build.embed_certificate) {
    detail::append_tlv(*payload, k_tag_certificate, *build.embed_certificate);
  }
  detail::append_tlv(*payload, k_tag_signature, raw_rs);
  return finish_text(std::move(*payload), true, build.compress);
}

Result<std::string> idb_unsigned(const IdbBuild& build) {
  auto payload = country_bytes(build.country);
  if (!payload) {
    return payload.error();
  }
  auto group = encode_messages(build.messages);
  if (!group) {
    return group.error();
  }
  payload->insert(payload->end(), group->begin(), group->end());
  return finish_text(std::move(*payload), false, build.compress);
}

} // namespace mrtd::barcode
