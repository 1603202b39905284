#!/usr/bin/env python3
"""CLI behaviour of `mrtd chip dump` on the PA corpus (../shared/corpus/pa): JSON valid against
schemas/chip-dump.schema.json, face image extraction, input errors. Exit 125 (skip) without
the corpus."""

import atexit
import hashlib
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, Tally, load_schema, run  # noqa: E402

import jsonschema  # noqa: E402  (common.py fails clearly when it is missing)

CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "pa")
DUMP = jsonschema.Draft202012Validator(load_schema("chip-dump.schema.json"))
JP2 = bytes.fromhex("0000000c6a5020200d0a870a")


def main():
    if not os.path.isdir(CORPUS):
        print(f"corpus not found at {CORPUS}: skipped")
        return 125
    binary = os.path.abspath(sys.argv[1])
    t = Tally()
    tmp = tempfile.mkdtemp(prefix="mrtd-chip-dump-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)

    def dump(args, what, expect=0):
        code, out, err = run(binary, ["chip", "dump", "--at", "2026-01-01", *args])
        t.check(code == expect, f"{what}: exit {code}, expected {expect}; stderr {err[:300]!r}")
        try:
            doc = json.loads(out)
        except ValueError:
            t.check(False, f"{what}: output is not JSON: {out[:300]!r}")
            return {}
        errors = [f"{e.message} at {list(e.path)}" for e in DUMP.iter_errors(doc)]
        t.check(not errors, f"{what}: schema: {errors[:5]}")
        return doc

    def by_file(doc):
        return {f["file"]: f for f in doc.get("files", [])}

    # --- the BSI TR-03105-5 folder -------------------------------------------------------
    bsi = os.path.join(CORPUS, "bsi-tr03105-5")
    doc = dump([bsi], "bsi folder")
    files = by_file(doc)
    t.check(list(doc)[:4] == ["schema_version", "tool", "tool_version", "command"], f"key order {list(doc)[:4]}")
    t.check(doc.get("command") == "chip dump", "command")
    t.check(set(files) == {"EF.COM", "EF.SOD", "DG1", "DG2", "DG3", "DG4", "DG14", "DG15"}, f"files {sorted(files)}")
    t.check(all(not f["errors"] for f in files.values()), "no file has errors")
    t.check(files.get("EF.COM", {}).get("com", {}).get("data_groups") == ["DG1", "DG2", "DG3", "DG4", "DG14"], "EF.COM list")
    sod = files.get("EF.SOD", {}).get("sod", {})
    t.check(sod.get("hash_algorithm") == "SHA-256" and len(sod.get("dg_hashes", {})) == 5, "SOD hashes")
    t.check(sod.get("signature_algorithm") == "RSASSA-PSS", f"SOD signature algorithm {sod.get('signature_algorithm')}")
    t.check(len(sod.get("certificates", [])) == 1 and "HJP PB DS" in sod["certificates"][0]["subject"], "SOD DSC")
    mrz = files.get("DG1", {}).get("dg1", {})
    t.check(mrz.get("fields", {}).get("document_number") == "C11T002JM", "DG1 document number")
    t.check(mrz.get("mrz", "").startswith("P<D<<MUSTERMANN<<ERIKA"), "DG1 MRZ text")
    faces = files.get("DG2", {}).get("faces", [])
    t.check(len(faces) == 1 and faces[0]["image"]["extension"] == "jp2", "DG2 face jp2")
    t.check(faces and faces[0]["width"] == 337 and faces[0]["height"] == 449, "DG2 size 337x449")
    names = [i["protocol_name"] for i in files.get("DG14", {}).get("security_infos", [])]
    t.check("id-PK-ECDH" in names and "id-TA" in names, f"DG14 names {names}")
    key = files.get("DG15", {}).get("public_key", {})
    t.check(key.get("algorithm") == "RSA" and key.get("bits") == 1024, f"DG15 key {key}")
    for f in files.values():
        with open(os.path.join(bsi, os.path.basename(f["source"])), "rb") as fh:
            t.check(hashlib.sha256(fh.read()).hexdigest() == f["sha256"], f"{f['file']} sha256")

    # --- face extraction -----------------------------------------------------------------
    out_dir = os.path.join(tmp, "faces")
    doc = dump([bsi, "--extract-dir", out_dir], "extract")
    image = os.path.join(out_dir, "DG2-1.jp2")
    t.check(os.path.isfile(image), f"{image} written")
    if os.path.isfile(image):
        with open(image, "rb") as fh:
            data = fh.read()
        t.check(data.startswith(JP2), "extracted image has the JP2 signature")
        face = by_file(doc).get("DG2", {}).get("faces", [{}])[0].get("image", {})
        t.check(hashlib.sha256(data).hexdigest() == face.get("sha256") and len(data) == face.get("size"),
                "extracted image matches the reported size and sha256")

    # --- other corpus chips, explicit files ----------------------------------------------
    for folder, expect in (("jmrtd/bsi2008", "DG2"), ("jmrtd/loes2006", "DG2"),
                           ("pymrtd/etsi-eacaa", "DG14"), ("gmrtd/uk-expired", "DG1")):
        doc = dump([os.path.join(CORPUS, folder)], folder)
        files = by_file(doc)
        t.check(expect in files and not files[expect]["errors"], f"{folder}: {expect} decoded")
        t.check("DG1" in files and files["DG1"].get("dg1", {}).get("mrz"), f"{folder}: DG1 MRZ")
    doc = dump(["--dg", "1=" + os.path.join(CORPUS, "gmrtd/uk-expired/EF_DG1.bin")], "--dg 1=FILE")
    t.check([f["file"] for f in doc.get("files", [])] == ["DG1"], "--dg gives one file")

    code, out, _ = run(binary, ["chip", "dump", "--format", "text", bsi])
    t.check(code == 0 and "EF.SOD" in out and "JPEG2000" in out, f"--format text: {code} {out[:200]!r}")

    # --- input errors --------------------------------------------------------------------
    garbage = os.path.join(tmp, "garbage.bin")
    with open(garbage, "wb") as fh:
        fh.write(b"this is not chip data\n" * 10)
    doc = dump([garbage], "garbage file", expect=2)
    t.check("error" in doc or all(f["errors"] for f in doc.get("files", [])), "garbage: error reported")
    doc = dump([os.path.join(tmp, "missing.bin")], "missing file", expect=2)
    t.check("error" in doc and doc.get("files") == [], "missing file: error document")
    bad_dg1 = os.path.join(tmp, "DG1.bin")
    with open(bad_dg1, "wb") as fh:
        fh.write(bytes.fromhex("6105") + b"\x5f\x1f")
    doc = dump(["--dg", "1=" + bad_dg1, "--dg", "15=" + os.path.join(bsi, "Datagroup15.bin")],
               "broken DG1 beside a good DG15")
    files = by_file(doc)
    t.check(files.get("DG1", {}).get("errors") and "public_key" in files.get("DG15", {}),
            "a broken file is an error entry, the others still decode")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
