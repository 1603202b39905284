#pragma once

// Renderers of `pki lint` verdicts. Plain data in, text out: no OpenSSL here (the certificate
// was decoded by lib/pki).

#include "pki/lint.hpp"
#include "report/report.hpp"

#include <string>

namespace mrtd::report {

/// The one JSON serialisation of a `pki lint` verdict (schemas/verdict.schema.json, data per
/// schemas/pki-lint.schema.json). `line` gives one line for NDJSON. No trailing newline.
std::string to_json(const Envelope& envelope, const pki::LintReport& report, Layout layout);

/// The human rendering of the same verdict: header, checks (failures first), key data. Ends
/// with a newline.
std::string to_text(const Envelope& envelope, const pki::LintReport& report,
                    const TextOptions& options);

/// One line per verdict: the verdict, the source and the summary. Ends with a newline.
std::string to_summary_line(const Envelope& envelope, const pki::LintReport& report,
                            const TextOptions& options);

} // namespace mrtd::report
