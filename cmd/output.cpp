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
  app.add_flag("--verbose", options.verbose,
               "Text output: add each check's evidence (what the rule expects, what the input "
               "holds)");
}

Printer::Printer(const OutputOptions& options) : m_options(options) {
  const bool colour =
      options.color == "always" ||
      (options.color == "auto" && std::getenv("NO_COLOR") == nullptr && is_tty(stdout));
  m_text.colour = colour ? report::Colour::yes : report::Colour::no;
  m_text.verbose = options.verbose;
}

namespace {

// One rendering for every verdict type: report:: has to_summary_line/to_text/to_json overloads
// per command (mrz::Report appends in place, for the batch path's reused buffer).
void render_json(std::string& out, const report::Envelope& envelope, const mrz::Report& report,
                 report::Layout layout) {
  report::append_json(out, envelope, report, layout);
}

template <typename Report>
void render_json(std::string& out, const report::Envelope& envelope, const Report& report,
                 report::Layout layout) {
  out += report::to_json(envelope, report, layout);
}

template <typename Report>
void render_any(const OutputOptions& options, const report::TextOptions& text,
                const report::Envelope& envelope, const Report& report, bool first,
                std::string& out) {
  if (options.format == "summary") {
    out += report::to_summary_line(envelope, report, text);
  } else if (options.format == "text") {
    if (!first) {
      out += '\n';
    }
    out += report::to_text(envelope, report, text);
  } else {
    render_json(out, envelope, report,
                options.batch_layout ? report::Layout::line : report::Layout::pretty);
    out += '\n';
  }
}

} // namespace

template <typename Report>
void Printer::render(const report::Envelope& envelope, const Report& report, bool first,
                     std::string& out) const {
  render_any(m_options, m_text, envelope, report, first, out);
}

template <typename Report>
void Printer::print(const report::Envelope& envelope, const Report& report) {
  m_buffer.clear(); // reused across calls
  render(envelope, report, m_count == 0, m_buffer);
  write(m_buffer, mrtd::exit_code(report.verdict.outcome));
}

template void Printer::print(const report::Envelope&, const mrz::Report&);
template void Printer::print(const report::Envelope&, const chip::Report&);
template void Printer::print(const report::Envelope&, const seal::Report&);
template void Printer::print(const report::Envelope&, const barcode::ScanReport&);
template void Printer::print(const report::Envelope&, const examine::Report&);
template void Printer::render(const report::Envelope&, const mrz::Report&, bool, std::string&) const;
template void Printer::render(const report::Envelope&, const chip::Report&, bool, std::string&) const;

void Printer::write(std::string_view rendered, int exit) {
  std::fwrite(rendered.data(), 1, rendered.size(), stdout);
  ++m_count;
  m_exit = std::max(m_exit, exit);
}

} // namespace mrtd::cmd
