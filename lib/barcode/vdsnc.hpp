#pragma once

// ICAO VDS for non-constrained environments (VDS-NC, barcodes.md §2): a JSON document
// {"data":{"hdr":{"t","v","is"},"msg":{...}},"sig":{"alg","cer","sigvl"}} in a QR code. The
// signature covers the RFC 8785 canonical form of `data`, not the received text (P13).

#include "barcode/payload.hpp"

#include <string>
#include <string_view>

namespace mrtd::barcode {

/// Decodes one VDS-NC document (PayloadKind::vds_nc). The Payload has profile = hdr.t
/// (`icao.vacc`, `icao.test`, ...), issuing_state = hdr.is, header fields `hdr.t`, `hdr.v`,
/// `hdr.is`, `sig.alg`, and fields `msg` (Field::Kind::json: its compact JSON text) followed by
/// the flattened `msg.uvci` / `msg.utci`, `msg.pid.n`, `msg.pid.dob`, `msg.pid.i`, `msg.pid.dn`
/// where present. SignatureInfo: algorithm from sig.alg (ES256/384/512), signed_data = the
/// canonical `data`, signature = sigvl and certificate = cer (base64url, padding optional; the
/// standard base64 alphabet is a quirk). An unknown sig.alg leaves the signature out and adds a
/// problem. Errors: malformed (not JSON, duplicate member names, a required member missing or of
/// the wrong type, bad base64url), limit_exceeded (text over 64 KiB). Never throws.
Result<Payload> decode_vdsnc(ByteView payload);

/// The bytes to sign for `data_json` (the value of `data`): its RFC 8785 canonical form. Errors:
/// malformed (not JSON, duplicate names), invalid_argument (not an object with `hdr` and `msg`
/// objects).
Result<std::string> vdsnc_signed_data(std::string_view data_json);

/// The complete VDS-NC document, canonical as a whole: {"data":<canonical data>,"sig":{"alg":
/// "ES256|ES384|ES512","cer":<base64url DER>,"sigvl":<base64url r||s>}} (base64url without
/// padding). Errors as vdsnc_signed_data(), and invalid_argument for an algorithm other than
/// ecdsa_sha256/384/512 or an empty certificate or signature.
Result<std::string> vdsnc_document(std::string_view data_json, SignatureAlgorithm algorithm,
                                   ByteView cert_der, ByteView raw_rs);

} // namespace mrtd::barcode
