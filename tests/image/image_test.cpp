#include "image/image.hpp"
#include <stb/stb_image_write.h>

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using mrtd::ErrorCode;
using mrtd::image::decode_image;
using Bytes = std::vector<std::uint8_t>;

const fs::path k_corpus = MRTD_SOURCE_DIR "/../shared/corpus/barcodes";

Bytes bytes_of(const std::string& text) {
  return Bytes(text.begin(), text.end());
}

void append_piece(void* context, void* data, int size) {
  auto* out = static_cast<Bytes*>(context);
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  out->insert(out->end(), bytes, bytes + size);
}

// A PNG of `channels` (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA) through stb_image_write.
Bytes png(int width, int height, int channels, const Bytes& pixels) {
  Bytes out;
  REQUIRE(stbi_write_png_to_func(append_piece, &out, width, height, channels, pixels.data(),
                                 width * channels) != 0);
  return out;
}

void put_u32(Bytes& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<std::uint8_t>(v >> shift));
  }
}

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
  std::uint32_t crc = 0xFFFFFFFFU;
  for (std::size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) {
      crc = (crc >> 1) ^ (0xEDB88320U & (0U - (crc & 1U)));
    }
  }
  return ~crc;
}

// A PNG signature and IHDR (8-bit grey) declaring the given size, and nothing else: enough for
// stb's header scan, which is all decode_image may look at before refusing the size.
Bytes png_header(std::uint32_t width, std::uint32_t height) {
  Bytes out{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  put_u32(out, 13);
  const std::size_t chunk = out.size();
  for (const char c : std::string("IHDR")) {
    out.push_back(static_cast<std::uint8_t>(c));
  }
  put_u32(out, width);
  put_u32(out, height);
  for (const std::uint8_t b : {8, 0, 0, 0, 0}) { // depth, colour type, methods, no interlace
    out.push_back(b);
  }
  put_u32(out, crc32(out.data() + chunk, out.size() - chunk));
  return out;
}

} // namespace

TEST_SUITE("image::decode") {

  TEST_CASE("a greyscale PNG decodes to its exact pixels") {
    const Bytes pixels{0, 17, 128, 255, 254, 1};
    const auto image = decode_image(png(3, 2, 1, pixels));
    REQUIRE(image);
    CHECK(image->width == 3);
    CHECK(image->height == 2);
    CHECK(image->pixels == pixels);
  }

  TEST_CASE("PNM and colour images decode to luminance") {
    SUBCASE("PGM") {
      const auto image = decode_image(bytes_of(std::string("P5\n2 2\n255\n\x00\x40\x80\xff", 15)));
      REQUIRE(image);
      CHECK(image->pixels == Bytes{0x00, 0x40, 0x80, 0xFF});
    }
    SUBCASE("PPM: stb's weights 77/150/29 of 256") {
      const auto image = decode_image(
          bytes_of(std::string("P6\n3 1\n255\n\xff\x00\x00\x00\xff\x00\xff\xff\xff", 20)));
      REQUIRE(image);
      CHECK(image->pixels == Bytes{76, 149, 255});
    }
  }

  TEST_CASE("alpha is composited over white") {
    // Grey+alpha: black opaque, black fully transparent, black half transparent, white opaque.
    const auto grey_alpha = decode_image(png(4, 1, 2, Bytes{0, 255, 0, 0, 0, 128, 255, 255}));
    REQUIRE(grey_alpha);
    CHECK(grey_alpha->pixels == Bytes{0, 255, 127, 255});
    // RGBA with a transparent black background (a common web export) reads as white.
    const auto rgba = decode_image(png(2, 1, 4, Bytes{0, 0, 0, 0, 0, 0, 0, 255}));
    REQUIRE(rgba);
    CHECK(rgba->pixels == Bytes{255, 0});
  }

  TEST_CASE("a JPEG from the corpus decodes") {
    std::ifstream in(k_corpus / "zxing-cpp-blackbox/datamatrix-3/dm-c.jpg", std::ios::binary);
    if (!in) {
      MESSAGE("barcode corpus not found: skipped");
      return;
    }
    const Bytes jpeg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto image = decode_image(jpeg);
    REQUIRE(image);
    CHECK(image->width == 347);
    CHECK(image->height == 145);
    CHECK(image->pixels.size() == 347U * 145U);
  }

  TEST_CASE("bad data is malformed, with stb's reason") {
    SUBCASE("empty") {
      const auto image = decode_image({});
      REQUIRE_FALSE(image);
      CHECK(image.error().code == ErrorCode::malformed);
    }
    SUBCASE("garbage") {
      const auto image = decode_image(bytes_of("this is not an image, just some text"));
      REQUIRE_FALSE(image);
      CHECK(image.error().code == ErrorCode::malformed);
      CHECK(image.error().message.find("unknown image type") != std::string::npos);
    }
    SUBCASE("truncated PNG") {
      Bytes pixels(64 * 64);
      for (std::size_t i = 0; i < pixels.size(); ++i) {
        pixels[i] = static_cast<std::uint8_t>(i * 7 + i / 64);
      }
      Bytes file = png(64, 64, 1, pixels);
      file.resize(file.size() / 2);
      const auto image = decode_image(file);
      REQUIRE_FALSE(image);
      CHECK(image.error().code == ErrorCode::malformed);
      CHECK_FALSE(image.error().message.empty());
    }
    SUBCASE("PNG header without image data") {
      const auto image = decode_image(png_header(16, 16));
      REQUIRE_FALSE(image);
      CHECK(image.error().code == ErrorCode::malformed);
    }
    SUBCASE("PNG chunk claiming more bytes than the file holds (fuzz finding)") {
      // stb would size its buffer by the claim: an IDAT of 1 GiB made it ask for 2 GiB.
      Bytes file = png_header(16, 16);
      put_u32(file, 0x40000000);
      for (const char c : std::string("IDAT\x78\x9c\x63\x00")) {
        file.push_back(static_cast<std::uint8_t>(c));
      }
      const auto image = decode_image(file);
      REQUIRE_FALSE(image);
      CHECK(image.error().code == ErrorCode::malformed);
      CHECK(image.error().message.find("runs past the end of the file") != std::string::npos);
    }
    SUBCASE("PNG with a zero width") {
      const auto image = decode_image(png_header(0, 16));
      REQUIRE_FALSE(image);
      CHECK(image.error().code == ErrorCode::malformed);
    }
  }

  TEST_CASE("huge declared dimensions are refused before decoding") {
    SUBCASE("20000 x 20000 PNG: above 64 Mi pixels") {
      const auto image = decode_image(png_header(20000, 20000));
      REQUIRE_FALSE(image);
      CHECK(image.error().code == ErrorCode::limit_exceeded);
      CHECK(image.error().message.find("20000x20000") != std::string::npos);
    }
    SUBCASE("40000 x 8 PNG: a side above 32768") {
      const auto image = decode_image(png_header(40000, 8));
      REQUIRE_FALSE(image);
      CHECK(image.error().code == ErrorCode::limit_exceeded);
    }
    SUBCASE("2^31-1 square PNG: stb's own limit") {
      const auto image = decode_image(png_header(0x7FFFFFFF, 0x7FFFFFFF));
      REQUIRE_FALSE(image);
      CHECK(image.error().code == ErrorCode::limit_exceeded);
    }
    SUBCASE("PGM header declaring 30000 x 30000") {
      const auto image = decode_image(bytes_of("P5\n30000 30000\n255\n\x01\x02"));
      REQUIRE_FALSE(image);
      CHECK(image.error().code == ErrorCode::limit_exceeded);
    }
  }

} // TEST_SUITE
