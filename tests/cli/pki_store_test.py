#!/usr/bin/env python3
"""`mrtd pki import/list/show` and `--trust STORE` end to end: a store built from the chip
samples gives the same verdicts as loose files, re-import is idempotent, filters and show work,
bad inputs exit 2, every JSON output validates against schemas/. With ../shared/corpus/pa, the
real master lists and the PKD LDIF sample are imported too."""

import glob
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import PKI_IMPORT, PKI_LIST, PKI_SHOW, ROOT, Tally, run  # noqa: E402

CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "pa")
SETS = sorted(d for d in glob.glob(os.path.join(ROOT, "samples", "chip", "*")) if os.path.isdir(d))


def valid(t, validator, text, what):
    try:
        doc = json.loads(text)
    except ValueError as e:
        t.check(False, f"{what}: not JSON ({e})")
        return None
    errors = [f"{e.message} at {list(e.path)}" for e in validator.iter_errors(doc)]
    t.check(not errors, f"{what}: schema: {errors[:3]}")
    return doc


def failing_checks(text):
    doc = json.loads(text)
    checks = doc.get("checks") or doc.get("data", {}).get("checks") or []
    return sorted(c["id"] for c in checks if c.get("status") == "fail")


def main():
    binary = os.path.abspath(sys.argv[1])
    t = Tally()
    work = tempfile.mkdtemp(prefix="mrtd-store-")
    try:
        store = os.path.join(work, "store")
        pems = [f for d in SETS for f in sorted(glob.glob(os.path.join(d, "*.pem")))]
        code, out, err = run(binary, ["pki", "import", "--store", store] + pems)
        doc = valid(t, PKI_IMPORT, out, "import samples")
        t.check(code == 0, f"import samples exit {code}: {err}")
        if doc:
            t.check(doc["totals"]["items"] == doc["totals"]["added"] > 0, f"all new: {doc['totals']}")
            ut = doc["countries"].get("UT", {})
            t.check(ut.get("csca", 0) > 0 and ut.get("dsc", 0) > 0 and ut.get("crl", 0) > 0,
                    f"UT has CSCAs, DSCs, CRLs: {ut}")
        index = open(os.path.join(store, "index.tsv"), "rb").read()
        code, out, _ = run(binary, ["pki", "import", "--store", store] + pems)
        doc = valid(t, PKI_IMPORT, out, "re-import samples")
        t.check(code == 0 and doc and doc["totals"]["added"] == 0, "re-import adds nothing")
        t.check(open(os.path.join(store, "index.tsv"), "rb").read() == index,
                "re-import leaves the index byte for byte")

        # The same verdicts through the store as through loose files.
        for d in SETS:
            loose = []
            for pem in sorted(glob.glob(os.path.join(d, "*.pem"))):
                loose += ["--trust", pem]
            a = run(binary, ["chip", "verify", "--trust", store, d])
            b = run(binary, ["chip", "verify"] + loose + [d])
            name = os.path.basename(d)
            t.check(a[0] == b[0], f"{name}: store exit {a[0]} vs loose {b[0]}")
            t.check(failing_checks(a[1]) == failing_checks(b[1]),
                    f"{name}: failing checks {failing_checks(a[1])} vs {failing_checks(b[1])}")

        # list filters
        code, out, _ = run(binary, ["pki", "list", "--store", store])
        doc = valid(t, PKI_LIST, out, "list")
        t.check(code == 0 and doc and doc["count"] == doc["total"] == len(index.splitlines()) - 1,
                "list shows every item")
        for kind in ["csca", "dsc", "crl", "link"]:
            code, out, _ = run(binary, ["pki", "list", "--store", store, "--kind", kind])
            doc = valid(t, PKI_LIST, out, f"list --kind {kind}")
            t.check(doc is not None and all(i["kind"] == kind for i in doc["items"]),
                    f"list --kind {kind} filters")
        code, out, _ = run(binary, ["pki", "list", "--store", store, "--country", "ut", "--kind", "csca"])
        doc = valid(t, PKI_LIST, out, "list --country ut")
        t.check(doc and doc["count"] > 0 and all(i["country"] == "UT" for i in doc["items"]),
                "--country is case-insensitive")
        code, out, _ = run(binary, ["pki", "list", "--store", store, "--country", "NL"])
        doc = valid(t, PKI_LIST, out, "list --country NL")
        t.check(doc and doc["count"] == 0, "no NL items")
        _, valid_out, _ = run(binary, ["pki", "list", "--store", store, "--valid-at", "2026-06-01"])
        _, expired_out, _ = run(binary, ["pki", "list", "--store", store, "--expired-at", "2026-06-01"])
        v = valid(t, PKI_LIST, valid_out, "list --valid-at")
        e = valid(t, PKI_LIST, expired_out, "list --expired-at")
        t.check(v and e and v["count"] + e["count"] == v["total"], "valid + expired = all")
        code, _, _ = run(binary, ["pki", "list", "--store", store, "--valid-at", "2026-01-01",
                                  "--expired-at", "2026-01-01"])
        t.check(code == 2, "--valid-at and --expired-at exclude each other")
        code, out, _ = run(binary, ["pki", "list", "--store", store, "--format", "text"])
        t.check(code == 0 and out.strip().endswith("items"), "text listing")

        # show: by hash prefix and from a file
        code, out, _ = run(binary, ["pki", "list", "--store", store, "--kind", "csca"])
        sha = json.loads(out)["items"][0]["sha256"]
        code, out, _ = run(binary, ["pki", "show", "--store", store, sha[:12]])
        doc = valid(t, PKI_SHOW, out, "show --store")
        t.check(code == 0 and doc and doc["certificate"]["sha256"] == sha and doc["certificate"]["is_ca"],
                "show finds the CSCA by prefix")
        names = [x["name"] for x in doc["certificate"]["extensions"]] if doc else []
        t.check("basicConstraints" in names and "subjectKeyIdentifier" in names, f"extension names {names}")
        bp = os.path.join(ROOT, "samples", "chip", "brainpoolP256r1-explicit", "csca.pem")
        code, out, _ = run(binary, ["pki", "show", bp])
        doc = valid(t, PKI_SHOW, out, "show file")
        key = doc["certificate"]["key"] if doc else {}
        t.check(key.get("explicit_parameters") is True and key.get("curve") == "brainpoolP256r1"
                and key.get("ec_parameters", {}).get("prime", "").startswith("A9FB57DBA1EEA9BC"),
                f"explicit brainpool parameters shown: {key.get('curve')}")
        code, out, _ = run(binary, ["pki", "show", bp, "--format", "text"])
        t.check(code == 0 and "explicit parameters" in out, "show text")
        code, _, _ = run(binary, ["pki", "show", "--store", store, "zz"])
        t.check(code == 2, "show of an unknown prefix exits 2")

        # bad inputs
        code, _, _ = run(binary, ["pki", "import", "--store", os.path.join(work, "s2"), os.path.join(work, "missing.pem")])
        t.check(code == 2, "missing source exits 2")
        notstore = os.path.join(work, "notstore")
        os.makedirs(notstore)
        open(os.path.join(notstore, "x"), "w").write("x")
        code, _, _ = run(binary, ["pki", "import", "--store", notstore, pems[0]])
        t.check(code == 2, "a non-empty non-store folder exits 2")
        code, _, _ = run(binary, ["pki", "list", "--store", notstore])
        t.check(code == 2, "list of a non-store exits 2")
        code, _, _ = run(binary, ["pki", "import", "--store", os.path.join(work, "s3"), "--anchor",
                                  os.path.join(work, "missing.cer"), pems[0]])
        t.check(code == 2, "missing --anchor exits 2")
        junk = os.path.join(work, "junk.bin")
        open(junk, "wb").write(b"\x30\x03\x02\x01\x00")
        code, out, _ = run(binary, ["pki", "import", "--store", os.path.join(work, "s4"), junk])
        doc = valid(t, PKI_IMPORT, out, "import junk")
        t.check(code == 2 and doc and len(doc["rejected"]) == 1,
                "junk alone is rejected with a reason, exit 2 (nothing importable: input error)")
        code, out, _ = run(binary, ["pki", "import", "--store", os.path.join(work, "s5"), junk, pems[0]])
        doc = valid(t, PKI_IMPORT, out, "import junk and a certificate")
        t.check(code == 1 and doc and len(doc["rejected"]) == 1 and doc["totals"]["added"] == 1,
                "junk beside a certificate: rejected with a reason, exit 1")
        broken = os.path.join(work, "broken")
        shutil.copytree(store, broken)
        open(os.path.join(broken, "index.tsv"), "w").write("mrtd-store-index\t1\nnot\tan\tentry\n")
        code, _, err = run(binary, ["chip", "verify", "--trust", broken, SETS[0]])
        t.check(code == 2 and "index line 2" in err + _, f"corrupt index exits 2 ({code})")

        corpus(t, binary, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return t.finish()


def corpus(t, binary, work):
    if not os.path.isdir(CORPUS):
        print("corpus absent: real master lists and LDIF skipped")
        return
    ml = os.path.join(CORPUS, "gmrtd", "masterlists")
    pkd = os.path.join(CORPUS, "icao-pkd")
    store = os.path.join(work, "corpus")

    def imp(*args):
        code, out, err = run(binary, ["pki", "import", "--store", store] + list(args), timeout=300)
        return code, valid(t, PKI_IMPORT, out, f"import {args[-1]}"), err

    code, doc, err = imp("--anchor", os.path.join(ml, "DE_ROOT_CA_CSCA07.cer"),
                         os.path.join(ml, "DE_ML_2026-05-28-08-28-45.ml"))
    t.check(code == 0 and doc and doc["totals"]["added"] == 588, f"DE 2026 list: 588 certificates ({doc and doc['totals']})")
    t.check(doc and doc["lists"][0]["signature"] == "verified" and not doc["lists"][0]["anchored_in_list"],
            "DE list verified against the anchor")

    code, doc, _ = imp(os.path.join(pkd, "icaopkd-003-complete-000090.ldif"))
    dsc = sum(c["dsc"] for c in doc["countries"].values()) if doc else 0
    flagged = sum(c["flagged"] for c in doc["countries"].values()) if doc else 0
    t.check(code == 0 and dsc == 502 and flagged == 502, f"LDIF 003: 502 DSCs flagged ({dsc}, {flagged})")
    code, out, _ = run(binary, ["pki", "list", "--store", store, "--kind", "dsc", "--country", "US"])
    lst = valid(t, PKI_LIST, out, "list US DSCs")
    t.check(lst and lst["count"] == 128 and all("non_conformant" in i["flags"] and i["conformance_codes"]
                                                for i in lst["items"]),
            "US DSCs non-conformant with conformance codes in provenance")

    code, doc, _ = imp(os.path.join(ml, "NL_ML_2026-07-22.ml"))
    t.check(code == 0 and doc and doc["lists"][0]["signature"] == "verified", "NL list verified")

    code, doc, _ = imp(os.path.join(pkd, "ICAO_ml_September2023.ml"))
    t.check(code == 0 and doc and doc["lists"][0]["signature"] == "tolerated", "ICAO list tolerated (DigestInfo without NULL)")

    code, doc, _ = imp(os.path.join(pkd, "IT_MasterListCSCA.ml"))
    t.check(doc and doc["lists"][0]["imported"] and any("flags it invalid" in n for n in doc["notes"]),
            "IT list imported, malformed LT CSCAs stored flagged")

    before = open(os.path.join(store, "index.tsv"), "rb").read()
    code, doc, _ = imp(os.path.join(pkd, "DE_masterList_content_only.bin"))
    t.check(code == 1 and doc and not doc["lists"][0]["imported"] and doc["rejected"],
            "content-only DE list rejected without --accept-unverified")
    t.check(open(os.path.join(store, "index.tsv"), "rb").read() == before, "a rejected list changes nothing")
    code, doc, _ = imp("--accept-unverified", os.path.join(pkd, "DE_masterList_content_only.bin"))
    t.check(code == 1 and doc and doc["lists"][0]["imported"], "imported with --accept-unverified (exit 1)")
    # A list whose signature is wrong (one byte of certList changed) is never imported, not
    # even with --accept-unverified: that option is for lists nothing could judge.
    tampered = bytearray(open(os.path.join(ml, "NL_ML_2026-07-22.ml"), "rb").read())
    tampered[len(tampered) // 2] ^= 0x01
    tampered_path = os.path.join(work, "NL_tampered.ml")
    open(tampered_path, "wb").write(bytes(tampered))
    before = open(os.path.join(store, "index.tsv"), "rb").read()
    code, doc, _ = imp("--accept-unverified", "--anchor", os.path.join(ml, "NL_ROOT_CA.cer"), tampered_path)
    lists = (doc or {}).get("lists") or [{}]
    t.check(code == 1 and lists[0].get("imported") is False and lists[0].get("signature") == "invalid",
            f"tampered NL list refused even with --accept-unverified ({doc and doc['lists']})")
    t.check(open(os.path.join(store, "index.tsv"), "rb").read() == before, "the tampered list changes nothing")
    code, out, _ = run(binary, ["pki", "list", "--store", store])
    lst = valid(t, PKI_LIST, out, "list corpus")
    unverified = [i for i in lst["items"] if "unverified_list" in i["flags"]] if lst else []
    t.check(len(unverified) > 0, f"certificates only in the unsigned list are flagged ({len(unverified)})")

    # A real SOD against the store: the same chain verdict as with its CSCA as loose file.
    sample = os.path.join(CORPUS, "gmrtd", "uk-expired")
    if os.path.isdir(sample):
        a = run(binary, ["chip", "verify", "--trust", store, sample])
        t.check(a[0] in (0, 1) and json.loads(a[1]) is not None, "chip verify with the corpus store runs")


if __name__ == "__main__":
    sys.exit(main())
