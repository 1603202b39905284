#include "core/date.hpp"
#include "mrz/check_digit.hpp"
#include "mrz/countries.hpp"
#include "mrz/detail/engine.hpp"
#include "mrz/detail/fields.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace mrtd::mrz::detail {

namespace {

using S = Status;

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool is_letter(char c) noexcept {
  return c >= 'A' && c <= 'Z';
}

// ---- check digits --------------------------------------------------------------------------

// Compares a printed check character with the digit computed over `parts`.
void check_digit(Verdict& verdict, CheckId id, std::string_view what,
                 std::initializer_list<std::string_view> parts, char printed) {
  const auto computed = compute_check_digit(parts);
  if (!computed) {
    verdict.add(id, S::fail, std::string(what) + ": covered characters are outside the MRZ "
                                                 "alphabet, so no check digit can be computed")
        .found = std::string(1, printed);
    return;
  }
  const char want = static_cast<char>('0' + *computed);
  if (!is_digit(printed)) {
    auto& c = verdict.add(id, S::fail,
                          std::string(what) + ": check character " + quoted({&printed, 1}) +
                              " is not a digit");
    c.expected = std::string(1, want);
    c.found = std::string(1, printed);
    return;
  }
  auto& c = verdict.add(id, printed == want ? S::pass : S::fail,
                        printed == want ? std::string(what) + ": check digit " + want + " verifies"
                                        : std::string(what) + ": check digit is " + printed +
                                              ", computed " + want);
  c.expected = std::string(1, want);
  c.found = std::string(1, printed);
}

// ---- dates ---------------------------------------------------------------------------------

struct Yymmdd {
  int yy = -1, mm = -1, dd = -1; // -1: unknown (`<<`)
  bool syntax_ok = false;
  std::string problem;
};

Yymmdd read_yymmdd(std::string_view raw, bool allow_unknown) {
  Yymmdd d;
  int* parts[3] = {&d.yy, &d.mm, &d.dd};
  for (int i = 0; i < 3; ++i) {
    const char a = raw[static_cast<std::size_t>(2 * i)];
    const char b = raw[static_cast<std::size_t>(2 * i + 1)];
    if (is_digit(a) && is_digit(b)) {
      *parts[i] = (a - '0') * 10 + (b - '0');
    } else if (allow_unknown && a == '<' && b == '<') {
      *parts[i] = -1;
    } else {
      d.problem = quoted(raw) + " is not YYMMDD" +
                  std::string(allow_unknown ? " (digits, or << for an unknown part)" : " digits");
      return d;
    }
  }
  if (d.mm == 0 || d.mm > 12) {
    d.problem = "month " + std::string(raw.substr(2, 2)) + " does not exist";
    return d;
  }
  if (d.dd == 0 || d.dd > 31) {
    d.problem = "day " + std::string(raw.substr(4, 2)) + " does not exist";
    return d;
  }
  d.syntax_ok = true;
  return d;
}

// Birth: the latest date not after the reference date (Doc 9303 gives no century).
int birth_year(int yy, int mm, int dd, const CivilDate& ref) {
  int year = ref.year / 100 * 100 + yy;
  if (CivilDate{year, mm < 0 ? 1 : mm, dd < 0 ? 1 : dd} > ref) {
    year -= 100;
  }
  return year;
}

// Expiry: of the three candidate centuries, the one nearest to the reference date.
int expiry_year(int yy, int mm, int dd, const CivilDate& ref) {
  int best = 0;
  long best_distance = -1;
  for (int delta : {-100, 0, 100}) {
    const int year = ref.year / 100 * 100 + yy + delta;
    const int day = is_valid_date(year, mm, dd) ? dd : 28;
    const long distance = std::labs(days_from_civil({year, mm, day}) - days_from_civil(ref));
    if (best_distance < 0 || distance < best_distance) {
      best = year;
      best_distance = distance;
    }
  }
  return best;
}

// Checks a date field; returns the resolved date when fully known and real.
std::optional<CivilDate> check_date(Verdict& verdict, CheckId id, std::string_view raw,
                                    bool is_birth, const CivilDate& ref, DateValue& value) {
  value.raw = std::string(raw);
  const Yymmdd d = read_yymmdd(raw, is_birth);
  if (!d.syntax_ok) {
    verdict.add(id, S::fail, d.problem).found = std::string(raw);
    return std::nullopt;
  }
  const bool known = d.yy >= 0 && d.mm >= 0 && d.dd >= 0;
  int year = 2000; // a leap year, for days whose year is unknown
  if (d.yy >= 0 && d.mm >= 0) {
    year = is_birth ? birth_year(d.yy, d.mm, d.dd, ref) : expiry_year(d.yy, d.mm, d.dd, ref);
  } else if (d.yy >= 0) {
    year = is_birth ? birth_year(d.yy, 1, 1, ref) : expiry_year(d.yy, 1, 1, ref);
  }
  const int month = d.mm >= 0 ? d.mm : 1;
  if (d.dd >= 0 && d.mm >= 0 && !is_valid_date(year, month, d.dd)) {
    auto& c = verdict.add(id, S::fail,
                          quoted(raw) + " is not a calendar day (resolved year " +
                              std::to_string(year) + ")");
    c.found = std::string(raw);
    return std::nullopt;
  }
  if (!known) {
    verdict.add(id, S::pass, quoted(raw) + ": a real date with unknown parts (<<)").found =
        std::string(raw);
    return std::nullopt;
  }
  const CivilDate date{year, d.mm, d.dd};
  value.iso = to_iso(date);
  verdict.add(id, S::pass, quoted(raw) + " is " + *value.iso).found = std::string(raw);
  return date;
}

// ---- codes ---------------------------------------------------------------------------------

void check_document_code(Verdict& verdict, Format format, std::string_view code) {
  const char first = code[0];
  const char second = code[1];
  bool ok = false;
  std::string rule;
  switch (format) {
  case Format::td3:
    ok = first == 'P';
    rule = "P (passport, TD3)";
    break;
  case Format::td1:
  case Format::td2:
    ok = (first == 'A' || first == 'C' || first == 'I') && second != 'V';
    rule = std::string("A, C or I (") + to_string(format) + "), second character not V";
    break;
  case Format::mrv_a:
  case Format::mrv_b:
    ok = first == 'V';
    rule = std::string("V (visa, ") + to_string(format) + ")";
    break;
  case Format::fra_id:
    ok = code == "ID";
    rule = "ID (French identity card)";
    break;
  }
  ok = ok && (is_letter(second) || second == '<');
  auto& c = verdict.add(CheckId::mrz_document_code, ok ? S::pass : S::fail,
                        ok ? "document code " + quoted(code) + " fits " + to_string(format)
                           : "document code " + quoted(code) + " does not fit " +
                                 to_string(format) + ": expected " + rule);
  c.expected = rule;
  c.found = std::string(code);
}

bool check_country(Verdict& verdict, CheckId id, std::string_view what, std::string_view field) {
  const CountryInfo info = lookup_country(field);
  Status status = S::pass;
  std::string message;
  switch (info.kind) {
  case CountryKind::iso:
    message = quoted(field) + " is ISO 3166-1 (" + std::string(info.name) + ")";
    break;
  case CountryKind::icao:
    message = quoted(field) + " is an ICAO code (" + std::string(info.name) + ")";
    break;
  case CountryKind::withdrawn:
    status = S::warn;
    message = quoted(field) + " is a withdrawn code kept for old documents (" +
              std::string(info.name) + ")";
    break;
  case CountryKind::specimen:
    message = quoted(field) + " is Utopia, the ICAO specimen state";
    break;
  case CountryKind::unknown:
    status = S::fail;
    message = std::string(what) + " " + quoted(field) +
              " is neither an ISO 3166-1 alpha-3 code nor an ICAO code";
    break;
  }
  verdict.add(id, status, message).found = std::string(field);
  return info.kind == CountryKind::specimen;
}

// Fillers pad the codes on the right only, and never lead the document number.
void check_fillers(Verdict& verdict, const std::vector<std::string>& lines, const FieldMap& map) {
  auto padded_right = [](std::string_view field) {
    const auto content = trim_fillers(field);
    return !content.empty() && content.find('<') == std::string_view::npos;
  };
  std::string problems;
  auto note = [&](std::string_view name, std::string_view field) {
    problems += (problems.empty() ? "" : "; ") + std::string(name) + " " + quoted(field);
  };
  if (!padded_right(get(lines, map.code))) {
    note("document code", get(lines, map.code));
  }
  if (!padded_right(get(lines, map.state))) {
    note("issuing state", get(lines, map.state));
  }
  if (map.nationality.present() && !padded_right(get(lines, map.nationality))) {
    note("nationality", get(lines, map.nationality));
  }
  const auto number = get(lines, map.number);
  if (!number.empty() && number[0] == '<' && !all_fillers(number)) {
    note("document number starts with a filler:", number);
  }
  if (problems.empty()) {
    verdict.add(CheckId::mrz_fillers, S::pass, "codes are padded on the right only");
  } else {
    verdict.add(CheckId::mrz_fillers, S::fail, "filler in the wrong place: " + problems);
  }
}

// ---- document number -----------------------------------------------------------------------

void check_document_number(Verdict& verdict, const std::vector<std::string>& lines,
                           Format format, const FieldMap& map, Mrz& mrz) {
  const auto number = get(lines, map.number);
  const char cd = get(lines, map.number_cd)[0];
  const auto optional = get(lines, map.optional1);
  const bool may_overflow = format == Format::td1 || format == Format::td2;
  if (may_overflow) {
    mrz.optional_data_1 = std::string(trim_fillers(optional));
  }

  if (all_fillers(number)) {
    verdict.add(CheckId::mrz_document_number, S::fail, "document number is empty");
    check_digit(verdict, CheckId::mrz_check_digit_document_number, "document number", {number},
                cd);
    return;
  }
  if (!(may_overflow && cd == '<')) {
    mrz.document_number = std::string(trim_fillers(number));
    verdict.add(CheckId::mrz_document_number, S::pass,
                "document number " + quoted(mrz.document_number))
        .found = mrz.document_number;
    check_digit(verdict, CheckId::mrz_check_digit_document_number, "document number", {number},
                cd);
    return;
  }

  // Long number (Doc 9303-5 §4.2.2 note j): the filler in the check position says the number
  // continues in the optional data up to the first filler; its last character is the digit.
  const std::size_t end = std::min(optional.find('<'), optional.size());
  if (end < 2) {
    const std::string why =
        end == 0 ? "filler in the check-digit position, but the optional data holds no "
                   "continuation of the number"
                 : "filler in the check-digit position, but the optional data holds only a "
                   "check digit and no continuation of the number";
    mrz.document_number = std::string(trim_fillers(number));
    verdict.add(CheckId::mrz_document_number, S::fail, why).found = std::string(number);
    verdict.add(CheckId::mrz_check_digit_document_number, S::fail,
                "document number: no check digit (filler in its position)")
        .found = "<";
    return;
  }
  const auto overflow = optional.substr(0, end - 1);
  const char printed = optional[end - 1];
  mrz.long_document_number = true;
  mrz.document_number = std::string(number) + std::string(overflow);
  // A filler follows the check digit (Doc 9303-5 note j); optional data may continue after it.
  mrz.optional_data_1 = std::string(trim_fillers(optional.substr(std::min(end + 1, optional.size()))));
  verdict.add(CheckId::mrz_document_number, S::pass,
              "long document number " + quoted(mrz.document_number) + " (" +
                  std::to_string(mrz.document_number.size()) +
                  " characters, continued in the optional data)")
      .found = mrz.document_number;

  const auto without = compute_check_digit({number, overflow});
  const auto with = compute_check_digit({number, "<", overflow});
  if (!without || !with) {
    check_digit(verdict, CheckId::mrz_check_digit_document_number, "long document number",
                {number, overflow}, printed);
    return;
  }
  const bool match_without = printed == static_cast<char>('0' + *without);
  const bool match_with = printed == static_cast<char>('0' + *with);
  mrz.long_number_policy = match_without && match_with ? LongNumberPolicy::either
                           : match_without            ? LongNumberPolicy::filler_excluded
                           : match_with               ? LongNumberPolicy::filler_included
                                                      : LongNumberPolicy::none;
  const std::string expected = std::string(1, static_cast<char>('0' + *without)) + " (filler " +
                               "excluded) or " + static_cast<char>('0' + *with) +
                               " (filler included)";
  std::string message;
  Status status = S::pass;
  if (!is_digit(printed)) {
    status = S::fail;
    message = "long document number: check character " + quoted({&printed, 1}) +
              " is not a digit";
  } else if (mrz.long_number_policy == LongNumberPolicy::none) {
    status = S::fail;
    message = "long document number: check digit is " + std::string(1, printed) + ", computed " +
              expected;
  } else {
    message = std::string("long document number: check digit ") + printed + " verifies with the " +
              (mrz.long_number_policy == LongNumberPolicy::either ? "filler either excluded or "
                                                                    "included"
               : mrz.long_number_policy == LongNumberPolicy::filler_excluded
                   ? "filler excluded"
                   : "filler included");
  }
  auto& c = verdict.add(CheckId::mrz_check_digit_document_number, status, message);
  c.expected = expected;
  c.found = std::string(1, printed);
}

// ---- the rest ------------------------------------------------------------------------------

void check_alphabet(Verdict& verdict, const std::vector<std::string>& lines) {
  std::string bad;
  int count = 0;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    for (std::size_t c = 0; c < lines[l].size(); ++c) {
      if (char_value(lines[l][c]) < 0) {
        if (++count <= 5) {
          bad += (bad.empty() ? "" : ", ") + quoted({&lines[l][c], 1}) + " at line " +
                 std::to_string(l + 1) + " column " + std::to_string(c + 1);
        }
      }
    }
  }
  if (count == 0) {
    verdict.add(CheckId::mrz_structure_alphabet, S::pass, "only A-Z, 0-9 and <");
  } else {
    verdict.add(CheckId::mrz_structure_alphabet, S::fail,
                std::to_string(count) + " character(s) outside A-Z, 0-9, <: " + bad +
                    (count > 5 ? ", ..." : ""));
  }
}

void check_sex(Verdict& verdict, std::string_view sex) {
  const char c = sex[0];
  if (c == 'M' || c == 'F' || c == '<') {
    verdict.add(CheckId::mrz_sex, S::pass,
                c == '<' ? "sex unspecified (<)" : "sex " + std::string(sex))
        .found = std::string(sex);
  } else if (c == 'X') {
    auto& check = verdict.add(CheckId::mrz_sex, S::warn,
                              "sex X is non-conformant in the MRZ (Doc 9303 writes unspecified "
                              "as <; X belongs in the VIZ)");
    check.expected = "M, F or <";
    check.found = "X";
  } else {
    auto& check = verdict.add(CheckId::mrz_sex, S::fail, "sex " + quoted(sex) + " is not M, F or <");
    check.expected = "M, F or <";
    check.found = std::string(sex);
  }
}

void check_personal_number(Verdict& verdict, const std::vector<std::string>& lines, Format format,
                           const FieldMap& map, Mrz& mrz) {
  if (!map.personal_cd.present()) {
    if (format == Format::mrv_a || format == Format::mrv_b) {
      mrz.personal_number = std::string(trim_fillers(get(lines, map.optional1)));
    }
    verdict.add(CheckId::mrz_check_digit_personal_number, S::skip,
                std::string(to_string(format)) + " has no personal-number check digit");
    return;
  }
  const auto field = get(lines, map.optional1);
  const char cd = get(lines, map.personal_cd)[0];
  mrz.personal_number = std::string(trim_fillers(field));
  if (all_fillers(field) && (cd == '<' || cd == '0')) {
    verdict.add(CheckId::mrz_check_digit_personal_number, S::pass,
                std::string("personal number empty; check character ") + cd + " allowed")
        .found = std::string(1, cd);
    return;
  }
  if (cd == '<') {
    auto& c = verdict.add(CheckId::mrz_check_digit_personal_number, S::fail,
                          "personal number is not empty, so its check character must be a digit, "
                          "not <");
    c.expected = std::string(1, check_digit_char(field));
    c.found = "<";
    return;
  }
  check_digit(verdict, CheckId::mrz_check_digit_personal_number, "personal number", {field}, cd);
}

void check_composite(Verdict& verdict, const std::vector<std::string>& lines, Format format,
                     const FieldMap& map) {
  if (!map.composite.present()) {
    verdict.add(CheckId::mrz_check_digit_composite, S::skip,
                std::string(to_string(format)) + " has no composite check digit");
    return;
  }
  const auto& p = map.composite_parts;
  const std::initializer_list<std::string_view> parts4 = {get(lines, p[0]), get(lines, p[1]),
                                                         get(lines, p[2]), get(lines, p[3])};
  check_digit(verdict, CheckId::mrz_check_digit_composite, "composite", parts4,
              get(lines, map.composite)[0]);
}

} // namespace

void validate(const Prepared& prepared, const CheckOptions& options, Verdict& verdict, Mrz& mrz) {
  const auto& lines = prepared.lines;
  const Format format = prepared.format;
  const FieldMap& map = field_map(format);
  const Shape want = shape(format);
  const CivilDate& ref = options.reference_date;

  // Structure
  {
    const std::string expected = std::to_string(want.lines) + " lines of " +
                                 std::to_string(want.length) + " characters";
    auto& c = verdict.add(CheckId::mrz_structure_line_length,
                          prepared.shape_ok ? S::pass : S::fail,
                          prepared.shape_ok
                              ? std::string(to_string(format)) + ": " + expected
                              : std::string(to_string(format)) + " needs " + expected + ", got " +
                                    prepared.shape_found);
    c.expected = expected;
    c.found = prepared.shape_found;
  }
  check_alphabet(verdict, lines);

  // Header: document code, issuing state
  const auto code = get(lines, map.code);
  mrz.document_code = std::string(trim_fillers(code));
  check_document_code(verdict, format, code);
  mrz.issuing_state = std::string(get(lines, map.state));
  mrz.specimen = check_country(verdict, CheckId::mrz_issuing_state, "issuing state",
                               mrz.issuing_state);
  if (mrz.specimen) {
    verdict.add(CheckId::mrz_specimen, S::warn,
                "ICAO specimen: issuing state UTO (Utopia) is fictitious");
  } else {
    verdict.add(CheckId::mrz_specimen, S::pass, "not a specimen");
  }

  // Document number
  check_document_number(verdict, lines, format, map, mrz);

  // Nationality
  if (map.nationality.present()) {
    mrz.nationality = std::string(get(lines, map.nationality));
    check_country(verdict, CheckId::mrz_nationality, "nationality", mrz.nationality);
  } else {
    verdict.add(CheckId::mrz_nationality, S::skip, "FRA-ID has no nationality field");
  }

  // Birth date
  const auto birth = check_date(verdict, CheckId::mrz_birth_date_calendar, get(lines, map.birth),
                                true, ref, mrz.birth_date);
  check_digit(verdict, CheckId::mrz_check_digit_birth_date, "date of birth",
              {get(lines, map.birth)}, get(lines, map.birth_cd)[0]);

  // Sex
  mrz.sex = std::string(get(lines, map.sex));
  check_sex(verdict, mrz.sex);

  // Expiry
  std::optional<CivilDate> expiry;
  if (map.expiry.present()) {
    expiry = check_date(verdict, CheckId::mrz_expiry_date_calendar, get(lines, map.expiry), false,
                        ref, mrz.expiry_date);
    check_digit(verdict, CheckId::mrz_check_digit_expiry_date, "date of expiry",
                {get(lines, map.expiry)}, get(lines, map.expiry_cd)[0]);
    if (!expiry) {
      verdict.add(CheckId::mrz_expiry_date_unexpired, S::skip, "date of expiry is not readable");
    } else if (*expiry < ref) {
      auto& c = verdict.add(CheckId::mrz_expiry_date_unexpired,
                            options.require_unexpired == RequireUnexpired::yes ? S::fail : S::warn,
                            "expired on " + to_iso(*expiry) + " (reference date " + to_iso(ref) +
                                ")");
      c.expected = "on or after " + to_iso(ref);
      c.found = to_iso(*expiry);
    } else {
      verdict.add(CheckId::mrz_expiry_date_unexpired, S::pass,
                  "valid until " + to_iso(*expiry) + " (reference date " + to_iso(ref) + ")");
    }
  } else {
    verdict.add(CheckId::mrz_expiry_date_calendar, S::skip, "FRA-ID has no date of expiry");
    verdict.add(CheckId::mrz_check_digit_expiry_date, S::skip, "FRA-ID has no date of expiry");
    verdict.add(CheckId::mrz_expiry_date_unexpired, S::skip, "FRA-ID has no date of expiry");
  }
  if (birth && expiry) {
    const bool ok = *birth < *expiry;
    verdict.add(CheckId::mrz_dates_order, ok ? S::pass : S::fail,
                ok ? "born " + to_iso(*birth) + ", before expiry " + to_iso(*expiry)
                   : "date of birth " + to_iso(*birth) + " is not before the date of expiry " +
                         to_iso(*expiry));
  } else {
    verdict.add(CheckId::mrz_dates_order, S::skip, "needs both dates fully known");
  }

  // Optional data, personal number, composite
  if (map.optional2.present()) {
    mrz.optional_data_2 = std::string(trim_fillers(get(lines, map.optional2)));
  }
  check_personal_number(verdict, lines, format, map, mrz);
  check_composite(verdict, lines, format, map);

  // Name, fillers
  check_name(lines, format, verdict, mrz);
  check_fillers(verdict, lines, map);

  // Repairs
  if (options.repair == RepairOcr::no) {
    verdict.add(CheckId::mrz_repair, S::skip, "OCR repair not requested");
  } else if (mrz.repairs.empty()) {
    verdict.add(CheckId::mrz_repair, S::pass, "no repair needed or none confirmed by check digits");
  } else {
    std::string list;
    for (const auto& r : mrz.repairs) {
      list += (list.empty() ? "" : ", ") + r.field + " line " + std::to_string(r.line) +
              " column " + std::to_string(r.column) + " " + r.original + "->" + r.repaired;
    }
    verdict.add(CheckId::mrz_repair, S::warn,
                std::to_string(mrz.repairs.size()) + " OCR repair(s) confirmed by check digits: " +
                    list);
  }
}

} // namespace mrtd::mrz::detail
