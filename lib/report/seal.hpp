#pragma once

#include "barcode/scan.hpp"
#include "report/report.hpp"
#include "seal/seal.hpp"

#include <string>

namespace mrtd::report {

/// The one JSON serialisation of a `seal verify` verdict (schemas/verdict.schema.json, data per
/// schemas/seal.schema.json). No trailing newline.
std::string to_json(const Envelope& envelope, const seal::Report& report, Layout layout);
std::string to_text(const Envelope& envelope, const seal::Report& report, const TextOptions& options);
std::string to_summary_line(const Envelope& envelope, const seal::Report& report,
                            const TextOptions& options);

/// The same for a `barcode read` result (data per schemas/barcode.schema.json).
std::string to_json(const Envelope& envelope, const barcode::ScanReport& report, Layout layout);
std::string to_text(const Envelope& envelope, const barcode::ScanReport& report,
                    const TextOptions& options);
std::string to_summary_line(const Envelope& envelope, const barcode::ScanReport& report,
                            const TextOptions& options);

} // namespace mrtd::report
