#pragma once

// A small reader/writer for the one-byte-tag TLVs of the ICAO IDB (barcodes.md §3, §1.4): tag
// 1 byte, length BER/DER (short form < 0x80, long form 0x81..0x83), value. Internal to
// mrtd_barcode.

#include "barcode/payload.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace mrtd::barcode::detail {

/// One TLV inside a buffer; `value` points into that buffer.
struct Tlv {
  std::uint8_t tag = 0;
  std::size_t offset = 0; ///< where the tag byte is
  std::size_t size = 0;   ///< tag + length + value bytes
  ByteView value;
};

/// Reads the TLV starting at `data[pos]`. Errors: malformed (truncated, a length of more than
/// three bytes, the indefinite form 0x80, or a value running past the end), with the offset
/// of the tag (plus `base`, the position of `data` in the whole payload, for messages).
inline Result<Tlv> read_tlv(ByteView data, std::size_t pos, std::size_t base = 0) {
  const auto where = static_cast<std::ptrdiff_t>(base + pos);
  if (pos >= data.size() || data.size() - pos < 2) {
    return make_error(ErrorCode::malformed, "truncated TLV", where);
  }
  Tlv tlv;
  tlv.tag = data[pos];
  tlv.offset = pos;
  std::size_t i = pos + 1;
  std::size_t length = data[i++];
  if (length >= 0x80) {
    const std::size_t n = length & 0x7F;
    if (n == 0 || n > 3) {
      return make_error(ErrorCode::malformed, "unsupported TLV length form", where);
    }
    if (data.size() - i < n) {
      return make_error(ErrorCode::malformed, "truncated TLV length", where);
    }
    length = 0;
    for (std::size_t k = 0; k < n; ++k) {
      length = (length << 8) | data[i++];
    }
  }
  if (data.size() - i < length) {
    return make_error(ErrorCode::malformed,
                      "TLV with tag " + std::to_string(tlv.tag) + " runs past the end", where);
  }
  tlv.value = data.subspan(i, length);
  tlv.size = i + length - pos;
  return tlv;
}

/// Appends a DER length (short form below 128, otherwise the shortest long form).
inline void append_length(Bytes& out, std::size_t length) {
  if (length < 0x80) {
    out.push_back(static_cast<std::uint8_t>(length));
    return;
  }
  std::size_t n = 0;
  for (std::size_t v = length; v != 0; v >>= 8) {
    ++n;
  }
  out.push_back(static_cast<std::uint8_t>(0x80 | n));
  for (std::size_t k = n; k-- > 0;) {
    out.push_back(static_cast<std::uint8_t>((length >> (8 * k)) & 0xFF));
  }
}

/// Appends tag, DER length and value.
inline void append_tlv(Bytes& out, std::uint8_t tag, ByteView value) {
  out.push_back(tag);
  append_length(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
}

} // namespace mrtd::barcode::detail
