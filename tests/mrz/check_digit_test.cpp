#include "mrz/check_digit.hpp"

#include <doctest/doctest.h>

TEST_SUITE("mrz::check_digit") {
  TEST_CASE("values: digits, letters A=10..Z=35, filler 0, others invalid") {
    CHECK(mrtd::mrz::char_value('0') == 0);
    CHECK(mrtd::mrz::char_value('9') == 9);
    CHECK(mrtd::mrz::char_value('A') == 10);
    CHECK(mrtd::mrz::char_value('Z') == 35);
    CHECK(mrtd::mrz::char_value('<') == 0);
    CHECK(mrtd::mrz::char_value('a') == -1);
    CHECK(mrtd::mrz::char_value(' ') == -1);
    CHECK(mrtd::mrz::char_value('\xab') == -1);
  }

  TEST_CASE("Doc 9303-3 §4.9 worked examples") {
    // The standard's own examples: date 520727 -> 3; document number AB2134<<< -> 5.
    CHECK(mrtd::mrz::compute_check_digit("520727") == 3);
    CHECK(mrtd::mrz::compute_check_digit("AB2134<<<") == 5);
    // ICAO TD3 specimen fields.
    CHECK(mrtd::mrz::check_digit_char("L898902C3") == '6');
    CHECK(mrtd::mrz::check_digit_char("740812") == '2');
    CHECK(mrtd::mrz::check_digit_char("120415") == '9');
    CHECK(mrtd::mrz::check_digit_char("ZE184226B<<<<<") == '1');
  }

  TEST_CASE("weights continue across the parts of a composite") {
    CHECK(mrtd::mrz::compute_check_digit({"L898902C36", "7408122", "1204159ZE184226B<<<<<1"}) == 0);
    CHECK(mrtd::mrz::compute_check_digit({"AB", "2134<<<"}) ==
          mrtd::mrz::compute_check_digit("AB2134<<<"));
  }

  TEST_CASE("characters outside the alphabet make the digit uncomputable") {
    CHECK_FALSE(mrtd::mrz::compute_check_digit("AB#1").has_value());
    CHECK(mrtd::mrz::check_digit_char("ab") == '?');
    CHECK(mrtd::mrz::compute_check_digit("") == 0);
  }
}
