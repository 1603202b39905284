#!/usr/bin/env python3
"""The hostile-input battery: every subcommand that reads input, given a missing file, a folder
where a file is expected, an empty file, 100 MB of random bytes, DER lengths of 2^31 and 2^63,
deeply nested DER, a PNG claiming 100 000 x 100 000 pixels, an LDIF line of 10 MB, JSON that is
not UTF-8, a seal with 10 000 TLVs and NUL bytes in an MRZ. Each must end with exit 2 in bounded
time (60 s) and memory (peak RSS under 1.5 GiB, 4 GiB under the sanitizers), without a crash,
and a verdict command must print an error verdict and nothing that reads as a pass; its error
code is `unreadable` when the input could not be read, and otherwise not (except for the batch
inputs of `chip verify` and `examine`, whose garbage lines name folders that do not exist)."""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, Tally, schema_errors  # noqa: E402
from der import der_length  # noqa: E402

SAMPLES = os.path.join(ROOT, "samples")


def png_claiming(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def seal_with_tlvs(count):
    # The header of the sample visa VDS, then `count` TLVs, then a signature zone.
    with open(os.path.join(SAMPLES, "seals", "vds-visa.bin"), "rb") as f:
        payload = f.read()
    start = payload.index(b"\x01\x30", 8)  # the MRV-A MRZ feature: tag 1, 48 bytes
    return payload[:start] + b"\x03\x01\x02" * count + b"\xff\x40" + b"\x11" * 64


def inputs(tmp):
    made = {}

    def put(name, data):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        made[name] = path

    made["missing"] = os.path.join(tmp, "does-not-exist")
    made["folder"] = os.path.join(tmp, "a-folder")
    os.makedirs(made["folder"])
    put("empty", b"")
    with open(os.path.join(tmp, "random-100MB"), "wb") as f:
        for _ in range(100):
            f.write(os.urandom(1024 * 1024))
    made["random-100MB"] = os.path.join(tmp, "random-100MB")
    put("der-2^31", b"\x30\x84\x80\x00\x00\x00" + b"\x02\x01\x01" * 8)
    put("der-2^63", b"\x30\x88\x80\x00\x00\x00\x00\x00\x00\x00" + b"\x02\x01\x01" * 8)
    nested = b"\x05\x00"
    for _ in range(60000):
        nested = b"\x30" + der_length(len(nested)) + nested
    put("der-nested", nested)
    put("sod-nested", b"\x77" + der_length(len(nested)) + nested)
    put("png-100000x100000", png_claiming(100000, 100000))
    put("ldif-10MB-line", b"dn: cn=" + b"a" * (10 * 1024 * 1024) + b"\nobjectClass: top\n")
    put("json-not-utf8", b'{"format": "vds", "profile": "icao.visa", "issuing_state": "\xff\xfeUTO"}\n')
    put("seal-10000-tlvs", seal_with_tlvs(10000))
    put("mrz-nul", b"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO\x007408122F1204159ZE184226B<<<<<10\n")
    return made


def run_bounded(argv, stdin_path=None):
    """Runs argv with stdout/stderr to files; returns (exit, stdout, stderr, seconds, peak RSS KiB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=err)
        deadline = start + 60
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.monotonic() - start
        if stdin_path:
            stdin.close()
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        raw = out.read()
        try:
            text = raw.decode("utf-8")  # strictly: JSON output must be UTF-8
        except UnicodeDecodeError as e:
            text = f"<output is not UTF-8: {e}>"
        return code, text, err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss


def first_json(out):
    """The first JSON document of `out` (a pretty-printed document or NDJSON); None when none."""
    text = out.strip()
    try:
        return json.loads(text if text.startswith("{\n") else text.split("\n")[0])
    except ValueError:
        return None


def main():
    mrtd = os.path.abspath(sys.argv[1])
    sanitized = len(sys.argv) > 2 and sys.argv[2] == "--sanitized"
    rss_limit = (4 if sanitized else 1.5) * 1024 * 1024  # KiB
    t = Tally()
    tmp = tempfile.mkdtemp(prefix="mrtd-hostile-")
    try:
        files = inputs(tmp)
        key = os.path.join(ROOT, "tests", "gen", "keys", "seal-signer-p256.TEST-ONLY.key.pem")
        cert = os.path.join(SAMPLES, "seals", "signer", "signer.pem")
        store = os.path.join(tmp, "store")
        # (name, argv with {} for the input, whether it prints verdicts)
        commands = [
            ("mrz check", ["mrz", "check", "{}"], True),
            ("mrz check --batch", ["mrz", "check", "--batch", "{}"], True),
            ("chip verify", ["chip", "verify", "{}"], True),
            ("chip verify --sod", ["chip", "verify", "--sod", "{}", "--dg", "1=" + os.path.join(SAMPLES, "chip", "rsa-pkcs1v15", "DG1.bin")], True),
            ("chip verify --batch", ["chip", "verify", "--batch", "{}"], True),
            ("chip dump", ["chip", "dump", "{}"], False),
            ("pki import", ["pki", "import", "--store", store, "{}"], False),
            ("pki lint", ["pki", "lint", "{}"], True),
            ("barcode read", ["barcode", "read", "{}"], True),
            ("barcode read --raw", ["barcode", "read", "--raw", "{}"], True),
            ("seal verify", ["seal", "verify", "{}"], True),
            ("seal verify --raw", ["seal", "verify", "--raw", "{}"], True),
            ("seal make", ["seal", "make", "{}", "--key", key, "--cert", cert, "-o", os.path.join(tmp, "out.png")], False),
            ("examine", ["examine", "{}"], True),
            ("examine --batch", ["examine", "--batch", "{}"], True),
            ("trust", ["chip", "verify", os.path.join(SAMPLES, "chip", "rsa-pkcs1v15"), "--trust", "{}"], True),
        ]
        # Inputs a command may legitimately accept (exit 0/1 with a proper verdict) are named
        # here, with why: everything else must be exit 2.
        tolerated = {
            # `barcode read --raw` classifies any non-empty bytes: `binary` and `text` are
            # answers, and a payload that does not decode is reported inside the symbol (below).
            ("barcode read --raw", label) for label in files if label not in ("missing", "folder", "empty", "random-100MB")
        }
        for name, argv, verdicts in commands:
            for label, path in files.items():
                if "--batch" in name and label == "random-100MB":
                    continue  # ~400 000 garbage records: covered by the record limits below
                args = [a.replace("{}", path) for a in argv]
                code, out, err, seconds, rss = run_bounded([mrtd, *args])
                what = f"{name} < {label}"
                if (name, label) in tolerated:
                    t.check(code in (0, 1, 2), f"{what}: exit {code}")
                else:
                    t.check(code == 2, f"{what}: exit {code} (stderr {err[:160]!r}; stdout {out[:160]!r})")
                t.check(seconds < 60, f"{what}: {seconds:.1f} s")
                t.check(rss < rss_limit, f"{what}: peak RSS {rss // 1024} MiB")
                if verdicts and code == 2 and out.strip():
                    for line in out.strip().split("\n") if not out.lstrip().startswith("{\n") else [out]:
                        try:
                            doc = json.loads(line)
                        except ValueError:
                            t.check(False, f"{what}: output is not JSON: {line[:120]!r}")
                            continue
                        t.check(doc.get("verdict") in ("error", "invalid", "indeterminate"),
                                f"{what}: verdict {doc.get('verdict')}")
                        t.check(not schema_errors(doc), f"{what}: schema {schema_errors(doc)[:2]}")
                elif verdicts and code == 2:
                    t.check(False, f"{what}: no error verdict printed")
                # The error code tells input that could not be read (missing, a folder where a
                # file is expected) from input that was read and refused.
                first = first_json(out)
                if code == 2 and first is not None and "error" in first:
                    got = first["error"].get("code")
                    takes_folder = name in ("chip verify", "chip dump", "examine", "trust")
                    if label == "missing" or (label == "folder" and not takes_folder):
                        t.check(got == "unreadable", f"{what}: error code {got}, expected unreadable")
                    elif name in ("chip verify --batch", "examine --batch"):
                        pass  # each line names a folder: garbage lines name missing ones
                    else:
                        t.check(got != "unreadable", f"{what}: error code unreadable for input that was read")
        # The seal with 10 000 TLVs decodes to an error inside the symbol, never to a VDS.
        code, out, _, _, _ = run_bounded([mrtd, "barcode", "read", "--raw", files["seal-10000-tlvs"]])
        symbol = (json.loads(out).get("data") or {}).get("symbols", [{}])[0] if code == 0 else {}
        t.check("more than 255 features" in json.dumps(symbol), f"10 000 TLVs: limit reported ({json.dumps(symbol)[:200]})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
