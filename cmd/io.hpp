#pragma once

#include "core/date.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>
#include <vector>
#include <string>

namespace mrtd::cmd {

/// Reads a whole file (`-` = standard input), refusing more than `limit` bytes. Errors name
/// the path: missing file, a folder, unreadable, too large.
Result<std::string> read_input(const std::string& path, std::size_t limit);

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
