#include "mrz/check_digit.hpp"

namespace mrtd::mrz {

namespace {

constexpr int k_weights[3] = {7, 3, 1};

} // namespace

std::optional<int> compute_check_digit(std::initializer_list<std::string_view> parts) noexcept {
  // Weights 7, 3, 1 repeat from the first character of the first part; parts continue the
  // cycle. Whole groups of three are summed without per-character bookkeeping.
  int sum = 0;
  int invalid = 0; // any value < 0 sets the sign bit; tested once at the end
  std::size_t phase = 0;
  for (std::string_view part : parts) {
    const char* p = part.data();
    const char* end = p + part.size();
    while (phase != 0 && p != end) {
      const int v = char_value(*p++);
      invalid |= v;
      sum += v * k_weights[phase];
      phase = phase == 2 ? 0 : phase + 1;
    }
    for (; end - p >= 3; p += 3) {
      const int a = char_value(p[0]);
      const int b = char_value(p[1]);
      const int c = char_value(p[2]);
      invalid |= a | b | c;
      sum += 7 * a + 3 * b + c;
    }
    while (p != end) {
      const int v = char_value(*p++);
      invalid |= v;
      sum += v * k_weights[phase];
      phase = phase == 2 ? 0 : phase + 1;
    }
  }
  if (invalid < 0) {
    return std::nullopt;
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
