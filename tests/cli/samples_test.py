#!/usr/bin/env python3
"""Regenerates the samples into a scratch folder and compares them byte for byte with samples/,
and samples/MANIFEST's hashes with the files: samples are made by the generator only."""

import filecmp
import hashlib
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Tally  # noqa: E402


def main():
    samples, scratch = sys.argv[1], sys.argv[2]
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    subprocess.run([os.environ["MRTD_GEN"], scratch], check=True, capture_output=True)
    # Chip specimens: signed with the committed test keys (and a seeded random source for
    # PSS salts and ECDSA nonces, in the generator only), so they too are byte-reproducible.
    subprocess.run([os.environ["MRTD_GEN_CHIP"], scratch, os.environ["MRTD_GEN_KEYS"]], check=True,
                   capture_output=True)
    subprocess.run([os.environ["MRTD_GEN_SEAL"], scratch, os.environ["MRTD_GEN_KEYS"]], check=True,
                   capture_output=True)
    subprocess.run([os.environ["MRTD_GEN_DOCUMENT"], scratch, os.environ["MRTD_GEN_KEYS"]],
                   check=True, capture_output=True)
    tally = Tally()
    generated = []
    for folder, _, files in os.walk(scratch):
        for name in files:
            generated.append(os.path.relpath(os.path.join(folder, name), scratch))
    for rel in sorted(generated):
        committed = os.path.join(samples, rel)
        tally.check(os.path.exists(committed) and filecmp.cmp(committed, os.path.join(scratch, rel), shallow=False),
                    f"samples/{rel} differs from the generator's output (run the samples target)")
    # Every committed sample input is one the generator makes (approved outputs aside).
    for folder, _, files in os.walk(samples):
        for name in files:
            rel = os.path.relpath(os.path.join(folder, name), samples)
            if not rel.endswith(".verdict.json"):
                tally.check(rel in generated, f"samples/{rel} is not made by the generator")
    for manifest in ("MANIFEST", os.path.join("chip", "MANIFEST"), os.path.join("seals", "MANIFEST"),
                     os.path.join("documents", "MANIFEST")):
        with open(os.path.join(samples, manifest), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                digest, rel = line.split()
                with open(os.path.join(samples, rel), "rb") as g:
                    tally.check(hashlib.sha256(g.read()).hexdigest() == digest,
                                f"{manifest} hash of {rel}")
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
