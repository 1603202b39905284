#!/usr/bin/env python3
"""Batch progress: on a terminal (a pseudo-terminal from util-linux `script`), `mrz check
--batch`, `chip verify --batch` and `examine --batch` draw a progress line on stderr (records,
rate, share and ETA for a file) and erase it at the end; off a terminal stderr stays empty; the
verdicts on stdout are the same either way. The line is drawn once more at the end with the final
count, so even a run shorter than the first redraw interval shows it."""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, Tally  # noqa: E402


def main():
    mrtd = os.path.abspath(sys.argv[1])
    t = Tally()
    if shutil.which("script") is None:
        print("SKIP: util-linux `script` is missing (no pseudo-terminal to test with)")
        return 125
    tmp = tempfile.mkdtemp(prefix="mrtd-progress-")
    try:
        records = os.path.join(tmp, "records.ndjson")
        mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
        with open(records, "w", encoding="utf-8") as f:
            for i in range(2000):
                f.write(f'{{"id": "r{i}", "mrz": "{mrz}"}}\n')
        chips = os.path.join(tmp, "chips.txt")
        with open(chips, "w", encoding="utf-8") as f:
            for _ in range(20):
                f.write(os.path.join(ROOT, "samples", "chip", "rsa-pkcs1v15") + "\n")
        docs = os.path.join(tmp, "docs.txt")
        with open(docs, "w", encoding="utf-8") as f:
            for _ in range(5):
                f.write(os.path.join(ROOT, "samples", "documents", "valid") + "\n")
        commands = {
            "mrz check": [mrtd, "mrz", "check", "--batch", "--at", "2026-01-01", records],
            "chip verify": [mrtd, "chip", "verify", "--batch", "--at", "2026-01-01", "--trust",
                            os.path.join(ROOT, "samples", "chip", "rsa-pkcs1v15", "csca.pem"), chips],
            "examine": [mrtd, "examine", "--batch", "--at", "2026-01-01", "--trust",
                        os.path.join(ROOT, "samples", "documents", "trust"), docs],
        }
        for name, argv in commands.items():
            plain = subprocess.run(argv, capture_output=True, timeout=300)
            t.check(plain.stderr == b"", f"{name}: stderr empty off a terminal ({plain.stderr[:100]!r})")
            out = os.path.join(tmp, "out.ndjson")
            # stdout to a file, stderr to the pseudo-terminal `script` records.
            inner = " ".join(shlex.quote(a) for a in argv) + " > " + shlex.quote(out)
            tty = subprocess.run(["script", "-qefc", inner, "/dev/null"], capture_output=True, timeout=300)
            seen = tty.stdout.decode("utf-8", "replace")
            t.check("records" in seen and "/s" in seen, f"{name}: progress drawn on a terminal: {seen[:200]!r}")
            t.check("%" in seen and "ETA" in seen and re.search(r"\[[#.]{20}\] ", seen) is not None,
                    f"{name}: bar, share and ETA for a file input")
            t.check(seen.rstrip().endswith("\x1b[K"), f"{name}: the line is erased at the end")
            with open(out, "rb") as f:
                t.check(f.read() == plain.stdout, f"{name}: the same verdicts on a terminal")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
