#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>

namespace mrtd::mrz {

/// Choices the issuing state makes where Doc 9303-3 §6 lists alternatives.
enum class UmlautStyle {
  expand, ///< Ä -> AE, Ö -> OE, Ü -> UE, Å -> AA (first-listed, default)
  strip   ///< Ä -> A, Ö -> O, Ü -> U, Å -> A
};

struct TransliterationOptions {
  UmlautStyle umlauts = UmlautStyle::expand;
};

/// Transliterates one name (UTF-8, any case) into the MRZ name alphabet per Doc 9303-3 §4.6
/// and §6 (Table A Latin, Table B Cyrillic): upper-cases, maps national characters, drops
/// apostrophes and other punctuation, and turns spaces, hyphens and commas into a single `<`
/// between components. Leading/trailing separators are removed. Errors: invalid UTF-8, a
/// digit, or a character with no transliteration (invalid_argument, with the character).
Result<std::string> transliterate_name(std::string_view utf8,
                                       const TransliterationOptions& options);

/// Builds the name field of `length` characters from already transliterated primary and
/// secondary identifiers (components separated by single `<`), padding with `<` or truncating
/// per Doc 9303-4..7: the primary identifier, `<<` and at least the initial of the secondary
/// one must fit; a truncated field ends in a letter. Error when no conforming field exists.
Result<std::string> name_field(std::string_view primary, std::string_view secondary,
                               std::size_t length);

} // namespace mrtd::mrz
