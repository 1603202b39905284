#pragma once

// Internal: where each field sits in each format (Doc 9303-4..7 §4, and the French 1988
// identity card), and the fixed-size line buffer the engine works on. Not public API.

#include "mrz/format.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace mrtd::mrz::detail {

/// A slice of one MRZ line (0-based line, start, length); line < 0 means "not in this format".
struct Slice {
  int line = -1;
  int start = 0;
  int length = 0;
  constexpr bool present() const noexcept { return line >= 0; }
};

struct FieldMap {
  Slice code, state, name, number, number_cd, nationality, birth, birth_cd, sex, expiry, expiry_cd;
  Slice optional1;   ///< TD3/MRV: personal number / optional data; TD1 line 1; TD2 line 2
  Slice personal_cd; ///< TD3 only
  Slice optional2;   ///< TD1 line 2; FRA-ID: office code on line 1
  Slice given_names; ///< FRA-ID only: its own field on line 2
  Slice composite;
  std::array<Slice, 4> composite_parts{};
  int composite_count = 0;
};

namespace maps {

constexpr Slice slice_at(int line, int start, int length) {
  return Slice{line, start, length};
}

constexpr FieldMap make_td3(bool visa) {
  FieldMap m;
  m.code = slice_at(0, 0, 2);
  m.state = slice_at(0, 2, 3);
  m.name = slice_at(0, 5, 39);
  m.number = slice_at(1, 0, 9);
  m.number_cd = slice_at(1, 9, 1);
  m.nationality = slice_at(1, 10, 3);
  m.birth = slice_at(1, 13, 6);
  m.birth_cd = slice_at(1, 19, 1);
  m.sex = slice_at(1, 20, 1);
  m.expiry = slice_at(1, 21, 6);
  m.expiry_cd = slice_at(1, 27, 1);
  if (visa) {
    m.optional1 = slice_at(1, 28, 16);
  } else {
    m.optional1 = slice_at(1, 28, 14);
    m.personal_cd = slice_at(1, 42, 1);
    m.composite = slice_at(1, 43, 1);
    m.composite_parts = {slice_at(1, 0, 10), slice_at(1, 13, 7), slice_at(1, 21, 22), Slice{}};
    m.composite_count = 3;
  }
  return m;
}

constexpr FieldMap make_td2(bool visa) {
  FieldMap m;
  m.code = slice_at(0, 0, 2);
  m.state = slice_at(0, 2, 3);
  m.name = slice_at(0, 5, 31);
  m.number = slice_at(1, 0, 9);
  m.number_cd = slice_at(1, 9, 1);
  m.nationality = slice_at(1, 10, 3);
  m.birth = slice_at(1, 13, 6);
  m.birth_cd = slice_at(1, 19, 1);
  m.sex = slice_at(1, 20, 1);
  m.expiry = slice_at(1, 21, 6);
  m.expiry_cd = slice_at(1, 27, 1);
  if (visa) {
    m.optional1 = slice_at(1, 28, 8);
  } else {
    m.optional1 = slice_at(1, 28, 7);
    m.composite = slice_at(1, 35, 1);
    m.composite_parts = {slice_at(1, 0, 10), slice_at(1, 13, 7), slice_at(1, 21, 14), Slice{}};
    m.composite_count = 3;
  }
  return m;
}

constexpr FieldMap make_td1() {
  FieldMap m;
  m.code = slice_at(0, 0, 2);
  m.state = slice_at(0, 2, 3);
  m.number = slice_at(0, 5, 9);
  m.number_cd = slice_at(0, 14, 1);
  m.optional1 = slice_at(0, 15, 15);
  m.birth = slice_at(1, 0, 6);
  m.birth_cd = slice_at(1, 6, 1);
  m.sex = slice_at(1, 7, 1);
  m.expiry = slice_at(1, 8, 6);
  m.expiry_cd = slice_at(1, 14, 1);
  m.nationality = slice_at(1, 15, 3);
  m.optional2 = slice_at(1, 18, 11);
  m.composite = slice_at(1, 29, 1);
  m.composite_parts = {slice_at(0, 5, 25), slice_at(1, 0, 7), slice_at(1, 8, 7),
                       slice_at(1, 18, 11)};
  m.composite_count = 4;
  m.name = slice_at(2, 0, 30);
  return m;
}

// French national identity card (1988-2021): line 1 ID FRA surname(25) office(6);
// line 2 number(12) cd given names(14) birth(6) cd sex composite over line 1 + line 2[0:35].
constexpr FieldMap make_fra() {
  FieldMap m;
  m.code = slice_at(0, 0, 2);
  m.state = slice_at(0, 2, 3);
  m.name = slice_at(0, 5, 25);
  m.optional2 = slice_at(0, 30, 6);
  m.number = slice_at(1, 0, 12);
  m.number_cd = slice_at(1, 12, 1);
  m.given_names = slice_at(1, 13, 14);
  m.birth = slice_at(1, 27, 6);
  m.birth_cd = slice_at(1, 33, 1);
  m.sex = slice_at(1, 34, 1);
  m.composite = slice_at(1, 35, 1);
  m.composite_parts = {slice_at(0, 0, 36), slice_at(1, 0, 35), Slice{}, Slice{}};
  m.composite_count = 2;
  return m;
}

} // namespace maps

/// The field maps, indexed by Format (td1, td2, td3, mrv_a, mrv_b, fra_id); constant, so that
/// code specialised for one format reads its slices as constants.
inline constexpr FieldMap k_field_maps[] = {maps::make_td1(),      maps::make_td2(false),
                                            maps::make_td3(false), maps::make_td3(true),
                                            maps::make_td2(true),  maps::make_fra()};

/// The field map of a format.
constexpr const FieldMap& field_map(Format format) noexcept {
  return k_field_maps[static_cast<std::size_t>(format)];
}

/// Calls `f` with `format` as a compile-time constant (a std::integral_constant<Format, F>):
/// the one place where code specialised per format is chosen at run time.
template <typename Function> decltype(auto) with_format(Format format, Function&& f) {
  switch (format) {
  case Format::td1:
    return f(std::integral_constant<Format, Format::td1>{});
  case Format::td2:
    return f(std::integral_constant<Format, Format::td2>{});
  case Format::mrv_a:
    return f(std::integral_constant<Format, Format::mrv_a>{});
  case Format::mrv_b:
    return f(std::integral_constant<Format, Format::mrv_b>{});
  case Format::fra_id:
    return f(std::integral_constant<Format, Format::fra_id>{});
  case Format::td3:
    break;
  }
  return f(std::integral_constant<Format, Format::td3>{});
}

/// The lines of one MRZ in a fixed buffer (no allocation): up to 3 lines of up to 44 characters.
class Lines {
public:
  static constexpr std::size_t k_max_lines = 3;
  static constexpr std::size_t k_max_width = 44;
  /// k_max_width rounded up to whole 16-byte blocks: scan.hpp reads a line in such blocks.
  static constexpr std::size_t k_scan_width = 48;
  /// NULs written after each line, so that the block holding its end is defined throughout.
  static constexpr std::size_t k_pad = 16;
  /// Bytes per row: a line of k_max_width and its NULs.
  static constexpr std::size_t k_row_stride = 64;
  static_assert(k_scan_width % 16 == 0 && k_scan_width >= k_max_width);
  static_assert(k_pad >= 15 && k_max_width + k_pad <= k_row_stride);

  // The character buffer starts uninitialised (screen() builds one Lines per record, and
  // zeroing it cost more than filling it): push() writes every character that is read (a
  // line and the k_pad NULs after it), and copies take the pushed characters only.
  Lines() noexcept {} // NOLINT(modernize-use-equals-default): = default would zero on Lines{}
  Lines(const Lines& other) noexcept { *this = other; }
  Lines& operator=(const Lines& other) noexcept {
    for (std::size_t i = 0; i < other.m_count; ++i) {
      std::char_traits<char>::copy(m_text[i].data(), other.m_text[i].data(),
                                   other.m_length[i] + k_pad); // the line and its NULs
    }
    m_length = other.m_length;
    m_count = other.m_count;
    return *this;
  }

  std::size_t count() const noexcept { return m_count; }
  std::string_view operator[](std::size_t i) const noexcept {
    return {m_text[i].data(), m_length[i]};
  }
  char& at(std::size_t line, std::size_t column) noexcept { return m_text[line][column]; }
  /// The characters of line `line` (< count()): the line, then k_pad NULs.
  const char* row(std::size_t line) const noexcept { return m_text[line].data(); }
  /// Appends a line, cut or padded with `<` to `width` (<= k_max_width).
  void push(std::string_view text, std::size_t width) noexcept {
    char* line = m_text[m_count].data();
    const std::size_t n = text.size() < width ? text.size() : width;
    // The MRZ line lengths as constants, so that the common copies are inline moves.
    switch (n) {
    case 44:
      std::char_traits<char>::copy(line, text.data(), 44);
      break;
    case 36:
      std::char_traits<char>::copy(line, text.data(), 36);
      break;
    case 30:
      std::char_traits<char>::copy(line, text.data(), 30);
      break;
    default:
      std::char_traits<char>::copy(line, text.data(), n);
      break;
    }
    std::char_traits<char>::assign(line + n, width - n, '<');
    // NULs after the line: a 16-byte block read across its end holds defined bytes only.
    std::char_traits<char>::assign(line + width, k_pad, '\0');
    m_length[m_count] = width;
    ++m_count;
  }
  bool operator==(const Lines& other) const noexcept;

private:
  std::array<std::array<char, k_row_stride>, k_max_lines> m_text; // see Lines()
  std::array<std::size_t, k_max_lines> m_length{};
  std::size_t m_count = 0;
};

/// The characters of `slice`; empty (a view of a NUL, never a null pointer) when absent.
/// `lines` must have the shape of the format whose field map `slice` comes from, as
/// prepare() guarantees (every line padded or cut to the format's width): each slice of a
/// map lies inside its format's lines (checked at compile time in fields.cpp), so no bounds
/// are tested here, on the hot path of every field.
inline std::string_view get(const Lines& lines, Slice slice) noexcept {
  if (!slice.present()) {
    return std::string_view("", 0);
  }
  return {lines.row(static_cast<std::size_t>(slice.line)) + slice.start,
          static_cast<std::size_t>(slice.length)};
}

/// The first character of `slice`, or NUL when the slice is absent (never for a format's own
/// single-character fields, whose presence the field map guarantees).
inline char get_char(const Lines& lines, Slice slice) noexcept {
  const std::string_view field = get(lines, slice);
  return field.empty() ? '\0' : field[0];
}

/// `field` without trailing fillers.
inline std::string_view trim_fillers(std::string_view field) noexcept {
  std::size_t size = field.size();
  while (size != 0 && field[size - 1] == '<') {
    --size;
  }
  return field.substr(0, size);
}

/// True when every character is `<` (also for an empty field).
inline bool all_fillers(std::string_view field) noexcept {
  for (const char c : field) {
    if (c != '<') {
      return false;
    }
  }
  return true;
}

} // namespace mrtd::mrz::detail
