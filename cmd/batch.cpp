#include "batch.hpp"

#include <nlohmann/json.hpp>

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

bool read_line(std::istream& in, std::string& line, bool& overlong) {
  line.clear();
  overlong = false;
  bool any = false;
  for (int c = in.get(); c != std::char_traits<char>::eof(); c = in.get()) {
    any = true;
    if (c == '\n') {
      break;
    }
    if (line.size() < k_max_line) {
      line += static_cast<char>(c);
    } else {
      overlong = true;
    }
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return any;
}

} // namespace mrtd::cmd
