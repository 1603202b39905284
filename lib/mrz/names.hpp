#pragma once

#include <string>
#include <string_view>

namespace mrtd::mrz {

/// A name field read back (Doc 9303-3 §4.6): the primary identifier before the first `<<`, the
/// secondary identifier after it, each with its components joined by single spaces.
struct NameParts {
  std::string primary;
  std::string secondary;
  bool possibly_truncated = false; ///< the field ends in a letter (Doc 9303-4..7: full field)
};

/// Splits a name field as printed (fillers included). Never fails: content outside the
/// alphabet is kept as is (the name checks report it).
NameParts split_name(std::string_view field);

} // namespace mrtd::mrz
