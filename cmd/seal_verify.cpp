// `mrtd seal verify`: verify the seals found in images (or given as bytes) against a trust
// store at a time (lib/seal), one verdict per seal.

#include "command.hpp"
#include "io.hpp"
#include "output.hpp"
#include "symbol_input.hpp"
#include "trust_input.hpp"

#include "pki/trust_store.hpp"
#include "seal/seal.hpp"

#include <CLI/CLI.hpp>

namespace mrtd::cmd {

namespace {

struct Options {
  SymbolInput input;
  VerifyInputs verify;
  OutputOptions output;
};

bool is_seal(barcode::PayloadKind kind) {
  using enum barcode::PayloadKind;
  return kind == vds || kind == vds_nc || kind == idb || kind == dcc || kind == bcbp ||
         kind == aamva;
}

int run(const Options& options) {
  OutputOptions output = options.output;
  Printer printer(output);
  auto fail = [&](const std::string& source, const Error& error) {
    printer.print(report::Envelope{"seal verify", source, std::nullopt, std::nullopt},
                  seal::Report{error_verdict(error), {}, false, {}, {}});
  };
  seal::VerifyOptions verify;
  verify.at = verification_time(options.verify);
  auto mrz = printed_mrz(options.verify);
  if (!mrz) {
    fail(options.verify.mrz, mrz.error());
    return printer.exit_code();
  }
  verify.printed_mrz = std::move(*mrz);
  auto trust = load_trust(options.verify.trust);
  if (!trust) {
    fail("--trust", trust.error());
    return printer.exit_code();
  }
  const std::vector<Scanned> inputs = scan_inputs(options.input);
  if (inputs.empty()) {
    fail("", make_error(ErrorCode::invalid_argument,
                        "no input: give image files, --raw FILE or --hex HEX"));
    return printer.exit_code();
  }
  seal::VerifyCache cache; // signers and their chains, judged once per run
  // One verdict per seal: several inputs or several seals in one image give NDJSON.
  std::size_t seals = 0;
  for (const Scanned& scanned : inputs) {
    for (const auto& symbol : scanned.symbols) {
      seals += symbol.format == "raw" || is_seal(barcode::classify(symbol.bytes)) ? 1 : 0;
    }
  }
  output.batch_layout = inputs.size() > 1 || seals > 1;
  printer = Printer(output);
  for (const Scanned& scanned : inputs) {
    if (scanned.error) {
      fail(scanned.source, *scanned.error);
      continue;
    }
    int n = 0;
    for (const auto& symbol : scanned.symbols) {
      if (symbol.format != "raw" && !is_seal(barcode::classify(symbol.bytes))) {
        continue; // other barcodes on the page (barcode read reports them)
      }
      ++n;
      report::Envelope envelope{"seal verify", scanned.source,
                                sha256_hex(std::string_view(
                                    reinterpret_cast<const char*>(symbol.bytes.data()),
                                    symbol.bytes.size())),
                                std::nullopt};
      if (symbol.format != "raw") {
        envelope.id = std::to_string(n);
      }
      printer.print(envelope, seal::verify(symbol.bytes, *trust, verify, &cache));
    }
    if (n == 0) {
      fail(scanned.source,
           make_error(ErrorCode::malformed,
                      scanned.symbols.empty()
                          ? "no barcode found in the image"
                          : "no seal among the " + std::to_string(scanned.symbols.size()) +
                                " barcode(s) found (see mrtd barcode read)"));
    }
  }
  return printer.exit_code();
}

} // namespace

Command add_seal_verify(CLI::App& seal) {
  auto options = std::make_shared<Options>();
  CLI::App* app = seal.add_subcommand(
      "verify", "Verify visible digital seals (ICAO VDS, VDS-NC, IDB; EU DCC) from images or bytes");
  add_symbol_input(*app, options->input);
  add_verify_options(*app, options->verify,
                     "The printed MRZ of the document (text holding '<', or a file) to compare "
                     "with the seal's");
  add_output_options(*app, options->output);
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
