// libFuzzer target for decode_bcbp(): IATA BCBP texts (Resolution 792). Besides the contract of
// lib/barcode/payload.hpp (payload_invariants.hpp), a decoded pass is printable ASCII that
// starts with `M` and its leg count, has one set of mandatory items per leg, and ends with its
// security data when it has any.
//
// Built with -DMRTD_FUZZ=ON and clang (FUZZER=bcbp tests/fuzz/run.sh). Seeds: written by
// barcode_seeds.py (synthetic passes and ../shared/corpus/barcodes/bcbp-iata_bcbp).

#include "payload_invariants.hpp"

#include "barcode/bcbp.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = mrtd::fuzz::view(data, size);
  const auto result = mrtd::barcode::decode_bcbp(input);
  mrtd::fuzz::check_result(result, input, mrtd::barcode::PayloadKind::bcbp);
  if (!result) {
    return 0;
  }
  const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  MRTD_FUZZ_ASSERT(text.size() >= 60); // header and one leg's mandatory items
  MRTD_FUZZ_ASSERT(text[0] == 'M' && text[1] >= '1' && text[1] <= '9');
  MRTD_FUZZ_ASSERT(
      std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; }));
  const int legs = text[1] - '0';
  int pnrs = 0;
  for (const auto& field : result->fields) {
    if (field.name.size() == 8 && field.name.compare(0, 3, "leg") == 0 &&
        field.name.compare(4, 4, ".pnr") == 0) {
      ++pnrs;
      MRTD_FUZZ_ASSERT(field.name[3] - '0' == pnrs); // legs in order, each once
    }
    if (field.name == "security_data") {
      MRTD_FUZZ_ASSERT(text.size() >= field.value.size() &&
                       text.substr(text.size() - field.value.size()) == field.value);
      MRTD_FUZZ_ASSERT(&field == &result->fields.back());
    }
  }
  MRTD_FUZZ_ASSERT(pnrs == legs);
  return 0;
}
