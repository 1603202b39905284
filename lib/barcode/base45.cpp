#include "barcode/base45.hpp"

#include <cstdint>

namespace mrtd::barcode {

namespace {

constexpr char k_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

int value_of(char c) noexcept {
  for (int i = 0; i < 45; ++i) {
    if (k_alphabet[i] == c) {
      return i;
    }
  }
  return -1;
}

} // namespace

std::string base45_encode(ByteView bytes) {
  std::string out;
  out.reserve(bytes.size() / 2 * 3 + 2);
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    unsigned n = (static_cast<unsigned>(bytes[i]) << 8) | bytes[i + 1];
    for (int k = 0; k < 3; ++k) {
      out += k_alphabet[n % 45];
      n /= 45;
    }
  }
  if (i < bytes.size()) {
    const unsigned n = bytes[i];
    out += k_alphabet[n % 45];
    out += k_alphabet[n / 45];
  }
  return out;
}

Result<Bytes> base45_decode(std::string_view text) {
  if (text.size() % 3 == 1) {
    return make_error(ErrorCode::malformed, "base45 text ends with a single character",
                      static_cast<std::ptrdiff_t>(text.size() - 1));
  }
  Bytes out;
  out.reserve(text.size() / 3 * 2 + 1);
  for (std::size_t i = 0; i < text.size(); i += 3) {
    const std::size_t group = text.size() - i >= 3 ? 3 : 2;
    unsigned n = 0;
    unsigned weight = 1;
    for (std::size_t k = 0; k < group; ++k) {
      const int v = value_of(text[i + k]);
      if (v < 0) {
        return make_error(ErrorCode::malformed, "character outside the base45 alphabet",
                          static_cast<std::ptrdiff_t>(i + k));
      }
      n += static_cast<unsigned>(v) * weight;
      weight *= 45;
    }
    if (group == 3) {
      if (n > 0xFFFF) {
        return make_error(ErrorCode::malformed, "base45 group exceeds 65535",
                          static_cast<std::ptrdiff_t>(i));
      }
      out.push_back(static_cast<std::uint8_t>(n >> 8));
      out.push_back(static_cast<std::uint8_t>(n & 0xFF));
    } else {
      if (n > 0xFF) {
        return make_error(ErrorCode::malformed, "base45 final pair exceeds 255",
                          static_cast<std::ptrdiff_t>(i));
      }
      out.push_back(static_cast<std::uint8_t>(n));
    }
  }
  return out;
}

} // namespace mrtd::barcode
