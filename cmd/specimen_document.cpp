// `mrtd specimen document`: a complete specimen document of Utopia — passport (printed MRZ and
// chip files) with a visa (sticker MRZ and seal image), its trust anchors and test-only keys —
// optionally forged in one dimension (lib/examine/specimen).

#include "command.hpp"
#include "io.hpp"
#include "specimen_output.hpp"

#include "examine/specimen.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace mrtd::cmd {

namespace {

constexpr std::size_t k_max_key = 64 * 1024;

struct Options {
  std::string out;
  std::string forge = "none";
  std::string csca_key;
  std::string dsc_key;
  std::string seal_key;
  bool force = false;
};

int fail(const std::string& message) {
  fmt::print(stderr, "mrtd specimen document: error: {}\n", message);
  return 2;
}

int run(const Options& o) {
  examine::DocumentSpecimenOptions options;
  options.forgery = *examine::parse_forgery(o.forge); // checked by the option's validator
  for (auto [path, into] : {std::pair{&o.csca_key, &options.csca_key},
                            std::pair{&o.dsc_key, &options.dsc_key},
                            std::pair{&o.seal_key, &options.seal_signer_key}}) {
    if (path->empty()) {
      continue;
    }
    auto text = read_input(*path, k_max_key);
    if (!text) {
      return fail(text.error().message);
    }
    *into = std::move(*text);
  }
  if (auto error = check_output_folder(o.out, o.force)) {
    return fail(error->message);
  }
  auto specimen = examine::make_document_specimen(options);
  if (!specimen) {
    return fail(specimen.error().message);
  }
  std::vector<chip::SpecimenFile> files;
  for (auto [folder, part] : {std::pair{"document/", &specimen->document},
                              std::pair{"trust/", &specimen->trust},
                              std::pair{"keys/", &specimen->keys}}) {
    for (const auto& file : *part) {
      files.push_back({folder + file.name, file.bytes, file.secret});
    }
  }
  auto listing = write_specimen_files(o.out, files, o.force);
  if (!listing) {
    return fail(listing.error().message);
  }
  nlohmann::ordered_json summary;
  summary["out"] = o.out;
  summary["forgery"] = o.forge;
  const char* fails = examine::expected_failing_check(options.forgery);
  summary["expected_verdict"] = fails == nullptr ? "valid" : "invalid";
  summary["expected_failing_check"] = fails == nullptr ? nlohmann::ordered_json() : fails;
  summary["examine"] = "mrtd examine " + o.out + "/document --trust " + o.out +
                       "/trust --at 2026-01-01";
  summary["files"] = *listing;
  fmt::print("{}\n", summary.dump());
  return 0;
}

} // namespace

Command add_specimen_document(CLI::App& specimen) {
  auto options = std::make_shared<Options>();
  Options& o = *options;
  CLI::App* app = specimen.add_subcommand(
      "document", "Write a complete specimen document of Utopia (passport MRZ and chip, visa "
                  "sticker MRZ and seal) with its trust anchors, optionally forged");
  app->add_option("--out", o.out,
                  "output folder (created; must be empty unless --force): document/, trust/, "
                  "keys/")
      ->required();
  app->add_option("--forge", o.forge,
                  "none (default), mrz, chip, seal, inconsistent (a visa of another passport) "
                  "or expired")
      ->check(CLI::IsMember({"none", "mrz", "chip", "seal", "inconsistent", "expired"}));
  app->add_option("--csca-key", o.csca_key, "PEM RSA private key of the CSCA (default: new)");
  app->add_option("--dsc-key", o.dsc_key, "PEM RSA private key of the DSC (default: new)");
  app->add_option("--seal-key", o.seal_key,
                  "PEM P-256 private key of the visa seal signer (default: new)");
  app->add_flag("--force", o.force, "write into a non-empty folder");
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
