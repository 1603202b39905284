#pragma once

#include "core/verdict.hpp"
#include "mrz/mrz.hpp"

#include <optional>
#include <string>

namespace mrtd::report {

/// Who produced a verdict and from what; the envelope's fields in JSON. Nothing that varies
/// between runs (time, absolute paths) goes in unless the caller puts it there.
struct Envelope {
  std::string command;               ///< e.g. `mrz check`
  std::optional<std::string> source; ///< the input as the user named it (`-`, a path, `argument 1`)
  std::optional<std::string> sha256; ///< of the input bytes, lower-case hex
  std::optional<std::string> id;     ///< a batch record's own id, echoed
};

enum class Layout { pretty, line };

/// The version of the JSON envelope; bumped on incompatible changes.
inline constexpr int k_schema_version = 1;

/// The one JSON serialisation of an MRZ verdict, written in one pass (report/json_writer.hpp)
/// (schemas/verdict.schema.json, data per schemas/mrz.schema.json). `line` gives one line for
/// NDJSON. No trailing newline.
std::string to_json(const Envelope& envelope, const mrz::Report& report, Layout layout);

/// As to_json(), appending to `out` (the batch path reuses one buffer).
void append_json(std::string& out, const Envelope& envelope, const mrz::Report& report,
                 Layout layout);

/// One line summing the verdict up (lib/core/verdict.hpp).
using mrtd::summary;

enum class Colour { no, yes };

struct TextOptions {
  Colour colour = Colour::no;
  bool verbose = false; ///< each check's evidence (expected, found) under its line
};

/// The human rendering of the same verdict: a header with the verdict, an aligned table of
/// checks (failures first) and the key data. Ends with a newline.
std::string to_text(const Envelope& envelope, const mrz::Report& report,
                    const TextOptions& options);

/// One line per verdict for batches and demos: the verdict, the source and the summary.
/// Ends with a newline.
std::string to_summary_line(const Envelope& envelope, const mrz::Report& report,
                            const TextOptions& options);

} // namespace mrtd::report
