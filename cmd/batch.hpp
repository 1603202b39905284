#pragma once

// The NDJSON batch input shared by `chip verify --batch` and `examine --batch`: one record per
// line, a bare path or `{"path": ..., "id": ..., "mrz": ...}`; lines are length-capped.

#include "core/result.hpp"

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

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

/// Hands each batch input to `process(stream, source)`: the named files, standard input for
/// `-` or when none is named. An input that cannot be opened, or is a folder, goes to
/// `unreadable(path)` instead.
void for_each_batch_input(const std::vector<std::string>& paths,
                          const std::function<void(std::istream&, const std::string&)>& process,
                          const std::function<void(const std::string&)>& unreadable);

/// The message of a batch that held no record at all: an input error, never a silent pass.
inline constexpr const char* k_empty_batch = "no records in the batch input";

/// Reads lines of at most k_max_line bytes from a stream, a block at a time (batch inputs run
/// to millions of lines; a character at a time through the stream costs more than examining
/// an MRZ). A trailing CR is dropped.
class LineReader {
public:
  explicit LineReader(std::istream& in) : m_in(*in.rdbuf()) {}
  /// The next line without its line feed; `overlong` says whether bytes past k_max_line were
  /// dropped. False at the end of the input.
  bool next(std::string& line, bool& overlong);

private:
  std::streambuf& m_in;
  std::vector<char> m_block;
  std::size_t m_pos = 0;
  std::size_t m_end = 0;
};

} // namespace mrtd::cmd
