#include "chip_input.hpp"

#include "io.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <filesystem>

namespace mrtd::cmd {

namespace {

namespace fs = std::filesystem;

chip::Bytes to_bytes(const std::string& text) {
  return chip::Bytes(text.begin(), text.end());
}

// What a file is: its own tag when that is an LDS tag and the TLV spans the file, else its
// name when `by_name`. EF.CardSecurity-style SODs (a bare SEQUENCE) are known by name only.
std::optional<chip::FileId> identify(const std::string& name, const chip::Bytes& bytes,
                                     bool by_name = true) {
  if (!bytes.empty()) {
    if (const auto by_tag = chip::file_from_tag(bytes[0])) {
      const auto tlv = chip::read_tlv(bytes);
      if (tlv && tlv->total_size <= bytes.size()) {
        return by_tag;
      }
    }
  }
  return by_name ? chip::file_from_name(name) : std::nullopt;
}

struct Collector {
  chip::ChipFiles files;

  Result<bool> put(chip::FileId id, chip::Bytes bytes, const std::string& name) {
    return chip::add_file(files, id, std::move(bytes), name);
  }
};

Result<chip::Bytes> read_file(const std::string& path) {
  auto text = read_input(path, chip::k_max_file_size);
  if (!text) {
    return text.error();
  }
  return to_bytes(*text);
}

} // namespace

void add_chip_input_options(CLI::App& app, ChipInputOptions& options) {
  app.add_option("path", options.paths,
                 "A folder as a chip reader dumps it (EF.COM/EF_COM.bin, EF.SOD/EF_SOD.bin, "
                 "DG1.bin/EF_DG1.bin, ...) or single LDS files, recognised by tag and name");
  app.add_option("--sod", options.sod, "EF.SOD file");
  app.add_option("--com", options.com, "EF.COM file");
  // One value per occurrence, so that a PATH after --dg is not taken as another data group.
  app.add_option("--dg", options.dgs, "A data group file as N=FILE (e.g. --dg 1=DG1.bin)")
      ->allow_extra_args(false);
}

Result<chip::ChipFiles> read_chip_files(const ChipInputOptions& options) {
  Collector collector;
  // Explicit options first: a folder's file of the same kind is then a conflict, reported.
  if (!options.sod.empty()) {
    auto bytes = read_file(options.sod);
    if (!bytes) {
      return bytes.error();
    }
    if (auto put = collector.put({chip::FileId::Kind::sod, 0}, std::move(*bytes), options.sod);
        !put) {
      return put.error();
    }
  }
  if (!options.com.empty()) {
    auto bytes = read_file(options.com);
    if (!bytes) {
      return bytes.error();
    }
    if (auto put = collector.put({chip::FileId::Kind::com, 0}, std::move(*bytes), options.com);
        !put) {
      return put.error();
    }
  }
  for (const auto& spec : options.dgs) {
    const auto eq = spec.find('=');
    int number = 0;
    const char* end = spec.data() + (eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || std::from_chars(spec.data(), end, number).ptr != end ||
        number < 1 || number > 16) {
      return make_error(ErrorCode::invalid_argument,
                        "--dg '" + spec + "': expected N=FILE with N in 1..16");
    }
    const std::string path = spec.substr(eq + 1);
    auto bytes = read_file(path);
    if (!bytes) {
      return bytes.error();
    }
    if (auto put = collector.put({chip::FileId::Kind::dg, number}, std::move(*bytes), path);
        !put) {
      return put.error();
    }
  }

  for (const auto& path : options.paths) {
    auto folder = Folder::open(path);
    if (!folder) {
      return folder.error();
    }
    if (*folder) {
      std::size_t used = 0;
      for (const auto& name : (*folder)->files()) {
        // Other files are read for their tag, unless their extension says what they are
        // (certificates, keys, images, text) or they are over the size limit.
        if (chip::names_other_file(name)) {
          continue;
        }
        // An LDS name with such an extension (`DG2.jpg`, `DG7.jpg`: a face or signature image
        // saved beside the dump) counts only when its bytes carry an LDS tag.
        const bool by_name = !chip::has_other_extension(name);
        auto text = (*folder)->read(name, chip::k_max_file_size);
        if (!text && text.error().code == ErrorCode::limit_exceeded &&
            (!by_name || !chip::file_from_name(name))) {
          continue;
        }
        if (!text) {
          return text.error();
        }
        chip::Bytes bytes = to_bytes(*text);
        const auto id = identify(name, bytes, by_name);
        if (!id) {
          continue;
        }
        if (auto put = collector.put(*id, std::move(bytes), (*folder)->path_of(name)); !put) {
          return put.error();
        }
        ++used;
      }
      if (used == 0) {
        return make_error(ErrorCode::malformed,
                          "'" + path + "' holds no LDS file (EF.SOD, EF.COM, DG1..DG16)");
      }
      continue;
    }
    auto bytes = read_file(path);
    if (!bytes) {
      return bytes.error();
    }
    const auto id = identify(fs::path(path).filename().string(), *bytes);
    if (!id) {
      return make_error(ErrorCode::malformed,
                        "'" + path + "' is not an LDS file (no LDS tag, no known file name)");
    }
    if (auto put = collector.put(*id, std::move(*bytes), path); !put) {
      return put.error();
    }
  }
  if (collector.files.names.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "no chip files given (a folder, files, or --sod/--dg)");
  }
  return std::move(collector.files);
}

} // namespace mrtd::cmd
