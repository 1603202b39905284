#pragma once

// Small text helpers shared by the verifiers' messages.

#include <string>
#include <string_view>
#include <vector>

namespace mrtd {

/// The items one after the other, `separator` between them ("" for none).
inline std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) {
      out += separator;
    }
    out += item;
  }
  return out;
}

} // namespace mrtd
