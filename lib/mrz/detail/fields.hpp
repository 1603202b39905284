#pragma once

// Internal: where each field sits in each format (Doc 9303-4..7 §4, and the French 1988
// identity card). Not part of the public API.

#include "mrz/format.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

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

/// The characters of `slice`; empty when absent or outside the lines.
std::string_view get(const std::vector<std::string>& lines, Slice slice) noexcept;

/// `field` without trailing fillers.
std::string_view trim_fillers(std::string_view field) noexcept;

/// True when every character is `<` (also for an empty field).
bool all_fillers(std::string_view field) noexcept;

} // namespace mrtd::mrz::detail
