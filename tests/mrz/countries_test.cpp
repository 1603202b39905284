#include "mrz/countries.hpp"

#include <doctest/doctest.h>

using mrtd::mrz::CountryKind;
using mrtd::mrz::lookup_country;

TEST_SUITE("mrz::countries") {
  TEST_CASE("ISO 3166-1 alpha-3 codes") {
    CHECK(lookup_country("FRA").kind == CountryKind::iso);
    CHECK(lookup_country("DEU").kind == CountryKind::iso);
    CHECK(lookup_country("NLD").alpha2 == "NL");
    CHECK(lookup_country("ABW").kind == CountryKind::iso); // first row
    CHECK(lookup_country("ZWE").kind == CountryKind::iso); // last row
  }

  TEST_CASE("ICAO codes of Doc 9303-3 §5") {
    for (const char* code :
         {"D<<", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XXA", "XXB", "XXC", "XXX",
          "XPO", "XOM", "XCC", "XES", "XIM", "XDC", "XBA", "XCE", "XCO", "XEC", "EUE", "RKS"}) {
      CAPTURE(code);
      CHECK(lookup_country(code).kind == CountryKind::icao);
    }
    CHECK(lookup_country("UTO").kind == CountryKind::specimen);
    CHECK(lookup_country("ANT").kind == CountryKind::withdrawn);
    CHECK(lookup_country("NTZ").kind == CountryKind::withdrawn);
  }

  TEST_CASE("unknown codes and misplaced fillers") {
    CHECK(lookup_country("ZZZ").kind == CountryKind::unknown);
    CHECK(lookup_country("<<D").kind == CountryKind::unknown);
    CHECK(lookup_country("D").kind == CountryKind::unknown); // must be padded
    CHECK(lookup_country("UT0").kind == CountryKind::unknown);
    CHECK(lookup_country("").kind == CountryKind::unknown);
  }

  TEST_CASE("country_field pads MRZ codes and maps alpha-2 (DE -> D<<)") {
    CHECK(mrtd::mrz::country_field("D") == "D<<");
    CHECK(mrtd::mrz::country_field("DE") == "D<<");
    CHECK(mrtd::mrz::country_field("FR") == "FRA");
    CHECK(mrtd::mrz::country_field("UTO") == "UTO");
    CHECK(mrtd::mrz::country_field("DEU") == "DEU");
    CHECK_FALSE(mrtd::mrz::country_field("QQ").has_value());
    CHECK_FALSE(mrtd::mrz::country_field("fra").has_value());
    CHECK_FALSE(mrtd::mrz::country_field("FRAN").has_value());
  }
}
