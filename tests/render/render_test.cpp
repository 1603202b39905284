#include "image/image.hpp"
#include "image/read.hpp"
#include "render/render.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using mrtd::ErrorCode;
using mrtd::render::Bitmap;
using mrtd::render::RenderOptions;
using mrtd::render::Symbology;
using Bytes = std::vector<std::uint8_t>;

struct Case {
  Symbology symbology;
  const char* name; ///< ZXing's format name
};
constexpr Case k_cases[] = {{Symbology::datamatrix, "DataMatrix"},
                            {Symbology::qrcode, "QRCode"},
                            {Symbology::pdf417, "PDF417"},
                            {Symbology::aztec, "Aztec"}};

// Every byte value once, 0x00 and 0xFF at both ends: what a UTF-8 input mode would reject.
Bytes all_bytes() {
  Bytes out{0x00, 0xFF};
  for (int v = 0; v < 256; ++v) {
    out.push_back(static_cast<std::uint8_t>(v));
  }
  out.push_back(0xFF);
  out.push_back(0x00);
  return out;
}

Bitmap render_ok(const Bytes& data, Symbology symbology, RenderOptions options = {}) {
  auto bitmap = mrtd::render::render(data, symbology, options);
  REQUIRE_MESSAGE(bitmap, (bitmap ? "" : bitmap.error().message));
  return *bitmap;
}

bool white_border(const Bitmap& bitmap, int pixels) {
  for (int y = 0; y < bitmap.height; ++y) {
    for (int x = 0; x < bitmap.width; ++x) {
      const bool border =
          x < pixels || y < pixels || x >= bitmap.width - pixels || y >= bitmap.height - pixels;
      if (border && bitmap.pixels[static_cast<std::size_t>(y * bitmap.width + x)] != 255) {
        return false;
      }
    }
  }
  return true;
}

// Paints the rectangles of to_svg's path ("Mx yhWvHh-Wz" each) onto a white canvas.
std::vector<std::uint8_t> rasterise_path(const std::string& d, int width, int height) {
  std::vector<std::uint8_t> canvas(static_cast<std::size_t>(width * height), 255);
  std::size_t pos = 0;
  auto number = [&]() {
    std::size_t used = 0;
    const int v = std::stoi(d.substr(pos), &used);
    pos += used;
    return v;
  };
  auto expect = [&](const std::string& token) {
    REQUIRE(d.compare(pos, token.size(), token) == 0);
    pos += token.size();
  };
  while (pos < d.size()) {
    expect("M");
    const int x = number();
    expect(" ");
    const int y = number();
    expect("h");
    const int w = number();
    expect("v");
    const int h = number();
    expect("h-");
    CHECK(number() == w);
    expect("z");
    REQUIRE(x + w <= width);
    REQUIRE(y + h <= height);
    for (int row = y; row < y + h; ++row) {
      std::fill_n(canvas.begin() + row * width + x, w, std::uint8_t{0});
    }
  }
  return canvas;
}

std::string attribute(const std::string& element, const std::string& name) {
  const auto start = element.find(" " + name + "=\"");
  REQUIRE(start != std::string::npos);
  const auto value = start + name.size() + 3;
  return element.substr(value, element.find('"', value) - value);
}

} // namespace

TEST_SUITE("render::render") {

  TEST_CASE("binary data round-trips through PNG and ZXing for every symbology") {
    const Bytes data = all_bytes();
    for (const Case& c : k_cases) {
      SUBCASE(c.name) {
        const Bitmap bitmap = render_ok(data, c.symbology);
        const Bytes file = mrtd::render::to_png(bitmap);
        const auto image = mrtd::image::decode_image(file);
        REQUIRE(image);
        CHECK(image->pixels == bitmap.pixels);
        const auto symbols = mrtd::image::read_barcodes(*image);
        REQUIRE(symbols.size() == 1);
        CHECK(symbols[0].format == c.name);
        CHECK(symbols[0].bytes == data);
        CHECK(symbols[0].found_by == "image");
      }
    }
  }

  TEST_CASE("small payloads at 2 pixels per module round-trip too") {
    for (const Case& c : k_cases) {
      for (const Bytes& data : {Bytes{0x00}, Bytes{0xFF}, Bytes{0xDC, 0x03, 0x00, 0xFF, 0x80}}) {
        RenderOptions options;
        options.scale = 2;
        const Bitmap bitmap = render_ok(data, c.symbology, options);
        const auto symbols = mrtd::image::read_barcodes(
            mrtd::image::Image{bitmap.width, bitmap.height, bitmap.pixels});
        INFO(c.name, " ", data.size(), " bytes");
        REQUIRE(symbols.size() == 1);
        CHECK(symbols[0].bytes == data);
      }
    }
  }

  TEST_CASE("geometry: quiet zones, square DataMatrix, QR level M, PDF417 rows") {
    SUBCASE("the bitmap is the symbol plus its quiet zone, scaled") {
      for (const Case& c : k_cases) {
        for (const int quiet : {0, 1, 5}) {
          RenderOptions options;
          options.scale = 3;
          options.quiet_zone = quiet;
          const Bitmap bitmap = render_ok(Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9}, c.symbology, options);
          INFO(c.name, " quiet zone ", quiet);
          CHECK(bitmap.width == (bitmap.modules_wide + 2 * quiet) * 3);
          CHECK(bitmap.height == (bitmap.modules_high + 2 * quiet) * 3);
          CHECK(bitmap.pixels.size() == static_cast<std::size_t>(bitmap.width * bitmap.height));
          CHECK(white_border(bitmap, quiet * 3));
          CHECK(std::all_of(bitmap.pixels.begin(), bitmap.pixels.end(),
                            [](std::uint8_t v) { return v == 0 || v == 255; }));
          // The symbol's own edge is dark somewhere (no extra white beyond the quiet zone).
          CHECK_FALSE(white_border(bitmap, quiet * 3 + 1));
        }
      }
    }
    SUBCASE("default quiet zones") {
      CHECK(mrtd::render::default_quiet_zone(Symbology::datamatrix) == 2);
      CHECK(mrtd::render::default_quiet_zone(Symbology::qrcode) == 4);
      CHECK(mrtd::render::default_quiet_zone(Symbology::pdf417) == 2);
      CHECK(mrtd::render::default_quiet_zone(Symbology::aztec) == 2);
      const Bitmap qr = render_ok(Bytes{42}, Symbology::qrcode);
      CHECK(qr.width == (21 + 8) * 4);
      CHECK(white_border(qr, 16));
    }
    SUBCASE("DataMatrix symbols are square") {
      for (const std::size_t size : {1, 30, 44, 100, 200, 500, 1000}) {
        const Bitmap bitmap = render_ok(Bytes(size, 0xA5), Symbology::datamatrix);
        CHECK(bitmap.modules_wide == bitmap.modules_high);
      }
      // 220 bytes of Base256 need 222 data codewords: 64x64 (ECC 200 square, 280 codewords).
      CHECK(render_ok(Bytes(220, 0xA5), Symbology::datamatrix).modules_wide == 64);
    }
    SUBCASE("QR uses error correction level M") {
      // 100 bytes (0xA5: byte mode, zint picks the cheapest mode) fit version 5 at level L (37
      // modules), 6 at M (41), 7 at Q (45).
      CHECK(render_ok(Bytes(100, 0xA5), Symbology::qrcode).modules_wide == 41);
    }
    SUBCASE("PDF417 rows are 3 modules high") {
      const Bitmap bitmap = render_ok(Bytes(50, 0x33), Symbology::pdf417);
      CHECK(bitmap.modules_high % 3 == 0);
      CHECK(bitmap.modules_high >= 9);
    }
  }

  TEST_CASE("zint errors and bad options are reported, not thrown") {
    SUBCASE("data too long for the largest symbol") {
      for (const Case& c : k_cases) {
        const auto bitmap = mrtd::render::render(Bytes(4000, 0x42), c.symbology);
        REQUIRE_FALSE(bitmap);
        INFO(c.name, ": ", bitmap.error().message);
        CHECK(bitmap.error().code == ErrorCode::limit_exceeded);
        CHECK(bitmap.error().message.rfind("zint: Error ", 0) == 0);
      }
    }
    SUBCASE("no data") {
      const auto bitmap = mrtd::render::render(Bytes{}, Symbology::datamatrix);
      REQUIRE_FALSE(bitmap);
      CHECK(bitmap.error().code == ErrorCode::invalid_argument);
      CHECK(bitmap.error().message.rfind("zint: ", 0) == 0);
    }
    SUBCASE("scale and quiet zone out of range") {
      RenderOptions options;
      options.scale = 0;
      CHECK(mrtd::render::render(Bytes{1}, Symbology::qrcode, options).error().code ==
            ErrorCode::invalid_argument);
      options.scale = 65;
      CHECK_FALSE(mrtd::render::render(Bytes{1}, Symbology::qrcode, options));
      options.scale = 4;
      options.quiet_zone = -1;
      CHECK(mrtd::render::render(Bytes{1}, Symbology::qrcode, options).error().code ==
            ErrorCode::invalid_argument);
    }
    SUBCASE("a bitmap beyond 64 Mi pixels") {
      RenderOptions options;
      options.scale = 64;
      options.quiet_zone = 64;
      const auto bitmap = mrtd::render::render(Bytes(1500, 0x42), Symbology::datamatrix, options);
      REQUIRE_FALSE(bitmap);
      CHECK(bitmap.error().code == ErrorCode::limit_exceeded);
    }
  }

  TEST_CASE("PNG output is deterministic") {
    const Bitmap bitmap = render_ok(all_bytes(), Symbology::datamatrix);
    const Bytes first = mrtd::render::to_png(bitmap);
    REQUIRE(first.size() > 8);
    CHECK(Bytes(first.begin(), first.begin() + 8) ==
          Bytes{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    CHECK(mrtd::render::to_png(render_ok(all_bytes(), Symbology::datamatrix)) == first);
    CHECK(mrtd::render::to_png(Bitmap{}).empty());
    CHECK(mrtd::render::to_png(Bitmap{2, 2, Bytes(3, 0), 1, 1}).empty());
  }

  TEST_CASE("SVG output is well-formed, deterministic and draws the bitmap") {
    for (const Case& c : k_cases) {
      SUBCASE(c.name) {
        RenderOptions options;
        options.scale = 3;
        const Bitmap bitmap = render_ok(Bytes{0xDC, 0x00, 0xFF, 0x10, 0x20}, c.symbology, options);
        const std::string svg = mrtd::render::to_svg(bitmap);
        CHECK(svg == mrtd::render::to_svg(
                         render_ok(Bytes{0xDC, 0x00, 0xFF, 0x10, 0x20}, c.symbology, options)));
        // Prolog, one root element holding a background rect and one path, nothing else.
        REQUIRE(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 0) == 0);
        REQUIRE(svg.size() > 7);
        CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
        CHECK(std::count(svg.begin(), svg.end(), '<') == std::count(svg.begin(), svg.end(), '>'));
        const auto root_end = svg.find('>', svg.find("<svg "));
        const std::string root = svg.substr(svg.find("<svg "), root_end - svg.find("<svg ") + 1);
        CHECK(attribute(root, "xmlns") == "http://www.w3.org/2000/svg");
        CHECK(attribute(root, "width") == std::to_string(bitmap.width));
        CHECK(attribute(root, "height") == std::to_string(bitmap.height));
        CHECK(attribute(root, "viewBox") ==
              "0 0 " + std::to_string(bitmap.width) + " " + std::to_string(bitmap.height));
        CHECK(svg.find("<svg ", root_end) == std::string::npos);
        const auto path_start = svg.find("<path ");
        REQUIRE(path_start != std::string::npos);
        const std::string path =
            svg.substr(path_start, svg.find("/>", path_start) + 2 - path_start);
        CHECK(std::count(svg.begin(), svg.end(), '<') == 5); // ?xml, svg, rect, path, /svg
        CHECK(rasterise_path(attribute(path, "d"), bitmap.width, bitmap.height) == bitmap.pixels);
      }
    }
    CHECK(mrtd::render::to_svg(Bitmap{}).empty());
    const std::string blank = mrtd::render::to_svg(Bitmap{3, 2, Bytes(6, 255), 1, 1});
    CHECK(blank.find("<path") == std::string::npos);
    CHECK(blank.find("viewBox=\"0 0 3 2\"") != std::string::npos);
  }

} // TEST_SUITE
