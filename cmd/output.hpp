#pragma once

#include "mrz/mrz.hpp"
#include "report/chip.hpp"
#include "report/examine.hpp"
#include "report/seal.hpp"
#include "report/report.hpp"

#include <string>

namespace CLI {
class App;
}

namespace mrtd::cmd {

/// Output options shared by every verdict-printing subcommand.
struct OutputOptions {
  std::string format = "json"; ///< json | text | summary
  std::string color = "auto";  ///< auto | always | never (NO_COLOR honoured by auto)
  bool batch_layout = false;   ///< NDJSON: one verdict per line
  bool verbose = false;        ///< text: each check's evidence
};

/// Registers --format and --color on `app`.
void add_output_options(CLI::App& app, OutputOptions& options);

/// Writes verdicts to stdout in the chosen format and remembers the worst exit code.
class Printer {
public:
  explicit Printer(const OutputOptions& options);
  /// Renders and writes one verdict, and accounts for its exit code. `Report` is any verdict
  /// type with report:: renderers (mrz, chip, seal, barcode; instantiated in output.cpp).
  template <typename Report> void print(const report::Envelope& envelope, const Report& report);
  /// Appends one verdict's rendering to `out` without writing it; `first` says whether it is
  /// the first of the run (text output separates reports by a blank line). Thread-safe.
  template <typename Report>
  void render(const report::Envelope& envelope, const Report& report, bool first,
              std::string& out) const;
  /// Writes pre-rendered verdicts and accounts for `exit` (the worst of theirs).
  void write(std::string_view rendered, int exit);
  /// 0 all valid, 1 any invalid or indeterminate, 2 any error.
  int exit_code() const noexcept { return m_exit; }

private:
  OutputOptions m_options;
  report::TextOptions m_text;
  std::string m_buffer;
  int m_count = 0;
  int m_exit = 0;
};

} // namespace mrtd::cmd
