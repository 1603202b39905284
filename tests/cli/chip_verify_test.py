#!/usr/bin/env python3
"""End-to-end tests of `mrtd chip verify` (Passive Authentication from the CLI).

Seven groups, each a function:
  1. samples    - every set of samples/chip/cases.json: verdict, exit code, failing check ids,
                  schemas, the default time (now) and the text and summary formats;
  2. checks     - every check id that can fail is made to fail by a specimen corruption or an
                  input crafted here with the openssl CLI (second SignerInfo, foreign
                  eContentType, LDSSecurityObject v2, no signed attributes, DSC not embedded,
                  misissued DSC, foreign trust store, expired CSCA, printed MRZ mismatch, Active
                  Authentication); warn-only findings leave the verdict valid;
  3. attacks    - data group swaps between genuine documents, a SOD re-signed by an attacker
                  while the genuine DSC is embedded, a self-signed DSC, a rogue foreign CSCA;
  4. signer info - the SignerInfo edited in place (chip_signer_info.py): signed attributes
                  duplicated or multi-valued, RSASSA-PSS parameters that differ from those the
                  signature was made with, ECDSA r or s of zero or not below the group order;
  5. bad input  - unreadable, truncated, oversized and malformed input is an error (exit 2, a
                  JSON verdict `error` with a message) in bounded time; garbage in a data group
                  is a finding (invalid), not an error;
  6. folders    - dump folders read by tag and by name, links followed, certificates and
                  images beside the document unread (images named like data groups count
                  only with an LDS tag), oversized files;
  7. batch      - --batch over the sample sets: input order, verdicts as in single runs.

Specimens are generated once (their keys shared through --keys) and reused. argv[1] is the
mrtd binary; run from the repository root."""

import concurrent.futures
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

from chip_craft import (AT, ALSO_FAILS, MD5_ALGORITHM, RNG, SAMPLES, TIMEOUT, UTOPIA_CSCA,
                        CraftError, Ctx, aa_response, build_lso, chip_dir, cms_sign, crafted,
                        expect, file_of, genuine_lso, issue_dsc, read, self_signed, specimen,
                        trust_args, unwrap_sod, verify, write)
from chip_signer_info import group_signer_info
from common import run, schema_errors
from der import DerError, read_header, tlv



def make_specimens(ctx):
    """Every specimen, once: the genuine one with Active Authentication first (its keys are
    shared by the others, so only it and the foreign CSCAs cost an RSA key generation)."""
    ctx.specimens["genuine"] = specimen(ctx, "genuine", "--aa")
    keys = ctx.specimens["genuine"]["dir"]
    jobs = {f"corrupt-{name}": ["--corrupt", name] for name in
            ("dg1_hash", "dg2_hash", "signature", "message_digest", "content_type_attribute",
             "no_signed_attributes", "inject_dg", "dsc_self_signed", "foreign_csca",
             "foreign_country", "expired_dsc", "revoked", "com_mismatch", "mrz_check_digit")}
    # A signingTime before the DSC's validity (warn only).
    jobs["early-signing"] = ["--signing-time", "2025-03-01T00:00:00Z"]
    # A CSCA that expires while its DSC is still valid: only chip.time.csca can fail.
    jobs["short-csca"] = ["--csca-validity", "2025-01-01/2027-01-01"]
    # A DSC that expired two minutes ago (judged at the default time, now).
    expired = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=2)
    jobs["expired-minutes-ago"] = ["--dsc-validity", f"2025-06-01/{expired.strftime('%Y-%m-%dT%H:%M:%SZ')}"]
    # Two holders, one DSC key (the DG swap attack).
    jobs["holder-a"] = ["--number", "AB1234567", "--surname", "ALPHA", "--given-names", "ADAM"]
    jobs["holder-b"] = ["--number", "XY9876543", "--surname", "BRAVO", "--given-names", "BEA"]
    # The signature algorithms whose parameters and values the signer-info group tampers with.
    jobs["pss"] = ["--algorithm", "pss"]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(specimen, ctx, name, "--keys", keys, *args)
                   for name, args in jobs.items()}
        for name, future in futures.items():
            ctx.specimens[name] = future.result()
    # An EC key cannot come from the genuine (RSA) key folder.
    ctx.specimens["p256"] = specimen(ctx, "p256", "--algorithm", "p256")


# ---------------------------------------------------------------------------------------------
# 1. samples/chip: the shipped sets judge as cases.json says


def group_samples(ctx):
    with open(os.path.join(SAMPLES, "chip", "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)
    ctx.check(len(cases) >= 8, f"samples: only {len(cases)} cases in cases.json")
    for case in cases:
        folder = os.path.join(SAMPLES, case["dir"])
        trust = ["--trust", os.path.join(SAMPLES, case["trust"]),
                 "--trust", os.path.join(SAMPLES, case["crl"])]
        name = f"samples {case['name']}"
        # The recorded verdict, and exactly the recorded failing checks (none for genuine sets).
        result = verify(ctx, [folder, *trust, "--at", case["at"]], name)
        if not expect(ctx, result, name, verdict=case["verdict"]):
            continue
        ctx.check(result.fails == set(case["fails"]),
                  f"{name}: failing checks {sorted(result.fails)}, expected {case['fails']}: {result.why()}")
        if case["corruption"] is None:
            ctx.check(not result.fails, f"{name}: a genuine set has failing checks {sorted(result.fails)}")
            ctx.check(result.doc["data"]["sod"]["trusted"] is True, f"{name}: data.sod.trusted is not true")
            # Without --at the verification time is now, still inside the sample's validity.
            expect(ctx, verify(ctx, [folder, *trust], f"{name} (now)"), f"{name} (now)", verdict="valid")
        # The human formats carry the same verdict and exit code.
        for fmt in ("text", "summary"):
            code, out, err = run(ctx.binary, ["chip", "verify", folder, *trust, "--at", case["at"],
                                              "--format", fmt, "--color", "never"], timeout=TIMEOUT)
            ctx.check(code == result.code, f"{name} --format {fmt}: exit {code}, json said {result.code}")
            if case["verdict"] == "valid":
                ctx.check("VALID" in out and "INVALID" not in out,
                          f"{name} --format {fmt}: no VALID in {out[:200]!r}")
            else:
                ctx.check("INVALID" in out, f"{name} --format {fmt}: no INVALID in {out[:200]!r}")
            if fmt == "text" and case["fails"]:
                ctx.check(all(check in out for check in case["fails"]),
                          f"{name} --format text does not name {case['fails']}")


# ---------------------------------------------------------------------------------------------
# 2. every check id that can fail, fails


def group_checks(ctx):
    genuine = ctx.specimens["genuine"]
    g = genuine["dir"]
    at = ["--at", AT]

    # Baseline: the genuine specimen (with DG15) is valid with its CSCA and CRL and has no fail;
    # every scenario below differs from it in one thing.
    result = verify(ctx, [g, *trust_args(genuine), *at], "genuine specimen")
    expect(ctx, result, "genuine specimen", verdict="valid")
    if result is not None:
        ctx.check(not result.fails, f"genuine specimen: failing checks {sorted(result.fails)}")

    # Every corruption of the specimen generator fails the check its JSON summary names, and
    # nothing else (expired_dsc: --at after the DSC's notAfter, before the CSCA's; revoked: the
    # CRL is in the store).
    for name, spec in ctx.specimens.items():
        if not name.startswith("corrupt-"):
            continue
        corruption = name[len("corrupt-"):]
        named = [c["fails"] for c in spec["corruptions"] if c["name"] == corruption]
        if not ctx.check(len(named) == 1, f"specimen {corruption}: summary names no failing check: {spec['corruptions']}"):
            continue
        what = f"corruption {corruption}"
        result = verify(ctx, [spec["dir"], *trust_args(spec), *at], what)
        if expect(ctx, result, what, verdict="invalid", fail=[named[0]]):
            extra = result.fails - {named[0]} - ALSO_FAILS.get(corruption, set())
            ctx.check(not extra, f"{what}: also fails {sorted(extra)}: {result.why()}")

    # expired_dsc is valid when judged at its signing time: the time is the only thing wrong.
    spec = ctx.specimens["corrupt-expired_dsc"]
    what = "expired_dsc judged at its signingTime"
    expect(ctx, verify(ctx, [spec["dir"], *trust_args(spec), "--at", spec["signing_time"]], what), what,
           verdict="valid", status={"chip.time.dsc": "pass"})
    # revoked without the CRL: nothing says so (warn), so the CRL is what makes it fail.
    spec = ctx.specimens["corrupt-revoked"]
    what = "revoked DSC without the CRL"
    expect(ctx, verify(ctx, [spec["dir"], *trust_args(spec, crl=False), *at], what), what,
           verdict="valid", status={"chip.revocation": "warn"})

    lso_holder = {}

    def lso():
        if "lso" not in lso_holder:
            lso_holder["lso"] = genuine_lso(ctx, genuine)
        return lso_holder["lso"]

    dsc = (file_of(genuine, "dsc.pem"), file_of(genuine, "dsc.TEST-ONLY.key.pem"))
    csca = (file_of(genuine, "csca.pem"), file_of(genuine, "csca.TEST-ONLY.key.pem"))

    # Control for the crafted SODs: the genuine eContent re-signed by openssl with the genuine
    # DSC is valid, so each failure below comes from the one thing changed.
    def resigned():
        folder = chip_dir(ctx, "resigned", g, sod=cms_sign(ctx, lso(), [dsc]))
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], "re-signed control"),
               "re-signed control", verdict="valid")
    crafted(ctx, "re-signed control", resigned)

    # chip.sod.structure: two SignerInfos (a second signer could smuggle its own attributes;
    # Doc 9303 allows exactly one).
    def two_signers():
        folder = chip_dir(ctx, "two-signers", g, sod=cms_sign(ctx, lso(), [dsc, csca]))
        what = "two SignerInfos"
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what,
               verdict="invalid", fail=["chip.sod.structure"])
    crafted(ctx, "two SignerInfos", two_signers)

    # Algorithm confusion: the SOD's AlgorithmIdentifiers rewritten after signing, the signature
    # bytes untouched. OIDs of one family differ only in their last byte, so the DER keeps its
    # shape and only the claim changes.
    def patched(sod, old, new, which):
        """sod with the OID `old` replaced by `new` at the occurrences `which` picks (a function
        of the list of offsets) — never inside the eContent's own LSO."""
        offsets, start = [], 0
        while (at := sod.find(old, start)) >= 0:
            offsets.append(at)
            start = at + 1
        chosen = which(offsets)
        if not chosen:
            raise CraftError(f"OID {old.hex()} not found where expected ({len(offsets)} occurrences)")
        out = bytearray(sod)
        for at in chosen:
            out[at:at + len(new)] = new
        return bytes(out)

    sha256_oid = bytes.fromhex("0609608648016503040201")
    sha512_oid = bytes.fromhex("0609608648016503040203")
    rsa_oid = bytes.fromhex("06092a864886f70d010101")
    pss_oid = bytes.fromhex("06092a864886f70d01010a")

    # digestAlgorithm claims SHA-512 (in SignedData.digestAlgorithms and the SignerInfo: the first
    # and last SHA-256 OIDs; the LSO's own hashAlgorithm, in between, stays) while messageDigest
    # and the signature were made with SHA-256.
    def digest_claims_sha512():
        sod = patched(cms_sign(ctx, lso(), [dsc]), sha256_oid, sha512_oid,
                      lambda found: [found[0], found[-1]] if len(found) >= 3 else [])
        folder = chip_dir(ctx, "digest-sha512", g, sod=sod)
        what = "digestAlgorithm SHA-512 over a SHA-256 signature"
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what, verdict="invalid",
               fail=["chip.sod.message_digest", "chip.sod.signature"])
    crafted(ctx, "digestAlgorithm SHA-512 over a SHA-256 signature", digest_claims_sha512)

    # The SignerInfo's signatureAlgorithm (openssl writes rsaEncryption: the last rsaEncryption
    # OID; the others are the embedded certificates' keys) turned into RSASSA-PSS without
    # parameters: a PKCS#1 v1.5 signature must not verify as PSS with defaulted parameters.
    def pkcs1_claims_pss():
        sod = patched(cms_sign(ctx, lso(), [dsc]), rsa_oid, pss_oid, lambda found: found[-1:])
        folder = chip_dir(ctx, "pkcs1-as-pss", g, sod=sod)
        what = "PKCS#1 v1.5 signature labelled RSASSA-PSS"
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what, verdict="invalid",
               fail=["chip.sod.signature"])
    crafted(ctx, "PKCS#1 v1.5 signature labelled RSASSA-PSS", pkcs1_claims_pss)

    # chip.sod.content_type: a signed object that is not an LDS Security Object (1.2.3.4) must
    # not be taken for one.
    def foreign_type():
        folder = chip_dir(ctx, "econtent-type", g, sod=cms_sign(ctx, lso(), [dsc], econtent_type="1.2.3.4"))
        what = "eContentType 1.2.3.4"
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what,
               verdict="invalid", fail=["chip.sod.content_type"])
    crafted(ctx, "eContentType 1.2.3.4", foreign_type)

    # chip.sod.lds_security_object: signed eContent that is no LDSSecurityObject.
    def not_lso():
        content = tlv(0x30, tlv(0x02, b"\x00") + tlv(0x04, b"not an LDSSecurityObject"))
        folder = chip_dir(ctx, "not-lso", g, sod=cms_sign(ctx, content, [dsc]))
        what = "eContent not an LDSSecurityObject"
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what,
               verdict="invalid", fail=["chip.sod.lds_security_object"])
    crafted(ctx, "eContent not an LDSSecurityObject", not_lso)

    # chip.sod.lds_security_object: version 2 (only v0 and v1 exist), otherwise the genuine LSO.
    def lso_v2():
        original = lso()
        _, header, _ = read_header(original)
        if original[header:header + 3] != b"\x02\x01\x00":
            raise CraftError(f"LSO version field is {original[header:header + 3].hex()}, expected 020100")
        v2 = original[:header] + b"\x02\x01\x02" + original[header + 3:]
        folder = chip_dir(ctx, "lso-v2", g, sod=cms_sign(ctx, v2, [dsc]))
        what = "LDSSecurityObject v2"
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what,
               verdict="invalid", fail=["chip.sod.lds_security_object"])
    crafted(ctx, "LDSSecurityObject v2", lso_v2)

    # chip.sod.lds_security_object: a DG listed twice (which hash would count?) and a DG number
    # outside 1..16, in an LSO built here (checked to rebuild the genuine one byte for byte).
    def lso_lists():
        entries = [(dg, hashlib.sha256(read(os.path.join(g, f"DG{dg}.bin"))).digest()) for dg in (1, 2, 15)]
        if build_lso(entries) != lso():
            raise CraftError("the LSO built here differs from the specimen's")
        for label, listing in (
                ("DG1 listed twice", [(1, bytes(32))] + entries),
                ("DG number 0", entries + [(0, bytes(32))]),
                ("DG number 17", entries + [(17, bytes(32))])):
            folder = chip_dir(ctx, "lso-list", g, sod=cms_sign(ctx, build_lso(listing), [dsc]))
            what = f"LDSSecurityObject with {label}"
            expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what,
                   verdict="invalid", fail=["chip.sod.lds_security_object"])
        # A hash algorithm Doc 9303 does not allow (MD5): nothing it lists can be trusted.
        md5 = [(dg, hashlib.md5(read(os.path.join(g, f"DG{dg}.bin"))).digest()) for dg in (1, 2, 15)]
        folder = chip_dir(ctx, "lso-md5", g, sod=cms_sign(ctx, build_lso(md5, algorithm=MD5_ALGORITHM), [dsc]))
        what = "LDSSecurityObject with MD5"
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what,
               verdict="invalid", fail=["chip.sod.lds_security_object"])
        # Bytes after the LSO inside the signed eContent.
        folder = chip_dir(ctx, "lso-trailing", g, sod=cms_sign(ctx, build_lso(entries) + b"\x00", [dsc]))
        what = "bytes after the LDSSecurityObject"
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what,
               verdict="invalid", fail=["chip.sod.lds_security_object"])
    crafted(ctx, "LDSSecurityObject listings", lso_lists)

    # chip.sod.signed_attributes: -noattr signs the eContent directly; Doc 9303 requires the
    # signed attributes (the specimen corruption no_signed_attributes is the other case).
    def noattr():
        folder = chip_dir(ctx, "noattr", g, sod=cms_sign(ctx, lso(), [dsc], "-noattr"))
        what = "openssl -noattr"
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what,
               verdict="invalid", fail=["chip.sod.signed_attributes"])
    crafted(ctx, "openssl -noattr", noattr)

    # chip.signer.certificate: the DSC is neither embedded (-nocerts) nor in the store, so there
    # is nothing to verify the signature with.
    def nocerts():
        folder = chip_dir(ctx, "nocerts", g, sod=cms_sign(ctx, lso(), [dsc], "-nocerts"))
        what = "DSC not embedded, not in the store"
        result = verify(ctx, [folder, *trust_args(genuine), *at], what)
        expect(ctx, result, what, verdict="invalid", fail=["chip.signer.certificate"],
               status={"chip.sod.signature": {"skip", "fail"}})
        # The DSC from the store: the signer is found there and the document is valid...
        what = "DSC from the trust store"
        result = verify(ctx, [folder, *trust_args(genuine), "--trust", dsc[0], *at], what)
        expect(ctx, result, what, verdict="valid", status={"chip.signer.certificate": "pass",
                                                           "chip.chain": "pass"})
        if result is not None:
            ctx.check("trust store" in result.checks.get("chip.signer.certificate", {}).get("message", ""),
                      f"{what}: the signer was not found in the store: {result.why('chip.signer.certificate')}")
        # The same with the SignerIdentifier as subjectKeyIdentifier (-keyid): found by key.
        keyid = chip_dir(ctx, "nocerts-keyid", g, sod=cms_sign(ctx, lso(), [dsc], "-nocerts", "-keyid"))
        what = "DSC from the trust store by subjectKeyIdentifier"
        expect(ctx, verify(ctx, [keyid, *trust_args(genuine), "--trust", dsc[0], *at], what), what,
               verdict="valid", status={"chip.signer.certificate": "pass"})
        # ...but a DSC is never an anchor: with only the DSC as trust the chain does not pass.
        what = "only the DSC as trust"
        result = verify(ctx, [folder, "--trust", dsc[0], *at], what)
        expect(ctx, result, what, not_valid=True, status={"chip.signer.certificate": "pass",
                                                          "chip.chain": {"skip", "fail"}})
    crafted(ctx, "DSC not embedded", nocerts)

    # chip.dsc.profile: a certificate issued by the genuine CSCA but not a document signer
    # profile (a CA, or keyCertSign without digitalSignature) must not sign documents.
    def profiles():
        # openssl 3.0 has no -not_before: the issued certificates start now, so they are judged
        # at tomorrow's midnight.
        tomorrow = ["--at", (datetime.datetime.now(datetime.timezone.utc).date()
                             + datetime.timedelta(days=1)).isoformat()]
        variants = {
            "keyCertSign only": ["keyUsage=critical,keyCertSign", "subjectKeyIdentifier=hash",
                                 "authorityKeyIdentifier=keyid"],
            "basicConstraints CA:TRUE": ["basicConstraints=critical,CA:TRUE",
                                         "keyUsage=critical,digitalSignature",
                                         "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid"],
        }
        for label, extensions in variants.items():
            cert, key = issue_dsc(ctx, genuine, label.split()[0], extensions)
            folder = chip_dir(ctx, "profile", g, sod=cms_sign(ctx, lso(), [(cert, key)]))
            what = f"DSC profile: {label}"
            expect(ctx, verify(ctx, [folder, *trust_args(genuine), *tomorrow], what), what,
                   verdict="invalid", fail=["chip.dsc.profile"])
        # Control: the same issuance with the DSC profile is valid.
        cert, key = issue_dsc(ctx, genuine, "good", ["keyUsage=critical,digitalSignature",
                                                     "subjectKeyIdentifier=hash",
                                                     "authorityKeyIdentifier=keyid"])
        folder = chip_dir(ctx, "profile-ok", g, sod=cms_sign(ctx, lso(), [(cert, key)]))
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *tomorrow], "DSC profile control"),
               "DSC profile control", verdict="valid", status={"chip.dsc.profile": "pass"})
        # The default verification time is now (mrtd-chip(1): "--at ... default: now"): this
        # DSC's notBefore is the second openssl issued it, so it is valid now.
        what = "default --at is now (DSC issued seconds ago)"
        expect(ctx, verify(ctx, [folder, *trust_args(genuine)], what), what,
               verdict="valid", status={"chip.time.dsc": "pass"})
    crafted(ctx, "DSC profile", profiles)

    # chip.chain, country rule: the store holds only another state's CSCA (DE) and not Utopia's;
    # the document's state (UT, from DG1) has no CSCA, so there is nothing to judge the DSC
    # against: chain skip, verdict indeterminate (never valid, and not "not trusted").
    foreign = ctx.specimens["corrupt-foreign_country"]
    what = "store with only a foreign CSCA"
    result = verify(ctx, [g, "--trust", file_of(foreign, "csca.pem"), *at], what)
    expect(ctx, result, what, verdict="indeterminate", status={"chip.chain": "skip"})

    # chip.chain: the store holds a CSCA with Utopia's name but another key (the impostor key
    # of the foreign_csca specimen): Utopia has a CSCA in the store and it did not sign this
    # DSC, so the chain fails (not a skip).
    def impostor_anchor():
        spec = ctx.specimens["corrupt-foreign_csca"]
        cert, _ = self_signed(ctx, "impostor-csca", UTOPIA_CSCA, "0x4242",
                              key=file_of(spec, "foreign-csca.TEST-ONLY.key.pem"), ca=True)
        what = "only a CSCA with Utopia's name and another key"
        expect(ctx, verify(ctx, [g, "--trust", cert, *at], what), what,
               verdict="invalid", fail=["chip.chain"])
    crafted(ctx, "impostor CSCA", impostor_anchor)

    # Decision rule: an EF.SOD without any data group proves nothing (indeterminate, not valid).
    what = "EF.SOD without data groups"
    expect(ctx, verify(ctx, ["--sod", file_of(genuine, "EF_SOD.bin"), *trust_args(genuine), *at], what),
           what, verdict="indeterminate")

    # chip.time.csca: the CSCA expired (2027-01-01) while the DSC is still valid.
    short = ctx.specimens["short-csca"]
    what = "CSCA expired"
    result = verify(ctx, [short["dir"], *trust_args(short), "--at", "2028-01-01"], what)
    expect(ctx, result, what, verdict="invalid", fail=["chip.time.csca"],
           status={"chip.time.dsc": "pass"})
    # and the genuine specimen after both expired
    what = "genuine after the CSCA's notAfter"
    expect(ctx, verify(ctx, [g, *trust_args(genuine), "--at", "2035-06-01"], what), what,
           verdict="invalid", fail=["chip.time.csca", "chip.time.dsc"])

    # chip.time.dsc: before the DSC's notBefore.
    what = "before the DSC's notBefore"
    expect(ctx, verify(ctx, [g, *trust_args(genuine), "--at", "2025-03-01"], what), what,
           verdict="invalid", fail=["chip.time.dsc"])

    # chip.time.dsc at the default time: "--at ... default: now" (mrtd-chip(1), --help). A DSC
    # that expired minutes ago must not be accepted for the rest of the day.
    spec = ctx.specimens["expired-minutes-ago"]
    what = "DSC expired minutes ago, default --at (now)"
    expect(ctx, verify(ctx, [spec["dir"], *trust_args(spec)], what), what,
           verdict="invalid", fail=["chip.time.dsc"])
    # The same with now given explicitly as an instant (YYYY-MM-DDTHH:MM:SSZ).
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    what = "DSC expired minutes ago, --at now as an instant"
    expect(ctx, verify(ctx, [spec["dir"], *trust_args(spec), "--at", now], what), what,
           verdict="invalid", fail=["chip.time.dsc"])

    # chip.mrz.match: the printed MRZ of another (valid) document differs from DG1; the
    # matching one passes.
    lines = genuine["mrz"]
    other = [lines[0].replace("ERIKSSON", "ERIKSSUN"), lines[1]]
    what = "printed MRZ of another holder"
    result = verify(ctx, [g, *trust_args(genuine), *at, "--mrz", "\n".join(other)], what)
    expect(ctx, result, what, verdict="invalid", fail=["chip.mrz.match"])
    what = "printed MRZ matches"
    mrz_file = write(ctx.path("mrz.txt"), ("\n".join(lines) + "\n").encode())
    expect(ctx, verify(ctx, [g, *trust_args(genuine), *at, "--mrz", mrz_file], what), what,
           verdict="valid", status={"chip.mrz.match": "pass"})

    # chip.active_authentication: the chip proves possession of DG15's private key by signing
    # the terminal's challenge (ISO/IEC 9796-2 scheme 1).
    def active_authentication():
        key = file_of(genuine, "aa.TEST-ONLY.key.pem")
        challenge = bytes.fromhex("0102030405060708")
        response = aa_response(ctx, key, challenge)
        aa = ["--aa-challenge", challenge.hex()]
        base = [g, *trust_args(genuine), *at]
        what = "AA valid (SHA-1, 0xBC)"
        expect(ctx, verify(ctx, base + aa + ["--aa-response", response.hex()], what), what,
               verdict="valid", status={"chip.active_authentication": "pass", "chip.dg15.hash": "pass"})
        # A response not made by the key.
        flipped = bytearray(response)
        flipped[len(flipped) // 2] ^= 0x01
        what = "AA response with a flipped byte"
        expect(ctx, verify(ctx, base + aa + ["--aa-response", bytes(flipped).hex()], what), what,
               verdict="invalid", fail=["chip.active_authentication"])
        # A replayed response to another challenge.
        what = "AA wrong challenge"
        expect(ctx, verify(ctx, [*base, "--aa-challenge", "0102030405060709",
                                 "--aa-response", response.hex()], what), what,
               verdict="invalid", fail=["chip.active_authentication"])
        # No DG15: no key to check the response with.
        what = "AA without DG15"
        args = ["--sod", file_of(genuine, "EF_SOD.bin"), "--com", file_of(genuine, "EF_COM.bin"),
                "--dg", f"1={file_of(genuine, 'DG1.bin')}", "--dg", f"2={file_of(genuine, 'DG2.bin')}",
                *trust_args(genuine), *at, *aa, "--aa-response", response.hex()]
        expect(ctx, verify(ctx, args, what), what, verdict="invalid",
               fail=["chip.active_authentication"])
        # The two-byte trailer 0x34CC (SHA-256), the response as a file of raw bytes.
        response256 = write(ctx.path("aa-response-sha256.bin"), aa_response(ctx, key, challenge, sha256=True))
        what = "AA valid (SHA-256, 0x34CC)"
        expect(ctx, verify(ctx, base + aa + ["--aa-response", response256], what), what,
               verdict="valid", status={"chip.active_authentication": "pass"})
        # DG15 of another chip (not covered by the SOD): its key proves nothing.
        other_key_dir = chip_dir(ctx, "dg15-swap", g, replace={
            "DG15.bin": read(file_of(genuine, "DG15.bin"))[:-1] + b"\x00"})
        what = "AA with a DG15 not covered by the SOD"
        expect(ctx, verify(ctx, [other_key_dir, *trust_args(genuine), *at, *aa,
                                 "--aa-response", response.hex()], what), what,
               verdict="invalid", fail=["chip.dg15.hash", "chip.active_authentication"])
    crafted(ctx, "Active Authentication", active_authentication)

    # Warn only: a signingTime outside the DSC's validity is reported, the document stays valid.
    early = ctx.specimens["early-signing"]
    what = "signingTime before the DSC's validity"
    expect(ctx, verify(ctx, [early["dir"], *trust_args(early), *at], what), what,
           verdict="valid", status={"chip.time.signing": "warn"})

    # Warn only: a byte after the EF.SOD TLV is ignored with a warning.
    folder = chip_dir(ctx, "trailing", g, sod=read(file_of(genuine, "EF_SOD.bin")) + b"\x00")
    what = "a byte trailing EF.SOD"
    expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what,
           verdict="valid", status={"chip.sod.structure": "warn"})

    # Warn only: no CRL of the CSCA in the store.
    what = "no CRL"
    expect(ctx, verify(ctx, [g, *trust_args(genuine, crl=False), *at], what), what,
           verdict="valid", status={"chip.revocation": "warn"})


# ---------------------------------------------------------------------------------------------
# 3. attacks: each must not be valid


def group_attacks(ctx):
    genuine = ctx.specimens["genuine"]
    g = genuine["dir"]
    at = ["--at", AT]
    a = ctx.specimens["holder-a"]
    b = ctx.specimens["holder-b"]

    # Both holders' documents are genuine and signed with the same DSC key...
    for spec in (a, b):
        what = f"genuine {os.path.basename(spec['dir'])}"
        expect(ctx, verify(ctx, [spec["dir"], *trust_args(spec), *at], what), what, verdict="valid")
    ctx.check(read(file_of(a, "dsc.TEST-ONLY.key.pem")) == read(file_of(b, "dsc.TEST-ONLY.key.pem")),
              "holders A and B do not share the DSC key")

    # ...so a data group swapped between them carries a genuine signature, but not the hash the
    # SOD signs: A's SOD with B's DG1 (B's identity on A's chip), and B's SOD with A's DG1.
    for name, sod_of, dg1_of in (("A's SOD with B's DG1", a, b), ("B's SOD with A's DG1", b, a)):
        folder = chip_dir(ctx, "swap", sod_of["dir"], replace={"DG1.bin": read(file_of(dg1_of, "DG1.bin"))})
        expect(ctx, verify(ctx, [folder, *trust_args(sod_of), *at], name), name,
               verdict="invalid", fail=["chip.dg1.hash"])
    # Another holder's face on A's document (the specimen DG2 depends only on the sex, so a
    # third holder, sex M, supplies it).
    other_face = specimen(ctx, "holder-c", "--keys", g, "--sex", "M")
    face = read(file_of(other_face, "DG2.bin"))
    ctx.check(face != read(file_of(a, "DG2.bin")), "the specimen with --sex M has the same DG2")
    folder = chip_dir(ctx, "swap-dg2", a["dir"], replace={"DG2.bin": face})
    what = "A's SOD with another face (DG2)"
    expect(ctx, verify(ctx, [folder, *trust_args(a), *at], what), what,
           verdict="invalid", fail=["chip.dg2.hash"])

    # The genuine eContent re-signed with an attacker's key while only the genuine DSC is
    # embedded: the signature cannot verify with the DSC's key, whichever certificate the
    # SignerIdentifier names (a random one, or one copying the DSC's issuer and serial).
    def resigned_by_attacker():
        lso = genuine_lso(ctx, genuine)
        for label, subject, serial in (
                ("attacker's own name", "/C=UT/O=Attacker/CN=Attacker", "0x1337"),
                ("issuer and serial of the genuine DSC",
                 UTOPIA_CSCA, "0x05C00001")):
            cert, key = self_signed(ctx, "attacker", subject, serial)
            sod = cms_sign(ctx, lso, [(cert, key)], "-nocerts", "-certfile", file_of(genuine, "dsc.pem"))
            folder = chip_dir(ctx, "attacker", g, sod=sod)
            what = f"re-signed by an attacker ({label}), genuine DSC embedded"
            result = verify(ctx, [folder, *trust_args(genuine), *at], what)
            expect(ctx, result, what, verdict="invalid", fail=["chip.sod.signature"])
            if result is not None:
                ctx.check(result.doc["data"]["sod"]["trusted"] is False,
                          f"{what}: data.sod.trusted is not false")
                ctx.check(not any(result.status(f"chip.dg{n}.hash") == "pass" for n in range(1, 17)),
                          f"{what}: a DG hash passed against an untrusted SOD: {result.why()}")
        # Certificate confusion: the attacker's certificate copies the genuine DSC's issuer and
        # serial and is embedded next to the genuine DSC. Whichever one the SignerIdentifier
        # resolves to, either the signature or the chain fails.
        cert, key = self_signed(ctx, "attacker-twin", UTOPIA_CSCA, "0x05C00001")
        sod = cms_sign(ctx, lso, [(cert, key)], "-certfile", file_of(genuine, "dsc.pem"))
        folder = chip_dir(ctx, "attacker-twin", g, sod=sod)
        what = "attacker certificate with the DSC's issuer and serial, both embedded"
        result = verify(ctx, [folder, *trust_args(genuine), *at], what)
        if expect(ctx, result, what, verdict="invalid"):
            ctx.check(result.fails & {"chip.sod.signature", "chip.chain"},
                      f"{what}: neither signature nor chain fails: {result.why()}")
        # The attacker's certificate embedded too (it is the signer, self-signed): the chain
        # fails instead.
        cert, key = self_signed(ctx, "attacker2", "/C=UT/O=Government of Utopia/OU=Passport Office/CN=Utopia Document Signer 1", "0x05C00001")
        folder = chip_dir(ctx, "attacker-embedded", g, sod=cms_sign(ctx, lso, [(cert, key)]))
        what = "re-signed by an attacker, attacker certificate embedded"
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), *at], what), what,
               verdict="invalid", fail=["chip.chain"])
    crafted(ctx, "attacker re-signing", resigned_by_attacker)

    # A self-signed "DSC" with the genuine subject: it signs correctly, but no CSCA signed it.
    spec = ctx.specimens["corrupt-dsc_self_signed"]
    what = "self-signed DSC with the genuine subject"
    expect(ctx, verify(ctx, [spec["dir"], *trust_args(spec), *at], what), what,
           verdict="invalid", fail=["chip.chain"])
    # ...even when the genuine Utopian CSCA is in the store as well.
    expect(ctx, verify(ctx, [spec["dir"], *trust_args(genuine), *at], what + " (+ genuine CSCA)"),
           what + " (+ genuine CSCA)", not_valid=True)

    # A DSC issued by another state's CSCA for a Utopian document: a rogue or compromised CSCA
    # must not vouch for another state's documents, even when that CSCA is trusted and Utopia's
    # CSCA is in the store too.
    spec = ctx.specimens["corrupt-foreign_country"]
    what = "DSC from another state's CSCA"
    expect(ctx, verify(ctx, [spec["dir"], *trust_args(spec), *at], what), what,
           verdict="invalid", fail=["chip.country"])
    what = "DSC from another state's CSCA (+ Utopia's CSCA)"
    expect(ctx, verify(ctx, [spec["dir"], *trust_args(spec), *trust_args(genuine), *at], what), what,
           verdict="invalid", fail=["chip.country"])

    # An untrusted CSCA with Utopia's name signed the DSC.
    spec = ctx.specimens["corrupt-foreign_csca"]
    what = "DSC from an impostor CSCA with the genuine name"
    expect(ctx, verify(ctx, [spec["dir"], *trust_args(spec), *at], what), what,
           verdict="invalid", fail=["chip.chain"])


# ---------------------------------------------------------------------------------------------
# 4. bad input: errors (exit 2) in bounded time, never a crash


def expect_error(ctx, args, what, message_has=None):
    """Exit 2 with a JSON verdict `error` carrying a message, within TIMEOUT."""
    result = verify(ctx, args, what)
    if result is None:
        return None
    ok = ctx.check(result.verdict == "error" and result.code == 2,
                   f"{what}: verdict {result.verdict}, exit {result.code}, expected error/2: {result.why()}")
    message = (result.doc.get("error") or {}).get("message", "")
    ctx.check(len(message) > 5, f"{what}: no clear error.message: {result.doc.get('error')}")
    if message_has is not None:
        ctx.check(message_has.lower() in message.lower(),
                  f"{what}: error.message {message!r} does not mention {message_has!r}")
    if ok:
        print(f"  {what}: {message}")
    return result


def expect_exit2(ctx, args, what):
    """A usage error: exit 2 (the JSON verdict is optional; if printed it must say error)."""
    try:
        code, out, err = run(ctx.binary, ["chip", "verify"] + args, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        ctx.check(False, f"{what}: no answer within {TIMEOUT} s")
        return
    ctx.check(code == 2, f"{what}: exit {code}, expected 2 ({(out + err).strip()[:300]})")
    if out.strip().startswith("{"):
        try:
            doc = json.loads(out)
            ctx.check(doc.get("verdict") == "error" and not schema_errors(doc),
                      f"{what}: JSON verdict {doc.get('verdict')}, schema {schema_errors(doc)[:2]}")
        except json.JSONDecodeError:
            ctx.check(False, f"{what}: unparsable JSON {out[:200]!r}")
    said = err.strip().splitlines()[0] if err.strip() else ""
    if out.strip().startswith("{"):
        try:
            said = (json.loads(out).get("error") or {}).get("message", said)
        except json.JSONDecodeError:
            pass
    print(f"  {what}: exit {code}: {said[:200]}")


def group_bad_input(ctx):
    genuine = ctx.specimens["genuine"]
    g = genuine["dir"]
    sod = read(file_of(genuine, "EF_SOD.bin"))
    dg1 = file_of(genuine, "DG1.bin")
    trust = trust_args(genuine)
    at = ["--at", AT]

    expect_error(ctx, [os.path.join(ctx.tmp, "no-such-folder"), *trust, *at], "missing folder")
    # A folder of data groups without EF.SOD: nothing to verify against.
    folder = chip_dir(ctx, "dg1-only", g, drop=("EF_SOD.bin", "EF_COM.bin", "DG2.bin", "DG15.bin"))
    expect_error(ctx, [folder, *trust, *at], "DG1-only folder", message_has="EF.SOD")
    expect_error(ctx, [dg1, *trust, *at], "a DG1 file as the path", message_has="EF.SOD")

    def with_sod(name, data):
        path = write(ctx.path(name), data)
        return ["--sod", path, "--dg", f"1={dg1}", *trust, *at]

    expect_error(ctx, with_sod("empty.sod", b""), "empty EF.SOD")
    expect_error(ctx, with_sod("random.sod", RNG.randbytes(1 << 20)), "1 MB of random bytes as EF.SOD")
    # The same behind a well-formed 0x77 wrapper, and behind a SEQUENCE header: the CMS parser
    # gets the garbage.
    expect_error(ctx, with_sod("random77.sod", tlv(0x77, RNG.randbytes(1 << 20))),
                 "0x77 around 1 MB of random bytes")
    expect_error(ctx, with_sod("random30.sod", tlv(0x77, tlv(0x30, RNG.randbytes(1 << 20)))),
                 "0x77 SEQUENCE around 1 MB of random bytes")
    # Length fields far beyond the file (2^31 and 2^63): no allocation, no overflow.
    expect_error(ctx, with_sod("len31.sod", bytes.fromhex("778480000000") + b"\x30\x03\x02\x01\x00"),
                 "0x77 with length 2^31")
    expect_error(ctx, with_sod("len63.sod", bytes.fromhex("77888000000000000000") + b"\x30\x03\x02\x01\x00"),
                 "0x77 with length 2^63")
    expect_error(ctx, with_sod("len-ff.sod", bytes.fromhex("7788ffffffffffffffff") + b"\x30\x80"),
                 "0x77 with length 2^64-1")
    expect_error(ctx, with_sod("truncated.sod", sod[:len(sod) // 2]), "truncated genuine EF.SOD")
    # A genuine CMS in the wrapper but a wrapper length one byte short.
    content = unwrap_sod(sod)
    expect_error(ctx, with_sod("short-wrapper.sod", tlv(0x77, content)[:-1]), "EF.SOD one byte short")
    expect_error(ctx, ["--sod", g, "--dg", f"1={dg1}", *trust, *at], "a folder as --sod")

    garbage = write(ctx.path("garbage.bin"), RNG.randbytes(64))
    expect_exit2(ctx, ["--sod", file_of(genuine, "EF_SOD.bin"), "--dg", f"17={garbage}", *trust, *at], "--dg 17=file")
    expect_exit2(ctx, ["--sod", file_of(genuine, "EF_SOD.bin"), "--dg", f"x={garbage}", *trust, *at], "--dg x=file")
    expect_exit2(ctx, ["--sod", file_of(genuine, "EF_SOD.bin"), "--dg", f"0={garbage}", *trust, *at], "--dg 0=file")
    # Two files for DG1 in one folder: which one was read from the chip is ambiguous.
    folder = chip_dir(ctx, "two-dg1", g, replace={"EF_DG1.bin": read(dg1)})
    expect_exit2(ctx, [folder, *trust, *at], "DG1.bin and EF_DG1.bin in one folder")
    expect_exit2(ctx, [g, "--trust", os.path.join(ctx.tmp, "no-such-csca.pem"), *at], "--trust missing file")
    expect_exit2(ctx, [g, *trust, "--at", "garbage"], "--at garbage")
    expect_exit2(ctx, [g, *trust, "--at", "2026-02-30"], "--at 2026-02-30")

    # Garbage in a data group with a genuine SOD: the SOD is fine, so this is a finding about
    # DG1 (invalid), not an input error, and no crash.
    for label, data in (("NUL bytes", b"\x00" * 93), ("random bytes", RNG.randbytes(93)),
                        ("a DG1 tag with a huge length", bytes.fromhex("61847fffffff5f1f")),
                        ("an empty file", b"")):
        path = write(ctx.path("bad-dg1.bin"), data)
        what = f"DG1 of {label}"
        result = verify(ctx, ["--sod", file_of(genuine, "EF_SOD.bin"), "--dg", f"1={path}",
                              "--dg", f"2={file_of(genuine, 'DG2.bin')}", *trust, *at], what)
        expect(ctx, result, what, verdict="invalid", fail=["chip.dg1.hash", "chip.dg1.mrz"])


# ---------------------------------------------------------------------------------------------
# 6. folders: how a chip reader's dump folder is read


def group_folders(ctx):
    """A folder's files are known by tag or by name; links are followed; what is no regular
    file is passed over; certificates, keys and images are known by extension and not read;
    other files over the size limit are skipped unread, an LDS file over it is an error. Each folder also runs through --batch, with the same verdict."""
    genuine = ctx.specimens["genuine"]
    g = genuine["dir"]
    trust = trust_args(genuine)
    at = ["--at", AT]
    lds = sorted(e for e in os.listdir(g) if e.endswith(".bin"))
    cases = []

    # Files renamed out of every naming scheme: recognised by their own tag (0x60, 0x61, ...).
    renamed = ctx.path("renamed")
    os.makedirs(renamed)
    for i, name in enumerate(lds):
        write(os.path.join(renamed, f"file{i}.dat"), read(os.path.join(g, name)))
    cases.append(("files known by their tag only", renamed, "valid"))

    # Symbolic links to the files, plus a dangling link and a folder named like a data group.
    linked = ctx.path("linked")
    os.makedirs(linked)
    for name in lds:
        os.symlink(os.path.join(g, name), os.path.join(linked, name))
    os.symlink(os.path.join(ctx.tmp, "nowhere.bin"), os.path.join(linked, "DG3.bin"))
    os.makedirs(os.path.join(linked, "DG4.bin"))
    cases.append(("links followed; a dangling link and a folder passed over", linked + "/",
                  "valid"))

    # Certificates, keys and images beside the document are known by extension and not read:
    # here a .pem holding a copy of DG1, which, read for its tag, would be a second DG1.
    beside = chip_dir(ctx, "beside", g)
    write(os.path.join(beside, "extra.pem"), read(file_of(genuine, "DG1.bin")))
    for name in ("csca.pem", "crl.pem"):
        shutil.copy(os.path.join(g, name), beside)
    cases.append(("a .pem holding DG1's bytes and the certificates beside the document", beside,
                  "valid"))
    # Images named like data groups (a face and a signature image saved beside the dump): no
    # LDS tag, so not DG2 (which would be a second DG2) nor DG7 (which the SOD does not list).
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"
    face = chip_dir(ctx, "face", g)
    write(os.path.join(face, "DG2.jpg"), jpeg)
    cases.append(("DG2.jpg holding an image beside DG2.bin", face, "valid"))
    signature = chip_dir(ctx, "signature", g)
    write(os.path.join(signature, "DG7.jpg"), jpeg)
    cases.append(("DG7.jpg holding an image", signature, "valid"))
    big_image = chip_dir(ctx, "big-image", g)
    with open(os.path.join(big_image, "DG5.png"), "wb") as f:
        f.truncate(17 << 20)
    cases.append(("a 17 MiB DG5.png", big_image, "valid"))
    # DG2's own bytes saved as DG2.jpg: known by its tag.
    saved = chip_dir(ctx, "dg2-as-jpg", g, drop=("DG2.bin",))
    write(os.path.join(saved, "DG2.jpg"), read(file_of(genuine, "DG2.bin")))
    cases.append(("DG2's bytes named DG2.jpg", saved, "valid"))
    # A 17 MiB file (sparse) of no known kind: unread when its name is no LDS name ...
    big_other = chip_dir(ctx, "big-other", g)
    with open(os.path.join(big_other, "scan.raw"), "wb") as f:
        f.truncate(17 << 20)
    cases.append(("a 17 MiB non-LDS file beside the document", big_other, "valid"))
    # ... and an error when it is named as an LDS file.
    big_dg = chip_dir(ctx, "big-dg", g)
    with open(os.path.join(big_dg, "DG3.bin"), "wb") as f:
        f.truncate(17 << 20)
    cases.append(("a 17 MiB DG3.bin", big_dg, "error"))

    for what, folder, verdict in cases:
        if verdict == "error":
            result = expect_error(ctx, [folder, *trust, *at], what, message_has="limit")
        else:
            result = verify(ctx, [folder, *trust, *at], what)
            expect(ctx, result, what, verdict=verdict)
        if result is None:
            continue
        code, out, err = run(ctx.binary, ["chip", "verify", "--batch", *trust, *at],
                             stdin=(json.dumps({"path": folder}) + "\n").encode(), timeout=TIMEOUT)
        lines = out.splitlines()
        batch = json.loads(lines[0]) if len(lines) == 1 else {}
        ctx.check(batch.get("verdict") == verdict and code == result.code and
                  batch.get("checks") == result.doc.get("checks"),
                  f"{what}: --batch says {batch.get('verdict')} (exit {code}), the single run "
                  f"{result.verdict} (exit {result.code})")


# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# 7. --batch: many documents through one process


def group_batch(ctx):
    """--batch over the sample sets, several chunks long: the verdicts come in input order, each
    the same as the single run's with the same trust; bad records are errors in place; a batch
    input that cannot be read is reported after the verdicts of the inputs before it."""
    with open(os.path.join(SAMPLES, "chip", "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)
    trust = []
    for case in cases:
        trust += ["--trust", os.path.join(SAMPLES, case["trust"]),
                  "--trust", os.path.join(SAMPLES, case["crl"])]
    at = ["--at", AT]
    single = {}
    for case in cases:
        code, out, err = run(ctx.binary, ["chip", "verify", os.path.join(SAMPLES, case["dir"]),
                                          *trust, *at], timeout=TIMEOUT)
        single[case["dir"]] = json.loads(out)
    records, want = [], []
    for round_ in range(3):  # 3 x (sets + 2 bad records): several chunks in flight
        for case in cases:
            ident = f"{case['name']}-{round_}"
            records.append(json.dumps({"path": os.path.join(SAMPLES, case["dir"]), "id": ident}))
            want.append((ident, single[case["dir"]]["verdict"], case["dir"]))
        records.append(json.dumps({"path": os.path.join(ctx.tmp, "no-such-folder"),
                                   "id": f"missing-{round_}"}))
        want.append((f"missing-{round_}", "error", None))
        records.append('{"id": 1')  # not JSON: an error record under its ordinal
        want.append((str(len(records)), "error", None))
    batch = os.path.join(ctx.tmp, "batch.ndjson")
    with open(batch, "w", encoding="utf-8") as f:
        f.write("\n".join(records) + "\n")
    missing_list = os.path.join(ctx.tmp, "no-such-list.ndjson")
    code, out, err = run(ctx.binary, ["chip", "verify", "--batch", *trust, *at, "--", batch,
                                      missing_list], timeout=TIMEOUT * 4)
    docs = [json.loads(line) for line in out.splitlines()]
    got = [((d.get("input") or {}).get("id"), d.get("verdict")) for d in docs]
    ctx.check(got[:-1] == [(w[0], w[1]) for w in want],
              f"batch: verdicts in input order: {got[:12]} ... expected {[(w[0], w[1]) for w in want][:12]}")
    ctx.check(len(docs) == len(want) + 1 and docs[-1].get("verdict") == "error" and
              (docs[-1].get("input") or {}).get("source") == missing_list,
              f"batch: the unreadable batch input last: {docs[-1] if docs else None}")
    ctx.check(code == 2, f"batch with error records: exit {code}, expected 2")
    ctx.check(any(v == "valid" for _, v, _ in want) and any(v == "invalid" for _, v, _ in want),
              "batch: the samples give both valid and invalid verdicts")
    same = [d.get("checks") == single[w[2]].get("checks") for d, w in zip(docs, want) if w[2]]
    ctx.check(same and all(same), f"batch: {same.count(False)} verdicts differ from the single run's")


def main(binary):
    binary = os.path.abspath(binary)
    with tempfile.TemporaryDirectory(prefix="mrtd-chip-verify-") as tmp:
        ctx = Ctx(binary, tmp)
        try:
            make_specimens(ctx)
        except CraftError as e:
            ctx.check(False, f"specimens: {e}")
            return ctx.tally.finish()
        groups = (("samples", group_samples), ("checks", group_checks),
                  ("attacks", group_attacks), ("signer info", group_signer_info),
                  ("bad input", group_bad_input), ("folders", group_folders),
                  ("batch", group_batch))
        counts = []
        for name, group in groups:
            before = (ctx.tally.passed, ctx.tally.failed)
            print(f"== {name}")
            try:
                group(ctx)
            except (CraftError, DerError) as e:
                ctx.check(False, f"{name}: could not craft an input: {e}")
            counts.append((name, ctx.tally.passed - before[0], ctx.tally.failed - before[1]))
        for name, passed, failed in counts:
            print(f"group {name}: {passed} passed, {failed} failed")
        return ctx.tally.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
