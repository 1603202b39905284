#include "io.hpp"

#include <openssl/evp.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace mrtd::cmd {

namespace {

// Closes a file descriptor when it goes out of scope.
struct Descriptor {
  int fd;
  explicit Descriptor(int f) : fd(f) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() { ::close(fd); }
};

// The error of an open() of `path` that failed with `error`.
Error open_error(int error, const std::string& path) {
  const bool missing = error == ENOENT || error == ENOTDIR;
  return make_error(ErrorCode::unreadable, "cannot read '" + path + "': " +
                                               (missing ? "no such file" : std::strerror(error)));
}

// Reads the open file `fd` whole (its fstat, then reads); `path_of()` names it in messages
// (only built for one).
template <typename PathOf>
Result<std::string> read_fd(int fd, const PathOf& path_of, std::size_t limit) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    return make_error(ErrorCode::unreadable,
                      "cannot read '" + path_of() + "': " + std::strerror(error));
  }
  if (S_ISDIR(info.st_mode)) {
    return make_error(ErrorCode::unreadable, "cannot read '" + path_of() + "': it is a folder");
  }
  auto too_big = [&] {
    std::string message = "'";
    message += path_of();
    message += "' exceeds the " + std::to_string(limit) + "-byte limit";
    return make_error(ErrorCode::limit_exceeded, std::move(message));
  };
  std::string data;
  // A regular file is read once the bytes read reach its fstat size, with no further read to
  // find the end (batches read thousands of small files); other files until read() says 0.
  std::size_t expected = std::string::npos;
  if (S_ISREG(info.st_mode)) {
    const auto size = static_cast<std::uintmax_t>(info.st_size);
    if (size > limit) {
      return too_big(); // never read
    }
    expected = static_cast<std::size_t>(size);
  }
  std::size_t chunk = expected == std::string::npos ? 65536 : expected + 1; // + 1: growth shows
  while (true) {
    const std::size_t used = data.size();
    data.resize(used + chunk);
    const ssize_t got = ::read(fd, data.data() + used, chunk);
    if (got < 0) {
      const int error = errno;
      data.resize(used);
      if (error == EINTR) {
        continue;
      }
      return make_error(ErrorCode::unreadable,
                        "cannot read '" + path_of() + "': " + std::strerror(error));
    }
    data.resize(used + static_cast<std::size_t>(got));
    if (got == 0 || data.size() == expected) {
      return data;
    }
    if (data.size() > limit) {
      return too_big();
    }
    chunk = 65536;
  }
}

} // namespace

Result<std::string> read_input(const std::string& path, std::size_t limit) {
  if (path == "-") {
    std::string data;
    char buffer[65536];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
      data.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
      if (data.size() > limit) {
        return make_error(ErrorCode::limit_exceeded, "standard input exceeds the " +
                                                         std::to_string(limit) + "-byte limit");
      }
    }
    return data;
  }
  // open + fstat + read: batches read thousands of small files, and a stream per file (with
  // a stat beforehand) cost more than examining them.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return open_error(errno, path);
  }
  const Descriptor owner(fd);
  return read_fd(fd, [&] { return path; }, limit);
}

Result<std::optional<Folder>> Folder::open(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    const int error = errno;
    if (error == ENOTDIR || error == ENOENT) {
      return std::optional<Folder>(); // not a folder: the caller reads it as a file
    }
    return make_error(ErrorCode::unreadable,
                      "cannot list '" + path + "': " + std::strerror(error));
  }
  Folder folder(dir, path);
  while (true) {
    errno = 0; // readdir's end and its failure differ by errno only
    const dirent* entry = ::readdir(dir);
    if (entry == nullptr) {
      if (const int error = errno; error != 0) {
        return make_error(ErrorCode::unreadable,
                          "cannot list '" + path + "': " + std::strerror(error));
      }
      break;
    }
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") {
      continue;
    }
    bool regular = entry->d_type == DT_REG;
    if (entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK) { // links followed
      struct stat info {};
      regular = ::fstatat(::dirfd(dir), entry->d_name, &info, 0) == 0 && S_ISREG(info.st_mode);
    }
    if (regular) {
      folder.files_.emplace_back(name);
    }
  }
  std::sort(folder.files_.begin(), folder.files_.end());
  return std::optional<Folder>(std::move(folder));
}

std::string Folder::path_of(const std::string& name) const {
  // As std::filesystem::path's operator/ joins a folder and a file name, without its parsing.
  if (path_.empty()) {
    return name;
  }
  return path_.back() == '/' ? path_ + name : path_ + '/' + name;
}

Result<std::string> Folder::read(const std::string& name, std::size_t limit) const {
  const int fd = ::openat(::dirfd(dir_.get()), name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return open_error(errno, path_of(name));
  }
  const Descriptor owner(fd);
  return read_fd(fd, [&] { return path_of(name); }, limit);
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
