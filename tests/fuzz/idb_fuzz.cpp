// libFuzzer target for decode_idb(): ICAO Datastructure for Barcode strings (RDB1/NDB1 + flag +
// base32, zlib). Whatever the bytes, the decoder returns an Error (message, offset inside the
// input) or a Payload that keeps the contract of lib/barcode/payload.hpp (payload_invariants.hpp);
// crashes, leaks and sanitizer reports are findings too.
//
// Built with -DMRTD_FUZZ=ON and clang (FUZZER=idb tests/fuzz/run.sh). Seeds: written by
// barcode_seeds.py from ../shared/corpus/barcodes.

#include "payload_invariants.hpp"

#include "barcode/idb.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = mrtd::fuzz::view(data, size);
  mrtd::fuzz::check_result(mrtd::barcode::decode_idb(input), input,
                           mrtd::barcode::PayloadKind::idb);
  return 0;
}
