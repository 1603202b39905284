#include "barcode/base32.hpp"

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

TEST_SUITE("barcode::base32") {
  TEST_CASE("RFC 4648 §10 test vectors, with and without padding") {
    const struct {
      const char* plain;
      const char* padded;
    } cases[] = {{"", ""},
                 {"f", "MY======"},
                 {"fo", "MZXQ===="},
                 {"foo", "MZXW6==="},
                 {"foob", "MZXW6YQ="},
                 {"fooba", "MZXW6YTB"},
                 {"foobar", "MZXW6YTBOI======"}};
    for (const auto& c : cases) {
      CAPTURE(c.plain);
      const std::string padded = c.padded;
      const std::string bare = padded.substr(0, padded.find('='));
      CHECK(base32_encode(bytes_of(c.plain), Base32Padding::yes) == padded);
      CHECK(base32_encode(bytes_of(c.plain)) == bare);
      CHECK(text_of(*base32_decode(padded)) == c.plain);
      CHECK(text_of(*base32_decode(bare)) == c.plain);
    }
  }

  TEST_CASE("all byte values round trip") {
    Bytes all(256);
    for (std::size_t i = 0; i < all.size(); ++i) {
      all[i] = static_cast<std::uint8_t>(i);
    }
    for (std::size_t n = 0; n <= all.size(); n += 37) {
      const ByteView part = ByteView(all).first(n);
      const auto back = base32_decode(base32_encode(part));
      REQUIRE(back);
      CHECK(*back == Bytes(part.begin(), part.end()));
    }
  }

  TEST_CASE("errors name the offending position") {
    CHECK(base32_decode("MZXW6yQ").error().offset == 5); // lower case is not in the alphabet
    CHECK(base32_decode("MZXW1YQ").error().offset == 4); // 1 is not in the alphabet
    CHECK(base32_decode("MZXW 6YQ").error().offset == 4);
    CHECK_FALSE(base32_decode("M"));        // 1 character: no whole byte
    CHECK_FALSE(base32_decode("MZX"));      // 3 characters
    CHECK_FALSE(base32_decode("MZXW6Y"));   // 6 characters
    CHECK_FALSE(base32_decode("MY====="));  // padding short of a group
    CHECK_FALSE(base32_decode("MZ=XW6YQ")); // padding in the middle
    CHECK_FALSE(base32_decode("M=======")); // 7 padding characters
    CHECK(base32_decode("MZXW6YQ=").has_value());
  }
}
