#include "mrz/format.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace mrtd::mrz {

const char* to_string(Format format) noexcept {
  switch (format) {
  case Format::td1:
    return "TD1";
  case Format::td2:
    return "TD2";
  case Format::td3:
    return "TD3";
  case Format::mrv_a:
    return "MRV-A";
  case Format::mrv_b:
    return "MRV-B";
  case Format::fra_id:
    return "FRA-ID";
  }
  return "TD3";
}

std::optional<Format> parse_format(std::string_view name) noexcept {
  std::string key;
  for (char c : name) {
    if (c != '-' && c != '_') {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (key == "td1") {
    return Format::td1;
  }
  if (key == "td2") {
    return Format::td2;
  }
  if (key == "td3") {
    return Format::td3;
  }
  if (key == "mrva") {
    return Format::mrv_a;
  }
  if (key == "mrvb") {
    return Format::mrv_b;
  }
  if (key == "fraid" || key == "fra") {
    return Format::fra_id;
  }
  return std::nullopt;
}

int name_field_length(Format format) noexcept {
  switch (format) {
  case Format::td3:
  case Format::mrv_a:
    return 39;
  case Format::td2:
  case Format::mrv_b:
    return 31;
  case Format::td1:
    return 30;
  case Format::fra_id:
    return 0;
  }
  return 0;
}

} // namespace mrtd::mrz
