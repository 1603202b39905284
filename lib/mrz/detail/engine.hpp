#pragma once

// Internal stages of mrz::check() and mrz::screen(): prepare the text, repair OCR confusions,
// validate. The checks are written once, against a Sink: VerdictSink builds each check's
// message (a lambda, called only there), StatusSink records statuses only, allocation-free.

#include "core/result.hpp"
#include "core/verdict.hpp"
#include "mrz/detail/fields.hpp"
#include "mrz/detail/scan.hpp"
#include "mrz/mrz.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace mrtd::mrz::detail {

/// Text split into lines and a format chosen.
struct Prepared {
  Lines lines; ///< exactly shape(format).lines lines of shape(format).length
  Format format = Format::td3;
  bool shape_ok = true; ///< false when a hinted format did not match the input's shape
  static constexpr std::size_t k_max_raw_lines = 8;
  /// The input's own line lengths: the first min(raw_count, k_max_raw_lines) are set (the
  /// rest is left uninitialised, as screen() builds one Prepared per record).
  std::array<std::size_t, k_max_raw_lines> raw_lengths;
  std::size_t raw_count = 0;
};

/// The input's shape in words, e.g. "2 lines of 43, 44 characters".
std::string describe_shape(const Prepared& prepared);

/// Screens characters, normalises if asked, splits lines and detects (or applies) the format
/// into `prepared` (default-constructed by the caller); the error when the text is no MRZ.
/// An out-parameter rather than a Result<Prepared>: screen() runs this once per record, and
/// the struct is copied neither into nor out of a variant.
std::optional<Error> prepare(std::string_view text, const CheckOptions& options,
                             Prepared& prepared);

/// --repair: fixes OCR confusions in check-digit-covered fields when, and only when, the
/// covering check digits then verify. Modifies `lines`; returns what it changed.
std::vector<Repair> repair_ocr(Lines& lines, Format format);

/// What a check says beyond its status; built only when a full verdict is wanted.
struct Detail {
  std::string message;
  std::optional<std::string> expected;
  std::optional<std::string> found;
};

/// Collects full checks into a Verdict.
class VerdictSink {
public:
  explicit VerdictSink(Verdict& verdict) : m_verdict(verdict) {}
  template <typename Describe> void add(CheckId id, Status status, Describe&& describe) {
    Detail detail = describe();
    m_verdict.checks.push_back(Check{id, status, std::move(detail.message),
                                     std::move(detail.expected), std::move(detail.found)});
  }

private:
  Verdict& m_verdict;
};

/// Records statuses only (the describe lambdas are never called), straight into the caller's
/// array (screen() passes its result's, so nothing is copied afterwards).
class StatusSink {
public:
  using Statuses = std::array<Status, static_cast<std::size_t>(CheckId::count_)>;
  explicit StatusSink(Statuses& statuses) : m_statuses(statuses) {}
  template <typename Describe> void add(CheckId id, Status status, Describe&& /*describe*/) {
    m_statuses[static_cast<std::size_t>(id)] = status;
    m_seen |= 1U << static_cast<unsigned>(status); // one OR per check
  }
  bool any_fail() const noexcept {
    return (m_seen & (1U << static_cast<unsigned>(Status::fail))) != 0;
  }
  bool any_pass() const noexcept {
    return (m_seen & (1U << static_cast<unsigned>(Status::pass))) != 0;
  }

private:
  Statuses& m_statuses;
  unsigned m_seen = 0; ///< bit s set once a check reported Status s
};

/// Runs every field rule and check digit in the fixed order, reporting to `sink`, and fills
/// `mrz` (when not null) with the fields read. `repairs` are those repair_ocr() made.
template <typename Sink>
void validate(const Prepared& prepared, const CheckOptions& options,
              const std::vector<Repair>& repairs, Sink& sink, Mrz* mrz);

extern template void validate<VerdictSink>(const Prepared&, const CheckOptions&,
                                           const std::vector<Repair>&, VerdictSink&, Mrz*);
extern template void validate<StatusSink>(const Prepared&, const CheckOptions&,
                                          const std::vector<Repair>&, StatusSink&, Mrz*);

/// The name rules (validate_names.cpp): characters, structure and truncation of the name
/// field(s), reported to `sink`; fills the name fields of `mrz` when not null. `scan` is
/// scan_lines() of `lines`.
template <typename Sink>
void check_name(Sink& sink, const Lines& lines, const Scan& scan, Format format,
                const FieldMap& map, Mrz* mrz);

extern template void check_name<VerdictSink>(VerdictSink&, const Lines&, const Scan&, Format,
                                             const FieldMap&, Mrz*);
extern template void check_name<StatusSink>(StatusSink&, const Lines&, const Scan&, Format,
                                            const FieldMap&, Mrz*);

} // namespace mrtd::mrz::detail
