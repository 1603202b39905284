#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace mrtd::cmd {

/// A registered subcommand: its CLI11 app and what runs it once the command line is parsed.
/// `run` returns the process exit code (man/mrtd.1: 0 valid, 1 invalid/indeterminate,
/// 2 usage or input error, 3 internal error). Each cmd/<name>.cpp provides one add_* function;
/// its options live in a struct owned by the `run` closure.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_mrz_check(CLI::App& mrz);
Command add_mrz_make(CLI::App& mrz);
Command add_chip_verify(CLI::App& chip);
Command add_chip_dump(CLI::App& chip);
Command add_specimen_chip(CLI::App& specimen);
Command add_specimen_pkd(CLI::App& specimen);
Command add_pki_import(CLI::App& pki);
Command add_pki_list(CLI::App& pki);
Command add_pki_show(CLI::App& pki);
Command add_pki_lint(CLI::App& pki);
Command add_barcode_read(CLI::App& barcode);
Command add_seal_verify(CLI::App& seal);
Command add_seal_make(CLI::App& seal);
Command add_specimen_seal(CLI::App& specimen);
Command add_examine(CLI::App& root);
Command add_specimen_document(CLI::App& specimen);

} // namespace mrtd::cmd
