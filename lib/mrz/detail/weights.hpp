#pragma once

// Internal: the 7-3-1 weights of every fixed check digit of every format, laid over the lines
// at compile time from the field maps (fields.hpp), for the dot products of scan.hpp.

#include "mrz/detail/fields.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>

namespace mrtd::mrz::detail {

/// The check digits whose covered characters sit at fixed places of a format (the number's
/// is the one of a number of normal length; a long TD1/TD2 number runs into the optional data).
enum class DigitField { number, birth, expiry, personal, composite, count_ };

/// Where a check digit's 7-3-1 weights fall on the lines of a format: the weight of each
/// character (0 where it is not covered), as 16-bit lanes for the dot product of scan.hpp.
struct DigitWeights {
  static constexpr std::size_t k_width = Lines::k_scan_width;
  alignas(16) std::array<std::array<std::int16_t, k_width>, Lines::k_max_lines> weight{};
  std::array<std::uint64_t, Lines::k_max_lines> covers{}; ///< bit i: character i is covered
  unsigned lines = 0;                                      ///< bit l: line l has a weight
};

/// The weights of every DigitField in `format`, indexed by DigitField; all zero for a digit
/// the format does not have (MRV composite and personal number, FRA-ID expiry).
using FormatWeights = std::array<DigitWeights, static_cast<std::size_t>(DigitField::count_)>;

namespace maps {

// The fields a check digit covers, in order (the weights run on across them).
constexpr std::array<Slice, 4> covered(const FieldMap& m, DigitField digit) {
  switch (digit) {
  case DigitField::number:
    return {m.number, Slice{}, Slice{}, Slice{}};
  case DigitField::birth:
    return {m.birth, Slice{}, Slice{}, Slice{}};
  case DigitField::expiry:
    return {m.expiry, Slice{}, Slice{}, Slice{}};
  case DigitField::personal:
    return {m.personal_cd.present() ? m.optional1 : Slice{}, Slice{}, Slice{}, Slice{}};
  case DigitField::composite:
    return m.composite.present() ? m.composite_parts : std::array<Slice, 4>{};
  case DigitField::count_:
    break;
  }
  return {};
}

constexpr DigitWeights make_weights(const FieldMap& m, DigitField digit) {
  DigitWeights w;
  constexpr std::int16_t cycle[3] = {7, 3, 1};
  int phase = 0;
  for (const Slice slice : covered(m, digit)) {
    if (!slice.present()) {
      continue;
    }
    const auto line = static_cast<std::size_t>(slice.line);
    w.lines |= 1U << line;
    for (int i = slice.start; i < slice.start + slice.length; ++i) {
      w.weight[line][static_cast<std::size_t>(i)] = cycle[phase];
      w.covers[line] |= std::uint64_t{1} << i;
      phase = (phase + 1) % 3;
    }
  }
  return w;
}

struct WeightTable {
  FormatWeights of[std::size(k_field_maps)];
  constexpr WeightTable() : of() {
    for (std::size_t f = 0; f < std::size(k_field_maps); ++f) {
      for (std::size_t d = 0; d < static_cast<std::size_t>(DigitField::count_); ++d) {
        of[f][d] = make_weights(k_field_maps[f], static_cast<DigitField>(d));
      }
    }
  }
};
inline constexpr WeightTable k_weights;

} // namespace maps

constexpr const FormatWeights& digit_weights(Format format) noexcept {
  return maps::k_weights.of[static_cast<std::size_t>(format)];
}

} // namespace mrtd::mrz::detail
