#pragma once

#include "chip/chip.hpp"
#include "report/report.hpp"

#include <string>

namespace mrtd::report {

/// The one JSON serialisation of a `chip verify` verdict (schemas/verdict.schema.json, data per
/// schemas/chip.schema.json). No trailing newline.
std::string to_json(const Envelope& envelope, const chip::Report& report, Layout layout);

/// The human rendering of the same verdict (header, checks failures first, key data).
std::string to_text(const Envelope& envelope, const chip::Report& report,
                    const TextOptions& options);

/// One line per verdict: the verdict, the source and the summary.
std::string to_summary_line(const Envelope& envelope, const chip::Report& report,
                            const TextOptions& options);

} // namespace mrtd::report
