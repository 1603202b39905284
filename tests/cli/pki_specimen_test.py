#!/usr/bin/env python3
"""`mrtd specimen pkd` end to end: the generated master list and PKD LDIF import into a store
with the list verified against csca.pem, one DSC and one CRL from collection 001 and the
collection 003 DSC flagged non-conformant; every tampered list is rejected by `pki import`
(exit 1, `imported: false`, the store's index unchanged), also with --accept-unverified; the
broken LDIF variants lose only their broken entry. Output is reproducible with --keys."""

import glob
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import PKI_IMPORT, PKI_LIST, Tally, run  # noqa: E402

LIST_CORRUPTIONS = ["list_signature", "list_content", "signer_without_eku", "signer_foreign_csca"]
FILES = ["csca.pem", "mlsigner.pem", "dsc.pem", "dsc-nc.pem", "crl.pem", "UT_ML.ml",
         "icaopkd-001-specimen.ldif", "icaopkd-002-specimen.ldif", "icaopkd-003-specimen.ldif"]
KEYS = ["csca", "mlsigner", "dsc", "dsc-nc", "foreign-csca"]


def valid(t, validator, text, what):
    try:
        doc = json.loads(text)
    except ValueError as e:
        t.check(False, f"{what}: not JSON ({e})")
        return None
    errors = [f"{e.message} at {list(e.path)}" for e in validator.iter_errors(doc)]
    t.check(not errors, f"{what}: schema: {errors[:3]}")
    return doc


def summary(t, text, what):
    lines = text.splitlines()
    t.check(len(lines) == 1, f"{what}: one summary line, got {len(lines)}")
    try:
        return json.loads(text)
    except ValueError as e:
        t.check(False, f"{what}: summary is not JSON ({e})")
        return {}


def read(path):
    with open(path, "rb") as f:
        return f.read()


def index_of(store):
    path = os.path.join(store, "index.tsv")
    return read(path) if os.path.exists(path) else b""


def generate(t, binary, out, *args):
    code, text, err = run(binary, ["specimen", "pkd", "--out", out, *args])
    t.check(code == 0, f"specimen pkd {' '.join(args)}: exit {code}: {err}")
    return summary(t, text, f"specimen pkd {' '.join(args)}") if code == 0 else {}


def check_generation(t, binary, work):
    genuine = os.path.join(work, "genuine")
    doc = generate(t, binary, genuine)
    names = [f["name"] for f in doc.get("files", [])]
    t.check(names == FILES + [k + ".TEST-ONLY.key.pem" for k in KEYS], f"files {names}")
    t.check(all(f.get("secret") is True for f in doc.get("files", [])
                if f["name"].endswith(".key.pem")), "keys are marked secret")
    t.check(doc.get("country") == "UT" and doc.get("signing_time") == "2025-07-01T12:00:00Z"
            and doc.get("corruptions") == [], f"summary {dict((k, doc.get(k)) for k in ['country', 'signing_time', 'corruptions'])}")
    for name in names:
        t.check(os.path.getsize(os.path.join(genuine, name)) ==
                next(f["size"] for f in doc["files"] if f["name"] == name), f"{name} size")

    # Not over a non-empty folder without --force; unknown corruption names are usage errors.
    code, _, err = run(binary, ["specimen", "pkd", "--out", genuine])
    t.check(code == 2 and "not empty" in err, f"non-empty --out refused: {code} {err}")
    code, _, _ = run(binary, ["specimen", "pkd", "--out", os.path.join(work, "x"),
                              "--corrupt", "dg1_hash"])
    t.check(code == 2, f"chip corruption names are not PKD ones: exit {code}")
    code, _, _ = run(binary, ["specimen", "pkd", "--out", os.path.join(work, "y"),
                              "--keys", os.path.join(work, "missing")])
    t.check(code == 2, f"--keys of a missing folder: exit {code}")

    # Reproducible: the same keys give the same bytes, also with --force over a copy.
    again = os.path.join(work, "again")
    generate(t, binary, again, "--keys", genuine)
    for name in FILES:
        t.check(read(os.path.join(genuine, name)) == read(os.path.join(again, name)),
                f"{name} identical with --keys")
    generate(t, binary, again, "--keys", genuine, "--force")
    t.check(read(os.path.join(genuine, "UT_ML.ml")) == read(os.path.join(again, "UT_ML.ml")),
            "--force rewrites the same list")
    return genuine


def import_genuine(t, binary, work, genuine):
    store = os.path.join(work, "store")
    sources = [os.path.join(genuine, "UT_ML.ml")] + sorted(
        glob.glob(os.path.join(genuine, "icaopkd-00*.ldif")))
    anchor = ["--anchor", os.path.join(genuine, "csca.pem")]
    code, out, err = run(binary, ["pki", "import", "--store", store, *anchor, *sources])
    doc = valid(t, PKI_IMPORT, out, "import genuine")
    t.check(code == 0, f"import genuine: exit {code}: {err}")
    if not doc:
        return
    t.check(doc["rejected"] == [], f"nothing rejected: {doc['rejected']}")
    t.check(len(doc["lists"]) == 2, f"the .ml file and collection 002: {len(doc['lists'])} lists")
    for record in doc["lists"]:
        t.check(record["signature"] == "verified" and record["imported"] is True
                and record["anchored_in_list"] is False and record["certificates"] == 2
                and record["country"] == "UT"
                and record["signing_time"] == "2025-07-01T12:00:00Z"
                and record["signer"].startswith("CN=Utopia Master List Signer"),
                f"list verified against csca.pem: {record['source']}: {record['signature']} "
                f"{record['message']}")
    ut = doc["countries"].get("UT", {})
    nl = doc["countries"].get("NL", {})
    t.check(ut.get("csca") == 1 and ut.get("dsc") == 2 and ut.get("crl") == 1
            and ut.get("flagged") == 1, f"UT: CSCA, 001 DSC + 003 DSC, CRL: {ut}")
    t.check(nl.get("csca") == 1, f"NL: the list's foreign CSCA: {nl}")
    t.check(doc["totals"]["added"] == 5 and doc["totals"]["store_items"] == 5,
            f"totals {doc['totals']}")

    code, out, _ = run(binary, ["pki", "list", "--store", store, "--kind", "dsc"])
    listing = valid(t, PKI_LIST, out, "list --kind dsc")
    items = listing["items"] if listing else []
    from_001 = [i for i in items if any(s.endswith("icaopkd-001-specimen.ldif") for s in i["sources"])]
    from_003 = [i for i in items if any(s.endswith("icaopkd-003-specimen.ldif") for s in i["sources"])]
    t.check(len(from_001) == 1 and from_001[0]["flags"] == [] and from_001[0]["serial"] == "05C00001",
            f"one conformant DSC from 001: {from_001}")
    t.check(len(from_003) == 1 and from_003[0]["flags"] == ["non_conformant"]
            and from_003[0]["conformance_codes"] == ["ERR:DSC.CDP.14", "ERR:DSC.DTL.14"],
            f"the 003 DSC is flagged non-conformant with its codes: {from_003}")
    code, out, _ = run(binary, ["pki", "list", "--store", store, "--kind", "crl"])
    listing = valid(t, PKI_LIST, out, "list --kind crl")
    t.check(listing is not None and listing["count"] == 1, "one CRL")

    index = index_of(store)
    code, out, _ = run(binary, ["pki", "import", "--store", store, *anchor, *sources])
    doc = valid(t, PKI_IMPORT, out, "re-import genuine")
    t.check(code == 0 and doc and doc["totals"]["added"] == 0, "re-import adds nothing")
    t.check(index_of(store) == index, "re-import leaves the index byte for byte")


def check_tampered_lists(t, binary, work, genuine):
    # A store that already trusts the genuine CSCA: a tampered list must not add anything.
    base = os.path.join(work, "base")
    code, out, err = run(binary, ["pki", "import", "--store", base,
                                  os.path.join(genuine, "csca.pem")])
    t.check(code == 0, f"base store: exit {code}: {err}")
    base_index = index_of(base)
    t.check(base_index.count(b"\n") == 2, "base store: header and the CSCA")
    for corruption in LIST_CORRUPTIONS:
        variant = os.path.join(work, corruption)
        doc = generate(t, binary, variant, "--keys", genuine, "--corrupt", corruption)
        t.check([c["name"] for c in doc.get("corruptions", [])] == [corruption],
                f"{corruption}: summary names the corruption")
        t.check(read(os.path.join(variant, "csca.pem")) == read(os.path.join(genuine, "csca.pem")),
                f"{corruption}: the anchor is the genuine CSCA")
        t.check(read(os.path.join(variant, "UT_ML.ml")) != read(os.path.join(genuine, "UT_ML.ml")),
                f"{corruption}: the list differs")
        for source in ["UT_ML.ml", "icaopkd-002-specimen.ldif"]:
            for extra in [[], ["--accept-unverified"]]:
                for anchored in [True, False]:
                    what = f"{corruption} {source} {' '.join(extra)} {'--anchor' if anchored else 'store only'}"
                    store = os.path.join(work, "tampered")
                    shutil.rmtree(store, ignore_errors=True)
                    shutil.copytree(base, store)
                    anchor = ["--anchor", os.path.join(variant, "csca.pem")] if anchored else []
                    code, out, err = run(binary, ["pki", "import", "--store", store, *anchor,
                                                  *extra, os.path.join(variant, source)])
                    doc = valid(t, PKI_IMPORT, out, what)
                    t.check(code == 1, f"{what}: exit {code}: {err}")
                    if not doc:
                        continue
                    lists = doc["lists"]
                    t.check(len(lists) == 1 and lists[0]["imported"] is False
                            and lists[0]["signature"] == "invalid",
                            f"{what}: list rejected: "
                            f"{[(x['signature'], x['imported'], x['message']) for x in lists]}")
                    t.check(doc["totals"]["added"] == 0, f"{what}: nothing added")
                    t.check(any("never imported" in r["reason"] for r in doc["rejected"]),
                            f"{what}: rejection reported: {doc['rejected']}")
                    t.check(index_of(store) == base_index, f"{what}: index unchanged")
        # An empty store with --accept-unverified: the list's own CSCA cannot vouch for it.
        store = os.path.join(work, "empty")
        shutil.rmtree(store, ignore_errors=True)
        code, out, _ = run(binary, ["pki", "import", "--store", store, "--accept-unverified",
                                    os.path.join(variant, "UT_ML.ml")])
        doc = valid(t, PKI_IMPORT, out, f"{corruption} into an empty store")
        t.check(code == 1 and doc and doc["lists"][0]["imported"] is False
                and doc["totals"]["store_items"] == 0,
                f"{corruption}: rejected without any anchor too")


def check_broken_ldif(t, binary, work, genuine):
    expected = {  # corruption -> (UT dsc, UT crl, attribute named in the rejection)
        "ldif_bad_base64": (0, 1, "userCertificate;binary"),
        "ldif_truncated": (1, 0, "certificateRevocationList;binary"),
    }
    for corruption, (dsc, crl, attribute) in expected.items():
        variant = os.path.join(work, corruption)
        generate(t, binary, variant, "--keys", genuine, "--corrupt", corruption)
        t.check(read(os.path.join(variant, "UT_ML.ml")) == read(os.path.join(genuine, "UT_ML.ml")),
                f"{corruption}: the list is untouched")
        store = os.path.join(work, "store-" + corruption)
        code, out, err = run(binary, ["pki", "import", "--store", store, "--anchor",
                                      os.path.join(variant, "csca.pem"),
                                      os.path.join(variant, "icaopkd-001-specimen.ldif")])
        doc = valid(t, PKI_IMPORT, out, corruption)
        t.check(code == 1, f"{corruption}: exit {code}: {err}")
        if not doc:
            continue
        ut = doc["countries"].get("UT", {})
        t.check(ut.get("dsc", 0) == dsc and ut.get("crl", 0) == crl,
                f"{corruption}: the intact entry imported: {ut}")
        rejected = doc["rejected"]
        t.check(len(rejected) == 1 and rejected[0]["item"] == "LDIF entry"
                and attribute in rejected[0]["reason"] and "base64" in rejected[0]["reason"],
                f"{corruption}: the broken entry reported: {rejected}")


def main():
    binary = os.path.abspath(sys.argv[1])
    t = Tally()
    work = tempfile.mkdtemp(prefix="mrtd-pkd-")
    try:
        genuine = check_generation(t, binary, work)
        import_genuine(t, binary, work, genuine)
        check_tampered_lists(t, binary, work, genuine)
        check_broken_ldif(t, binary, work, genuine)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
