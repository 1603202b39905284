#!/usr/bin/env python3
"""The Debian package: `cpack -G DEB` in the build tree gives exactly one .deb, named mrtd at the
project's version, whose Depends lists the package of every shared library the binary links
(libssl3 for OpenSSL among them; found with readelf, ldd and dpkg -S, as the list in
CMakeLists.txt was). Unpacked with `dpkg-deb -x`, its usr/bin/mrtd runs, and it holds every man
page of man/, every schema of schemas/ and both shell completions, byte for byte, under /usr.

Usage: install_test.py BUILD_DIR. The package is built in BUILD_DIR/install-test (removed again
when the test passes). cpack first builds the `preinstall` target, i.e. everything not yet
built. Exit 125 (skip) when cpack or dpkg-deb is missing."""

import glob
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, Tally  # noqa: E402


def package_of(library):
    """The Debian package (without :arch) that owns a library path, or None."""
    candidates = [library, os.path.realpath(library)]
    candidates += ["/usr" + c for c in candidates if not c.startswith("/usr/")]
    for path in candidates:
        proc = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
        if proc.returncode == 0:
            return proc.stdout.split(":")[0].strip()
    return None


def linked_packages(t, binary):
    """{soname: package} for the libraries the binary itself needs (DT_NEEDED, not what those
    pull in), resolved to paths by ldd."""
    needed = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True).stdout
    sonames = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", needed)
    ldd = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    paths = dict(re.findall(r"^\s*(\S+) => (/\S+)", ldd, re.M))
    t.check(bool(sonames) and all(s in paths for s in sonames),
            f"readelf/ldd resolve the libraries of {binary}: {sonames}, {paths}")
    return {soname: package_of(paths[soname]) for soname in sonames if soname in paths}


def project_version(build):
    with open(os.path.join(build, "CPackConfig.cmake"), encoding="utf-8") as f:
        match = re.search(r'set\(CPACK_PACKAGE_VERSION "([^"]+)"\)', f.read())
    return match.group(1) if match else None


def same_bytes(a, b):
    if not os.path.isfile(a) or not os.path.isfile(b):
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def main():
    build = os.path.abspath(sys.argv[1])
    missing = [tool for tool in ("cpack", "dpkg-deb", "dpkg", "readelf", "ldd")
               if shutil.which(tool) is None]
    if missing:
        print(f"{', '.join(missing)} missing: skipped")
        return 125
    t = Tally()
    scratch = os.path.join(build, "install-test")
    shutil.rmtree(scratch, ignore_errors=True)
    out = os.path.join(scratch, "package")
    proc = subprocess.run(["cpack", "-G", "DEB", "--config",
                           os.path.join(build, "CPackConfig.cmake"), "-B", out],
                          cwd=build, capture_output=True, text=True, timeout=600)
    if not t.check(proc.returncode == 0, f"cpack -G DEB: exit {proc.returncode}\n"
                                         f"{proc.stdout}{proc.stderr}"):
        return t.finish()
    debs = glob.glob(os.path.join(out, "*.deb"))
    if not t.check(len(debs) == 1, f"cpack made one .deb, not {debs}"):
        return t.finish()
    deb = debs[0]

    fields = {}
    for name in ("Package", "Version", "Depends", "Section", "Maintainer", "Description"):
        fields[name] = subprocess.run(["dpkg-deb", "-f", deb, name], capture_output=True,
                                      text=True).stdout.strip()
    print(f"{os.path.basename(deb)}: Depends: {fields['Depends']}")
    t.check(fields["Package"] == "mrtd", f"Package: {fields['Package']}")
    t.check(fields["Version"] == project_version(build),
            f"Version: {fields['Version']}, project {project_version(build)}")
    for name in ("Section", "Maintainer", "Description"):
        t.check(bool(fields[name]), f"{name} is set")
    depends = {re.split(r"[\s(]", d.strip())[0] for d in fields["Depends"].split(",")} - {""}

    root = os.path.join(scratch, "root")
    proc = subprocess.run(["dpkg-deb", "-x", deb, root], capture_output=True, text=True)
    t.check(proc.returncode == 0, f"dpkg-deb -x: {proc.stderr}")
    top = sorted(os.listdir(root)) if os.path.isdir(root) else []
    t.check(top == ["usr"], f"everything is under /usr: {top}")
    mrtd = os.path.join(root, "usr", "bin", "mrtd")

    # Depends names the package of each library the binary links, OpenSSL's first of all.
    libraries = linked_packages(t, mrtd) if os.path.isfile(mrtd) else {}
    t.check("libcrypto.so.3" in libraries, f"mrtd links OpenSSL's libcrypto: {sorted(libraries)}")
    for soname, package in sorted(libraries.items()):
        if re.match(r"lib(asan|ubsan|lsan|tsan)\.so", soname):
            # A sanitizer build (-DMRTD_SANITIZE=ON, CI's second pass) links its runtime; such a
            # binary is for testing and never shipped, so Depends rightly leaves it out.
            print(f"{soname}: sanitizer runtime, not a dependency of a release package")
            continue
        t.check(package is not None and package in depends,
                f"Depends lists {package} (for {soname}): {fields['Depends']}")

    proc = subprocess.run([mrtd, "--version"], capture_output=True, text=True, timeout=30) \
        if os.path.isfile(mrtd) else None
    t.check(proc is not None and proc.returncode == 0, "usr/bin/mrtd --version exits 0")
    lines = proc.stdout.splitlines() if proc else []
    for name in ("mrtd", "OpenSSL", "ZXing-cpp", "libzint"):
        t.check(any(line.startswith(name + " ") for line in lines),
                f"--version names {name}: {lines}")
    proc = subprocess.run([mrtd, "mrz", "check", "--at", "2026-01-01", "--format", "summary",
                           os.path.join(ROOT, "samples", "mrz", "icao-td3.mrz")],
                          capture_output=True, text=True, timeout=30) \
        if os.path.isfile(mrtd) else None
    t.check(proc is not None and proc.returncode == 0, "usr/bin/mrtd mrz check runs")

    share = os.path.join(root, "usr", "share")
    for page in sorted(glob.glob(os.path.join(ROOT, "man", "*.1"))):
        installed = os.path.join(share, "man", "man1", os.path.basename(page))
        t.check(same_bytes(page, installed), f"man page {os.path.basename(page)} is packaged")
    schemas = sorted(glob.glob(os.path.join(ROOT, "schemas", "*.json")))
    t.check(bool(schemas), "schemas/*.json exist")
    for schema in schemas:
        installed = os.path.join(share, "mrtd", "schemas", os.path.basename(schema))
        t.check(same_bytes(schema, installed), f"schema {os.path.basename(schema)} is packaged")
    for source, installed in (("mrtd.bash", "bash-completion/completions/mrtd"),
                              ("_mrtd", "zsh/vendor-completions/_mrtd")):
        t.check(same_bytes(os.path.join(ROOT, "cmd", "completion", source),
                           os.path.join(share, installed)), f"usr/share/{installed} is packaged")

    code = t.finish()
    if code == 0:
        shutil.rmtree(scratch, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
