// libFuzzer target for the batch-record fast path: whenever parse_flat_object() accepts a
// text, nlohmann's full parser (the path `mrz check --batch` falls back to) must read the same
// object, so that the verdicts and echoed ids are the same whichever path a record takes.
//
// Built with -DMRTD_FUZZ=ON and clang (FUZZER=flat_json tests/fuzz/run.sh).

#include "fuzz_assert.hpp"

#include "core/flat_json.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto members = mrtd::parse_flat_object(text);
  if (!members) {
    return 0; // the fast path may decline anything; the full parser then decides
  }
  const auto object = nlohmann::json::parse(text, nullptr, false);
  MRTD_FUZZ_ASSERT(!object.is_discarded());
  MRTD_FUZZ_ASSERT(object.is_object());
  // Distinct keys (the fast path declines duplicates), each read the same way.
  MRTD_FUZZ_ASSERT(object.size() == members->size());
  for (const auto& member : *members) {
    const auto it = object.find(member.key);
    MRTD_FUZZ_ASSERT(it != object.end());
    switch (member.kind) {
    case mrtd::FlatMember::Kind::string:
      MRTD_FUZZ_ASSERT(it->is_string());
      MRTD_FUZZ_ASSERT(it->get_ref<const std::string&>() == member.value);
      break;
    case mrtd::FlatMember::Kind::integer:
      MRTD_FUZZ_ASSERT(it->is_number_integer());
      MRTD_FUZZ_ASSERT(it->dump() == member.value); // the CLI echoes a non-string id as dump()
      break;
    case mrtd::FlatMember::Kind::boolean:
      MRTD_FUZZ_ASSERT(it->is_boolean());
      MRTD_FUZZ_ASSERT(it->dump() == member.value);
      break;
    case mrtd::FlatMember::Kind::null:
      MRTD_FUZZ_ASSERT(it->is_null());
      MRTD_FUZZ_ASSERT(member.value == "null");
      break;
    }
  }
  return 0;
}
