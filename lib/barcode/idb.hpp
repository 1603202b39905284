#pragma once

// The ICAO Datastructure for Barcode (IDB, barcodes.md §3): `RDB1` (legacy `NDB1`) + a flag
// character (A plain, B signed, C zlib-compressed, D signed and compressed) + RFC 4648 base32
// without padding. The payload is a header (country, and when signed the signature algorithm,
// certificate reference and signature date), the message group TLV 0x61, an optional signer
// certificate TLV 0x7E and the signature TLV 0x7F (raw r||s).

#include "barcode/payload.hpp"
#include "core/date.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mrtd::barcode {

/// Decodes one IDB barcode text (PayloadKind::idb). The Payload has profile `idb`, the country
/// as written (`D<<`) in issuing_state, header fields (`identifier`, `flag`, `country`, and when
/// signed `signature_algorithm`, `certificate_reference`, `signature_date`), one field per message
/// in payload order, named as the builder takes them:
///   `visa.mrz_mrva`, `visa.mrz_mrvb`, `visa.number_of_entries`, `visa.duration_of_stay` (hex),
///   `visa.passport_number`, `visa.visa_type` (hex), `visa.additional_feature` (hex) — the
///   content of the visa container 0x01; `etd.mrz` — the ETD container 0x02;
///   `proof_of_testing`, `proof_of_vaccination`, `proof_of_recovery`,
///   `digital_travel_authorization`, `ef_card_access` (hex); `mrz_td1`, `mrz_td3`, `can`;
///   for Germany (`D<<`) the national tags 0x80..0x86: `face_image` (hex), `mrz_td2`,
///   `document_reference`, `azr`, `expiry_date` (masked date, `x` for unknown digits),
///   `document_number`, `national_document_identifier` (decimal);
///   anything else `message` (hex) with its tag (inside a container: `visa.message`).
/// MRZ fields are lines joined by '\n' with C40 spaces shown as `<`; the first MRZ also goes to
/// Payload::mrz. When signed, SignatureInfo holds header||0x61 TLV as signed data,
/// ReferenceKind::sha1_tail5 and the signature date. Quirks: `NDB1`, algorithm byte 0x00 (read
/// as ECDSA-SHA256, the 0-based numbering of early encoders: barcodes.md P11). Errors:
/// malformed (bad identifier or flag, base32, zlib, truncated header or TLV, no message group,
/// trailing bytes), limit_exceeded (text over 16 KiB or payload inflating over 1 MiB).
/// Never throws.
Result<Payload> decode_idb(ByteView payload);

/// What an IDB barcode is built from.
struct IdbBuild {
  std::string country;  ///< 3 characters, `<` or space padded (`D<<`, `UTO`)
  bool compress = true; ///< zlib-compress the payload (flag C/D)
  SignatureAlgorithm algorithm = SignatureAlgorithm::ecdsa_sha256; ///< ecdsa_sha256/384/512
  Bytes certificate_reference; ///< 5 bytes: the last 5 bytes of SHA-1 of the signer DER
  CivilDate signing_date;      ///< written as a masked date with no digit masked
  std::vector<Field> messages; ///< names (and tags for `message`) as decode_idb produces them
  std::optional<Bytes> embed_certificate; ///< signer certificate DER for TLV 0x7E
};

/// The bytes to sign: header (country, algorithm, reference, date) || message group TLV 0x61.
/// Consecutive `visa.*` / `etd.*` fields form one container message. Errors: invalid_argument
/// (country not 3 C40 characters, reference not 5 bytes, algorithm not ECDSA-SHA256/384/512,
/// an unknown field name without a tag, a value that does not fit its coding).
Result<Bytes> idb_signed_data(const IdbBuild& build);

/// The complete barcode text `RDB1B...` / `RDB1D...`: signed data, the optional certificate
/// TLV, the signature TLV 0x7F with `raw_rs`, compressed when asked, base32 without padding.
/// Errors as idb_signed_data(), invalid_argument for an empty or odd-sized `raw_rs`, and
/// limit_exceeded if the payload cannot be compressed.
Result<std::string> idb_finish(const IdbBuild& build, ByteView raw_rs);

/// An unsigned barcode text `RDB1A...` / `RDB1C...` (header = country only); the signature
/// members of `build` are ignored. Errors as idb_signed_data().
Result<std::string> idb_unsigned(const IdbBuild& build);

} // namespace mrtd::barcode
