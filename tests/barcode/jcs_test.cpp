#include "barcode/jcs.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>

using mrtd::barcode::jcs_canonicalize;
using mrtd::barcode::jcs_number;

namespace {

double from_bits(std::uint64_t bits) {
  double d = 0;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

} // namespace

TEST_SUITE("barcode::jcs") {
  TEST_CASE("RFC 8785 §3.2.2: literals, numbers and string escapes") {
    const auto out = jcs_canonicalize(R"({
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
})");
    REQUIRE(out);
    CHECK(*out == "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,"
                  "1e-27],\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  TEST_CASE("RFC 8785 §3.2.3: member names sorted by UTF-16 code units") {
    const auto out = jcs_canonicalize(R"({
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
})");
    REQUIRE(out);
    // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16, after it in UTF-8.
    CHECK(*out == "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\","
                  "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\",\"\xE2\x82\xAC\":\"Euro "
                  "Sign\",\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\",\"\xEF\xAC\xB3\":\"Hebrew "
                  "Letter Dalet With Dagesh\"}");
  }

  TEST_CASE("RFC 8785 Appendix B: ES6 number serialisation") {
    const struct {
      std::uint64_t bits;
      const char* text;
    } cases[] = {
        {0x0000000000000000, "0"},
        {0x8000000000000000, "0"},
        {0x0000000000000001, "5e-324"},
        {0x8000000000000001, "-5e-324"},
        {0x7fefffffffffffff, "1.7976931348623157e+308"},
        {0xffefffffffffffff, "-1.7976931348623157e+308"},
        {0x4340000000000000, "9007199254740992"},
        {0xc340000000000000, "-9007199254740992"},
        {0x4430000000000000, "295147905179352830000"},
        {0x44b52d02c7e14af5, "9.999999999999997e+22"},
        {0x44b52d02c7e14af6, "1e+23"},
        {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
        {0x444b1ae4d6e2ef4e, "999999999999999700000"},
        {0x444b1ae4d6e2ef4f, "999999999999999900000"},
        {0x444b1ae4d6e2ef50, "1e+21"},
        {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
        {0x3eb0c6f7a0b5ed8d, "0.000001"},
        {0x41b3de4355555553, "333333333.3333332"},
        {0x41b3de4355555554, "333333333.33333325"},
        {0x41b3de4355555555, "333333333.3333333"},
        {0x41b3de4355555556, "333333333.3333334"},
        {0x41b3de4355555557, "333333333.33333343"},
        {0xbecbf647612f3696, "-0.0000033333333333333333"},
        {0x43143ff3c1cb0959, "1424953923781206.2"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      const auto out = jcs_number(from_bits(c.bits));
      REQUIRE(out);
      CHECK(*out == c.text);
    }
    CHECK(jcs_number(from_bits(0x7fffffffffffffff)).error().code == mrtd::ErrorCode::unsupported);
    CHECK(jcs_number(from_bits(0x7ff0000000000000)).error().code == mrtd::ErrorCode::unsupported);
    CHECK(*jcs_number(-1.5) == "-1.5");
    CHECK(*jcs_number(100) == "100");
  }

  TEST_CASE("numbers are IEEE doubles: integers beyond 2^53 round as in ECMAScript") {
    CHECK(*jcs_canonicalize("[9007199254740993, -0, 1.0, 10E-1, 123e0]") ==
          "[9007199254740992,0,1,1,123]");
  }

  TEST_CASE("whitespace goes, nesting and order inside arrays stay") {
    CHECK(*jcs_canonicalize(" \n{ \"b\" : [ 3 , { \"d\":1, \"c\":2 } ], \"a\":\"x y\" }\t") ==
          R"({"a":"x y","b":[3,{"c":2,"d":1}]})");
    CHECK(*jcs_canonicalize("\"\\u007f\\u001f\"") == "\"\x7F\\u001f\"");
    CHECK(*jcs_canonicalize("[]") == "[]");
  }

  TEST_CASE("rejects what has no canonical form") {
    CHECK(jcs_canonicalize(R"({"a":1,"a":2})").error().code == mrtd::ErrorCode::malformed);
    CHECK(jcs_canonicalize(R"({"x":{"a":1,"b":{"a":2}},"y":{"a":3}})")); // same name, other objects
    CHECK_FALSE(jcs_canonicalize(R"(["\ud800"])"));                      // lone high surrogate
    CHECK_FALSE(jcs_canonicalize(R"(["\udc00x"])"));                     // lone low surrogate
    CHECK_FALSE(jcs_canonicalize("[\"\xFF\"]"));                         // not UTF-8
    CHECK_FALSE(jcs_canonicalize("[\"\xED\xA0\x80\"]"));                 // an encoded surrogate
    CHECK_FALSE(jcs_canonicalize("[\"\xC0\xAF\"]"));                     // overlong
    CHECK_FALSE(jcs_canonicalize("[1e400]"));                            // beyond double
    CHECK_FALSE(jcs_canonicalize("{} x"));
    CHECK_FALSE(jcs_canonicalize(""));
    CHECK_FALSE(jcs_canonicalize("[NaN]"));
    CHECK(jcs_canonicalize(std::string(100, '[') + std::string(100, ']')).error().code ==
          mrtd::ErrorCode::limit_exceeded);
    CHECK(jcs_canonicalize(std::string(60, '[') + std::string(60, ']')));
  }
}
