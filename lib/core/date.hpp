#pragma once

#include <cstdint>
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

/// A point in time: seconds since 1970-01-01T00:00:00Z (UTC, no leap seconds). Verification
/// time is always an input of lib/ (`--at` in the CLI).
using UnixTime = std::int64_t;

/// Seconds since the epoch of `date` at 00:00:00Z.
UnixTime to_unix_time(const CivilDate& date) noexcept;

/// Parses `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ`; nullopt when malformed.
std::optional<UnixTime> parse_instant(std::string_view text);

/// Formats as `YYYY-MM-DDTHH:MM:SSZ`.
std::string to_iso_instant(UnixTime time);

/// The calendar date (UTC) of `time`.
CivilDate to_civil(UnixTime time) noexcept;

} // namespace mrtd
