#include "barcode/c40.hpp"

#include <array>

namespace mrtd::barcode {

namespace {

constexpr int k_shift1 = 0; // the only shift VDS uses, and only as padding
constexpr int k_space = 3;

// The C40 basic-set value of `c`, or -1 when the basic set has no such character.
int c40_value(char c) noexcept {
  if (c == ' ' || c == '<') {
    return k_space;
  }
  if (c >= '0' && c <= '9') {
    return 4 + (c - '0');
  }
  if (c >= 'A' && c <= 'Z') {
    return 14 + (c - 'A');
  }
  if (c >= 'a' && c <= 'z') {
    return 14 + (c - 'a');
  }
  return -1;
}

char c40_char(int value) noexcept {
  if (value == k_space) {
    return ' ';
  }
  if (value < 14) {
    return static_cast<char>('0' + (value - 4));
  }
  return static_cast<char>('A' + (value - 14));
}

std::string describe(char c) {
  const auto b = static_cast<unsigned char>(c);
  if (b >= 0x20 && b < 0x7F) {
    return std::string("'") + c + "'";
  }
  static constexpr char k_digits[] = "0123456789ABCDEF";
  return std::string("byte 0x") + k_digits[b >> 4] + k_digits[b & 0x0F];
}

void put_u16(Bytes& out, unsigned value) {
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value & 0xFF));
}

} // namespace

Result<Bytes> c40_encode(std::string_view text) {
  std::array<int, 3> v{};
  Bytes out;
  out.reserve(c40_encoded_size(text.size()));
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    const int value = c40_value(text[i]);
    if (value < 0) {
      return make_error(ErrorCode::invalid_argument,
                        describe(text[i]) + " at position " + std::to_string(i) +
                            " is not in the C40 set (A-Z, 0-9, space, '<')",
                        static_cast<std::ptrdiff_t>(i));
    }
  }
  i = 0;
  for (; i + 3 <= text.size(); i += 3) {
    for (std::size_t k = 0; k < 3; ++k) {
      v[k] = c40_value(text[i + k]);
    }
    put_u16(out, static_cast<unsigned>(1600 * v[0] + 40 * v[1] + v[2] + 1));
  }
  const std::size_t left = text.size() - i;
  if (left == 2) {
    put_u16(out, static_cast<unsigned>(1600 * c40_value(text[i]) + 40 * c40_value(text[i + 1]) +
                                       k_shift1 + 1));
  } else if (left == 1) {
    // DataMatrix unlatch, then the character in ASCII encodation (code + 1); '<' goes as space
    // like everywhere else in C40.
    const char c = c40_char(c40_value(text[i]));
    out.push_back(0xFE);
    out.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) + 1));
  }
  return out;
}

Result<std::string> c40_decode(ByteView bytes) {
  if (bytes.size() % 2 != 0) {
    return make_error(ErrorCode::malformed,
                      "C40 data has an odd number of bytes (" + std::to_string(bytes.size()) + ")",
                      static_cast<std::ptrdiff_t>(bytes.size() - 1));
  }
  std::string out;
  out.reserve(bytes.size() / 2 * 3);
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    const auto offset = static_cast<std::ptrdiff_t>(i);
    const bool last = i + 2 == bytes.size();
    if (bytes[i] == 0xFE) {
      if (!last) {
        return make_error(ErrorCode::malformed, "C40 unlatch byte 0xFE before the last pair",
                          offset);
      }
      const int code = bytes[i + 1] - 1;
      const char c = static_cast<char>(code);
      if (code < 0 || code > 0x7F || (c40_value(c) < 0) || (c >= 'a' && c <= 'z')) {
        return make_error(ErrorCode::malformed,
                          "C40 unlatched character 0x" + to_hex(bytes.subspan(i + 1, 1)) +
                              " is not in the C40 set",
                          offset + 1);
      }
      out += c;
      continue;
    }
    const unsigned u = static_cast<unsigned>(bytes[i]) << 8 | bytes[i + 1];
    if (u == 0 || u > 0xFA00) {
      return make_error(ErrorCode::malformed,
                        "C40 value 0x" + to_hex(bytes.subspan(i, 2)) + " is out of range", offset);
    }
    const unsigned v = u - 1;
    const std::array<int, 3> c{static_cast<int>(v / 1600), static_cast<int>(v / 40 % 40),
                               static_cast<int>(v % 40)};
    bool padded = false;
    for (std::size_t k = 0; k < 3; ++k) {
      if (c[k] == k_shift1 && k > 0 && last) {
        padded = true; // Shift 1 pads the final pair; nothing may follow it
        continue;
      }
      if (c[k] < k_space || padded) {
        return make_error(ErrorCode::malformed,
                          c[k] < k_space ? "C40 shift value " + std::to_string(c[k]) +
                                               " is not used in VDS text"
                                         : std::string("C40 character after Shift 1 padding"),
                          offset);
      }
      out += c40_char(c[k]);
    }
  }
  return out;
}

} // namespace mrtd::barcode
