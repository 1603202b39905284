#include "batch.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace mrtd::cmd {

void for_each_batch_input(const std::vector<std::string>& paths,
                          const std::function<void(std::istream&, const std::string&)>& process,
                          const std::function<void(const std::string&)>& unreadable) {
  const std::vector<std::string> inputs = paths.empty() ? std::vector<std::string>{"-"} : paths;
  for (const auto& path : inputs) {
    if (path == "-") {
      process(std::cin, "-");
      continue;
    }
    std::error_code ec;
    std::ifstream in(path, std::ios::binary);
    if (!in || std::filesystem::is_directory(path, ec)) {
      unreadable(path);
      continue;
    }
    process(in, path);
  }
}

Result<Record> parse_record(const std::string& line, long ordinal) {
  const std::string where = "record " + std::to_string(ordinal);
  if (line.empty() || line.front() != '{') {
    return Record{line, std::nullopt, std::nullopt};
  }
  const auto object = nlohmann::json::parse(line, nullptr, false);
  if (object.is_discarded() || !object.is_object() || !object.contains("path") ||
      !object["path"].is_string()) {
    return make_error(ErrorCode::malformed,
                      where + ": not a JSON object with a string \"path\"");
  }
  Record record{object["path"].get<std::string>(), std::nullopt, std::nullopt};
  if (object.contains("id")) {
    const auto& id = object["id"];
    record.id = id.is_string() ? id.get<std::string>() : id.dump();
  }
  if (object.contains("mrz") && object["mrz"].is_string()) {
    record.mrz = object["mrz"].get<std::string>();
  }
  return record;
}

bool LineReader::next(std::string& line, bool& overlong) {
  constexpr std::size_t k_block = 64 * 1024;
  line.clear();
  overlong = false;
  bool any = false;
  while (true) {
    if (m_pos == m_end) {
      m_block.resize(k_block);
      const std::streamsize got = m_in.sgetn(m_block.data(), static_cast<std::streamsize>(k_block));
      m_pos = 0;
      m_end = got > 0 ? static_cast<std::size_t>(got) : 0;
      if (m_end == 0) {
        break;
      }
    }
    any = true;
    const char* begin = m_block.data() + m_pos;
    const auto* feed = static_cast<const char*>(std::memchr(begin, '\n', m_end - m_pos));
    const std::size_t length = feed ? static_cast<std::size_t>(feed - begin) : m_end - m_pos;
    const std::size_t keep = std::min(length, k_max_line - line.size());
    line.append(begin, keep);
    overlong = overlong || keep < length;
    m_pos += length;
    if (feed) {
      ++m_pos;
      break;
    }
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return any;
}

} // namespace mrtd::cmd
