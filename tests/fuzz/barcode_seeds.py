#!/usr/bin/env python3
"""Writes the seed inputs of one barcode fuzz target (vds, idb, vdsnc, dcc, bcbp, aamva or
payload) into a folder: a few synthetic payloads written here, plus the payloads of the shared
barcode corpus (../shared/corpus/barcodes, when present; its READMEs give origin and licence).
tests/fuzz/run.sh calls it for the scratch corpus, so no corpus file is copied into the tree.

Seeds are inputs, not expectations.

    barcode_seeds.py TARGET FOLDER
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "barcodes"


def aamva(version: str, subfiles: list[tuple[str, str]], separator: bytes = b"\x1e") -> bytes:
    """An AAMVA payload with correct designators (annex D layout)."""
    head = b"@\n" + separator + b"\rANSI 636000" + version.encode() + b"00" + b"%02d" % len(subfiles)
    offset = len(head) + 10 * len(subfiles)
    designators, body = b"", b""
    for kind, elements in subfiles:
        subfile = (kind + elements).encode("latin-1") + b"\r"
        designators += kind.encode() + b"%04d%04d" % (offset, len(subfile))
        body += subfile
        offset += len(subfile)
    return head + designators + body


SYNTHETIC = {
    "bcbp": {
        "minimal": b"M1DOE/JOHN            EABC123 YULFRAAC 0834 226F001A0025 100",
        "version6": b"M1DOE/JOHN            EABC123 YULFRAAC 0834 226F001A0025 14D>6181WW6225BAC "
                    b"00141234560032A0141234567890 1AC AC 1234567890123    20KYLX58Z",
        "security": b"M1DOE/JOHN            EABC123 YULFRAAC 0834 226F001A0025 100^108ABCDEFGH",
    },
    "aamva": {
        "v10": aamva("10", [("DL", "DAQT1\nDCSSAMPLE\nDBB06061986\nDBC1\nDCGUSA"), ("ZV", "ZVA01")]),
        "v01_fs": aamva("01", [("DL", "DAQ1\nDBB19860606")], b"\x1c").replace(b"0100", b"01", 1),
        "canada": aamva("08", [("ID", "DAQ1\nDBA20300101\nDCGCAN")]),
        "latin1": b" " + aamva("09", [("DL", "DCSM\xdcLLER")]),
        "prestandard": b"@\n\x1e\rANSI       030001\x00\x00\x001/2013\nDCSDOE\nDBB12/11/1945\n\x00\x00",
    },
    "payload": {
        "text": b"hello",
        "binary": b"\x00\x01\xfe",
        "two_d_doc": b"DC04FR000001",
        "vds_short": b"\xdc\x03\x5e\x03",
    },
}


def hex_lines(path: pathlib.Path) -> list[bytes]:
    """Hex strings of a file: whole-file hex, or one hex line per item (li0ard's test_seals)."""
    out = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.lower().startswith("dc") and all(c in "0123456789abcdefABCDEF" for c in line):
            out.append(bytes.fromhex(line))
    return out


def corpus_seeds(target: str) -> dict[str, bytes]:
    seeds: dict[str, bytes] = {}
    if not CORPUS.is_dir():
        return seeds
    if target in ("vds", "payload"):
        for path in sorted((CORPUS / "kurzdigital-vds-jvm" / "vds").glob("*.bin")):
            seeds[f"kurz-{path.stem}"] = path.read_bytes()
        for path in sorted((CORPUS / "vdstools" / "vds").glob("*.hex")):
            seeds[f"vdstools-{path.stem}"] = bytes.fromhex(path.read_text().strip())
        seal_list = CORPUS / "li0ard-vds" / "test_seals.txt"
        if seal_list.is_file():
            for i, seal in enumerate(hex_lines(seal_list)):
                seeds[f"li0ard-{i}"] = seal
    if target in ("idb", "payload"):
        for path in sorted((CORPUS / "vdstools" / "idb").glob("*.txt")):
            seeds[f"vdstools-{path.stem}"] = path.read_bytes().strip()
    if target in ("vdsnc", "payload"):
        for folder in (CORPUS / "vdsnc", CORPUS / "kurzdigital-vds-jvm" / "vdsnc"):
            tag = "-".join(folder.relative_to(CORPUS).parts)
            for path in sorted(folder.glob("*.json")):
                seeds[f"{tag}-{path.stem}"] = path.read_bytes()
    if target in ("dcc", "payload"):
        for path in sorted((CORPUS / "dgc-testdata").glob("*/2DCode/raw/*.json")):
            try:
                prefix = json.loads(path.read_text()).get("PREFIX")
            except (ValueError, UnicodeDecodeError):
                continue
            if isinstance(prefix, str) and prefix:
                seeds[f"dgc-{path.parts[-4]}-{path.stem}"] = prefix.encode()
    if target in ("bcbp", "payload"):
        cases = CORPUS / "bcbp-iata_bcbp" / "bcbp_cases.json"
        if cases.is_file():
            for case in json.loads(cases.read_text()):
                seeds[f"iata-{case['id']}"] = case["data"].encode()
    if target in ("aamva", "payload"):
        for path in sorted((CORPUS / "aamva-idlparser-cpp").glob("*.idl")):
            seeds[f"idlparser-{path.stem}"] = path.read_bytes()
    return seeds


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    target, folder = sys.argv[1], pathlib.Path(sys.argv[2])
    seeds = dict(SYNTHETIC.get(target, {}))
    if target == "payload":
        for other in ("bcbp", "aamva"):
            seeds.update({f"{other}-{name}": data for name, data in SYNTHETIC[other].items()})
    seeds.update(corpus_seeds(target))
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (folder / f"seed-{name}").write_bytes(data)
    print(f"{len(seeds)} seeds for {target} in {folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
