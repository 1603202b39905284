// libFuzzer target for the image -> barcode path: decode_image() (stb_image: PNG, JPEG, GIF,
// BMP, PNM...) then read_barcodes() (ZXing-cpp with the crop and inverted passes) and decode()
// of every symbol found. Whatever the bytes: an Error with a message, or an image whose pixel
// count matches its size; every symbol keeps the payload contract (payload_invariants.hpp).
// stb_image and ZXing come from Debian and are not instrumented: crashes and hangs in them are
// found, memory errors inside them only where they reach mrtd's code.
//
// Built with -DMRTD_FUZZ=ON and clang (FUZZER=image tests/fuzz/run.sh). Seeds: the sample seal
// images (samples/seals/*.png, samples/documents/*/visa-seal.png), copied by run.sh.

#include "payload_invariants.hpp"

#include "barcode/payload.hpp"
#include "image/image.hpp"
#include "image/read.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = mrtd::fuzz::view(data, size);
  const auto image = mrtd::image::decode_image(input);
  if (!image) {
    MRTD_FUZZ_ASSERT(!image.error().message.empty());
    return 0;
  }
  MRTD_FUZZ_ASSERT(image->width > 0 && image->height > 0);
  MRTD_FUZZ_ASSERT(image->pixels.size() ==
                   static_cast<std::size_t>(image->width) * static_cast<std::size_t>(image->height));
  // ZXing's passes cost time in proportion to the pixels: bound each input (a 1024 x 1024
  // image still exercises every pass).
  if (static_cast<std::int64_t>(image->width) * image->height > 1024 * 1024) {
    return 0;
  }
  for (const auto& symbol : mrtd::image::read_barcodes(*image)) {
    MRTD_FUZZ_ASSERT(!symbol.format.empty());
    const auto kind = mrtd::barcode::classify(symbol.bytes);
    mrtd::fuzz::check_result(mrtd::barcode::decode(symbol.bytes), symbol.bytes, kind);
  }
  return 0;
}
