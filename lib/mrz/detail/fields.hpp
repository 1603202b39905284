#pragma once

// Internal: where each field sits in each format (Doc 9303-4..7 §4, and the French 1988
// identity card), and the fixed-size line buffer the engine works on. Not public API.

#include "mrz/format.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

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

/// The field map of a format.
const FieldMap& field_map(Format format) noexcept;

/// The lines of one MRZ in a fixed buffer (no allocation): up to 3 lines of up to 44 characters.
class Lines {
public:
  static constexpr std::size_t k_max_lines = 3;
  static constexpr std::size_t k_max_width = 44;

  // The character buffer starts uninitialised (screen() builds one Lines per record, and
  // zeroing it cost more than filling it): push() writes every character that is read, and
  // copies take the pushed characters only.
  Lines() noexcept {} // NOLINT(modernize-use-equals-default): = default would zero on Lines{}
  Lines(const Lines& other) noexcept { *this = other; }
  Lines& operator=(const Lines& other) noexcept {
    for (std::size_t i = 0; i < other.m_count; ++i) {
      std::char_traits<char>::copy(m_text[i].data(), other.m_text[i].data(), other.m_length[i]);
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
    m_length[m_count] = width;
    ++m_count;
  }
  bool operator==(const Lines& other) const noexcept;

private:
  std::array<std::array<char, k_max_width>, k_max_lines> m_text; // see Lines()
  std::array<std::size_t, k_max_lines> m_length{};
  std::size_t m_count = 0;
};

/// The characters of `slice`; empty when absent or outside the lines (an empty view of a
/// NUL, never a null pointer, so that reading its first character stays defined).
inline std::string_view get(const Lines& lines, Slice slice) noexcept {
  // An absent slice (line -1) converts to a huge index and fails the line test as well.
  const auto line_index = static_cast<std::size_t>(slice.line);
  if (line_index >= lines.count()) {
    return std::string_view("", 0);
  }
  const std::string_view line = lines[line_index];
  const auto start = static_cast<std::size_t>(slice.start);
  if (start >= line.size()) {
    return std::string_view("", 0);
  }
  const std::size_t rest = line.size() - start;
  const auto length = static_cast<std::size_t>(slice.length);
  return {line.data() + start, length < rest ? length : rest};
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
