#pragma once

// Barcode detection through ZXing-cpp 1.4.0 (Debian libzxing-dev), with the work-arounds for its
// limits described in shared/notes/barcodes.md §7: payload bytes only (P1), off-centre DataMatrix
// and Aztec symbols (P2), inverted symbols (P3) and duplicate results (P4).

#include "image/image.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::image {

/// A pixel position in the full image (x to the right, y down).
struct Point {
  int x = 0;
  int y = 0;
};

/// One decoded symbol.
struct Symbol {
  std::string format;               ///< ZXing's name: "DataMatrix", "QRCode", "PDF417", "Aztec"...
  std::vector<std::uint8_t> bytes;  ///< the payload as the symbol encodes it (ZXing bytes())
  std::string content_type;         ///< "Text", "Binary", "Mixed", "GS1", "ISO15434", "UnknownECI"
  std::string symbology_identifier; ///< ISO/IEC 15424 identifier: "]d1", "]Q1", "]L2", "]z0"...
  std::array<Point, 4> position{};  ///< top-left, top-right, bottom-right, bottom-left corners
  std::string found_by;             ///< "image", "tile" or "inverted" (see read_barcodes)
};

/// What read_barcodes tries beyond one ZXing pass over the whole image.
struct ReadOptions {
  bool tiles = true;  ///< read crops around off-centre dense regions (DataMatrix, Aztec)
  bool invert = true; ///< read an inverted copy (light symbols on a dark ground)
  std::vector<std::string> formats; ///< ZXing format names to look for; empty = every format
};

/// Whether `name` is a barcode format name ZXing knows ("DataMatrix", "QRCode", "PDF417",
/// "Aztec", "Code128", ...; case and '-'/'_' are ignored as ZXing does).
bool is_known_format(std::string_view name) noexcept;

/// Finds and decodes the barcodes in `image`. Every symbol is reported once, in the order found;
/// symbols with a decoding error (ZXing isValid() false) are not reported.
///
/// `bytes` come from ZXing's Result::bytes() and never from its text, which guesses a character
/// set (barcodes.md P1): a VDS is binary and must reach the parser untouched. Symbols with the
/// same format and bytes are merged, keeping the first position that is not degenerate (P4: ZXing
/// 1.4.0 can report a PDF417 twice, once with an all-zero position). Format names in
/// `options.formats` that ZXing does not know match nothing.
///
/// Passes, each one only when the previous ones may have missed something:
///  1. "image": ZXing over the whole image with ZXingReader's default hints (try harder, rotate,
///     downscale) and the requested formats. When the symbols found cover at least half of the
///     image there is no room worth searching: a clean image costs this one ZXing call.
///  2. Candidate regions (when tiles or invert is on): a map of each block's contrast (blocks of
///     1/128 of the shorter side, 4 to 32 pixels, then 2 and 4 times that), whose dense, compact
///     connected regions are where a symbol may be. Regions at least half covered by a symbol
///     already found are dropped: on a clean image the symbol explains them all.
///  3. "tile" (options.tiles, when DataMatrix or Aztec is requested): ZXing 1.4.0 as built by
///     Debian finds a DataMatrix only where it crosses the image's horizontal centre line, and
///     at most one per call (P2); its Aztec detector starts from the image centre. Each remaining
///     region is therefore cropped with a margin, which puts it at the crop's centre, and read
///     for DataMatrix and Aztec only (QR Code and PDF417 are found anywhere by pass 1). Once a
///     symbol has been found, only square regions are read, so that a clean image does not pay
///     for its caption text. Square regions go first, larger first; at most 24 crops and twice
///     the image's pixel count are read, which bounds the cost of a busy page.
///  4. "inverted" (options.invert, when nothing was found yet or a square dense region remains
///     unexplained): passes 1 and 3 again over an inverted copy (ZXing 1.4.0 has no support for
///     light-on-dark symbols, P3).
/// Positions are in full-image pixels whatever pass found the symbol.
///
/// An `image` whose pixel count does not match its dimensions yields no symbols. Never throws
/// (ZXing failures on a pass count as nothing found), except std::bad_alloc.
std::vector<Symbol> read_barcodes(const Image& image, const ReadOptions& options = {});

/// The ZXing-cpp version mrtd was built with, e.g. `1.4.0`.
std::string zxing_version();

} // namespace mrtd::image
