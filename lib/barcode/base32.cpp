#include "barcode/base32.hpp"

#include <cstdint>

namespace mrtd::barcode {

namespace {

constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int value_of(char c) noexcept {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= '2' && c <= '7') {
    return c - '2' + 26;
  }
  return -1;
}

} // namespace

std::string base32_encode(ByteView bytes, Base32Padding padding) {
  std::string out;
  out.reserve((bytes.size() + 4) / 5 * 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const std::uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += k_alphabet[(buffer >> bits) & 0x1F];
    }
  }
  if (bits > 0) {
    out += k_alphabet[(buffer << (5 - bits)) & 0x1F];
  }
  if (padding == Base32Padding::yes) {
    while (out.size() % 8 != 0) {
      out += '=';
    }
  }
  return out;
}

Result<Bytes> base32_decode(std::string_view text) {
  // Padding, if any, must close the final 8-character group (RFC 4648 §6).
  std::size_t data_len = text.size();
  while (data_len > 0 && text[data_len - 1] == '=') {
    --data_len;
  }
  if (data_len != text.size()) {
    if (text.size() % 8 != 0 || text.size() - data_len > 6) {
      return make_error(ErrorCode::malformed, "base32 padding does not complete a group",
                        static_cast<std::ptrdiff_t>(data_len));
    }
  }
  // A last group of 1, 3 or 6 characters carries no whole byte: no encoder produces it.
  const std::size_t rest = data_len % 8;
  if (rest == 1 || rest == 3 || rest == 6) {
    return make_error(ErrorCode::malformed, "base32 text has an impossible length",
                      static_cast<std::ptrdiff_t>(data_len));
  }
  Bytes out;
  out.reserve(data_len * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < data_len; ++i) {
    const int v = value_of(text[i]);
    if (v < 0) {
      return make_error(ErrorCode::malformed, "character outside the base32 alphabet",
                        static_cast<std::ptrdiff_t>(i));
    }
    buffer = ((buffer << 5) | static_cast<std::uint32_t>(v)) & 0xFFFFu;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(buffer >> bits));
    }
  }
  return out;
}

} // namespace mrtd::barcode
