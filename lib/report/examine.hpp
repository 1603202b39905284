#pragma once

#include "examine/examine.hpp"
#include "report/report.hpp"

#include <string>

namespace mrtd::report {

/// The one JSON serialisation of an `examine` verdict (schemas/verdict.schema.json, data per
/// schemas/examine.schema.json): the combined verdict, then each source's own verdict as its
/// command prints it (`mrz check`, `chip verify`, `seal verify`). No trailing newline.
std::string to_json(const Envelope& envelope, const examine::Report& report, Layout layout);

/// The human rendering: the combined verdict (failures first), what each item was, the key
/// data of the document, then each source's own table of checks.
std::string to_text(const Envelope& envelope, const examine::Report& report,
                    const TextOptions& options);

std::string to_summary_line(const Envelope& envelope, const examine::Report& report,
                            const TextOptions& options);

} // namespace mrtd::report
