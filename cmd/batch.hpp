#pragma once

// The NDJSON batch input shared by `chip verify --batch` and `examine --batch`: one record per
// line, a bare path or `{"path": ..., "id": ..., "mrz": ...}`; lines are length-capped.

#include "core/result.hpp"

#include <cstddef>
#include <istream>
#include <optional>
#include <string>

namespace mrtd::cmd {

/// Longest batch line kept; longer lines become an error record and are never held whole.
inline constexpr std::size_t k_max_line = 64 * 1024;

/// One batch record.
struct Record {
  std::string path;
  std::optional<std::string> id;  ///< echoed in the verdict's input.id (else the ordinal)
  std::optional<std::string> mrz; ///< the printed MRZ, when the record carries it
};

/// Parses one line (`ordinal` counts from 1, for messages). Errors: malformed (JSON that is not
/// an object with a string "path").
Result<Record> parse_record(const std::string& line, long ordinal);

/// Reads one line of at most k_max_line bytes (a trailing CR dropped); `overlong` says whether
/// bytes were dropped. False at the end of the input.
bool read_line(std::istream& in, std::string& line, bool& overlong);

} // namespace mrtd::cmd
