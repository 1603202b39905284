#pragma once

// Internal: what the MRZ rule files share (validate.cpp runs the rules in order;
// validate_names.cpp holds the name rules): message building and character classes.

#include "core/verdict.hpp"
#include "mrz/check_digit.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace mrtd::mrz::detail::rules {

using S = Status;

// Concatenates string pieces and characters with a single allocation (messages are built for
// every check of every verdict).
inline std::size_t piece_size(std::string_view text) noexcept {
  return text.size();
}
inline std::size_t piece_size(char) noexcept {
  return 1;
}
inline void append_piece(std::string& out, std::string_view text) {
  out += text;
}
inline void append_piece(std::string& out, char c) {
  out += c;
}
template <typename... Parts> std::string cat(const Parts&... parts) {
  std::string out;
  out.reserve((piece_size(parts) + ...));
  (append_piece(out, parts), ...);
  return out;
}

inline std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

inline std::string str(std::string_view text) {
  return std::string(text);
}

constexpr bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

constexpr bool is_letter(char c) noexcept {
  return c >= 'A' && c <= 'Z';
}

constexpr char digit_char(int value) noexcept {
  return static_cast<char>('0' + value);
}

// Character classes as sums of disjoint range tests, 1 inside and 0 outside: loops over a
// field vectorise with these (neither a table load nor a chain of || would).
constexpr int in_range(char c, char first, char last) noexcept {
  return static_cast<unsigned char>(c - first) <= static_cast<unsigned char>(last - first);
}

// A-Z or `<`: the name alphabet.
constexpr int in_name_alphabet(char c) noexcept {
  return in_range(c, 'A', 'Z') + (c == '<');
}

// A-Z, 0-9 or `<`: char_value(c) >= 0.
constexpr int in_alphabet(char c) noexcept {
  return in_range(c, '0', '9') + in_name_alphabet(c);
}

// Both agree, for every byte, with the definitions they stand in for.
constexpr bool range_tests_match_definitions() noexcept {
  for (int i = 0; i < 256; ++i) {
    const auto c = static_cast<char>(i);
    if (in_alphabet(c) != (detail::k_values.values[i] >= 0 ? 1 : 0) ||
        in_name_alphabet(c) != (is_letter(c) || c == '<' ? 1 : 0)) {
      return false;
    }
  }
  return true;
}
static_assert(range_tests_match_definitions());

} // namespace mrtd::mrz::detail::rules
