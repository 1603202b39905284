// The MRZ rules, each reported as a check in a fixed order (Doc 9303 Parts 3-7). Every check
// states its status cheaply and describes itself in a lambda that only VerdictSink calls, so
// screen() runs the very same rules without building any text. The name rules are in
// validate_names.cpp, the helpers both share in detail/rules.hpp.

#include "core/date.hpp"
#include "mrz/check_digit.hpp"
#include "mrz/countries.hpp"
#include "mrz/detail/engine.hpp"
#include "mrz/detail/rules.hpp"
#include "mrz/detail/scan.hpp"
#include "mrz/names.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <string>
#include <type_traits>

namespace mrtd::mrz::detail {

namespace {

using namespace rules;

// ---- check digits --------------------------------------------------------------------------

// Compares a printed check character with the `computed` digit (-1: the covered characters
// are outside the alphabet).
template <typename Sink>
void check_digit(Sink& sink, CheckId id, std::string_view what, int computed, char printed) {
  if (computed < 0) {
    sink.add(id, S::fail, [&] {
      return Detail{str(what) + ": covered characters are outside the MRZ alphabet, so no "
                                "check digit can be computed",
                    std::nullopt, std::string(1, printed)};
    });
    return;
  }
  const char want = digit_char(computed);
  if (!is_digit(printed)) {
    sink.add(id, S::fail, [&] {
      return Detail{str(what) + ": check character " + quoted({&printed, 1}) + " is not a digit",
                    std::string(1, want), std::string(1, printed)};
    });
    return;
  }
  const bool ok = printed == want;
  sink.add(id, ok ? S::pass : S::fail, [&] {
    return Detail{
        ok ? cat(what, std::string_view(": check digit "), want, std::string_view(" verifies"))
           : cat(what, std::string_view(": check digit is "), printed,
                 std::string_view(", computed "), want),
        std::string(1, want), std::string(1, printed)};
  });
}

// ---- dates ---------------------------------------------------------------------------------

struct Yymmdd {
  int yy = -1, mm = -1, dd = -1; // -1: unknown (`<<`)
  enum class Problem { none, syntax, month, day } problem = Problem::none;
};

// Two characters of a YYMMDD field: their value, -1 for `<<` (when allowed), -2 otherwise.
int read_pair(char a, char b, bool allow_unknown) noexcept {
  if (is_digit(a) && is_digit(b)) {
    return (a - '0') * 10 + (b - '0');
  }
  return allow_unknown && a == '<' && b == '<' ? -1 : -2;
}

void read_yymmdd(std::string_view raw, bool allow_unknown, Yymmdd& d) noexcept {
  d.yy = read_pair(raw[0], raw[1], allow_unknown);
  d.mm = read_pair(raw[2], raw[3], allow_unknown);
  d.dd = read_pair(raw[4], raw[5], allow_unknown);
  if (d.yy == -2 || d.mm == -2 || d.dd == -2) {
    d.problem = Yymmdd::Problem::syntax;
  } else if (d.mm == 0 || d.mm > 12) {
    d.problem = Yymmdd::Problem::month;
  } else if (d.dd == 0 || d.dd > 31) {
    d.problem = Yymmdd::Problem::day;
  }
}

// read_yymmdd() through the scan: when all six characters are digits, their values are the
// digits (the common case, without a test per character).
void read_date(const Scan& scan, Slice field, std::string_view raw, bool allow_unknown,
               Yymmdd& d) noexcept {
  const Scan::Line& line = scan.line[static_cast<std::size_t>(field.line)];
  if (field.length != 6 || field_bits(line.digits, field) != 0x3F) {
    read_yymmdd(raw, allow_unknown, d);
    return;
  }
  const std::int16_t* v = scan.value[static_cast<std::size_t>(field.line)].data() + field.start;
  d.yy = v[0] * 10 + v[1];
  d.mm = v[2] * 10 + v[3];
  d.dd = v[4] * 10 + v[5];
  d.problem = d.mm == 0 || d.mm > 12   ? Yymmdd::Problem::month
              : d.dd == 0 || d.dd > 31 ? Yymmdd::Problem::day
                                       : Yymmdd::Problem::none;
}

// Birth: the latest date not after the reference date (Doc 9303 gives no century).
int birth_year(int yy, int mm, int dd, const CivilDate& ref) noexcept {
  int year = ref.year / 100 * 100 + yy;
  if (CivilDate{year, mm < 0 ? 1 : mm, dd < 0 ? 1 : dd} > ref) {
    year -= 100;
  }
  return year;
}

// Expiry: of the three candidate centuries, the one nearest to the reference date. Distances
// are measured in days of a 372-day "year" (12 x 31): exact enough to pick among dates a
// century apart, and free of calendar lookups on this hot path.
int expiry_year(int yy, int mm, int dd, const CivilDate& ref) noexcept {
  constexpr long k_century = 100L * 372;
  const long target = (ref.year * 12L + ref.month) * 31 + ref.day;
  const int base = ref.year / 100 * 100 + yy;
  const long offset = (base * 12L + mm) * 31 + dd - target; // base's distance, signed
  // The nearer of base - 100 and base once offset reaches half a century (a tie goes to the
  // earlier century), of base and base + 100 below minus half a century.
  return offset >= k_century / 2 ? base - 100 : offset >= -k_century / 2 ? base : base + 100;
}

// Checks a date field; true, with the resolved `date`, when fully known and real. (A bool and
// an out-parameter rather than a std::optional<CivilDate>, which g++ 12 returns through a stack
// slot that the caller's wider reload cannot forward from: a stall per date.)
template <typename Sink>
bool check_date(Sink& sink, CheckId id, std::string_view raw, const Yymmdd& d, bool is_birth,
                const CivilDate& ref, CivilDate& date) {
  if (d.problem != Yymmdd::Problem::none) {
    sink.add(id, S::fail, [&] {
      std::string message =
          d.problem == Yymmdd::Problem::syntax
              ? quoted(raw) + " is not YYMMDD" +
                    (is_birth ? " (digits, or << for an unknown part)" : " digits")
          : d.problem == Yymmdd::Problem::month
              ? "month " + str(raw.substr(2, 2)) + " does not exist"
              : "day " + str(raw.substr(4, 2)) + " does not exist";
      return Detail{std::move(message), std::nullopt, str(raw)};
    });
    return false;
  }
  const bool known = d.yy >= 0 && d.mm >= 0 && d.dd >= 0;
  int year = 2000; // a leap year, for days whose year is unknown
  if (d.yy >= 0) {
    const int mm = d.mm >= 0 ? d.mm : 1;
    const int dd = d.mm >= 0 ? d.dd : 1;
    year = is_birth ? birth_year(d.yy, mm, dd, ref) : expiry_year(d.yy, mm, dd < 0 ? 1 : dd, ref);
  }
  if (d.dd >= 0 && d.mm >= 0 && !is_valid_date(year, d.mm, d.dd)) {
    sink.add(id, S::fail, [&] {
      return Detail{quoted(raw) + " is not a calendar day (resolved year " + std::to_string(year) +
                        ")",
                    std::nullopt, str(raw)};
    });
    return false;
  }
  if (!known) {
    sink.add(id, S::pass, [&] {
      return Detail{quoted(raw) + ": a real date with unknown parts (<<)", std::nullopt, str(raw)};
    });
    return false;
  }
  date = CivilDate{year, d.mm, d.dd};
  sink.add(id, S::pass, [&] {
    return Detail{cat('\'', raw, std::string_view("' is "), to_iso(date)), std::nullopt, str(raw)};
  });
  return true;
}

// A date field with its check digit: the calendar check, the digit, and the value read; true,
// with `date`, as check_date().
template <typename Sink>
bool check_date_field(Sink& sink, const Lines& lines, const Scan& scan,
                      const ScannedDigits& digits, Slice field, Slice cd, bool is_birth,
                      const CivilDate& ref, DateValue* value, CivilDate& date) {
  const auto raw = get(lines, field);
  Yymmdd d;
  read_date(scan, field, raw, is_birth, d);
  const bool known = check_date(
      sink, is_birth ? CheckId::mrz_birth_date_calendar : CheckId::mrz_expiry_date_calendar, raw,
      d, is_birth, ref, date);
  check_digit(sink,
              is_birth ? CheckId::mrz_check_digit_birth_date : CheckId::mrz_check_digit_expiry_date,
              is_birth ? "date of birth" : "date of expiry",
              digit_of(digits, is_birth ? DigitField::birth : DigitField::expiry),
              get_char(lines, cd));
  if (value) {
    value->raw = str(raw);
    if (known) {
      value->iso = to_iso(date);
    }
  }
  return known;
}

// ---- codes ---------------------------------------------------------------------------------

template <typename Sink>
void check_document_code(Sink& sink, Format format, std::string_view code) {
  const char first = code[0];
  const char second = code[1];
  bool ok = false;
  switch (format) {
  case Format::td3:
    ok = first == 'P';
    break;
  case Format::td1:
  case Format::td2:
    ok = (first == 'A' || first == 'C' || first == 'I') && second != 'V';
    break;
  case Format::mrv_a:
  case Format::mrv_b:
    ok = first == 'V';
    break;
  case Format::fra_id:
    ok = code == "ID";
    break;
  }
  ok = ok && (is_letter(second) || second == '<');
  sink.add(CheckId::mrz_document_code, ok ? S::pass : S::fail, [&] {
    std::string rule;
    switch (format) {
    case Format::td3:
      rule = "P (passport, TD3)";
      break;
    case Format::td1:
    case Format::td2:
      rule = std::string("A, C or I (") + to_string(format) + "), second character not V";
      break;
    case Format::mrv_a:
    case Format::mrv_b:
      rule = std::string("V (visa, ") + to_string(format) + ")";
      break;
    case Format::fra_id:
      rule = "ID (French identity card)";
      break;
    }
    std::string message = ok ? cat(std::string_view("document code '"), code,
                                   std::string_view("' fits "), std::string_view(to_string(format)))
                             : "document code " + quoted(code) + " does not fit " +
                                   to_string(format) + ": expected " + rule;
    return Detail{std::move(message), std::move(rule), str(code)};
  });
}

template <typename Sink>
bool check_country(Sink& sink, CheckId id, std::string_view what, std::string_view field) {
  const CountryKind kind = country_kind(field);
  const Status status = kind == CountryKind::unknown     ? S::fail
                        : kind == CountryKind::withdrawn ? S::warn
                                                         : S::pass;
  sink.add(id, status, [&] {
    const CountryInfo info = lookup_country(field);
    std::string message;
    switch (info.kind) {
    case CountryKind::iso:
      message = cat('\'', field, std::string_view("' is ISO 3166-1 ("), info.name, ')');
      break;
    case CountryKind::icao:
      message = quoted(field) + " is an ICAO code (" + str(info.name) + ")";
      break;
    case CountryKind::withdrawn:
      message =
          quoted(field) + " is a withdrawn code kept for old documents (" + str(info.name) + ")";
      break;
    case CountryKind::specimen:
      message = quoted(field) + " is Utopia, the ICAO specimen state";
      break;
    case CountryKind::unknown:
      message = str(what) + " " + quoted(field) +
                " is neither an ISO 3166-1 alpha-3 code nor an ICAO code";
      break;
    }
    return Detail{std::move(message), std::nullopt, str(field)};
  });
  return kind == CountryKind::specimen;
}

// Fillers pad the codes on the right only, and never lead the document number.
template <typename Sink> void check_fillers(Sink& sink, const Lines& lines, const FieldMap& map) {
  // Content left of the fillers and no filler inside it: trim_fillers(field) is not empty and
  // holds no `<`, i.e. the field does not start with a filler and no filler is followed by
  // anything but fillers.
  auto padded_right = [](std::string_view field) {
    if (field.empty() || field[0] == '<') {
      return false;
    }
    for (std::size_t i = 1; i < field.size(); ++i) {
      if (field[i - 1] == '<' && field[i] != '<') {
        return false;
      }
    }
    return true;
  };
  const auto number = get(lines, map.number);
  const bool code_ok = padded_right(get(lines, map.code));
  const bool state_ok = padded_right(get(lines, map.state));
  const bool nationality_ok =
      !map.nationality.present() || padded_right(get(lines, map.nationality));
  const bool number_ok = number.empty() || number[0] != '<' || all_fillers(number);
  if (code_ok && state_ok && nationality_ok && number_ok) {
    sink.add(CheckId::mrz_fillers, S::pass, [] {
      return Detail{"codes are padded on the right only", std::nullopt, std::nullopt};
    });
    return;
  }
  sink.add(CheckId::mrz_fillers, S::fail, [&] {
    std::string problems;
    auto note = [&](std::string_view name, std::string_view field) {
      problems += (problems.empty() ? "" : "; ") + str(name) + " " + quoted(field);
    };
    if (!code_ok) {
      note("document code", get(lines, map.code));
    }
    if (!state_ok) {
      note("issuing state", get(lines, map.state));
    }
    if (!nationality_ok) {
      note("nationality", get(lines, map.nationality));
    }
    if (!number_ok) {
      note("document number starts with a filler:", number);
    }
    return Detail{"filler in the wrong place: " + problems, std::nullopt, std::nullopt};
  });
}

// ---- document number -----------------------------------------------------------------------

template <typename Sink>
void check_document_number(Sink& sink, const Lines& lines, const ScannedDigits& digits,
                           Format format, const FieldMap& map, Mrz* mrz) {
  const auto number = get(lines, map.number);
  const char cd = get_char(lines, map.number_cd);
  const auto optional = get(lines, map.optional1);
  const bool may_overflow = format == Format::td1 || format == Format::td2;
  if (mrz && may_overflow) {
    mrz->optional_data_1 = str(trim_fillers(optional));
  }

  if (all_fillers(number)) {
    sink.add(CheckId::mrz_document_number, S::fail, [] {
      return Detail{"document number is empty", std::nullopt, std::nullopt};
    });
    check_digit(sink, CheckId::mrz_check_digit_document_number, "document number",
                digit_of(digits, DigitField::number), cd);
    return;
  }
  if (!(may_overflow && cd == '<')) {
    const auto trimmed = trim_fillers(number);
    if (mrz) {
      mrz->document_number = str(trimmed);
    }
    sink.add(CheckId::mrz_document_number, S::pass, [&] {
      return Detail{cat(std::string_view("document number '"), trimmed, '\''), std::nullopt,
                    str(trimmed)};
    });
    check_digit(sink, CheckId::mrz_check_digit_document_number, "document number",
                digit_of(digits, DigitField::number), cd);
    return;
  }

  // Long number (Doc 9303-5 §4.2.2 note j): the filler in the check position says the number
  // continues in the optional data up to the first filler; its last character is the digit.
  const std::size_t end = std::min(optional.find('<'), optional.size());
  if (end < 2) {
    if (mrz) {
      mrz->document_number = str(trim_fillers(number));
    }
    sink.add(CheckId::mrz_document_number, S::fail, [&] {
      return Detail{end == 0 ? "filler in the check-digit position, but the optional data holds "
                               "no continuation of the number"
                             : "filler in the check-digit position, but the optional data holds "
                               "only a check digit and no continuation of the number",
                    std::nullopt, str(number)};
    });
    sink.add(CheckId::mrz_check_digit_document_number, S::fail, [] {
      return Detail{"document number: no check digit (filler in its position)", std::nullopt,
                    std::string("<")};
    });
    return;
  }
  const auto overflow = optional.substr(0, end - 1);
  const char printed = optional[end - 1];
  if (mrz) {
    mrz->long_document_number = true;
    mrz->document_number = str(number) + str(overflow);
    // A filler follows the check digit (Doc 9303-5 note j); optional data may continue after it.
    mrz->optional_data_1 = str(trim_fillers(optional.substr(std::min(end + 1, optional.size()))));
  }
  sink.add(CheckId::mrz_document_number, S::pass, [&] {
    const std::string full = str(number) + str(overflow);
    return Detail{"long document number " + quoted(full) + " (" + std::to_string(full.size()) +
                      " characters, continued in the optional data)",
                  std::nullopt, full};
  });

  const auto without = compute_check_digit({number, overflow});
  const auto with = compute_check_digit({number, "<", overflow});
  if (!without || !with) {
    check_digit(sink, CheckId::mrz_check_digit_document_number, "long document number",
                check_digit_value({number, overflow}), printed);
    return;
  }
  const bool match_without = printed == digit_char(*without);
  const bool match_with = printed == digit_char(*with);
  const LongNumberPolicy policy = match_without && match_with ? LongNumberPolicy::either
                                  : match_without             ? LongNumberPolicy::filler_excluded
                                  : match_with                ? LongNumberPolicy::filler_included
                                                              : LongNumberPolicy::none;
  if (mrz) {
    mrz->long_number_policy = policy;
  }
  const Status status = is_digit(printed) && policy != LongNumberPolicy::none ? S::pass : S::fail;
  sink.add(CheckId::mrz_check_digit_document_number, status, [&] {
    std::string expected = std::string(1, digit_char(*without)) + " (filler excluded) or " +
                           digit_char(*with) + " (filler included)";
    std::string message;
    if (!is_digit(printed)) {
      message =
          "long document number: check character " + quoted({&printed, 1}) + " is not a digit";
    } else if (policy == LongNumberPolicy::none) {
      message = "long document number: check digit is " + std::string(1, printed) + ", computed " +
                expected;
    } else {
      message = std::string("long document number: check digit ") + printed +
                " verifies with the " +
                (policy == LongNumberPolicy::either ? "filler either excluded or included"
                 : policy == LongNumberPolicy::filler_excluded ? "filler excluded"
                                                               : "filler included");
    }
    return Detail{std::move(message), std::move(expected), std::string(1, printed)};
  });
}

// ---- the rest ------------------------------------------------------------------------------

template <typename Sink>
void check_alphabet(Sink& sink, const Lines& lines, const Scan& scan, Format format) {
  std::uint64_t outside = 0;
  for (std::size_t l = 0; l < static_cast<std::size_t>(shape(format).lines); ++l) {
    outside |= scan.line[l].outside;
  }
  if (outside == 0) {
    sink.add(CheckId::mrz_structure_alphabet, S::pass, [] {
      return Detail{"only A-Z, 0-9 and <", std::nullopt, std::nullopt};
    });
    return;
  }
  sink.add(CheckId::mrz_structure_alphabet, S::fail, [&] {
    int count = 0;
    for (std::size_t l = 0; l < lines.count(); ++l) {
      count += std::popcount(scan.line[l].outside);
    }
    std::string bad;
    int shown = 0;
    for (std::size_t l = 0; l < lines.count(); ++l) {
      for (std::size_t c = 0; c < lines[l].size(); ++c) {
        if (char_value(lines[l][c]) < 0 && ++shown <= 5) {
          bad += (bad.empty() ? "" : ", ") + quoted(lines[l].substr(c, 1)) + " at line " +
                 std::to_string(l + 1) + " column " + std::to_string(c + 1);
        }
      }
    }
    return Detail{std::to_string(count) + " character(s) outside A-Z, 0-9, <: " + bad +
                      (count > 5 ? ", ..." : ""),
                  std::nullopt, std::nullopt};
  });
}

template <typename Sink> void check_sex(Sink& sink, std::string_view sex) {
  const char c = sex[0];
  if (c == 'M' || c == 'F' || c == '<') {
    sink.add(CheckId::mrz_sex, S::pass, [&] {
      return Detail{c == '<' ? std::string("sex unspecified (<)")
                             : cat(std::string_view("sex "), sex),
                    std::nullopt, str(sex)};
    });
  } else if (c == 'X') {
    sink.add(CheckId::mrz_sex, S::warn, [] {
      return Detail{"sex X is non-conformant in the MRZ (Doc 9303 writes unspecified as <; X "
                    "belongs in the VIZ)",
                    std::string("M, F or <"), std::string("X")};
    });
  } else {
    sink.add(CheckId::mrz_sex, S::fail, [&] {
      return Detail{"sex " + quoted(sex) + " is not M, F or <", std::string("M, F or <"), str(sex)};
    });
  }
}

template <typename Sink>
void check_personal_number(Sink& sink, const Lines& lines, const ScannedDigits& digits,
                           Format format, const FieldMap& map, Mrz* mrz) {
  if (!map.personal_cd.present()) {
    if (mrz && (format == Format::mrv_a || format == Format::mrv_b)) {
      mrz->personal_number = str(trim_fillers(get(lines, map.optional1)));
    }
    sink.add(CheckId::mrz_check_digit_personal_number, S::skip, [&] {
      return Detail{std::string(to_string(format)) + " has no personal-number check digit",
                    std::nullopt, std::nullopt};
    });
    return;
  }
  const auto field = get(lines, map.optional1);
  const char cd = get_char(lines, map.personal_cd);
  if (mrz) {
    mrz->personal_number = str(trim_fillers(field));
  }
  if (all_fillers(field) && (cd == '<' || cd == '0')) {
    sink.add(CheckId::mrz_check_digit_personal_number, S::pass, [&] {
      return Detail{std::string("personal number empty; check character ") + cd + " allowed",
                    std::nullopt, std::string(1, cd)};
    });
    return;
  }
  if (cd == '<') {
    sink.add(CheckId::mrz_check_digit_personal_number, S::fail, [&] {
      return Detail{"personal number is not empty, so its check character must be a digit, not <",
                    std::string(1, check_digit_char(field)), std::string("<")};
    });
    return;
  }
  check_digit(sink, CheckId::mrz_check_digit_personal_number, "personal number",
              digit_of(digits, DigitField::personal), cd);
}

template <typename Sink>
void check_composite(Sink& sink, const Lines& lines, const ScannedDigits& digits, Format format,
                     const FieldMap& map) {
  if (!map.composite.present()) {
    sink.add(CheckId::mrz_check_digit_composite, S::skip, [&] {
      return Detail{std::string(to_string(format)) + " has no composite check digit", std::nullopt,
                    std::nullopt};
    });
    return;
  }
  check_digit(sink, CheckId::mrz_check_digit_composite, "composite",
              digit_of(digits, DigitField::composite),
              get_char(lines, map.composite));
}

template <typename Sink>
void check_repairs(Sink& sink, const CheckOptions& options, const std::vector<Repair>& repairs) {
  if (options.repair == RepairOcr::no) {
    sink.add(CheckId::mrz_repair, S::skip, [] {
      return Detail{"OCR repair not requested", std::nullopt, std::nullopt};
    });
  } else if (repairs.empty()) {
    sink.add(CheckId::mrz_repair, S::pass, [] {
      return Detail{"no repair needed or none confirmed by check digits", std::nullopt,
                    std::nullopt};
    });
  } else {
    sink.add(CheckId::mrz_repair, S::warn, [&] {
      std::string list;
      for (const auto& r : repairs) {
        list += (list.empty() ? "" : ", ") + r.field + " line " + std::to_string(r.line) +
                " column " + std::to_string(r.column) + " " + r.original + "->" + r.repaired;
      }
      return Detail{std::to_string(repairs.size()) +
                        " OCR repair(s) confirmed by check digits: " + list,
                    std::nullopt, std::nullopt};
    });
  }
}

// The rules in order, for `format` with its field `map` (prepared.format's).
template <typename Sink>
void validate_fields(const Prepared& prepared, const CheckOptions& options,
                     const std::vector<Repair>& repairs, Sink& sink, Mrz* mrz, Format format,
                     const FieldMap& map) {
  const Lines& lines = prepared.lines;
  const CivilDate& ref = options.reference_date;
  Scan scan;
  scan_lines(lines, shape(format), scan);
  const ScannedDigits digits = scanned_check_digits(scan, format);

  // Structure
  sink.add(CheckId::mrz_structure_line_length, prepared.shape_ok ? S::pass : S::fail, [&] {
    const Shape want = shape(format);
    std::string expected =
        std::to_string(want.lines) + " lines of " + std::to_string(want.length) + " characters";
    std::string found = describe_shape(prepared);
    std::string message = prepared.shape_ok ? std::string(to_string(format)) + ": " + expected
                                            : std::string(to_string(format)) + " needs " +
                                                  expected + ", got " + found;
    return Detail{std::move(message), std::move(expected), std::move(found)};
  });
  check_alphabet(sink, lines, scan, format);

  // Header: document code, issuing state
  const auto code = get(lines, map.code);
  check_document_code(sink, format, code);
  const auto state = get(lines, map.state);
  const bool specimen = check_country(sink, CheckId::mrz_issuing_state, "issuing state", state);
  if (specimen) {
    sink.add(CheckId::mrz_specimen, S::warn, [] {
      return Detail{"ICAO specimen: issuing state UTO (Utopia) is fictitious", std::nullopt,
                    std::nullopt};
    });
  } else {
    sink.add(CheckId::mrz_specimen, S::pass, [] {
      return Detail{"not a specimen", std::nullopt, std::nullopt};
    });
  }
  if (mrz) {
    mrz->document_code = str(trim_fillers(code));
    mrz->issuing_state = str(state);
    mrz->specimen = specimen;
  }

  // Document number
  check_document_number(sink, lines, digits, format, map, mrz);

  // Nationality
  if (map.nationality.present()) {
    const auto nationality = get(lines, map.nationality);
    if (mrz) {
      mrz->nationality = str(nationality);
    }
    check_country(sink, CheckId::mrz_nationality, "nationality", nationality);
  } else {
    sink.add(CheckId::mrz_nationality, S::skip, [] {
      return Detail{"FRA-ID has no nationality field", std::nullopt, std::nullopt};
    });
  }

  // Birth date
  std::optional<CivilDate> birth;
  if (CivilDate date; check_date_field(sink, lines, scan, digits, map.birth, map.birth_cd, true,
                                       ref, mrz ? &mrz->birth_date : nullptr, date)) {
    birth = date;
  }

  // Sex
  const auto sex = get(lines, map.sex);
  if (mrz) {
    mrz->sex = str(sex);
  }
  check_sex(sink, sex);

  // Expiry
  std::optional<CivilDate> expiry;
  if (map.expiry.present()) {
    if (CivilDate date; check_date_field(sink, lines, scan, digits, map.expiry, map.expiry_cd,
                                         false, ref, mrz ? &mrz->expiry_date : nullptr, date)) {
      expiry = date;
    }
    if (!expiry) {
      sink.add(CheckId::mrz_expiry_date_unexpired, S::skip, [] {
        return Detail{"date of expiry is not readable", std::nullopt, std::nullopt};
      });
    } else if (*expiry < ref) {
      sink.add(CheckId::mrz_expiry_date_unexpired,
               options.require_unexpired == RequireUnexpired::yes ? S::fail : S::warn, [&] {
                 return Detail{"expired on " + to_iso(*expiry) + " (reference date " + to_iso(ref) +
                                   ")",
                               "on or after " + to_iso(ref), to_iso(*expiry)};
               });
    } else {
      sink.add(CheckId::mrz_expiry_date_unexpired, S::pass, [&] {
        return Detail{cat(std::string_view("valid until "), to_iso(*expiry),
                          std::string_view(" (reference date "), to_iso(ref), ')'),
                      std::nullopt, std::nullopt};
      });
    }
  } else {
    for (CheckId id : {CheckId::mrz_expiry_date_calendar, CheckId::mrz_check_digit_expiry_date,
                       CheckId::mrz_expiry_date_unexpired}) {
      sink.add(id, S::skip, [] {
        return Detail{"FRA-ID has no date of expiry", std::nullopt, std::nullopt};
      });
    }
  }
  if (birth && expiry) {
    const bool ok = *birth < *expiry;
    sink.add(CheckId::mrz_dates_order, ok ? S::pass : S::fail, [&] {
      return Detail{ok ? cat(std::string_view("born "), to_iso(*birth),
                             std::string_view(", before expiry "), to_iso(*expiry))
                       : "date of birth " + to_iso(*birth) + " is not before the date of expiry " +
                             to_iso(*expiry),
                    std::nullopt, std::nullopt};
    });
  } else {
    sink.add(CheckId::mrz_dates_order, S::skip, [] {
      return Detail{"needs both dates fully known", std::nullopt, std::nullopt};
    });
  }

  // Optional data, personal number, composite
  if (mrz && map.optional2.present()) {
    mrz->optional_data_2 = str(trim_fillers(get(lines, map.optional2)));
  }
  check_personal_number(sink, lines, digits, format, map, mrz);
  check_composite(sink, lines, digits, format, map);

  // Name, fillers, repairs
  check_name(sink, lines, scan, format, map, mrz);
  check_fillers(sink, lines, map);
  check_repairs(sink, options, repairs);
}

// Screening, once per format: with everything this file calls inlined (flatten), the format
// and its field map are constants, and so is every slice the rules read.
template <Format F>
[[gnu::flatten]] void screen_fields(const Prepared& prepared, const CheckOptions& options,
                                   const std::vector<Repair>& repairs, StatusSink& sink) {
  validate_fields(prepared, options, repairs, sink, nullptr, F, field_map(F));
}

} // namespace

template <typename Sink>
void validate(const Prepared& prepared, const CheckOptions& options,
              const std::vector<Repair>& repairs, Sink& sink, Mrz* mrz) {
  if constexpr (std::is_same_v<Sink, StatusSink>) {
    with_format(prepared.format, [&](auto f) {
      screen_fields<decltype(f)::value>(prepared, options, repairs, sink);
    });
  } else {
    validate_fields(prepared, options, repairs, sink, mrz, prepared.format,
                    field_map(prepared.format));
  }
}

template void validate<VerdictSink>(const Prepared&, const CheckOptions&,
                                    const std::vector<Repair>&, VerdictSink&, Mrz*);
template void validate<StatusSink>(const Prepared&, const CheckOptions&, const std::vector<Repair>&,
                                   StatusSink&, Mrz*);

} // namespace mrtd::mrz::detail
