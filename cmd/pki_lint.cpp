// `mrtd pki lint`: certificate profile checks per ICAO Doc 9303-12 §7.1 (lib/pki/lint.hpp).

#include "report/pki_lint.hpp"

#include "command.hpp"
#include "io.hpp"
#include "output.hpp"

#include "pki/lint.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace mrtd::cmd {

namespace {

struct Options {
  std::vector<std::string> paths;
  std::string profile = "auto";
  std::string at;
  OutputOptions output;
};

// A certificate file holds a few kB; PEM bundles of a master list's worth stay far below this.
constexpr std::size_t k_max_file = 16 * 1024 * 1024;

// One input file, read and split: its certificates, or why it has none.
struct Input {
  std::string path;
  Result<std::vector<pki::Bytes>> certificates = std::vector<pki::Bytes>{};
};

int run(const Options& options) {
  pki::LintOptions lint;
  lint.profile = *pki::parse_lint_profile(options.profile);
  lint.at = options.at.empty() ? now_utc() : *parse_instant(options.at);

  std::vector<Input> inputs;
  std::size_t verdicts = 0;
  for (const auto& path : options.paths) {
    Input input{path, std::vector<pki::Bytes>{}};
    auto text = read_input(path, k_max_file);
    if (!text) {
      input.certificates = text.error();
    } else {
      input.certificates = pki::split_certificates(
          pki::ByteView(reinterpret_cast<const std::uint8_t*>(text->data()), text->size()));
    }
    verdicts += input.certificates ? input.certificates->size() : 1;
    inputs.push_back(std::move(input));
  }

  // Several verdicts go out as NDJSON, one per line; one verdict is pretty-printed.
  OutputOptions output = options.output;
  output.batch_layout = verdicts > 1;
  Printer printer(output);
  const bool colour =
      output.color == "always" ||
      (output.color == "auto" && std::getenv("NO_COLOR") == nullptr && is_tty(stdout));
  const report::TextOptions text_options{colour ? report::Colour::yes : report::Colour::no};
  std::size_t printed = 0;
  auto print = [&](const report::Envelope& envelope, const pki::LintReport& report) {
    std::string rendered;
    if (output.format == "summary") {
      rendered = report::to_summary_line(envelope, report, text_options);
    } else if (output.format == "text") {
      rendered = (printed == 0 ? "" : "\n") + report::to_text(envelope, report, text_options);
    } else {
      rendered =
          report::to_json(envelope, report,
                          output.batch_layout ? report::Layout::line : report::Layout::pretty) +
          "\n";
    }
    ++printed;
    printer.write(rendered, mrtd::exit_code(report.verdict.outcome));
  };

  for (const auto& input : inputs) {
    report::Envelope envelope{"pki lint", input.path, std::nullopt, std::nullopt};
    if (!input.certificates) {
      print(envelope, pki::LintReport{error_verdict(input.certificates.error()),
                                      pki::LintProfile::automatic, false, std::nullopt});
      continue;
    }
    const auto& certificates = *input.certificates;
    for (std::size_t i = 0; i < certificates.size(); ++i) {
      const auto& der = certificates[i];
      envelope.sha256 =
          sha256_hex(std::string_view(reinterpret_cast<const char*>(der.data()), der.size()));
      // Several certificates in one file are told apart by their position (1-based).
      envelope.id = certificates.size() > 1 ? std::optional(std::to_string(i + 1)) : std::nullopt;
      print(envelope, pki::lint_certificate(der, lint));
    }
  }
  return printer.exit_code();
}

} // namespace

Command add_pki_lint(CLI::App& pki) {
  auto options = std::make_shared<Options>();
  CLI::App* app = pki.add_subcommand(
      "lint", "Check certificates against the ICAO Doc 9303-12 profiles (CSCA, link, DSC, "
              "master/deviation list signer, bar code signer)");
  app->add_option("CERT", options->paths,
                  "Certificate files: DER, or PEM with one or more certificates (- = stdin)")
      ->required();
  app->add_option("--profile", options->profile,
                  "Profile to check against: auto (default: from the certificate), csca, link, "
                  "dsc, mlsigner, dlsigner, barcode-signer")
      ->check(
          CLI::IsMember({"auto", "csca", "link", "dsc", "mlsigner", "dlsigner", "barcode-signer"}));
  app->add_option("--at", options->at,
                  "Reference time of the validity warning: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ "
                  "(default: now, UTC)")
      ->check([](const std::string& value) {
        return parse_instant(value) ? std::string()
                                    : "--at needs YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ";
      });
  add_output_options(*app, options->output);
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
