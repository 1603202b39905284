// placeholder: replaced by the implementation of issue 3
#include "command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace mrtd::cmd {

Command add_chip_verify(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("verify", "(not yet implemented)");
  return {app, [] {
            std::cerr << "mrtd: not yet implemented\n";
            return 3;
          }};
}

} // namespace mrtd::cmd
