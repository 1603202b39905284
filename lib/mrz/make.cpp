#include "mrz/make.hpp"

#include "core/date.hpp"
#include "mrz/check_digit.hpp"
#include "mrz/countries.hpp"

#include <algorithm>

// Builds the MRZ of Doc 9303-4 (TD3), -5 (TD1), -6 (TD2) and -7 (MRV-A, MRV-B). Each
// format's lines are assembled field by field in the order of the standard's data element
// directory, so the positions can be read off the code; every line is checked for its length.

namespace mrtd::mrz {

namespace {

Error field_error(std::string message) {
  return make_error(ErrorCode::invalid_argument, std::move(message));
}

char ascii_upper(char c) noexcept {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return ascii_upper(c); });
  return out;
}

bool is_mrz_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool all_fillers(std::string_view text) noexcept {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == '<'; });
}

std::string padded(std::string text, std::size_t length) {
  text.resize(length, '<');
  return text;
}

/// A document number or optional data in the MRZ alphabet: upper-cased, spaces and hyphens
/// written as `<` (Doc 9303-3 §4.6), at most `max` characters. Errors name `field`.
Result<std::string> mrz_text(std::string_view field, std::string_view value, std::size_t max) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    c = (c == ' ' || c == '-') ? '<' : ascii_upper(c);
    if (!is_mrz_char(c)) {
      return field_error(std::string(field) + " '" + std::string(value) +
                         "' has a character outside A-Z, 0-9 and '<'");
    }
    out += c;
  }
  if (out.size() > max) {
    return field_error(std::string(field) + " '" + std::string(value) + "' is too long (" +
                       std::to_string(out.size()) + " characters, at most " + std::to_string(max) +
                       ")");
  }
  return out;
}

/// The two-character document code. Its first letter is fixed per format (Doc 9303-4..7
/// §4.2.2): P for passports, A, C or I for TD1/TD2 cards, V for visas.
Result<std::string> document_code(std::string_view value, Format format) {
  const bool visa = format == Format::mrv_a || format == Format::mrv_b;
  const std::string_view allowed = format == Format::td3 ? "P" : visa ? "V" : "ACI";
  std::string code = ascii_upper(value);
  if (code.empty()) {
    code = format == Format::td3 ? "P" : visa ? "V" : "I";
  }
  if (code.size() > 2 || allowed.find(code[0]) == std::string_view::npos ||
      (code.size() == 2 && !(code[1] == '<' || (code[1] >= 'A' && code[1] <= 'Z')))) {
    std::string expected;
    for (char c : allowed) {
      expected += expected.empty() ? "" : (c == allowed.back() ? " or " : ", ");
      expected += c;
    }
    return field_error("document code '" + std::string(value) + "' is not valid for " +
                       to_string(format) + " (one or two letters starting with " + expected + ")");
  }
  return padded(std::move(code), 2);
}

/// An issuing state or nationality field (three characters, `D<<`).
Result<std::string> state_field(std::string_view field, std::string_view value) {
  if (value.empty()) {
    return field_error(std::string(field) + " is required");
  }
  auto code = country_field(ascii_upper(value));
  if (!code) {
    return field_error(std::string(field) + " '" + std::string(value) +
                       "' is not an ICAO or ISO 3166-1 country code");
  }
  return std::move(*code);
}

/// A date field YYMMDD from YYYY-MM-DD or YYMMDD. Only a birth date may have unknown parts,
/// written `<<` (Doc 9303-3 §4.6 / -4 note c); the known parts must be possible.
Result<std::string> date_field(std::string_view field, std::string_view value, bool birth) {
  if (value.empty()) {
    return field_error(std::string(field) + " is required");
  }
  const auto invalid = [&] {
    return field_error(std::string(field) + " '" + std::string(value) +
                       "' is not a valid date (YYYY-MM-DD or YYMMDD" +
                       (birth ? ", with << for unknown parts)" : ")"));
  };
  if (value.size() == 10) {
    const auto date = parse_iso_date(value);
    if (!date) {
      return invalid();
    }
    return std::string(value.substr(2, 2)) + std::string(value.substr(5, 2)) +
           std::string(value.substr(8, 2));
  }
  if (value.size() != 6) {
    return invalid();
  }
  int parts[3] = {-1, -1, -1}; // year, month, day; -1 unknown
  for (std::size_t i = 0; i < 3; ++i) {
    const char high = value[2 * i];
    const char low = value[2 * i + 1];
    if (is_digit(high) && is_digit(low)) {
      parts[i] = (high - '0') * 10 + (low - '0');
    } else if (!(birth && high == '<' && low == '<')) {
      return invalid();
    }
  }
  const int year = parts[0];
  const int month = parts[1];
  const int day = parts[2];
  if ((month != -1 && (month < 1 || month > 12)) || (day != -1 && (day < 1 || day > 31))) {
    return invalid();
  }
  if (month != -1 && day != -1) {
    // Without a century, a day is possible when it exists in 19YY or 20YY (29 February of
    // 00 only in 2000); with an unknown year, in a leap year.
    const bool possible = year == -1 ? is_valid_date(2000, month, day)
                                     : is_valid_date(1900 + year, month, day) ||
                                           is_valid_date(2000 + year, month, day);
    if (!possible) {
      return invalid();
    }
  }
  return std::string(value);
}

/// Sex: M, F, or `<` for unspecified (the VIZ's X; Doc 9303-3 §4.6).
Result<char> sex_field(std::string_view value) {
  const std::string sex = ascii_upper(value);
  if (sex == "M" || sex == "F") {
    return sex[0];
  }
  if (sex == "X" || sex == "<") {
    return '<';
  }
  if (sex.empty()) {
    return field_error("sex is required (M, F, X or <)");
  }
  return field_error("sex '" + std::string(value) + "' is not M, F, X or <");
}

/// The name field: surname and given names transliterated (Doc 9303-3 §6), then padded or
/// truncated. A name with only given names is written as the primary identifier, since a
/// name that cannot be split goes there (Doc 9303-3 §4.6).
Result<std::string> name(const MakeInput& input, std::size_t length) {
  auto primary = transliterate_name(input.surname, input.transliteration);
  if (!primary) {
    return field_error("surname: " + primary.error().message);
  }
  auto secondary = transliterate_name(input.given_names, input.transliteration);
  if (!secondary) {
    return field_error("given names: " + secondary.error().message);
  }
  if (primary->empty()) {
    std::swap(*primary, *secondary);
  }
  if (primary->empty()) {
    return field_error("name is required (surname or given names with at least one letter)");
  }
  auto field = name_field(*primary, *secondary, length);
  if (!field) {
    return field_error("name: " + field.error().message);
  }
  return std::move(*field);
}

/// The document number field, its check digit and what it puts at the start of the optional
/// data. A TD1/TD2 number over nine characters continues there (Doc 9303-5 §4.2.2 note j,
/// Doc 9303-6 likewise): `<` in the check-digit position, the rest of the number, its check
/// digit and a filler, so that a reader finds the digit before the first filler.
struct Number {
  std::string field;    ///< nine characters
  char check = '<';     ///< check digit, `<` for a long number
  std::string overflow; ///< what opens the optional data; empty for a short number
};

Result<Number> number_fields(const MakeInput& input, std::size_t optional_length) {
  const bool may_overflow = input.format == Format::td1 || input.format == Format::td2;
  // The overflow needs room for at least one character, the check digit and the filler.
  const std::size_t max = may_overflow ? 9 + optional_length - 2 : 9;
  auto number = mrz_text("document number", input.document_number, max);
  if (!number) {
    return number.error();
  }
  if (all_fillers(*number)) {
    return field_error("document number is required");
  }
  if (number->size() <= 9) {
    std::string field = padded(std::move(*number), 9);
    const char check = check_digit_char(field);
    return Number{std::move(field), check, {}};
  }
  const std::string field = number->substr(0, 9);
  const std::string rest = number->substr(9);
  if (rest.find('<') != std::string::npos) {
    return field_error("document number '" + input.document_number +
                       "': a number over nine characters may not have a filler after the ninth");
  }
  const char check = input.long_number_filler == LongNumberFiller::include
                         ? static_cast<char>('0' + *compute_check_digit({field, "<", rest}))
                         : check_digit_char(*number);
  return Number{field, '<', rest + check + '<'};
}

/// The optional data after any long-number overflow, padded to `length`.
Result<std::string> optional_field(std::string_view field, std::string_view value,
                                   const std::string& overflow, std::size_t length) {
  auto data = mrz_text(field, value, length - std::min(length, overflow.size()));
  if (!data) {
    if (!overflow.empty()) {
      return field_error(data.error().message + " after the continued document number");
    }
    return data.error();
  }
  return padded(overflow + *data, length);
}

/// The fields every format has, converted to the MRZ alphabet and validated.
struct Common {
  std::string code;
  std::string state;
  std::string nationality;
  std::string name;
  std::string birth;
  char sex = '<';
  std::string expiry;
};

Result<Common> common_fields(const MakeInput& input) {
  Common c;
  auto code = document_code(input.document_code, input.format);
  if (!code) {
    return code.error();
  }
  c.code = std::move(*code);
  auto state = state_field("issuing state", input.issuing_state);
  if (!state) {
    return state.error();
  }
  c.state = std::move(*state);
  auto nationality = state_field("nationality", input.nationality);
  if (!nationality) {
    return nationality.error();
  }
  c.nationality = std::move(*nationality);
  auto field = name(input, static_cast<std::size_t>(name_field_length(input.format)));
  if (!field) {
    return field.error();
  }
  c.name = std::move(*field);
  auto birth = date_field("birth date", input.birth_date, true);
  if (!birth) {
    return birth.error();
  }
  c.birth = std::move(*birth);
  auto sex = sex_field(input.sex);
  if (!sex) {
    return sex.error();
  }
  c.sex = *sex;
  auto expiry = date_field("expiry date", input.expiry_date, false);
  if (!expiry) {
    return expiry.error();
  }
  c.expiry = std::move(*expiry);
  return c;
}

std::string with_check(const std::string& field) {
  return field + check_digit_char(field);
}

/// TD3 (Doc 9303-4 §4.2.2) and the visas MRV-A and MRV-B (Doc 9303-7 §4.2.2), which share
/// line 1 and the first 28 characters of line 2.
Result<std::vector<std::string>> make_two_line(const MakeInput& input, const Common& c) {
  auto number = number_fields(input, 0);
  if (!number) {
    return number.error();
  }
  std::string line1 = c.code + c.state + c.name;
  std::string line2 = number->field + number->check + c.nationality + with_check(c.birth) + c.sex +
                      with_check(c.expiry);
  if (input.format == Format::td3) {
    auto personal = mrz_text("personal number", input.optional_data, 14);
    if (!personal) {
      return personal.error();
    }
    // An unused personal number is all fillers, and so is its check digit (`0` is also
    // allowed on reading; Doc 9303-4 note j).
    const std::string field = padded(std::move(*personal), 14);
    line2 += field;
    line2 += all_fillers(field) ? '<' : check_digit_char(field);
    const std::string_view l2 = line2;
    line2 += static_cast<char>(
        '0' + *compute_check_digit({l2.substr(0, 10), l2.substr(13, 7), l2.substr(21, 22)}));
  } else {
    const std::size_t length = input.format == Format::mrv_a ? 16 : 8;
    auto optional = mrz_text("optional data", input.optional_data, length);
    if (!optional) {
      return optional.error();
    }
    line2 += padded(std::move(*optional), length);
  }
  return std::vector<std::string>{std::move(line1), std::move(line2)};
}

/// TD2 (Doc 9303-6 §4.2.2).
Result<std::vector<std::string>> make_td2(const MakeInput& input, const Common& c) {
  auto number = number_fields(input, 7);
  if (!number) {
    return number.error();
  }
  auto optional = optional_field("optional data", input.optional_data, number->overflow, 7);
  if (!optional) {
    return optional.error();
  }
  std::string line1 = c.code + c.state + c.name;
  std::string line2 = number->field + number->check + c.nationality + with_check(c.birth) + c.sex +
                      with_check(c.expiry) + *optional;
  const std::string_view l2 = line2;
  line2 += static_cast<char>(
      '0' + *compute_check_digit({l2.substr(0, 10), l2.substr(13, 7), l2.substr(21, 14)}));
  return std::vector<std::string>{std::move(line1), std::move(line2)};
}

/// TD1 (Doc 9303-5 §4.2.2).
Result<std::vector<std::string>> make_td1(const MakeInput& input, const Common& c) {
  auto number = number_fields(input, 15);
  if (!number) {
    return number.error();
  }
  auto optional1 = optional_field("optional data", input.optional_data, number->overflow, 15);
  if (!optional1) {
    return optional1.error();
  }
  auto optional2 = mrz_text("optional data 2", input.optional_data_2, 11);
  if (!optional2) {
    return optional2.error();
  }
  std::string line1 = c.code + c.state + number->field + number->check + *optional1;
  std::string line2 = with_check(c.birth) + c.sex + with_check(c.expiry) + c.nationality +
                      padded(std::move(*optional2), 11);
  const std::string_view l1 = line1;
  const std::string_view l2 = line2;
  line2 += static_cast<char>('0' + *compute_check_digit({l1.substr(5, 25), l2.substr(0, 7),
                                                         l2.substr(8, 7), l2.substr(18, 11)}));
  return std::vector<std::string>{std::move(line1), std::move(line2), c.name};
}

} // namespace

Result<std::vector<std::string>> make(const MakeInput& input) {
  if (input.format == Format::fra_id) {
    return make_error(ErrorCode::unsupported, "mrz make does not build FRA-ID");
  }
  if (input.format != Format::td1 && !input.optional_data_2.empty()) {
    return field_error("optional data 2 is only used by TD1");
  }
  auto common = common_fields(input);
  if (!common) {
    return common.error();
  }
  auto lines = input.format == Format::td1   ? make_td1(input, *common)
               : input.format == Format::td2 ? make_td2(input, *common)
                                             : make_two_line(input, *common);
  if (!lines) {
    return lines;
  }
  // Every field above has a fixed width; a wrong line length is a bug, not bad input.
  const Shape expected = shape(input.format);
  for (const std::string& line : *lines) {
    if (line.size() != static_cast<std::size_t>(expected.length)) {
      return make_error(ErrorCode::malformed, "internal error: made a line of " +
                                                  std::to_string(line.size()) + " characters");
    }
  }
  return lines;
}

} // namespace mrtd::mrz
