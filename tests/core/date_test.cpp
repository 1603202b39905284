#include "core/date.hpp"

#include <doctest/doctest.h>

TEST_SUITE("core::date") {
  TEST_CASE("calendar validity, leap years included") {
    CHECK(mrtd::is_valid_date(2000, 2, 29));
    CHECK_FALSE(mrtd::is_valid_date(1900, 2, 29));
    CHECK_FALSE(mrtd::is_valid_date(2001, 2, 29));
    CHECK(mrtd::is_valid_date(2024, 2, 29));
    CHECK_FALSE(mrtd::is_valid_date(2024, 4, 31));
    CHECK_FALSE(mrtd::is_valid_date(2024, 13, 1));
    CHECK_FALSE(mrtd::is_valid_date(2024, 0, 1));
    CHECK_FALSE(mrtd::is_valid_date(2024, 1, 0));
  }

  TEST_CASE("ISO dates parse strictly") {
    CHECK(mrtd::parse_iso_date("2026-11-29") == mrtd::CivilDate{2026, 11, 29});
    CHECK_FALSE(mrtd::parse_iso_date("2026-02-30").has_value());
    CHECK_FALSE(mrtd::parse_iso_date("2026-1-01").has_value());
    CHECK_FALSE(mrtd::parse_iso_date("20261101").has_value());
    CHECK_FALSE(mrtd::parse_iso_date("2026-11-2x").has_value());
    CHECK(mrtd::to_iso({1974, 8, 12}) == "1974-08-12");
  }

  TEST_CASE("day numbers") {
    CHECK(mrtd::days_from_civil({1970, 1, 1}) == 0);
    CHECK(mrtd::days_from_civil({2000, 3, 1}) - mrtd::days_from_civil({2000, 2, 28}) == 2);
    CHECK(mrtd::days_from_civil({1969, 12, 31}) == -1);
  }
}
