#include "mrz/check_digit.hpp"
#include "mrz/detail/engine.hpp"
#include "mrz/detail/fields.hpp"

#include <vector>

namespace mrtd::mrz::detail {

namespace {

// The OCR confusions Doc 9303's OCR-B invites (mrz.md pitfall 10): letter <-> digit.
constexpr char k_pairs[][2] = {{'O', '0'}, {'I', '1'}, {'Z', '2'},
                               {'S', '5'}, {'G', '6'}, {'B', '8'}};
// Largest number of ambiguous cells tried in one field (2^12 combinations).
constexpr std::size_t k_max_ambiguous = 12;

char to_digit(char c) noexcept {
  for (const auto& pair : k_pairs) {
    if (c == pair[0]) {
      return pair[1];
    }
  }
  return c;
}

char partner(char c) noexcept {
  for (const auto& pair : k_pairs) {
    if (c == pair[0]) {
      return pair[1];
    }
    if (c == pair[1]) {
      return pair[0];
    }
  }
  return 0;
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool verifies(std::string_view field, char cd) {
  const auto digit = compute_check_digit(field);
  return digit && is_digit(cd) && cd == static_cast<char>('0' + *digit);
}

char& cell(Lines& lines, Slice slice, int offset = 0) {
  return lines.at(static_cast<std::size_t>(slice.line),
                  static_cast<std::size_t>(slice.start + offset));
}

// Numeric cells (dates, check digits) can only hold digits (and < in a birth date): letters
// become their digit look-alikes by type alone, then the check digit must confirm.
void repair_numeric(Lines& lines, Slice field, Slice cd) {
  Lines trial = lines;
  for (int i = 0; i < field.length; ++i) {
    cell(trial, field, i) = to_digit(cell(trial, field, i));
  }
  cell(trial, cd) = to_digit(cell(trial, cd));
  if (trial != lines && verifies(get(trial, field), get_char(trial, cd))) {
    lines = std::move(trial);
  }
}

// Alphanumeric cells can hold either side of a confusion, so only a check digit can arbitrate:
// try every combination of the ambiguous cells and accept the single one that verifies.
bool repair_by_search(Lines& lines, const std::vector<Slice>& fields, const auto& verifies_now) {
  if (verifies_now(lines)) {
    return true;
  }
  std::vector<char*> ambiguous;
  for (Slice field : fields) {
    for (int i = 0; i < field.length; ++i) {
      char& c = cell(lines, field, i);
      if (partner(c) != 0) {
        ambiguous.push_back(&c);
      }
    }
  }
  if (ambiguous.empty() || ambiguous.size() > k_max_ambiguous) {
    return false;
  }
  const std::vector<char> original = [&] {
    std::vector<char> v;
    for (char* c : ambiguous) {
      v.push_back(*c);
    }
    return v;
  }();
  unsigned long found = 0;
  int solutions = 0;
  for (unsigned long mask = 1; mask < (1UL << ambiguous.size()); ++mask) {
    for (std::size_t i = 0; i < ambiguous.size(); ++i) {
      *ambiguous[i] = (mask >> i) & 1 ? partner(original[i]) : original[i];
    }
    if (verifies_now(lines)) {
      ++solutions;
      found = mask;
    }
  }
  for (std::size_t i = 0; i < ambiguous.size(); ++i) {
    *ambiguous[i] = solutions == 1 && ((found >> i) & 1) ? partner(original[i]) : original[i];
  }
  return solutions == 1;
}

void record(const Lines& before, const Lines& after, Slice field, const char* name,
            std::vector<Repair>& repairs) {
  const auto was = get(before, field);
  const auto now = get(after, field);
  for (std::size_t i = 0; i < was.size(); ++i) {
    if (was[i] != now[i]) {
      repairs.push_back(
          Repair{field.line + 1, field.start + static_cast<int>(i) + 1, was[i], now[i], name});
    }
  }
}

} // namespace

std::vector<Repair> repair_ocr(Lines& lines, Format format) {
  const FieldMap& map = field_map(format);
  const Lines original = lines;

  repair_numeric(lines, map.birth, map.birth_cd);
  if (map.expiry.present()) {
    repair_numeric(lines, map.expiry, map.expiry_cd);
  }
  // Document number, unless it is a long TD1/TD2 number (its digit lives in the optional data).
  if (get_char(lines, map.number_cd) != '<') {
    cell(lines, map.number_cd) = to_digit(cell(lines, map.number_cd));
    repair_by_search(lines, {map.number}, [&](const Lines& l) {
      return verifies(get(l, map.number), get_char(l, map.number_cd));
    });
  }
  if (map.personal_cd.present() && !all_fillers(get(lines, map.optional1))) {
    cell(lines, map.personal_cd) = to_digit(cell(lines, map.personal_cd));
    repair_by_search(lines, {map.optional1}, [&](const Lines& l) {
      return verifies(get(l, map.optional1), get_char(l, map.personal_cd));
    });
  }
  if (map.composite.present()) {
    cell(lines, map.composite) = to_digit(cell(lines, map.composite));
    const auto& p = map.composite_parts;
    auto composite_ok = [&](const Lines& l) {
      const auto digit =
          compute_check_digit({get(l, p[0]), get(l, p[1]), get(l, p[2]), get(l, p[3])});
      const char cd = get_char(l, map.composite);
      return digit && cd == static_cast<char>('0' + *digit);
    };
    // Optional data with no digit of its own is covered by the composite alone.
    std::vector<Slice> composite_only;
    if (format == Format::td1 || format == Format::td2) {
      if (get_char(lines, map.number_cd) != '<') {
        composite_only.push_back(map.optional1);
      }
      if (map.optional2.present()) {
        composite_only.push_back(map.optional2);
      }
    }
    const bool ok = composite_only.empty() ? composite_ok(lines)
                                           : repair_by_search(lines, composite_only, composite_ok);
    if (!ok) {
      // Not every covering digit verifies: the repairs are not confirmed, so none is kept.
      lines = original;
      return {};
    }
  }

  std::vector<Repair> repairs;
  record(original, lines, map.number, "document_number", repairs);
  record(original, lines, map.number_cd, "document_number_check_digit", repairs);
  record(original, lines, map.birth, "birth_date", repairs);
  record(original, lines, map.birth_cd, "birth_date_check_digit", repairs);
  if (map.expiry.present()) {
    record(original, lines, map.expiry, "expiry_date", repairs);
    record(original, lines, map.expiry_cd, "expiry_date_check_digit", repairs);
  }
  record(original, lines, map.optional1, "optional_data_1", repairs);
  if (map.personal_cd.present()) {
    record(original, lines, map.personal_cd, "personal_number_check_digit", repairs);
  }
  if (map.optional2.present()) {
    record(original, lines, map.optional2, "optional_data_2", repairs);
  }
  if (map.composite.present()) {
    record(original, lines, map.composite, "composite_check_digit", repairs);
  }
  return repairs;
}

} // namespace mrtd::mrz::detail
