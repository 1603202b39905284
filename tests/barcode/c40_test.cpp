#include "barcode/c40.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

using mrtd::barcode::Bytes;
using mrtd::barcode::c40_decode;
using mrtd::barcode::c40_encode;
using mrtd::barcode::c40_encoded_size;

Bytes encode(std::string_view text) {
  auto r = c40_encode(text);
  REQUIRE(r.has_value());
  return *r;
}

std::string decode(const Bytes& bytes) {
  auto r = c40_decode(bytes);
  REQUIRE_MESSAGE(r.has_value(), r.error().message);
  return *r;
}

} // namespace

TEST_SUITE("barcode::c40") {
  TEST_CASE("vectors from the notes and the corpus headers encode and decode") {
    // barcodes.md §1.1-§1.2: `D<<` is `D  ` = 6A BC, `UTO` = D9 C5, one leftover char unlatches.
    CHECK(encode("D<<") == Bytes{0x6A, 0xBC});
    CHECK(encode("D  ") == Bytes{0x6A, 0xBC});
    CHECK(encode("UTO") == Bytes{0xD9, 0xC5});
    CHECK(encode("D") == Bytes{0xFE, 0x45});
    // vdstools arrivalAttestation header: DETS + 00027 (v3), 6 bytes.
    CHECK(encode("DETS00027") == Bytes{0x6D, 0x32, 0xC8, 0xA5, 0x19, 0xFC});
    // vdstools addressStickerPassport header: UTTS02 then 5B, padded with Shift 1.
    CHECK(encode("UTTS02") == Bytes{0xD9, 0xCA, 0xC8, 0xA7});
    CHECK(encode("5B") == Bytes{0x3A, 0x99});

    CHECK(decode({0x6A, 0xBC}) == "D  ");
    CHECK(decode({0xD9, 0xC5}) == "UTO");
    CHECK(decode({0xFE, 0x45}) == "D");
    CHECK(decode({0x3A, 0x99}) == "5B");
    CHECK(decode({0x6D, 0x32, 0xC8, 0xA5, 0x19, 0xFC}) == "DETS00027");
    CHECK(decode({}).empty());
  }

  TEST_CASE("lower case is upper-cased and '<' is written as space") {
    CHECK(encode("uto") == encode("UTO"));
    CHECK(encode("<") == Bytes{0xFE, 0x21});
    CHECK(decode(encode("A<B")) == "A B");
  }

  TEST_CASE("byte count is ceil(n/3)*2") {
    CHECK(c40_encoded_size(0) == 0);
    CHECK(c40_encoded_size(1) == 2);
    CHECK(c40_encoded_size(2) == 2);
    CHECK(c40_encoded_size(3) == 2);
    CHECK(c40_encoded_size(4) == 4);
    CHECK(c40_encoded_size(40) == 28);
    CHECK(c40_encoded_size(72) == 48);
    const std::string alphabet = "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (std::size_t n = 0; n <= 12; ++n) {
      CAPTURE(n);
      std::string text;
      for (std::size_t i = 0; i < n; ++i) {
        text += alphabet[(i * 7 + n) % alphabet.size()];
      }
      const Bytes bytes = encode(text);
      CHECK(bytes.size() == c40_encoded_size(n));
      CHECK(decode(bytes) == text);
    }
  }

  TEST_CASE("characters outside the set are rejected with their position") {
    auto r = c40_encode("AB#C");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == mrtd::ErrorCode::invalid_argument);
    CHECK(r.error().offset == 2);
    CHECK_FALSE(c40_encode("\xC3\xA9").has_value());
    CHECK_FALSE(c40_encode("a-b").has_value());
  }

  TEST_CASE("malformed C40 is an error with a byte offset") {
    auto check_error = [](const Bytes& bytes, std::ptrdiff_t offset) {
      auto r = c40_decode(bytes);
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().code == mrtd::ErrorCode::malformed);
      CHECK(r.error().offset == offset);
    };
    check_error({0x6A}, 0);                   // odd byte count
    check_error({0xD9, 0xC5, 0x6A}, 2);       // odd byte count
    check_error({0xFE, 0x45, 0xD9, 0xC5}, 0); // unlatch before the end
    check_error({0xD9, 0xC5, 0xFF, 0xFF}, 2); // above 0xFA00
    check_error({0xFA, 0x01}, 0);             // just above the maximum
    check_error({0x00, 0x00}, 0);             // zero is not a value
    check_error({0x00, 0x01, 0xD9, 0xC5}, 0); // Shift 1 where a character belongs
    check_error({0x3A, 0x99, 0xD9, 0xC5}, 0); // padding before the last pair
    check_error({0x06, 0x41}, 0);             // c1 = 1: Shift 2 is not used in VDS
    check_error({0xFE, 0x62}, 1);             // unlatched 'a' is not in the set
    check_error({0xFE, 0x24}, 1);             // unlatched '#'
    CHECK(decode({0xFA, 0x00}) == "ZZZ");     // the largest value
  }
}
