#pragma once

// Base45 (RFC 9285), the QR-alphanumeric-friendly encoding of EU DCC `HC1:` payloads
// (barcodes.md §4).

#include "barcode/payload.hpp"

#include <string>
#include <string_view>

namespace mrtd::barcode {

/// Encodes `bytes` (RFC 9285 §4: two bytes to three characters, a last odd byte to two).
std::string base45_encode(ByteView bytes);

/// Decodes RFC 9285 base45. Errors: malformed for a character outside the 45-character alphabet,
/// a dangling single character, or a group whose value exceeds 65535 (three characters) or 255
/// (two characters) (RFC 9285 §4.2), with the offset of the group.
Result<Bytes> base45_decode(std::string_view text);

} // namespace mrtd::barcode
