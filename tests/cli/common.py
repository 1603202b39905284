"""Helpers shared by the CLI tests: run mrtd, validate output against schemas/, count results."""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

try:
    import jsonschema
except ImportError:  # the schema test must run: a missing package is a failure, not a skip
    sys.exit("python3-jsonschema is missing (apt-get install python3-jsonschema)")


def load_schema(name):
    with open(os.path.join(ROOT, "schemas", name), encoding="utf-8") as f:
        return json.load(f)


VERDICT = jsonschema.Draft202012Validator(load_schema("verdict.schema.json"))
MRZ = jsonschema.Draft202012Validator(load_schema("mrz.schema.json"))
try:  # jsonschema >= 4.18 resolves $ref through a registry; Debian 12 has 4.10 with RefResolver
    _RESOLVER = {"resolver": jsonschema.RefResolver.from_schema(
        load_schema("chip.schema.json"),
        store={"https://mrtd.invalid/schemas/mrz.schema.json": load_schema("mrz.schema.json"),
               "mrz.schema.json": load_schema("mrz.schema.json")})}
except AttributeError:
    _RESOLVER = {}
CHIP = jsonschema.Draft202012Validator(load_schema("chip.schema.json"), **_RESOLVER)
try:
    _SEAL_STORE = {"https://mrtd.invalid/schemas/mrz.schema.json": load_schema("mrz.schema.json"),
                   "mrz.schema.json": load_schema("mrz.schema.json"),
                   "https://mrtd.invalid/schemas/seal.schema.json": load_schema("seal.schema.json"),
                   "seal.schema.json": load_schema("seal.schema.json")}
    _SEAL_RESOLVER = {"resolver": jsonschema.RefResolver.from_schema(load_schema("seal.schema.json"), store=_SEAL_STORE)}
    _BARCODE_RESOLVER = {"resolver": jsonschema.RefResolver.from_schema(load_schema("barcode.schema.json"), store=_SEAL_STORE)}
except AttributeError:
    _SEAL_RESOLVER = _BARCODE_RESOLVER = {}
SEAL = jsonschema.Draft202012Validator(load_schema("seal.schema.json"), **_SEAL_RESOLVER)
BARCODE = jsonschema.Draft202012Validator(load_schema("barcode.schema.json"), **_BARCODE_RESOLVER)
EXAMINE = jsonschema.Draft202012Validator(load_schema("examine.schema.json"))
PKI_IMPORT = jsonschema.Draft202012Validator(load_schema("pki-import.schema.json"))
PKI_LIST = jsonschema.Draft202012Validator(load_schema("pki-list.schema.json"))
PKI_SHOW = jsonschema.Draft202012Validator(load_schema("pki-show.schema.json"))


def schema_errors(doc):
    """All schema violations of one verdict document, as strings."""
    errors = [f"verdict schema: {e.message} at {list(e.path)}" for e in VERDICT.iter_errors(doc)]
    if doc.get("command") == "mrz check" and doc.get("data") is not None:
        errors += [f"mrz schema: {e.message} at {list(e.path)}" for e in MRZ.iter_errors(doc["data"])]
    if doc.get("command") == "chip verify" and doc.get("data") is not None:
        errors += [f"chip schema: {e.message} at {list(e.path)}" for e in CHIP.iter_errors(doc["data"])]
    if doc.get("command") == "seal verify" and doc.get("data") is not None:
        errors += [f"seal schema: {e.message} at {list(e.path)}" for e in SEAL.iter_errors(doc["data"])]
    if doc.get("command") == "barcode read" and doc.get("data") is not None:
        errors += [f"barcode schema: {e.message} at {list(e.path)}" for e in BARCODE.iter_errors(doc["data"])]
    if doc.get("command") == "examine" and doc.get("data") is not None:
        errors += [f"examine schema: {e.message} at {list(e.path)}" for e in EXAMINE.iter_errors(doc["data"])]
        # Each embedded section is a complete verdict of its own command.
        data = doc["data"]
        for section in [data.get("mrz"), data.get("visa_mrz"), data.get("chip")] + list(data.get("seals", [])):
            if isinstance(section, dict):
                errors += [f"examine section {section.get('command')}: {e}" for e in schema_errors(section)]
    return errors


def docs(t, text, what):
    """The verdicts in `text` (one pretty document, or NDJSON), each validated against schemas/."""
    out = []
    for line in text.split("\n") if text.lstrip().startswith("{\"") else [text]:
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except ValueError as e:
            t.check(False, f"{what}: not JSON ({e}): {line[:200]}")
            continue
        errors = schema_errors(doc)
        t.check(not errors, f"{what}: schema: {errors[:3]}")
        out.append(doc)
    return out


def one(t, text, what):
    """The one verdict in `text`."""
    found = docs(t, text, what)
    t.check(len(found) == 1, f"{what}: one verdict, got {len(found)}")
    return found[0] if found else {}


def failing(doc):
    """The ids of the failed checks, sorted, each once."""
    return sorted({c["id"] for c in doc.get("checks", []) if c["status"] == "fail"})


def status(doc, check):
    return next((c["status"] for c in doc.get("checks", []) if c["id"] == check), None)


def message(doc, check):
    return next((c.get("message", "") for c in doc.get("checks", []) if c["id"] == check), "")


def run(binary, args, stdin=None, timeout=60):
    """Runs mrtd; returns (exit code, stdout text, stderr text)."""
    proc = subprocess.run([binary] + args, input=stdin, capture_output=True, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


class Tally:
    """Counts checks and prints the closing line ctest's log readers recognise."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}")
        return ok

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


EXIT_FOR = {"valid": 0, "invalid": 1, "indeterminate": 1, "error": 2}
