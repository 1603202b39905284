#include "report/report.hpp"
#include "report/detail/render.hpp"

#include <algorithm>
#include <string>

namespace mrtd::report {

namespace {

const char* symbol(Status status) noexcept {
  switch (status) {
  case Status::pass:
    return "\u2713"; // ✓
  case Status::fail:
    return "\u2717"; // ✗
  case Status::warn:
    return "!";
  case Status::skip:
    return "-";
  }
  return "-";
}

int rank(Status status) noexcept {
  switch (status) {
  case Status::fail:
    return 0;
  case Status::warn:
    return 1;
  case Status::pass:
    return 2;
  case Status::skip:
    return 3;
  }
  return 3;
}

struct Painter {
  bool on;
  std::string operator()(std::string_view text, const char* code) const {
    if (!on) {
      return std::string(text);
    }
    return std::string("\x1b[") + code + "m" + std::string(text) + "\x1b[0m";
  }
  const char* status_colour(Status status) const noexcept {
    switch (status) {
    case Status::pass:
      return "32";
    case Status::fail:
      return "31";
    case Status::warn:
      return "33";
    case Status::skip:
      return "2";
    }
    return "0";
  }
  const char* outcome_colour(Outcome outcome) const noexcept {
    switch (outcome) {
    case Outcome::valid:
      return "1;32";
    case Outcome::invalid:
      return "1;31";
    case Outcome::indeterminate:
      return "1;33";
    case Outcome::error:
      return "1;35";
    }
    return "1";
  }
};

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
  return text;
}

void row(std::string& out, std::string_view key, std::string_view value) {
  if (value.empty()) {
    return;
  }
  out += "  ";
  out += key;
  out.append(key.size() < 22 ? 22 - key.size() : 1, ' ');
  out += value;
  out += '\n';
}

} // namespace

std::string detail::render_text(const Envelope& envelope, const Verdict& verdict,
                                const Rows& rows, const TextOptions& options) {
  const Painter paint{options.colour == Colour::yes};
  std::string out;
  out += paint(upper(to_string(verdict.outcome)), paint.outcome_colour(verdict.outcome));
  out += "  " + envelope.command;
  if (envelope.source) {
    out += "  " + *envelope.source;
  }
  if (envelope.id) {
    out += "  (id " + *envelope.id + ")";
  }
  out += '\n';
  out += "  " + summary(verdict) + "\n";

  if (!verdict.checks.empty()) {
    std::vector<const Check*> sorted;
    std::size_t width = 0;
    for (const auto& check : verdict.checks) {
      sorted.push_back(&check);
      width = std::max(width, check_name(check.id).size());
    }
    std::stable_sort(sorted.begin(), sorted.end(), [](const Check* a, const Check* b) {
      return rank(a->status) < rank(b->status);
    });
    out += '\n';
    for (const Check* check : sorted) {
      const std::string_view name = check_name(check->id);
      out += "  ";
      out += paint(symbol(check->status), paint.status_colour(check->status));
      out += ' ';
      out += name;
      out.append(width - name.size() + 2, ' ');
      out += check->message;
      out += '\n';
      if (options.verbose && (check->expected || check->found)) {
        const std::string indent(width + 6, ' ');
        if (check->expected) {
          out += indent + "expected: " + *check->expected + "\n";
        }
        if (check->found) {
          out += indent + "found:    " + *check->found + "\n";
        }
      }
    }
  }

  if (!rows.empty()) {
    out += '\n';
    for (const auto& [key, value] : rows) {
      row(out, key, value);
    }
  }
  return out;
}

detail::Rows detail::mrz_rows(const mrz::Mrz& m) {
  Rows out;
  auto row = [&out](std::string key, std::string value) {
    out.emplace_back(std::move(key), std::move(value));
  };
  row("format", mrz::to_string(m.format));
  row("document code", m.document_code);
  row("issuing state", m.issuing_state);
  row("document number", m.document_number);
  row("primary identifier", m.primary_identifier);
  row("secondary identifier", m.secondary_identifier);
  row("nationality", m.nationality);
  row("date of birth", m.birth_date.iso ? *m.birth_date.iso : m.birth_date.raw);
  row("sex", m.sex);
  row("date of expiry", m.expiry_date.iso ? *m.expiry_date.iso : m.expiry_date.raw);
  row("personal number", m.personal_number);
  row("optional data 1", m.optional_data_1);
  row("optional data 2", m.optional_data_2);
  return out;
}

std::string to_text(const Envelope& envelope, const mrz::Report& report,
                    const TextOptions& options) {
  return detail::render_text(envelope, report.verdict,
                             report.mrz ? detail::mrz_rows(*report.mrz) : detail::Rows{}, options);
}

std::string to_summary_line(const Envelope& envelope, const mrz::Report& report,
                            const TextOptions& options) {
  return detail::render_summary_line(envelope, report.verdict, options);
}

std::string detail::render_summary_line(const Envelope& envelope, const Verdict& verdict,
                                        const TextOptions& options) {
  const Painter paint{options.colour == Colour::yes};
  const Outcome outcome = verdict.outcome;
  std::string label = upper(to_string(outcome));
  const std::size_t pad = label.size() < 14 ? 14 - label.size() : 1;
  std::string out = paint(label, paint.outcome_colour(outcome)) + std::string(pad, ' ');
  if (envelope.source) {
    out += *envelope.source;
  }
  if (envelope.id) {
    out += "#" + *envelope.id;
  }
  out += "  " + summary(verdict) + "\n";
  return out;
}

} // namespace mrtd::report
