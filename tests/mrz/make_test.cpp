// Expected lines are ICAO's specimens (Doc 9303-4..7 and Part 11 Appendix D.2) where one
// exists; the others were computed independently of mrz::make (see the comments).

#include "core/date.hpp"
#include "mrz/countries.hpp"
#include "mrz/make.hpp"
#include "mrz/mrz.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

namespace {

using mrtd::ErrorCode;
using mrtd::mrz::Format;
using mrtd::mrz::LongNumberFiller;
using mrtd::mrz::MakeInput;

/// ICAO's specimen holder, Anna Maria Eriksson of Utopia.
MakeInput eriksson(Format format) {
  MakeInput in;
  in.format = format;
  in.issuing_state = "UTO";
  in.nationality = "UTO";
  in.surname = "Eriksson";
  in.given_names = "Anna Maria";
  in.document_number = "L898902C3";
  in.birth_date = "740812";
  in.sex = "F";
  in.expiry_date = "120415";
  return in;
}

std::vector<std::string> made(const MakeInput& in) {
  const auto result = mrtd::mrz::make(in);
  REQUIRE_MESSAGE(result.has_value(), result.error().message);
  return *result;
}

std::string make_error(const MakeInput& in) {
  const auto result = mrtd::mrz::make(in);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::invalid_argument);
  return result.error().message;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_SUITE("mrz::make") {

  TEST_CASE("TD3 specimen of Doc 9303-4") {
    MakeInput in = eriksson(Format::td3);
    in.optional_data = "ZE184226B";
    const std::vector<std::string> expected = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                               "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
    CHECK(made(in) == expected);
    SUBCASE("ISO dates, lower case and an alpha-2 code give the same lines") {
      in.birth_date = "1974-08-12";
      in.expiry_date = "2012-04-15";
      in.sex = "f";
      in.issuing_state = "ut";
      in.document_code = "p";
      in.optional_data = "ze184226b";
      CHECK(made(in) == expected);
    }
  }

  TEST_CASE("TD3 without a personal number writes fillers and a filler check digit") {
    MakeInput in = eriksson(Format::td3);
    const auto lines = made(in);
    // Composite computed with a separate script.
    CHECK(lines[1] == "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<8");
  }

  TEST_CASE("TD1 specimen of Doc 9303-5") {
    MakeInput in = eriksson(Format::td1);
    in.document_number = "D23145890";
    const std::vector<std::string> expected = {"I<UTOD231458907<<<<<<<<<<<<<<<",
                                               "7408122F1204159UTO<<<<<<<<<<<6",
                                               "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"};
    CHECK(made(in) == expected);
  }

  TEST_CASE("TD2 specimen of Doc 9303-6") {
    MakeInput in = eriksson(Format::td2);
    in.document_number = "D23145890";
    const std::vector<std::string> expected = {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
                                               "D231458907UTO7408122F1204159<<<<<<<6"};
    CHECK(made(in) == expected);
  }

  TEST_CASE("visa specimens of Doc 9303-7") {
    MakeInput in = eriksson(Format::mrv_a);
    in.document_number = "L8988901C";
    in.nationality = "XXX";
    in.birth_date = "400907";
    in.expiry_date = "961210";
    in.optional_data = "6ZE184226B";
    CHECK(made(in) == std::vector<std::string>{"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                               "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"});
    in.format = Format::mrv_b;
    in.optional_data.clear();
    CHECK(made(in) == std::vector<std::string>{"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
                                               "L8988901C4XXX4009078F9612109<<<<<<<<"});
  }

  TEST_CASE("long document numbers continue in the optional data (Doc 9303-11 App. D.2)") {
    MakeInput in;
    in.issuing_state = "UTO";
    in.nationality = "UTO";
    in.surname = "Stevenson";
    in.given_names = "Peter John";
    in.document_number = "D23145890734";
    in.birth_date = "340712";
    in.sex = "M";
    in.expiry_date = "950712";
    SUBCASE("TD1") {
      in.format = Format::td1;
      CHECK(made(in) == std::vector<std::string>{"I<UTOD23145890<7349<<<<<<<<<<<",
                                                 "3407127M9507122UTO<<<<<<<<<<<2",
                                                 "STEVENSON<<PETER<JOHN<<<<<<<<<"});
    }
    SUBCASE("TD2") {
      in.format = Format::td2;
      CHECK(made(in) == std::vector<std::string>{"I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<",
                                                 "D23145890<UTO3407127M95071227349<<<8"});
      SUBCASE("optional data follows the check digit and a filler") {
        in.optional_data = "AB";
        CHECK(made(in)[1] == "D23145890<UTO3407127M95071227349<AB5");
      }
    }
  }

  TEST_CASE("long number check digit with the filler excluded or included") {
    // X12345678ZY: 2 over the number, 4 over X12345678<ZY (computed with a separate script).
    MakeInput in = eriksson(Format::td1);
    in.document_number = "X12345678ZY";
    in.optional_data = "XYZ";
    CHECK(made(in)[0] == "I<UTOX12345678<ZY2<XYZ<<<<<<<<");
    CHECK(made(in)[1] == "7408122F1204159UTO<<<<<<<<<<<4");
    in.long_number_filler = LongNumberFiller::include;
    CHECK(made(in)[0] == "I<UTOX12345678<ZY4<XYZ<<<<<<<<");
    CHECK(made(in)[1] == "7408122F1204159UTO<<<<<<<<<<<8");
  }

  TEST_CASE("fields are normalised") {
    MakeInput in = eriksson(Format::td1);
    in.document_number = "ab 12-3";
    in.optional_data = "x 1";
    in.optional_data_2 = "opt-2";
    in.issuing_state = "DE";
    in.nationality = "d";
    in.sex = "x";
    in.document_code = "id";
    const auto lines = made(in);
    CHECK(lines[0].substr(0, 5) == "IDD<<");
    CHECK(lines[0].substr(5, 9) == "AB<12<3<<");
    CHECK(lines[0].substr(15, 3) == "X<1");
    CHECK(lines[1].substr(7, 1) == "<");
    CHECK(lines[1].substr(15, 3) == "D<<");
    CHECK(lines[1].substr(18, 11) == "OPT<2<<<<<<");
    SUBCASE("birth date with unknown parts") {
      in.birth_date = "74<<<<";
      CHECK(made(in)[1].substr(0, 7) == "74<<<<1");
    }
    SUBCASE("only given names: they become the primary identifier") {
      in.surname = "";
      in.given_names = "Priya";
      CHECK(made(in)[2] == "PRIYA" + std::string(25, '<'));
    }
    SUBCASE("the name is truncated for the format") {
      in.surname = "Lindqvist-Andersson";
      in.given_names = "Kristine Maria";
      CHECK(made(in)[2] == "LINDQVIST<ANDERSSON<<KRISTIN<M");
    }
  }

  TEST_CASE("errors name the field") {
    MakeInput in = eriksson(Format::td3);
    SUBCASE("document code") {
      in.document_code = "I";
      CHECK(make_error(in) == "document code 'I' is not valid for TD3 (one or two letters "
                              "starting with P)");
      in.format = Format::td1;
      in.document_code = "P";
      CHECK(contains(make_error(in), "starting with A, C or I"));
      in.document_code = "IDX";
      CHECK(contains(make_error(in), "document code 'IDX'"));
      in.document_code = "I1";
      CHECK(contains(make_error(in), "document code 'I1'"));
      in.format = Format::mrv_b;
      in.document_code = "P";
      CHECK(contains(make_error(in), "starting with V"));
    }
    SUBCASE("states") {
      in.issuing_state = "";
      CHECK(make_error(in) == "issuing state is required");
      in.issuing_state = "ZZZ";
      CHECK(make_error(in) == "issuing state 'ZZZ' is not an ICAO or ISO 3166-1 country code");
      in.issuing_state = "UTO";
      in.nationality = "Utopia";
      CHECK(contains(make_error(in), "nationality 'Utopia'"));
    }
    SUBCASE("names") {
      in.surname = "Eriksson3";
      CHECK(make_error(in) == "surname: digit '3' in a name");
      in.surname = "Eriksson";
      in.given_names = "\u0622\u0646\u0627";
      CHECK(make_error(in) == "given names: no transliteration for U+0622");
      in.surname = "...";
      in.given_names = "";
      CHECK(contains(make_error(in), "name is required"));
      in.surname = "A"; // single letters put a filler at the cut, with nothing to shorten
      in.given_names = "B C D E F G H I J K L M N O P Q R S T U V W X Y Z A B C D";
      CHECK(contains(make_error(in), "cannot be truncated"));
    }
    SUBCASE("document number") {
      in.document_number = "";
      CHECK(make_error(in) == "document number is required");
      in.document_number = "<<";
      CHECK(make_error(in) == "document number is required");
      in.document_number = "L898902C3X";
      CHECK(make_error(in) ==
            "document number 'L898902C3X' is too long (10 characters, at most 9)");
      in.document_number = "L8989/02";
      CHECK(make_error(in) ==
            "document number 'L8989/02' has a character outside A-Z, 0-9 and '<'");
      in.format = Format::td2;
      in.document_number = "D231458907345"; // 13 characters fit TD2, 15 do not
      CHECK(mrtd::mrz::make(in).has_value());
      in.document_number = "D23145890734567";
      CHECK(contains(make_error(in), "at most 14"));
      in.format = Format::td1;
      in.document_number = "D2314589012345678901234";
      CHECK(contains(make_error(in), "at most 22"));
      in.document_number = "D23145890<12";
      CHECK(contains(make_error(in), "filler after the ninth"));
    }
    SUBCASE("dates") {
      in.birth_date = "";
      CHECK(make_error(in) == "birth date is required");
      in.birth_date = "1974-02-30";
      CHECK(make_error(in) == "birth date '1974-02-30' is not a valid date (YYYY-MM-DD or YYMMDD, "
                              "with << for unknown parts)");
      in.birth_date = "741312";
      CHECK(contains(make_error(in), "birth date '741312'"));
      in.birth_date = "010229"; // 29 February of neither 1901 nor 2001
      CHECK(contains(make_error(in), "birth date '010229'"));
      in.birth_date = "000229";
      in.expiry_date = "<<0101";
      CHECK(make_error(in) == "expiry date '<<0101' is not a valid date (YYYY-MM-DD or YYMMDD)");
      in.expiry_date = "12-04-15";
      CHECK(contains(make_error(in), "expiry date '12-04-15'"));
      in.expiry_date = "";
      CHECK(make_error(in) == "expiry date is required");
    }
    SUBCASE("sex") {
      in.sex = "";
      CHECK(make_error(in) == "sex is required (M, F, X or <)");
      in.sex = "female";
      CHECK(make_error(in) == "sex 'female' is not M, F, X or <");
    }
    SUBCASE("optional data") {
      in.optional_data = "ZE184226B123456";
      CHECK(make_error(in) ==
            "personal number 'ZE184226B123456' is too long (15 characters, at most 14)");
      in.optional_data = "";
      in.optional_data_2 = "X";
      CHECK(make_error(in) == "optional data 2 is only used by TD1");
      in.format = Format::td1;
      in.optional_data_2 = "123456789012";
      CHECK(contains(make_error(in), "optional data 2 '123456789012' is too long"));
      in.optional_data_2 = "";
      in.document_number = "D23145890734";
      in.optional_data = "1234567890AB";
      CHECK(contains(make_error(in), "at most 10) after the continued document number"));
      in.format = Format::mrv_b;
      in.document_number = "L8988901C";
      in.optional_data = "123456789";
      CHECK(contains(make_error(in), "optional data '123456789' is too long"));
    }
    SUBCASE("FRA-ID is not made") {
      in.format = Format::fra_id;
      const auto result = mrtd::mrz::make(in);
      REQUIRE_FALSE(result.has_value());
      CHECK(result.error().code == ErrorCode::unsupported);
    }
  }

  TEST_CASE("made MRZs pass mrz::check and read back as given") {
    std::mt19937 engine(9303);
    const auto pick = [&engine](std::size_t n) { return static_cast<std::size_t>(engine() % n); };
    const auto text = [&](std::size_t length, std::string_view alphabet) {
      std::string out(length, ' ');
      for (char& c : out) {
        c = alphabet[pick(alphabet.size())];
      }
      return out;
    };
    const std::string_view letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const std::string_view alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const auto words = [&](std::size_t count) {
      std::string out;
      for (std::size_t i = 0; i < count; ++i) {
        out += (out.empty() ? "" : " ") + text(1 + pick(14), letters);
      }
      return out;
    };
    // Optional data or a number: alphanumeric, possibly with an inner filler.
    const auto data = [&](std::size_t max) {
      std::string out = text(pick(max + 1), alnum);
      if (out.size() >= 3 && pick(4) == 0) {
        out[1 + pick(out.size() - 2)] = '<';
      }
      return out;
    };
    const auto date = [&](int first_year, int years) {
      while (true) {
        const int y = first_year + static_cast<int>(pick(static_cast<std::size_t>(years)));
        const int m = 1 + static_cast<int>(pick(12));
        const int d = 1 + static_cast<int>(pick(31));
        if (mrtd::is_valid_date(y, m, d)) {
          return mrtd::CivilDate{y, m, d};
        }
      }
    };
    const auto split = [](std::string_view field) {
      std::vector<std::string> out;
      std::size_t start = 0;
      while (start < field.size()) {
        const std::size_t end = std::min(field.find_first_of(" <", start), field.size());
        if (end > start) {
          out.emplace_back(field.substr(start, end - start));
        }
        start = end + 1;
      }
      return out;
    };
    // Each read component is a prefix of the given one (truncation shortens, never reorders).
    const auto prefix_of = [&](std::string_view read, std::string_view given, bool truncated) {
      const auto r = split(read);
      const auto g = split(given);
      if (!truncated) {
        return r == g;
      }
      if (r.size() > g.size()) {
        return false;
      }
      for (std::size_t i = 0; i < r.size(); ++i) {
        if (g[i].compare(0, r[i].size(), r[i]) != 0) {
          return false;
        }
      }
      return true;
    };
    const Format formats[] = {Format::td1, Format::td2, Format::td3, Format::mrv_a, Format::mrv_b};
    const char* states[] = {"UTO", "D", "DEU", "FRA", "GBR", "NLD", "XXA", "EUE", "USA"};
    const char* sexes[] = {"M", "F", "X", "<"};
    mrtd::mrz::CheckOptions options;
    options.reference_date = {2026, 1, 1};

    for (int i = 0; i < 2000; ++i) {
      MakeInput in;
      in.format = formats[pick(5)];
      const bool td = in.format == Format::td1 || in.format == Format::td2;
      const bool visa = in.format == Format::mrv_a || in.format == Format::mrv_b;
      in.document_code = visa ? (pick(2) ? "V" : "VB")
                         : td ? std::vector<std::string>{"I", "ID", "A", "C", "IR"}[pick(5)]
                              : (pick(2) ? "P" : "PD");
      in.issuing_state = states[pick(std::size(states))];
      in.nationality = states[pick(std::size(states))];
      in.surname = words(1 + pick(4));
      in.given_names = words(pick(4));
      in.sex = sexes[pick(4)];
      const auto birth = date(1930, 96);
      const auto expiry = date(2027, 9); // after the reference date
      in.birth_date = mrtd::to_iso(birth);
      in.expiry_date = mrtd::to_iso(expiry);
      const bool long_number = td && pick(3) == 0;
      in.document_number = long_number ? text(10 + pick(in.format == Format::td1 ? 13 : 5), alnum)
                                       : text(1 + pick(9), alnum);
      in.long_number_filler = pick(2) ? LongNumberFiller::include : LongNumberFiller::exclude;
      const std::size_t overflow = long_number ? in.document_number.size() - 9 + 2 : 0;
      const std::size_t room = in.format == Format::td1     ? 15 - overflow
                               : in.format == Format::td2   ? 7 - overflow
                               : in.format == Format::td3   ? 14
                               : in.format == Format::mrv_a ? 16
                                                            : 8;
      in.optional_data = data(room);
      if (in.format == Format::td1) {
        in.optional_data_2 = data(11);
      }
      // Trailing fillers are not data.
      const auto trimmed = [](std::string s) {
        while (!s.empty() && s.back() == '<') {
          s.pop_back();
        }
        return s;
      };
      CAPTURE(in.surname);
      CAPTURE(in.given_names);
      CAPTURE(in.document_number);
      CAPTURE(in.optional_data);
      CAPTURE(std::string(mrtd::mrz::to_string(in.format)));

      const auto lines = made(in);
      std::string joined;
      for (const auto& line : lines) {
        joined += line + "\n";
      }
      CAPTURE(joined);
      const auto report = mrtd::mrz::check(joined, options);
      CHECK(report.verdict.outcome == mrtd::Outcome::valid);
      REQUIRE(report.mrz.has_value());
      const auto& mrz = *report.mrz;
      CHECK(mrz.format == in.format);
      CHECK(mrz.document_code == in.document_code);
      CHECK(mrz.issuing_state == *mrtd::mrz::country_field(in.issuing_state));
      CHECK(mrz.nationality == *mrtd::mrz::country_field(in.nationality));
      CHECK(mrz.document_number == in.document_number);
      CHECK(mrz.long_document_number == long_number);
      CHECK(mrz.sex == (in.sex == "X" ? "<" : in.sex));
      CHECK(mrz.birth_date.iso == mrtd::to_iso(birth));
      CHECK(mrz.expiry_date.iso == mrtd::to_iso(expiry));
      const std::string& optional =
          in.format == Format::td3 || visa ? mrz.personal_number : mrz.optional_data_1;
      CHECK(optional == trimmed(in.optional_data));
      CHECK(mrz.optional_data_2 == trimmed(in.optional_data_2));
      const std::string& name_line = in.format == Format::td1 ? lines[2] : lines[0];
      const bool truncated = name_line.back() != '<';
      CHECK(mrz.name_possibly_truncated == truncated);
      CHECK(prefix_of(mrz.primary_identifier, in.surname, truncated));
      CHECK(prefix_of(mrz.secondary_identifier, in.given_names, truncated));
    }
  }

} // TEST_SUITE
