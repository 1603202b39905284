#include "output.hpp"

#include "io.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace mrtd::cmd {

void add_output_options(CLI::App& app, OutputOptions& options) {
  app.add_option("--format", options.format,
                 "Output format: json (default; NDJSON for several verdicts), text (a report for "
                 "humans) or summary (one line per verdict)")
      ->check(CLI::IsMember({"json", "text", "summary"}));
  app.add_option("--color", options.color,
                 "Colour in text output: auto (on a terminal, unless NO_COLOR is set), always, "
                 "never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

Printer::Printer(const OutputOptions& options) : m_options(options) {
  const bool colour = options.color == "always" ||
                      (options.color == "auto" && std::getenv("NO_COLOR") == nullptr &&
                       is_tty(stdout));
  m_text.colour = colour ? report::Colour::yes : report::Colour::no;
}

void Printer::print(const report::Envelope& envelope, const mrz::Report& report) {
  std::string& out = m_buffer; // reused: the batch path prints many verdicts
  out.clear();
  if (m_options.format == "summary") {
    out = report::to_summary_line(envelope, report, m_text);
  } else if (m_options.format == "text") {
    if (m_count > 0) {
      out += '\n';
    }
    out += report::to_text(envelope, report, m_text);
  } else {
    report::append_json(out, envelope, report,
                        m_options.batch_layout ? report::Layout::line : report::Layout::pretty);
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  ++m_count;
  m_exit = std::max(m_exit, mrtd::exit_code(report.verdict.outcome));
}

} // namespace mrtd::cmd
