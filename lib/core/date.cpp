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

} // namespace mrtd
