#pragma once

// Base32 (RFC 4648 §6, the upper-case alphabet A-Z 2-7), as used by the ICAO Datastructure for
// Barcode (barcodes.md §3), which strips the `=` padding so that the text stays in QR
// alphanumeric mode.

#include "barcode/payload.hpp"

#include <string>
#include <string_view>

namespace mrtd::barcode {

/// Whether base32_encode appends `=` padding to a multiple of 8 characters.
enum class Base32Padding { no, yes };

/// Encodes `bytes` with the RFC 4648 base32 alphabet.
std::string base32_encode(ByteView bytes, Base32Padding padding = Base32Padding::no);

/// Decodes RFC 4648 base32, with or without `=` padding (if present it must complete the last
/// 8-character group). Only the upper-case alphabet is accepted, no whitespace. Errors:
/// malformed (a character outside the alphabet, misplaced padding, or an impossible length: 1, 3
/// or 6 characters in the last group), with the offset of the offending character.
Result<Bytes> base32_decode(std::string_view text);

} // namespace mrtd::barcode
