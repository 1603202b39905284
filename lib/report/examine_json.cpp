// `examine` verdicts: JSON (schemas/examine.schema.json for `data`), text and summary lines.
// Each source's own verdict is rendered by its own command's renderer and embedded as is.

#include "report/examine.hpp"

#include "report/chip.hpp"
#include "report/detail/render.hpp"
#include "report/seal.hpp"

namespace mrtd::report {

namespace {

using detail::JsonWriter;

// Pretty-prints compact JSON (as JsonWriter writes it with indent 2): the embedded verdicts
// are rendered on one line and the whole document is laid out once at the end.
std::string reindent(std::string_view compact) {
  std::string out;
  out.reserve(compact.size() * 2);
  int depth = 0;
  bool in_string = false;
  auto newline = [&] {
    out += '\n';
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
  };
  for (std::size_t i = 0; i < compact.size(); ++i) {
    const char c = compact[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < compact.size()) {
        out += compact[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
    case '"':
      in_string = true;
      out += c;
      break;
    case '{':
    case '[':
      out += c;
      if (i + 1 < compact.size() && (compact[i + 1] == '}' || compact[i + 1] == ']')) {
        out += compact[++i];
      } else {
        ++depth;
        newline();
      }
      break;
    case '}':
    case ']':
      --depth;
      newline();
      out += c;
      break;
    case ',':
      out += c;
      newline();
      break;
    case ':':
      out += ": ";
      break;
    default:
      out += c;
    }
  }
  return out;
}

Envelope section(const char* command, const std::string& source) {
  return Envelope{command, source, std::nullopt, std::nullopt};
}

std::string item_name(const examine::Report& report, examine::ItemKind kind) {
  for (const auto& item : report.items) {
    if (item.kind == kind) {
      return item.name;
    }
  }
  return "";
}

} // namespace

std::string to_json(const Envelope& envelope, const examine::Report& report, Layout layout) {
  std::string out;
  {
    JsonWriter w(out, -1);
    detail::write_head(w, envelope, report.verdict, Layout::line);
    w.key("data");
    if (report.verdict.outcome == Outcome::error) {
      w.null();
    } else {
      w.begin_object();
      w.key("items");
      w.begin_array();
      for (const auto& item : report.items) {
        w.begin_object();
        w.key("name");
        w.value(item.name);
        w.key("kind");
        w.literal(examine::to_string(item.kind));
        w.key("what");
        w.value(item.what);
        w.end_object();
      }
      w.end_array();
      w.key("mrz");
      if (report.mrz) {
        w.raw(to_json(section("mrz check", item_name(report, examine::ItemKind::mrz)),
                      *report.mrz, Layout::line));
      } else {
        w.null();
      }
      w.key("visa_mrz");
      if (report.visa_mrz) {
        w.raw(to_json(section("mrz check", item_name(report, examine::ItemKind::visa_mrz)),
                      *report.visa_mrz, Layout::line));
      } else {
        w.null();
      }
      w.key("chip");
      if (report.chip) {
        w.raw(to_json(section("chip verify", "chip files"), *report.chip, Layout::line));
      } else {
        w.null();
      }
      w.key("seals");
      w.begin_array();
      for (const auto& seal : report.seals) {
        w.raw(to_json(section("seal verify", seal.source), seal.report, Layout::line));
      }
      w.end_array();
      w.end_object();
    }
    w.end_object();
  }
  return layout == Layout::pretty ? reindent(out) : out;
}

std::string to_text(const Envelope& envelope, const examine::Report& report,
                    const TextOptions& options) {
  detail::Rows rows;
  for (const auto& item : report.items) {
    rows.emplace_back(item.name, item.what);
  }
  const mrz::Mrz* m = nullptr;
  if (report.chip && report.chip->mrz && report.chip->mrz->mrz) {
    m = &*report.chip->mrz->mrz;
  } else if (report.mrz && report.mrz->mrz) {
    m = &*report.mrz->mrz;
  }
  if (m != nullptr) {
    for (auto& row : detail::mrz_rows(*m)) {
      rows.push_back(std::move(row));
    }
  }
  std::string out = detail::render_text(envelope, report.verdict, rows, options);
  // Each source's own report follows, indented by its header.
  if (report.mrz) {
    out += "\n" + to_text(section("mrz check", item_name(report, examine::ItemKind::mrz)),
                          *report.mrz, options);
  }
  if (report.visa_mrz) {
    out += "\n" + to_text(section("mrz check", item_name(report, examine::ItemKind::visa_mrz)),
                          *report.visa_mrz, options);
  }
  if (report.chip) {
    out += "\n" + to_text(section("chip verify", "chip files"), *report.chip, options);
  }
  for (const auto& seal : report.seals) {
    out += "\n" + to_text(section("seal verify", seal.source), seal.report, options);
  }
  return out;
}

std::string to_summary_line(const Envelope& envelope, const examine::Report& report,
                            const TextOptions& options) {
  return detail::render_summary_line(envelope, report.verdict, options);
}

} // namespace mrtd::report
