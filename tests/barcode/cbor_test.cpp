#include "barcode/cbor.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

using namespace mrtd::barcode;

namespace {

Bytes from_hex(std::string_view hex) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

cbor::Value decoded(std::string_view hex) {
  auto v = cbor::decode(from_hex(hex));
  REQUIRE(v);
  return std::move(*v);
}

std::string json(std::string_view hex) {
  auto text = cbor::to_json(decoded(hex));
  REQUIRE(text);
  return *text;
}

} // namespace

TEST_SUITE("barcode::cbor") {
  TEST_CASE("RFC 8949 Appendix A: integers") {
    CHECK(decoded("00").as_int() == 0);
    CHECK(decoded("17").as_int() == 23);
    CHECK(decoded("1818").as_int() == 24);
    CHECK(decoded("1903e8").as_int() == 1000);
    CHECK(decoded("1a000f4240").as_int() == 1000000);
    CHECK(decoded("1b000000e8d4a51000").as_int() == 1000000000000);
    const auto max = decoded("1bffffffffffffffff");
    CHECK(max.type == cbor::Type::unsigned_integer);
    CHECK(max.number == 18446744073709551615u);
    CHECK_FALSE(max.as_int().has_value());
    CHECK(decoded("20").as_int() == -1);
    CHECK(decoded("3863").as_int() == -100);
    CHECK(decoded("3903e7").as_int() == -1000);
    CHECK(decoded("3bffffffffffffffff").number == 18446744073709551615u); // -2^64
  }

  TEST_CASE("RFC 8949 Appendix A: floats and simple values") {
    CHECK(decoded("f90000").floating == 0.0);
    CHECK(std::signbit(decoded("f98000").floating));
    CHECK(decoded("f93c00").floating == 1.0);
    CHECK(decoded("fb3ff199999999999a").floating == 1.1);
    CHECK(decoded("f93e00").floating == 1.5);
    CHECK(decoded("f97bff").floating == 65504.0);
    CHECK(decoded("fa47c35000").floating == 100000.0);
    CHECK(decoded("f90001").floating == 5.960464477539063e-8);
    CHECK(decoded("f90400").floating == 0.00006103515625);
    CHECK(decoded("f9c400").floating == -4.0);
    CHECK(std::isinf(decoded("f97c00").floating));
    CHECK(std::isnan(decoded("f97e00").floating));
    CHECK(decoded("f4").number == 20);
    CHECK(decoded("f5").number == 21);
    CHECK(decoded("f6").number == 22);
    CHECK(decoded("f7").number == 23);
    CHECK(decoded("f0").number == 16);
    CHECK(decoded("f8ff").number == 255);
  }

  TEST_CASE("RFC 8949 Appendix A: strings, arrays, maps, tags, indefinite lengths") {
    CHECK(decoded("40").data.empty());
    CHECK(decoded("4401020304").data == Bytes{1, 2, 3, 4});
    CHECK(decoded("6449455446").text() == "IETF");
    CHECK(decoded("62c3bc").text() == "\xC3\xBC");
    const auto tagged = decoded("c074323031332d30332d32315432303a30343a30305a");
    CHECK(tagged.type == cbor::Type::tag);
    CHECK(tagged.number == 0);
    CHECK(tagged.items.at(0).text() == "2013-03-21T20:04:00Z");
    CHECK(decoded("d82076687474703a2f2f7777772e6578616d706c652e636f6d").number == 32);
    const auto map = decoded("a201020304");
    CHECK(map.find(std::int64_t{1})->as_int() == 2);
    CHECK(map.find(std::int64_t{3})->as_int() == 4);
    CHECK(map.find(std::int64_t{2}) == nullptr);
    CHECK(decoded("5f42010243030405ff").data == Bytes{1, 2, 3, 4, 5});
    CHECK(decoded("7f657374726561646d696e67ff").text() == "streaming");
    CHECK(decoded("9fff").items.empty());
    CHECK(json("9f018202039f0405ffff") == "[1,[2,3],[4,5]]");
    CHECK(json("83018202039f0405ff") == "[1,[2,3],[4,5]]");
    CHECK(json("bf61610161629f0203ffff") == R"({"a":1,"b":[2,3]})");
    CHECK(json("a26161016162820203") == R"({"a":1,"b":[2,3]})");
    CHECK(json("bf6346756ef563416d7421ff") == R"({"Amt":-2,"Fun":true})");
    CHECK(json("a56161614161626142616361436164614461656145") ==
          R"({"a":"A","b":"B","c":"C","d":"D","e":"E"})");
    CHECK(json("83f4f6f7") == "[false,null,null]");
    CHECK(json("82f93e00fb3ff199999999999a") == "[1.5,1.1]");
  }

  TEST_CASE("to_json refuses what JSON cannot say") {
    CHECK(cbor::to_json(decoded("a201020304")).error().code == mrtd::ErrorCode::unsupported);
    CHECK(cbor::to_json(decoded("4401020304")).error().code == mrtd::ErrorCode::unsupported);
    CHECK(cbor::to_json(decoded("f97c00")).error().code == mrtd::ErrorCode::unsupported);
    CHECK(cbor::to_json(decoded("3bffffffffffffffff")).error().code ==
          mrtd::ErrorCode::unsupported);
    CHECK(cbor::to_json(decoded("a2616101616102")).error().code == mrtd::ErrorCode::malformed);
    CHECK(cbor::to_json(decoded("61ff")).error().code == mrtd::ErrorCode::malformed); // not UTF-8
  }

  TEST_CASE("malformed and hostile input") {
    const char* bad[] = {
        "",                   // nothing
        "18",                 // argument missing
        "1c",                 // reserved additional information 28
        "ff",                 // break outside an indefinite item
        "0000",               // trailing bytes
        "f818",               // simple value below 32 in two-byte form
        "5f6161ff",           // text chunk in a byte string
        "5f5fffff",           // indefinite chunk
        "1f",                 // indefinite integer
        "9f01",               // unterminated
        "a10102ff",           // trailing break
        "bf01ff",             // break between key and value
        "62c3",               // string past the end
        "9bffffffffffffffff", // 2^64 elements announced, none there: no allocation
        "5bffffffffffffffff00",
    };
    for (const char* hex : bad) {
      CAPTURE(hex);
      CHECK(cbor::decode(from_hex(hex)).error().code == mrtd::ErrorCode::malformed);
    }
    std::string deep;
    for (int i = 0; i < 40; ++i) {
      deep += "81";
    }
    CHECK(cbor::decode(from_hex(deep + "00")).error().code == mrtd::ErrorCode::limit_exceeded);
    cbor::Limits tight;
    tight.max_items = 3;
    CHECK(cbor::decode(from_hex("83010203"), tight).error().code ==
          mrtd::ErrorCode::limit_exceeded);
    CHECK(cbor::decode(from_hex("9f9f9f9f9f9f9f9f9f9f"), tight).error().code ==
          mrtd::ErrorCode::limit_exceeded);

    // The shape of RFC 8152 C.2.1 (COSE_Sign1, tag 18), with a zero signature.
    const Bytes sample = from_hex("d28443a10126a1044231315454686973206973207468652063"
                                  "6f6e74656e742e5840" +
                                  std::string(128, '0'));
    REQUIRE(cbor::decode(sample));
    CHECK(cbor::decode(sample)->items.at(0).items.size() == 4);
    for (std::size_t n = 0; n < sample.size(); ++n) {
      CHECK_FALSE(cbor::decode(ByteView(sample).first(n)));
    }
    std::mt19937 rng(8949);
    for (int round = 0; round < 20000; ++round) {
      Bytes junk(rng() % 48);
      for (auto& b : junk) {
        b = static_cast<std::uint8_t>(rng());
      }
      auto v = cbor::decode(junk);
      if (v) {
        (void)cbor::to_json(*v);
      }
    }
  }

  TEST_CASE("writers use the shortest heads (RFC 8949 §4.2.1)") {
    const struct {
      std::uint64_t value;
      const char* hex;
    } cases[] = {{0, "00"},
                 {23, "17"},
                 {24, "1818"},
                 {255, "18ff"},
                 {256, "190100"},
                 {1000, "1903e8"},
                 {65536, "1a00010000"},
                 {1000000, "1a000f4240"},
                 {1000000000000, "1b000000e8d4a51000"}};
    for (const auto& c : cases) {
      Bytes out;
      cbor::write_head(out, 0, c.value);
      CHECK(out == from_hex(c.hex));
    }
    Bytes out;
    cbor::write_text(out, "IETF");
    cbor::write_bytes(out, Bytes{1, 2, 3, 4});
    cbor::write_head(out, 1, 99);
    CHECK(out == from_hex("644945544644010203043863"));
  }
}
