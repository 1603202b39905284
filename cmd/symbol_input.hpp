#pragma once

// Barcode inputs shared by `barcode read` and `seal verify`: image files (decoded and scanned,
// lib/image), or a payload given directly with --raw FILE / --hex HEX (no image step).

#include "barcode/scan.hpp"
#include "core/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mrtd::cmd {

struct SymbolInput {
  std::vector<std::string> images;
  std::string raw;
  std::string hex;
  bool no_tiles = false;
  bool no_invert = false;
};

/// Registers IMAGE..., --raw, --hex, --no-tiles, --no-invert.
void add_symbol_input(CLI::App& app, SymbolInput& input);

/// One input, scanned: its symbols, or why it could not be read.
struct Scanned {
  std::string source;                ///< the path, `-`, or `--hex`
  std::optional<std::string> sha256; ///< of the input bytes
  std::optional<int> width;
  std::optional<int> height;
  std::vector<barcode::Symbol> symbols; ///< bytes and where they were found (not yet examined)
  std::optional<Error> error;
};

/// Reads and scans every input, in order. Never throws on bad input.
std::vector<Scanned> scan_inputs(const SymbolInput& input);

} // namespace mrtd::cmd
