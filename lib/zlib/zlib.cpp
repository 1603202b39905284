#include "zlib/zlib.hpp"

#include <stb/stb_image.h>

// Defined (and exported) by libstb's stb_image_write, but not declared in its header.
extern "C" unsigned char* stbi_zlib_compress(unsigned char* data, int data_len, int* out_len,
                                             int quality);

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <memory>
#include <string>

namespace mrtd::zlib {

namespace {

struct FreeDeleter {
  void operator()(void* p) const noexcept { std::free(p); } // NOLINT(cppcoreguidelines-no-malloc)
};

} // namespace

Result<std::vector<std::uint8_t>> inflate(std::span<const std::uint8_t> stream,
                                          std::size_t max_output) {
  if (stream.size() < 6) {
    return make_error(ErrorCode::malformed, "zlib stream too short");
  }
  if (stream.size() > INT_MAX || max_output > static_cast<std::size_t>(INT_MAX) - 1) {
    return make_error(ErrorCode::limit_exceeded, "zlib stream too large");
  }
  // stb's inflater grows its buffer as needed and cannot be capped, so the output is decoded
  // into a fixed buffer one byte larger than allowed: filling it means the limit was exceeded.
  // A seal's stream inflates to a few hundred bytes: a buffer for 16:1 is tried first, the
  // full one (zeroed, up to a megabyte) only when that one fills or the stream is corrupt.
  const std::size_t full = max_output + 1;
  std::vector<std::uint8_t> out(std::min(full, 4096 + 16 * stream.size()));
  // stbi_zlib_decode_buffer expects a zlib header (it parses and checks it).
  const auto decode = [&] {
    return stbi_zlib_decode_buffer(reinterpret_cast<char*>(out.data()),
                                   static_cast<int>(out.size()),
                                   reinterpret_cast<const char*>(stream.data()),
                                   static_cast<int>(stream.size()));
  };
  int n = decode();
  if (n < 0 && out.size() < full) {
    out.resize(full);
    n = decode();
  }
  const auto cap = static_cast<int>(full);
  if (n < 0) {
    // stb reports both corrupt data and a full output buffer as -1: retry the distinction with
    // the growing decoder only when the input is small enough for its output to be bounded.
    if (stream.size() > 64 * 1024) {
      return make_error(ErrorCode::malformed, "corrupt zlib stream, or one inflating beyond " +
                                                  std::to_string(max_output) + " bytes");
    }
    int len = 0;
    std::unique_ptr<char, FreeDeleter> grown(stbi_zlib_decode_malloc(
        reinterpret_cast<const char*>(stream.data()), static_cast<int>(stream.size()), &len));
    if (grown && static_cast<std::size_t>(len) > max_output) {
      return make_error(ErrorCode::limit_exceeded,
                        "zlib stream inflates beyond " + std::to_string(max_output) + " bytes");
    }
    return make_error(ErrorCode::malformed, "corrupt zlib stream");
  }
  if (n == cap) {
    return make_error(ErrorCode::limit_exceeded,
                      "zlib stream inflates beyond " + std::to_string(max_output) + " bytes");
  }
  out.resize(static_cast<std::size_t>(n));
  // stb does not check the Adler-32 trailer (RFC 1950 §2.2): the stream's last 4 bytes.
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (const std::uint8_t byte : out) {
    a = (a + byte) % 65521U;
    b = (b + a) % 65521U;
  }
  const std::uint32_t adler = (b << 16) | a;
  const auto tail = stream.subspan(stream.size() - 4);
  const std::uint32_t written = (std::uint32_t{tail[0]} << 24) | (std::uint32_t{tail[1]} << 16) |
                                (std::uint32_t{tail[2]} << 8) | tail[3];
  if (adler != written) {
    return make_error(ErrorCode::malformed,
                      "zlib stream: Adler-32 mismatch (corrupt, or bytes after the stream)");
  }
  return out;
}

std::vector<std::uint8_t> deflate(std::span<const std::uint8_t> data) {
  if (data.empty()) {
    // stb writes no final block for empty input; this is zlib's own encoding of nothing.
    return {0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01};
  }
  int len = 0;
  // stbi_zlib_compress takes a non-const pointer but does not write through it.
  std::unique_ptr<unsigned char, FreeDeleter> packed(stbi_zlib_compress(
      const_cast<unsigned char*>(data.data()), static_cast<int>(data.size()), &len, 8));
  if (!packed) {
    return {};
  }
  return {packed.get(), packed.get() + len};
}

} // namespace mrtd::zlib
