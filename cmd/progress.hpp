#pragma once

// The progress line of batch commands: records done, their rate and, when the input's size is
// known, the share read and the time left. Written to stderr only when stderr is a terminal
// (never into pipelines or logs), at most ten times a second and once at the end with the
// final count, then erased.

#include <chrono>
#include <cstdint>
#include <istream>
#include <string>

namespace mrtd::cmd {

/// The size of a batch input file, for the progress line's share and ETA (0: unknown or `-`).
std::uintmax_t input_size(const std::string& path);

class Progress {
public:
  /// `input` is the stream records are read from; `total_bytes` its size when it is a file
  /// (0: unknown, e.g. stdin). Enabled only when stderr is a terminal.
  Progress(const std::istream* input, std::uintmax_t total_bytes);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Counts `records` more and redraws when due.
  void advance(std::size_t records = 1);

  /// The line as it would be drawn now: `[########............] 1,234 records  567/s  41%  ETA
  /// 0:12` (the bar, share and ETA only when the input's size is known).
  static std::string line(std::uintmax_t records, double seconds, std::uintmax_t bytes_read,
                          std::uintmax_t total_bytes);

private:
  void draw();

  bool m_enabled = false;
  std::istream* m_input = nullptr;
  std::uintmax_t m_total = 0;
  std::uintmax_t m_records = 0;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last;
  bool m_drawn = false;
};

} // namespace mrtd::cmd
