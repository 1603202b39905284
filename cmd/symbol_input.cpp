#include "symbol_input.hpp"

#include "io.hpp"

#include "image/image.hpp"
#include "image/read.hpp"

#include <CLI/CLI.hpp>

namespace mrtd::cmd {

namespace {

// Largest image file read; a scanned A4 page at 600 dpi as PNG stays well below.
constexpr std::size_t k_max_image_file = 64 * 1024 * 1024;
// Largest payload given with --raw: barcodes hold a few kilobytes at most.
constexpr std::size_t k_max_payload = 64 * 1024;

Scanned from_bytes(std::string source, const std::string& bytes) {
  Scanned scanned;
  scanned.source = std::move(source);
  scanned.sha256 = sha256_hex(bytes);
  barcode::Symbol symbol;
  symbol.format = "raw";
  symbol.found_by = "input";
  symbol.bytes.assign(bytes.begin(), bytes.end());
  scanned.symbols.push_back(std::move(symbol));
  return scanned;
}

Scanned scan_image(const std::string& path, const image::ReadOptions& options) {
  Scanned scanned;
  scanned.source = path;
  auto file = read_input(path, k_max_image_file);
  if (!file) {
    scanned.error = file.error();
    return scanned;
  }
  scanned.sha256 = sha256_hex(*file);
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(file->data()),
                                            file->size());
  auto decoded = image::decode_image(bytes);
  if (!decoded) {
    scanned.error = decoded.error();
    return scanned;
  }
  scanned.width = decoded->width;
  scanned.height = decoded->height;
  for (auto& found : image::read_barcodes(*decoded, options)) {
    barcode::Symbol symbol;
    symbol.format = std::move(found.format);
    symbol.content_type = std::move(found.content_type);
    symbol.symbology_identifier = std::move(found.symbology_identifier);
    symbol.found_by = std::move(found.found_by);
    std::array<barcode::Point, 4> corners{};
    for (std::size_t i = 0; i < 4; ++i) {
      corners[i] = barcode::Point{found.position[i].x, found.position[i].y};
    }
    symbol.position = corners;
    symbol.bytes = std::move(found.bytes);
    scanned.symbols.push_back(std::move(symbol));
  }
  return scanned;
}

} // namespace

void add_symbol_input(CLI::App& app, SymbolInput& input) {
  app.add_option("images", input.images,
                 "Image files (PNG, JPEG, BMP, GIF, PNM; - for standard input)");
  app.add_option("--raw", input.raw, "A file holding the payload bytes themselves (no image step)")
      ->allow_extra_args(false);
  app.add_option("--hex", input.hex, "The payload bytes as hex (no image step)")
      ->allow_extra_args(false);
  app.add_flag("--no-tiles", input.no_tiles,
               "Scan the whole image only (faster; misses small codes away from the centre)");
  app.add_flag("--no-invert", input.no_invert, "Skip the second pass for light-on-dark codes");
}

std::vector<Scanned> scan_inputs(const SymbolInput& input) {
  std::vector<Scanned> out;
  if (!input.hex.empty()) {
    const auto bytes = parse_hex(input.hex);
    if (!bytes || bytes->empty()) {
      Scanned bad;
      bad.source = "--hex";
      bad.error = make_error(ErrorCode::invalid_argument, "--hex: expected hex digits");
      out.push_back(std::move(bad));
    } else {
      out.push_back(from_bytes("--hex", std::string(bytes->begin(), bytes->end())));
    }
  }
  if (!input.raw.empty()) {
    auto file = read_input(input.raw, k_max_payload);
    if (file && file->empty()) {
      file = make_error(ErrorCode::malformed, "'" + input.raw + "' is empty: no payload");
    }
    if (!file) {
      Scanned bad;
      bad.source = input.raw;
      bad.error = file.error();
      out.push_back(std::move(bad));
    } else {
      out.push_back(from_bytes(input.raw, *file));
    }
  }
  image::ReadOptions options;
  options.tiles = !input.no_tiles;
  options.invert = !input.no_invert;
  for (const auto& path : input.images) {
    out.push_back(scan_image(path, options));
  }
  return out;
}

} // namespace mrtd::cmd
