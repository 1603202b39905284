#pragma once

#include "chip/chip.hpp"
#include "core/result.hpp"

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mrtd::cmd {

/// The chip files as the user names them: a folder as chip readers dump it, and/or explicit
/// files (`--sod FILE`, `--com FILE`, `--dg N=FILE`).
struct ChipInputOptions {
  std::vector<std::string> paths; ///< folders or single files (identified by tag, else by name)
  std::string sod;
  std::string com;
  std::vector<std::string> dgs; ///< `N=FILE`
};

/// Adds the positional PATH and --sod/--com/--dg options to `app`.
void add_chip_input_options(CLI::App& app, ChipInputOptions& options);

/// Reads the files: a folder's files are recognised by their first byte (the LDS tag) and by
/// name (chip::file_from_name); explicit options win. Errors (missing file, folder with no
/// LDS file, a file over chip::k_max_file_size, two files for one DG) name the path.
Result<chip::ChipFiles> read_chip_files(const ChipInputOptions& options);

} // namespace mrtd::cmd
