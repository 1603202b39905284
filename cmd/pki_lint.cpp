// placeholder: replaced by the implementation of issue 4
#include "command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace mrtd::cmd {

Command add_pki_lint(CLI::App& pki) {
  CLI::App* app = pki.add_subcommand("lint", "(not yet implemented)");
  return {app, [] {
            std::cerr << "mrtd: not yet implemented\n";
            return 3;
          }};
}

} // namespace mrtd::cmd
