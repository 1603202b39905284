#include "core/date.hpp"

#include <charconv>

namespace mrtd {

namespace {

bool is_leap(int year) noexcept {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

} // namespace

bool is_valid_date(int year, int month, int day) noexcept {
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  const int limit = (month == 2 && is_leap(year)) ? 29 : k_days[month - 1];
  return day <= limit;
}

long days_from_civil(const CivilDate& date) noexcept {
  // Howard Hinnant's days_from_civil algorithm.
  const long y = date.month <= 2 ? date.year - 1 : date.year;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long m = date.month;
  const long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + date.day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<CivilDate> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  auto number = [&](std::size_t pos, std::size_t len, int& out) {
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        return false;
      }
    }
    std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return true;
  };
  CivilDate date;
  if (!number(0, 4, date.year) || !number(5, 2, date.month) || !number(8, 2, date.day) ||
      !is_valid_date(date.year, date.month, date.day)) {
    return std::nullopt;
  }
  return date;
}

std::string to_iso(const CivilDate& date) {
  // By hand rather than snprintf: this runs for every date of every verdict.
  std::string text(10, '-');
  auto put = [&](std::size_t pos, std::size_t width, int value) {
    for (std::size_t i = width; i-- > 0;) {
      text[pos + i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, 4, date.year);
  put(5, 2, date.month);
  put(8, 2, date.day);
  return text;
}

UnixTime to_unix_time(const CivilDate& date) noexcept {
  return static_cast<UnixTime>(days_from_civil(date)) * 86400;
}

CivilDate to_civil(UnixTime time) noexcept {
  // Howard Hinnant's civil_from_days algorithm.
  const std::int64_t days = (time >= 0 ? time : time - 86399) / 86400;
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

std::optional<UnixTime> parse_instant(std::string_view text) {
  const auto date = parse_iso_date(text.substr(0, 10));
  if (!date) {
    return std::nullopt;
  }
  if (text.size() == 10) {
    return to_unix_time(*date);
  }
  // YYYY-MM-DDTHH:MM:SSZ
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return std::nullopt;
  }
  int parts[3] = {};
  for (int i = 0; i < 3; ++i) {
    const std::size_t pos = 11 + static_cast<std::size_t>(i) * 3;
    const char hi = text[pos];
    const char lo = text[pos + 1];
    if (hi < '0' || hi > '9' || lo < '0' || lo > '9') {
      return std::nullopt;
    }
    parts[i] = (hi - '0') * 10 + (lo - '0');
  }
  if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) {
    return std::nullopt;
  }
  return to_unix_time(*date) + parts[0] * 3600 + parts[1] * 60 + parts[2];
}

std::string to_iso_instant(UnixTime time) {
  const CivilDate date = to_civil(time);
  const std::int64_t seconds = time - to_unix_time(date);
  std::string text = to_iso(date) + "T00:00:00Z";
  auto put = [&](std::size_t pos, std::int64_t value) {
    text[pos] = static_cast<char>('0' + value / 10);
    text[pos + 1] = static_cast<char>('0' + value % 10);
  };
  put(11, seconds / 3600);
  put(14, seconds / 60 % 60);
  put(17, seconds % 60);
  return text;
}

} // namespace mrtd
