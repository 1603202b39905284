#pragma once

// `barcode read`: what was found in an image (or given as raw bytes), each payload classified and
// decoded (not verified: that is `seal verify`).

#include "barcode/payload.hpp"
#include "core/verdict.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace mrtd::barcode {

struct Point {
  int x = 0;
  int y = 0;
};

/// One barcode: where it was, what it holds, and the payload decoded.
struct Symbol {
  std::string format;               ///< ZXing's name: `DataMatrix`, `QRCode`, `PDF417`, ...;
                                    ///< `raw` for bytes given without an image
  std::string content_type;         ///< ZXing's: `Text`, `Binary`, `Mixed`, `GS1`, ...
  std::string symbology_identifier; ///< ISO/IEC 15424, e.g. `]d1`
  std::string found_by;             ///< `image`, `tile`, `inverted`, or `input`
  std::optional<std::array<Point, 4>> position; ///< corners in image pixels
  Bytes bytes;                      ///< the payload, from ZXing's bytes() (never its text)
  PayloadKind kind = PayloadKind::binary;
  std::optional<Payload> payload;   ///< decoded, when the kind has a decoder and it succeeded
  std::optional<Error> decode_error; ///< why the decoder rejected it
};

/// The result of one `barcode read` input.
struct ScanReport {
  Verdict verdict; ///< `barcode.found`: pass with symbols, fail without
  std::optional<int> width;  ///< of the image, when an image was read
  std::optional<int> height;
  std::vector<Symbol> symbols;
};

/// Classifies and decodes every symbol's bytes and sets the verdict (barcode.found; an
/// undecodable payload of a known kind is reported in its symbol, not as a failure).
ScanReport examine(std::vector<Symbol> symbols);

} // namespace mrtd::barcode
