#include "core/check_registry.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

TEST_SUITE("core::check_registry") {
  TEST_CASE("ids are unique, dotted snake_case, and each row is documented") {
    std::set<std::string_view> seen;
    for (const auto& row : mrtd::check_registry()) {
      CAPTURE(row.name);
      CHECK(seen.insert(row.name).second);
      CHECK_FALSE(row.description.empty());
      CHECK_FALSE(row.clause.empty());
      for (char c : row.name) {
        CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'));
      }
      CHECK(mrtd::find_check(row.name) == row.id);
    }
    CHECK_FALSE(mrtd::find_check("mrz.nope").has_value());
  }
}
