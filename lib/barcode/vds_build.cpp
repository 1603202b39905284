#include "barcode/c40.hpp"
#include "barcode/detail/utf8.hpp"
#include "barcode/detail/vds_profiles.hpp"
#include "barcode/vds.hpp"
#include "core/date.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

// The VDS builder: conformant seals only (v3 or v4 header as ICAO defines them, BER lengths in
// their shortest form, features checked against the profile's codings and lengths).

namespace mrtd::barcode {

namespace {

using detail::byte_range;
using detail::Coding;
using detail::FeatureDef;
using detail::find_vds_profile;
using detail::is_valid_utf8;
using detail::k_unknown_profile;
using detail::ProfileDef;
using detail::vds_feature_table;
using detail::vds_profile_table;

constexpr std::uint8_t k_magic = 0xDC;
constexpr std::uint8_t k_signature_tag = 0xFF;
constexpr std::size_t k_max_signature_zone = 3 + 132; // 0xFF 0x81 0x84 + P-521 r||s

Error bad_field(const std::string& name, const std::string& why) {
  return make_error(ErrorCode::invalid_argument, "field " + name + ": " + why);
}

std::optional<std::uint64_t> parse_decimal(std::string_view s, std::uint64_t max) {
  std::uint64_t v = 0;
  if (s.empty() || s.size() > 20) {
    return std::nullopt;
  }
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v > max) {
    return std::nullopt;
  }
  return v;
}

std::optional<Bytes> parse_hex(std::string_view s) {
  auto digit = [](char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
  };
  if (s.size() % 2 != 0) {
    return std::nullopt;
  }
  Bytes out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int hi = digit(s[i]);
    const int lo = digit(s[i + 1]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
  }
  return out;
}

// `mrz` as decode shows it: two lines; line 2 may be longer than what the seal stores (the
// rest of a visa's line 2 is not carried, Doc 9303-13), and is cut to it.
Result<Bytes> encode_mrz(const FeatureDef& def, const std::string& value) {
  const auto nl = value.find('\n');
  if (nl == std::string::npos) {
    return bad_field(def.name, "expected two MRZ lines separated by a line feed");
  }
  const std::string line1 = value.substr(0, nl);
  std::string line2 = value.substr(nl + 1);
  const std::size_t stored2 = def.stored - def.line;
  if (line1.size() != def.line || line2.size() < stored2 || line2.size() > def.line) {
    return bad_field(def.name, "expected lines of " + std::to_string(def.line) + " characters");
  }
  const std::string all = line1 + line2.substr(0, stored2);
  for (const char c : all) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<')) {
      return bad_field(def.name, "MRZ characters are A-Z, 0-9 and '<'");
    }
  }
  return c40_encode(all);
}

Result<Bytes> encode_value(const FeatureDef& def, const std::string& value) {
  const std::string name = def.name;
  switch (def.coding) {
  case Coding::c40: {
    auto bytes = c40_encode(value);
    if (!bytes) {
      return bad_field(name, bytes.error().message);
    }
    return bytes;
  }
  case Coding::mrz:
    return encode_mrz(def, value);
  case Coding::utf8: {
    const Bytes bytes(value.begin(), value.end());
    if (!is_valid_utf8(bytes)) {
      return bad_field(name, "not valid UTF-8");
    }
    return bytes;
  }
  case Coding::hex:
    if (auto bytes = parse_hex(value)) {
      return *bytes;
    }
    return bad_field(name, "expected hex digits in pairs");
  case Coding::number:
    if (auto v = parse_decimal(value, 255)) {
      return Bytes{static_cast<std::uint8_t>(*v)};
    }
    return bad_field(name, "expected a number from 0 to 255");
  case Coding::duration: {
    // "D days, M months, Y years", as decode_value writes it.
    std::array<std::uint64_t, 3> v{};
    std::string_view rest = value;
    static constexpr const char* k_units[] = {" days", " months", " years"};
    for (std::size_t i = 0; i < 3; ++i) {
      const auto end = rest.find(k_units[i]);
      const auto n =
          end == std::string_view::npos ? std::nullopt : parse_decimal(rest.substr(0, end), 255);
      if (!n) {
        return bad_field(name, "expected \"D days, M months, Y years\" with numbers 0 to 255");
      }
      v[i] = *n;
      rest.remove_prefix(end + std::string_view(k_units[i]).size());
      if (i < 2 && !rest.starts_with(", ")) {
        return bad_field(name, "expected \"D days, M months, Y years\"");
      }
      rest.remove_prefix(i < 2 ? 2 : 0);
    }
    if (!rest.empty()) {
      return bad_field(name, "expected \"D days, M months, Y years\"");
    }
    return Bytes{static_cast<std::uint8_t>(v[0]), static_cast<std::uint8_t>(v[1]),
                 static_cast<std::uint8_t>(v[2])};
  }
  case Coding::date: {
    const auto d = parse_iso_date(value);
    if (!d) {
      return bad_field(name, "expected a date YYYY-MM-DD");
    }
    const auto v = static_cast<std::uint32_t>(d->month * 1000000 + d->day * 10000 + d->year);
    return Bytes{static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8 & 0xFF),
                 static_cast<std::uint8_t>(v & 0xFF)};
  }
  case Coding::timestamp: {
    const auto t = parse_instant(value);
    if (!t || *t < 0 || *t > std::numeric_limits<std::uint32_t>::max()) {
      return bad_field(name, "expected a time YYYY-MM-DDTHH:MM:SSZ from 1970 to 2106");
    }
    const auto v = static_cast<std::uint32_t>(*t);
    return Bytes{static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16 & 0xFF),
                 static_cast<std::uint8_t>(v >> 8 & 0xFF), static_cast<std::uint8_t>(v & 0xFF)};
  }
  case Coding::uint_le:
  case Coding::uint_be: {
    const bool le = def.coding == Coding::uint_le;
    const std::size_t size = le ? def.min : 8;
    const std::uint64_t max = size >= 8 ? std::numeric_limits<std::uint64_t>::max()
                                        : (std::uint64_t{1} << (8 * size)) - 1;
    const auto v = parse_decimal(value, max);
    if (!v) {
      return bad_field(name, "expected a number from 0 to " + std::to_string(max));
    }
    Bytes out;
    for (std::size_t i = 0; i < size; ++i) {
      out.push_back(static_cast<std::uint8_t>(*v >> (8 * i) & 0xFF));
    }
    if (!le) { // big-endian, as few bytes as the value needs
      while (out.size() > 1 && out.back() == 0) {
        out.pop_back();
      }
      std::reverse(out.begin(), out.end());
    }
    return out;
  }
  }
  return bad_field(name, "unsupported coding");
}

// The tag a `tag_0xNN` name stands for.
std::optional<std::uint8_t> generic_tag(std::string_view name) {
  if (name.size() != 8 || !name.starts_with("tag_0x")) {
    return std::nullopt;
  }
  const auto b = parse_hex(name.substr(6));
  return b ? std::optional<std::uint8_t>((*b)[0]) : std::nullopt;
}

Result<std::uint16_t> build_document_type(std::string_view profile,
                                          std::optional<std::uint16_t> requested) {
  if (profile == k_unknown_profile) {
    if (!requested) {
      return make_error(ErrorCode::invalid_argument,
                        "profile unknown needs an explicit document type");
    }
    if (const ProfileDef* p = find_vds_profile(*requested)) {
      return make_error(
          ErrorCode::invalid_argument,
          "document type " +
              to_hex(std::array<std::uint8_t, 2>{static_cast<std::uint8_t>(*requested >> 8),
                                                 static_cast<std::uint8_t>(*requested & 0xFF)}) +
              " is profile " + p->name + ", not unknown");
    }
    return *requested;
  }
  const ProfileDef* first = nullptr;
  for (const ProfileDef& p : vds_profile_table()) {
    if (p.name == profile) {
      if (first == nullptr) {
        first = &p;
      }
      if (requested && p.document_type == *requested) {
        return *requested;
      }
    }
  }
  if (first == nullptr) {
    return make_error(ErrorCode::invalid_argument, "unknown VDS profile " + std::string(profile));
  }
  if (requested) {
    return make_error(ErrorCode::invalid_argument,
                      "the document type does not belong to profile " + std::string(profile));
  }
  return first->document_type;
}

Result<Bytes> encode_features(std::uint16_t document_type, std::span<const Field> fields) {
  const ProfileDef* profile = find_vds_profile(document_type);
  std::vector<const FeatureDef*> table;
  if (profile != nullptr) {
    Bytes uuid;
    for (const Field& f : fields) {
      if (f.name == "profile_uuid") {
        uuid = parse_hex(f.value).value_or(Bytes{});
      }
    }
    table = vds_feature_table(*profile, uuid);
  }
  const std::string profile_name = profile != nullptr ? profile->name : k_unknown_profile;
  std::array<bool, 256> seen{};
  Bytes out;
  for (const Field& f : fields) {
    const FeatureDef* def = nullptr;
    std::uint8_t tag = 0;
    Bytes value;
    if (const auto generic = generic_tag(f.name)) {
      tag = *generic;
      for (const FeatureDef* d : table) {
        if (d->tag == tag) {
          return bad_field(f.name, "tag " + std::to_string(tag) + " is " + d->name + " in " +
                                       profile_name + "; use that name");
        }
      }
      auto bytes = parse_hex(f.value);
      if (!bytes) {
        return bad_field(f.name, "expected hex digits in pairs");
      }
      value = std::move(*bytes);
    } else {
      for (const FeatureDef* d : table) {
        // Several features may share a name (icao.visa `mrz`): the MRZ line length decides.
        if (d->name == f.name && (d->coding != Coding::mrz || f.value.find('\n') == d->line)) {
          def = d;
          break;
        }
      }
      if (def == nullptr) {
        const bool named = std::any_of(table.begin(), table.end(),
                                       [&](const FeatureDef* d) { return d->name == f.name; });
        return bad_field(f.name, named ? "the MRZ lines fit no MRZ feature of " + profile_name
                                       : "not a field of profile " + profile_name);
      }
      tag = def->tag;
      auto bytes = encode_value(*def, f.value);
      if (!bytes) {
        return bytes.error();
      }
      value = std::move(*bytes);
      if (value.size() < def->min || value.size() > def->max) {
        return bad_field(f.name, "encodes to " + std::to_string(value.size()) + " bytes; " +
                                     profile_name + " requires " + byte_range(def->min, def->max));
      }
    }
    if (seen[tag]) {
      return bad_field(f.name, "given more than once");
    }
    seen[tag] = true;
    out.push_back(tag);
    detail::append_der_length(out, value.size());
    out.insert(out.end(), value.begin(), value.end());
  }
  for (const FeatureDef* def : table) {
    if (def->required && !seen[def->tag]) {
      return bad_field(def->name, "mandatory in profile " + profile_name + " but missing");
    }
  }
  if (profile != nullptr && profile->one_mrz && seen[1] == seen[2]) {
    return bad_field("mrz", "a visa needs exactly one MRZ: MRV-A (44-character lines) or MRV-B "
                            "(36-character lines)");
  }
  return out;
}

Error bad_member(const char* member, const std::string& why) {
  return make_error(ErrorCode::invalid_argument, std::string(member) + ": " + why);
}

bool all_of_set(std::string_view s, bool letters, bool digits, bool filler, bool hex) {
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return (letters && c >= 'A' && c <= 'Z') || (digits && c >= '0' && c <= '9') ||
           (filler && c == '<') || (hex && c >= 'A' && c <= 'F');
  });
}

void append_date(Bytes& out, const CivilDate& d) {
  const auto v = static_cast<std::uint32_t>(d.month * 1000000 + d.day * 10000 + d.year);
  out.push_back(static_cast<std::uint8_t>(v >> 16));
  out.push_back(static_cast<std::uint8_t>(v >> 8 & 0xFF));
  out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

void append(Bytes& out, const Bytes& more) {
  out.insert(out.end(), more.begin(), more.end());
}

} // namespace

Result<Bytes> build_vds_unsigned(const VdsBuild& b) {
  if (b.version != 3 && b.version != 4) {
    return bad_member("version", "must be 3 or 4");
  }
  if (b.issuing_state.size() != 3 || !all_of_set(b.issuing_state, true, false, true, false)) {
    return bad_member("issuing_state", "must be 3 characters A-Z or '<' (e.g. D<<, UTO)");
  }
  if (b.signer_id.size() != 4 || !all_of_set(b.signer_id, true, true, false, false)) {
    return bad_member("signer_id", "must be 4 characters A-Z, 0-9 (certificate C + CN)");
  }
  std::string ref = b.reference;
  std::transform(ref.begin(), ref.end(), ref.begin(), [](char c) {
    return c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c;
  });
  const bool dezv = b.signer_id == "DEZV";
  if (ref.empty() || !all_of_set(ref, false, true, false, true)) {
    return bad_member("reference", "must be hex digits (the certificate serial number)");
  }
  if (b.version == 3 && ref.size() > 5) {
    return bad_member("reference", "a v3 header holds at most 5 characters; use version 4");
  }
  if (ref.size() > (dezv ? 99u : 255u)) {
    return bad_member("reference", "too long for the header's 2-digit length");
  }
  for (const auto& [member, d] :
       {std::pair{"issue_date", b.issue_date}, std::pair{"signing_date", b.signing_date}}) {
    if (!is_valid_date(d.year, d.month, d.day)) {
      return bad_member(member, "not a calendar date");
    }
  }
  auto type = build_document_type(b.profile, b.document_type);
  if (!type) {
    return type.error();
  }
  auto message = encode_features(*type, b.fields);
  if (!message) {
    return message.error();
  }
  Bytes out{k_magic, static_cast<std::uint8_t>(b.version == 3 ? 0x02 : 0x03)};
  append(out, *c40_encode(b.issuing_state));
  if (b.version == 3) {
    append(out, *c40_encode(b.signer_id + std::string(5 - ref.size(), '0') + ref));
  } else {
    static constexpr char k_digits[] = "0123456789ABCDEF";
    const std::size_t radix = dezv ? 10 : 16; // TR-03171: DEZV writes the length in decimal
    const std::string length{k_digits[ref.size() / radix], k_digits[ref.size() % radix]};
    append(out, *c40_encode(b.signer_id + length));
    append(out, *c40_encode(ref));
  }
  append_date(out, b.issue_date);
  append_date(out, b.signing_date);
  out.push_back(static_cast<std::uint8_t>(*type >> 8));
  out.push_back(static_cast<std::uint8_t>(*type & 0xFF));
  append(out, *message);
  if (out.size() + k_max_signature_zone > k_vds_max_size) {
    return make_error(ErrorCode::limit_exceeded,
                      "the seal's " + std::to_string(out.size()) +
                          " bytes leave no room for a signature within " +
                          std::to_string(k_vds_max_size));
  }
  return out;
}

Bytes append_vds_signature(Bytes unsigned_vds, ByteView raw_rs) {
  unsigned_vds.push_back(k_signature_tag);
  detail::append_der_length(unsigned_vds, raw_rs.size());
  unsigned_vds.insert(unsigned_vds.end(), raw_rs.begin(), raw_rs.end());
  return unsigned_vds;
}

std::vector<std::string> vds_profiles() {
  std::vector<std::string> names{k_unknown_profile};
  for (const ProfileDef& p : vds_profile_table()) {
    names.emplace_back(p.name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Result<std::vector<std::string>> vds_profile_fields(std::string_view profile) {
  std::vector<std::string> names;
  bool found = profile == k_unknown_profile;
  for (const ProfileDef& p : vds_profile_table()) {
    if (p.name != profile) {
      continue;
    }
    found = true;
    for (const FeatureDef* f : detail::vds_all_features(p)) {
      if (std::find(names.begin(), names.end(), f->name) == names.end()) {
        names.emplace_back(f->name);
      }
    }
  }
  if (!found) {
    return make_error(ErrorCode::invalid_argument, "unknown VDS profile " + std::string(profile));
  }
  return names;
}

} // namespace mrtd::barcode
