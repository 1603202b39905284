#include "io.hpp"

#include <openssl/evp.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace mrtd::cmd {

Result<std::string> read_input(const std::string& path, std::size_t limit) {
  std::string data;
  auto read_all = [&](std::istream& in) -> bool {
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      data.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (data.size() > limit) {
        return false;
      }
    }
    return true;
  };
  if (path == "-") {
    if (!read_all(std::cin)) {
      return make_error(ErrorCode::limit_exceeded,
                        "standard input exceeds the " + std::to_string(limit) + "-byte limit");
    }
    return data;
  }
  // open + fstat + read: batches read thousands of small files, and a stream per file (with
  // a stat beforehand) cost more than examining them.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) {
      return make_error(ErrorCode::malformed, "cannot read '" + path + "': no such file");
    }
    return make_error(ErrorCode::malformed, "cannot read '" + path + "': " + std::strerror(error));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    return make_error(ErrorCode::malformed, "cannot read '" + path + "': " + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) {
    return make_error(ErrorCode::malformed, "cannot read '" + path + "': it is a folder");
  }
  auto too_big = [&] {
    return make_error(ErrorCode::limit_exceeded,
                      "'" + path + "' exceeds the " + std::to_string(limit) + "-byte limit");
  };
  if (S_ISREG(info.st_mode)) {
    const auto size = static_cast<std::uintmax_t>(info.st_size);
    if (size > limit) {
      return too_big(); // never read
    }
    data.reserve(static_cast<std::size_t>(size) + 1); // + 1: the read that finds the end
  }
  char buffer[65536];
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      return make_error(ErrorCode::malformed,
                        "cannot read '" + path + "': " + std::strerror(errno));
    }
    if (got == 0) {
      return data;
    }
    data.append(buffer, static_cast<std::size_t>(got));
    if (data.size() > limit) {
      return too_big();
    }
  }
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return {};
  }
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += k_hex[digest[i] >> 4];
    hex += k_hex[digest[i] & 15];
  }
  return hex;
}

CivilDate today_utc() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{now};
  return CivilDate{static_cast<int>(ymd.year()),
                   static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

UnixTime now_utc() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool is_tty(std::FILE* stream) {
  return ::isatty(::fileno(stream)) == 1;
}

std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  int high = -1;
  for (const char c : text) {
    int v = -1;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else if (c == ' ' || c == ':' || c == '\n' || c == '\r' || c == '\t') {
      continue;
    } else {
      return std::nullopt;
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high * 16 + v));
      high = -1;
    }
  }
  if (high >= 0) {
    return std::nullopt;
  }
  return out;
}

} // namespace mrtd::cmd
