"""Crafting and judging helpers of the `mrtd chip verify` CLI tests (chip_verify_test.py and
the groups it runs from other files): running the verifier and asserting on its verdict,
specimens, chip folders, and SODs signed or re-signed with the openssl CLI."""

import hashlib
import json
import os
import random
import shutil
import subprocess

from common import EXIT_FOR, ROOT, Tally, run, schema_errors
from der import DerError, read_header, tlv

SAMPLES = os.path.join(ROOT, "samples")
AT = "2026-01-01"  # inside every specimen's CSCA and DSC validity
LDS_OID = "2.23.136.1.1.1"
UTOPIA_CSCA = "/C=UT/O=Government of Utopia/OU=Passport Office/CN=Utopia CSCA"
RNG = random.Random(9303)  # "random" bytes that are the same on every run
TIMEOUT = 20  # seconds: no input may keep the verifier busy longer

# What `mrtd specimen chip --corrupt NAME` breaks beyond the check it names (its JSON summary
# names that check): without signedAttrs the signature cannot be verified either.
ALSO_FAILS = {"no_signed_attributes": {"chip.sod.signature"}}


# ---------------------------------------------------------------------------------------------
# Helpers


class CraftError(Exception):
    """An input could not be crafted (openssl or the specimen generator failed)."""


class Result:
    """One `chip verify` run: exit code and its verdict document."""

    def __init__(self, code, doc):
        self.code = code
        self.doc = doc
        self.verdict = doc.get("verdict")
        self.checks = {c["id"]: c for c in doc.get("checks", [])}
        self.fails = {c["id"] for c in doc.get("checks", []) if c["status"] == "fail"}

    def status(self, check_id):
        return self.checks.get(check_id, {}).get("status")

    def why(self, check_id=None):
        """The part of the verdict a failure report needs."""
        text = f"verdict {self.verdict} (exit {self.code}): {self.doc.get('summary')}"
        if check_id is not None and check_id in self.checks:
            text += f"; {check_id}: {self.checks[check_id]['status']}: {self.checks[check_id]['message']}"
        if self.doc.get("error"):
            text += f"; error: {self.doc['error']}"
        return text


class Ctx:
    def __init__(self, binary, tmp):
        self.binary = binary
        self.tmp = tmp
        self.tally = Tally()
        self.specimens = {}
        self._serial = 0

    def path(self, name):
        self._serial += 1
        return os.path.join(self.tmp, f"{self._serial:03d}-{name}")

    def check(self, ok, what):
        return self.tally.check(ok, what)


def verify(ctx, args, what, timeout=TIMEOUT):
    """Runs `mrtd chip verify ARGS` and checks what every run must satisfy: it ends in time, prints
    one JSON verdict that validates against the schemas, and exits with the verdict's code."""
    try:
        code, out, err = run(ctx.binary, ["chip", "verify"] + args, timeout=timeout)
    except subprocess.TimeoutExpired:
        ctx.check(False, f"{what}: no answer within {timeout} s")
        return None
    try:
        doc = json.loads(out)
    except json.JSONDecodeError:
        ctx.check(False, f"{what}: no JSON verdict (exit {code}): {err.strip()[:400]}")
        return None
    errors = schema_errors(doc)
    ctx.check(not errors, f"{what}: schema: {errors[:3]}")
    result = Result(code, doc)
    ctx.check(code == EXIT_FOR.get(result.verdict),
              f"{what}: exit {code} for verdict {result.verdict}")
    return result


def expect(ctx, result, what, verdict=None, fail=(), status=None, not_valid=False):
    """Asserts on one run: the verdict (a string or a set), checks that must fail, checks with
    given statuses ({id: status or set}), or merely that the verdict is not valid."""
    if result is None:
        ctx.check(False, f"{what}: no verdict to judge")
        return False
    ok = True
    if verdict is not None:
        allowed = {verdict} if isinstance(verdict, str) else set(verdict)
        ok &= ctx.check(result.verdict in allowed,
                        f"{what}: verdict {result.verdict}, expected {sorted(allowed)}: {result.why()}")
    if not_valid:
        ok &= ctx.check(result.verdict in ("invalid", "indeterminate"),
                        f"{what}: accepted ({result.why()})")
    for check_id in fail:
        ok &= ctx.check(result.status(check_id) == "fail",
                        f"{what}: {check_id} is {result.status(check_id)}, expected fail: {result.why(check_id)}")
    for check_id, wanted in (status or {}).items():
        allowed = {wanted} if isinstance(wanted, str) else set(wanted)
        ok &= ctx.check(result.status(check_id) in allowed,
                        f"{what}: {check_id} is {result.status(check_id)}, expected {sorted(allowed)}: {result.why(check_id)}")
    return ok


def ossl(*args, stdin=None):
    proc = subprocess.run(["openssl", *args], input=stdin, capture_output=True, timeout=60)
    if proc.returncode != 0:
        raise CraftError(f"openssl {' '.join(args[:2])}: {proc.stderr.decode(errors='replace').strip()[:300]}")
    return proc.stdout


SHA256_ALGORITHM = tlv(0x30, bytes.fromhex("0609608648016503040201"))


MD5_ALGORITHM = tlv(0x30, bytes.fromhex("06082a864886f70d0205"))


def build_lso(entries, version=0, algorithm=SHA256_ALGORITHM):
    """An LDSSecurityObject (Doc 9303-10 §4.6.2): [(dg number, hash bytes)], SHA-256 unless
    another AlgorithmIdentifier is given."""
    hashes = b"".join(tlv(0x30, tlv(0x02, bytes([dg])) + tlv(0x04, value)) for dg, value in entries)
    return tlv(0x30, tlv(0x02, bytes([version])) + algorithm + tlv(0x30, hashes))


def wrap_sod(content_info):
    """EF.SOD: tag 0x77 and a DER length around the CMS ContentInfo."""
    return tlv(0x77, content_info)


def unwrap_sod(sod):
    tag, header, length = read_header(sod)
    if tag != 0x77:
        raise CraftError("the specimen EF.SOD does not start with 0x77")
    return sod[header:header + length]


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def read(path):
    with open(path, "rb") as f:
        return f.read()


def chip_dir(ctx, name, base, sod=None, replace=None, drop=()):
    """A chip folder: the LDS files of `base` (EF.COM, DGn), the given EF.SOD bytes (else the
    base's), files replaced by name ({"DG1.bin": bytes}) or dropped."""
    folder = ctx.path(name)
    os.makedirs(folder)
    for entry in sorted(os.listdir(base)):
        if (entry == "EF_COM.bin" or (entry.startswith("DG") and entry.endswith(".bin"))
                or entry == "EF_SOD.bin") and entry not in drop:
            shutil.copy(os.path.join(base, entry), folder)
    if sod is not None:
        write(os.path.join(folder, "EF_SOD.bin"), sod)
    for entry, data in (replace or {}).items():
        write(os.path.join(folder, entry), data)
    return folder


def specimen(ctx, name, *args):
    """`mrtd specimen chip --out DIR ARGS`: its JSON summary plus the folder as `dir`."""
    out = os.path.join(ctx.tmp, name)
    code, stdout, err = run(ctx.binary, ["specimen", "chip", "--out", out, *args], timeout=60)
    if code != 0:
        raise CraftError(f"specimen {name} ({' '.join(args)}): exit {code}: {err.strip()[:300]}")
    info = json.loads(stdout)
    info["dir"] = out
    return info


def file_of(spec, name):
    return os.path.join(spec["dir"], name)


def trust_args(spec, crl=True):
    args = ["--trust", file_of(spec, "csca.pem")]
    if crl:
        args += ["--trust", file_of(spec, "crl.pem")]
    return args


def cms_sign(ctx, content, signers, *extra, econtent_type=LDS_OID):
    """A CMS SignedData over `content` by openssl, wrapped as EF.SOD. signers: (cert, key) pairs."""
    source = write(ctx.path("econtent.der"), content)
    out = ctx.path("signed.der")
    args = ["cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-md", "sha256",
            "-econtent_type", econtent_type, "-in", source, "-out", out]
    for cert, key in signers:
        args += ["-signer", cert, "-inkey", key]
    ossl(*args, *extra)
    return wrap_sod(read(out))


def genuine_lso(ctx, spec):
    """The eContent (DER LDSSecurityObject) of a genuine specimen's EF.SOD, as openssl reads it."""
    content_info = write(ctx.path("content-info.der"), unwrap_sod(read(file_of(spec, "EF_SOD.bin"))))
    out = ctx.path("lso.der")
    ossl("cms", "-verify", "-noverify", "-inform", "DER", "-in", content_info, "-out", out)
    lso = read(out)
    if lso[:1] != b"\x30":
        raise CraftError("the extracted eContent is not a SEQUENCE")
    return lso


def issue_dsc(ctx, spec, name, extensions, subject="/C=UT/O=Government of Utopia/OU=Passport Office/CN=Utopia Document Signer 9"):
    """A certificate for the specimen's DSC key, issued with the specimen CSCA's key and the
    given extension lines (openssl x509 -req)."""
    key = file_of(spec, "dsc.TEST-ONLY.key.pem")
    csr = ctx.path(f"{name}.csr")
    ossl("req", "-new", "-key", key, "-subj", subject, "-out", csr)
    ext = write(ctx.path(f"{name}.ext"), ("\n".join(extensions) + "\n").encode())
    cert = ctx.path(f"{name}.pem")
    ossl("x509", "-req", "-in", csr, "-CA", file_of(spec, "csca.pem"),
         "-CAkey", file_of(spec, "csca.TEST-ONLY.key.pem"), "-set_serial", "0x5C0CAFE",
         "-days", "3650", "-sha256", "-extfile", ext, "-out", cert)
    return cert, key


def self_signed(ctx, name, subject, serial, key=None, ca=False):
    """A self-signed certificate with the given subject and serial, for `key` or a fresh RSA
    key: an end-entity signer (digitalSignature) or a CA (keyCertSign)."""
    usage = "keyCertSign,cRLSign" if ca else "digitalSignature"
    config = write(ctx.path(f"{name}.cnf"), (
        "[req]\ndistinguished_name=dn\nx509_extensions=ext\nprompt=no\n[dn]\nCN=unused\n[ext]\n"
        f"basicConstraints=critical,CA:{'TRUE' if ca else 'FALSE'}\nkeyUsage=critical,{usage}\n"
        "subjectKeyIdentifier=hash\n").encode())
    cert = ctx.path(f"{name}.pem")
    if key is None:
        key = ctx.path(f"{name}.key.pem")
        source = ["-newkey", "rsa:2048", "-nodes", "-keyout", key]
    else:
        source = ["-key", key]
    ossl("req", "-x509", "-config", config, *source, "-subj", subject, "-set_serial", serial,
         "-days", "3650", "-sha256", "-out", cert)
    return cert, key


def rsa_modulus(key):
    text = ossl("rsa", "-in", key, "-noout", "-modulus").decode().strip()
    return int(text.split("=", 1)[1], 16)


def aa_response(ctx, key, challenge, sha256=False):
    """The chip's Active Authentication answer: ISO/IEC 9796-2 scheme 1 (partial recovery),
    F = 0x6A || M1 || H(M1 || challenge) || trailer (0xBC for SHA-1, 0x34CC for SHA-256),
    raw RSA with the AA private key."""
    n = rsa_modulus(key)
    k = (n.bit_length() + 7) // 8
    digest, trailer = (hashlib.sha256, b"\x34\xcc") if sha256 else (hashlib.sha1, b"\xbc")
    m1 = RNG.randbytes(k - 1 - digest().digest_size - len(trailer))
    f = b"\x6a" + m1 + digest(m1 + challenge).digest() + trailer
    if len(f) != k or int.from_bytes(f, "big") >= n:
        raise CraftError("AA message representative does not fit the modulus")
    source = write(ctx.path("aa-f.bin"), f)
    out = ctx.path("aa-s.bin")
    # The raw private-key operation s = F^d mod n. `pkeyutl -sign` refuses an input longer than
    # a hash in OpenSSL 3.0; `-decrypt` without padding is the same operation without that check.
    ossl("pkeyutl", "-decrypt", "-inkey", key, "-pkeyopt", "rsa_padding_mode:none",
         "-in", source, "-out", out)
    return read(out)


def crafted(ctx, what, body):
    """Runs one crafted scenario; a crafting failure is a test failure, not a silent skip."""
    try:
        body()
    except (CraftError, DerError) as e:
        ctx.check(False, f"{what}: could not craft the input: {e}")
