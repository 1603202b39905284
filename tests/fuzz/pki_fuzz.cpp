// libFuzzer target for the PKI readers: the PKD LDIF reader (pki::LdifReader) and the CSCA
// master list reader/verifier (pki::read_master_list). The first input byte selects the mode
// (modulo k_modes), the rest is the data. Invariants are checked with MRTD_FUZZ_ASSERT.
//
// Built with -DMRTD_FUZZ=ON and clang (FUZZER=pki tests/fuzz/run.sh). Seeds: seeds/pki/.

#include "fuzz_assert.hpp"

#include "core/date.hpp"
#include "pki/ldif.hpp"
#include "pki/master_list.hpp"
#include "pki/trust_store.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace pki = mrtd::pki;

enum Mode : std::uint8_t {
  ldif = 0,        // u8 split, text: fed in two pieces split at split * |text| / 255, and
                   // whole; both readings must agree
  master_list = 1, // read_master_list(data) with an empty trust store
  k_modes = 2
};

struct Reading {
  std::vector<pki::PkdItem> items;
  std::size_t problems = 0;
  std::size_t entries = 0;
  bool ok = true;
};

Reading read_ldif(std::string_view text, std::size_t split) {
  Reading out;
  pki::LdifReader reader(
      [&](pki::PkdItem&& item) {
        MRTD_FUZZ_ASSERT(!item.der.empty());
        out.items.push_back(std::move(item));
      },
      [&](std::string) { ++out.problems; });
  std::size_t entries = 0;
  const auto step = [&](mrtd::Result<bool> result) {
    out.ok = out.ok && result.has_value();
    MRTD_FUZZ_ASSERT(reader.entries() >= entries); // never goes back
    entries = reader.entries();
  };
  step(reader.feed(text.substr(0, split)));
  step(reader.feed(text.substr(split)));
  step(reader.finish());
  out.entries = reader.entries();
  return out;
}

void fuzz_ldif(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return;
  }
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t split = text.size() * data[0] / 255;
  const Reading pieces = read_ldif(text, split);
  const Reading whole = read_ldif(text, text.size());
  // Where the input is cut must not change what is read.
  MRTD_FUZZ_ASSERT(pieces.ok == whole.ok);
  if (pieces.ok) {
    MRTD_FUZZ_ASSERT(pieces.entries == whole.entries);
    MRTD_FUZZ_ASSERT(pieces.problems == whole.problems);
    MRTD_FUZZ_ASSERT(pieces.items.size() == whole.items.size());
    for (std::size_t i = 0; i < whole.items.size(); ++i) {
      MRTD_FUZZ_ASSERT(pieces.items[i].der == whole.items[i].der);
      MRTD_FUZZ_ASSERT(pieces.items[i].dn == whole.items[i].dn);
      MRTD_FUZZ_ASSERT(pieces.items[i].conformance_codes == whole.items[i].conformance_codes);
    }
  }
}

void fuzz_master_list(const std::uint8_t* data, std::size_t size) {
  static const pki::TrustStore empty;
  const auto list = pki::read_master_list(pki::ByteView(data, size), empty,
                                          mrtd::to_unix_time(mrtd::CivilDate{2026, 1, 1}));
  if (!list) {
    MRTD_FUZZ_ASSERT(!list.error().message.empty());
    return;
  }
  const bool trusted = list->signature == pki::ListSignature::verified ||
                       list->signature == pki::ListSignature::tolerated;
  // No anchors given: only the list's own CSCA can have anchored it.
  MRTD_FUZZ_ASSERT(!trusted || (list->anchored_in_list && list->anchor && list->signer));
  MRTD_FUZZ_ASSERT(!list->anchored_in_list || list->anchor);
  MRTD_FUZZ_ASSERT(list->signature_message.size() > 0);
  MRTD_FUZZ_ASSERT(pki::to_string(list->signature) != nullptr);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  switch (static_cast<Mode>(data[0] % k_modes)) {
  case ldif:
    fuzz_ldif(data + 1, size - 1);
    break;
  case master_list:
    fuzz_master_list(data + 1, size - 1);
    break;
  default:
    break;
  }
  return 0;
}
