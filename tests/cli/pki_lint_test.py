"""`mrtd pki lint` end to end: the specimen certificates, exit codes, schemas, bad input, and
agreement with ICAO's own conformance findings on the PKD's non-conformant DSCs (collection 003).

Usage: pki_lint_test.py MRTD_BINARY
"""

import base64
import collections
import glob
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import EXIT_FOR, ROOT, Tally, jsonschema, load_schema, run, schema_errors  # noqa: E402

PKI_LINT = jsonschema.Draft202012Validator(load_schema("pki-lint.schema.json"))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "pa")
LDIF = os.path.join(CORPUS, "icao-pkd", "icaopkd-003-complete-000090.ldif")

# ICAO PKD conformance code (`ERR:DSC.CDP.14` -> `DSC.CDP`) -> the lint check that covers it.
# CSCA.* codes judge the DSC's issuing CSCA, which is not in the entry: not comparable.
# The number names the finding: 14 field not present, 69 localityName not the issuer's
# (not checked: lint has no alpha-2 -> alpha-3 table), 34 commonName not present, 11 invalid
# string encoding, 42 algorithm not permitted, 15 field present, 25 pathLen not zero,
# 22 default value encoded.
ICAO_TO_CHECK = {
    "DSC.CDP.14": "pki.lint.crl_distribution_points",
    "DSC.DTL.14": "pki.lint.document_type_list",
    "DSC.SAN.14": "pki.lint.alt_names",
    "DSC.IAN.14": "pki.lint.alt_names",
    "DSC.SAN.69": "pki.lint.alt_names",
    "DSC.IAN.69": "pki.lint.alt_names",
    "DSC.ISS.34": "pki.lint.issuer_subject",
    "DSC.SUB.11": "pki.lint.issuer_subject",
    "DSC.SIG.42": "pki.lint.signature_algorithm",
    "DSC.BAC.15": "pki.lint.basic_constraints",
    "DSC.BAC.25": "pki.lint.basic_constraints",
    "DSC.EXT.22": "pki.lint.extensions",
}


def all_errors(doc):
    errors = schema_errors(doc)
    if doc.get("command") == "pki lint" and doc.get("data") is not None:
        errors += [f"pki-lint schema: {e.message} at {list(e.path)}"
                   for e in PKI_LINT.iter_errors(doc["data"])]
    return errors


def verdicts(stdout):
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def check_specimens(binary, t):
    paths = sorted(glob.glob(os.path.join(ROOT, "samples", "chip", "*", "csca.pem")) +
                   glob.glob(os.path.join(ROOT, "samples", "chip", "*", "dsc.pem")))
    t.check(len(paths) >= 8, f"specimen certificates found: {len(paths)}")
    for path in paths:
        rel = os.path.relpath(path, ROOT)
        code, out, err = run(binary, ["pki", "lint", rel, "--at", "2026-01-01"])
        doc = json.loads(out)
        t.check(not all_errors(doc), f"{rel}: schema: {all_errors(doc)}")
        t.check(code == EXIT_FOR[doc["verdict"]], f"{rel}: exit {code} for {doc['verdict']}")
        failed = [c["id"] for c in doc["checks"] if c["status"] == "fail"]
        if rel == "samples/chip/ecdsa-p256-forged/dsc.pem":
            # The forgery of that case: a self-issued DSC (cases.json corruption dsc_self_signed).
            t.check(failed == ["pki.lint.issuer_subject"], f"{rel}: fails {failed}")
            continue
        t.check(doc["verdict"] == "valid" and not failed, f"{rel}: {doc['verdict']} {failed}")
        expected = "csca" if rel.endswith("csca.pem") else "dsc"
        t.check(doc["data"]["profile"] == expected, f"{rel}: profile {doc['data']['profile']}")
        warned = sorted(c["id"] for c in doc["checks"] if c["status"] == "warn")
        print(f"  specimen {rel}: warnings {warned}")


def check_cli(binary, t):
    base = os.path.join("samples", "chip", "rsa-pss")
    # several files: NDJSON, one verdict per line, input order
    code, out, _ = run(binary, ["pki", "lint", f"{base}/csca.pem", f"{base}/dsc.pem",
                                "--at", "2026-01-01"])
    docs = verdicts(out)
    t.check(code == 0 and len(docs) == 2 and len(out.splitlines()) == 2, "two files: NDJSON")
    t.check([d["input"]["source"] for d in docs] == [f"{base}/csca.pem", f"{base}/dsc.pem"],
            "sources in order")
    # several certificates in one PEM: one verdict each, told apart by id
    with tempfile.TemporaryDirectory() as tmp:
        bundle = os.path.join(tmp, "bundle.pem")
        with open(bundle, "w", encoding="ascii") as f:
            for name in ("csca.pem", "dsc.pem"):
                with open(os.path.join(ROOT, base, name), encoding="ascii") as g:
                    f.write(g.read())
        code, out, _ = run(binary, ["pki", "lint", bundle, "--at", "2026-01-01"])
        docs = verdicts(out)
        t.check(len(docs) == 2 and [d["input"].get("id") for d in docs] == ["1", "2"],
                "a two-certificate PEM gives two verdicts with ids 1 and 2")
        # DER input
        der = os.path.join(tmp, "dsc.der")
        pem = open(os.path.join(ROOT, base, "dsc.pem"), encoding="ascii").read()
        body = "".join(line for line in pem.splitlines() if "-----" not in line)
        with open(der, "wb") as f:
            f.write(base64.b64decode(body))
        code, out, _ = run(binary, ["pki", "lint", der, "--at", "2026-01-01"])
        t.check(code == 0 and json.loads(out)["verdict"] == "valid", "DER input")
        # input errors: exit 2 with an error verdict, other files still linted
        junk = os.path.join(tmp, "junk.bin")
        with open(junk, "wb") as f:
            f.write(b"\x30\x03\x02\x01")
        code, out, _ = run(binary, ["pki", "lint", junk, f"{base}/dsc.pem"])
        docs = verdicts(out)
        t.check(code == 2 and docs[0]["verdict"] == "error" and docs[1]["verdict"] == "valid",
                f"junk + good file: exit {code}")
        for doc in docs:
            t.check(not all_errors(doc), f"schema of error output: {all_errors(doc)}")
        code, out, _ = run(binary, ["pki", "lint", os.path.join(tmp, "missing.pem")])
        t.check(code == 2 and json.loads(out)["verdict"] == "error", "missing file: exit 2")
    # a profile that does not fit: invalid, exit 1
    code, out, _ = run(binary, ["pki", "lint", f"{base}/dsc.pem", "--profile", "csca"])
    doc = json.loads(out)
    t.check(code == 1 and doc["verdict"] == "invalid" and doc["data"]["profile_source"] == "option",
            f"--profile csca on a DSC: exit {code}")
    # expired at --at: a warning, still valid
    code, out, _ = run(binary, ["pki", "lint", f"{base}/dsc.pem", "--at", "2040-01-01"])
    doc = json.loads(out)
    time = [c for c in doc["checks"] if c["id"] == "pki.lint.time"][0]
    t.check(code == 0 and time["status"] == "warn", "expired: pki.lint.time warns, exit 0")
    # usage errors
    for args in (["pki", "lint"], ["pki", "lint", f"{base}/dsc.pem", "--profile", "root"],
                 ["pki", "lint", f"{base}/dsc.pem", "--at", "yesterday"]):
        code, _, _ = run(binary, args)
        t.check(code == 2, f"{args[2:]}: usage error exit {code}")
    for fmt in ("text", "summary"):
        code, out, _ = run(binary, ["pki", "lint", f"{base}/dsc.pem", "--format", fmt,
                                    "--at", "2026-01-01"])
        t.check(code == 0 and "VALID" in out, f"--format {fmt}")


def read_ldif_dscs(path):
    """(country, DER, [conformance codes]) per certificate entry: lines unfolded (RFC 2849)."""
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"\r?\n ", "", f.read())
    entries = []
    for block in re.split(r"\n\s*\n", text):
        der, codes, country = None, [], None
        for line in block.split("\n"):
            if line.startswith("userCertificate;binary::"):
                der = base64.b64decode(line.split("::", 1)[1].strip())
            elif line.startswith("pkdConformanceCode:"):
                codes.append(line.split(":", 1)[1].strip())
            elif line.startswith("dn:"):
                m = re.search(r",c=([A-Za-z]{2}),", line)
                country = m.group(1).upper() if m else None
        if der is not None:
            entries.append((country, der, codes))
    return entries


def agreement(binary, t):
    if not os.path.exists(LDIF):
        print("corpus absent: ICAO agreement skipped")
        return
    entries = read_ldif_dscs(LDIF)
    t.check(len(entries) == 502, f"LDIF 003 holds 502 DSCs (found {len(entries)})")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (country, der, _) in enumerate(entries):
            path = os.path.join(tmp, f"{i:03d}-{country}.der")
            with open(path, "wb") as f:
                f.write(der)
            paths.append(path)
        # ICAO judged these as DSCs: lint them as such; --at inside most validity periods
        code, out, _ = run(binary, ["pki", "lint", "--profile", "dsc", "--at", "2020-01-01",
                                    *paths], timeout=300)
    docs = verdicts(out)
    t.check(len(docs) == len(entries), f"one verdict per DSC ({len(docs)})")
    t.check(all(d["verdict"] != "error" for d in docs), "every DSC parses")
    bad_schema = [all_errors(d) for d in docs if all_errors(d)]
    t.check(not bad_schema, f"schema: {bad_schema[:2]}")

    rows = collections.OrderedDict()
    for category, check in ICAO_TO_CHECK.items():
        rows[category] = {"check": check, "icao_err": 0, "icao_warn": 0, "both": 0,
                          "both_fail": 0, "ours_only": 0}
    for (_, _, codes), doc in zip(entries, docs):
        status = {c["id"]: c["status"] for c in doc["checks"]}
        icao = collections.defaultdict(set)
        for code in codes:
            level, rest = code.split(":", 1)
            icao[rest].add(level)
        for category, row in rows.items():
            ours = status.get(row["check"])
            flagged = ours in ("fail", "warn")
            if category in icao:
                row["icao_err" if "ERR" in icao[category] else "icao_warn"] += 1
                row["both"] += flagged
                row["both_fail"] += ours == "fail"
            elif flagged:
                # our check flags; count it against this category only when no sibling
                # category mapped to the same check explains it
                siblings = [c for c, r in rows.items() if r["check"] == row["check"] and c in icao]
                row["ours_only"] += not siblings
    print("\nICAO conformance (collection 003, 502 DSCs) vs `mrtd pki lint --profile dsc`:")
    print(f"  {'ICAO code':11}{'lint check':34} {'ICAO ERR':>8} {'ICAO WARN':>9} "
          f"{'we flag':>8} {'we fail':>8} {'we only':>8}")
    for category, row in rows.items():
        flagged_by_icao = row["icao_err"] + row["icao_warn"]
        print(f"  {category:11}{row['check']:34} {row['icao_err']:8} {row['icao_warn']:9} "
              f"{row['both']:8} {row['both_fail']:8} {row['ours_only']:8}"
              + (f"  ({100 * row['both'] // flagged_by_icao}%)" if flagged_by_icao else ""))
    other = collections.Counter()
    for doc in docs:
        for c in doc["checks"]:
            if c["status"] == "fail" and c["id"] not in {r["check"] for r in rows.values()}:
                other[c["id"]] += 1
    print(f"  other failing checks (no ICAO DSC code): {dict(sorted(other.items()))}")
    # Stable agreement: presence findings are decided by the same facts on both sides.
    for category in ("DSC.CDP.14", "DSC.DTL.14", "DSC.SAN.14", "DSC.IAN.14", "DSC.ISS.34",
                     "DSC.SIG.42", "DSC.BAC.15", "DSC.EXT.22"):
        row = rows[category]
        total = row["icao_err"] + row["icao_warn"]
        t.check(total == 0 or row["both"] >= 0.9 * total,
                f"{category}: we flag {row['both']} of ICAO's {total}")


def main():
    binary = os.path.abspath(sys.argv[1])
    t = Tally()
    check_specimens(binary, t)
    check_cli(binary, t)
    agreement(binary, t)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
