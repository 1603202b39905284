#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd {

/// One member of a flat JSON object.
struct FlatMember {
  enum class Kind { string, integer, boolean, null };
  std::string key;
  std::string value; ///< the decoded string, or the integer / true / false / null as written
  Kind kind = Kind::string;
};

/// Parses `text` when it is exactly one JSON object (RFC 8259) whose members are strings,
/// integers of at most 18 digits, booleans or null, with distinct keys and valid UTF-8 — the
/// shape of batch records such as {"mrz": "...", "id": 7}. Returns nullopt for anything else,
/// valid or not: callers then use a full JSON parser, which also words the error. The fast
/// path exists because a DOM parse costs more than checking the MRZ it carries.
std::optional<std::vector<FlatMember>> parse_flat_object(std::string_view text);

} // namespace mrtd
