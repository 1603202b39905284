#include "specimen_output.hpp"

#include "io.hpp"

#include <filesystem>
#include <fstream>

namespace mrtd::cmd {

std::optional<Error> check_output_folder(const std::string& out, bool force) {
  const std::filesystem::path dir = out;
  std::error_code error;
  if (std::filesystem::exists(dir, error)) {
    if (!std::filesystem::is_directory(dir, error)) {
      return make_error(ErrorCode::invalid_argument, out + ": not a folder");
    }
    if (!std::filesystem::is_empty(dir, error) && !force) {
      return make_error(ErrorCode::invalid_argument, out + ": folder not empty (--force to overwrite)");
    }
  }
  return std::nullopt;
}

Result<nlohmann::ordered_json> write_specimen_files(const std::string& out,
                                                    const std::vector<chip::SpecimenFile>& files,
                                                    bool force) {
  if (auto problem = check_output_folder(out, force)) {
    return *problem;
  }
  const std::filesystem::path dir = out;
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return make_error(ErrorCode::invalid_argument, out + ": " + error.message());
  }
  nlohmann::ordered_json listing = nlohmann::ordered_json::array();
  for (const chip::SpecimenFile& file : files) {
    const std::filesystem::path path = dir / file.name;
    std::filesystem::create_directories(path.parent_path(), error); // names may hold folders
    std::ofstream stream(path, std::ios::binary | std::ios::trunc);
    stream.write(reinterpret_cast<const char*>(file.bytes.data()),
                 static_cast<std::streamsize>(file.bytes.size()));
    if (!stream) {
      return make_error(ErrorCode::invalid_argument, "cannot write " + path.string());
    }
    nlohmann::ordered_json entry;
    entry["name"] = file.name;
    entry["size"] = file.bytes.size();
    entry["sha256"] =
        sha256_hex({reinterpret_cast<const char*>(file.bytes.data()), file.bytes.size()});
    if (file.secret) {
      entry["secret"] = true;
    }
    listing.push_back(entry);
  }
  return listing;
}

} // namespace mrtd::cmd
