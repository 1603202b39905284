#include "mrz/transliterate.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>

// Doc 9303-3 §4.6 (name alphabet and punctuation) and §6 (Tables A and B), 8th edition 2021.
// The tables and their errata are documented in shared/notes/transliteration.md.
//
// What is implemented: Table A (95 rows, first-listed output, or the single-letter
// alternative for Ä Å Ö Ü with UmlautStyle::strip); Table B's general row (48 rows). Not
// implemented: Table B's per-language exceptions (Belarusian Ё IO and Г H; Serbian and
// Macedonian Ж Х Ц Ч Ш Џ Ќ; Ukrainian Г H, И Y and the first-character YE YI Y YU YA;
// Bulgarian Щ SHT), the Ñ -> NXX and Ü -> UXX alternatives, and Table C (Arabic), whose
// letters are reported as having no transliteration. Input is not NFC-normalised in
// general: a base letter followed by one combining mark (U+0300-U+036F) is composed when the
// pair is a letter of the tables, which covers decomposed input for every table row.

namespace mrtd::mrz {

namespace {

/// One table row: an upper-case code point, its first-listed MRZ output and, for the four
/// letters with a one-letter alternative, that alternative (UmlautStyle::strip).
struct Row {
  char32_t code_point;
  std::string_view mrz;
  std::string_view stripped;
};

// Table A, multinational Latin-based characters (95 rows), sorted by code point.
constexpr Row k_latin[] = {
    {0x00C0, "A", ""},   // À A grave
    {0x00C1, "A", ""},   // Á A acute
    {0x00C2, "A", ""},   // Â A circumflex
    {0x00C3, "A", ""},   // Ã A tilde
    {0x00C4, "AE", "A"}, // Ä A diaeresis // or A
    {0x00C5, "AA", "A"}, // Å A ring above // or A
    {0x00C6, "AE", ""},  // Æ ligature AE
    {0x00C7, "C", ""},   // Ç C cedilla
    {0x00C8, "E", ""},   // È E grave
    {0x00C9, "E", ""},   // É E acute
    {0x00CA, "E", ""},   // Ê E circumflex
    {0x00CB, "E", ""},   // Ë E diaeresis
    {0x00CC, "I", ""},   // Ì I grave
    {0x00CD, "I", ""},   // Í I acute
    {0x00CE, "I", ""},   // Î I circumflex
    {0x00CF, "I", ""},   // Ï I diaeresis
    {0x00D0, "D", ""},   // Ð Eth
    {0x00D1, "N", ""},   // Ñ N tilde // or NXX
    {0x00D2, "O", ""},   // Ò O grave
    {0x00D3, "O", ""},   // Ó O acute
    {0x00D4, "O", ""},   // Ô O circumflex
    {0x00D5, "O", ""},   // Õ O tilde
    {0x00D6, "OE", "O"}, // Ö O diaeresis // or O
    {0x00D8, "OE", ""},  // Ø O stroke
    {0x00D9, "U", ""},   // Ù U grave
    {0x00DA, "U", ""},   // Ú U acute
    {0x00DB, "U", ""},   // Û U circumflex
    {0x00DC, "UE", "U"}, // Ü U diaeresis // or UXX, U
    {0x00DD, "Y", ""},   // Ý Y acute
    {0x00DE, "TH", ""},  // Þ Thorn (Iceland)
    {0x0100, "A", ""},   // Ā A macron
    {0x0102, "A", ""},   // Ă A breve
    {0x0104, "A", ""},   // Ą A ogonek
    {0x0106, "C", ""},   // Ć C acute
    {0x0108, "C", ""},   // Ĉ C circumflex
    {0x010A, "C", ""},   // Ċ C dot above
    {0x010C, "C", ""},   // Č C caron
    {0x010E, "D", ""},   // Ď D caron
    {0x0110, "D", ""},   // Đ D stroke
    {0x0112, "E", ""},   // Ē E macron
    {0x0114, "E", ""},   // Ĕ E breve
    {0x0116, "E", ""},   // Ė E dot above
    {0x0118, "E", ""},   // Ę E ogonek
    {0x011A, "E", ""},   // Ě E caron
    {0x011C, "G", ""},   // Ĝ G circumflex
    {0x011E, "G", ""},   // Ğ G breve
    {0x0120, "G", ""},   // Ġ G dot above
    {0x0122, "G", ""},   // Ģ G cedilla
    {0x0124, "H", ""},   // Ĥ H circumflex
    {0x0126, "H", ""},   // Ħ H stroke
    {0x0128, "I", ""},   // Ĩ I tilde
    {0x012A, "I", ""},   // Ī I macron
    {0x012C, "I", ""},   // Ĭ I breve
    {0x012E, "I", ""},   // Į I ogonek
    {0x0130, "I", ""},   // İ I dot above
    {0x0131, "I", ""},   // ı I without dot (Turkey)
    {0x0132, "IJ", ""},  // Ĳ ligature IJ
    {0x0134, "J", ""},   // Ĵ J circumflex
    {0x0136, "K", ""},   // Ķ K cedilla
    {0x0139, "L", ""},   // Ĺ L acute
    {0x013B, "L", ""},   // Ļ L cedilla
    {0x013D, "L", ""},   // Ľ L caron
    {0x013F, "L", ""},   // Ŀ L middle dot
    {0x0141, "L", ""},   // Ł L stroke
    {0x0143, "N", ""},   // Ń N acute
    {0x0145, "N", ""},   // Ņ N cedilla
    {0x0147, "N", ""},   // Ň N caron
    {0x014A, "N", ""},   // Ŋ Eng
    {0x014C, "O", ""},   // Ō O macron
    {0x014E, "O", ""},   // Ŏ O breve
    {0x0150, "O", ""},   // Ő O double acute
    {0x0152, "OE", ""},  // Œ ligature OE
    {0x0154, "R", ""},   // Ŕ R acute
    {0x0156, "R", ""},   // Ŗ R cedilla
    {0x0158, "R", ""},   // Ř R caron
    {0x015A, "S", ""},   // Ś S acute
    {0x015C, "S", ""},   // Ŝ S circumflex
    {0x015E, "S", ""},   // Ş S cedilla
    {0x0160, "S", ""},   // Š S caron
    {0x0162, "T", ""},   // Ţ T cedilla
    {0x0164, "T", ""},   // Ť T caron
    {0x0166, "T", ""},   // Ŧ T stroke
    {0x0168, "U", ""},   // Ũ U tilde
    {0x016A, "U", ""},   // Ū U macron
    {0x016C, "U", ""},   // Ŭ U breve
    {0x016E, "U", ""},   // Ů U ring above
    {0x0170, "U", ""},   // Ű U double acute
    {0x0172, "U", ""},   // Ų U ogonek
    {0x0174, "W", ""},   // Ŵ W circumflex
    {0x0176, "Y", ""},   // Ŷ Y circumflex
    {0x0178, "Y", ""},   // Ÿ Y diaeresis
    {0x0179, "Z", ""},   // Ź Z acute
    {0x017B, "Z", ""},   // Ż Z dot above
    {0x017D, "Z", ""},   // Ž Z caron
    {0x1E9E, "SS", ""},  // ẞ double s (Germany)
};

// Table B, Cyrillic (48 rows, general outputs), sorted by code point. Three letters without
// a row get a local choice, marked below; the note explains why each is the likely intent.
constexpr Row k_cyrillic[] = {
    {0x0401, "E", ""}, // Ё Cyrillic Io; Belarusian: IO
    {0x0402, "D", ""}, // Ђ Cyrillic Dje (PDF prints the glyph Ћ)
    {0x0403, "G",
     ""}, // Ѓ Cyrillic Gje: no row; Macedonian GJ is printed under Ғ (local choice, 6th ed.)
    {0x0404, "IE", ""},   // Є Cyrillic Ukrainian Ie; Ukrainian, as first character: YE
    {0x0405, "DZ", ""},   // Ѕ Cyrillic Dze
    {0x0406, "I", ""},    // І Cyrillic Byelorussian-Ukrainian I
    {0x0407, "I", ""},    // Ї Cyrillic Yi; Ukrainian, as first character: YI
    {0x0408, "J", ""},    // Ј Cyrillic Je
    {0x0409, "LJ", ""},   // Љ Cyrillic Lje
    {0x040A, "NJ", ""},   // Њ Cyrillic Nje
    {0x040B, "C", ""},    // Ћ Cyrillic Tshe: no row since the 7th ed. (local choice, 6th ed.)
    {0x040C, "K", ""},    // Ќ Cyrillic Kje; Macedonian: KJ
    {0x040E, "U", ""},    // Ў Cyrillic Short U (PDF prints lower-case ў)
    {0x040F, "DZ", ""},   // Џ Cyrillic Dzhe; Macedonian: DJ
    {0x0410, "A", ""},    // А Cyrillic A
    {0x0411, "B", ""},    // Б Cyrillic Be
    {0x0412, "V", ""},    // В Cyrillic Ve
    {0x0413, "G", ""},    // Г Cyrillic Ghe; Belarusian, Serbian, Ukrainian: H
    {0x0414, "D", ""},    // Д Cyrillic De
    {0x0415, "E", ""},    // Е Cyrillic Ie
    {0x0416, "ZH", ""},   // Ж Cyrillic Zhe; Serbian: Z
    {0x0417, "Z", ""},    // З Cyrillic Ze
    {0x0418, "I", ""},    // И Cyrillic I; Ukrainian: Y
    {0x0419, "I", ""},    // Й Cyrillic Short I; Ukrainian, as first character: Y
    {0x041A, "K", ""},    // К Cyrillic Ka
    {0x041B, "L", ""},    // Л Cyrillic El
    {0x041C, "M", ""},    // М Cyrillic Em
    {0x041D, "N", ""},    // Н Cyrillic En
    {0x041E, "O", ""},    // О Cyrillic O
    {0x041F, "P", ""},    // П Cyrillic Pe
    {0x0420, "R", ""},    // Р Cyrillic Er
    {0x0421, "S", ""},    // С Cyrillic Es
    {0x0422, "T", ""},    // Т Cyrillic Te
    {0x0423, "U", ""},    // У Cyrillic U
    {0x0424, "F", ""},    // Ф Cyrillic Ef
    {0x0425, "KH", ""},   // Х Cyrillic Ha; Serbian, Macedonian: H
    {0x0426, "TS", ""},   // Ц Cyrillic Tse; Serbian, Macedonian: C
    {0x0427, "CH", ""},   // Ч Cyrillic Che; Serbian: C
    {0x0428, "SH", ""},   // Ш Cyrillic Sha; Serbian: S
    {0x0429, "SHCH", ""}, // Щ Cyrillic Shcha; Bulgarian: SHT
    {0x042A, "IE", ""},   // Ъ Cyrillic Hard Sign
    {0x042B, "Y", ""},    // Ы Cyrillic Yeru
    {0x042C, "", ""},     // Ь Cyrillic Soft Sign: no row; omitted (Russian and Ukrainian practice)
    {0x042D, "E", ""},    // Э Cyrillic E
    {0x042E, "IU", ""},   // Ю Cyrillic Yu; Ukrainian, as first character: YU
    {0x042F, "IA", ""},   // Я Cyrillic Ya; Ukrainian, as first character: YA
    {0x046A, "U", ""},    // Ѫ Cyrillic Big Yus
    {0x0474, "Y", ""},    // Ѵ Cyrillic Izhitsa (PDF prints Latin V)
    {0x0490, "G", ""},    // Ґ Cyrillic Ghe With Upturn
    {0x0492, "G", ""},    // Ғ Cyrillic Ghe With Stroke; Macedonian: GJ
    {0x04BA, "C", ""},    // Һ Cyrillic Shha
};

static_assert(std::size(k_latin) == 95);
static_assert(std::size(k_cyrillic) == 48 + 3);

/// Canonical composition of an upper-case base letter and one combining mark, limited to the
/// letters of the tables (generated from the Unicode 14 decompositions), sorted by base, mark.
struct Composition {
  char32_t base;
  char32_t mark;
  char32_t composed;
};

constexpr Composition k_compositions[] = {
    {0x0041, 0x0300, 0x00C0}, // À
    {0x0041, 0x0301, 0x00C1}, // Á
    {0x0041, 0x0302, 0x00C2}, // Â
    {0x0041, 0x0303, 0x00C3}, // Ã
    {0x0041, 0x0304, 0x0100}, // Ā
    {0x0041, 0x0306, 0x0102}, // Ă
    {0x0041, 0x0308, 0x00C4}, // Ä
    {0x0041, 0x030A, 0x00C5}, // Å
    {0x0041, 0x0328, 0x0104}, // Ą
    {0x0043, 0x0301, 0x0106}, // Ć
    {0x0043, 0x0302, 0x0108}, // Ĉ
    {0x0043, 0x0307, 0x010A}, // Ċ
    {0x0043, 0x030C, 0x010C}, // Č
    {0x0043, 0x0327, 0x00C7}, // Ç
    {0x0044, 0x030C, 0x010E}, // Ď
    {0x0045, 0x0300, 0x00C8}, // È
    {0x0045, 0x0301, 0x00C9}, // É
    {0x0045, 0x0302, 0x00CA}, // Ê
    {0x0045, 0x0304, 0x0112}, // Ē
    {0x0045, 0x0306, 0x0114}, // Ĕ
    {0x0045, 0x0307, 0x0116}, // Ė
    {0x0045, 0x0308, 0x00CB}, // Ë
    {0x0045, 0x030C, 0x011A}, // Ě
    {0x0045, 0x0328, 0x0118}, // Ę
    {0x0047, 0x0302, 0x011C}, // Ĝ
    {0x0047, 0x0306, 0x011E}, // Ğ
    {0x0047, 0x0307, 0x0120}, // Ġ
    {0x0047, 0x0327, 0x0122}, // Ģ
    {0x0048, 0x0302, 0x0124}, // Ĥ
    {0x0049, 0x0300, 0x00CC}, // Ì
    {0x0049, 0x0301, 0x00CD}, // Í
    {0x0049, 0x0302, 0x00CE}, // Î
    {0x0049, 0x0303, 0x0128}, // Ĩ
    {0x0049, 0x0304, 0x012A}, // Ī
    {0x0049, 0x0306, 0x012C}, // Ĭ
    {0x0049, 0x0307, 0x0130}, // İ
    {0x0049, 0x0308, 0x00CF}, // Ï
    {0x0049, 0x0328, 0x012E}, // Į
    {0x004A, 0x0302, 0x0134}, // Ĵ
    {0x004B, 0x0327, 0x0136}, // Ķ
    {0x004C, 0x0301, 0x0139}, // Ĺ
    {0x004C, 0x030C, 0x013D}, // Ľ
    {0x004C, 0x0327, 0x013B}, // Ļ
    {0x004E, 0x0301, 0x0143}, // Ń
    {0x004E, 0x0303, 0x00D1}, // Ñ
    {0x004E, 0x030C, 0x0147}, // Ň
    {0x004E, 0x0327, 0x0145}, // Ņ
    {0x004F, 0x0300, 0x00D2}, // Ò
    {0x004F, 0x0301, 0x00D3}, // Ó
    {0x004F, 0x0302, 0x00D4}, // Ô
    {0x004F, 0x0303, 0x00D5}, // Õ
    {0x004F, 0x0304, 0x014C}, // Ō
    {0x004F, 0x0306, 0x014E}, // Ŏ
    {0x004F, 0x0308, 0x00D6}, // Ö
    {0x004F, 0x030B, 0x0150}, // Ő
    {0x0052, 0x0301, 0x0154}, // Ŕ
    {0x0052, 0x030C, 0x0158}, // Ř
    {0x0052, 0x0327, 0x0156}, // Ŗ
    {0x0053, 0x0301, 0x015A}, // Ś
    {0x0053, 0x0302, 0x015C}, // Ŝ
    {0x0053, 0x030C, 0x0160}, // Š
    {0x0053, 0x0327, 0x015E}, // Ş
    {0x0054, 0x030C, 0x0164}, // Ť
    {0x0054, 0x0327, 0x0162}, // Ţ
    {0x0055, 0x0300, 0x00D9}, // Ù
    {0x0055, 0x0301, 0x00DA}, // Ú
    {0x0055, 0x0302, 0x00DB}, // Û
    {0x0055, 0x0303, 0x0168}, // Ũ
    {0x0055, 0x0304, 0x016A}, // Ū
    {0x0055, 0x0306, 0x016C}, // Ŭ
    {0x0055, 0x0308, 0x00DC}, // Ü
    {0x0055, 0x030A, 0x016E}, // Ů
    {0x0055, 0x030B, 0x0170}, // Ű
    {0x0055, 0x0328, 0x0172}, // Ų
    {0x0057, 0x0302, 0x0174}, // Ŵ
    {0x0059, 0x0301, 0x00DD}, // Ý
    {0x0059, 0x0302, 0x0176}, // Ŷ
    {0x0059, 0x0308, 0x0178}, // Ÿ
    {0x005A, 0x0301, 0x0179}, // Ź
    {0x005A, 0x0307, 0x017B}, // Ż
    {0x005A, 0x030C, 0x017D}, // Ž
    {0x0406, 0x0308, 0x0407}, // Ї
    {0x0413, 0x0301, 0x0403}, // Ѓ
    {0x0415, 0x0308, 0x0401}, // Ё
    {0x0418, 0x0306, 0x0419}, // Й
    {0x041A, 0x0301, 0x040C}, // Ќ
    {0x0423, 0x0306, 0x040E}, // Ў
};

constexpr bool sorted_rows(const Row* begin, const Row* end) {
  for (const Row* row = begin; row + 1 < end; ++row) {
    if (row->code_point >= (row + 1)->code_point) {
      return false;
    }
  }
  return true;
}
static_assert(sorted_rows(std::begin(k_latin), std::end(k_latin)));
static_assert(sorted_rows(std::begin(k_cyrillic), std::end(k_cyrillic)));

const Row* find_row(char32_t code_point) noexcept {
  const auto search = [code_point](const Row* begin, const Row* end) -> const Row* {
    const Row* row = std::lower_bound(begin, end, code_point,
                                      [](const Row& r, char32_t cp) { return r.code_point < cp; });
    return row != end && row->code_point == code_point ? row : nullptr;
  };
  if (const Row* row = search(std::begin(k_latin), std::end(k_latin))) {
    return row;
  }
  return search(std::begin(k_cyrillic), std::end(k_cyrillic));
}

std::optional<char32_t> compose(char32_t base, char32_t mark) noexcept {
  for (const Composition& c : k_compositions) {
    if (c.base == base && c.mark == mark) {
      return c.composed;
    }
  }
  return std::nullopt;
}

/// Upper-case mapping for the lower-case letters of Latin-1, Latin Extended-A and Cyrillic
/// (Unicode simple case mapping; ß and ŉ, whose full mappings are SS and ʼN, are handled by
/// the caller). Other code points are returned unchanged.
char32_t to_upper(char32_t cp) noexcept {
  if (cp >= U'a' && cp <= U'z') {
    return cp - 0x20;
  }
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) { // à..þ except ÷
    return cp - 0x20;
  }
  switch (cp) {
  case 0xFF: // ÿ
    return 0x178;
  case 0x131: // dotless ı
    return U'I';
  case 0x17F: // long s ſ
    return U'S';
  default:
    break;
  }
  // Latin Extended-A pairs: upper case on even code points, except in 0139-0148 and 0179-017E.
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) {
    return cp & ~char32_t{1};
  }
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) {
    return cp % 2 == 0 ? cp - 1 : cp;
  }
  if (cp >= 0x430 && cp <= 0x44F) { // а..я
    return cp - 0x20;
  }
  if (cp >= 0x450 && cp <= 0x45F) { // ѐ..џ
    return cp - 0x50;
  }
  if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF)) { // paired, even upper
    return cp & ~char32_t{1};
  }
  return cp;
}

bool is_combining_mark(char32_t cp) noexcept {
  return cp >= 0x300 && cp <= 0x36F;
}

/// Characters that separate name components: one `<` however many there are in a row.
bool is_separator(char32_t cp) noexcept {
  switch (cp) {
  case U' ':
  case U'\t':
  case 0xA0:   // no-break space
  case 0x202F: // narrow no-break space
  case U'-':
  case U',':
  case U'<': // already the MRZ filler
    return true;
  default:
    return cp >= 0x2010 && cp <= 0x2015; // hyphen, non-breaking hyphen, dashes
  }
}

/// Punctuation that is removed without a filler (§4.6: apostrophes, full stops and "any other
/// punctuation"): Unicode P* characters of ASCII other than the separators, apostrophe-like
/// marks, quotation marks, guillemets and the middle dot. Symbols ($ + = ...) are not names.
bool is_removed_punctuation(char32_t cp) noexcept {
  if (cp < 0x80) {
    return std::string_view("!\"#%&'()*./:;?@[\\]_{}`").find(static_cast<char>(cp)) !=
           std::string_view::npos;
  }
  switch (cp) {
  case 0xA1:   // ¡
  case 0xAB:   // «
  case 0xB4:   // acute accent used as an apostrophe
  case 0xB7:   // middle dot (Catalan l·l)
  case 0xBB:   // »
  case 0xBF:   // ¿
  case 0x2B9:  // modifier prime
  case 0x2BB:  // modifier turned comma (ʻokina)
  case 0x2BC:  // modifier apostrophe
  case 0x2039: // ‹
  case 0x203A: // ›
    return true;
  default:
    return cp >= 0x2018 && cp <= 0x201F; // quotation marks
  }
}

/// One decoded code point and its length in bytes; length 0 for invalid UTF-8 (overlong
/// forms, surrogates, code points above U+10FFFF, truncated or stray continuation bytes).
struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 0;
};

Decoded decode_utf8(std::string_view text, std::size_t pos) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t lead = byte(pos);
  if (lead < 0x80) {
    return {lead, 1};
  }
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1Fu;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0Fu;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07u;
    minimum = 0x10000;
  } else {
    return {};
  }
  if (pos + length > text.size()) {
    return {};
  }
  for (std::size_t i = 1; i < length; ++i) {
    const std::uint8_t next = byte(pos + i);
    if ((next & 0xC0) != 0x80) {
      return {};
    }
    cp = (cp << 6) | (next & 0x3Fu);
  }
  if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return {};
  }
  return {cp, length};
}

std::string code_point_name(char32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
  return buffer;
}

Error error_at(std::string message, std::size_t offset) {
  return make_error(ErrorCode::invalid_argument, std::move(message),
                    static_cast<std::ptrdiff_t>(offset));
}

/// A name as components of letters, checked for the shape name_field() needs.
bool is_identifier(std::string_view text) noexcept {
  if (text.empty()) {
    return true;
  }
  if (text.front() == '<' || text.back() == '<' || text.find("<<") != std::string_view::npos) {
    return false;
  }
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || c == '<'; });
}

/// Cuts `text` (letters with single `<` between components) to exactly `length` characters
/// that end in a letter. When the cut lands on a separator, the last component of two or more
/// letters before it loses its last letter, so that the next component's initial moves into
/// the last position (ICAO: `LINDQVIST<ANDERSSON<<KRISTIN<M`). nullopt when every component
/// before the cut is a single letter. `text` must be longer than `length`, and text[length]
/// must be a letter whenever text[length - 1] is `<`.
std::optional<std::string> cut_ending_in_letter(std::string text, std::size_t length) {
  if (length == 0 || text.size() <= length) {
    return std::nullopt;
  }
  if (text[length - 1] != '<') {
    text.resize(length);
    return text;
  }
  // Find the last run of at least two letters ending before position length - 1.
  for (std::size_t end = length - 1; end >= 2; --end) {
    if (text[end - 1] != '<' && text[end - 2] != '<' && (end == text.size() || text[end] == '<')) {
      text.erase(end - 1, 1);
      text.resize(length);
      return text;
    }
  }
  return std::nullopt;
}

} // namespace

Result<std::string> transliterate_name(std::string_view utf8,
                                       const TransliterationOptions& options) {
  std::string out;
  bool separate = false;
  const auto emit = [&](std::string_view letters) {
    if (letters.empty()) {
      return;
    }
    if (separate && !out.empty()) {
      out += '<';
    }
    separate = false;
    out += letters;
  };

  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const Decoded d = decode_utf8(utf8, pos);
    if (d.length == 0) {
      return error_at("invalid UTF-8 at byte " + std::to_string(pos), pos);
    }
    const std::size_t start = pos;
    pos += d.length;
    // A following combining mark belongs to this character.
    std::optional<char32_t> mark;
    if (pos < utf8.size()) {
      const Decoded next = decode_utf8(utf8, pos);
      if (next.length != 0 && is_combining_mark(next.code_point)) {
        mark = next.code_point;
        pos += next.length;
        if (pos < utf8.size()) {
          const Decoded third = decode_utf8(utf8, pos);
          if (third.length != 0 && is_combining_mark(third.code_point)) {
            return error_at("no transliteration for " + code_point_name(d.code_point) + " with " +
                                code_point_name(*mark) + " " + code_point_name(third.code_point),
                            start);
          }
        }
      }
    }

    char32_t cp = d.code_point;
    if (cp >= U'0' && cp <= U'9') {
      return error_at(std::string("digit '") + static_cast<char>(cp) + "' in a name", start);
    }
    if (is_combining_mark(cp)) {
      return error_at("combining mark " + code_point_name(cp) + " without a letter", start);
    }
    if (is_separator(cp) || is_removed_punctuation(cp)) {
      if (mark) {
        return error_at("combining mark " + code_point_name(*mark) + " without a letter", start);
      }
      separate = separate || is_separator(cp);
      continue;
    }

    // Upper-case (full case mapping for ß and ŉ), then compose a combining mark.
    if (cp == 0xDF) {
      cp = 0x1E9E; // ß -> SS, the row of capital ẞ
    } else if (cp == 0x149) {
      cp = U'N'; // ŉ -> ʼN; the apostrophe is removed
    } else {
      cp = to_upper(cp);
    }
    if (mark) {
      const auto composed = compose(cp, *mark);
      if (!composed) {
        return error_at("no transliteration for " + code_point_name(d.code_point) + " with " +
                            code_point_name(*mark),
                        start);
      }
      cp = *composed;
    }
    if (cp >= U'A' && cp <= U'Z') {
      const char letter = static_cast<char>(cp);
      emit(std::string_view(&letter, 1));
      continue;
    }
    const Row* row = find_row(cp);
    if (row == nullptr) {
      return error_at("no transliteration for " + code_point_name(d.code_point), start);
    }
    emit(options.umlauts == UmlautStyle::strip && !row->stripped.empty() ? row->stripped
                                                                         : row->mrz);
  }
  return out;
}

Result<std::string> name_field(std::string_view primary, std::string_view secondary,
                               std::size_t length) {
  if (primary.empty()) {
    return make_error(ErrorCode::invalid_argument, "primary identifier is empty");
  }
  if (!is_identifier(primary)) {
    return make_error(ErrorCode::invalid_argument,
                      "primary identifier '" + std::string(primary) +
                          "' is not letters A-Z with single '<' between components");
  }
  if (!is_identifier(secondary)) {
    return make_error(ErrorCode::invalid_argument,
                      "secondary identifier '" + std::string(secondary) +
                          "' is not letters A-Z with single '<' between components");
  }
  const auto too_short = [&] {
    return make_error(ErrorCode::invalid_argument, "name cannot be truncated to " +
                                                       std::to_string(length) +
                                                       " characters ending in a letter");
  };

  std::string full(primary);
  if (!secondary.empty()) {
    full += "<<";
    full += secondary;
  }
  if (full.size() <= length) {
    full.resize(length, '<');
    return full;
  }

  // Truncation (Doc 9303-4 §4.2.2.3 and the same clause of Parts 5-7): the field is full and
  // ends in a letter.
  if (secondary.empty()) {
    auto cut = cut_ending_in_letter(std::string(primary), length);
    if (!cut) {
      return too_short();
    }
    return std::move(*cut);
  }
  if (length < 4) {
    return too_short();
  }
  if (primary.size() > length - 3) {
    // The primary identifier, `<<` and the secondary identifier's initial must fit.
    auto cut = cut_ending_in_letter(std::string(primary), length - 3);
    if (!cut) {
      return too_short();
    }
    *cut += "<<";
    *cut += secondary.front();
    return std::move(*cut);
  }
  // The primary identifier fits with at least the initial: cut the secondary identifier where
  // the field ends. `<<` then lies before position length - 1, so a separator at the cut is a
  // single one inside the secondary identifier.
  auto cut = cut_ending_in_letter(std::move(full), length);
  if (!cut) {
    return too_short();
  }
  return std::move(*cut);
}

} // namespace mrtd::mrz
