// libFuzzer target for the MRZ engine: mrz::check() under several option sets, and the JSON
// serialisation of each report (report::to_json, line layout). Invariants are checked with
// __builtin_trap() so that a violation is a crash libFuzzer records and minimises.
//
// Built with -DMRTD_FUZZ=ON and clang (tests/fuzz/run.sh).

#include "fuzz_assert.hpp"

#include "core/check_registry.hpp"
#include "core/verdict.hpp"
#include "mrz/format.hpp"
#include "mrz/mrz.hpp"
#include "report/report.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using mrtd::CheckId;
using mrtd::Outcome;
using mrtd::Status;
namespace mrz = mrtd::mrz;

// A byte that prepare() rejects unless Normalize::yes (or rejects always): lower case, space,
// tab and other control characters except the line break, non-ASCII (which includes the
// UTF-8 of '«'). A CR is fine only before a LF or at the very end.
bool rejected_without_normalize(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      continue;
    }
    if (byte == '\r') {
      if (i + 1 == text.size() || text[i + 1] == '\n') {
        continue;
      }
      return true;
    }
    if (byte < 0x20 || byte == 0x7F || byte >= 0x80 || byte == ' ' ||
        (byte >= 'a' && byte <= 'z')) {
      return true;
    }
  }
  return false;
}

// Invariants of one report, true whatever the input.
void check_report(std::string_view text, const mrz::CheckOptions& options,
                  const mrz::Report& report) {
  const mrtd::Verdict& verdict = report.verdict;

  // An error verdict iff there is no MRZ data; an Error iff the outcome is error.
  MRTD_FUZZ_ASSERT((verdict.outcome == Outcome::error) == !report.mrz.has_value());
  MRTD_FUZZ_ASSERT((verdict.outcome == Outcome::error) == verdict.error.has_value());
  MRTD_FUZZ_ASSERT(verdict.outcome == mrtd::compute_outcome(verdict));
  if (verdict.error) {
    MRTD_FUZZ_ASSERT(verdict.checks.empty());
    MRTD_FUZZ_ASSERT(!verdict.error->message.empty());
    MRTD_FUZZ_ASSERT(verdict.error->offset >= -1);
    MRTD_FUZZ_ASSERT(verdict.error->offset < static_cast<std::ptrdiff_t>(text.size()));
  }
  if (text.size() > mrz::k_max_input) {
    MRTD_FUZZ_ASSERT(verdict.error && verdict.error->code == mrtd::ErrorCode::limit_exceeded);
  }
  if (options.normalize == mrz::Normalize::no && rejected_without_normalize(text)) {
    MRTD_FUZZ_ASSERT(verdict.outcome == Outcome::error);
  }

  // Every check id from the registry, at most once; a message wherever one is required.
  std::array<int, static_cast<std::size_t>(CheckId::count_)> seen{};
  for (const auto& check : verdict.checks) {
    const auto index = static_cast<std::size_t>(check.id);
    MRTD_FUZZ_ASSERT(index < mrtd::k_mrz_check_count);
    MRTD_FUZZ_ASSERT(++seen[index] == 1);
    MRTD_FUZZ_ASSERT(check.status == Status::pass || !check.message.empty());
    MRTD_FUZZ_ASSERT(mrtd::find_check(mrtd::check_name(check.id)) == check.id);
  }
  if (!report.mrz) {
    return;
  }

  // A report with data runs every check of the registry (skips included: never left out).
  MRTD_FUZZ_ASSERT(verdict.checks.size() == mrtd::k_mrz_check_count);

  const mrz::Mrz& m = *report.mrz;
  const mrz::Shape shape = mrz::shape(m.format);
  MRTD_FUZZ_ASSERT(m.lines.size() == static_cast<std::size_t>(shape.lines));
  for (const auto& line : m.lines) {
    MRTD_FUZZ_ASSERT(line.size() == static_cast<std::size_t>(shape.length));
  }
  if (options.format_hint) {
    MRTD_FUZZ_ASSERT(m.format == *options.format_hint);
  }
  // A shape that does not fit the hinted format fails the line-length check.
  const mrtd::Check* length = verdict.find(CheckId::mrz_structure_line_length);
  MRTD_FUZZ_ASSERT(length != nullptr);
  if (length->status == Status::fail) {
    MRTD_FUZZ_ASSERT(options.format_hint.has_value());
    MRTD_FUZZ_ASSERT(verdict.outcome == Outcome::invalid);
    MRTD_FUZZ_ASSERT(m.repairs.empty());
  }
  if (options.repair == mrz::RepairOcr::no) {
    MRTD_FUZZ_ASSERT(m.repairs.empty());
  }
  for (const auto& repair : m.repairs) {
    MRTD_FUZZ_ASSERT(repair.line >= 1 && repair.line <= shape.lines);
    MRTD_FUZZ_ASSERT(repair.column >= 1 && repair.column <= shape.length);
    MRTD_FUZZ_ASSERT(repair.original != repair.repaired);
    MRTD_FUZZ_ASSERT(m.lines[static_cast<std::size_t>(repair.line - 1)]
                            [static_cast<std::size_t>(repair.column - 1)] == repair.repaired);
    MRTD_FUZZ_ASSERT(!repair.field.empty());
  }
  const mrtd::Check* repair = verdict.find(CheckId::mrz_repair);
  MRTD_FUZZ_ASSERT(repair != nullptr);
  MRTD_FUZZ_ASSERT((repair->status == Status::warn) == !m.repairs.empty());
  if (m.long_document_number) {
    MRTD_FUZZ_ASSERT(m.format == mrz::Format::td1 || m.format == mrz::Format::td2);
  }
  if (m.long_number_policy != mrz::LongNumberPolicy::none) {
    MRTD_FUZZ_ASSERT(m.long_document_number);
  }
}

enum class ParseBack { no, yes };

// The report serialises to one JSON line that (when parsed back: the slow part, so not for
// every report) says what the report says.
void check_json(const mrz::Report& report, ParseBack parse_back) {
  const mrtd::report::Envelope envelope{"mrz check", "-", std::nullopt, "fuzz"};
  const std::string line = mrtd::report::to_json(envelope, report, mrtd::report::Layout::line);
  MRTD_FUZZ_ASSERT(!line.empty() && line.front() == '{' && line.back() == '}');
  MRTD_FUZZ_ASSERT(line.find('\n') == std::string::npos);
  if (parse_back == ParseBack::no) {
    return;
  }
  const auto j = nlohmann::ordered_json::parse(line, nullptr, false);
  MRTD_FUZZ_ASSERT(!j.is_discarded() && j.is_object());
  MRTD_FUZZ_ASSERT(j.begin().key() == "schema_version");
  MRTD_FUZZ_ASSERT(j.value("schema_version", -1) == mrtd::report::k_schema_version);
  MRTD_FUZZ_ASSERT(j.value("verdict", std::string()) == mrtd::to_string(report.verdict.outcome));
  MRTD_FUZZ_ASSERT(j.contains("checks") && j["checks"].is_array());
  MRTD_FUZZ_ASSERT(j["checks"].size() == report.verdict.checks.size());
  for (std::size_t i = 0; i < report.verdict.checks.size(); ++i) {
    const auto& check = j["checks"][i];
    MRTD_FUZZ_ASSERT(check.value("id", std::string()) ==
                     mrtd::check_name(report.verdict.checks[i].id));
    MRTD_FUZZ_ASSERT(check.value("status", std::string()) ==
                     mrtd::to_string(report.verdict.checks[i].status));
  }
  MRTD_FUZZ_ASSERT(j.contains("data"));
  MRTD_FUZZ_ASSERT(j["data"].is_null() == !report.mrz.has_value());
  MRTD_FUZZ_ASSERT(j.contains("error") == report.verdict.error.has_value());
}

// screen() runs the same rules as check() without the text: same outcome, format, error
// code and the status of every check.
void check_screening(std::string_view text, const mrz::CheckOptions& options,
                     const mrz::Report& report) {
  const mrz::Screening screening = mrz::screen(text, options);
  MRTD_FUZZ_ASSERT(screening.outcome == report.verdict.outcome);
  MRTD_FUZZ_ASSERT(screening.error.has_value() == report.verdict.error.has_value());
  if (report.verdict.error) {
    MRTD_FUZZ_ASSERT(*screening.error == report.verdict.error->code);
    MRTD_FUZZ_ASSERT(!screening.format.has_value());
    return;
  }
  MRTD_FUZZ_ASSERT(screening.format.has_value() && *screening.format == report.mrz->format);
  for (const auto& check : report.verdict.checks) {
    MRTD_FUZZ_ASSERT(screening.statuses[static_cast<std::size_t>(check.id)] == check.status);
  }
}

mrz::Report run(std::string_view text, const mrz::CheckOptions& options) {
  mrz::Report report = mrz::check(text, options);
  check_report(text, options, report);
  check_screening(text, options, report);
  return report;
}

// A reference date drawn from the input: any day the CLI's --at accepts (years 0001-9999).
mrtd::CivilDate reference_from(std::string_view text) {
  std::uint32_t h = 2166136261u;
  for (char c : text) {
    h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  }
  return mrtd::CivilDate{1 + static_cast<int>(h % 9999), 1 + static_cast<int>((h >> 14) % 12),
                         1 + static_cast<int>((h >> 18) % 28)};
}

// Reports that would serialise to the same JSON (cheaper than comparing to_json output).
bool same(const mrz::Report& a, const mrz::Report& b) {
  const auto& x = a.verdict;
  const auto& y = b.verdict;
  if (x.outcome != y.outcome || x.checks.size() != y.checks.size() ||
      x.error.has_value() != y.error.has_value() || a.mrz.has_value() != b.mrz.has_value()) {
    return false;
  }
  if (x.error && (x.error->code != y.error->code || x.error->message != y.error->message ||
                  x.error->offset != y.error->offset)) {
    return false;
  }
  for (std::size_t i = 0; i < x.checks.size(); ++i) {
    const auto& c = x.checks[i];
    const auto& d = y.checks[i];
    if (c.id != d.id || c.status != d.status || c.message != d.message ||
        c.expected != d.expected || c.found != d.found) {
      return false;
    }
  }
  if (a.mrz) {
    const auto& m = *a.mrz;
    const auto& n = *b.mrz;
    if (m.format != n.format || m.lines != n.lines || m.document_number != n.document_number ||
        m.primary_identifier != n.primary_identifier ||
        m.secondary_identifier != n.secondary_identifier || m.birth_date.raw != n.birth_date.raw ||
        m.birth_date.iso != n.birth_date.iso || m.expiry_date.iso != n.expiry_date.iso ||
        m.personal_number != n.personal_number || m.optional_data_1 != n.optional_data_1 ||
        m.optional_data_2 != n.optional_data_2 || m.repairs.size() != n.repairs.size()) {
      return false;
    }
  }
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  mrz::CheckOptions plain;
  plain.reference_date = mrtd::CivilDate{2026, 1, 1};

  // 1. Defaults: detected format, no normalisation, no repair.
  const mrz::Report base = run(text, plain);
  check_json(base, ParseBack::yes);
  // Deterministic: the same input gives the same report.
  MRTD_FUZZ_ASSERT(same(run(text, plain), base));

  // 2. Normalize::yes changes nothing for input that was readable without it.
  mrz::CheckOptions normalize = plain;
  normalize.normalize = mrz::Normalize::yes;
  const mrz::Report normalized = run(text, normalize);
  if (base.verdict.outcome != Outcome::error) {
    MRTD_FUZZ_ASSERT(same(normalized, base));
  } else {
    check_json(normalized, ParseBack::no);
  }

  // 3. Repair, with and without normalisation: prepare() does not depend on it, so the error
  //    verdicts coincide, and a repaired MRZ differs from the original exactly where reported.
  for (const auto* options : {&plain, &normalize}) {
    mrz::CheckOptions repair = *options;
    repair.repair = mrz::RepairOcr::yes;
    const mrz::Report repaired = run(text, repair);
    if (!repaired.mrz || !repaired.mrz->repairs.empty() || options == &plain) {
      check_json(repaired, ParseBack::no);
    }
    const mrz::Report& unrepaired = options == &plain ? base : normalized;
    MRTD_FUZZ_ASSERT((repaired.verdict.outcome == Outcome::error) ==
                     (unrepaired.verdict.outcome == Outcome::error));
    if (repaired.mrz && unrepaired.mrz) {
      const auto& a = unrepaired.mrz->lines;
      const auto& b = repaired.mrz->lines;
      MRTD_FUZZ_ASSERT(a.size() == b.size());
      std::size_t differences = 0;
      for (std::size_t l = 0; l < a.size(); ++l) {
        MRTD_FUZZ_ASSERT(a[l].size() == b[l].size());
        for (std::size_t c = 0; c < a[l].size(); ++c) {
          differences += a[l][c] != b[l][c];
        }
      }
      MRTD_FUZZ_ASSERT(differences == repaired.mrz->repairs.size());
      for (const auto& r : repaired.mrz->repairs) {
        MRTD_FUZZ_ASSERT(
            a[static_cast<std::size_t>(r.line - 1)][static_cast<std::size_t>(r.column - 1)] ==
            r.original);
      }
    }
  }

  // 4. Every format hint (normalised, repaired, expiry required), against a reference date
  //    taken from the input so that century resolution sees the whole range of --at. Only
  //    one hint per input (chosen by its hash) is serialised: to_json is the slow part.
  const std::uint32_t serialised = static_cast<std::uint32_t>(reference_from(text).day) % 6;
  std::uint32_t index = 0;
  for (const mrz::Format format : {mrz::Format::td1, mrz::Format::td2, mrz::Format::td3,
                                   mrz::Format::mrv_a, mrz::Format::mrv_b, mrz::Format::fra_id}) {
    mrz::CheckOptions hinted;
    hinted.format_hint = format;
    hinted.reference_date = reference_from(text);
    hinted.normalize = mrz::Normalize::yes;
    hinted.repair = mrz::RepairOcr::yes;
    hinted.require_unexpired = mrz::RequireUnexpired::yes;
    const mrz::Report report = run(text, hinted);
    if (index++ == serialised) {
      check_json(report, ParseBack::yes);
    }
    // A hint only lifts the shape requirement: input unreadable with it is unreadable
    // without it too.
    if (report.verdict.outcome == Outcome::error) {
      MRTD_FUZZ_ASSERT(normalized.verdict.outcome == Outcome::error);
    }
  }
  return 0;
}
