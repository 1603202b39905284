#include "barcode/bcbp.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace mrtd::barcode {

namespace {

// One fixed-width item of Resolution 792: its field name and width in characters.
struct Item {
  std::string_view name;
  std::size_t width;
};

// Mandatory items repeated for every leg (after the 23 characters `M`, leg count, name, e-ticket
// indicator), followed by the 2-hex-digit size of the leg's conditional section.
constexpr Item k_leg_items[] = {{"pnr", 7},
                                {"from_airport", 3},
                                {"to_airport", 3},
                                {"carrier", 3},
                                {"flight_number", 5},
                                {"flight_julian_date", 3},
                                {"compartment", 1},
                                {"seat", 4},
                                {"checkin_sequence", 5},
                                {"passenger_status", 1}};
constexpr std::size_t k_leg_width = 35; // the items above
constexpr std::size_t k_head_width = 23;

constexpr std::size_t total_width(std::span<const Item> items) {
  std::size_t width = 0;
  for (const Item& item : items) {
    width += item.width;
  }
  return width;
}
static_assert(total_width(k_leg_items) == k_leg_width);

// Conditional items that appear once, in the first leg's section after `>` + version.
constexpr Item k_unique_items[] = {
    {"passenger_description", 1}, {"checkin_source", 1}, {"issuance_source", 1},
    {"issue_julian_date", 4},     {"document_type", 1},  {"issuer_designator", 3},
    {"baggage_tag", 13},          {"baggage_tag_2", 13}, {"baggage_tag_3", 13}};

// Conditional items repeated for every leg (fast track since version 5).
constexpr Item k_repeated_items[] = {{"airline_numeric_code", 3},
                                     {"document_serial", 10},
                                     {"selectee", 1},
                                     {"document_verification", 1},
                                     {"marketing_carrier", 3},
                                     {"frequent_flyer_airline", 3},
                                     {"frequent_flyer_number", 16},
                                     {"id_ad_indicator", 1},
                                     {"free_baggage_allowance", 3},
                                     {"fast_track", 1}};

// A block of conditional items preceded by its 2-hex-digit size; `per_leg` items are named
// `leg<N>.<name>`. Characters after the known items are kept as `extra`.
struct Block {
  std::string_view what;
  std::span<const Item> items;
  bool per_leg;
  std::string_view extra;
};
constexpr Block k_unique_block{"unique conditional items", k_unique_items, false, "unique_extra"};
constexpr Block k_repeated_block{"repeated conditional items", k_repeated_items, true,
                                 "repeated_extra"};

std::string_view trim_right(std::string_view s) {
  const auto end = s.find_last_not_of(' ');
  return end == std::string_view::npos ? std::string_view() : s.substr(0, end + 1);
}

std::optional<std::size_t> hex2(std::string_view s) {
  std::size_t value = 0;
  for (const char c : s) {
    int digit = -1;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return std::nullopt;
    }
    value = value * 16 + static_cast<std::size_t>(digit);
  }
  return value;
}

bool is_digits(std::string_view s) {
  return s.find_first_not_of("0123456789") == std::string_view::npos;
}

Error fail(std::string message, std::size_t offset) {
  return make_error(ErrorCode::malformed, std::move(message), static_cast<std::ptrdiff_t>(offset));
}

// Walks the text once; each method consumes one part and records fields into `out`.
class Reader {
public:
  explicit Reader(std::string_view text) : m_text(text) {}

  Result<Payload> run();

private:
  void add(std::string name, std::string_view value) {
    m_out.fields.push_back(Field{std::move(name), std::string(value), Field::Kind::text, {}});
  }
  std::string leg_name(int leg, std::string_view name) const {
    return "leg" + std::to_string(leg) + "." + std::string(name);
  }
  void problem(std::string text) { m_out.problems.push_back(std::move(text)); }

  std::optional<Error> read_leg(int leg);
  std::optional<Error> read_conditional(int leg, std::size_t begin, std::size_t end);
  std::optional<Error> read_block(int leg, const Block& block, std::size_t& pos, std::size_t end);
  std::optional<Error> read_security();
  void check_julian(std::string_view name, std::string_view value, std::size_t offset);

  std::string_view m_text;
  std::size_t m_pos = 0;
  Payload m_out;
};

Result<Payload> Reader::run() {
  m_out.kind = PayloadKind::bcbp;
  m_out.profile = "bcbp";
  if (m_text.empty()) {
    return fail("empty BCBP text", 0);
  }
  for (std::size_t i = 0; i < m_text.size(); ++i) {
    const auto c = static_cast<unsigned char>(m_text[i]);
    if (c < 0x20 || c > 0x7E) {
      return fail("BCBP text holds a byte that is not printable ASCII", i);
    }
  }
  if (m_text[0] != 'M') {
    return make_error(m_text[0] == 'S' ? ErrorCode::unsupported : ErrorCode::malformed,
                      "unsupported BCBP format code '" + std::string(1, m_text[0]) +
                          "' (only 'M' is decoded)",
                      0);
  }
  if (m_text.size() < 2 || m_text[1] < '1' || m_text[1] > '9') {
    return fail("number of legs is not a digit 1-9", 1);
  }
  if (m_text.size() < k_head_width) {
    return fail("BCBP text truncated in the passenger name (23 characters needed)", m_text.size());
  }
  m_out.header.push_back(Field{"format_code", "M", Field::Kind::text, {}});
  m_out.header.push_back(Field{"legs", std::string(1, m_text[1]), Field::Kind::text, {}});
  add("passenger_name", trim_right(m_text.substr(2, 20)));
  add("electronic_ticket", trim_right(m_text.substr(22, 1)));
  m_pos = k_head_width;
  const int legs = m_text[1] - '0';
  for (int leg = 1; leg <= legs; ++leg) {
    if (auto error = read_leg(leg)) {
      return *error;
    }
  }
  if (m_pos < m_text.size()) {
    if (auto error = read_security()) {
      return *error;
    }
  }
  return std::move(m_out);
}

std::optional<Error> Reader::read_leg(int leg) {
  if (m_text.size() - m_pos < k_leg_width + 2) {
    return fail("BCBP text truncated in the mandatory items of leg " + std::to_string(leg) +
                    " (37 characters needed from offset " + std::to_string(m_pos) + ")",
                m_text.size());
  }
  std::size_t pos = m_pos;
  for (const Item& item : k_leg_items) {
    const std::string_view value = trim_right(m_text.substr(pos, item.width));
    add(leg_name(leg, item.name), value);
    if (item.name == "flight_julian_date") {
      check_julian(leg_name(leg, item.name), m_text.substr(pos, item.width), pos);
    }
    pos += item.width;
  }
  const auto size = hex2(m_text.substr(pos, 2));
  if (!size) {
    return fail("size of the conditional section of leg " + std::to_string(leg) +
                    " is not 2 hex digits",
                pos);
  }
  pos += 2;
  if (*size > m_text.size() - pos) {
    return fail("conditional section of leg " + std::to_string(leg) + " (" + std::to_string(*size) +
                    " characters) exceeds the input (" + std::to_string(m_text.size() - pos) +
                    " left)",
                pos - 2);
  }
  m_pos = pos + *size;
  return read_conditional(leg, pos, m_pos);
}

// [begin, end) is the leg's conditional section; its size was checked against the input.
std::optional<Error> Reader::read_conditional(int leg, std::size_t begin, std::size_t end) {
  std::size_t pos = begin;
  if (pos == end) {
    return std::nullopt;
  }
  if (leg == 1) {
    if (m_text[pos] != '>') {
      return fail("conditional section of leg 1 does not start with '>' (version number)", pos);
    }
    ++pos;
    if (pos == end) {
      problem("conditional section of leg 1 ends before the version number");
      return std::nullopt;
    }
    const char version = m_text[pos++];
    m_out.header.push_back(Field{"version", std::string(1, version), Field::Kind::text, {}});
    if (version < '0' || version > '9') {
      problem("BCBP version number '" + std::string(1, version) + "' is not a digit");
    }
    if (auto error = read_block(leg, k_unique_block, pos, end)) {
      return error;
    }
  }
  if (auto error = read_block(leg, k_repeated_block, pos, end)) {
    return error;
  }
  const std::string_view rest = trim_right(m_text.substr(pos, end - pos));
  if (!rest.empty()) {
    add(leg_name(leg, "airline_use"), rest);
  }
  return std::nullopt;
}

// One sized block inside a conditional section: 2 hex digits, then the items as far as the
// size reaches. A size beyond the enclosing section is clamped to it (a problem, not an error:
// the items before it are still readable).
std::optional<Error> Reader::read_block(int leg, const Block& block, std::size_t& pos,
                                        std::size_t end) {
  const std::string what(block.what);
  if (pos == end) {
    return std::nullopt;
  }
  if (end - pos < 2) {
    problem("leg " + std::to_string(leg) + ": conditional section ends inside the size of the " +
            what);
    pos = end;
    return std::nullopt;
  }
  const auto size = hex2(m_text.substr(pos, 2));
  if (!size) {
    return fail("leg " + std::to_string(leg) + ": size of the " + what + " is not 2 hex digits",
                pos);
  }
  pos += 2;
  std::size_t block_end = pos + *size;
  if (block_end > end) {
    problem("leg " + std::to_string(leg) + ": " + what + " declare " + std::to_string(*size) +
            " characters, the conditional section holds " + std::to_string(end - pos));
    block_end = end;
  }
  const auto name_of = [&](std::string_view name) {
    return block.per_leg ? leg_name(leg, name) : std::string(name);
  };
  for (const Item& item : block.items) {
    if (pos == block_end) {
      break;
    }
    const std::size_t width = std::min(item.width, block_end - pos);
    const std::string name = name_of(item.name);
    if (width < item.width) {
      problem("leg " + std::to_string(leg) + ": " + name + " cut short by the size of the " + what +
              " (" + std::to_string(width) + " of " + std::to_string(item.width) + " characters)");
    }
    const std::string_view raw = m_text.substr(pos, width);
    if (!trim_right(raw).empty()) {
      add(name, trim_right(raw));
    }
    if (item.name == "issue_julian_date" && width == item.width && !trim_right(raw).empty()) {
      check_julian(name, raw.substr(1), pos + 1);
      if (!is_digits(raw.substr(0, 1))) {
        problem(name + " '" + std::string(raw) + "' does not start with a year digit");
      }
    }
    pos += width;
  }
  if (pos < block_end) {
    const std::string_view rest = trim_right(m_text.substr(pos, block_end - pos));
    if (!rest.empty()) {
      add(name_of(block.extra), rest);
    }
    pos = block_end;
  }
  return std::nullopt;
}

std::optional<Error> Reader::read_security() {
  if (m_text[m_pos] != '^') {
    return fail("expected '^' (beginning of security data) after the last leg", m_pos);
  }
  if (m_text.size() - m_pos < 4) {
    return fail("security data truncated in its type and length", m_text.size());
  }
  const auto length = hex2(m_text.substr(m_pos + 2, 2));
  if (!length) {
    return fail("security data length is not 2 hex digits", m_pos + 2);
  }
  const std::size_t data = m_pos + 4;
  if (*length > m_text.size() - data) {
    return fail("security data length " + std::to_string(*length) +
                    " runs past the end of the input (" + std::to_string(m_text.size() - data) +
                    " characters left)",
                m_pos + 2);
  }
  add("security_type", m_text.substr(m_pos + 1, 1));
  add("security_data", m_text.substr(data, *length));
  if (data + *length != m_text.size()) {
    return fail("trailing characters after the security data", data + *length);
  }
  m_pos = m_text.size();
  return std::nullopt;
}

// A Julian date of Resolution 792: the day of the year, 3 digits, 001-366.
void Reader::check_julian(std::string_view name, std::string_view value, std::size_t offset) {
  if (value.size() == 3 && is_digits(value)) {
    const int day = (value[0] - '0') * 100 + (value[1] - '0') * 10 + (value[2] - '0');
    if (day >= 1 && day <= 366) {
      return;
    }
  }
  problem(std::string(name) + " '" + std::string(value) + "' at offset " + std::to_string(offset) +
          " is not a day of the year (001-366)");
}

} // namespace

Result<Payload> decode_bcbp(ByteView payload) {
  const std::string_view text(reinterpret_cast<const char*>(payload.data()), payload.size());
  return Reader(text).run();
}

} // namespace mrtd::barcode
