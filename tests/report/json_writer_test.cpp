#include "../mrz/cases.hpp"

#include "mrz/mrz.hpp"
#include "report/json_writer.hpp"
#include "report/report.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <random>

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

  TEST_CASE("special bytes are found at every offset of the 8-byte scan") {
    for (char special : {'"', '\\', '\n', '\x1f', '\x80', '\x7f'}) {
      for (std::size_t at = 0; at < 20; ++at) {
        std::string text(20, 'a');
        text[at] = special;
        std::string out;
        { // the writer trims `out` when it goes out of scope
          JsonWriter w(out, -1);
          w.value(text);
        }
        CAPTURE(at);
        CHECK(nlohmann::json::accept(out));
        CHECK(out == nlohmann_dump(out, -1));
      }
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
