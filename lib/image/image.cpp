#include "image/image.hpp"

#include <stb/stb_image.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <iterator>
#include <memory>
#include <string>

namespace mrtd::image {

namespace {

struct StbFree {
  void operator()(stbi_uc* pixels) const noexcept { stbi_image_free(pixels); }
};
using StbPixels = std::unique_ptr<stbi_uc, StbFree>;

// stb keeps the reason of the last failure in a thread-local string. "too large" is its verdict
// on declared dimensions (beyond 2^24 or a 1 GiB buffer) and "outofmem" a failed allocation:
// both are limits, everything else is bad data.
Error stb_error(const char* what) {
  const char* reason = stbi_failure_reason();
  const std::string text = reason != nullptr ? reason : "unknown error";
  const bool limit = text == "too large" || text == "outofmem";
  return make_error(limit ? ErrorCode::limit_exceeded : ErrorCode::malformed,
                    std::string(what) + ": " + text);
}

Result<bool> check_size(std::int64_t width, std::int64_t height) {
  if (width <= 0 || height <= 0) {
    return make_error(ErrorCode::malformed, "image has no pixels");
  }
  if (width > k_max_side || height > k_max_side || std::int64_t{width} * height > k_max_pixels) {
    return make_error(ErrorCode::limit_exceeded,
                      "image of " + std::to_string(width) + "x" + std::to_string(height) +
                          " pixels exceeds the limit of " + std::to_string(k_max_pixels) +
                          " pixels and " + std::to_string(k_max_side) + " per side");
  }
  return true;
}

constexpr std::uint8_t k_png_signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

bool is_png(std::span<const std::uint8_t> file) {
  return file.size() >= sizeof k_png_signature &&
         std::equal(std::begin(k_png_signature), std::end(k_png_signature), file.begin());
}

std::int64_t be32(std::span<const std::uint8_t> file, std::size_t at) {
  return std::int64_t{file[at]} << 24 | std::int64_t{file[at + 1]} << 16 |
         std::int64_t{file[at + 2]} << 8 | std::int64_t{file[at + 3]};
}

// stb_image sizes its buffer by a PNG chunk's declared length before reading the chunk: a
// 2 KB file whose IDAT claims a gigabyte made it ask for 2 GiB (a fuzz campaign finding). Every
// chunk up to IEND must fit in the file: length, type, data and CRC.
Result<bool> check_png_chunks(std::span<const std::uint8_t> file) {
  std::size_t at = sizeof k_png_signature;
  while (at + 8 <= file.size()) { // a chunk's length and type are there: the rest must be too
    const auto length = static_cast<std::uint64_t>(be32(file, at));
    if (length + 12 > file.size() - at) {
      return make_error(ErrorCode::malformed,
                        "not a decodable image: a PNG chunk of " + std::to_string(length) +
                            " bytes runs past the end of the file");
    }
    const bool end = std::equal(file.begin() + static_cast<std::ptrdiff_t>(at) + 4,
                                file.begin() + static_cast<std::ptrdiff_t>(at) + 8, "IEND");
    at += 12 + static_cast<std::size_t>(length);
    if (end) {
      break;
    }
  }
  return true;
}

// stbi_info tries every format in turn, so a failure always reads "unknown image type". PNG, by
// far the most common seal image, gets a closer look: stb refuses dimensions beyond 2^24 or a
// 1 GiB buffer in its header scan, and that is a limit, not corruption.
Error info_error(std::span<const std::uint8_t> file) {
  if (!is_png(file)) {
    return stb_error("not a decodable image");
  }
  // Signature, IHDR length and type, then width and height (big-endian).
  if (file.size() >= 24 && std::equal(file.begin() + 12, file.begin() + 16, "IHDR")) {
    if (auto size = check_size(be32(file, 16), be32(file, 20)); !size) {
      return size.error();
    }
  }
  return make_error(ErrorCode::malformed, "not a decodable image: corrupt PNG header");
}

} // namespace

Result<Image> decode_image(std::span<const std::uint8_t> file_bytes) {
  if (file_bytes.empty()) {
    return make_error(ErrorCode::malformed, "empty image file");
  }
  if (file_bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    return make_error(ErrorCode::limit_exceeded, "image file larger than 2 GiB");
  }
  const auto length = static_cast<int>(file_bytes.size());
  if (is_png(file_bytes)) {
    if (auto chunks = check_png_chunks(file_bytes); !chunks) {
      return chunks.error();
    }
  }

  // Header only: no pixel buffer is allocated for an image we would refuse anyway.
  int width = 0;
  int height = 0;
  int channels = 0;
  if (stbi_info_from_memory(file_bytes.data(), length, &width, &height, &channels) == 0) {
    return info_error(file_bytes);
  }
  if (auto size = check_size(width, height); !size) {
    return size.error();
  }

  // Grey + alpha when there is an alpha channel (stb converts RGBA to it), grey otherwise.
  const bool alpha = channels == 2 || channels == 4;
  int loaded_width = 0;
  int loaded_height = 0;
  int loaded_channels = 0;
  StbPixels data(stbi_load_from_memory(file_bytes.data(), length, &loaded_width, &loaded_height,
                                       &loaded_channels, alpha ? 2 : 1));
  if (!data) {
    return stb_error("cannot decode image");
  }
  // The header was checked; the decoder's own figures are what the buffer is made of.
  if (auto size = check_size(loaded_width, loaded_height); !size) {
    return size.error();
  }

  Image image;
  image.width = loaded_width;
  image.height = loaded_height;
  const auto count =
      static_cast<std::size_t>(loaded_width) * static_cast<std::size_t>(loaded_height);
  const stbi_uc* source = data.get();
  if (!alpha) {
    image.pixels.assign(source, source + count);
    return image;
  }
  image.pixels.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    // Over white: y * a + 255 * (1 - a), rounded.
    const unsigned y = source[2 * i];
    const unsigned a = source[2 * i + 1];
    image.pixels[i] = static_cast<std::uint8_t>((y * a + 255U * (255U - a) + 127U) / 255U);
  }
  return image;
}

} // namespace mrtd::image
