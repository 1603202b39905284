// libFuzzer target for the chip parsers: EF.SOD (OpenSSL CMS + the LDSSecurityObject template),
// Passive Authentication (chip::verify) and its JSON, chip dump of every LDS file kind and its
// JSON, the hand-written TLV walker (read_tlv, EF.COM, DG1), the trust store's PEM/DER loader
// and offline Active Authentication. The first input byte selects the mode (modulo k_modes),
// the rest is the data. Invariants are checked with MRTD_FUZZ_ASSERT (a trap libFuzzer records).
//
// Built with -DMRTD_FUZZ=ON and clang (FUZZER=chip tests/fuzz/run.sh). Seeds: make_seeds.py.

#include "fuzz_assert.hpp"

#include "chip/aa.hpp"
#include "chip/chip.hpp"
#include "chip/detail/sod.hpp"
#include "chip/dump.hpp"
#include "chip/lds.hpp"
#include "core/check_registry.hpp"
#include "core/date.hpp"
#include "core/verdict.hpp"
#include "pki/certificate.hpp"
#include "pki/trust_store.hpp"
#include "report/chip.hpp"
#include "report/chip_dump.hpp"
#include "report/report.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace {

using mrtd::CheckId;
using mrtd::Outcome;
using mrtd::Status;
namespace chip = mrtd::chip;
namespace pki = mrtd::pki;
using chip::ByteView;
using chip::Bytes;

// The modes (first byte modulo k_modes). make_seeds.py writes seeds with these numbers.
enum Mode : std::uint8_t {
  parse_sod = 0,     // chip::detail::parse_sod
  verify = 1,        // chip::verify, files.sod = data, genuine DG1, empty store; report JSON
  dump_com = 2,      // chip::dump of data as EF.COM ... (report chip dump JSON)
  dump_sod = 3,
  dump_dg1 = 4,
  dump_dg2 = 5,
  dump_dg11 = 6,
  dump_dg12 = 7,
  dump_dg14 = 8,
  dump_dg15 = 9,
  dump_dg13 = 10,    // a data group dump does not decode (tag, length, SHA-256 only)
  lds = 11,          // read_tlv, read_tlv_list, parse_com, dg1_mrz, file_from_tag
  trust_store = 12,  // pki::TrustStore::add (PEM/DER certificates and CRLs), describe_certificate
  active_auth = 13,  // verify_active_authentication: u16 dg15 length, dg15, u8 challenge
                     // length, challenge, u16 dg14 length (0: none), dg14, response
  store_verify = 14, // TrustStore::add(data), then verify the genuine sample chip against it
  k_modes = 15
};

// samples/chip/ecdsa-p256: DG1 (also the DG1 of the brainpool and PSS samples) and EF.SOD,
// which verifies against that folder's csca.pem + crl.pem at k_at.
constexpr std::uint8_t k_dg1[] = {
    0x61, 0x5b, 0x5f, 0x1f, 0x58, 0x50, 0x3c, 0x55, 0x54, 0x4f, 0x45, 0x52, 0x49, 0x4b, 0x53, 0x53,
    0x4f, 0x4e, 0x3c, 0x3c, 0x41, 0x4e, 0x4e, 0x41, 0x3c, 0x4d, 0x41, 0x52, 0x49, 0x41, 0x3c, 0x3c,
    0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c,
    0x3c, 0x4c, 0x38, 0x39, 0x38, 0x39, 0x30, 0x32, 0x43, 0x33, 0x36, 0x55, 0x54, 0x4f, 0x37, 0x34,
    0x30, 0x38, 0x31, 0x32, 0x32, 0x46, 0x33, 0x35, 0x30, 0x36, 0x33, 0x30, 0x37, 0x5a, 0x45, 0x31,
    0x38, 0x34, 0x32, 0x32, 0x36, 0x42, 0x3c, 0x3c, 0x3c, 0x3c, 0x3c, 0x31, 0x32,
};

constexpr std::uint8_t k_sod[] = {
    0x77, 0x82, 0x04, 0x38, 0x30, 0x82, 0x04, 0x34, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
    0x01, 0x07, 0x02, 0xa0, 0x82, 0x04, 0x25, 0x30, 0x82, 0x04, 0x21, 0x02, 0x01, 0x03, 0x31, 0x0d,
    0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x30, 0x81, 0xc0,
    0x06, 0x06, 0x67, 0x81, 0x08, 0x01, 0x01, 0x01, 0xa0, 0x81, 0xb5, 0x04, 0x81, 0xb2, 0x30, 0x81,
    0xaf, 0x02, 0x01, 0x00, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
    0x01, 0x30, 0x81, 0x9c, 0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x20, 0xcf, 0xda, 0x63, 0x54, 0x80,
    0x4c, 0xe2, 0xc0, 0x0d, 0x33, 0xfb, 0xee, 0xf1, 0x2e, 0x15, 0xd5, 0x96, 0x1b, 0xe6, 0xe2, 0x3c,
    0x67, 0x7e, 0x2b, 0x77, 0x7d, 0xc6, 0xb2, 0xb1, 0x0c, 0x8b, 0x02, 0x30, 0x25, 0x02, 0x01, 0x02,
    0x04, 0x20, 0xc8, 0x59, 0xe4, 0x6a, 0xa1, 0x02, 0x18, 0x30, 0x42, 0x77, 0xb0, 0x7a, 0xe1, 0x44,
    0xbb, 0x14, 0x04, 0xf7, 0x22, 0xc6, 0x38, 0xb1, 0xb7, 0x0b, 0xac, 0x81, 0xd3, 0x2b, 0x1a, 0x5c,
    0x6e, 0x4d, 0x30, 0x25, 0x02, 0x01, 0x0e, 0x04, 0x20, 0x36, 0x14, 0xd0, 0xcc, 0xc6, 0x90, 0x09,
    0x71, 0x85, 0x1f, 0xbe, 0xaa, 0x7a, 0xbd, 0x1f, 0xa1, 0x2a, 0x0b, 0x46, 0x6c, 0x43, 0xe6, 0xd2,
    0x97, 0x12, 0x5a, 0x96, 0x7c, 0x4e, 0x17, 0x1c, 0xca, 0x30, 0x25, 0x02, 0x01, 0x0f, 0x04, 0x20,
    0x05, 0x73, 0x78, 0x83, 0x78, 0xa5, 0x03, 0xd1, 0x9b, 0x26, 0x96, 0x50, 0x5d, 0x2f, 0x47, 0xb9,
    0x72, 0x4a, 0xbc, 0x8f, 0xbb, 0x16, 0xa6, 0xe9, 0x7d, 0x20, 0x09, 0x1c, 0xe4, 0xab, 0xeb, 0x56,
    0xa0, 0x82, 0x02, 0x0d, 0x30, 0x82, 0x02, 0x09, 0x30, 0x82, 0x01, 0xaf, 0xa0, 0x03, 0x02, 0x01,
    0x02, 0x02, 0x04, 0x05, 0xc0, 0x00, 0x01, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d,
    0x04, 0x03, 0x02, 0x30, 0x5c, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02,
    0x55, 0x54, 0x31, 0x1d, 0x30, 0x1b, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x14, 0x47, 0x6f, 0x76,
    0x65, 0x72, 0x6e, 0x6d, 0x65, 0x6e, 0x74, 0x20, 0x6f, 0x66, 0x20, 0x55, 0x74, 0x6f, 0x70, 0x69,
    0x61, 0x31, 0x18, 0x30, 0x16, 0x06, 0x03, 0x55, 0x04, 0x0b, 0x0c, 0x0f, 0x50, 0x61, 0x73, 0x73,
    0x70, 0x6f, 0x72, 0x74, 0x20, 0x4f, 0x66, 0x66, 0x69, 0x63, 0x65, 0x31, 0x14, 0x30, 0x12, 0x06,
    0x03, 0x55, 0x04, 0x03, 0x0c, 0x0b, 0x55, 0x74, 0x6f, 0x70, 0x69, 0x61, 0x20, 0x43, 0x53, 0x43,
    0x41, 0x30, 0x1e, 0x17, 0x0d, 0x32, 0x35, 0x30, 0x36, 0x30, 0x31, 0x30, 0x30, 0x30, 0x30, 0x30,
    0x30, 0x5a, 0x17, 0x0d, 0x33, 0x31, 0x30, 0x36, 0x30, 0x31, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
    0x5a, 0x30, 0x69, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 0x55, 0x54,
    0x31, 0x1d, 0x30, 0x1b, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x14, 0x47, 0x6f, 0x76, 0x65, 0x72,
    0x6e, 0x6d, 0x65, 0x6e, 0x74, 0x20, 0x6f, 0x66, 0x20, 0x55, 0x74, 0x6f, 0x70, 0x69, 0x61, 0x31,
    0x18, 0x30, 0x16, 0x06, 0x03, 0x55, 0x04, 0x0b, 0x0c, 0x0f, 0x50, 0x61, 0x73, 0x73, 0x70, 0x6f,
    0x72, 0x74, 0x20, 0x4f, 0x66, 0x66, 0x69, 0x63, 0x65, 0x31, 0x21, 0x30, 0x1f, 0x06, 0x03, 0x55,
    0x04, 0x03, 0x0c, 0x18, 0x55, 0x74, 0x6f, 0x70, 0x69, 0x61, 0x20, 0x44, 0x6f, 0x63, 0x75, 0x6d,
    0x65, 0x6e, 0x74, 0x20, 0x53, 0x69, 0x67, 0x6e, 0x65, 0x72, 0x20, 0x31, 0x30, 0x59, 0x30, 0x13,
    0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d,
    0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04, 0xea, 0x3e, 0xa7, 0x0f, 0x7d, 0x10, 0xfe, 0xbb, 0x93,
    0xe5, 0xc4, 0xb5, 0x0d, 0xee, 0x6d, 0x95, 0x41, 0x63, 0xbd, 0xb0, 0x01, 0x21, 0xc5, 0x1b, 0xc4,
    0xf3, 0xc4, 0xff, 0xcd, 0xbd, 0x9b, 0x5d, 0xfd, 0xf4, 0x44, 0x3b, 0x8f, 0x24, 0x48, 0xb5, 0xa7,
    0x39, 0x4c, 0xd2, 0xd3, 0x5f, 0x9a, 0x84, 0x46, 0xd5, 0x94, 0x9c, 0xe3, 0xa4, 0x39, 0x97, 0xae,
    0x6c, 0xba, 0xa6, 0x18, 0xa8, 0x70, 0x9a, 0xa3, 0x52, 0x30, 0x50, 0x30, 0x0e, 0x06, 0x03, 0x55,
    0x1d, 0x0f, 0x01, 0x01, 0xff, 0x04, 0x04, 0x03, 0x02, 0x07, 0x80, 0x30, 0x1d, 0x06, 0x03, 0x55,
    0x1d, 0x0e, 0x04, 0x16, 0x04, 0x14, 0x64, 0xae, 0xed, 0x8a, 0x0d, 0xcd, 0x22, 0x30, 0x2e, 0x1a,
    0xb0, 0x5e, 0x9f, 0xaf, 0xc2, 0x29, 0x82, 0xf3, 0xbf, 0x2f, 0x30, 0x1f, 0x06, 0x03, 0x55, 0x1d,
    0x23, 0x04, 0x18, 0x30, 0x16, 0x80, 0x14, 0x2d, 0xd3, 0x86, 0xf9, 0x24, 0x70, 0xca, 0x5c, 0x21,
    0x1c, 0x92, 0x4a, 0x4c, 0xcc, 0x66, 0xff, 0x50, 0xce, 0x4f, 0x5b, 0x30, 0x0a, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x03, 0x48, 0x00, 0x30, 0x45, 0x02, 0x21, 0x00, 0xad,
    0x93, 0x68, 0xea, 0xeb, 0x91, 0xb2, 0x85, 0x78, 0x18, 0xac, 0x64, 0xfd, 0xa0, 0xed, 0x67, 0x43,
    0x62, 0x41, 0x85, 0x4d, 0x75, 0x70, 0xb7, 0x7d, 0x9d, 0xe6, 0x07, 0xa2, 0x1a, 0x37, 0xc6, 0x02,
    0x20, 0x0d, 0xda, 0x3f, 0xfd, 0x83, 0xf1, 0x9e, 0x92, 0x83, 0xe7, 0x43, 0x20, 0x4e, 0xf0, 0xc1,
    0xb8, 0x94, 0x02, 0x68, 0x0b, 0x23, 0x38, 0x02, 0x59, 0x9f, 0x8b, 0x99, 0x10, 0xf7, 0xc6, 0xef,
    0x71, 0x31, 0x82, 0x01, 0x37, 0x30, 0x82, 0x01, 0x33, 0x02, 0x01, 0x01, 0x30, 0x64, 0x30, 0x5c,
    0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 0x55, 0x54, 0x31, 0x1d, 0x30,
    0x1b, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x14, 0x47, 0x6f, 0x76, 0x65, 0x72, 0x6e, 0x6d, 0x65,
    0x6e, 0x74, 0x20, 0x6f, 0x66, 0x20, 0x55, 0x74, 0x6f, 0x70, 0x69, 0x61, 0x31, 0x18, 0x30, 0x16,
    0x06, 0x03, 0x55, 0x04, 0x0b, 0x0c, 0x0f, 0x50, 0x61, 0x73, 0x73, 0x70, 0x6f, 0x72, 0x74, 0x20,
    0x4f, 0x66, 0x66, 0x69, 0x63, 0x65, 0x31, 0x14, 0x30, 0x12, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c,
    0x0b, 0x55, 0x74, 0x6f, 0x70, 0x69, 0x61, 0x20, 0x43, 0x53, 0x43, 0x41, 0x02, 0x04, 0x05, 0xc0,
    0x00, 0x01, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0xa0,
    0x66, 0x30, 0x15, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03, 0x31, 0x08,
    0x06, 0x06, 0x67, 0x81, 0x08, 0x01, 0x01, 0x01, 0x30, 0x1c, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
    0xf7, 0x0d, 0x01, 0x09, 0x05, 0x31, 0x0f, 0x17, 0x0d, 0x32, 0x35, 0x30, 0x37, 0x30, 0x31, 0x31,
    0x32, 0x30, 0x30, 0x30, 0x30, 0x5a, 0x30, 0x2f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
    0x01, 0x09, 0x04, 0x31, 0x22, 0x04, 0x20, 0xcf, 0xe8, 0x00, 0x87, 0x39, 0x44, 0x56, 0x71, 0x25,
    0x97, 0x6d, 0x92, 0xf0, 0x4e, 0xbd, 0x95, 0x22, 0x51, 0x44, 0xb7, 0x2f, 0x93, 0x93, 0x15, 0x84,
    0x28, 0xa7, 0xb5, 0x8c, 0x85, 0xce, 0x20, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d,
    0x04, 0x03, 0x02, 0x04, 0x47, 0x30, 0x45, 0x02, 0x21, 0x00, 0x84, 0x5d, 0x03, 0x57, 0x32, 0x4d,
    0x09, 0x69, 0xe1, 0x02, 0x51, 0xe8, 0xc5, 0x15, 0x35, 0x08, 0x42, 0xca, 0xfa, 0xd5, 0xa6, 0xa3,
    0x26, 0xe4, 0x87, 0x08, 0x04, 0xac, 0xb4, 0xba, 0xda, 0x55, 0x02, 0x20, 0x14, 0xe1, 0x07, 0x7a,
    0x23, 0x29, 0x24, 0x5f, 0x2c, 0xb3, 0x40, 0x73, 0x95, 0xc6, 0xb7, 0xb4, 0x9c, 0x1e, 0x07, 0x12,
    0xdd, 0xc5, 0xc3, 0xec, 0x82, 0xca, 0x3a, 0x2c, 0x54, 0xfb, 0xf1, 0x21,
};

// 2026-01-01T00:00:00Z, the `at` of samples/chip/cases.json.
constexpr mrtd::UnixTime k_at = 1767225600;

constexpr std::size_t k_chip_first = static_cast<std::size_t>(CheckId::chip_sod_structure);
constexpr std::size_t k_check_count = static_cast<std::size_t>(CheckId::count_);

Bytes to_bytes(ByteView view) { return Bytes(view.begin(), view.end()); }

// Invariants of a chip verdict, whatever the input.
void check_verdict(const chip::Report& report) {
  const mrtd::Verdict& verdict = report.verdict;
  MRTD_FUZZ_ASSERT((verdict.outcome == Outcome::error) == verdict.error.has_value());
  if (verdict.error) {
    MRTD_FUZZ_ASSERT(verdict.checks.empty());
    MRTD_FUZZ_ASSERT(!verdict.error->message.empty());
    MRTD_FUZZ_ASSERT(!report.sod_trusted);
    return;
  }
  std::array<int, k_check_count> seen{};
  bool failed = false;
  for (const auto& check : verdict.checks) {
    const auto index = static_cast<std::size_t>(check.id);
    MRTD_FUZZ_ASSERT(index >= k_chip_first && index < k_check_count);
    MRTD_FUZZ_ASSERT(++seen[index] == 1);
    MRTD_FUZZ_ASSERT(check.status == Status::pass || !check.message.empty());
    MRTD_FUZZ_ASSERT(mrtd::find_check(mrtd::check_name(check.id)) == check.id);
    failed = failed || check.status == Status::fail;
  }
  // invalid iff a check failed (chip.hpp).
  MRTD_FUZZ_ASSERT((verdict.outcome == Outcome::invalid) == failed);
  if (verdict.outcome == Outcome::valid) {
    // valid needs the decisive checks (chip.hpp): chain and signature.
    const mrtd::Check* chain = verdict.find(CheckId::chip_chain);
    MRTD_FUZZ_ASSERT(chain != nullptr && chain->status == Status::pass);
    const mrtd::Check* signature = verdict.find(CheckId::chip_sod_signature);
    MRTD_FUZZ_ASSERT(signature != nullptr &&
                     (signature->status == Status::pass || signature->status == Status::warn));
    MRTD_FUZZ_ASSERT(report.sod_trusted);
  }
}

// The verdict serialises to JSON that nlohmann reads back and that says what the report says.
void check_verify_json(const chip::Report& report) {
  const mrtd::report::Envelope envelope{"chip verify", "fuzz", std::nullopt, std::nullopt};
  const std::string line = mrtd::report::to_json(envelope, report, mrtd::report::Layout::line);
  MRTD_FUZZ_ASSERT(!line.empty() && line.front() == '{' && line.back() == '}');
  MRTD_FUZZ_ASSERT(line.find('\n') == std::string::npos);
  const auto j = nlohmann::ordered_json::parse(line, nullptr, false);
  MRTD_FUZZ_ASSERT(!j.is_discarded() && j.is_object());
  MRTD_FUZZ_ASSERT(j.value("schema_version", -1) == mrtd::report::k_schema_version);
  MRTD_FUZZ_ASSERT(j.contains("verdict") && j["verdict"].is_string());
  MRTD_FUZZ_ASSERT(j["verdict"].get<std::string>() == mrtd::to_string(report.verdict.outcome));
  MRTD_FUZZ_ASSERT(j.contains("checks") && j["checks"].is_array());
  MRTD_FUZZ_ASSERT(j["checks"].size() == report.verdict.checks.size());
  for (std::size_t i = 0; i < report.verdict.checks.size(); ++i) {
    const auto& check = j["checks"][i];
    MRTD_FUZZ_ASSERT(check.value("id", std::string()) ==
                     mrtd::check_name(report.verdict.checks[i].id));
    MRTD_FUZZ_ASSERT(check.value("status", std::string()) ==
                     mrtd::to_string(report.verdict.checks[i].status));
  }
  MRTD_FUZZ_ASSERT(j.contains("error") == report.verdict.error.has_value());
  MRTD_FUZZ_ASSERT(j.contains("data"));
  MRTD_FUZZ_ASSERT(j["data"].is_null() == (report.verdict.outcome == Outcome::error));

  // The pretty layout is the same document.
  const std::string pretty = mrtd::report::to_json(envelope, report, mrtd::report::Layout::pretty);
  const auto p = nlohmann::ordered_json::parse(pretty, nullptr, false);
  MRTD_FUZZ_ASSERT(!p.is_discarded() && p == j);

  // The text renderings do not crash and say something.
  const mrtd::report::TextOptions text_options;
  MRTD_FUZZ_ASSERT(!mrtd::report::to_text(envelope, report, text_options).empty());
  MRTD_FUZZ_ASSERT(!mrtd::report::to_summary_line(envelope, report, text_options).empty());
}

void run_parse_sod(ByteView data) {
  auto sod = chip::detail::parse_sod(data);
  if (!sod) {
    MRTD_FUZZ_ASSERT(!sod.error().message.empty());
    return;
  }
  MRTD_FUZZ_ASSERT(sod->content_info != nullptr && sod->econtent_type != nullptr);
  MRTD_FUZZ_ASSERT(sod->trailing_bytes < data.size());
  MRTD_FUZZ_ASSERT(sod->signer.has_value() == (sod->signer_count > 0));
  if (sod->signer) {
    // Exactly one SignerIdentifier form; everything the signature needs is there.
    const auto& signer = *sod->signer;
    MRTD_FUZZ_ASSERT((signer.key_id != nullptr) != (signer.serial != nullptr));
    MRTD_FUZZ_ASSERT(signer.serial == nullptr || !signer.issuer.empty());
    MRTD_FUZZ_ASSERT(signer.parts.digest != nullptr);
    MRTD_FUZZ_ASSERT(signer.parts.signature_algorithm != nullptr);
    MRTD_FUZZ_ASSERT(signer.parts.signature != nullptr);
  }
  MRTD_FUZZ_ASSERT(sod->wrapped == (data[0] == 0x77));
  if (!sod->lso_error) {
    for (const auto& [dg, hash] : sod->dg_hashes) {
      MRTD_FUZZ_ASSERT(dg >= 1 && dg <= 16);
    }
  } else {
    MRTD_FUZZ_ASSERT(sod->dg_hashes.empty());
  }
  if (sod->hash != nullptr) {
    MRTD_FUZZ_ASSERT(!chip::detail::digest_name(sod->hash).empty());
  }
}

chip::Report run_verify(const chip::ChipFiles& files, const pki::TrustStore& trust) {
  chip::VerifyOptions options;
  options.at = k_at;
  chip::Report report = chip::verify(files, trust, options);
  check_verdict(report);
  check_verify_json(report);
  return report;
}

void run_verify_mode(ByteView data) {
  chip::ChipFiles files;
  files.sod = to_bytes(data);
  files.dgs.emplace(1, Bytes(std::begin(k_dg1), std::end(k_dg1)));
  files.names.emplace("EF.SOD", "fuzz");
  const pki::TrustStore empty;
  const chip::Report report = run_verify(files, empty);
  // An error verdict iff the SOD does not parse.
  const bool parses = chip::detail::parse_sod(data).has_value();
  MRTD_FUZZ_ASSERT((report.verdict.outcome == Outcome::error) == !parses);
  // Security: with nothing to chain to, nothing is valid.
  MRTD_FUZZ_ASSERT(report.verdict.outcome != Outcome::valid);
  if (report.verdict.outcome != Outcome::error) {
    for (const auto& certificate : report.certificates) {
      MRTD_FUZZ_ASSERT(certificate.role != "csca");
    }
  }
}

void run_dump(ByteView data, chip::FileId id) {
  chip::ChipFiles files;
  switch (id.kind) {
  case chip::FileId::Kind::com:
    files.com = to_bytes(data);
    break;
  case chip::FileId::Kind::sod:
    files.sod = to_bytes(data);
    break;
  case chip::FileId::Kind::dg:
    files.dgs.emplace(id.dg, to_bytes(data));
    break;
  }
  files.names.emplace(chip::to_string(id), "fuzz.bin");
  chip::DumpOptions options;
  options.reference_date = mrtd::CivilDate{2026, 1, 1};
  auto dump = chip::dump(files, options);
  MRTD_FUZZ_ASSERT(dump.has_value());
  MRTD_FUZZ_ASSERT(dump->files.size() == 1);
  const chip::FileDump& file = dump->files.front();
  MRTD_FUZZ_ASSERT(file.file == id);
  MRTD_FUZZ_ASSERT(file.size == data.size());
  MRTD_FUZZ_ASSERT(file.sha256.size() == 64);
  MRTD_FUZZ_ASSERT(file.source && *file.source == "fuzz.bin");
  for (const auto& error : file.errors) {
    MRTD_FUZZ_ASSERT(!error.message.empty());
  }
  // Only the member of this file's kind is set, and a decoded kind is set or has an error.
  const bool is_dg = id.kind == chip::FileId::Kind::dg;
  MRTD_FUZZ_ASSERT(!file.com || id.kind == chip::FileId::Kind::com);
  MRTD_FUZZ_ASSERT(!file.sod || id.kind == chip::FileId::Kind::sod);
  MRTD_FUZZ_ASSERT(!file.dg1 || (is_dg && id.dg == 1));
  MRTD_FUZZ_ASSERT(file.faces.empty() || (is_dg && id.dg == 2));
  MRTD_FUZZ_ASSERT(file.fields.empty() || (is_dg && (id.dg == 11 || id.dg == 12)));
  MRTD_FUZZ_ASSERT(!file.security_infos || (is_dg && id.dg == 14));
  MRTD_FUZZ_ASSERT(!file.aa_public_key || (is_dg && id.dg == 15));
  const bool decoded = file.com || file.sod || file.dg1 || file.security_infos ||
                       file.aa_public_key || !file.faces.empty() || !file.fields.empty();
  const bool decodes = !is_dg || id.dg == 1 || id.dg == 14 || id.dg == 15;
  if (decodes) {
    MRTD_FUZZ_ASSERT(decoded || !file.errors.empty());
  }
  if (file.sod) {
    // dump_sod decodes with parse_sod.
    MRTD_FUZZ_ASSERT(chip::detail::parse_sod(data).has_value());
  }
  for (const auto& face : file.faces) {
    MRTD_FUZZ_ASSERT(face.image_sha256.size() == 64 || face.image_sha256.empty());
  }

  const mrtd::report::Envelope envelope{"chip dump", "fuzz", std::nullopt, std::nullopt};
  const std::string line = mrtd::report::to_json(envelope, *dump, mrtd::report::Layout::line);
  MRTD_FUZZ_ASSERT(line.find('\n') == std::string::npos);
  const auto j = nlohmann::ordered_json::parse(line, nullptr, false);
  MRTD_FUZZ_ASSERT(!j.is_discarded() && j.is_object());
  MRTD_FUZZ_ASSERT(j.value("schema_version", -1) == mrtd::report::k_schema_version);
  MRTD_FUZZ_ASSERT(j.contains("files") && j["files"].is_array() && j["files"].size() == 1);
  MRTD_FUZZ_ASSERT(!j.contains("error"));
  MRTD_FUZZ_ASSERT(!mrtd::report::to_text(*dump).empty());
}

void run_lds(ByteView data) {
  if (auto tlv = chip::read_tlv(data)) {
    MRTD_FUZZ_ASSERT(tlv->header_size >= 2 && tlv->header_size <= 4 + 5);
    MRTD_FUZZ_ASSERT(tlv->total_size == tlv->header_size + tlv->value.size());
    MRTD_FUZZ_ASSERT(tlv->total_size <= data.size());
    MRTD_FUZZ_ASSERT(tlv->value.data() == data.data() + tlv->header_size);
    MRTD_FUZZ_ASSERT(tlv->value.size() <= chip::k_max_file_size);
    // The tag keeps its bytes big-endian: the first byte leads.
    std::uint32_t lead = tlv->tag;
    while (lead > 0xFF) {
      lead >>= 8;
    }
    MRTD_FUZZ_ASSERT(lead == data[0]);
    if (const auto file = chip::file_from_tag(data[0])) {
      MRTD_FUZZ_ASSERT(chip::tag_of(*file) == data[0]);
    }
  } else {
    MRTD_FUZZ_ASSERT(!tlv.error().message.empty());
    MRTD_FUZZ_ASSERT(tlv.error().offset <= static_cast<std::ptrdiff_t>(data.size()));
  }
  if (auto list = chip::read_tlv_list(data)) {
    std::size_t total = 0;
    for (const auto& item : *list) {
      MRTD_FUZZ_ASSERT(item.value.data() == data.data() + total + item.header_size);
      total += item.total_size;
    }
    MRTD_FUZZ_ASSERT(total == data.size());
  } else {
    MRTD_FUZZ_ASSERT(list.error().offset <= static_cast<std::ptrdiff_t>(data.size()));
  }
  if (auto com = chip::parse_com(data)) {
    for (const auto& file : com->files) {
      MRTD_FUZZ_ASSERT(file.kind == chip::FileId::Kind::dg && file.dg >= 1 && file.dg <= 16);
    }
  }
  if (auto mrz = chip::dg1_mrz(data)) {
    const std::size_t size = mrz->size();
    MRTD_FUZZ_ASSERT(size == 88 + 1 || size == 90 + 2 || size == 72 + 1);
  }
  const std::string_view name(reinterpret_cast<const char*>(data.data()), data.size());
  if (const auto file = chip::file_from_name(name)) {
    MRTD_FUZZ_ASSERT(file->kind != chip::FileId::Kind::dg || (file->dg >= 1 && file->dg <= 16));
    MRTD_FUZZ_ASSERT(!chip::to_string(*file).empty());
  }
}

// Adds `data` to `store`; the store's counts follow the summary.
bool add_to_store(pki::TrustStore& store, ByteView data) {
  auto summary = store.add(data, "fuzz");
  if (!summary) {
    MRTD_FUZZ_ASSERT(!summary.error().message.empty());
    MRTD_FUZZ_ASSERT(store.certificate_count() == 0 && store.crl_count() == 0);
    return false;
  }
  MRTD_FUZZ_ASSERT(summary->certificates + summary->crls >= 1);
  MRTD_FUZZ_ASSERT(store.certificate_count() == summary->certificates);
  MRTD_FUZZ_ASSERT(store.crl_count() == summary->crls);
  return true;
}

void run_trust_store(ByteView data) {
  pki::TrustStore store;
  if (add_to_store(store, data)) {
    const auto certificates = store.certificates();
    MRTD_FUZZ_ASSERT(certificates.size() == store.certificate_count());
    for (const auto& info : certificates) {
      MRTD_FUZZ_ASSERT(info.sha256.size() == 64);
      if (info.subject_country) {
        (void)store.has_ca_for_country(*info.subject_country);
      }
    }
    // Adding the same bytes again adds nothing.
    auto again = store.add(data, "fuzz again");
    MRTD_FUZZ_ASSERT(again.has_value());
    MRTD_FUZZ_ASSERT(again->certificates == 0 && again->crls == 0);
    MRTD_FUZZ_ASSERT(store.certificate_count() == certificates.size());
  }
  if (auto info = pki::describe_certificate(data)) {
    MRTD_FUZZ_ASSERT(info->sha256.size() == 64);
    MRTD_FUZZ_ASSERT(info->key.bits >= 0);
  }
}

// Splits `data` at `n` bytes (or what is left).
ByteView take(ByteView& data, std::size_t n) {
  n = std::min(n, data.size());
  const ByteView head = data.first(n);
  data = data.subspan(n);
  return head;
}

std::size_t take_length(ByteView& data, std::size_t bytes) {
  std::size_t n = 0;
  for (const std::uint8_t b : take(data, bytes)) {
    n = (n << 8) | b;
  }
  return n;
}

void run_active_auth(ByteView data) {
  const ByteView dg15 = take(data, take_length(data, 2));
  const ByteView challenge = take(data, take_length(data, 1));
  const std::size_t dg14_size = take_length(data, 2);
  const std::optional<ByteView> dg14 =
      dg14_size == 0 ? std::nullopt : std::optional<ByteView>(take(data, dg14_size));
  const ByteView response = data;
  auto result = chip::verify_active_authentication(dg15, dg14, challenge, response);
  if (!result) {
    MRTD_FUZZ_ASSERT(!result.error().message.empty());
    return;
  }
  if (result->status != chip::AaStatus::valid) {
    MRTD_FUZZ_ASSERT(!result->message.empty());
  }
  // A valid response stops being valid for another challenge.
  if (result->status == chip::AaStatus::valid) {
    Bytes other(challenge.begin(), challenge.end());
    other.push_back(0x01);
    auto flipped = chip::verify_active_authentication(dg15, dg14, other, response);
    MRTD_FUZZ_ASSERT(flipped.has_value() && flipped->status != chip::AaStatus::valid);
  }
}

void run_store_verify(ByteView data) {
  pki::TrustStore store;
  add_to_store(store, data);
  chip::ChipFiles files;
  files.sod = Bytes(std::begin(k_sod), std::end(k_sod));
  files.dgs.emplace(1, Bytes(std::begin(k_dg1), std::end(k_dg1)));
  const chip::Report report = run_verify(files, store);
  MRTD_FUZZ_ASSERT(report.verdict.outcome != Outcome::error);
  if (store.certificate_count() == 0) {
    MRTD_FUZZ_ASSERT(report.verdict.outcome != Outcome::valid);
  }
  if (report.verdict.outcome == Outcome::valid) {
    // A CSCA from the store was reported as the anchor.
    bool anchored = false;
    for (const auto& certificate : report.certificates) {
      anchored = anchored || (certificate.role == "csca" && certificate.source == "fuzz");
    }
    MRTD_FUZZ_ASSERT(anchored);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const auto mode = static_cast<Mode>(bytes[0] % k_modes);
  const ByteView data(bytes + 1, size - 1);
  using Kind = chip::FileId::Kind;
  switch (mode) {
  case parse_sod:
    run_parse_sod(data);
    break;
  case verify:
    run_verify_mode(data);
    break;
  case dump_com:
    run_dump(data, chip::FileId{Kind::com, 0});
    break;
  case dump_sod:
    run_dump(data, chip::FileId{Kind::sod, 0});
    break;
  case dump_dg1:
    run_dump(data, chip::FileId{Kind::dg, 1});
    break;
  case dump_dg2:
    run_dump(data, chip::FileId{Kind::dg, 2});
    break;
  case dump_dg11:
    run_dump(data, chip::FileId{Kind::dg, 11});
    break;
  case dump_dg12:
    run_dump(data, chip::FileId{Kind::dg, 12});
    break;
  case dump_dg14:
    run_dump(data, chip::FileId{Kind::dg, 14});
    break;
  case dump_dg15:
    run_dump(data, chip::FileId{Kind::dg, 15});
    break;
  case dump_dg13:
    run_dump(data, chip::FileId{Kind::dg, 13});
    break;
  case lds:
    run_lds(data);
    break;
  case trust_store:
    run_trust_store(data);
    break;
  case active_auth:
    run_active_auth(data);
    break;
  case store_verify:
    run_store_verify(data);
    break;
  case k_modes:
    break;
  }
  return 0;
}
