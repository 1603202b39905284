#pragma once

// Image files to 8-bit luminance through stb_image (libstb-dev): the decoding half of the image
// adapter (STYLE.md §2). Like zxing-cpp's library, nothing here opens a file: callers pass the
// file's bytes.

#include "core/result.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace mrtd::image {

/// An 8-bit greyscale image, row-major without padding: `pixels[y * width + x]`, 0 = black.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels; ///< width * height bytes
};

/// Largest accepted image: 64 Mi pixels (a 600 dpi A3 scan has 70 M, a 300 dpi A4 page 8.7 M).
inline constexpr std::int64_t k_max_pixels = std::int64_t{64} * 1024 * 1024;
/// Longest accepted side in pixels, whatever the pixel count.
inline constexpr int k_max_side = 32768;

/// Decodes a PNG, JPEG (baseline and progressive), BMP, GIF (first frame), PNM, TGA, PSD or HDR
/// file held in `file_bytes` into luminance (stb's 0.30 R + 0.59 G + 0.11 B). Images with an
/// alpha channel are composited over white, so a symbol drawn on a transparent background reads
/// as on paper. 16-bit and HDR images are reduced to 8 bits.
///
/// The declared dimensions are checked before any pixel is decoded.
/// Errors: limit_exceeded when the image has more than k_max_pixels pixels or a side longer than
/// k_max_side (or stb itself refuses its size, "too large"); malformed for empty, truncated,
/// corrupt or unrecognised data, with stb's reason in the message ("unknown image type",
/// "bad png sig", ...).
Result<Image> decode_image(std::span<const std::uint8_t> file_bytes);

} // namespace mrtd::image
