// libFuzzer target for decode_aamva(): AAMVA DL/ID payloads. Besides the contract of
// lib/barcode/payload.hpp (payload_invariants.hpp), a decoded payload has a 6-digit IIN, its
// issuing state is its first DCG (country) element, and every date element it converted is a
// real ISO date.
//
// Built with -DMRTD_FUZZ=ON and clang (FUZZER=aamva tests/fuzz/run.sh). Seeds: written by
// barcode_seeds.py (synthetic payloads and ../shared/corpus/barcodes/aamva-idlparser-cpp).

#include "payload_invariants.hpp"

#include "barcode/aamva.hpp"
#include "core/date.hpp"

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = mrtd::fuzz::view(data, size);
  const auto result = mrtd::barcode::decode_aamva(input);
  mrtd::fuzz::check_result(result, input, mrtd::barcode::PayloadKind::aamva);
  if (!result) {
    return 0;
  }
  MRTD_FUZZ_ASSERT(!result->header.empty() && result->header.front().name == "iin");
  MRTD_FUZZ_ASSERT(result->header.front().value.size() == 6);
  const std::string* country = nullptr;
  for (const auto& field : result->fields) {
    if (field.name == "country" && country == nullptr) {
      country = &field.value;
    }
    const std::string& v = field.value;
    // A decoded date is a real ISO date; an undecodable one keeps its text (which may happen to
    // look like one: "1-BC-D---2") and is reported as a problem.
    const bool reported = std::any_of(
        result->problems.begin(), result->problems.end(), [&](const std::string& problem) {
          return problem.find("(" + field.name + ") '" + v + "' is not a date") != std::string::npos;
        });
    if ((field.name.compare(0, 5, "date_") == 0 || field.name == "card_revision_date") &&
        v.size() == 10 && v[4] == '-' && v[7] == '-' && !reported) {
      MRTD_FUZZ_ASSERT(mrtd::parse_iso_date(v).has_value());
    }
  }
  MRTD_FUZZ_ASSERT(result->issuing_state == (country != nullptr ? *country : std::string()));
  if (result->issue_date) {
    MRTD_FUZZ_ASSERT(mrtd::is_valid_date(result->issue_date->year, result->issue_date->month,
                                         result->issue_date->day));
  }
  return 0;
}
