#include "mrz/names.hpp"

#include <doctest/doctest.h>

using mrtd::mrz::split_name;

TEST_SUITE("mrz::names") {
  TEST_CASE("primary and secondary identifiers split at the first <<") {
    const auto name = split_name("ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
    CHECK(name.primary == "ERIKSSON");
    CHECK(name.secondary == "ANNA MARIA");
    CHECK_FALSE(name.possibly_truncated);
  }

  TEST_CASE("a primary identifier alone") {
    const auto name = split_name("ARKFREITH<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<");
    CHECK(name.primary == "ARKFREITH");
    CHECK(name.secondary.empty());
  }

  TEST_CASE("components of the primary identifier") {
    const auto name = split_name("VAN<DER<MUELLEN<<MARTIN<<<<<<<<<<<<<<<<");
    CHECK(name.primary == "VAN DER MUELLEN");
    CHECK(name.secondary == "MARTIN");
  }

  TEST_CASE("a full field may be truncated (Doc 9303: last position a letter)") {
    CHECK(split_name("NILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K").possibly_truncated);
    CHECK(split_name("PAPANDROPOULOUS<<JONATHON<WARREN<TREVOR").possibly_truncated);
    CHECK_FALSE(split_name("PAPANDROPOULOUS<<JONATHON<WARREN<TREVO<").possibly_truncated);
  }
}
