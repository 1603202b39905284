"""Group 4 of chip_verify_test.py: the SignerInfo of a genuine specimen's EF.SOD edited in place
(der.py), re-signed with the specimen DSC's key where the attack needs a valid signature, to
show what a strict verifier must refuse:

  - signed attributes duplicated (RFC 5652 §11: one messageDigest, one contentType, at most one
    signingTime) or one attribute holding two values: which one would a lax parser read?
  - RSASSA-PSS parameters (MGF1 hash, salt length, hash) that differ from those the signature
    was made with: the parameters the SignerInfo names must be the ones verified with;
  - ECDSA r or s of zero, equal to the group order n, or r + n (equal to r modulo n).

Each attack has a control built by the same code path that must stay valid, so a failure comes
from the one thing changed, not from the crafting."""

import hashlib

from chip_craft import (AT, CraftError, chip_dir, crafted, expect, file_of, ossl, read, trust_args,
                        verify, write)
from der import integer, parse, tlv

SHA256_OID = bytes.fromhex("0609608648016503040201")
SHA512_OID = bytes.fromhex("0609608648016503040203")
MGF1_OID = bytes.fromhex("06092a864886f70d010108")
PSS_OID = bytes.fromhex("06092a864886f70d01010a")
MESSAGE_DIGEST_OID = bytes.fromhex("06092a864886f70d010904")
CONTENT_TYPE_OID = bytes.fromhex("06092a864886f70d010903")
SIGNING_TIME_OID = bytes.fromhex("06092a864886f70d010905")
NULL = bytes.fromhex("0500")
# The order n of P-256 (SEC 2 §2.4.2).
P256_ORDER = int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)

HASHES = {"sha256": SHA256_OID, "sha512": SHA512_OID}


class Sod:
    """EF.SOD as a DER tree, with its one SignerInfo at hand."""

    def __init__(self, data):
        self.root = parse(data)  # 0x77 { ContentInfo }, DER throughout
        signed_data = self.root.children[0].child(0xA0).children[0]
        signer_infos = signed_data.children[-1]
        if signer_infos.tag != 0x31 or len(signer_infos.children) != 1:
            raise CraftError("expected one SignerInfo in the last SET of SignedData")
        self.signer_info = signer_infos.children[0]
        self.attributes = self.signer_info.child(0xA0)
        # SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm,
        # signature.
        at = self.signer_info.children.index(self.attributes)
        self.signature_algorithm = self.signer_info.children[at + 1]
        self.signature = self.signer_info.children[at + 2]
        if self.signature.tag != 0x04:
            raise CraftError("no signature OCTET STRING after the signature algorithm")

    def attribute(self, oid):
        """The Attribute SEQUENCE whose type is `oid`."""
        found = [a for a in self.attributes.children if a.children[0].encode() == oid]
        if len(found) != 1:
            raise CraftError(f"{len(found)} attributes of type {oid.hex()}")
        return found[0]

    def sort_attributes(self):
        """DER order (SET OF: by encoding), for the attributes and each one's values: OpenSSL
        re-encodes signedAttrs that way before hashing them."""
        for attribute in self.attributes.children:
            attribute.children[1].children.sort(key=lambda value: value.encode())
        self.attributes.children.sort(key=lambda attribute: attribute.encode())

    def signed_bytes(self):
        """What the signature covers: signedAttrs with the SET tag (RFC 5652 §5.4)."""
        return tlv(0x31, self.attributes.content())

    def encode(self):
        return self.root.encode()


def sign(ctx, data, key, sigopts=()):
    """openssl dgst -sha256 -sign: PKCS#1 v1.5 or, with sigopts, PSS for RSA; DER ECDSA for EC."""
    source = write(ctx.path("to-sign.der"), data)
    out = ctx.path("signature.bin")
    options = [item for opt in sigopts for item in ("-sigopt", opt)]
    ossl("dgst", "-sha256", "-binary", "-sign", key, *options, "-out", out, source)
    return read(out)


def algorithm(oid):
    return tlv(0x30, oid + NULL)


def pss_algorithm(hash_oid, mgf_oid, salt):
    """RSASSA-PSS AlgorithmIdentifier (RFC 4055 §3.1) with every parameter explicit."""
    params = (tlv(0xA0, algorithm(hash_oid)) +
              tlv(0xA1, tlv(0x30, MGF1_OID + algorithm(mgf_oid))) +
              tlv(0xA2, integer(salt)))
    return parse(tlv(0x30, PSS_OID + tlv(0x30, params)))


def group_signer_info(ctx):
    attributes(ctx)
    pss(ctx)
    ecdsa(ctx)


def attributes(ctx):
    genuine = ctx.specimens["genuine"]
    g = genuine["dir"]
    key = file_of(genuine, "dsc.TEST-ONLY.key.pem")
    sod_bytes = read(file_of(genuine, "EF_SOD.bin"))

    def judge(name, sod, what, **expected):
        folder = chip_dir(ctx, name, g, sod=sod.encode())
        expect(ctx, verify(ctx, [folder, *trust_args(genuine), "--at", AT], what), what, **expected)

    def resigned(edit):
        sod = Sod(sod_bytes)
        edit(sod)
        sod.sort_attributes()
        sod.signature.body = sign(ctx, sod.signed_bytes(), key)
        return sod

    def forged_digest_value():
        return tlv(0x04, hashlib.sha256(b"another LDSSecurityObject").digest())

    def body():
        # Control: the signed attributes parsed, re-sorted and re-signed here, nothing added.
        judge("attrs-control", resigned(lambda sod: None), "signed attributes re-signed unchanged",
              verdict="valid")

        # A second messageDigest attribute naming another eContent: a parser that reads the
        # last one would accept a swapped LDSSecurityObject.
        def second_digest(sod):
            sod.attribute(MESSAGE_DIGEST_OID)  # the genuine one stays
            other = parse(tlv(0x30, MESSAGE_DIGEST_OID + tlv(0x31, forged_digest_value())))
            sod.attributes.children.append(other)
        what = "two messageDigest attributes"
        judge("attrs-two-digests", resigned(second_digest), what, verdict="invalid",
              fail=["chip.sod.signed_attributes", "chip.sod.signature"])

        # The same messageDigest attribute twice (both right): still not one instance.
        def same_digest_twice(sod):
            sod.attributes.children.append(parse(sod.attribute(MESSAGE_DIGEST_OID).encode()))
        what = "messageDigest attribute repeated"
        judge("attrs-repeated-digest", resigned(same_digest_twice), what, verdict="invalid",
              fail=["chip.sod.signed_attributes"])

        # Two contentType attributes.
        def two_content_types(sod):
            other = parse(tlv(0x30, CONTENT_TYPE_OID + tlv(0x31, tlv(0x06, bytes.fromhex("2a0304")))))
            sod.attributes.children.append(other)
        what = "two contentType attributes"
        judge("attrs-two-types", resigned(two_content_types), what, verdict="invalid",
              fail=["chip.sod.signed_attributes"])

        # One messageDigest attribute with two values (the genuine digest and another).
        def two_values(sod):
            values = sod.attribute(MESSAGE_DIGEST_OID).children[1]
            values.children.append(parse(forged_digest_value()))
        what = "messageDigest attribute with two values"
        judge("attrs-two-values", resigned(two_values), what, verdict="invalid",
              fail=["chip.sod.signed_attributes"])

        # Two signingTime attributes (at most one is allowed; which time would count?).
        def two_signing_times(sod):
            other = parse(tlv(0x30, SIGNING_TIME_OID + tlv(0x31, tlv(0x17, b"250101000000Z"))))
            sod.attributes.children.append(other)
        what = "two signingTime attributes"
        judge("attrs-two-times", resigned(two_signing_times), what, verdict="invalid",
              fail=["chip.sod.signed_attributes"])
    crafted(ctx, "duplicated signed attributes", body)


def pss(ctx):
    spec = ctx.specimens["pss"]
    folder_of = spec["dir"]
    key = file_of(spec, "dsc.TEST-ONLY.key.pem")
    sod_bytes = read(file_of(spec, "EF_SOD.bin"))

    def made(mgf, salt, claimed_hash="sha256", claimed_mgf=None, claimed_salt=None):
        """The specimen's SignerInfo re-signed with PSS (SHA-256, MGF1-`mgf`, salt `salt`),
        its AlgorithmIdentifier claiming the given parameters (default: the true ones)."""
        sod = Sod(sod_bytes)
        if sod.signature_algorithm.children[0].encode() != PSS_OID:
            raise CraftError("the pss specimen's SignerInfo is not RSASSA-PSS")
        sod.signature.body = sign(ctx, sod.signed_bytes(), key, (
            "rsa_padding_mode:pss", f"rsa_pss_saltlen:{salt}", f"rsa_mgf1_md:{mgf}"))
        claimed = pss_algorithm(HASHES[claimed_hash], HASHES[claimed_mgf or mgf],
                                salt if claimed_salt is None else claimed_salt)
        at = sod.signer_info.children.index(sod.signature_algorithm)
        sod.signer_info.children[at] = claimed
        return sod

    def judge(name, sod, what, **expected):
        folder = chip_dir(ctx, name, folder_of, sod=sod.encode())
        expect(ctx, verify(ctx, [folder, *trust_args(spec), "--at", AT], what), what, **expected)

    def body():
        # Controls: the parameters the signature was made with, stated explicitly, verify -
        # also the non-default ones, so each failure below is the mismatch alone.
        judge("pss-control", made("sha256", 32), "PSS (SHA-256, MGF1-SHA-256, salt 32) re-signed",
              verdict="valid")
        judge("pss-control-mgf", made("sha512", 20),
              "PSS (SHA-256, MGF1-SHA-512, salt 20) re-signed", verdict="valid")
        for what, sod in (
                ("PSS signed with MGF1-SHA-512, claiming MGF1-SHA-256",
                 made("sha512", 32, claimed_mgf="sha256")),
                ("PSS signed with MGF1-SHA-256, claiming MGF1-SHA-512",
                 made("sha256", 32, claimed_mgf="sha512")),
                ("PSS signed with salt 20, claiming salt 32", made("sha256", 20, claimed_salt=32)),
                ("PSS signed with salt 32, claiming salt 20", made("sha256", 32, claimed_salt=20)),
                ("PSS signed with salt 32, claiming salt 0", made("sha256", 32, claimed_salt=0)),
                ("PSS hash and MGF1 hash swapped (SHA-512 / MGF1-SHA-256 claimed)",
                 made("sha512", 32, claimed_hash="sha512", claimed_mgf="sha256"))):
            judge("pss-swapped", sod, what, verdict="invalid", fail=["chip.sod.signature"])
    crafted(ctx, "RSASSA-PSS parameters", body)


def ecdsa(ctx):
    spec = ctx.specimens["p256"]
    folder_of = spec["dir"]
    sod_bytes = read(file_of(spec, "EF_SOD.bin"))

    def with_values(r, s):
        sod = Sod(sod_bytes)
        sod.signature.body = tlv(0x30, integer(r) + integer(s))
        return sod

    def judge(name, sod, what, **expected):
        folder = chip_dir(ctx, name, folder_of, sod=sod.encode())
        expect(ctx, verify(ctx, [folder, *trust_args(spec), "--at", AT], what), what, **expected)

    def body():
        signature = parse(Sod(sod_bytes).signature.body)
        r, s = (int.from_bytes(value.body, "big") for value in signature.children)
        n = P256_ORDER
        # Control: the genuine r and s, re-encoded here.
        judge("ecdsa-control", with_values(r, s), "ECDSA r and s re-encoded", verdict="valid")
        for what, (new_r, new_s) in (
                ("ECDSA r = 0", (0, s)), ("ECDSA s = 0", (r, 0)), ("ECDSA r = s = 0", (0, 0)),
                ("ECDSA r = n", (n, s)), ("ECDSA s = n", (r, n)),
                ("ECDSA r + n (r modulo n unchanged)", (r + n, s)),
                ("ECDSA s + n (s modulo n unchanged)", (r, s + n)),
                ("ECDSA r and s swapped", (s, r))):
            judge("ecdsa-values", with_values(new_r, new_s), what, verdict="invalid",
                  fail=["chip.sod.signature"])
    crafted(ctx, "ECDSA signature values", body)
