// DG11 (additional personal details) and DG12 (additional document details):
// 9303-10 §4.7.11 and §4.7.12.

#include "chip/detail/dump_parts.hpp"

#include <array>

namespace mrtd::chip::detail {

namespace {

struct TagName {
  std::uint32_t tag;
  const char* name;
  bool image;
};

constexpr TagName k_names[] = {
    {0x5C, "tag_list", false},
    // DG11
    {0x5F0E, "full_name", false},
    {0x5F0F, "other_name", false},
    {0x5F10, "personal_number", false},
    {0x5F2B, "full_date_of_birth", false},
    {0x5F11, "place_of_birth", false},
    {0x5F42, "permanent_address", false},
    {0x5F12, "telephone", false},
    {0x5F13, "profession", false},
    {0x5F14, "title", false},
    {0x5F15, "personal_summary", false},
    {0x5F16, "proof_of_citizenship", true},
    {0x5F17, "other_valid_td_numbers", false},
    {0x5F18, "custody_information", false},
    // DG12
    {0x5F19, "issuing_authority", false},
    {0x5F26, "date_of_issue", false},
    {0x5F1A, "name_of_other_person", false},
    {0x5F1B, "endorsements_and_observations", false},
    {0x5F1C, "tax_or_exit_requirements", false},
    {0x5F1D, "image_of_front", true},
    {0x5F1E, "image_of_rear", true},
    {0x5F55, "personalization_date_time", false},
    {0x5F56, "personalization_system_serial_number", false},
};

std::string tag_hex(std::uint32_t tag) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const auto byte = static_cast<std::uint8_t>(tag >> shift);
    if (byte != 0 || !out.empty() || shift == 0) {
      out += hex(ByteView(std::array<std::uint8_t, 1>{byte}));
    }
  }
  for (auto& c : out) {
    c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
  }
  return out;
}

// Valid UTF-8 without control characters other than CR/LF/TAB.
bool is_text(ByteView bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::uint8_t c = bytes[i];
    std::size_t more = 0;
    if (c < 0x20) {
      if (c != '\n' && c != '\r' && c != '\t') {
        return false;
      }
    } else if (c == 0x7F) {
      return false;
    } else if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
    } else if (c >= 0x80) {
      return false;
    }
    if (bytes.size() - i - 1 < more) {
      return false;
    }
    for (std::size_t k = 1; k <= more; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) {
        return false;
      }
    }
    i += more + 1;
  }
  return true;
}

void add_field(std::vector<FieldDump>& fields, const Tlv& tlv) {
  FieldDump field;
  field.tag = tag_hex(tlv.tag);
  field.size = tlv.value.size();
  bool image = false;
  for (const auto& row : k_names) {
    if (row.tag == tlv.tag) {
      field.name = row.name;
      image = row.image;
    }
  }
  if (field.name.empty()) {
    field.name = "tag_" + field.tag;
  }
  if (image) {
    field.sha256 = sha256_hex(tlv.value);
  } else if (tlv.tag == 0x5C) {
    std::string list;
    for (std::uint8_t tag : tlv.value) {
      list += (list.empty() ? "" : " ") + tag_hex(tag);
    }
    field.text = list;
  } else if (is_text(tlv.value)) {
    field.text = std::string(tlv.value.begin(), tlv.value.end());
  } else {
    field.text = hex(tlv.value); // e.g. a BCD date (yyyymmdd in 4 bytes)
  }
  fields.push_back(std::move(field));
}

} // namespace

Result<std::vector<FieldDump>> parse_fields(ByteView file, int dg) {
  auto outer = read_tlv(file);
  if (!outer) {
    return outer.error();
  }
  const std::uint32_t expected = dg == 11 ? 0x6B : 0x6C;
  if (outer->tag != expected) {
    return make_error(ErrorCode::malformed, "not DG" + std::to_string(dg) + " (tag " +
                                                tag_hex(expected) + ")", 0);
  }
  auto items = read_tlv_list(outer->value);
  if (!items) {
    return items.error();
  }
  std::vector<FieldDump> fields;
  for (const auto& item : *items) {
    if (item.tag != 0xA0) {
      add_field(fields, item);
      continue;
    }
    // A0: a count (02) then the repeated names (other names, other persons).
    auto inner = read_tlv_list(item.value);
    if (!inner) {
      return inner.error();
    }
    for (const auto& element : *inner) {
      if (element.tag != 0x02) {
        add_field(fields, element);
      }
    }
  }
  return fields;
}

} // namespace mrtd::chip::detail
