#include "core/version.hpp"
#include "mrz/countries.hpp"
#include "report/report.hpp"

#include <nlohmann/json.hpp>

namespace mrtd::report {

namespace {

using json = nlohmann::ordered_json;

json check_to_json(const Check& check) {
  json j;
  j["id"] = std::string(check_name(check.id));
  j["status"] = to_string(check.status);
  j["message"] = check.message;
  if (check.expected) {
    j["expected"] = *check.expected;
  }
  if (check.found) {
    j["found"] = *check.found;
  }
  return j;
}

json date_to_json(const mrz::DateValue& date) {
  if (date.raw.empty()) {
    return nullptr;
  }
  json j;
  j["raw"] = date.raw;
  j["iso"] = date.iso ? json(*date.iso) : json(nullptr);
  return j;
}

std::string code(std::string_view field) {
  while (!field.empty() && field.back() == '<') {
    field.remove_suffix(1);
  }
  return std::string(field);
}

json mrz_to_json(const mrz::Mrz& m) {
  json j;
  j["format"] = mrz::to_string(m.format);
  j["lines"] = m.lines;
  j["document_code"] = m.document_code;
  j["issuing_state"] = code(m.issuing_state);
  j["document_number"] = m.document_number;
  j["long_document_number"] = m.long_document_number;
  j["long_number_policy"] = mrz::to_string(m.long_number_policy);
  j["primary_identifier"] = m.primary_identifier;
  j["secondary_identifier"] = m.secondary_identifier;
  j["name_possibly_truncated"] = m.name_possibly_truncated;
  j["nationality"] = m.nationality.empty() ? json(nullptr) : json(code(m.nationality));
  j["birth_date"] = date_to_json(m.birth_date);
  j["sex"] = m.sex;
  j["expiry_date"] = date_to_json(m.expiry_date);
  j["personal_number"] = m.personal_number;
  j["optional_data_1"] = m.optional_data_1;
  j["optional_data_2"] = m.optional_data_2;
  j["specimen"] = m.specimen;
  json repairs = json::array();
  for (const auto& r : m.repairs) {
    repairs.push_back({{"field", r.field},
                       {"line", r.line},
                       {"column", r.column},
                       {"original", std::string(1, r.original)},
                       {"repaired", std::string(1, r.repaired)}});
  }
  j["repairs"] = repairs;
  return j;
}

} // namespace

std::string summary(const Verdict& verdict) {
  if (verdict.outcome == Outcome::error) {
    return std::string("error: ") + (verdict.error ? verdict.error->message : "unknown error");
  }
  int passed = 0, failed = 0, warned = 0, skipped = 0;
  const Check* first_fail = nullptr;
  for (const auto& check : verdict.checks) {
    switch (check.status) {
    case Status::pass:
      ++passed;
      break;
    case Status::fail:
      ++failed;
      first_fail = first_fail ? first_fail : &check;
      break;
    case Status::warn:
      ++warned;
      break;
    case Status::skip:
      ++skipped;
      break;
    }
  }
  std::string text = to_string(verdict.outcome);
  if (first_fail) {
    text += ": " + std::string(check_name(first_fail->id)) + ": " + first_fail->message;
    if (failed > 1) {
      text += " (+" + std::to_string(failed - 1) + " more failed)";
    }
    return text;
  }
  text += ": " + std::to_string(passed) + " passed, " + std::to_string(warned) + " warnings, " +
          std::to_string(skipped) + " skipped";
  return text;
}

std::string to_json(const Envelope& envelope, const mrz::Report& report, Layout layout) {
  // nlohmann throws only on invalid UTF-8 in strings; messages may quote input bytes, so
  // replace rather than throw (no exception crosses lib/'s API).
  json j;
  j["schema_version"] = k_schema_version;
  j["tool"] = "mrtd";
  j["tool_version"] = k_version;
  j["command"] = envelope.command;
  json input = json::object();
  if (envelope.source) {
    input["source"] = *envelope.source;
  }
  if (envelope.sha256) {
    input["sha256"] = *envelope.sha256;
  }
  if (envelope.id) {
    input["id"] = *envelope.id;
  }
  j["input"] = input;
  const Verdict& verdict = report.verdict;
  j["verdict"] = to_string(verdict.outcome);
  j["summary"] = summary(verdict);
  if (verdict.error) {
    json error;
    error["code"] = to_string(verdict.error->code);
    error["message"] = verdict.error->message;
    if (verdict.error->offset >= 0) {
      error["offset"] = verdict.error->offset;
    }
    j["error"] = error;
  }
  json checks = json::array();
  for (const auto& check : verdict.checks) {
    checks.push_back(check_to_json(check));
  }
  j["checks"] = checks;
  j["data"] = report.mrz ? mrz_to_json(*report.mrz) : json(nullptr);
  return j.dump(layout == Layout::pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

} // namespace mrtd::report
