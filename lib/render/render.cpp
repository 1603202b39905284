#include "render/render.hpp"

#include <stb/stb_image_write.h>

#include <zint.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace mrtd::render {

namespace {

// Stateless deleter over a free function (STYLE.md §4): the pointer stays one word wide.
template <auto Free> struct FreeWith {
  template <typename T> void operator()(T* p) const noexcept { Free(p); }
};
using ZintSymbol = std::unique_ptr<zint_symbol, FreeWith<&ZBarcode_Delete>>;
static_assert(sizeof(ZintSymbol) == sizeof(zint_symbol*));

constexpr int k_max_scale = 64;
constexpr int k_max_quiet_zone = 64;
constexpr std::int64_t k_max_pixels = std::int64_t{64} * 1024 * 1024;

int zint_symbology(Symbology symbology) {
  switch (symbology) {
  case Symbology::datamatrix:
    return BARCODE_DATAMATRIX;
  case Symbology::qrcode:
    return BARCODE_QRCODE;
  case Symbology::pdf417:
    return BARCODE_PDF417;
  case Symbology::aztec:
    return BARCODE_AZTEC;
  }
  return BARCODE_DATAMATRIX;
}

bool module_is_set(const zint_symbol& symbol, int row, int column) {
  // zint 2.11 packs each row of encoded_data 8 modules to a byte, least significant bit first.
  const auto byte = symbol.encoded_data[row][column >> 3];
  return ((byte >> (column & 7)) & 1) != 0;
}

// Row heights in modules. Matrix symbologies have 1 per row; zint leaves a PDF417's rows at 0,
// meaning an equal share of the symbol's height (3 modules a row by default).
std::vector<int> row_heights(const zint_symbol& symbol) {
  float fixed = 0;
  int shared = 0;
  for (int row = 0; row < symbol.rows; ++row) {
    if (symbol.row_height[row] > 0) {
      fixed += symbol.row_height[row];
    } else {
      ++shared;
    }
  }
  const float share = shared > 0 ? (symbol.height - fixed) / static_cast<float>(shared) : 0;
  std::vector<int> heights(static_cast<std::size_t>(symbol.rows));
  for (int row = 0; row < symbol.rows; ++row) {
    const float height = symbol.row_height[row] > 0 ? symbol.row_height[row] : share;
    heights[static_cast<std::size_t>(row)] = std::max(1, static_cast<int>(std::lround(height)));
  }
  return heights;
}

Error zint_error(int code, const zint_symbol& symbol) {
  std::string text(symbol.errtxt);
  if (text.empty()) {
    text = "zint error " + std::to_string(code);
  }
  const ErrorCode ours =
      code == ZINT_ERROR_TOO_LONG ? ErrorCode::limit_exceeded : ErrorCode::invalid_argument;
  return make_error(ours, "zint: " + text);
}

bool consistent(const Bitmap& bitmap) {
  return bitmap.width > 0 && bitmap.height > 0 &&
         bitmap.pixels.size() ==
             static_cast<std::size_t>(bitmap.width) * static_cast<std::size_t>(bitmap.height);
}

// stb_image_write hands the PNG over in pieces through this C callback: nothing may unwind.
struct PngSink {
  std::vector<std::uint8_t>* out;
  bool failed;
};

void write_png_piece(void* context, void* data, int size) {
  auto* sink = static_cast<PngSink*>(context);
  try {
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    sink->out->insert(sink->out->end(), bytes, bytes + size);
  } catch (...) {
    sink->failed = true;
  }
}

} // namespace

int default_quiet_zone(Symbology symbology) noexcept {
  return symbology == Symbology::qrcode ? 4 : 2;
}

Result<Bitmap> render(std::span<const std::uint8_t> data, Symbology symbology,
                      const RenderOptions& options) {
  const int scale = options.scale;
  const int quiet = options.quiet_zone.value_or(default_quiet_zone(symbology));
  if (scale < 1 || scale > k_max_scale) {
    return make_error(ErrorCode::invalid_argument,
                      "scale must be 1.." + std::to_string(k_max_scale) + " pixels per module");
  }
  if (quiet < 0 || quiet > k_max_quiet_zone) {
    return make_error(ErrorCode::invalid_argument,
                      "quiet zone must be 0.." + std::to_string(k_max_quiet_zone) + " modules");
  }
  if (data.size() > static_cast<std::size_t>(INT_MAX)) {
    return make_error(ErrorCode::limit_exceeded, "data too long for any symbol");
  }

  ZintSymbol symbol(ZBarcode_Create());
  if (!symbol) {
    throw std::bad_alloc();
  }
  symbol->symbology = zint_symbology(symbology);
  symbol->input_mode = DATA_MODE;
  if (symbology == Symbology::datamatrix) {
    symbol->option_3 = DM_SQUARE;
  } else if (symbology == Symbology::qrcode) {
    symbol->option_1 = 2; // error correction level M (1 = L, 2 = M, 3 = Q, 4 = H)
  }
  // Warnings (below ZINT_ERROR) leave a valid symbol.
  const int code = ZBarcode_Encode(symbol.get(), data.data(), static_cast<int>(data.size()));
  if (code >= ZINT_ERROR) {
    return zint_error(code, *symbol);
  }

  const std::vector<int> heights = row_heights(*symbol);
  Bitmap bitmap;
  bitmap.modules_wide = symbol->width;
  for (const int height : heights) {
    bitmap.modules_high += height;
  }
  const std::int64_t width = std::int64_t{bitmap.modules_wide + 2 * quiet} * scale;
  const std::int64_t height = std::int64_t{bitmap.modules_high + 2 * quiet} * scale;
  if (width * height > k_max_pixels) {
    return make_error(ErrorCode::limit_exceeded, "bitmap of " + std::to_string(width) + "x" +
                                                     std::to_string(height) + " pixels exceeds " +
                                                     std::to_string(k_max_pixels));
  }
  bitmap.width = static_cast<int>(width);
  bitmap.height = static_cast<int>(height);
  bitmap.pixels.assign(static_cast<std::size_t>(width * height), 255);

  // One pixel row per module row, then copied down to the row's full height.
  const auto stride = static_cast<std::size_t>(bitmap.width);
  std::size_t y = static_cast<std::size_t>(quiet) * static_cast<std::size_t>(scale);
  for (int row = 0; row < symbol->rows; ++row) {
    std::uint8_t* first = bitmap.pixels.data() + y * stride;
    for (int column = 0; column < symbol->width; ++column) {
      if (module_is_set(*symbol, row, column)) {
        const auto x = static_cast<std::size_t>(quiet + column) * static_cast<std::size_t>(scale);
        std::fill_n(first + x, scale, std::uint8_t{0});
      }
    }
    const auto lines = static_cast<std::size_t>(heights[static_cast<std::size_t>(row)]) *
                       static_cast<std::size_t>(scale);
    for (std::size_t line = 1; line < lines; ++line) {
      std::copy_n(first, stride, first + line * stride);
    }
    y += lines;
  }
  return bitmap;
}

std::vector<std::uint8_t> to_png(const Bitmap& bitmap) {
  if (!consistent(bitmap)) {
    return {};
  }
  std::vector<std::uint8_t> out;
  PngSink sink{&out, false};
  // stb's defaults (compression level 8, adaptive filters) are process globals we never change.
  const int ok = stbi_write_png_to_func(write_png_piece, &sink, bitmap.width, bitmap.height, 1,
                                        bitmap.pixels.data(), bitmap.width);
  if (sink.failed) {
    throw std::bad_alloc(); // the only way the sink fails
  }
  if (ok == 0) {
    return {};
  }
  return out;
}

std::string to_svg(const Bitmap& bitmap) {
  if (!consistent(bitmap)) {
    return {};
  }
  const auto stride = static_cast<std::size_t>(bitmap.width);
  const std::string w = std::to_string(bitmap.width);
  const std::string h = std::to_string(bitmap.height);
  std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" +
                    w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
                    "\" shape-rendering=\"crispEdges\">\n"
                    "<rect x=\"0\" y=\"0\" width=\"" +
                    w + "\" height=\"" + h + "\" fill=\"#ffffff\"/>\n";
  std::string path;
  for (int y = 0; y < bitmap.height;) {
    const std::uint8_t* row = bitmap.pixels.data() + static_cast<std::size_t>(y) * stride;
    // A band of identical rows becomes one rectangle per dark run.
    int band = 1;
    while (y + band < bitmap.height &&
           std::equal(row, row + stride, row + static_cast<std::size_t>(band) * stride)) {
      ++band;
    }
    for (int x = 0; x < bitmap.width;) {
      if (row[x] >= 128) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < bitmap.width && row[x + run] < 128) {
        ++run;
      }
      path += "M" + std::to_string(x) + " " + std::to_string(y) + "h" + std::to_string(run) + "v" +
              std::to_string(band) + "h-" + std::to_string(run) + "z";
      x += run;
    }
    y += band;
  }
  if (!path.empty()) {
    svg += "<path fill=\"#000000\" d=\"" + path + "\"/>\n";
  }
  svg += "</svg>\n";
  return svg;
}

std::string zint_version() {
  // ZBarcode_Version(): major * 10000 + minor * 100 + release (a fourth digit marks test builds).
  int v = ZBarcode_Version();
  if (v >= 100000) {
    v /= 10;
  }
  return std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." +
         std::to_string(v % 100);
}

} // namespace mrtd::render
