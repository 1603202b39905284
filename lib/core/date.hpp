#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mrtd {

/// A proleptic Gregorian calendar date. lib/ never reads the clock: callers pass the
/// reference date in.
struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;

  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

/// True when year/month/day name a real day (29 February only in leap years).
bool is_valid_date(int year, int month, int day) noexcept;

/// Days since 1970-01-01 (negative before); `date` must be valid.
long days_from_civil(const CivilDate& date) noexcept;

/// Parses `YYYY-MM-DD` (exactly that form); nullopt when malformed or not a real day.
std::optional<CivilDate> parse_iso_date(std::string_view text);

/// Formats as `YYYY-MM-DD`.
std::string to_iso(const CivilDate& date);

} // namespace mrtd
