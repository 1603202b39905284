#include "mrz/names.hpp"

#include "mrz/detail/engine.hpp"
#include "mrz/detail/fields.hpp"

#include <algorithm>

namespace mrtd::mrz {

namespace {

// Components separated by single fillers become words separated by single spaces.
std::string components(std::string_view part) {
  std::string out;
  for (char c : part) {
    if (c == '<') {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

} // namespace

NameParts split_name(std::string_view field) {
  NameParts parts;
  parts.possibly_truncated = !field.empty() && field.back() != '<';
  const std::string_view content = detail::trim_fillers(field);
  const auto separator = content.find("<<");
  parts.primary = components(content.substr(0, separator));
  if (separator != std::string_view::npos) {
    parts.secondary = components(content.substr(separator + 2));
  }
  return parts;
}

namespace detail {

namespace {

// Structural problems of an ICAO name field; empty when it conforms.
std::string structure_problem(std::string_view field) {
  if (all_fillers(field)) {
    return "the name field is empty";
  }
  if (field[0] == '<') {
    return "the primary identifier is empty (the field starts with a filler)";
  }
  const std::string_view content = trim_fillers(field);
  if (content.find("<<<") != std::string_view::npos) {
    return "a run of three or more fillers inside the name";
  }
  const auto separator = content.find("<<");
  if (separator != std::string_view::npos &&
      content.find("<<", separator + 2) != std::string_view::npos) {
    return "more than one << between name parts (only one separates primary and secondary)";
  }
  return {};
}

std::string bad_characters(std::string_view field) {
  std::string bad;
  for (char c : field) {
    if (!((c >= 'A' && c <= 'Z') || c == '<') && bad.find(c) == std::string::npos) {
      bad += c;
    }
  }
  return bad;
}

} // namespace

void check_name(const std::vector<std::string>& lines, Format format, Verdict& verdict, Mrz& mrz) {
  const FieldMap& map = field_map(format);
  const std::string_view field = get(lines, map.name);
  const std::string_view given = get(lines, map.given_names); // FRA-ID only

  std::string bad = bad_characters(field) + bad_characters(given);
  if (bad.empty()) {
    verdict.add(CheckId::mrz_name_characters, Status::pass, "name holds only A-Z and <");
  } else {
    verdict.add(CheckId::mrz_name_characters, Status::fail,
                "name holds characters other than A-Z and <: '" + bad + "'")
        .found = std::string(field) + std::string(given);
  }

  if (format == Format::fra_id) {
    // French card: surname field, then a given-names field whose names are separated by <<.
    const NameParts surname = split_name(field);
    mrz.primary_identifier = surname.primary;
    std::string names;
    for (char c : trim_fillers(given)) {
      names += c == '<' ? ' ' : c;
    }
    // `<<` between given names folds into one space.
    names.erase(std::unique(names.begin(), names.end(),
                            [](char a, char b) { return a == ' ' && b == ' '; }),
                names.end());
    mrz.secondary_identifier = names;
    mrz.name_possibly_truncated = !field.empty() && field.back() != '<';
    const bool ok = !field.empty() && field[0] != '<';
    verdict.add(CheckId::mrz_name_structure, ok ? Status::pass : Status::fail,
                ok ? "surname field filled from the left" : "the surname field is empty");
  } else {
    const NameParts parts = split_name(field);
    mrz.primary_identifier = parts.primary;
    mrz.secondary_identifier = parts.secondary;
    mrz.name_possibly_truncated = parts.possibly_truncated;
    const std::string problem = structure_problem(field);
    verdict.add(CheckId::mrz_name_structure, problem.empty() ? Status::pass : Status::fail,
                problem.empty() ? (parts.secondary.empty()
                                       ? "primary identifier only (no secondary identifier)"
                                       : "primary identifier, <<, secondary identifier")
                                : problem)
        .found = std::string(field);
  }
  if (mrz.name_possibly_truncated) {
    verdict.add(CheckId::mrz_name_truncation, Status::warn,
                "the name fills its field to the last position: it may be truncated");
  } else {
    verdict.add(CheckId::mrz_name_truncation, Status::pass, "the name ends before the field does");
  }
}

} // namespace detail

} // namespace mrtd::mrz
