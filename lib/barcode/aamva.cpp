#include "barcode/aamva.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mrtd::barcode {

namespace {

constexpr char k_lf = '\x0A';
constexpr char k_cr = '\x0D';
constexpr char k_rs = '\x1E';
constexpr char k_fs = '\x1C';

enum class Type { text, date, sex };

struct ElementSpec {
  std::string_view id;
  std::string_view name;
  Type type;
};

// Element IDs of annex D (2000-2020 editions) whose meaning is the same in every version.
// DBG, DBS and others that changed meaning between versions keep their ID.
constexpr ElementSpec k_elements[] = {
    {"DAA", "full_name", Type::text},
    {"DAB", "family_name", Type::text}, // version 01
    {"DAC", "first_name", Type::text},
    {"DAD", "middle_names", Type::text},
    {"DAE", "name_suffix", Type::text}, // version 01
    {"DAF", "name_prefix", Type::text}, // version 01
    {"DAG", "address_street", Type::text},
    {"DAH", "address_street_2", Type::text},
    {"DAI", "address_city", Type::text},
    {"DAJ", "address_state", Type::text},
    {"DAK", "address_postal_code", Type::text},
    {"DAQ", "document_number", Type::text},
    {"DAR", "license_classification", Type::text}, // version 01
    {"DAS", "license_restrictions", Type::text},   // version 01
    {"DAT", "license_endorsements", Type::text},   // version 01
    {"DAU", "height", Type::text},
    {"DAV", "height_cm", Type::text},
    {"DAW", "weight_pounds", Type::text},
    {"DAX", "weight_kilograms", Type::text},
    {"DAY", "eye_color", Type::text},
    {"DAZ", "hair_color", Type::text},
    {"DBA", "date_of_expiry", Type::date},
    {"DBB", "date_of_birth", Type::date},
    {"DBC", "sex", Type::sex},
    {"DBD", "date_of_issue", Type::date},
    {"DBN", "alias_family_name", Type::text},
    {"DCA", "vehicle_class", Type::text},
    {"DCB", "restriction_codes", Type::text},
    {"DCD", "endorsement_codes", Type::text},
    {"DCE", "weight_range", Type::text},
    {"DCF", "document_discriminator", Type::text},
    {"DCG", "country", Type::text},
    {"DCH", "federal_commercial_vehicle_codes", Type::text},
    {"DCI", "place_of_birth", Type::text},
    {"DCJ", "audit_information", Type::text},
    {"DCK", "inventory_control_number", Type::text},
    {"DCL", "race_ethnicity", Type::text},
    {"DCM", "standard_vehicle_classification", Type::text},
    {"DCN", "standard_endorsement_code", Type::text},
    {"DCO", "standard_restriction_code", Type::text},
    {"DCP", "vehicle_class_description", Type::text},
    {"DCQ", "endorsement_code_description", Type::text},
    {"DCR", "restriction_code_description", Type::text},
    {"DCS", "family_name", Type::text},
    {"DCT", "given_names", Type::text},
    {"DCU", "name_suffix", Type::text},
    {"DDA", "compliance_type", Type::text},
    {"DDB", "card_revision_date", Type::date},
    {"DDC", "hazmat_endorsement_expiry", Type::date},
    {"DDD", "limited_duration_document", Type::text},
    {"DDE", "family_name_truncation", Type::text},
    {"DDF", "first_name_truncation", Type::text},
    {"DDG", "middle_name_truncation", Type::text},
    {"DDH", "under_18_until", Type::date},
    {"DDI", "under_19_until", Type::date},
    {"DDJ", "under_21_until", Type::date},
    {"DDK", "organ_donor", Type::text},
    {"DDL", "veteran", Type::text},
};

const ElementSpec* find_element(std::string_view id) noexcept {
  const auto it = std::find_if(std::begin(k_elements), std::end(k_elements),
                               [id](const ElementSpec& e) { return e.id == id; });
  return it == std::end(k_elements) ? nullptr : it;
}

bool is_digits(std::string_view s) noexcept {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

int to_int(std::string_view digits) noexcept {
  int value = 0;
  for (const char c : digits) {
    value = value * 10 + (c - '0');
  }
  return value;
}

// A data element starts with a 3-letter ID: `D..` in DL/ID subfiles, `Z..` in jurisdiction ones.
bool is_element_id(std::string_view s) noexcept {
  return s.size() >= 3 && (s[0] == 'D' || s[0] == 'Z') &&
         std::all_of(s.begin(), s.begin() + 3, [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_subfile_type(std::string_view s) noexcept {
  return s.size() == 2 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
         });
}

std::string_view trim(std::string_view s) noexcept {
  const auto first = s.find_first_not_of(std::string_view(" \0", 2));
  if (first == std::string_view::npos) {
    return {};
  }
  return s.substr(first, s.find_last_not_of(std::string_view(" \0", 2)) - first + 1);
}

// ISO 8859-1 to UTF-8, so that every value is valid JSON text.
std::string to_utf8(std::string_view s, bool& widened) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out += c;
    } else {
      widened = true;
      out += static_cast<char>(0xC0 | (b >> 6));
      out += static_cast<char>(0x80 | (b & 0x3F));
    }
  }
  return out;
}

// A short printable excerpt of raw bytes for a message.
std::string excerpt(std::string_view s) {
  std::string out;
  for (const char c : s.substr(0, 24)) {
    const auto b = static_cast<unsigned char>(c);
    out += b >= 0x20 && b < 0x7F ? c : '?';
  }
  return s.size() > 24 ? out + "..." : out;
}

enum class DateOrder { mmddccyy, ccyymmdd };

std::optional<CivilDate> read_date(std::string_view v, DateOrder order) {
  if (v.size() != 8 || !is_digits(v)) {
    return std::nullopt;
  }
  const bool us = order == DateOrder::mmddccyy;
  const CivilDate date{to_int(v.substr(us ? 4 : 0, 4)), to_int(v.substr(us ? 0 : 4, 2)),
                       to_int(v.substr(us ? 2 : 6, 2))};
  if (!is_valid_date(date.year, date.month, date.day)) {
    return std::nullopt;
  }
  return date;
}

struct Designator {
  std::string type;
  std::size_t offset = 0;
  std::size_t length = 0;
};

struct RawElement {
  std::string_view id;
  std::string_view value;
};

class Reader {
public:
  explicit Reader(std::string_view text) : m_text(text) {}

  Result<Payload> run();

private:
  void quirk(std::string text) {
    if (std::find(m_out.quirks.begin(), m_out.quirks.end(), text) == m_out.quirks.end()) {
      m_out.quirks.push_back(std::move(text));
    }
  }
  void header(std::string name, std::string_view value) {
    m_out.header.push_back(Field{std::move(name), std::string(value), Field::Kind::text, {}});
  }
  std::optional<Error> read_designators(std::size_t pos);
  void read_subfiles(std::size_t data_start);
  void read_elements(std::size_t begin, std::size_t end);
  void emit_fields();

  std::string_view m_text;
  std::size_t m_end = 0;  // end of the data, trailing NUL padding excluded
  std::size_t m_base = 0; // offset of '@': designator offsets count from it
  int m_version = 0;
  std::vector<Designator> m_designators;
  std::vector<RawElement> m_elements;
  Payload m_out;
};

Error fail(std::string message, std::size_t offset) {
  return make_error(ErrorCode::malformed, std::move(message), static_cast<std::ptrdiff_t>(offset));
}

Result<Payload> Reader::run() {
  m_out.kind = PayloadKind::aamva;
  m_out.profile = "aamva";
  m_end = m_text.size();
  while (m_end > 0 && m_text[m_end - 1] == '\0') {
    --m_end;
  }
  if (m_end < m_text.size()) {
    quirk("NUL padding after the data ignored");
  }
  std::size_t p = 0;
  while (p < m_end && m_text[p] == ' ') {
    ++p;
  }
  if (p > 0) {
    quirk("blank before the compliance indicator '@' ignored");
  }
  m_base = p;
  if (p == m_end || m_text[p] != '@') {
    return fail("AAMVA header does not start with '@'", p);
  }
  if (m_end - p < 9) {
    return fail("AAMVA header truncated", m_end);
  }
  if (m_text[p + 1] == k_cr) {
    quirk("CR instead of LF after '@'");
  } else if (m_text[p + 1] != k_lf) {
    return fail("expected LF (data element separator) after '@'", p + 1);
  }
  if (m_text[p + 2] == k_fs) {
    quirk("FS (0x1C) instead of RS (0x1E) as record separator in the header");
  } else if (m_text[p + 2] != k_rs) {
    return fail("expected RS (record separator) in the header", p + 2);
  }
  if (m_text[p + 3] != k_cr) {
    return fail("expected CR (segment terminator) in the header", p + 3);
  }
  const std::string_view file_type = m_text.substr(p + 4, 5);
  if (file_type == "AAMVA") {
    quirk("file type 'AAMVA' instead of 'ANSI '");
  } else if (file_type != "ANSI ") {
    return fail("expected file type 'ANSI '", p + 4);
  }
  std::size_t q = p + 9;
  if (m_end - q >= 6 && is_digits(m_text.substr(q, 6))) {
    header("iin", m_text.substr(q, 6));
    if (auto error = read_designators(q + 6)) {
      return *error;
    }
  } else {
    // Pre-standard: blanks, the IIN, NUL bytes or text up to the first LF, then one element
    // per line without subfile designators or types.
    while (q < m_end && m_text[q] == ' ') {
      ++q;
    }
    if (m_end - q < 6 || !is_digits(m_text.substr(q, 6))) {
      return fail("no issuer identification number (6 digits) after the file type", q);
    }
    header("iin", m_text.substr(q, 6));
    const std::size_t lf = m_text.substr(0, m_end).find(k_lf, q + 6);
    if (lf == std::string_view::npos) {
      return fail("pre-standard AAMVA header is not followed by data elements", m_end);
    }
    const std::string skipped = std::to_string(lf - q - 6);
    quirk(
        "pre-standard header: blank padding before the IIN, no version, no subfile designators (" +
        skipped + " bytes of NUL padding or text skipped), elements without a subfile");
    read_elements(lf + 1, m_end);
  }
  emit_fields();
  return std::move(m_out);
}

std::optional<Error> Reader::read_designators(std::size_t pos) {
  if (m_end - pos < 4 || !is_digits(m_text.substr(pos, 2))) {
    return fail("AAMVA version is not 2 digits", pos);
  }
  m_version = to_int(m_text.substr(pos, 2));
  header("aamva_version", m_text.substr(pos, 2));
  pos += 2;
  if (!is_digits(m_text.substr(pos, 2))) {
    return fail("expected digits after the AAMVA version", pos);
  }
  // Version 01 has no jurisdiction version: the entry count is followed by a subfile type.
  if (m_end - pos >= 4 && is_digits(m_text.substr(pos + 2, 2))) {
    header("jurisdiction_version", m_text.substr(pos, 2));
    pos += 2;
  } else if (m_version != 1) {
    quirk("no jurisdiction version number in an AAMVA version " + std::to_string(m_version) +
          " header");
  }
  const int entries = to_int(m_text.substr(pos, 2));
  if (entries == 0) {
    return fail("number of subfile entries is 0", pos);
  }
  pos += 2;
  for (int i = 0; i < entries; ++i, pos += 10) {
    if (m_end - pos < 10) {
      return fail("AAMVA header truncated in subfile designator " + std::to_string(i + 1), m_end);
    }
    const std::string_view type = m_text.substr(pos, 2);
    if (!is_subfile_type(type) || !is_digits(m_text.substr(pos + 2, 8))) {
      return fail("subfile designator " + std::to_string(i + 1) +
                      " is not a type and two 4-digit numbers",
                  pos);
    }
    m_designators.push_back(
        Designator{std::string(type), static_cast<std::size_t>(to_int(m_text.substr(pos + 2, 4))),
                   static_cast<std::size_t>(to_int(m_text.substr(pos + 6, 4)))});
    header("subfile", type);
  }
  read_subfiles(pos);
  return std::nullopt;
}

// Finds each subfile where its designator says, else after the previous one (real-world
// offsets are often off by one or count from another origin), and reads its elements.
void Reader::read_subfiles(std::size_t data_start) {
  const std::string_view data = m_text.substr(0, m_end);
  std::size_t from = data_start;
  std::size_t last_end = data_start;
  for (const Designator& d : m_designators) {
    const std::size_t want = m_base + d.offset;
    std::size_t start = std::string_view::npos; // the subfile type
    std::size_t begin = std::string_view::npos; // its first element
    if (want >= data_start && want < m_end && data.substr(want, 2) == d.type) {
      start = want;
    } else {
      for (std::size_t at = data.find(d.type, from); at != std::string_view::npos;
           at = data.find(d.type, at + 1)) {
        if (is_element_id(data.substr(at + 2))) {
          start = at;
          break;
        }
      }
      if (start != std::string_view::npos) {
        quirk("subfile " + d.type + " found at offset " + std::to_string(start - m_base) +
              " (counted from '@'), its designator says " + std::to_string(d.offset));
      } else if (from < m_end && is_element_id(data.substr(from))) {
        quirk("subfile " + d.type + " does not repeat its type before its elements");
        start = from;
        begin = from;
      }
    }
    if (start == std::string_view::npos) {
      m_out.problems.push_back("subfile " + d.type + " of the header not found in the data");
      continue;
    }
    if (begin == std::string_view::npos) {
      begin = start + 2;
    }
    std::size_t end = start + d.length;
    if (end < begin + 1 || end > m_end || data[end - 1] != k_cr) {
      const std::size_t cr = data.find(k_cr, begin);
      const std::size_t found = cr == std::string_view::npos ? m_end : cr + 1;
      if (end > m_end && cr == std::string_view::npos) {
        m_out.problems.push_back("subfile " + d.type + ": its designator gives " +
                                 std::to_string(d.length) + " bytes, the data ends after " +
                                 std::to_string(m_end - start) + " without its CR: truncated?");
      } else {
        quirk("subfile " + d.type + " is " + std::to_string(found - start) +
              " bytes long, its designator says " + std::to_string(d.length));
      }
      end = found;
    }
    const std::size_t inner_cr = data.substr(begin, end - begin).find(k_cr);
    if (inner_cr != std::string_view::npos && begin + inner_cr + 1 < end) {
      quirk("CR (segment terminator) inside subfile " + d.type);
    }
    read_elements(begin, end);
    from = end;
    last_end = std::max(last_end, end);
  }
  if (last_end < m_end) {
    const std::string_view rest = data.substr(last_end);
    if (rest.find_first_not_of(" \r\n") == std::string_view::npos) {
      quirk("blank bytes after the last subfile ignored");
    } else {
      m_out.problems.push_back(std::to_string(rest.size()) + " bytes after the last subfile (at " +
                               std::to_string(last_end) + ") belong to no subfile: '" +
                               excerpt(rest) + "'");
    }
  }
}

// Elements in [begin, end): ID + value, each ended by LF or CR (empty lines skipped).
void Reader::read_elements(std::size_t begin, std::size_t end) {
  std::size_t pos = begin;
  while (pos < end) {
    std::size_t stop = pos;
    while (stop < end && m_text[stop] != k_lf && m_text[stop] != k_cr) {
      ++stop;
    }
    const std::string_view line = m_text.substr(pos, stop - pos);
    if (is_element_id(line)) {
      m_elements.push_back(RawElement{line.substr(0, 3), trim(line.substr(3))});
    } else if (!trim(line).empty()) {
      m_out.problems.push_back("text at offset " + std::to_string(pos) +
                               " is not a data element (no 3-letter ID), skipped: '" +
                               excerpt(line) + "'");
    }
    pos = stop + 1;
  }
}

void Reader::emit_fields() {
  std::string country;
  for (const RawElement& e : m_elements) {
    if (e.id == "DCG") {
      country = std::string(e.value);
      break;
    }
  }
  bool widened = false;
  m_out.issuing_state = to_utf8(country, widened);
  const DateOrder order =
      m_version == 1 || country == "CAN" ? DateOrder::ccyymmdd : DateOrder::mmddccyy;
  const DateOrder other = order == DateOrder::mmddccyy ? DateOrder::ccyymmdd : DateOrder::mmddccyy;
  for (const RawElement& e : m_elements) {
    const ElementSpec* spec = find_element(e.id);
    std::string name(spec != nullptr ? spec->name : e.id);
    std::string value = to_utf8(e.value, widened);
    if (spec != nullptr && spec->type == Type::date && !e.value.empty()) {
      std::optional<CivilDate> date = read_date(e.value, order);
      if (!date && e.value.size() == 10 && e.value[2] == '/' && e.value[5] == '/') {
        date = read_date(std::string(e.value.substr(0, 2)) + std::string(e.value.substr(3, 2)) +
                             std::string(e.value.substr(6, 4)),
                         DateOrder::mmddccyy);
        if (date) {
          quirk("dates written MM/DD/CCYY");
        }
      }
      if (!date) {
        date = read_date(e.value, other);
        if (date) {
          quirk(std::string("dates in ") +
                (other == DateOrder::ccyymmdd ? "CCYYMMDD" : "MMDDCCYY") +
                " order where this version and country use " +
                (order == DateOrder::ccyymmdd ? "CCYYMMDD" : "MMDDCCYY"));
        }
      }
      if (date) {
        value = to_iso(*date);
        if (e.id == "DBD") {
          m_out.issue_date = date;
        }
      } else {
        m_out.problems.push_back(std::string(e.id) + " (" + name + ") '" + value +
                                 "' is not a date");
      }
    } else if (spec != nullptr && spec->type == Type::sex) {
      if (value == "1" || value == "2" || value == "9") {
        value = value == "1" ? "M" : value == "2" ? "F" : "X";
      } else if (value != "M" && value != "F" && value != "X") {
        m_out.problems.push_back("DBC (sex) '" + value + "' is not 1, 2 or 9");
      }
    }
    m_out.fields.push_back(Field{std::move(name), std::move(value), Field::Kind::text, {}});
  }
  if (widened) {
    quirk("bytes above 0x7E read as ISO 8859-1");
  }
}

} // namespace

Result<Payload> decode_aamva(ByteView payload) {
  const std::string_view text(reinterpret_cast<const char*>(payload.data()), payload.size());
  return Reader(text).run();
}

std::string_view aamva_field_name(std::string_view element_id) noexcept {
  const ElementSpec* spec = find_element(element_id);
  return spec != nullptr ? spec->name : element_id;
}

} // namespace mrtd::barcode
