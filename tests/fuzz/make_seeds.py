#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/seeds/<target>/ (or under the
folder given).

Seeds are inputs, not expectations. For mrz: ICAO Doc 9303 specimens of every format, variants
that reach the long-number, repair, normalisation and error paths, and a few shapes that are
not an MRZ at all; check digits of the synthetic ones are computed here (7-3-1, Doc 9303-3
4.9). For flat_json: batch records as `mrz check --batch` reads them, and near misses. For
chip: the LDS files, certificates and CRLs of samples/chip/ and a few small files of the shared
PA corpus (../shared/corpus/pa, when present), each prefixed by the mode byte of chip_fuzz.cpp.
"""
import json
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


# chip_fuzz.cpp's modes (the first input byte).
CHIP_MODES = {
    "parse_sod": 0, "verify": 1, "dump_com": 2, "dump_sod": 3, "dump_dg1": 4, "dump_dg2": 5,
    "dump_dg11": 6, "dump_dg12": 7, "dump_dg14": 8, "dump_dg15": 9, "dump_dg13": 10, "lds": 11,
    "trust_store": 12, "active_auth": 13, "store_verify": 14,
}

# samples/chip/<case>/<file> -> the modes it seeds.
CHIP_SAMPLE_MODES = {
    "EF_SOD.bin": ("parse_sod", "verify", "dump_sod"),
    "EF_COM.bin": ("dump_com", "lds"),
    "DG1.bin": ("dump_dg1", "lds"),
    "DG2.bin": ("dump_dg2",),
    "DG13.bin": ("dump_dg13",),
    "DG14.bin": ("dump_dg14",),
    "DG15.bin": ("dump_dg15",),
    "csca.pem": ("trust_store",),
    "crl.pem": ("trust_store",),
}

# ../shared/corpus/pa files (relative to it) -> modes: real SODs (NZ is BER, MY has the
# SID RDN-order mismatch, DE explicit-parameter EC, US), jmrtd DG2, BSI DG14/DG15 ...
CHIP_CORPUS_MODES = {
    "gmrtd/sod/NZ/EF_SOD.bin": ("parse_sod", "verify"),
    "gmrtd/sod/MY/EF_SOD.bin": ("parse_sod", "verify", "dump_sod"),
    "gmrtd/sod/DE/EF_SOD.bin": ("parse_sod", "verify"),
    "gmrtd/sod/DE/EF_CardSecurity.bin": ("parse_sod",),
    "gmrtd/sod/US/EF_SOD.bin": ("verify", "dump_sod"),
    "gmrtd/sod/DE/csca.der": ("trust_store",),
    "gmrtd/uk-expired/csca.der": ("trust_store",),
    "pymrtd/negative/BSI_EF_SOD_lso_v2.bin": ("verify",),
    "pymrtd/negative/BSI_EF_SOD_trailing_byte.bin": ("verify",),
    "jmrtd/loes2006/EF_DG2_0102.bin": ("dump_dg2",),
    "jmrtd/loes2006/EF_COM_011E.bin": ("dump_com",),
    "bsi-tr03105-5/Datagroup14.bin": ("dump_dg14",),
    "bsi-tr03105-5/Datagroup15.bin": ("dump_dg15",),
    "pymrtd/etsi-eacaa/EF_DG14.bin": ("dump_dg14",),
    "bsi-tr03105-5/aa/synthetic_ecdsa_DG15.bin": ("dump_dg15",),
}

# AA vectors (JSON next to their DG15) -> active_auth seeds.
CHIP_AA_VECTORS = (
    "gmrtd/aa/aa_vectors.json",
    "pymrtd/aa/aa_vectors.json",
    "bsi-tr03105-5/aa/aa_rsa_vectors_generated.json",
    "bsi-tr03105-5/aa/aa_ecdsa_vectors_synthetic.json",
)

def tlv(tag: str, value: bytes) -> bytes:
    """BER-TLV with a definite length (tag in hex)."""
    n = len(value)
    length = bytes([n]) if n < 0x80 else bytes([0x81, n]) if n < 0x100 else bytes([0x82]) + n.to_bytes(2, "big")
    return bytes.fromhex(tag) + length + value


# Synthetic inputs for the modes no sample file reaches.
CHIP_SYNTHETIC = {
    # DG11: tag list, full name, personal number, place of birth
    "dg11_fields": ("dump_dg11", tlv("6B", tlv("5C", bytes.fromhex("5F0E5F105F11"))
                                     + tlv("5F0E", b"ERIKSSON<<ANNA") + tlv("5F10", b"1234")
                                     + tlv("5F11", b"UTO"))),
    # DG12: tag list, issuing authority, date of issue, an image of the front
    "dg12_fields": ("dump_dg12", tlv("6C", tlv("5C", bytes.fromhex("5F195F265F1D"))
                                     + tlv("5F19", b"UTO") + tlv("5F26", b"20200101")
                                     + tlv("5F1D", bytes.fromhex("FFD8FFE0")))),
    "dg13_empty": ("dump_dg13", tlv("6D", b"")),
    "tlv_list": ("lds", tlv("5F1F", b"A") + tlv("7F61", tlv("02", b"\x01")) + tlv("5C", b"\x61\x75")),
    "tlv_long_length": ("lds", bytes.fromhex("7784000000040102030400")),
    "tlv_indefinite": ("lds", bytes.fromhex("30800000")),
    "com": ("lds", tlv("60", tlv("5F01", b"0107") + tlv("5F36", b"040000")
                       + tlv("5C", bytes.fromhex("61756E6F")))),
    "name_dg": ("lds", b"Datagroup15.bin"),
    "name_sod": ("lds", b"EF_SOD.bin"),
    "sod_indefinite": ("parse_sod", bytes.fromhex("7780308006092a864886f70d010702a0800000000000")),
    "pem_garbage": ("trust_store", b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
    "empty_verify": ("verify", b""),
}


def aa_seed(dg15: bytes, challenge: bytes, response: bytes, dg14: bytes = b"") -> bytes:
    """chip_fuzz.cpp's active_auth layout: u16 |dg15|, dg15, u8 |challenge|, challenge,
    u16 |dg14| (0: none), dg14, response."""
    return (len(dg15).to_bytes(2, "big") + dg15 + bytes([len(challenge)]) + challenge
            + len(dg14).to_bytes(2, "big") + dg14 + response)


def chip_seeds(root: pathlib.Path) -> dict[str, bytes]:
    """The chip seeds: name -> bytes (mode byte first)."""
    seeds: dict[str, bytes] = {}
    seen: set[bytes] = set()

    def add(name: str, mode: str, data: bytes) -> None:
        seed = bytes([CHIP_MODES[mode]]) + data
        if seed not in seen:  # the sample cases share DG1, DG2, ...: one seed each
            seen.add(seed)
            seeds[f"{mode}-{name}"] = seed

    samples = root / "samples" / "chip"
    for case in sorted(p for p in samples.glob("*") if p.is_dir()) if samples.is_dir() else ():
        for file_name, modes in CHIP_SAMPLE_MODES.items():
            path = case / file_name
            if path.is_file():
                for mode in modes:
                    add(f"{case.name}-{path.stem}", mode, path.read_bytes())
        # a trust store as the CLI gets it: CSCA and CRL in one PEM bundle
        csca, crl = case / "csca.pem", case / "crl.pem"
        if csca.is_file() and crl.is_file():
            bundle = csca.read_bytes() + crl.read_bytes()
            add(f"{case.name}-bundle", "trust_store", bundle)
            add(f"{case.name}-bundle", "store_verify", bundle)
        dg15 = case / "DG15.bin"
        if dg15.is_file():
            add(f"{case.name}-dg15", "active_auth", aa_seed(dg15.read_bytes(), bytes(8), bytes(64)))

    corpus = root.parent / "shared" / "corpus" / "pa"
    if corpus.is_dir():
        for relative, modes in CHIP_CORPUS_MODES.items():
            path = corpus / relative
            if path.is_file():
                name = relative.replace("/", "-").rsplit(".", 1)[0]
                for mode in modes:
                    add(name, mode, path.read_bytes())
        for relative in CHIP_AA_VECTORS:
            path = corpus / relative
            if not path.is_file():
                continue
            vectors = json.loads(path.read_text())
            dg15 = (path.parent / vectors["dg15_file"]).read_bytes()
            if dg15[0] != 0x6F:  # a bare SubjectPublicKeyInfo: wrap it as DG15
                dg15 = bytes([0x6F, 0x81 if len(dg15) > 127 else len(dg15)]) + (
                    bytes([len(dg15)]) if len(dg15) > 127 else b"") + dg15
            stem = relative.split("/")[0]
            for vector in vectors["vectors"]:
                add(f"{stem}-{vector['name']}", "active_auth",
                    aa_seed(dg15, bytes.fromhex(vector["nonce"]), bytes.fromhex(vector["response"])))

    for name, (mode, data) in CHIP_SYNTHETIC.items():
        add(name, mode, data)
    return seeds


def write_chip_seeds(root: pathlib.Path, folder: pathlib.Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.bin"):
        old.unlink()
    for name, data in chip_seeds(root).items():
        (folder / f"{name}.bin").write_bytes(data)
    (folder / "README.md").write_text(
        "Seeds of mrtd_chip_fuzz, written by tests/fuzz/make_seeds.py: each file is one mode byte\n"
        "(chip_fuzz.cpp's Mode) followed by the data. They are copies of samples/chip/ files and of\n"
        "small files of the shared PA corpus (../shared/corpus/pa: real EF.SODs of NZ, MY, DE, US,\n"
        "jmrtd DG2, BSI DG14/DG15, AA vectors), copied here as fuzz seeds, plus a few synthetic\n"
        "inputs. Inputs, not expectations.\n")


def main() -> None:
    here = pathlib.Path(__file__).resolve().parent
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else here / "seeds"
    for target, seeds, suffix in (("mrz", MRZ_SEEDS, ".mrz"), ("flat_json", FLAT_JSON_SEEDS, ".json")):
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in seeds.items():
            data = text.encode("latin-1") if name == "binary" else text.encode("utf-8")
            (folder / f"{name}{suffix}").write_bytes(data)
    write_chip_seeds(here.parent.parent, out / "chip")


if __name__ == "__main__":
    main()
