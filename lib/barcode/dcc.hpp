#pragma once

// EU Digital COVID Certificate (barcodes.md §4): `HC1:` + base45 (RFC 9285) of a zlib stream
// (RFC 1950) of a COSE_Sign1 (RFC 8152, tag 18, optionally inside CWT tag 61) whose payload is a
// CWT (RFC 8392) with claims 1 iss, 4 exp, 6 iat and -260 {1: DCC JSON}.

#include "barcode/payload.hpp"

namespace mrtd::barcode {

/// Decodes one `HC1:` text (PayloadKind::dcc). The Payload has profile `dcc`, issuing_state =
/// the CWT issuer claim as written, an ISO 3166-1 **alpha-2** code (not alpha-3 as elsewhere);
/// header fields `cose_tags` (e.g. `61,18`), `alg` (e.g. `-7 ES256`), `alg_header` and
/// `kid_header` (`protected` or `unprotected`: the protected one wins, barcodes.md P12), `kid`
/// (hex), `iss`, `iat`, `exp` (`YYYY-MM-DDTHH:MM:SSZ`); fields `dcc` (Field::Kind::json, the
/// claim -260/1) then `dcc.ver`, `dcc.nam.fn`, `dcc.nam.gn`, `dcc.dob`, `dcc.certificate_type`
/// (`v`, `t`, `r`; comma-separated when several) and `dcc.ci` (the first entry's UVCI).
/// SignatureInfo: algorithm (-7 ES256, -35 ES384, -36 ES512, -37 PS256), signed_data = the
/// Sig_structure, the raw signature, reference = kid hex with ReferenceKind::sha256_head8,
/// signing_date = the date of iat. Quirks: payload not zlib-compressed, kid in both headers with
/// different values. An unknown or missing alg leaves the signature out and adds a problem.
/// Errors: malformed (no `HC1:` prefix, base45, zlib, CBOR, not a 4-element COSE_Sign1, claims
/// not a map), unsupported (another context prefix such as `HC2:`, other COSE tags, a detached
/// payload), limit_exceeded (text over 16 KiB, inflating over 1 MiB, CBOR limits).
/// Never throws.
Result<Payload> decode_dcc(ByteView payload);

/// The COSE Sig_structure of a COSE_Sign1 (RFC 8152 §4.4): the CBOR array ["Signature1",
/// protected (as received, a bstr), external_aad h'', payload (a bstr)] with definite lengths.
Bytes cose_sign1_sig_structure(ByteView protected_header, ByteView payload);

} // namespace mrtd::barcode
