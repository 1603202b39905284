#!/usr/bin/env python3
"""man/ pages: `mandoc -Tlint` clean (cross references to our own pages are only found once
installed, so that one message is ignored), and every option that a subcommand's --help lists
appears in its page."""

import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, Tally, run  # noqa: E402

PAGES = {("mrz", "check"): "mrtd-mrz.1", ("mrz", "make"): "mrtd-mrz.1",
         ("chip", "verify"): "mrtd-chip.1", ("chip", "dump"): "mrtd-chip.1",
         ("specimen", "chip"): "mrtd-specimen.1", ("specimen", "pkd"): "mrtd-specimen.1", ("pki", "lint"): "mrtd-pki.1", ("pki", "import"): "mrtd-pki.1",
         ("pki", "list"): "mrtd-pki.1", ("pki", "show"): "mrtd-pki.1",
         ("barcode", "read"): "mrtd-barcode.1", ("seal", "verify"): "mrtd-seal.1",
         ("seal", "make"): "mrtd-seal.1", ("specimen", "seal"): "mrtd-specimen.1",
         ("examine",): "mrtd-examine.1", ("specimen", "document"): "mrtd-specimen.1",
         (): "mrtd.1"}


def main():
    binary = os.path.abspath(sys.argv[1])
    t = Tally()
    if shutil.which("mandoc") is None:
        print("mandoc is missing (apt-get install mandoc)")
        return 1
    for page in sorted(set(PAGES.values())):
        path = os.path.join(ROOT, "man", page)
        lint = subprocess.run(["mandoc", "-Tlint", path], capture_output=True, text=True)
        messages = [m for m in (lint.stdout + lint.stderr).splitlines()
                    if m and "referenced manual not found" not in m]
        t.check(not messages, f"mandoc -Tlint {page}: {messages}")
    for command, page in PAGES.items():
        _, help_text, _ = run(binary, [*command, "--help"])
        rendered = subprocess.run(["mandoc", "-Tascii", os.path.join(ROOT, "man", page)],
                                  capture_output=True, text=True).stdout
        text = re.sub(r".\x08", "", rendered)  # drop overstrike (bold, underline)
        options = set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", help_text)) - {"--help"}
        t.check(bool(options) or not command, f"{command}: --help lists options")
        for option in sorted(options):
            t.check(option in text, f"{' '.join(command)} {option} is not documented in man/{page}")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
