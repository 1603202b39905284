#!/usr/bin/env python3
"""`mrtd examine` and `mrtd specimen document` end to end: the bundled samples/documents come out
as samples/documents/cases.json says (one by one and as an NDJSON batch); fresh specimen
documents, valid and forged in each dimension, give the expected verdict and failing check, and a
foreign trust store rejects them; items are recognised by content (renamed files), certificates
inside a document are never trusted, expiry is judged at --at (edges included); bad input gives
exit 2 with an error verdict. Every verdict, and every section embedded in it, is validated
against schemas/."""

import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, Tally, docs, failing, message, one, run, status  # noqa: E402

DOCS = os.path.join(ROOT, "samples", "documents")
TRUST = os.path.join(DOCS, "trust")
AT = "2026-01-01"







def examine(mrtd, *args, trust=TRUST, at=AT, stdin=None):
    extra = (["--trust", trust] if trust else []) + (["--at", at] if at else [])
    return run(mrtd, ["examine", *args, *extra], stdin=stdin)


def samples(t, mrtd):
    with open(os.path.join(DOCS, "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)
    t.check(len(cases) == 6, "six sample documents")
    for case in cases:
        folder = os.path.join(ROOT, "samples", case["document"])
        code, out, _ = examine(mrtd, folder, trust=os.path.join(ROOT, "samples", case["trust"][0]),
                               at=case["at"])
        doc = one(t, out, case["name"])
        t.check(doc.get("verdict") == case["verdict"], f"{case['name']}: verdict {doc.get('verdict')}")
        t.check(code == (0 if case["verdict"] == "valid" else 1), f"{case['name']}: exit {code}")
        for check in case["fails"]:
            t.check(check in failing(doc), f"{case['name']}: {check} fails, got {failing(doc)}")
        data = doc.get("data") or {}
        t.check(len(data.get("items", [])) == 7, f"{case['name']}: seven items used")
        t.check(all(data.get(k) for k in ("mrz", "visa_mrz", "chip")) and len(data.get("seals", [])) == 1,
                f"{case['name']}: every section present")
        if case["verdict"] == "valid":
            t.check(all(c["status"] == "pass" for c in doc["checks"]), "valid: every check passed")
    # Each dimension is caught where it belongs, and the others stay clean.
    expect_sections = {"forged-mrz": ("fail", "pass", "pass"), "forged-chip": ("pass", "fail", "pass"),
                       "forged-seal": ("pass", "pass", "fail"), "inconsistent": ("pass", "pass", "pass")}
    for name, (mrz, chip, seal) in expect_sections.items():
        _, out, _ = examine(mrtd, os.path.join(DOCS, name))
        doc = one(t, out, name)
        got = (status(doc, "examine.mrz"), status(doc, "examine.chip"), status(doc, "examine.seal"))
        t.check(got == (mrz, chip, seal), f"{name}: sections {got}")
    _, out, _ = examine(mrtd, os.path.join(DOCS, "inconsistent"))
    doc = one(t, out, "inconsistent")
    for check in ("examine.cross.document_number", "examine.cross.name", "examine.cross.birth_date"):
        t.check(status(doc, check) == "fail", f"inconsistent: {check} fails")
    t.check("C01X00T47" in message(doc, "examine.cross.document_number"),
            "inconsistent: the visa's passport number is named")
    # The batch demo: one verdict per record, in order, ids echoed.
    code, out, _ = examine(mrtd, "--batch", "--format", "json",
                           stdin=open(os.path.join(DOCS, "documents.ndjson"), "rb").read())
    found = docs(t, out, "batch")
    t.check([d.get("input", {}).get("id") for d in found] == [c["name"] for c in cases], "batch ids in order")
    t.check([d.get("verdict") for d in found] == [c["verdict"] for c in cases], "batch verdicts")
    t.check(code == 1, f"batch exit {code}")
    code, out, _ = examine(mrtd, "--batch", "--format", "summary",
                           stdin=open(os.path.join(DOCS, "documents.ndjson"), "rb").read())
    t.check(len(out.splitlines()) == 6 and out.startswith("VALID"), f"summary lines: {out[:200]}")


def specimens(t, mrtd, tmp):
    made = {}
    for forgery in ("none", "mrz", "chip", "seal", "inconsistent", "expired"):
        out_dir = os.path.join(tmp, forgery)
        code, out, err = run(mrtd, ["specimen", "document", "--out", out_dir, "--forge", forgery])
        t.check(code == 0, f"specimen document --forge {forgery}: exit {code} {err}")
        summary = json.loads(out) if code == 0 else {}
        made[forgery] = summary
        code, out, _ = examine(mrtd, os.path.join(out_dir, "document"),
                               trust=os.path.join(out_dir, "trust"))
        doc = one(t, out, f"specimen {forgery}")
        t.check(doc.get("verdict") == summary.get("expected_verdict"),
                f"specimen {forgery}: {doc.get('verdict')} vs {summary.get('expected_verdict')}")
        if summary.get("expected_failing_check"):
            t.check(summary["expected_failing_check"] in failing(doc),
                    f"specimen {forgery}: {summary['expected_failing_check']} in {failing(doc)}")
        names = {f["name"] for f in summary.get("files", [])}
        t.check({"document/mrz.txt", "document/visa-mrz.txt", "document/chip/EF_SOD.bin",
                 "document/visa-seal.png", "trust/csca.pem", "trust/seal-signer.pem"} <= names,
                f"specimen {forgery}: files {sorted(names)}")
        t.check(all(f.get("secret", False) == f["name"].startswith("keys/") for f in summary.get("files", [])),
                "only keys/ is secret")
    # Another specimen's trust (another CSCA, generated keys) proves nothing: never valid.
    code, out, _ = examine(mrtd, os.path.join(tmp, "none", "document"),
                           trust=os.path.join(tmp, "mrz", "trust"))
    doc = one(t, out, "foreign trust")
    t.check(doc.get("verdict") == "invalid" and status(doc, "examine.chip") == "fail"
            and status(doc, "examine.seal") == "fail", f"foreign trust: {failing(doc)}")
    # The bundled trust store does not verify a fresh specimen either.
    _, out, _ = examine(mrtd, os.path.join(tmp, "none", "document"))
    t.check(one(t, out, "bundled trust").get("verdict") != "valid", "bundled trust rejects fresh keys")
    code, _, err = run(mrtd, ["specimen", "document", "--out", os.path.join(tmp, "none")])
    t.check(code == 2 and "empty" in err, f"non-empty --out refused: {code} {err}")
    code, _, _ = run(mrtd, ["specimen", "document", "--out", os.path.join(tmp, "x"), "--forge", "bogus"])
    t.check(code == 2, "unknown --forge is a usage error")


def recognition(t, mrtd, tmp):
    # Renamed files: recognised by content, not by name.
    renamed = os.path.join(tmp, "renamed")
    os.makedirs(renamed)
    valid = os.path.join(DOCS, "valid")
    for i, rel in enumerate(["mrz.txt", "visa-mrz.txt", "visa-seal.png", "chip/DG1.bin", "chip/DG2.bin",
                             "chip/EF_COM.bin", "chip/EF_SOD.bin"]):
        shutil.copy(os.path.join(valid, rel), os.path.join(renamed, f"item{i}.dat"))
    _, out, _ = examine(mrtd, renamed)
    doc = one(t, out, "renamed")
    t.check(doc.get("verdict") == "valid", f"renamed files: {doc.get('summary')}")
    kinds = sorted(i["what"] for i in (doc.get("data") or {}).get("items", []))
    t.check(kinds == sorted(["TD3 MRZ", "MRV-A MRZ", "PNG image: 1 seal", "DG1", "DG2", "EF.COM", "EF.SOD"]),
            f"renamed kinds {kinds}")
    # A CSCA placed inside the document is never a trust anchor, and junk is named and ignored.
    planted = os.path.join(tmp, "planted")
    shutil.copytree(valid, planted)
    shutil.copy(os.path.join(TRUST, "csca.pem"), os.path.join(planted, "csca.pem"))
    shutil.copy(os.path.join(TRUST, "seal-signer.pem"), os.path.join(planted, "signer.pem"))
    with open(os.path.join(planted, "notes.txt"), "w", encoding="utf-8") as f:
        f.write("checked at the counter\n")
    code, out, _ = run(mrtd, ["examine", planted, "--at", AT])
    doc = one(t, out, "planted")
    t.check(doc.get("verdict") != "valid" and code != 0, f"planted CSCA not trusted: {doc.get('verdict')}")
    t.check(status(doc, "examine.items") == "warn" and "csca.pem" in message(doc, "examine.items")
            and "notes.txt" in message(doc, "examine.items"), "ignored items named")
    kinds = {os.path.basename(i["name"]): i["kind"] for i in (doc.get("data") or {}).get("items", [])}
    t.check(kinds.get("csca.pem") == "certificate" and kinds.get("notes.txt") == "ignored", f"kinds {kinds}")
    # Parts on their own: files, and --mrz text.
    code, out, _ = examine(mrtd, os.path.join(valid, "mrz.txt"))
    doc = one(t, out, "mrz only")
    t.check(doc.get("verdict") == "valid" and status(doc, "examine.chip") == "skip", "mrz only")
    t.check(status(doc, "examine.cross.name") == "skip", "one source: cross-checks skipped")
    with open(os.path.join(valid, "mrz.txt"), encoding="utf-8") as f:
        printed = f.read()
    code, out, _ = examine(mrtd, os.path.join(valid, "chip"), "--mrz", printed)
    doc = one(t, out, "chip + --mrz")
    t.check(doc.get("verdict") == "valid" and status(doc, "examine.cross.document_number") == "pass",
            f"chip + --mrz: {doc.get('summary')}")
    # A visa sticker whose printed MRZ was altered no longer matches its seal.
    altered = os.path.join(tmp, "altered")
    shutil.copytree(valid, altered)
    with open(os.path.join(altered, "visa-mrz.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    lines[0] = lines[0].replace("ANNA<MARIA", "ANNA<MARIE")
    with open(os.path.join(altered, "visa-mrz.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    _, out, _ = examine(mrtd, altered)
    doc = one(t, out, "altered sticker")
    t.check(doc.get("verdict") == "invalid" and status(doc, "examine.cross.name") == "fail",
            f"altered sticker: {failing(doc)}")


def expiry(t, mrtd):
    expired = os.path.join(DOCS, "expired")
    _, out, _ = examine(mrtd, expired, at="2025-12-31")
    doc = one(t, out, "expiry day")
    t.check(status(doc, "examine.expiry") == "pass", f"valid on its expiry day: {message(doc, 'examine.expiry')}")
    _, out, _ = examine(mrtd, expired, at="2026-01-01")
    doc = one(t, out, "day after")
    t.check(status(doc, "examine.expiry") == "fail" and "2025-12-31" in message(doc, "examine.expiry"),
            "expired the day after")
    _, out, _ = examine(mrtd, os.path.join(DOCS, "valid"), at="2027-07-01")
    doc = one(t, out, "visa expired")
    t.check(status(doc, "examine.expiry") == "fail" and "visa expired" in message(doc, "examine.expiry"),
            f"visa expiry judged: {message(doc, 'examine.expiry')}")


def text_output(t, mrtd):
    code, out, _ = examine(mrtd, os.path.join(DOCS, "inconsistent"), "--format", "text")
    t.check(code == 1 and out.startswith("INVALID") and "examine.cross.name" in out, "text report")
    first_fail = out.find("✗")
    first_pass = out.find("✓")
    t.check(0 <= first_fail < first_pass, "text: failures first")
    t.check("chip verify" in out and "seal verify" in out, "text: the sections follow")
    t.check("\x1b[" not in out, "text: no colour off a terminal")
    t.check("expected:" not in out, "text: evidence only with --verbose")
    _, out, _ = examine(mrtd, os.path.join(DOCS, "inconsistent"), "--format", "text", "--verbose")
    t.check("expected: L898902C3" in out and "found:    C01X00T47" in out, "--verbose: the evidence")


def bad_input(t, mrtd, tmp):
    def error(args, what, stdin=None):
        code, out, _ = examine(mrtd, *args, stdin=stdin)
        doc = one(t, out, what)
        t.check(code == 2 and doc.get("verdict") == "error", f"{what}: exit {code}, {doc.get('verdict')}")
        return doc
    error([os.path.join(tmp, "missing")], "missing path")
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    doc = error([empty], "empty folder")
    t.check("nothing to examine" in doc.get("summary", ""), "empty folder: says so")
    junk = os.path.join(tmp, "junk")
    os.makedirs(junk)
    with open(os.path.join(junk, "random.bin"), "wb") as f:
        f.write(os.urandom(4096))
    with open(os.path.join(junk, "nul.txt"), "wb") as f:
        f.write(b"P<UTOERIKSSON<<ANNA<MARIA\x00<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n")
    with open(os.path.join(junk, "empty.bin"), "wb") as f:
        pass
    doc = error([junk], "junk folder")
    t.check("random.bin" in doc.get("summary", "") and "nul.txt" in doc.get("summary", ""), "junk named")
    error([os.path.join(DOCS, "valid", "mrz.txt"), os.path.join(DOCS, "expired", "mrz.txt")], "two MRZs")
    error([os.path.join(DOCS, "valid"), os.path.join(DOCS, "expired", "chip")], "two chips")
    many = os.path.join(tmp, "many")
    os.makedirs(many)
    for i in range(300):
        open(os.path.join(many, f"{i:03}"), "wb").close()
    error([many], "300 files")
    error([], "no input")
    code, out, _ = examine(mrtd, "--batch", stdin=b"samples/documents/valid\n{\"path\": 3}\n/nonexistent\n" +
                           b"x" * 70000 + b"\n")
    found = docs(t, out, "bad batch")
    t.check([d.get("verdict") for d in found] == ["valid", "error", "error", "error"],
            f"bad batch: {[d.get('verdict') for d in found]}")
    t.check(code == 2, f"bad batch exit {code}")
    code, _, _ = run(mrtd, ["examine", os.path.join(DOCS, "valid"), "--at", "2026-13-01"])
    t.check(code == 2, "bad --at is a usage error")


def main():
    mrtd = sys.argv[1]
    t = Tally()
    tmp = tempfile.mkdtemp(prefix="mrtd-examine-")
    try:
        samples(t, mrtd)
        specimens(t, mrtd, tmp)
        recognition(t, mrtd, tmp)
        expiry(t, mrtd)
        text_output(t, mrtd)
        bad_input(t, mrtd, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
