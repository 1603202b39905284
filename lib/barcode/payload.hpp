#pragma once

// Travel-document barcode payloads, decoded from their bytes (barcodes.md §1-§4): ICAO Visible
// Digital Seals (Doc 9303-13), VDS-NC, the ICAO Datastructure for Barcode (IDB), EU DCC, IATA
// BCBP, AAMVA. Standard library only (plus nlohmann-json headers and mrtd_zlib): no OpenSSL, no
// image code. Signatures are verified in lib/seal; this module only says what is signed, by whom
// and with what.

#include "core/date.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::barcode {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

/// What a payload is, from its first bytes (barcodes.md P16).
enum class PayloadKind {
  vds,       ///< ICAO VDS: binary, magic byte 0xDC
  vds_nc,    ///< ICAO VDS-NC: JSON with `data` and `sig`
  idb,       ///< ICAO IDB: `RDB1`/`NDB1` + flag + base32
  dcc,       ///< EU Digital COVID Certificate: `HC1:` + base45
  bcbp,      ///< IATA Bar Coded Boarding Pass (Resolution 792): `M` + leg count
  aamva,     ///< AAMVA DL/ID card: `@` LF RS CR `ANSI `
  two_d_doc, ///< French 2D-Doc / CEV: ASCII `DC` + version digits (identified, not decoded)
  text,      ///< anything else that is printable UTF-8
  binary     ///< anything else
};

/// The JSON name of a kind: `icao_vds`, `icao_vds_nc`, `icao_idb`, `eu_dcc`, `iata_bcbp`,
/// `aamva`, `fr_2d_doc`, `text`, `binary`.
const char* to_string(PayloadKind kind) noexcept;

/// Recognises the kind from the magic bytes only (no full parse).
PayloadKind classify(ByteView payload) noexcept;

/// One decoded item of a payload, in payload order. Names are stable snake_case keys, the same
/// that the builders (seal make) take; repeated names are allowed (e.g. several TLVs of one tag).
struct Field {
  enum class Kind {
    text, ///< human-readable text (C40, UTF-8, digits); MRZ lines joined by '\n'
    hex,  ///< bytes shown as upper-case hex (unknown or binary features)
    json  ///< a JSON text, embedded as JSON in the report (VDS-NC msg, DCC claims)
  };
  std::string name;
  std::string value;
  Kind kind = Kind::text;
  std::optional<int> tag; ///< the TLV tag it came from, where the format has tags
};

/// How a payload names its signer certificate (barcodes.md §1.5, §3, §4).
enum class ReferenceKind {
  none,        ///< no reference: the certificate is embedded (VDS-NC), or absent
  serial_hex,  ///< VDS: signer id (C + CN) + serial number in hex, leading zeros insignificant
  sha1_hex,    ///< VDS signer `DEZV` (TR-03171): SHA-1 of the certificate DER, 40 hex digits
  sha1_tail5,  ///< IDB: the last 5 bytes of SHA-1 of the certificate DER, 10 hex digits
  sha256_head8 ///< DCC: kid = the first 8 bytes of SHA-256 of the certificate DER, 16 hex digits
};

/// The signature algorithm a payload declares.
enum class SignatureAlgorithm {
  ecdsa_by_curve,    ///< VDS: ECDSA, hash chosen by the key's field size (224/256/384/512)
  ecdsa_sha256,      ///< IDB 0x01, VDS-NC ES256, COSE -7
  ecdsa_sha384,      ///< IDB 0x02, VDS-NC ES384, COSE -35
  ecdsa_sha512,      ///< IDB 0x03, VDS-NC ES512, COSE -36
  rsassa_pss_sha256  ///< COSE -37 (PS256, salt 32)
};

/// What is signed and how: everything lib/seal needs to verify a payload's signature. ECDSA
/// signatures are raw r||s (each half the field size), never DER.
struct SignatureInfo {
  SignatureAlgorithm algorithm = SignatureAlgorithm::ecdsa_by_curve;
  Bytes signed_data; ///< exactly the bytes the signature covers (VDS: header||message zone;
                     ///< IDB: header||0x61 TLV; VDS-NC: RFC 8785 form of `data`; DCC: Sig_structure)
  Bytes signature;   ///< raw r||s, or the RSASSA-PSS signature
  std::optional<Bytes> certificate; ///< a signer certificate (DER) carried in the payload
  std::string signer_id;            ///< VDS: 4 characters, subject C + CN (e.g. `DETS`)
  std::string reference;            ///< as written: serial hex / SHA-1 hex / 10 or 16 hex digits
  ReferenceKind reference_kind = ReferenceKind::none;
  std::optional<CivilDate> signing_date; ///< VDS signature creation date, IDB signature date
};

/// A decoded payload of any kind.
struct Payload {
  PayloadKind kind = PayloadKind::binary;
  std::string profile;       ///< e.g. `icao.visa`, `icao.etd`, `bsi.arrival_attestation`,
                             ///< `icao.vacc` (VDS-NC type), `idb`, `dcc`, `bcbp`, `aamva`;
                             ///< `unknown` for an unregistered VDS document type
  std::string issuing_state; ///< alpha-3 as written in the payload (`D<<` for Germany), if any
  std::optional<CivilDate> issue_date;  ///< VDS document issue date
  std::vector<Field> header; ///< header items (version, document type reference, ...)
  std::vector<Field> fields; ///< decoded message content, in payload order
  std::optional<std::string> mrz; ///< MRZ lines joined by '\n', truncated lines padded with '<'
  std::vector<std::string> quirks; ///< tolerated deviations, one sentence each (barcodes.md P5-P7)
  std::vector<std::string> problems; ///< features that break the profile (missing, bad length)
  std::optional<SignatureInfo> signature; ///< absent when the format or payload is unsigned
};

/// Decodes any payload: dispatches on classify(). `text`, `binary` and `two_d_doc` give a
/// Payload with no fields. Errors: malformed (truncated, trailing bytes, bad encoding),
/// limit_exceeded (lengths beyond the documented limits). Never throws.
Result<Payload> decode(ByteView payload);

/// Upper-case hex of `bytes`.
std::string to_hex(ByteView bytes);

} // namespace mrtd::barcode
