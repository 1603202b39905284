// libFuzzer target for barcode::classify() and barcode::decode() over any bytes: the kind
// comes from the magic bytes only (barcodes.md P16) and decode() reports that kind; text,
// binary and 2D-Doc payloads decode to an empty Payload of their kind; every result keeps the
// contract of lib/barcode/payload.hpp (payload_invariants.hpp).
//
// Built with -DMRTD_FUZZ=ON and clang (FUZZER=payload tests/fuzz/run.sh). Seeds: written by
// barcode_seeds.py (a few payloads of every kind).

#include "payload_invariants.hpp"

#include "barcode/payload.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using mrtd::barcode::PayloadKind;
  const auto input = mrtd::fuzz::view(data, size);
  const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  const PayloadKind kind = mrtd::barcode::classify(input);
  switch (kind) {
  case PayloadKind::vds:
    MRTD_FUZZ_ASSERT(size >= 2 && data[0] == 0xDC);
    break;
  case PayloadKind::idb:
    MRTD_FUZZ_ASSERT(text.substr(0, 4) == "RDB1" || text.substr(0, 4) == "NDB1");
    break;
  case PayloadKind::dcc:
    MRTD_FUZZ_ASSERT(text.substr(0, 4) == "HC1:");
    break;
  case PayloadKind::bcbp:
    MRTD_FUZZ_ASSERT(text[0] == 'M' && text[1] >= '1' && text[1] <= '9');
    break;
  case PayloadKind::aamva:
    MRTD_FUZZ_ASSERT(text[0] == '@' || text.substr(0, 2) == " @");
    break;
  case PayloadKind::two_d_doc:
    MRTD_FUZZ_ASSERT(text.substr(0, 2) == "DC");
    break;
  case PayloadKind::vds_nc:
    MRTD_FUZZ_ASSERT(text.find("\"data\"") != std::string_view::npos &&
                     text.find("\"sig\"") != std::string_view::npos);
    break;
  case PayloadKind::text:
  case PayloadKind::binary:
    MRTD_FUZZ_ASSERT(size == 0 || data[0] != 0xDC || size == 1);
    break;
  }
  const auto result = mrtd::barcode::decode(input);
  mrtd::fuzz::check_result(result, input, kind);
  if (kind == PayloadKind::text || kind == PayloadKind::binary || kind == PayloadKind::two_d_doc) {
    MRTD_FUZZ_ASSERT(result.has_value() && result->fields.empty() && !result->signature);
  }
  return 0;
}
