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

} // namespace mrtd::mrz::detail::rules
