#pragma once

// Internal stages of mrz::check(): prepare the text, repair OCR confusions, validate.

#include "core/result.hpp"
#include "core/verdict.hpp"
#include "mrz/mrz.hpp"

#include <string>
#include <vector>

namespace mrtd::mrz::detail {

/// Text split into lines and a format chosen.
struct Prepared {
  std::vector<std::string> lines; ///< exactly shape(format).lines lines
  Format format = Format::td3;
  bool shape_ok = true;     ///< false when a hinted format did not match the input's shape
  std::string shape_found;  ///< e.g. "2 lines of 43, 44 characters"
};

/// Screens characters, normalises if asked, splits lines and detects (or applies) the format.
Result<Prepared> prepare(std::string_view text, const CheckOptions& options);

/// The format a well-shaped MRZ has, told by shape and document code; nullopt if none fits.
std::optional<Format> detect_format(const std::vector<std::string>& lines) noexcept;

/// --repair: fixes OCR confusions in check-digit-covered fields when, and only when, the
/// covering check digits then verify. Modifies `lines`; returns what it changed.
std::vector<Repair> repair_ocr(std::vector<std::string>& lines, Format format);

/// Runs every field rule and check digit, appending checks in the fixed order and filling
/// the fields of `mrz` (whose lines and format are set).
void validate(const Prepared& prepared, const CheckOptions& options, Verdict& verdict, Mrz& mrz);

/// Appends the name checks (characters, structure, truncation) and fills the name fields.
void check_name(const std::vector<std::string>& lines, Format format, Verdict& verdict, Mrz& mrz);

} // namespace mrtd::mrz::detail
