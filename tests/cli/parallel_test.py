#!/usr/bin/env python3
"""Batches split across processes by GNU parallel give the single-process output: `parallel
--pipe -N n -j 2 --keep-order mrtd ... --batch` prints the same bytes as one `mrtd ... --batch`,
and without --keep-order the same verdicts once sorted by the records' own ids (input.id).
Covers `mrtd mrz check --batch` on 200 NDJSON records built from samples/mrz/*.mrz and `mrtd
examine --batch` on samples/documents/documents.ndjson. Records must carry their ids: the
default id is the record's ordinal, which restarts in every chunk. Exit 125 (skip) when GNU
parallel is missing."""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, Tally  # noqa: E402

AT = "2026-01-01"
RECORDS = 200


def mrz_records():
    """RECORDS NDJSON lines {"id": "r0001", "mrz": ...}, cycling through samples/mrz/*.mrz
    (valid, invalid and unreadable ones alike)."""
    files = sorted(glob.glob(os.path.join(ROOT, "samples", "mrz", "*.mrz")))
    lines = []
    for i in range(RECORDS):
        with open(files[i % len(files)], encoding="utf-8") as f:
            lines.append(json.dumps({"id": f"r{i + 1:04d}", "mrz": f.read()}))
    return ("\n".join(lines) + "\n").encode()


def by_id(t, what, output):
    """{input.id: verdict} of NDJSON output; every line must parse and carry an id of its own."""
    verdicts, bad = {}, []
    for number, line in enumerate(output.decode("utf-8").splitlines(), 1):
        try:
            key = (json.loads(line).get("input") or {}).get("id")
        except ValueError:
            key = None
        if key is None or key in verdicts:
            bad.append(f"line {number}: " + ("no id" if key is None else f"id {key} again"))
        else:
            verdicts[key] = json.loads(line)
    t.check(not bad, f"{what}: {len(bad)} lines with no id or a repeated one: {bad[:3]}")
    return verdicts


def compare(t, name, command, stdin, chunk, scratch):
    """One batch: single process, then parallel with and without --keep-order."""
    single = subprocess.run(command, input=stdin, capture_output=True, cwd=ROOT, timeout=60)
    t.check(single.returncode in (0, 1, 2), f"{name}: single run exit {single.returncode}: "
            f"{single.stderr.decode(errors='replace')}")
    expected = by_id(t, f"{name} (single)", single.stdout)
    records = len(stdin.decode("utf-8").splitlines())
    t.check(len(expected) == records, f"{name}: {len(expected)} verdicts for {records} records")
    jobs = -(-records // chunk)
    for keep_order in (True, False):
        what = f"{name} (parallel -N {chunk} -j 2{' --keep-order' if keep_order else ''})"
        joblog = os.path.join(scratch, "joblog")
        split = subprocess.run(
            ["parallel", "--will-cite", "--pipe", "-N", str(chunk), "-j", "2", "--joblog", joblog]
            + (["--keep-order"] if keep_order else []) + command,
            input=stdin, capture_output=True, cwd=ROOT, timeout=120)
        with open(joblog, encoding="utf-8") as f:
            ran = len(f.read().splitlines()) - 1  # a header line, then one line per job
        t.check(ran == jobs, f"{what}: {ran} jobs, expected {jobs}")
        # parallel's exit status counts the failed jobs; mrtd's codes are per chunk.
        t.check((split.returncode != 0) == (single.returncode != 0),
                f"{what}: exit {split.returncode}, single run {single.returncode}: "
                f"{split.stderr.decode(errors='replace')}")
        if keep_order:
            t.check(split.stdout == single.stdout, f"{what}: output differs from the single run")
        got = by_id(t, what, split.stdout)
        t.check(sorted(got) == sorted(expected),
                f"{what}: ids differ: missing {sorted(set(expected) - set(got))[:5]}, "
                f"extra {sorted(set(got) - set(expected))[:5]}")
        differing = [key for key in sorted(expected) if key in got and got[key] != expected[key]]
        t.check(not differing, f"{what}: verdicts differ for {differing[:5]}")


def main():
    binary = os.path.abspath(sys.argv[1])
    parallel = shutil.which("parallel")
    version = subprocess.run([parallel, "--version"], capture_output=True, text=True).stdout \
        if parallel else ""
    if "GNU parallel" not in version:
        print("GNU parallel is missing (apt-get install parallel; moreutils' parallel is "
              "another program): skipped")
        return 125
    t = Tally()
    with tempfile.TemporaryDirectory() as scratch:
        compare(t, "mrz check", [binary, "mrz", "check", "--batch", "--at", AT], mrz_records(),
                25, scratch)
        with open(os.path.join(ROOT, "samples", "documents", "documents.ndjson"), "rb") as f:
            documents = f.read()
        compare(t, "examine", [binary, "examine", "--batch", "--trust",
                               "samples/documents/trust", "--at", AT], documents, 2, scratch)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
