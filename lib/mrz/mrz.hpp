#pragma once

#include "core/date.hpp"
#include "core/verdict.hpp"
#include "mrz/format.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::mrz {

/// A date field as printed (YYMMDD, `<` for unknown parts of a birth date) and, when the
/// day is fully known and real, as ISO 8601 with the century resolved against the
/// reference date (birth: latest date not after it; expiry: nearest to it).
struct DateValue {
  std::string raw;
  std::optional<std::string> iso;
};

/// How a TD1/TD2 document number longer than nine characters had its check digit computed
/// (Doc 9303-5 §4.2.2 note j): over the number alone, or including the filler at position 15.
enum class LongNumberPolicy { none, filler_excluded, filler_included, either };

const char* to_string(LongNumberPolicy policy) noexcept;

/// One OCR-confusion repair applied by --repair (1-based line and column).
struct Repair {
  int line = 0;
  int column = 0;
  char original = '<';
  char repaired = '<';
  std::string field; ///< e.g. `document_number`
};

/// The fields of an MRZ, as read. Strings keep the MRZ alphabet; `<` inside names becomes a
/// space, trailing fillers of numbers and optional data are stripped (inner fillers kept:
/// they are data, e.g. for BAC key derivation).
struct Mrz {
  Format format = Format::td3;
  std::vector<std::string> lines; ///< the lines examined (after normalisation and repair)
  std::string document_code;      ///< trailing filler stripped: `P`, `ID`, `V`
  std::string issuing_state;      ///< as printed, 3 characters (`D<<`)
  std::string nationality;        ///< as printed, 3 characters; empty for FRA-ID
  std::string document_number;    ///< the full number, long numbers joined
  bool long_document_number = false;
  LongNumberPolicy long_number_policy = LongNumberPolicy::none;
  std::string primary_identifier;       ///< components joined by spaces
  std::string secondary_identifier;     ///< components joined by spaces
  bool name_possibly_truncated = false; ///< the name field ends in a letter
  std::string sex;                      ///< `M`, `F`, `<` or as printed
  DateValue birth_date;
  DateValue expiry_date;       ///< raw empty for FRA-ID (it carries none)
  std::string personal_number; ///< TD3 (and MRV-A/B optional data)
  std::string optional_data_1; ///< TD1 line 1 / TD2 line 2 (after any long-number overflow)
  std::string optional_data_2; ///< TD1 line 2
  bool specimen = false;       ///< issuing state UTO
  std::vector<Repair> repairs;
};

/// Inputs to check() beyond the text.
enum class Normalize { no, yes };
enum class RepairOcr { no, yes };
enum class RequireUnexpired { no, yes };

struct CheckOptions {
  std::optional<Format> format_hint;   ///< force a format instead of detecting it
  CivilDate reference_date;            ///< "today" for century resolution and expiry
  Normalize normalize = Normalize::no; ///< fold lower case, drop spaces, « -> <
  RepairOcr repair = RepairOcr::no;
  RequireUnexpired require_unexpired = RequireUnexpired::no;
};

/// Upper bound on the input of one record, in bytes; longer input is limit_exceeded.
inline constexpr std::size_t k_max_input = 4096;

/// What check() produces: the verdict and, unless the input could not be read as an MRZ
/// at all, the fields.
struct Report {
  Verdict verdict;
  std::optional<Mrz> mrz;
};

/// The statuses of every check without messages or field data: the same rules, in the same
/// code, as check(), for bulk screening. Allocation-free for well-formed input.
struct Screening {
  Outcome outcome = Outcome::error;
  std::optional<Format> format;   ///< unset when the input is not an MRZ
  std::optional<ErrorCode> error; ///< set iff outcome == error
  std::array<Status, static_cast<std::size_t>(CheckId::count_)> statuses{}; ///< by CheckId
};

/// As check(), returning statuses only (no messages, no field data).
Screening screen(std::string_view text, const CheckOptions& options);

/// Examines one MRZ. `text` holds its lines separated by `\n` (`\r\n` accepted), or all
/// lines run together; one trailing line break is fine. Never throws on bad input: text
/// that is not an MRZ (wrong shape, lower case or spaces without Normalize::yes, control
/// characters, over k_max_input) gives an error verdict; rule violations give failed checks.
Report check(std::string_view text, const CheckOptions& options);

/// As check(), reusing the storage of `previous` (a report this function returned before) —
/// for batch loops: the check list's capacity is kept instead of allocated again per record.
Report check(std::string_view text, const CheckOptions& options, Report&& previous);

} // namespace mrtd::mrz
