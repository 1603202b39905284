#pragma once

#include "chip/dump.hpp"
#include "core/result.hpp"
#include "report/report.hpp"

#include <string>

namespace mrtd::report {

/// The one JSON serialisation of a `chip dump` (schemas/chip-dump.schema.json): the envelope
/// keys (schema_version, tool, tool_version, command, input), then `files`. Images are
/// reported by format, size and SHA-256, never embedded. No trailing newline.
std::string to_json(const Envelope& envelope, const chip::Dump& dump, Layout layout);

/// The same document for input that could not be dumped: `error` set, `files` empty.
std::string dump_error_json(const Envelope& envelope, const Error& error, Layout layout);

/// A human rendering of the same dump: one block per file. Ends with a newline.
std::string to_text(const chip::Dump& dump);

} // namespace mrtd::report
