#pragma once

#include "core/result.hpp"
#include "mrz/format.hpp"
#include "mrz/transliterate.hpp"

#include <string>
#include <vector>

namespace mrtd::mrz {

/// How `make` writes a TD1/TD2 document number longer than nine characters: the check digit
/// over the number alone (default) or over the nine characters, the filler and the overflow.
enum class LongNumberFiller { exclude, include };

/// The data of an MRZ to build. Text fields are UTF-8 as printed in the VIZ; names are
/// transliterated (Doc 9303-3 §6), other fields must already be in the MRZ alphabet after
/// upper-casing (spaces and punctuation in numbers become `<`).
struct MakeInput {
  Format format = Format::td3;
  std::string document_code;   ///< empty: P (TD3), I (TD1/TD2), V (visas)
  std::string issuing_state;   ///< MRZ code (`D`, `UTO`) or ISO alpha-2
  std::string nationality;     ///< as issuing_state
  std::string surname;         ///< primary identifier; when empty, given_names take its place
  std::string given_names;     ///< secondary identifier; may be empty
  std::string document_number; ///< up to 9 (TD3, visas) or more (TD1/TD2 overflow)
  std::string birth_date;      ///< YYYY-MM-DD, or YYMMDD with `<` for unknown parts
  std::string sex;             ///< M, F, X or < (X and < are written as <)
  std::string expiry_date;     ///< YYYY-MM-DD or YYMMDD
  std::string optional_data;   ///< TD3 personal number; TD1/TD2/visa optional data (line 1 for TD1)
  std::string optional_data_2; ///< TD1 line 2 optional data
  LongNumberFiller long_number_filler = LongNumberFiller::exclude;
  TransliterationOptions transliteration;
};

/// Builds the MRZ lines of `input.format`, computing every check digit and truncating the
/// name per Doc 9303-4..7. Errors (invalid_argument) name the offending field: unknown state
/// code, a field too long, a character that cannot be transliterated, an impossible date.
/// FRA-ID is unsupported.
Result<std::vector<std::string>> make(const MakeInput& input);

} // namespace mrtd::mrz
