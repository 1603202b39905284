#pragma once

// The MRZ cases shared by the unit tests (tests/mrz/check_test.cpp) and the sample generator
// (tests/gen/gen_samples.cpp, which writes samples/mrz/). Each row states, independently of
// the code under test, what mrtd must conclude: the verdict and the exact sets of failed and
// warned checks (ids without the `mrz.` prefix). The ICAO rows are Doc 9303's own specimens;
// the others are variants whose check digits were computed by a separate Python
// implementation of Doc 9303-3 §4.9 and reviewed by hand, each changing one rule.
// Reference date for all rows: 2026-01-01.

#include <array>
#include <string_view>

namespace mrtd::test {

struct MrzCase {
  std::string_view name;
  std::string_view text;
  std::string_view args; ///< options: --repair, --normalize, --require-unexpired, --format-hint X
  std::string_view verdict; ///< valid | invalid | error
  std::string_view fails;   ///< failed check ids, space-separated, without `mrz.`
  std::string_view warns;   ///< warned check ids, likewise
};

inline constexpr std::string_view k_reference_date = "2026-01-01";

using namespace std::string_view_literals;

// One row per case, kept on one line each so that the table reads as a table.
// clang-format off
inline constexpr std::array k_mrz_cases = {
    MrzCase{"icao-td3"sv, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"sv, ""sv, "valid"sv, ""sv, "specimen expiry_date.unexpired"sv},
    MrzCase{"icao-td1"sv, "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"sv, ""sv, "valid"sv, ""sv, "specimen expiry_date.unexpired"sv},
    MrzCase{"icao-td2"sv, "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"sv, ""sv, "valid"sv, ""sv, "specimen expiry_date.unexpired"sv},
    MrzCase{"icao-mrva"sv, "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"sv, ""sv, "valid"sv, ""sv, "specimen expiry_date.unexpired"sv},
    MrzCase{"icao-mrvb"sv, "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<"sv, ""sv, "valid"sv, ""sv, "specimen expiry_date.unexpired"sv},
    MrzCase{"icao-td1-long-number"sv, "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<"sv, ""sv, "valid"sv, ""sv, "specimen expiry_date.unexpired"sv},
    MrzCase{"icao-td3-one-line"sv, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10"sv, ""sv, "valid"sv, ""sv, "specimen expiry_date.unexpired"sv},
    MrzCase{"deu-td3"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "valid"sv, ""sv, ""sv},
    MrzCase{"fra-id"sv, "IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013\n0506932020438CHRISTIANE<<NI2906209F3"sv, ""sv, "valid"sv, ""sv, ""sv},
    MrzCase{"td3-check-digit-document-number"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T477D<<6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "check_digit.document_number check_digit.composite"sv, ""sv},
    MrzCase{"td3-check-digit-birth-date"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408126F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "check_digit.birth_date check_digit.composite"sv, ""sv},
    MrzCase{"td3-check-digit-expiry-date"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702284<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "check_digit.expiry_date check_digit.composite"sv, ""sv},
    MrzCase{"td3-check-digit-composite"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<5"sv, ""sv, "invalid"sv, "check_digit.composite"sv, ""sv},
    MrzCase{"td3-check-digit-personal-number"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283ZE184226B<<<<<27"sv, ""sv, "invalid"sv, "check_digit.personal_number"sv, ""sv},
    MrzCase{"td3-personal-number-filler-check-digit"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283ZE184226B<<<<<<5"sv, ""sv, "invalid"sv, "check_digit.personal_number"sv, ""sv},
    MrzCase{"td3-empty-personal-number-zero"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<04"sv, ""sv, "valid"sv, ""sv, ""sv},
    MrzCase{"td3-birth-date-calendar"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6402307F2702283<<<<<<<<<<<<<<<0"sv, ""sv, "invalid"sv, "birth_date.calendar"sv, ""sv},
    MrzCase{"td3-leap-day-2001"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<0102292F2702283<<<<<<<<<<<<<<<6"sv, ""sv, "invalid"sv, "birth_date.calendar"sv, ""sv},
    MrzCase{"td3-leap-day-2000"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<0002299F2702283<<<<<<<<<<<<<<<6"sv, ""sv, "valid"sv, ""sv, ""sv},
    MrzCase{"td3-birth-date-unknown-day"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408<<0F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "valid"sv, ""sv, ""sv},
    MrzCase{"td3-expiry-date-calendar"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2713018<<<<<<<<<<<<<<<8"sv, ""sv, "invalid"sv, "expiry_date.calendar"sv, ""sv},
    MrzCase{"td3-expired"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2501017<<<<<<<<<<<<<<<8"sv, ""sv, "valid"sv, ""sv, "expiry_date.unexpired"sv},
    MrzCase{"td3-expired-required"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2501017<<<<<<<<<<<<<<<8"sv, "--require-unexpired"sv, "invalid"sv, "expiry_date.unexpired"sv, ""sv},
    MrzCase{"td3-dates-order"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<2512015F2511018<<<<<<<<<<<<<<<2"sv, ""sv, "invalid"sv, "dates.order"sv, "expiry_date.unexpired"sv},
    MrzCase{"td3-issuing-state"sv, "P<ZZZMUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "issuing_state"sv, ""sv},
    MrzCase{"td3-nationality"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478ZZZ6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "nationality"sv, ""sv},
    MrzCase{"td3-nationality-withdrawn"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478ANT6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "valid"sv, ""sv, "nationality"sv},
    MrzCase{"td3-nationality-stateless"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478XXA6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "valid"sv, ""sv, ""sv},
    MrzCase{"td3-sex-x"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125X2702283<<<<<<<<<<<<<<<4"sv, ""sv, "valid"sv, ""sv, "sex"sv},
    MrzCase{"td3-sex"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125Q2702283<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "sex"sv, ""sv},
    MrzCase{"td3-document-code"sv, "A<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "document_code"sv, ""sv},
    MrzCase{"td3-document-number-empty"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\n<<<<<<<<<0D<<6408125F2702283<<<<<<<<<<<<<<<0"sv, ""sv, "invalid"sv, "document_number"sv, ""sv},
    MrzCase{"td3-fillers"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\n<C01X00T43D<<6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "fillers"sv, ""sv},
    MrzCase{"td3-alphabet"sv, "P<D<<MUSTER#ANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "structure.alphabet name.characters"sv, ""sv},
    MrzCase{"td3-name-characters"sv, "P<D<<MUSTERMANN<<ER1KA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "name.characters"sv, ""sv},
    MrzCase{"td3-name-structure"sv, "P<D<<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "name.structure"sv, ""sv},
    MrzCase{"td3-name-full-field"sv, "P<D<<PAPANDROPOULOUS<<JONATHON<WARREN<TREVOR\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "valid"sv, ""sv, "name.truncation"sv},
    MrzCase{"td3-line-length"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<"sv, "--format-hint td3"sv, "invalid"sv, "structure.line_length check_digit.composite"sv, ""sv},
    MrzCase{"td3-repair-birth-date"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<64O8125F2702283<<<<<<<<<<<<<<<4"sv, "--repair"sv, "valid"sv, ""sv, "repair"sv},
    MrzCase{"td3-unrepaired-birth-date"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<64O8125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "invalid"sv, "birth_date.calendar check_digit.birth_date check_digit.composite"sv, ""sv},
    MrzCase{"td3-lowercase-normalized"sv, "p<d<<mustermann<<erika<<<<<<<<<<<<<<<<<<<<<<\nc01x00t478d<<6408125f2702283<<<<<<<<<<<<<<<4"sv, "--normalize"sv, "valid"sv, ""sv, ""sv},
    MrzCase{"td1-long-number-filler-excluded"sv, "I<BEL590326200<2162<<<<<<<<<<<\n8501019M3001019BEL<<<<<<<<<<<6\nDUBOIS<<JEAN<<<<<<<<<<<<<<<<<<"sv, ""sv, "valid"sv, ""sv, ""sv},
    MrzCase{"td1-long-number-filler-included"sv, "I<BEL590326200<2168<<<<<<<<<<<\n8501019M3001019BEL<<<<<<<<<<<4\nDUBOIS<<JEAN<<<<<<<<<<<<<<<<<<"sv, ""sv, "valid"sv, ""sv, ""sv},
    MrzCase{"td1-long-number-check-digit"sv, "I<BEL590326200<2160<<<<<<<<<<<\n8501019M3001019BEL<<<<<<<<<<<0\nDUBOIS<<JEAN<<<<<<<<<<<<<<<<<<"sv, ""sv, "invalid"sv, "check_digit.document_number"sv, ""sv},
    MrzCase{"td1-long-number-no-overflow"sv, "I<BEL590326200<<<<<<<<<<<<<<<<\n8501019M3001019BEL<<<<<<<<<<<1\nDUBOIS<<JEAN<<<<<<<<<<<<<<<<<<"sv, ""sv, "invalid"sv, "document_number check_digit.document_number"sv, ""sv},
    MrzCase{"td2-long-number"sv, "I<BELDUBOIS<<JEAN<<<<<<<<<<<<<<<<<<<\n590326200<BEL8501019M30010192162<<<8"sv, ""sv, "valid"sv, ""sv, ""sv},
    MrzCase{"mrva-check-digit-document-number"sv, "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C5XXX4009078F96121096ZE184226B<<<<<<"sv, ""sv, "invalid"sv, "check_digit.document_number"sv, "specimen expiry_date.unexpired"sv},
    MrzCase{"mrvb-as-td2"sv, "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<"sv, "--format-hint td2"sv, "invalid"sv, "document_code check_digit.composite"sv, "specimen expiry_date.unexpired"sv},
    MrzCase{"fra-id-check-digit-composite"sv, "IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013\n0506932020438CHRISTIANE<<NI2906209F4"sv, ""sv, "invalid"sv, "check_digit.composite"sv, ""sv},
    MrzCase{"error-short-line"sv, "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<"sv, ""sv, "error"sv, ""sv, ""sv},
    MrzCase{"error-lowercase"sv, "p<d<<mustermann<<erika<<<<<<<<<<<<<<<<<<<<<<\nc01x00t478d<<6408125f2702283<<<<<<<<<<<<<<<4"sv, ""sv, "error"sv, ""sv, ""sv},
    MrzCase{"error-space"sv, "P<D<<MUSTERMANN<< ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<"sv, ""sv, "error"sv, ""sv, ""sv},
    MrzCase{"error-guillemet"sv, "P«D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "error"sv, ""sv, ""sv},
    MrzCase{"error-nul"sv, "P<D\0<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"sv, ""sv, "error"sv, ""sv, ""sv},
    MrzCase{"error-empty"sv, ""sv, ""sv, "error"sv, ""sv, ""sv},
    MrzCase{"error-not-an-mrz"sv, "HELLO<WORLD"sv, ""sv, "error"sv, ""sv, ""sv},
};
// clang-format on

} // namespace mrtd::test
