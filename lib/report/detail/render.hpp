#pragma once

// Internal: the pieces every command's renderers share, so that all verdicts have one envelope,
// one check list and one text layout.

#include "report/json_writer.hpp"
#include "pki/certificate.hpp"
#include "report/report.hpp"

#include <string>
#include <utility>
#include <vector>

namespace mrtd::report::detail {

/// Opens the verdict object and writes the envelope, verdict, summary, error and checks; the
/// caller writes `data` and closes the object.
void write_head(JsonWriter& w, const Envelope& envelope, const Verdict& verdict, Layout layout);

/// The MRZ fields (schemas/mrz.schema.json).
void write_mrz(JsonWriter& w, const mrz::Mrz& m);

/// One certificate of a verification (chip and seal verdicts).
void write_certificate(JsonWriter& w, const pki::CertificateSummary& cert);

/// `"key": value` or `"key": null`.
void optional_string(JsonWriter& w, std::string_view key, const std::optional<std::string>& value);

/// `"key": [strings...]`.
void write_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& items);

/// Key data rows of the text report (empty values are left out).
using Rows = std::vector<std::pair<std::string, std::string>>;

Rows mrz_rows(const mrz::Mrz& m);

/// The text report: header with the verdict, checks failures first, then `rows`.
std::string render_text(const Envelope& envelope, const Verdict& verdict, const Rows& rows,
                        const TextOptions& options);

/// One summary line for batches.
std::string render_summary_line(const Envelope& envelope, const Verdict& verdict,
                                const TextOptions& options);

} // namespace mrtd::report::detail
