#!/usr/bin/env python3
"""CLI behaviour of `mrtd mrz check` and `mrtd mrz make`, run as a user would: exit codes,
inputs (arguments, files, stdin, batches), output layouts, errors. Every JSON document
printed is also validated against schemas/."""

import atexit
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Tally, run, schema_errors  # noqa: E402

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD3_BAD = TD3[:-1] + "9"
AT = ["--at", "2026-01-01"]

# Expected `mrz make` output for the example, check digits computed independently
# (Doc 9303-3 §4.9 by hand in Python) and the name per Doc 9303-3 §6 (Ü -> UE).
MUELLER = ("P<D<<MUELLER<LUEDENSCHEIDT<<HANS<JUERGEN<<<<\n"
           "C01X00T478D<<6408125M3110315<<<<<<<<<<<<<<<2\n")
MUELLER_ARGS = ["mrz", "make", "--type", "td3", "--country", "D", "--nationality", "D",
                "--surname", "Müller-Lüdenscheidt", "--given-names", "Hans Jürgen",
                "--number", "C01X00T47", "--birth", "1964-08-12", "--sex", "M", "--expiry", "2031-10-31"]


def main():
    binary = os.path.abspath(sys.argv[1])
    t = Tally()
    tmp = tempfile.mkdtemp(prefix="mrtd-cli-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)

    def docs(out, what):
        """Parses NDJSON or one pretty document; checks each against the schemas."""
        out = out.strip()
        if not out:
            return []
        try:
            parsed = [json.loads(line) for line in out.splitlines()] if out.startswith('{"') else [json.loads(out)]
        except ValueError:
            t.check(False, f"{what}: output is not JSON: {out[:300]!r}")
            return []
        for d in parsed:
            errors = schema_errors(d)
            t.check(not errors, f"{what}: schema: {errors}")
        return parsed

    # --- usage ---------------------------------------------------------------------------
    code, out, _ = run(binary, ["--version"])
    t.check(code == 0 and out.startswith("mrtd 0.") and "OpenSSL" in out, f"--version: {code} {out!r}")
    t.check("ZXing-cpp 1." in out and "libzint 2." in out, f"--version names ZXing-cpp and libzint: {out!r}")
    code, out, _ = run(binary, ["--help"])
    t.check(code == 0 and "mrz" in out, "--help")
    for args in ([], ["mrz"], ["nope"], ["mrz", "check", "--nope", TD3], ["mrz", "check", "--at", "2026-02-30", TD3],
                 ["mrz", "check", "--format-hint", "td4", TD3], ["mrz", "check", "--format", "xml", TD3],
                 ["mrz", "check"]):
        code, out, err = run(binary, args)
        t.check(code == 2 and out == "" and err != "", f"usage error {args}: exit {code}, stdout {out[:80]!r}")

    # --- inputs --------------------------------------------------------------------------
    code, out, _ = run(binary, ["mrz", "check", *AT, TD3])
    [d] = docs(out, "argument") or [{}]
    t.check(code == 0 and d.get("verdict") == "valid", "argument input is valid")
    t.check(d.get("input", {}).get("source") == "argument 1", "argument source is named, not echoed")
    t.check(out.startswith('{\n  "schema_version": 1,\n  "tool": "mrtd",\n  "tool_version": '), "first keys, pretty single doc")

    code, out, _ = run(binary, ["mrz", "check", *AT, TD3.replace("\n", "")])
    t.check(code == 0, "run-together lines are split by format")

    code, out, _ = run(binary, ["mrz", "check", *AT, "-"], stdin=(TD3 + "\n").encode())
    [d] = docs(out, "stdin") or [{}]
    t.check(code == 0 and d.get("input", {}).get("source") == "-", "stdin input")
    t.check(d.get("input", {}).get("sha256") == __import__("hashlib").sha256((TD3 + "\n").encode()).hexdigest(),
            "sha256 of the input bytes")

    good = os.path.join(tmp, "good.mrz")
    with open(good, "w") as f:
        f.write(TD3 + "\n")
    code, out, _ = run(binary, ["mrz", "check", *AT, good, TD3_BAD])
    lines = out.splitlines()
    parsed = docs(out, "two inputs")
    t.check(len(lines) == 2 and len(parsed) == 2, "two inputs give two NDJSON lines")
    t.check([p["verdict"] for p in parsed] == ["valid", "invalid"] and code == 1, f"worst verdict sets exit: {code}")

    # --- bad input -----------------------------------------------------------------------
    code, out, _ = run(binary, ["mrz", "check", *AT, os.path.join(tmp, "missing.mrz")])
    [d] = docs(out, "missing") or [{}]
    t.check(code == 2 and d.get("verdict") == "error" and "no such file" in d["error"]["message"], "missing file")
    code, out, _ = run(binary, ["mrz", "check", *AT, tmp])
    [d] = docs(out, "folder") or [{}]
    t.check(code == 2 and "folder" in d.get("error", {}).get("message", ""), "a folder where a file is expected")
    empty = os.path.join(tmp, "empty.mrz")
    open(empty, "w").close()
    code, out, _ = run(binary, ["mrz", "check", *AT, empty])
    t.check(code == 2 and docs(out, "empty")[0]["verdict"] == "error", "empty file")
    big = os.path.join(tmp, "big.bin")
    with open(big, "wb") as f:
        f.write(os.urandom(1 << 20) * 20)  # 20 MiB
    code, out, _ = run(binary, ["mrz", "check", *AT, big], timeout=20)
    [d] = docs(out, "big") or [{}]
    t.check(code == 2 and d.get("error", {}).get("code") == "limit_exceeded", f"20 MiB file: {code}")
    code, out, _ = run(binary, ["mrz", "check", *AT, "-"], stdin=TD3.replace("<", "<", 1).encode().replace(b"P", b"P\0", 1))
    t.check(code == 2 and docs(out, "nul")[0]["verdict"] == "error", "NUL byte on stdin")
    code, out, _ = run(binary, ["mrz", "check", *AT, "-"], stdin=TD3.lower().encode())
    t.check(code == 2 and "--normalize" in docs(out, "lower")[0]["error"]["message"], "lower case is an input error")
    code, out, _ = run(binary, ["mrz", "check", *AT, "--normalize", "-"], stdin=TD3.lower().replace("<", "\u00ab").encode())
    t.check(code == 0, "--normalize folds case and reads \u00ab as <")

    # --- batch ---------------------------------------------------------------------------
    batch = (json.dumps({"mrz": TD3, "id": "a"}) + "\n" + "not json {\n\n" + "{\"id\": 5}\n" +
             TD3_BAD + "\n\n" + TD3 + "\n" + json.dumps({"mrz": TD3, "id": 7}) + "\n")
    code, out, _ = run(binary, ["mrz", "check", *AT, "--batch"], stdin=batch.encode())
    parsed = docs(out, "batch")
    got = [(p["input"].get("id"), p["verdict"]) for p in parsed]
    # "not json {" is a one-line plain record (not an MRZ); {"id": 5} lacks "mrz" (its own id is
    # echoed all the same); records without an id get their ordinal.
    want = [("a", "valid"), ("2", "error"), ("5", "error"), ("4", "invalid"), ("5", "valid"), ("7", "valid")]
    t.check(got == want, f"batch records in order, bad ones in-line: {got}")
    t.check(code == 2, f"batch with an error record exits 2: {code}")
    t.check(all("\n" not in line for line in out.splitlines()) and len(out.splitlines()) == 6, "one verdict per line")
    # Records outside the fast path's subset (a float id, nesting) go through the full parser.
    odd = json.dumps({"mrz": TD3, "id": 1.5}) + "\n" + json.dumps({"mrz": TD3, "x": [1]}) + "\n"
    code, out, _ = run(binary, ["mrz", "check", *AT, "--batch"], stdin=odd.encode())
    got = [(p["input"].get("id"), p["verdict"]) for p in docs(out, "odd batch")]
    t.check(got == [("1.5", "valid"), ("2", "valid")] and code == 0, f"records beyond the flat subset: {got}")
    code, out, _ = run(binary, ["mrz", "check", *AT, "--batch", good, os.path.join(tmp, "nope")])
    parsed = docs(out, "batch files")
    t.check([p["verdict"] for p in parsed] == ["valid", "error"] and code == 2, "batch over files, missing file in-line")

    # Several chunks (512 records each) on worker threads: output stays in input order, and each
    # verdict matches what the same record gives alone.
    many = "".join(json.dumps({"mrz": TD3 if i % 3 else TD3_BAD, "id": f"r{i}"}) + "\n" for i in range(5000))
    code, out, _ = run(binary, ["mrz", "check", *AT, "--batch"], stdin=many.encode(), timeout=60)
    lines = out.splitlines()
    ids = [json.loads(line)["input"]["id"] for line in lines]
    verdicts = [json.loads(line)["verdict"] for line in lines]
    t.check(ids == [f"r{i}" for i in range(5000)], "5000 batch records come out in input order")
    t.check(verdicts == ["valid" if i % 3 else "invalid" for i in range(5000)] and code == 1,
            "each batch verdict matches its record")
    single_bad = run(binary, ["mrz", "check", *AT, TD3_BAD])[1]
    t.check(json.loads(lines[0])["checks"] == json.loads(single_bad)["checks"],
            "a batch verdict equals the single-input verdict of the same record")

    # A 10 MB line in a batch: an error record in its place, the stream goes on, memory bounded.
    huge = json.dumps({"mrz": TD3, "id": "x" * (10 << 20)}) + "\n" + json.dumps({"mrz": TD3, "id": "b"}) + "\n"
    code, out, _ = run(binary, ["mrz", "check", *AT, "--batch"], stdin=huge.encode(), timeout=30)
    got = [(p["input"].get("id"), p["verdict"]) for p in docs(out, "huge line")]
    t.check(got == [("1", "error"), ("b", "valid")] and code == 2, f"10 MB batch line: {got}")

    # CRLF line ends, a last line without its line feed, and lines of exactly the 64 KiB limit
    # (kept) and one byte over it (an error record), read in 64 KiB blocks.
    def padded(size, ident):
        head = json.dumps({"mrz": TD3, "id": ident, "pad": ""})
        return head[:-2] + "x" * (size - len(head)) + head[-2:]
    at_limit, over_limit = padded(65536, "at"), padded(65537, "over")
    t.check(len(at_limit) == 65536 and len(over_limit) == 65537, "padded line lengths")
    crlf = (json.dumps({"mrz": TD3, "id": "c1"}) + "\r\n" + TD3.replace("\n", "\r\n") + "\r\n\r\n" +
            at_limit + "\n" + over_limit + "\r\n" + json.dumps({"mrz": TD3, "id": "c5"}))
    code, out, _ = run(binary, ["mrz", "check", *AT, "--batch"], stdin=crlf.encode())
    got = [(p["input"].get("id"), p["verdict"]) for p in docs(out, "crlf batch")]
    want = [("c1", "valid"), ("2", "valid"), ("at", "valid"), ("4", "error"), ("c5", "valid")]
    t.check(got == want and code == 2, f"CRLF, unterminated and limit-length batch lines: {got}")

    # --- text output ---------------------------------------------------------------------
    code, out, _ = run(binary, ["mrz", "check", *AT, "--format", "text", TD3_BAD])
    t.check(code == 1 and out.startswith("INVALID  mrz check  argument 1\n"), f"text header: {out[:60]!r}")
    t.check("\x1b[" not in out and "\u2717 mrz.check_digit.composite" in out, "text: no colour off a TTY, failures marked")
    code, out, _ = run(binary, ["mrz", "check", *AT, "--format", "text", "--color", "always", TD3])
    t.check("\x1b[1;32mVALID" in out, "--color always")

    # --- make ----------------------------------------------------------------------------
    code, out, err = run(binary, MUELLER_ARGS)
    t.check(code == 0 and out == MUELLER, f"mrz make: the issue's example: {out!r} {err!r}")
    code, out, _ = run(binary, ["mrz", "check", *AT, "-"], stdin=out.encode())
    t.check(code == 0 and docs(out, "make|check")[0]["verdict"] == "valid", "make | check - is valid")
    code, out, _ = run(binary, MUELLER_ARGS + ["--json"])
    try:
        obj = json.loads(out)
        t.check(obj["format"] == "TD3" and obj["lines"] == MUELLER.splitlines(), "make --json")
    except (ValueError, KeyError):
        t.check(False, f"make --json: {out!r}")
    spec = os.path.join(tmp, "doc.json")
    with open(spec, "w") as f:
        json.dump({"type": "td1", "country": "UTO", "nationality": "UTO", "surname": "Eriksson",
                   "given_names": "Anna Maria", "number": "D23145890", "birth": "1974-08-12", "sex": "F",
                   "expiry": "2012-04-15"}, f)
    code, out, _ = run(binary, ["mrz", "make", "--from", spec])
    t.check(code == 0 and out == "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\n"
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n", f"make --from JSON rebuilds the ICAO TD1 specimen: {out!r}")
    for bad in (["--country", "QQQ"], ["--birth", "1964-02-30"], ["--number", "X" * 10], ["--surname", "R2D2"],
                ["--sex", "Q"]):
        args = list(MUELLER_ARGS)
        i = args.index(bad[0])
        args[i + 1] = bad[1]
        code, out, err = run(binary, args)
        t.check(code == 2 and out == "" and "error" in err, f"make rejects {bad}: {code} {err!r}")

    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
