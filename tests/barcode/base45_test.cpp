#include "barcode/base45.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace mrtd::barcode;

namespace {

std::string text_of(const Bytes& b) {
  return {b.begin(), b.end()};
}

ByteView bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

} // namespace

TEST_SUITE("barcode::base45") {
  TEST_CASE("RFC 9285 §4.3 examples") {
    CHECK(base45_encode(bytes_of("AB")) == "BB8");
    CHECK(base45_encode(bytes_of("Hello!!")) == "%69 VD92EX0");
    CHECK(base45_encode(bytes_of("base-45")) == "UJCLQE7W581");
    CHECK(text_of(*base45_decode("QED8WEX0")) == "ietf!");
    CHECK(text_of(*base45_decode("%69 VD92EX0")) == "Hello!!");
    CHECK(base45_decode("")->empty());
  }

  TEST_CASE("extreme values round trip") {
    const Bytes cases[] = {{0x00}, {0xFF}, {0x00, 0x00}, {0xFF, 0xFF}, {0xFF, 0xFF, 0xFF}};
    for (const Bytes& b : cases) {
      CHECK(*base45_decode(base45_encode(b)) == b);
    }
    CHECK(base45_encode(Bytes{0xFF, 0xFF}) == "FGW"); // 65535 = 15 + 21*45 + 32*45^2
  }

  TEST_CASE("RFC 9285 §4.2 decoding errors") {
    CHECK(base45_decode("GGW").error().code == mrtd::ErrorCode::malformed); // 65536
    CHECK(base45_decode("ZZ").error().code == mrtd::ErrorCode::malformed);  // 1610 > 255
    CHECK(base45_decode("BB8A").error().offset == 3);                       // dangling character
    CHECK(base45_decode("BB8b8").error().offset == 3);                      // lower case
    CHECK(base45_decode("BB8=8").error().offset == 3);
  }
}
