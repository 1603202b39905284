// `mrtd barcode read`: find every barcode in images (or take a payload as is), classify and
// decode each payload (lib/barcode), one verdict per input.

#include "command.hpp"
#include "output.hpp"
#include "symbol_input.hpp"

#include <CLI/CLI.hpp>

namespace mrtd::cmd {

namespace {

struct Options {
  SymbolInput input;
  OutputOptions output;
};

int run(const Options& options) {
  OutputOptions output = options.output;
  const std::vector<Scanned> inputs = scan_inputs(options.input);
  output.batch_layout = inputs.size() > 1;
  Printer printer(output);
  if (inputs.empty()) {
    printer.print(report::Envelope{"barcode read", std::nullopt, std::nullopt, std::nullopt},
                  barcode::ScanReport{error_verdict(make_error(
                                          ErrorCode::invalid_argument,
                                          "no input: give image files, --raw FILE or --hex HEX")),
                                      {}, {}, {}});
    return printer.exit_code();
  }
  for (const Scanned& scanned : inputs) {
    const report::Envelope envelope{"barcode read", scanned.source, scanned.sha256, std::nullopt};
    if (scanned.error) {
      printer.print(envelope, barcode::ScanReport{error_verdict(*scanned.error), {}, {}, {}});
      continue;
    }
    barcode::ScanReport report = barcode::examine(scanned.symbols);
    report.width = scanned.width;
    report.height = scanned.height;
    printer.print(envelope, report);
  }
  return printer.exit_code();
}

} // namespace

Command add_barcode_read(CLI::App& barcode) {
  auto options = std::make_shared<Options>();
  CLI::App* app = barcode.add_subcommand(
      "read", "Find and decode barcodes in images: VDS, VDS-NC, IDB, DCC, BCBP, AAMVA and others");
  add_symbol_input(*app, options->input);
  add_output_options(*app, options->output);
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
