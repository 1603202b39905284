// `mrtd specimen pkd`: write Utopia's PKI as the ICAO PKD publishes it (a CSCA master list and
// LDIF collections 001, 002, 003) into a folder, optionally with deliberate defects
// (lib/chip/specimen.hpp, make_pkd_specimen).

#include "command.hpp"
#include "io.hpp"
#include "specimen_output.hpp"

#include "chip/specimen.hpp"
#include "core/date.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mrtd::cmd {

namespace {

/// Upper bound on a --keys PEM file.
constexpr std::size_t k_max_key = std::size_t{64} * 1024;

struct Options {
  std::string out;
  std::string keys;
  std::vector<std::string> corrupt;
  bool force = false;
};

int fail(const std::string& message) {
  fmt::print(stderr, "mrtd specimen pkd: error: {}\n", message);
  return 2;
}

/// Reads `DIR/name` into `key` when the file exists. Returns an error message or nullopt.
std::optional<std::string> read_key(const std::string& dir, const char* name,
                                    std::optional<std::string>& key) {
  const std::filesystem::path path = std::filesystem::path(dir) / name;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return std::nullopt;
  }
  auto text = read_input(path.string(), k_max_key);
  if (!text) {
    return text.error().message;
  }
  key = std::move(*text);
  return std::nullopt;
}

int run(const Options& o) {
  chip::PkdSpecimenOptions options;
  for (const std::string& name : o.corrupt) {
    const auto corruption = chip::parse_pkd_corruption(name);
    if (!corruption) {
      return fail("unknown --corrupt '" + name + "'");
    }
    options.corrupt.insert(*corruption);
  }
  if (!o.keys.empty()) {
    std::error_code error;
    if (!std::filesystem::is_directory(o.keys, error)) {
      return fail("--keys " + o.keys + ": not a folder");
    }
    for (const auto& [name, key] :
         {std::pair{"csca.TEST-ONLY.key.pem", &options.keys.csca},
          std::pair{"mlsigner.TEST-ONLY.key.pem", &options.keys.ml_signer},
          std::pair{"dsc.TEST-ONLY.key.pem", &options.keys.dsc},
          std::pair{"dsc-nc.TEST-ONLY.key.pem", &options.keys.nc_dsc},
          std::pair{"foreign-csca.TEST-ONLY.key.pem", &options.keys.foreign_csca},
          std::pair{"rogue-csca.TEST-ONLY.key.pem", &options.keys.rogue_csca}}) {
      if (auto message = read_key(o.keys, name, *key)) {
        return fail(*message);
      }
    }
  }
  if (auto problem = check_output_folder(o.out, o.force)) {
    return fail(problem->message);
  }
  const auto specimen = chip::make_pkd_specimen(options);
  if (!specimen) {
    return fail(specimen.error().message);
  }
  auto files = write_specimen_files(o.out, specimen->files, o.force);
  if (!files) {
    return fail(files.error().message);
  }
  nlohmann::ordered_json summary;
  summary["out"] = o.out;
  summary["country"] = options.country;
  summary["signing_time"] = to_iso_instant(options.signing_time);
  nlohmann::ordered_json corruptions = nlohmann::ordered_json::array();
  for (const chip::PkdCorruption corruption : options.corrupt) {
    corruptions.push_back({{"name", std::string(chip::to_string(corruption))},
                           {"files", chip::pkd_corrupted_files(corruption, options.country)}});
  }
  summary["corruptions"] = corruptions;
  summary["files"] = *files;
  fmt::print("{}\n", summary.dump());
  return 0;
}

} // namespace

Command add_specimen_pkd(CLI::App& specimen) {
  CLI::App* app = specimen.add_subcommand(
      "pkd", "Write Utopia's PKI as the ICAO PKD publishes it: a signed CSCA master list, LDIF "
             "collections 001, 002 and 003, the CSCA, DSCs, CRL and test-only keys");
  auto options = std::make_shared<Options>();
  Options& o = *options;
  app->add_option("--out", o.out, "output folder (created; must be empty unless --force)")
      ->required();
  std::vector<std::string> names;
  std::string list;
  for (const chip::PkdCorruption corruption : chip::all_pkd_corruptions()) {
    names.emplace_back(chip::to_string(corruption));
    list += (list.empty() ? "" : ", ") + names.back();
  }
  app->add_option("--corrupt", o.corrupt, "make one thing wrong (repeatable): " + list)
      ->check(CLI::IsMember(names));
  app->add_option("--keys", o.keys,
                  "folder with csca/mlsigner/dsc/dsc-nc/foreign-csca/rogue-csca.TEST-ONLY.key.pem "
                  "to reuse (reproducible output); missing keys are generated");
  app->add_flag("--force", o.force, "write into a non-empty --out folder");
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
