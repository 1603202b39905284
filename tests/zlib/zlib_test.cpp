#include "zlib/zlib.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <vector>

using Bytes = std::vector<std::uint8_t>;

TEST_SUITE("zlib") {
  TEST_CASE("deflate then inflate gives the data back") {
    std::mt19937 rng(1950);
    for (const std::size_t size : {std::size_t{1}, std::size_t{1000}, std::size_t{70000}}) {
      CAPTURE(size);
      Bytes data(size);
      for (std::size_t i = 0; i < size; ++i) {
        data[i] = static_cast<std::uint8_t>(i % 3 == 0 ? rng() : i); // partly compressible
      }
      const Bytes packed = mrtd::zlib::deflate(data);
      REQUIRE(packed.size() >= 6);
      CHECK(packed[0] == 0x78); // RFC 1950: CM 8, 32K window
      CHECK((packed[0] * 256 + packed[1]) % 31 == 0);
      const auto back = mrtd::zlib::inflate(packed, size);
      REQUIRE(back);
      CHECK(*back == data);
    }
  }

  TEST_CASE("a corrupt stream is malformed") {
    // Header check bits wrong ((0x78 * 256 + 0x00) % 31 != 0).
    CHECK(mrtd::zlib::inflate(Bytes{0x78, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}, 100)
              .error()
              .code == mrtd::ErrorCode::malformed);
    // A valid header, then a final block of the reserved type 3 (RFC 1951 §3.2.3).
    CHECK(mrtd::zlib::inflate(Bytes{0x78, 0x9C, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00}, 100)
              .error()
              .code == mrtd::ErrorCode::malformed);
    CHECK_FALSE(mrtd::zlib::inflate(Bytes{0x78, 0x9C}, 100)); // too short
    Bytes packed = mrtd::zlib::deflate(Bytes(500, 0x41));
    packed.resize(packed.size() / 2);
    auto cut = mrtd::zlib::inflate(packed, 1000);
    CHECK((!cut || cut->size() < 500)); // never the full data from half a stream
  }

  TEST_CASE("the output cap is limit_exceeded, and the cap itself is allowed") {
    const Bytes zeros(100000, 0);
    const Bytes packed = mrtd::zlib::deflate(zeros);
    CHECK(packed.size() < 1000); // a bomb in miniature
    CHECK(mrtd::zlib::inflate(packed, 1000).error().code == mrtd::ErrorCode::limit_exceeded);
    CHECK(mrtd::zlib::inflate(packed, 0).error().code == mrtd::ErrorCode::limit_exceeded);
    const auto exact = mrtd::zlib::inflate(packed, 100000);
    REQUIRE(exact);
    CHECK(exact->size() == 100000);
  }

  TEST_CASE("output of exactly max_output + 1 bytes is limit_exceeded") {
    // inflate() decodes into a buffer of max_output + 1 bytes: filling it means one too many.
    const Bytes packed = mrtd::zlib::deflate(Bytes(100000, 0));
    const auto r = mrtd::zlib::inflate(packed, 99999);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == mrtd::ErrorCode::limit_exceeded);
  }

  TEST_CASE("output around the size of the first, small buffer inflates in full") {
    // inflate() first tries a buffer of 4096 + 16 * the stream's size, then the full one: a
    // stream of zeros inflates about 200:1, so these sizes cross the first buffer's edge, one
    // of them landing on it exactly.
    bool crossed_exactly = false;
    for (std::size_t size = 4000; size <= 6000; ++size) {
      CAPTURE(size);
      const Bytes packed = mrtd::zlib::deflate(Bytes(size, 0));
      crossed_exactly = crossed_exactly || size == 4096 + 16 * packed.size();
      const auto r = mrtd::zlib::inflate(packed, std::size_t{1024} * 1024);
      REQUIRE(r.has_value());
      CHECK(r->size() == size);
      CHECK(mrtd::zlib::inflate(packed, size - 1).error().code ==
            mrtd::ErrorCode::limit_exceeded);
    }
    CHECK(crossed_exactly);
  }

  TEST_CASE("deflate of empty input is a valid zlib stream") {
    // stb's compressor writes no deflate block for empty input (78 5E 00 00 00 01); zlib
    // itself writes 78 9C 03 00 00 00 00 01.
    const Bytes packed = mrtd::zlib::deflate(Bytes{});
    const auto r = mrtd::zlib::inflate(packed, 10);
    REQUIRE(r.has_value());
    CHECK(r->empty());
  }

  TEST_CASE("a wrong Adler-32 is malformed") {
    // stb's inflater never checks Adler-32: zlib.cpp does.
    Bytes packed = mrtd::zlib::deflate(Bytes(300, 0x61));
    packed.back() ^= 0xFF;
    CHECK_FALSE(mrtd::zlib::inflate(packed, 1000).has_value());
  }
}
