#pragma once

// C40 as ICAO Doc 9303-13 §2.6 uses it for VDS text (barcodes.md §1.2): three characters of the
// basic set per two bytes, U = 1600*c1 + 40*c2 + c3 + 1 written big-endian; two leftover
// characters are padded with Shift 1 (value 0); one leftover character is written as the
// DataMatrix "unlatch" byte 0xFE followed by its ASCII code + 1 (`D` -> FE 45).

#include "barcode/payload.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace mrtd::barcode {

/// The number of bytes c40_encode() writes for `chars` characters: ceil(chars/3)*2 (0 for 0).
constexpr std::size_t c40_encoded_size(std::size_t chars) noexcept {
  return (chars + 2) / 3 * 2;
}

/// Encodes `text` (space, `<`, 0-9, A-Z; lower case is upper-cased; `<` is written as space, the
/// C40 value 3). Error invalid_argument, with the character's position as offset, for any other
/// character. Never throws.
Result<Bytes> c40_encode(std::string_view text);

/// Decodes C40 bytes. Spaces stay spaces: rendering them as `<` is the caller's choice (MRZ
/// fields only). Shift 1 padding is accepted in the last byte pair only, 0xFE only as the last
/// pair. Error malformed, with the byte offset, for an odd byte count, a value above 0xFA00 or
/// 0x0000, a shift value, padding before the end, or an unlatched character outside the set.
Result<std::string> c40_decode(ByteView bytes);

} // namespace mrtd::barcode
