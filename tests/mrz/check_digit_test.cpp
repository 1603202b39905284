#include "mrz/check_digit.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

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

  TEST_CASE("long parts and every split give the character-by-character digit") {
    // The computation sums in chunks of 1800 characters; the reference weighs one at a time.
    auto reference = [](std::string_view text) -> std::optional<int> {
      static constexpr int k_weights[3] = {7, 3, 1};
      int sum = 0;
      for (std::size_t i = 0; i < text.size(); ++i) {
        const int v = mrtd::mrz::char_value(text[i]);
        if (v < 0) {
          return std::nullopt;
        }
        sum += v * k_weights[i % 3];
      }
      return sum % 10;
    };
    std::string text;
    for (std::size_t i = 0; i < 4000; ++i) {
      text += "Z9<ABCDEFGHIJKLMNOPQRSTUVWXY012345678"[(i * 7 + i / 5) % 37];
    }
    const std::string_view all(text);
    for (const std::size_t length : {1799U, 1800U, 1801U, 3600U, 4000U}) {
      CHECK(mrtd::mrz::compute_check_digit(all.substr(0, length)) ==
            reference(all.substr(0, length)));
    }
    for (const std::size_t split : {0U, 1U, 2U, 5U, 1799U, 1801U, 3999U}) {
      CHECK(mrtd::mrz::compute_check_digit({all.substr(0, split), all.substr(split)}) ==
            reference(all));
    }
    std::string bad = text;
    bad[3999] = 'a';
    CHECK_FALSE(mrtd::mrz::compute_check_digit(bad).has_value());
    bad[3999] = '<';
    bad[1800] = '\xff';
    CHECK_FALSE(
        mrtd::mrz::compute_check_digit({std::string_view(bad).substr(0, 2000)}).has_value());
  }
}
