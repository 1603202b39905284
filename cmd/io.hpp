#pragma once

#include "core/date.hpp"
#include "core/result.hpp"

#include <dirent.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>
#include <string>

namespace mrtd::cmd {

/// Reads a whole file (`-` = standard input), refusing more than `limit` bytes. Errors name
/// the path: missing file, a folder, unreadable, too large.
Result<std::string> read_input(const std::string& path, std::size_t limit);

/// A folder opened once: its regular files (symbolic links followed) listed, sorted by name,
/// and read relative to it, with no path walk per file (batches read thousands of folders).
class Folder {
public:
  /// The folder at `path`; nullopt when `path` is no folder (a file, or nothing: the caller
  /// reads it as a file for its message); an error when it is one that cannot be listed.
  static Result<std::optional<Folder>> open(const std::string& path);

  const std::vector<std::string>& files() const { return files_; }
  /// `name` read whole as read_input() reads a path.
  Result<std::string> read(const std::string& name, std::size_t limit) const;
  /// The path of `name` in the folder, for messages.
  std::string path_of(const std::string& name) const;

private:
  struct Closer {
    void operator()(DIR* dir) const { ::closedir(dir); }
  };
  Folder(DIR* dir, std::string path) : dir_(dir), path_(std::move(path)) {}

  std::unique_ptr<DIR, Closer> dir_;
  std::string path_;
  std::vector<std::string> files_;
};

/// SHA-256 of `bytes` as lower-case hex (OpenSSL EVP).
std::string sha256_hex(std::string_view bytes);

/// Today's date in UTC: the CLI's default for --at. The only place mrtd reads the clock.
CivilDate today_utc();

/// Now, in seconds since the epoch: the default verification time (--at) of certificate checks.
/// With today_utc(), the only places mrtd reads the clock.
UnixTime now_utc();

/// Bytes from hex text (spaces, colons and newlines ignored); nullopt when not hex.
std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view text);

/// True when `stream` is a terminal (for colour and progress output).
bool is_tty(std::FILE* stream);

} // namespace mrtd::cmd
