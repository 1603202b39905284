#include "mrz/names.hpp"

#include "mrz/detail/fields.hpp"

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

} // namespace mrtd::mrz
