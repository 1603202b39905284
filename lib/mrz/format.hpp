#pragma once

#include <optional>
#include <string_view>

namespace mrtd::mrz {

/// The MRZ layouts of Doc 9303 Parts 4-7, plus the French national identity card
/// (1988-2021), which shares TD2's 2x36 shape but not its fields.
enum class Format { td1, td2, td3, mrv_a, mrv_b, fra_id };

/// Line count and line length of a format.
struct Shape {
  int lines;
  int length;
};

constexpr Shape shape(Format format) noexcept {
  switch (format) {
  case Format::td1:
    return {3, 30};
  case Format::td2:
  case Format::mrv_b:
  case Format::fra_id:
    return {2, 36};
  case Format::td3:
  case Format::mrv_a:
    return {2, 44};
  }
  return {2, 44};
}

/// Display and JSON name: `TD1`, `TD2`, `TD3`, `MRV-A`, `MRV-B`, `FRA-ID`.
const char* to_string(Format format) noexcept;

/// Parses a format name case-insensitively: td1, td2, td3, mrv-a / mrva, mrv-b / mrvb,
/// fra-id / fra.
std::optional<Format> parse_format(std::string_view name) noexcept;

/// Length of the name field (39 TD3/MRV-A, 31 TD2/MRV-B, 30 TD1); 0 for FRA-ID.
int name_field_length(Format format) noexcept;

} // namespace mrtd::mrz
