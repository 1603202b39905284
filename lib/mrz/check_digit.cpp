#include "mrz/check_digit.hpp"

namespace mrtd::mrz {

namespace {

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
constexpr ValueTable k_values;
constexpr int k_weights[3] = {7, 3, 1};

} // namespace

int char_value(char c) noexcept {
  return k_values.values[static_cast<unsigned char>(c)];
}

std::optional<int> compute_check_digit(std::initializer_list<std::string_view> parts) noexcept {
  int sum = 0;
  int position = 0;
  for (std::string_view part : parts) {
    for (char c : part) {
      const int value = char_value(c);
      if (value < 0) {
        return std::nullopt;
      }
      sum += value * k_weights[position];
      position = position == 2 ? 0 : position + 1;
    }
  }
  return sum % 10;
}

std::optional<int> compute_check_digit(std::string_view field) noexcept {
  return compute_check_digit({field});
}

char check_digit_char(std::string_view field) noexcept {
  const auto digit = compute_check_digit(field);
  return digit ? static_cast<char>('0' + *digit) : '?';
}

} // namespace mrtd::mrz
