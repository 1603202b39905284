#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/seeds/<target>/ (or under the
folder given).

Seeds are inputs, not expectations. For mrz: ICAO Doc 9303 specimens of every format, variants
that reach the long-number, repair, normalisation and error paths, and a few shapes that are
not an MRZ at all; check digits of the synthetic ones are computed here (7-3-1, Doc 9303-3
4.9). For flat_json: batch records as `mrz check --batch` reads them, and near misses.
"""
import pathlib
import sys


def cd(field: str) -> str:
    def value(c: str) -> int:
        if c.isdigit():
            return int(c)
        if "A" <= c <= "Z":
            return ord(c) - ord("A") + 10
        return 0  # '<'
    return str(sum(value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)


def td1(number_field: str, optional1: str, birth: str, sex: str, expiry: str, nat: str,
        optional2: str, name: str, number_cd: str | None = None) -> str:
    line1 = ("I<UTO" + number_field + (cd(number_field) if number_cd is None else number_cd)
             + optional1).ljust(30, "<")
    line2 = birth + cd(birth) + sex + expiry + cd(expiry) + nat + optional2.ljust(11, "<")
    line2 += cd(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    return "\n".join([line1, line2, name.ljust(30, "<")])


MRZ_SEEDS = {
    # ICAO Doc 9303 specimens
    "td3_specimen": "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    "td1_specimen": "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\n"
                    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    "td2_specimen": "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6",
    "mrva_specimen": "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                     "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    "mrvb_specimen": "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<",
    "fra_id": "IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013\n0506932020438CHRISTIANE<<NI2906209F3",
    # long TD1 document number, filler excluded and included in its digit
    "td1_long_excluded": td1("D23145890", "AB" + cd("D23145890AB"), "740812", "F", "120415",
                             "UTO", "", "ERIKSSON<<ANNA", number_cd="<"),
    "td1_long_included": td1("D23145890", "AB" + cd("D23145890<AB"), "740812", "F", "120415",
                             "UTO", "", "ERIKSSON<<ANNA", number_cd="<"),
    "td1_long_one_char": td1("D23145890", "7", "740812", "F", "120415", "UTO", "", "DOE<<J",
                             number_cd="<"),
    # OCR confusions that --repair should undo (O for 0 in the number, B for 8 in a date)
    "td3_ocr": "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
               "L89B9O2C36UTO74O8122F12O4159ZE184226B<<<<<10",
    # normalisation: lower case, spaces, guillemets, CR LF, tabs
    "td3_lower": "p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<\n"
                 "l898902c36uto7408122f1204159ze184226b<<<<<10\n",
    "td3_spaces": "P<UTO ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\n"
                  "L898902C36 UTO7408122F1204159ZE184226B<<<<<10\r\n",
    "td3_guillemets": "P\u00abUTOERIKSSON\u00ab\u00abANNA\u00abMARIA<<<<<<<<<<<<<<<<<<<\n"
                      "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    "td1_tabs": "I<UTOD231458907<<<<<<<<<<<<<<<\t\n7408122F1204159UTO<<<<<<<<<<<6\n"
                "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    # run together on one line (88 and 90 characters)
    "td3_run": "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
               "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    "td1_run": "I<UTOD231458907<<<<<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<6"
               "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    # Germany, unknown birth day, sex X, empty personal number with 0
    "td3_deu": "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\n"
               "C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4",
    "td3_unknown_day": "P<UTODOE<<JOHN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n"
                       "L898902C36UTO74<<<<" + cd("74<<<<") + "X1204159<<<<<<<<<<<<<<00",
    # not an MRZ
    "short_lines": "P<UTOERIKSSON\nL898902C36",
    "empty": "",
    "blank_lines": "\n\n\n",
    "binary": "\x00\x01\xff\xfe<<<",
}


FLAT_JSON_SEEDS = {
    "record": '{"mrz":"' + MRZ_SEEDS["td3_specimen"].replace("\n", "\\n") + '","id":"td3-000001"}',
    "record_int_id": '{"mrz": "' + MRZ_SEEDS["td1_specimen"].replace("\n", "\\n") + '", "id": 7}',
    "spaced": ' { "id" : true , "mrz" : "P<UTO" , "n" : null } \r\n',
    "escapes": '{"a":null,"b":false,"c":-123456789012345678,'
               '"d":"\\u00e9\\ud83d\\ude00\\/\\\\\\"\\b\\f\\n\\r\\t"}',
    "raw_utf8": '{"mrz":"P\u00abUTO \u00e9\u20ac\U0001F600"}',
    "empty_object": "{}",
    "empty_key": '{"":""}',
    "fraction": '{"x":1.5}',
    "exponent": '{"x":1e3}',
    "negative_zero": '{"x":-0}',
    "nineteen_digits": '{"x":1234567890123456789}',
    "duplicate": '{"x":1,"x":2}',
    "nested": '{"x":{"y":[1,2]}}',
    "array": "[1,2]",
    "trailing": '{"x":1} x',
    "lone_surrogate": '{"x":"\\udc00"}',
}


def main() -> None:
    here = pathlib.Path(__file__).resolve().parent
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else here / "seeds"
    for target, seeds, suffix in (("mrz", MRZ_SEEDS, ".mrz"), ("flat_json", FLAT_JSON_SEEDS, ".json")):
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in seeds.items():
            data = text.encode("latin-1") if name == "binary" else text.encode("utf-8")
            (folder / f"{name}{suffix}").write_bytes(data)


if __name__ == "__main__":
    main()
