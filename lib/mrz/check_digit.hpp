#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>

namespace mrtd::mrz {

namespace detail {
// Value table indexed by unsigned char; -1 marks characters outside the MRZ alphabet.
struct ValueTable {
  signed char values[256];
  constexpr ValueTable() : values() {
    for (auto& v : values) {
      v = -1;
    }
    for (int c = '0'; c <= '9'; ++c) {
      values[c] = static_cast<signed char>(c - '0');
    }
    for (int c = 'A'; c <= 'Z'; ++c) {
      values[c] = static_cast<signed char>(c - 'A' + 10);
    }
    values[static_cast<unsigned char>('<')] = 0;
  }
};
inline constexpr ValueTable k_values;

/// compute_check_digit() as a plain int, -1 when not computable: the form the MRZ engine
/// calls per check digit (g++ 12 returns a std::optional<int> through a stack slot, whose
/// narrower stores the wider reload cannot forward: a stall on every call).
int check_digit_value(std::initializer_list<std::string_view> parts) noexcept;
} // namespace detail

/// The value of an MRZ character in check-digit arithmetic (Doc 9303-3 §4.9): 0-9 for
/// digits, 10-35 for A-Z, 0 for the filler `<`; -1 for anything else.
inline int char_value(char c) noexcept {
  return detail::k_values.values[static_cast<unsigned char>(c)];
}

/// The 7-3-1 check digit over `field` (weights restart at the field's first character);
/// nullopt when the field holds a character outside [A-Z0-9<].
std::optional<int> compute_check_digit(std::string_view field) noexcept;

/// As compute_check_digit(), over the concatenation of several ranges (composite digits).
std::optional<int> compute_check_digit(std::initializer_list<std::string_view> parts) noexcept;

/// compute_check_digit() as the character '0'-'9'; '?' when the field is not computable.
char check_digit_char(std::string_view field) noexcept;

} // namespace mrtd::mrz
