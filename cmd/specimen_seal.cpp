// `mrtd specimen seal`: a test seal signer of Utopia under the specimen CSCA (lib/seal/specimen).

#include "command.hpp"
#include "io.hpp"
#include "specimen_output.hpp"

#include "seal/specimen.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace mrtd::cmd {

namespace {

constexpr std::size_t k_max_key = 64 * 1024;

struct Options {
  std::string out;
  std::string curve = "prime256v1";
  std::string signer_key;
  std::string csca_key;
  std::string csca_cert;
  bool self_signed = false;
  bool force = false;
};

int fail(const std::string& message) {
  fmt::print(stderr, "mrtd specimen seal: error: {}\n", message);
  return 2;
}

int run(const Options& o) {
  seal::SealSpecimenOptions options;
  options.curve = o.curve;
  options.self_signed = o.self_signed;
  auto read = [](const std::string& path, std::optional<std::string>& into) -> std::optional<Error> {
    if (path.empty()) {
      return std::nullopt;
    }
    auto text = read_input(path, k_max_key);
    if (!text) {
      return text.error();
    }
    into = std::move(*text);
    return std::nullopt;
  };
  for (auto [path, into] : {std::pair{&o.signer_key, &options.signer_key},
                            std::pair{&o.csca_key, &options.csca_key},
                            std::pair{&o.csca_cert, &options.csca_certificate}}) {
    if (auto error = read(*path, *into)) {
      return fail(error->message);
    }
  }
  auto files = seal::make_seal_specimen(options);
  if (!files) {
    return fail(files.error().message);
  }
  auto listing = write_specimen_files(o.out, *files, o.force);
  if (!listing) {
    return fail(listing.error().message);
  }
  nlohmann::ordered_json summary;
  summary["out"] = o.out;
  summary["curve"] = o.curve;
  summary["signer_id"] = "UTSP";
  summary["self_signed"] = o.self_signed;
  summary["files"] = *listing;
  fmt::print("{}\n", summary.dump());
  return 0;
}

} // namespace

Command add_specimen_seal(CLI::App& specimen) {
  auto options = std::make_shared<Options>();
  Options& o = *options;
  CLI::App* app = specimen.add_subcommand(
      "seal", "Write a test seal signer of Utopia (VDS signer id UTSP) with its CSCA, CRL and "
              "test-only keys into a folder");
  app->add_option("--out", o.out, "output folder (created; must be empty unless --force)")
      ->required();
  app->add_option("--curve", o.curve,
                  "signer curve: prime256v1 (default), secp384r1, secp521r1, brainpoolP224r1, "
                  "brainpoolP256r1, brainpoolP384r1")
      ->check(CLI::IsMember({"prime256v1", "secp384r1", "secp521r1", "brainpoolP224r1",
                             "brainpoolP256r1", "brainpoolP384r1"}));
  app->add_option("--signer-key", o.signer_key, "PEM private key of the signer (default: new)");
  app->add_option("--csca-key", o.csca_key, "PEM private key of the CSCA (default: new P-256)");
  app->add_option("--csca-cert", o.csca_cert,
                  "the CSCA certificate owning --csca-key (e.g. csca.pem of `specimen chip`)");
  app->add_flag("--self-signed", o.self_signed, "a self-signed signer, no CSCA");
  app->add_flag("--force", o.force, "write into a non-empty folder");
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
