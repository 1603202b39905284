#include "progress.hpp"

#include "io.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>

namespace mrtd::cmd {

namespace {

std::string grouped(std::uintmax_t n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return digits;
}

} // namespace

std::uintmax_t input_size(const std::string& path) {
  std::error_code ec;
  const auto size = path == "-" ? 0 : std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

Progress::Progress(const std::istream* input, std::uintmax_t total_bytes)
    : m_enabled(is_tty(stderr)), m_input(const_cast<std::istream*>(input)), m_total(total_bytes),
      m_start(std::chrono::steady_clock::now()), m_last(m_start) {}

Progress::~Progress() {
  if (m_enabled && m_records > 0) {
    draw(); // the final count, however short the run: then the line is erased
  }
  if (m_drawn) {
    std::fputs("\r\x1b[K", stderr); // erase the line: the verdicts are what remains
    std::fflush(stderr);
  }
}

void Progress::advance(std::size_t records) {
  m_records += records;
  if (!m_enabled) {
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - m_last >= std::chrono::milliseconds(100)) {
    m_last = now;
    draw();
  }
}

std::string Progress::line(std::uintmax_t records, double seconds, std::uintmax_t bytes_read,
                           std::uintmax_t total_bytes) {
  std::string text = grouped(records) + (records == 1 ? " record" : " records");
  if (seconds > 0) {
    text += "  " + grouped(static_cast<std::uintmax_t>(static_cast<double>(records) / seconds)) +
            "/s";
  }
  if (total_bytes > 0 && bytes_read <= total_bytes) {
    const double share = static_cast<double>(bytes_read) / static_cast<double>(total_bytes);
    const auto filled = static_cast<std::size_t>(share * 20);
    // (fmt, not operator+: g++ 12 -O2 warns -Wrestrict on a literal + a temporary string.)
    text = fmt::format("[{}{}] {}", std::string(filled, '#'), std::string(20 - filled, '.'), text);
    text += fmt::format("  {}%", static_cast<int>(share * 100));
    if (share > 0 && seconds > 0) {
      const auto left = static_cast<long>(seconds / share - seconds + 0.5);
      text += fmt::format("  ETA {}:{:02}", left / 60, left % 60);
    }
  }
  return text;
}

void Progress::draw() {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  std::uintmax_t read = 0;
  if (m_total > 0 && m_input != nullptr) {
    const auto position = m_input->rdbuf()->pubseekoff(0, std::ios::cur, std::ios::in);
    read = position < 0 ? 0 : static_cast<std::uintmax_t>(position);
  }
  fmt::print(stderr, "\r\x1b[K{}", line(m_records, seconds, read, m_total));
  std::fflush(stderr);
  m_drawn = true;
}

} // namespace mrtd::cmd
