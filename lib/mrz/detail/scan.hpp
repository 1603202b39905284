#pragma once

// Internal: one pass over the lines of an MRZ that classifies every character (outside the
// alphabet, digit, filler) into bit masks and turns it into its check-digit value. The rules
// then read masks (alphabet, name characters, name structure) and take each fixed check digit
// as a dot product with the format's weights (weights.hpp), instead of each walking its
// characters again.

#include "mrz/check_digit.hpp"
#include "mrz/detail/fields.hpp"
#include "mrz/detail/weights.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mrtd::mrz::detail {

struct Scan {
  // No initialisers: a Scan is built per record, and scan_lines() sets what is read.
  struct Line {
    std::uint64_t outside; ///< bit i: character i is not in [A-Z0-9<]
    std::uint64_t digits;  ///< bit i: character i is 0-9
    std::uint64_t fillers; ///< bit i: character i is `<`
  };
  std::array<Line, Lines::k_max_lines> line; ///< the first lines.count() are set
  /// Check-digit value of each character (0-35; 0 for `<`, for characters outside the
  /// alphabet and past the line's end): of the first lines.count() rows, the positions up to
  /// the line's width rounded up to 16.
  alignas(16) std::array<std::array<std::int16_t, DigitWeights::k_width>, Lines::k_max_lines> value;
};

/// Classifies and values every character of `lines`, which have the shape `shape` (a
/// parameter, so that code specialised for one format scans with constant bounds).
inline void scan_lines(const Lines& lines, Shape shape, Scan& scan) noexcept;

/// Every fixed check digit of `format`, by DigitField: 0-9, or -1 when a covered character is
/// outside the alphabet (0 for a digit the format does not have). Each equals
/// check_digit_value() over the fields it covers. `scan` is scan_lines() of lines of `format`.
using ScannedDigits = std::array<int, static_cast<std::size_t>(DigitField::count_)>;
inline ScannedDigits scanned_check_digits(const Scan& scan, Format format) noexcept;

inline int digit_of(const ScannedDigits& digits, DigitField field) noexcept {
  return digits[static_cast<std::size_t>(field)];
}

namespace scan_detail {

/// The lowest n bits set.
constexpr std::uint64_t low_bits(std::size_t n) noexcept {
  return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
}

} // namespace scan_detail

/// Bits [start, start + length) of a line mask, shifted down to bit 0 (`slice` present).
inline std::uint64_t field_bits(std::uint64_t line_mask, Slice slice) noexcept {
  return (line_mask >> static_cast<unsigned>(slice.start)) &
         scan_detail::low_bits(static_cast<std::size_t>(slice.length));
}

// Inline, so that code specialised for one format (validate.cpp) specialises these too.

#if defined(__SSE2__)

// Sixteen characters at a time, up to the 16-byte block holding the line's end: the line and
// the NULs after it (past the line's end, nothing is counted and every value is 0).
inline void scan_lines(const Lines& lines, Shape shape, Scan& scan) noexcept {
  const __m128i zero = _mm_setzero_si128();
  // Signed byte compares: bytes from 0x80 up are negative and fall in no class.
  const __m128i below_0 = _mm_set1_epi8('0' - 1);
  const __m128i above_9 = _mm_set1_epi8('9' + 1);
  const __m128i below_a = _mm_set1_epi8('A' - 1);
  const __m128i above_z = _mm_set1_epi8('Z' + 1);
  const __m128i filler = _mm_set1_epi8('<');
  const __m128i zero_char = _mm_set1_epi8('0');
  const __m128i letter_base = _mm_set1_epi8('A' - 10);
  const auto width = static_cast<std::size_t>(shape.length);
  for (std::size_t l = 0; l < static_cast<std::size_t>(shape.lines); ++l) {
    const char* row = lines.row(l);
    std::uint64_t inside = 0;
    std::uint64_t digits = 0;
    std::uint64_t fillers = 0;
    for (std::size_t at = 0; at < width; at += 16) {
      const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + at));
      const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(c, below_0), _mm_cmplt_epi8(c, above_9));
      const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(c, below_a), _mm_cmplt_epi8(c, above_z));
      const __m128i fill = _mm_cmpeq_epi8(c, filler);
      const auto digit_bits = static_cast<std::uint64_t>(_mm_movemask_epi8(digit));
      const auto fill_bits = static_cast<std::uint64_t>(_mm_movemask_epi8(fill));
      const auto letter_bits = static_cast<std::uint64_t>(_mm_movemask_epi8(letter));
      digits |= digit_bits << at;
      fillers |= fill_bits << at;
      inside |= (digit_bits | fill_bits | letter_bits) << at;
      const __m128i value =
          _mm_or_si128(_mm_and_si128(digit, _mm_sub_epi8(c, zero_char)),
                       _mm_and_si128(letter, _mm_sub_epi8(c, letter_base)));
      auto* out = reinterpret_cast<__m128i*>(scan.value[l].data() + at);
      _mm_store_si128(out, _mm_unpacklo_epi8(value, zero));
      _mm_store_si128(out + 1, _mm_unpackhi_epi8(value, zero));
    }
    const std::uint64_t in_line = scan_detail::low_bits(width);
    scan.line[l] = Scan::Line{~inside & in_line, digits & in_line, fillers & in_line};
  }
}

namespace scan_detail {

// Whether group `group` (8 lanes) of line `line` holds a non-zero weight.
constexpr bool weighted(const DigitWeights& w, std::size_t line, std::size_t group) {
  for (std::size_t i = group * 8; i < group * 8 + 8; ++i) {
    if (w.weight[line][i] != 0) {
      return true;
    }
  }
  return false;
}

// The dot product, unrolled at compile time over the lines and groups of 8 lanes that hold a
// weight of digit D of format F (the others, past a field or on another line, are skipped).
template <Format F, std::size_t D, std::size_t L, std::size_t K>
inline void add_group(const Scan& scan, __m128i& sum) noexcept {
  constexpr const DigitWeights& w = digit_weights(F)[D];
  if constexpr (weighted(w, L, K)) {
    const auto* v = reinterpret_cast<const __m128i*>(scan.value[L].data());
    const auto* weight = reinterpret_cast<const __m128i*>(w.weight[L].data());
    sum = _mm_add_epi32(sum, _mm_madd_epi16(_mm_load_si128(v + K), _mm_load_si128(weight + K)));
  }
}

template <Format F, std::size_t D, std::size_t L, std::size_t... K>
inline void add_line(const Scan& scan, __m128i& sum, std::uint64_t& outside,
                     std::index_sequence<K...> /*groups*/) noexcept {
  constexpr const DigitWeights& w = digit_weights(F)[D];
  if constexpr ((w.lines & (1U << L)) != 0) {
    outside |= scan.line[L].outside & w.covers[L];
    (add_group<F, D, L, K>(scan, sum), ...);
  }
}

template <Format F, std::size_t D, std::size_t... L>
inline int digit(const Scan& scan, std::index_sequence<L...> /*lines*/) noexcept {
  __m128i sum = _mm_setzero_si128();
  std::uint64_t outside = 0;
  (add_line<F, D, L>(scan, sum, outside, std::make_index_sequence<DigitWeights::k_width / 8>{}),
   ...);
  sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, 0x4E)); // lanes + the lanes two over
  sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, 0xB1)); // + the neighbour
  return outside != 0
             ? -1
             : static_cast<int>(static_cast<std::uint32_t>(_mm_cvtsi128_si32(sum)) % 10);
}

template <Format F, std::size_t... D>
inline ScannedDigits digits(const Scan& scan, std::index_sequence<D...> /*digits*/) noexcept {
  return ScannedDigits{digit<F, D>(scan, std::make_index_sequence<Lines::k_max_lines>{})...};
}

template <Format F> inline ScannedDigits digits(const Scan& scan) noexcept {
  return digits<F>(scan, std::make_index_sequence<std::tuple_size_v<ScannedDigits>>{});
}

} // namespace scan_detail

inline ScannedDigits scanned_check_digits(const Scan& scan, Format format) noexcept {
  return with_format(format,
                     [&](auto f) { return scan_detail::digits<decltype(f)::value>(scan); });
}

#else

inline void scan_lines(const Lines& lines, Shape shape, Scan& scan) noexcept {
  for (std::size_t l = 0; l < static_cast<std::size_t>(shape.lines); ++l) {
    const std::string_view line = lines[l];
    Scan::Line bits{};
    for (std::size_t i = 0; i < DigitWeights::k_width; ++i) {
      const int value = i < line.size() ? char_value(line[i]) : 0;
      scan.value[l][i] = static_cast<std::int16_t>(value < 0 ? 0 : value);
      if (i < line.size()) {
        const char c = line[i];
        bits.outside |= static_cast<std::uint64_t>(value < 0) << i;
        bits.digits |= static_cast<std::uint64_t>(c >= '0' && c <= '9') << i;
        bits.fillers |= static_cast<std::uint64_t>(c == '<') << i;
      }
    }
    scan.line[l] = bits;
  }
}

inline ScannedDigits scanned_check_digits(const Scan& scan, Format format) noexcept {
  const Shape shape = mrz::shape(format);
  const FormatWeights& weights = digit_weights(format);
  ScannedDigits digits{};
  for (std::size_t d = 0; d < digits.size(); ++d) {
    std::uint32_t sum = 0;
    bool outside = false;
    for (std::size_t l = 0; l < static_cast<std::size_t>(shape.lines); ++l) {
      if ((weights[d].lines & (1U << l)) == 0) {
        continue;
      }
      outside = outside || (scan.line[l].outside & weights[d].covers[l]) != 0;
      for (std::size_t i = 0; i < DigitWeights::k_width; ++i) {
        sum += static_cast<std::uint32_t>(scan.value[l][i] * weights[d].weight[l][i]);
      }
    }
    digits[d] = outside ? -1 : static_cast<int>(sum % 10);
  }
  return digits;
}

#endif

} // namespace mrtd::mrz::detail
