#include "mrz/check_digit.hpp"

#include <cstddef>
#include <cstdint>

namespace mrtd::mrz {

namespace {

// char_value() for the sums below: the value, or bit 16 for a character outside the alphabet.
// A chunk of at most k_chunk characters sums to less than 2^16 when every character is valid
// (35 x 1800 < 65536), and any invalid one leaves a bit at 16 or above.
constexpr std::size_t k_chunk = 1800; // a multiple of 3: chunks keep the weight cycle
constexpr std::uint32_t k_invalid = 0x10000;

struct SumTable {
  std::uint32_t values[256];
  constexpr SumTable() : values() {
    for (int c = 0; c < 256; ++c) {
      const int v = detail::k_values.values[c];
      values[c] = v < 0 ? k_invalid : static_cast<std::uint32_t>(v);
    }
  }
};
constexpr SumTable k_sum_values;

std::uint32_t sum_value(char c) noexcept {
  return k_sum_values.values[static_cast<unsigned char>(c)];
}

// The weights 7, 3, 1 as they fall on offsets 0, 1, 2 (mod 3) of a part starting at `phase`.
constexpr std::uint32_t k_weights[3][3] = {{7, 3, 1}, {3, 1, 7}, {1, 7, 3}};

} // namespace

namespace detail {

int check_digit_value(std::initializer_list<std::string_view> parts) noexcept {
  // Weights 7, 3, 1 repeat from the first character of the first part; parts continue the
  // cycle. Each part is summed in three plain sums, one per offset mod 3 (independent
  // additions, no multiply per character), which are weighted once per part.
  std::uint32_t sum = 0;
  std::uint32_t invalid = 0;
  std::size_t phase = 0;
  for (const std::string_view part : parts) {
    const char* p = part.data();
    std::size_t left = part.size();
    while (left != 0) {
      const std::size_t n = left < k_chunk ? left : k_chunk;
      std::uint32_t s0 = 0;
      std::uint32_t s1 = 0;
      std::uint32_t s2 = 0;
      std::size_t i = 0;
      for (; i + 3 <= n; i += 3) {
        s0 += sum_value(p[i]);
        s1 += sum_value(p[i + 1]);
        s2 += sum_value(p[i + 2]);
      }
      if (i < n) {
        s0 += sum_value(p[i]);
        if (i + 1 < n) {
          s1 += sum_value(p[i + 1]);
        }
      }
      invalid |= s0 | s1 | s2;
      const std::uint32_t* w = k_weights[phase];
      sum += w[0] * s0 + w[1] * s1 + w[2] * s2; // wraps harmlessly when invalid
      phase = (phase + n) % 3;
      p += n;
      left -= n;
    }
  }
  return invalid >= k_invalid ? -1 : static_cast<int>(sum % 10);
}

} // namespace detail

std::optional<int> compute_check_digit(std::initializer_list<std::string_view> parts) noexcept {
  const int digit = detail::check_digit_value(parts);
  if (digit < 0) {
    return std::nullopt;
  }
  return digit;
}

std::optional<int> compute_check_digit(std::string_view field) noexcept {
  return compute_check_digit({field});
}

char check_digit_char(std::string_view field) noexcept {
  const auto digit = compute_check_digit(field);
  return digit ? static_cast<char>('0' + *digit) : '?';
}

} // namespace mrtd::mrz
