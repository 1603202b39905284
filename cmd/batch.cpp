#include "batch.hpp"

#include <nlohmann/json.hpp>

namespace mrtd::cmd {

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
