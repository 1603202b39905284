#include "../mrz/cases.hpp"

#include "mrz/mrz.hpp"
#include "report/json_writer.hpp"
#include "report/report.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <string>
#include <vector>

using mrtd::report::detail::JsonWriter;

namespace {

// The writer must produce exactly what nlohmann's dump() makes of the same document.
std::string nlohmann_dump(const std::string& text, int indent) {
  return nlohmann::ordered_json::parse(text).dump(indent, ' ', false,
                                                  nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace

TEST_SUITE("report::json_writer") {
  TEST_CASE("every sample verdict is byte-identical to nlohmann's dump, pretty and compact") {
    mrtd::mrz::CheckOptions options;
    options.reference_date = {2026, 1, 1};
    for (const auto& c : mrtd::test::k_mrz_cases) {
      CAPTURE(c.name);
      const auto report = mrtd::mrz::check(c.text, options);
      const mrtd::report::Envelope envelope{"mrz check", "x\"y\\z", std::nullopt, "1"};
      const auto pretty = mrtd::report::to_json(envelope, report, mrtd::report::Layout::pretty);
      const auto line = mrtd::report::to_json(envelope, report, mrtd::report::Layout::line);
      CHECK(pretty == nlohmann_dump(pretty, 2));
      CHECK(line == nlohmann_dump(line, -1));
    }
  }

  TEST_CASE("strings: escapes, control bytes, valid UTF-8 kept, invalid bytes replaced") {
    std::string out;
    { // the writer trims `out` when it goes out of scope
      JsonWriter w(out, -1);
      w.begin_array();
      w.value(std::string_view("a\"b\\c\n\r\t\b\f\x01\x1f", 12));
      w.value("\u00ab\u20ac\U0001F600");
      w.value("\xff\xc3(\xed\xa0\x80\xf4\x90\x80\x80");
      w.end_array();
    }
    CHECK(out == "[\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\",\"\u00ab\u20ac\U0001F600\","
                 "\"\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"]");
    CHECK(nlohmann::json::accept(out));
  }

  TEST_CASE("random byte strings always give valid JSON that round-trips ASCII exactly") {
    std::mt19937 engine(20261129);
    for (int i = 0; i < 2000; ++i) {
      std::string bytes;
      const auto length = engine() % 40;
      for (unsigned j = 0; j < length; ++j) {
        bytes += static_cast<char>(engine() & 0xFF);
      }
      std::string out;
      { // the writer trims `out` when it goes out of scope
        JsonWriter w(out, 2);
        w.begin_object();
        w.key("k");
        w.value(bytes);
        w.end_object();
      }
      nlohmann::json parsed;
      REQUIRE_NOTHROW(parsed = nlohmann::json::parse(out));
      CHECK(out == nlohmann_dump(out, 2));
    }
  }

  TEST_CASE("special bytes are found at every offset and length of the word scans") {
    // Lengths around the 8- and 16-byte words and their overlapping last word; the text must
    // come back exactly (plain) or as nlohmann writes it (with a special byte).
    for (std::size_t length = 0; length <= 49; ++length) {
      std::string plain(length, 'a');
      for (std::size_t i = 0; i < length; ++i) {
        plain[i] = static_cast<char>(' ' + (i * 7) % 95); // printable ASCII, '"' and '\\' left out
        if (plain[i] == '"' || plain[i] == '\\') {
          plain[i] = 'q';
        }
      }
      std::string out;
      { // the writer trims `out` when it goes out of scope
        JsonWriter w(out, -1);
        w.value(plain);
      }
      CAPTURE(length);
      CHECK(out == "\"" + plain + "\"");
      for (char special : {'"', '\\', '\n', '\x1f', '\x80', '\x7f'}) {
        for (std::size_t at = 0; at < length; ++at) {
          std::string text = plain;
          text[at] = special;
          std::string escaped;
          { // the writer trims `escaped` when it goes out of scope
            JsonWriter w(escaped, -1);
            w.value(text);
          }
          CAPTURE(at);
          REQUIRE(nlohmann::json::accept(escaped));
          CHECK(escaped == nlohmann_dump(escaped, -1));
          if (special != '\x80') {
            CHECK(nlohmann::json::parse(escaped).get<std::string>() == text);
          }
        }
      }
    }
  }

  TEST_CASE("values that end at, or cross, the writer's buffer edge") {
    // Strings of every length up to 60 one after the other move the 2 KB buffer's edge across
    // every position of the fast path's words.
    std::string out;
    std::vector<std::string> values;
    { // the writer trims `out` when it goes out of scope
      JsonWriter w(out, -1);
      w.begin_array();
      for (int round = 0; round < 40; ++round) {
        for (std::size_t length = 0; length <= 60; ++length) {
          std::string text(length, static_cast<char>('A' + (round + length) % 26));
          if (length > 0 && (round + length) % 5 == 0) {
            text[length / 2] = '"';
          }
          values.push_back(text);
          w.value(text);
        }
      }
      w.end_array();
    }
    const auto parsed = nlohmann::json::parse(out);
    REQUIRE(parsed.size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      CHECK(parsed[i].get<std::string>() == values[i]);
    }
  }

  TEST_CASE("empty containers, nesting, numbers, booleans, null") {
    std::string out;
    { // the writer trims `out` when it goes out of scope
      JsonWriter w(out, 2);
      w.begin_object();
      w.key("a");
      w.begin_array();
      w.end_array();
      w.key("b");
      w.begin_object();
      w.end_object();
      w.key("c");
      w.begin_array();
      w.value(-12);
      w.value(true);
      w.null();
      w.begin_object();
      w.key("d");
      w.value(false);
      w.end_object();
      w.end_array();
      w.end_object();
    }
    CHECK(out == "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    -12,\n    true,\n    null,\n"
                 "    {\n      \"d\": false\n    }\n  ]\n}");
    CHECK(out == nlohmann_dump(out, 2));
  }
}
