#include "core/flat_json.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <random>

namespace {

// What the full parser makes of `text`, in FlatMember terms; nullopt if it rejects the text.
std::optional<std::vector<std::pair<std::string, std::string>>> reference(const std::string& text) {
  const auto j = nlohmann::ordered_json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, value] : j.items()) {
    out.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out;
}

} // namespace

TEST_SUITE("core::flat_json") {
  TEST_CASE("batch records") {
    const auto members = mrtd::parse_flat_object(R"( {"mrz": "P<UTO\nL898", "id": 7, "x": null} )");
    REQUIRE(members);
    REQUIRE(members->size() == 3);
    CHECK((*members)[0].key == "mrz");
    CHECK((*members)[0].value == "P<UTO\nL898");
    CHECK((*members)[1].kind == mrtd::FlatMember::Kind::integer);
    CHECK((*members)[1].value == "7");
    CHECK((*members)[2].kind == mrtd::FlatMember::Kind::null);
    CHECK(mrtd::parse_flat_object("{}")->empty());
  }

  TEST_CASE("escapes and UTF-8") {
    const auto members = mrtd::parse_flat_object(R"({"k":"\"\\\/\b\f\n\r\t\u00ab\ud83d\ude00é"})");
    REQUIRE(members);
    CHECK((*members)[0].value == "\"\\/\b\f\n\r\t\u00ab\U0001F600\u00e9");
  }

  TEST_CASE("anything outside the subset is left to the full parser") {
    for (const char* text : {"",
                             "[]",
                             "{",
                             "{\"a\":1.5}",
                             "{\"a\":1e3}",
                             "{\"a\":[1]}",
                             "{\"a\":{}}",
                             "{\"a\":01}",
                             "{\"a\":-0}",
                             "{\"a\":1,\"a\":2}",
                             "{\"a\":\"\\ud800\"}",
                             "{\"a\":\"\\udc00\"}",
                             "{\"a\":\"\x01\"}",
                             "{\"a\":\"\xff\"}",
                             "{\"a\":1}x",
                             "{\"a\" 1}",
                             "{a:1}",
                             "{\"a\":1234567890123456789}",
                             "{\"a\":tru}",
                             "{\"a\":\"x\\q\"}"}) {
      CAPTURE(text);
      CHECK_FALSE(mrtd::parse_flat_object(text).has_value());
    }
  }

  TEST_CASE("differential: whenever the fast path accepts, it agrees with nlohmann") {
    std::mt19937 engine(8785);
    const std::string alphabet = "{}[]\":,\\ntu0123456789-.eE aé\x01\xff\xc3\xa9/";
    const std::vector<std::string> seeds = {
        R"({"mrz":"P<UTO\nL8","id":"a"})", R"({"id":12,"mrz":"x"})",
        R"({"a":true,"b":false,"c":null})", R"({"s":"\u00e9\n"})"};
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string text = seeds[engine() % seeds.size()];
      for (unsigned m = engine() % 4; m > 0; --m) { // a few random edits
        const std::size_t at = text.empty() ? 0 : engine() % text.size();
        const char c = alphabet[engine() % alphabet.size()];
        switch (engine() % 3) {
        case 0:
          text.insert(text.begin() + static_cast<long>(at), c);
          break;
        case 1:
          if (!text.empty()) {
            text.erase(at, 1);
          }
          break;
        default:
          if (!text.empty()) {
            text[at] = c;
          }
        }
      }
      const auto fast = mrtd::parse_flat_object(text);
      if (!fast) {
        continue;
      }
      ++accepted;
      CAPTURE(text);
      const auto ref = reference(text);
      REQUIRE(ref.has_value());
      REQUIRE(ref->size() == fast->size());
      for (std::size_t k = 0; k < fast->size(); ++k) {
        CHECK((*ref)[k].first == (*fast)[k].key);
        CHECK((*ref)[k].second == (*fast)[k].value);
      }
    }
    CHECK(accepted > 1000);
  }
}
