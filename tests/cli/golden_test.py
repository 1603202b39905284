#!/usr/bin/env python3
"""Golden CLI test: runs `mrtd mrz check` on every sample in samples/mrz and compares
- the verdict, failed and warned check ids, and exit code with samples/mrz/cases.json
  (the expectations stated in tests/mrz/cases.hpp, reviewed, independent of the output);
- the whole output with the approved samples/mrz/<name>.verdict.json (tool_version hidden);
- the output with schemas/.
`--bless` rewrites the approved files from the current output; review them as a diff."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import EXIT_FOR, ROOT, Tally, run, schema_errors  # noqa: E402


def normalise(text):
    doc = json.loads(text)
    doc["tool_version"] = "<version>"
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main():
    binary = os.path.abspath(sys.argv[1])
    bless = "--bless" in sys.argv[2:]
    os.chdir(ROOT)
    with open("samples/mrz/cases.json", encoding="utf-8") as f:
        cases = json.load(f)
    tally = Tally()
    for case in cases:
        name = case["name"]
        path = "samples/" + case["file"]
        args = ["mrz", "check", "--at", case["at"]] + case["args"].split() + [path]
        code, out, err = run(binary, args)
        tally.check(code == EXIT_FOR[case["verdict"]], f"{name}: exit {code}, stderr {err!r}")
        try:
            doc = json.loads(out)
        except ValueError:
            tally.check(False, f"{name}: output is not JSON: {out[:200]!r}")
            continue
        tally.check(doc["verdict"] == case["verdict"], f"{name}: verdict {doc['verdict']}, expected {case['verdict']}")
        fails = sorted(c["id"] for c in doc["checks"] if c["status"] == "fail")
        warns = sorted(c["id"] for c in doc["checks"] if c["status"] == "warn")
        tally.check(fails == sorted(case["fails"]), f"{name}: failed {fails}, expected {sorted(case['fails'])}")
        tally.check(warns == sorted(case["warns"]), f"{name}: warned {warns}, expected {sorted(case['warns'])}")
        errors = schema_errors(doc)
        tally.check(not errors, f"{name}: {errors}")
        golden = os.path.join("samples", "mrz", name + ".verdict.json")
        if bless:
            with open(golden, "w", encoding="utf-8") as f:
                f.write(normalise(out))
            continue
        if not os.path.exists(golden):
            tally.check(False, f"{name}: no approved output {golden} (run the bless target and review)")
            continue
        with open(golden, encoding="utf-8") as f:
            approved = f.read()
        tally.check(normalise(out) == approved, f"{name}: output differs from {golden}")
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
