#pragma once

// ICAO Visible Digital Seal (Doc 9303-13; BSI TR-03137, TR-03171): the binary payload of a
// DataMatrix that starts with 0xDC (barcodes.md §1). Decoding reads the header (v3 or v4),
// the message zone (TLV features) and the signature zone (tag 0xFF, raw r||s), and names the
// features by the profile of the document type. Building writes conformant seals only: the
// signature itself is made in lib/seal.

#include "barcode/payload.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::barcode {

/// The largest VDS payload decode_vds() examines (64 KiB); a DataMatrix holds far less.
inline constexpr std::size_t k_vds_max_size = 64 * 1024;
/// Largest number of features (TLVs) in a message zone; ICAO and BSI profiles define < 20.
inline constexpr std::size_t k_vds_max_features = 255;

/// Decodes one VDS payload (PayloadKind::vds).
///
/// The header is parsed strictly first; when that fails, the layouts seen in the field are
/// tried (barcodes.md P5-P7: v3 layout under version byte 0x03 and the reverse, version bytes
/// 0x00/0x01, a v4 reference length 0 followed by a reference, a hexadecimal length from signer
/// DEZV, single-byte feature lengths of 128 and more). An alternative is accepted only if the
/// rest is a clean TLV message zone and a 0xFF signature zone that ends exactly at the end of
/// the payload; each accepted deviation is one sentence in Payload::quirks. A seal without a
/// signature zone decodes only under the strict layout, with Payload::signature empty and a
/// sentence in Payload::problems. Features that break the profile (missing, repeated, wrongly
/// sized) are sentences in Payload::problems, not errors.
///
/// Payload: kind vds; profile (`icao.visa`, `bsi.arrival_attestation`, ..., `unknown` with
/// every feature as a hex field `tag_0xNN`); issuing_state (3 characters, `D<<`); issue_date;
/// header fields version, signer_id, certificate_reference, document_type (4 hex digits),
/// signature_date, issue_date; fields in payload order; mrz (lines joined by '\n', truncated
/// visa line 2 padded with '<'); signature (ecdsa_by_curve, signed_data = header || message
/// zone, r||s, signer id, reference as written, serial_hex or sha1_hex, signing date).
///
/// Errors: malformed (with the byte offset where the strict parse failed) for a truncated or
/// garbled payload, trailing bytes, BER lengths other than short, 0x81, 0x82; unsupported for
/// a version byte above 0x03; limit_exceeded above k_vds_max_size. Never throws.
Result<Payload> decode_vds(ByteView payload);

/// What build_vds_unsigned() writes.
struct VdsBuild {
  int version = 4;           ///< 3 (version byte 0x02, fixed 5-character reference) or 4 (0x03)
  std::string issuing_state; ///< 3 characters A-Z or '<' (`D<<`, `UTO`)
  std::string signer_id;     ///< 4 characters A-Z, 0-9: certificate subject C + CN (`DETS`)
  std::string reference;     ///< hex serial (`5B`; v3: at most 5 digits, zero-padded) or,
                             ///< for signer `DEZV`, the 40-hex-digit SHA-1 of the certificate
  CivilDate issue_date;
  CivilDate signing_date;
  std::string profile;       ///< one of vds_profiles(), e.g. `icao.visa`
  std::vector<Field> fields; ///< by the names decode_vds() produces, value text as it shows
                             ///< it (`mrz` as two lines); Field::kind is not consulted
  /// The document type (featureRef<<8 | category): required for profile `unknown`, chooses
  /// between 0x01C8 and 0x01C9 for `bsi.tr03171` (default 0x01C9), otherwise optional and
  /// then it must be the profile's own.
  std::optional<std::uint16_t> document_type;
};

/// Writes header || message zone: exactly the bytes a signature covers. Features are written
/// in the order of VdsBuild::fields. Error invalid_argument naming the member or field for an
/// unknown profile or field name, a value the feature cannot hold, a missing mandatory feature,
/// or a header value out of range; limit_exceeded when no signature would fit in
/// k_vds_max_size. Never throws.
Result<Bytes> build_vds_unsigned(const VdsBuild& build);

/// Appends the signature zone to `unsigned_vds`: tag 0xFF, DER length, `raw_rs` (r||s).
Bytes append_vds_signature(Bytes unsigned_vds, ByteView raw_rs);

/// The profile names build_vds_unsigned() takes (sorted; includes `unknown`).
std::vector<std::string> vds_profiles();

/// The field names of `profile`, table order, each once (for `bsi.tr03171` those of v0.8, v0.9
/// and the profiles their UUIDs name; none for `unknown`, which takes `tag_0xNN` fields, as
/// every profile does for tags it does not name). Error invalid_argument for an unknown profile.
Result<std::vector<std::string>> vds_profile_fields(std::string_view profile);

} // namespace mrtd::barcode
