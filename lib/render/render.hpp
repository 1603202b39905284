#pragma once

// Barcode rendering through libzint 2.11 (libzint-dev) into a bitmap, then PNG (stb_image_write)
// or SVG: the adapter that writes seals (STYLE.md §2). zint.h stays inside render.cpp, as in
// zxing-cpp.

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mrtd::render {

/// The 2D symbologies travel documents use.
enum class Symbology {
  datamatrix, ///< ISO/IEC 16022 ECC 200, square sizes only (VDS, ICAO 9303 p13)
  qrcode,     ///< ISO/IEC 18004, error correction level M (VDS-NC, IDB, EU DCC)
  pdf417,     ///< ISO/IEC 15438, zint's error correction level for the data size (AAMVA, BCBP)
  aztec,      ///< ISO/IEC 24778, zint's default 23 % + 3 codewords of error correction (BCBP)
};

/// Quiet zone, in modules, used when RenderOptions::quiet_zone is not set: DataMatrix 2 (ISO
/// minimum 1), QR Code 4 (ISO), PDF417 2 (ISO), Aztec 2 (ISO requires none). The extra modules
/// for DataMatrix and Aztec keep a printed symbol readable when ink spreads or when it is pasted
/// next to other content; ZXing 1.4.0 reads every symbology with these at 2 pixels per module.
int default_quiet_zone(Symbology symbology) noexcept;

struct RenderOptions {
  int scale = 4;                 ///< pixels per module, 1..64 (ZXing 1.4.0 needs 2 for DataMatrix)
  std::optional<int> quiet_zone; ///< modules of white on every side, 0..64; default per symbology
};

/// A rendered symbol: 8-bit grey, 0 = black, 255 = white, row-major without padding.
struct Bitmap {
  int width = 0;  ///< pixels, quiet zones included
  int height = 0; ///< pixels, quiet zones included
  std::vector<std::uint8_t> pixels;
  int modules_wide = 0; ///< the symbol's width in modules, quiet zones excluded
  int modules_high = 0; ///< its height in modules (a PDF417 row is 3 modules high)
};

/// Encodes `data` as a binary payload (zint's DATA_MODE: no character set conversion and no ECI,
/// so bytes 0x00 and 0x80..0xFF pass unchanged; barcodes.md P14) and draws it with its quiet
/// zone. Errors: invalid_argument for a scale or quiet zone out of range, or data zint refuses
/// (empty); limit_exceeded when the data does not fit the largest symbol or the bitmap would
/// exceed 64 Mi pixels. The message carries zint's own text ("Error 522: Input too long ...").
Result<Bitmap> render(std::span<const std::uint8_t> data, Symbology symbology,
                      const RenderOptions& options = {});

/// The bitmap as an 8-bit greyscale PNG. The bytes depend only on the pixels (no time or text
/// chunks), so equal bitmaps give equal files. Empty when the bitmap is inconsistent (no pixels,
/// or a pixel count that does not match its size).
std::vector<std::uint8_t> to_png(const Bitmap& bitmap);

/// The bitmap as an SVG document in pixel units (width, height and viewBox equal the bitmap's):
/// a white background rect and one path with a rectangle per run of dark pixels (value < 128)
/// over each band of identical rows. Deterministic; empty when the bitmap is inconsistent.
std::string to_svg(const Bitmap& bitmap);

/// The libzint version in use (asked at run time), e.g. `2.11.1`.
std::string zint_version();

} // namespace mrtd::render
