#pragma once

// The inner loop shared by the JSON reader (core/flat_json) and writer (report/json_writer):
// finding the end of a run of bytes that JSON strings carry as they are.

#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mrtd::detail {

/// True for the bytes that end a plain run: control characters, '"', '\\' and every byte of
/// a multi-byte UTF-8 sequence (>= 0x80), which the callers examine on their own.
constexpr bool json_special(unsigned char c) noexcept {
  return c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
}

#if defined(__SSE2__)
/// Bit i set when byte i of the sixteen at `data` is special.
inline int special_mask16(const char* data) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data));
  const __m128i special = _mm_or_si128(
      _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), // signed compare: also bytes >= 0x80
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  return _mm_movemask_epi8(special);
}
#endif

/// The index of the first special byte in data[from, size), or `size`: sixteen bytes at a
/// time where SSE2 is there, then one at a time.
inline std::size_t plain_run_end(const char* data, std::size_t from, std::size_t size) noexcept {
  std::size_t i = from;
#if defined(__SSE2__)
  for (; i + 16 <= size; i += 16) {
    if (const int mask = special_mask16(data + i); mask != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
  }
#endif
  while (i < size && !json_special(static_cast<unsigned char>(data[i]))) {
    ++i;
  }
  return i;
}

} // namespace mrtd::detail
