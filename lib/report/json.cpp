#include "core/version.hpp"
#include "report/json_writer.hpp"
#include "report/report.hpp"
#include "report/detail/render.hpp"

#include <array>

namespace mrtd::report {

namespace {

using detail::JsonWriter;

std::string_view code(std::string_view field) {
  while (!field.empty() && field.back() == '<') {
    field.remove_suffix(1);
  }
  return field;
}

// `"id":"...","status":"..."` of every check id and status, rendered once per layout: the
// batch path writes ~20 checks per verdict.
class CheckHeads {
public:
  explicit CheckHeads(Layout layout) {
    const int indent = layout == Layout::pretty ? 2 : -1;
    for (const auto& row : check_registry()) {
      for (Status status : {Status::pass, Status::fail, Status::warn, Status::skip}) {
        m_text[index(row.id, status)] =
            JsonWriter::member_text({{"id", row.name}, {"status", to_string(status)}}, indent, 3,
                                    "message");
      }
    }
  }
  std::string_view get(CheckId id, Status status) const { return m_text[index(id, status)]; }

private:
  static std::size_t index(CheckId id, Status status) {
    return static_cast<std::size_t>(id) * 4 + static_cast<std::size_t>(status);
  }
  std::array<std::string, static_cast<std::size_t>(CheckId::count_) * 4> m_text;
};

void write_check(JsonWriter& w, const Check& check, Layout layout) {
  static const CheckHeads pretty(Layout::pretty);
  static const CheckHeads line(Layout::line);
  w.begin_object_with((layout == Layout::pretty ? pretty : line).get(check.id, check.status),
                      true);
  w.value(check.message); // the heads end in the key "message"
  if (check.expected) {
    w.key("expected");
    w.value(*check.expected);
  }
  if (check.found) {
    w.key("found");
    w.value(*check.found);
  }
  w.end_object();
}

void write_date(JsonWriter& w, const mrz::DateValue& date) {
  if (date.raw.empty()) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("raw");
  w.value(date.raw);
  w.key("iso");
  if (date.iso) {
    w.value(*date.iso);
  } else {
    w.null();
  }
  w.end_object();
}

} // namespace

// schemas/mrz.schema.json
void detail::write_mrz(JsonWriter& w, const mrz::Mrz& m) {
  w.begin_object();
  w.key("format");
  w.value(mrz::to_string(m.format));
  w.key("lines");
  w.begin_array();
  for (const auto& line : m.lines) {
    w.value(line);
  }
  w.end_array();
  w.key("document_code");
  w.value(m.document_code);
  w.key("issuing_state");
  w.value(code(m.issuing_state));
  w.key("document_number");
  w.value(m.document_number);
  w.key("long_document_number");
  w.value(m.long_document_number);
  w.key("long_number_policy");
  w.value(mrz::to_string(m.long_number_policy));
  w.key("primary_identifier");
  w.value(m.primary_identifier);
  w.key("secondary_identifier");
  w.value(m.secondary_identifier);
  w.key("name_possibly_truncated");
  w.value(m.name_possibly_truncated);
  w.key("nationality");
  if (m.nationality.empty()) {
    w.null();
  } else {
    w.value(code(m.nationality));
  }
  w.key("birth_date");
  write_date(w, m.birth_date);
  w.key("sex");
  w.value(m.sex);
  w.key("expiry_date");
  write_date(w, m.expiry_date);
  w.key("personal_number");
  w.value(m.personal_number);
  w.key("optional_data_1");
  w.value(m.optional_data_1);
  w.key("optional_data_2");
  w.value(m.optional_data_2);
  w.key("specimen");
  w.value(m.specimen);
  w.key("repairs");
  w.begin_array();
  for (const auto& r : m.repairs) {
    w.begin_object();
    w.key("field");
    w.value(r.field);
    w.key("line");
    w.value(r.line);
    w.key("column");
    w.value(r.column);
    w.key("original");
    w.value(std::string_view(&r.original, 1));
    w.key("repaired");
    w.value(std::string_view(&r.repaired, 1));
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void detail::write_head(JsonWriter& w, const Envelope& envelope, const Verdict& verdict,
                        Layout layout) {
  w.begin_object();
  w.key("schema_version");
  w.value(k_schema_version);
  w.key("tool");
  w.literal("mrtd");
  w.key("tool_version");
  w.literal(k_version);
  w.key("command");
  w.literal(envelope.command); // the toolkit's own names, e.g. "mrz check"
  w.key("input");
  w.begin_object();
  if (envelope.source) {
    w.key("source");
    w.value(*envelope.source);
  }
  if (envelope.sha256) {
    w.key("sha256");
    w.value(*envelope.sha256);
  }
  if (envelope.id) {
    w.key("id");
    w.value(*envelope.id);
  }
  w.end_object();
  w.key("verdict");
  w.literal(to_string(verdict.outcome));
  w.key("summary");
  w.value(summary(verdict));
  if (verdict.error) {
    w.key("error");
    w.begin_object();
    w.key("code");
    w.value(to_string(verdict.error->code));
    w.key("message");
    w.value(verdict.error->message);
    if (verdict.error->offset >= 0) {
      w.key("offset");
      w.value(static_cast<std::int64_t>(verdict.error->offset));
    }
    w.end_object();
  }
  w.key("checks");
  w.begin_array();
  for (const auto& check : verdict.checks) {
    write_check(w, check, layout);
  }
  w.end_array();
}

void append_json(std::string& out, const Envelope& envelope, const mrz::Report& report,
                 Layout layout) {
  JsonWriter w(out, layout == Layout::pretty ? 2 : -1);
  detail::write_head(w, envelope, report.verdict, layout);
  w.key("data");
  if (report.mrz) {
    detail::write_mrz(w, *report.mrz);
  } else {
    w.null();
  }
  w.end_object();
}

std::string to_json(const Envelope& envelope, const mrz::Report& report, Layout layout) {
  std::string out;
  append_json(out, envelope, report, layout);
  return out;
}

} // namespace mrtd::report
