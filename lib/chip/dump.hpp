#pragma once

// `chip dump`: what each LDS file of a chip holds, decoded for humans and machines
// (ICAO Doc 9303-10 §4.6, §4.7; ISO/IEC 19794-5 for DG2). Decoding only: nothing here is
// verified (Passive Authentication is chip::verify()).

#include "chip/chip.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "mrz/mrz.hpp"
#include "pki/certificate.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mrtd::chip {

/// EF.SOD as decoded (not verified): the SOD summary and the embedded certificates.
struct SodDump {
  SodSummary summary;
  std::string content_type_name; ///< e.g. `id-icao-mrtd-security-ldsSecurityObject`
  int signer_count = 0;
  std::vector<pki::CertificateInfo> certificates;
  std::vector<std::string> problems; ///< LSO problems (duplicate DG numbers, ...)
};

/// DG1: the MRZ and what the MRZ engine makes of it.
struct Dg1Dump {
  std::string mrz; ///< lines joined by '\n'
  mrz::Report check;
};

/// One face of DG2: the biometric header template (ISO/IEC 7816-11) and the ISO/IEC 19794-5
/// facial record header, facial information and image information.
struct FaceDump {
  std::vector<std::pair<std::string, std::string>> header; ///< BHT elements by name, hex values
  std::string format_version;   ///< 19794-5 version, e.g. `010`
  int feature_points = 0;
  std::string gender;           ///< `unspecified`, `male`, `female`, `unknown` or the hex code
  std::string eye_colour;
  std::string hair_colour;
  std::uint32_t property_mask = 0;
  std::string expression;
  int pose_yaw = 0;             ///< angles as coded (0 = unspecified; 1..181 = -90..+90)
  int pose_pitch = 0;
  int pose_roll = 0;
  std::string image_type;       ///< `basic`, `full frontal`, `token frontal` or the hex code
  std::string image_data_type;  ///< `JPEG`, `JPEG2000` or the hex code
  int width = 0;
  int height = 0;
  std::string colour_space;
  std::string source_type;
  std::string extension;        ///< `jpg`, `jp2`, `bin` (by the image's own signature)
  Bytes image;                  ///< the image bytes, for the caller to write out
  std::string image_sha256;     ///< lower-case hex
};

/// One data element of DG11/DG12 (9303-10 §4.7.11, §4.7.12).
struct FieldDump {
  std::string tag;                 ///< hex, e.g. `5F0E`
  std::string name;                ///< e.g. `full_name`
  std::optional<std::string> text; ///< the value as text (absent for images and binary data)
  std::size_t size = 0;            ///< value length in bytes
  std::optional<std::string> sha256; ///< of binary values (images), lower-case hex
};

/// One SecurityInfo of DG14 (9303-11 §9.2; BSI TR-03110).
struct SecurityInfo {
  std::string protocol;      ///< dotted OID
  std::string protocol_name; ///< e.g. `id-CA-ECDH-AES-CBC-CMAC-128`; empty when unknown
  /// The decoded members after the OID: `version`, `key_id`, `parameter_id`,
  /// `signature_algorithm` (dotted) with `signature_algorithm_name`, `public_key`, ...
  std::vector<std::pair<std::string, std::string>> fields;
};

/// One file's dump. Which optional member is set follows the file; a part that could not be
/// decoded leaves its member unset and adds an entry to `errors`.
struct FileDump {
  FileId file;
  std::optional<std::string> source; ///< the name the user gave (ChipFiles::names)
  std::size_t size = 0;
  std::string sha256;                ///< of the whole file, lower-case hex
  std::optional<std::string> tag;    ///< the outer tag in hex, when the TLV reads
  std::vector<Error> errors;

  std::optional<Com> com;
  std::optional<SodDump> sod;
  std::optional<Dg1Dump> dg1;
  std::vector<FaceDump> faces;                 ///< DG2
  std::vector<FieldDump> fields;               ///< DG11, DG12
  std::optional<std::vector<SecurityInfo>> security_infos; ///< DG14
  std::optional<pki::KeyInfo> aa_public_key;   ///< DG15
};

/// Every file provided, in the order EF.COM, EF.SOD, DG1..DG16.
struct Dump {
  std::vector<FileDump> files;
};

struct DumpOptions {
  CivilDate reference_date{2000, 1, 1}; ///< "today" for DG1's MRZ check (the CLI passes today)
};

/// Decodes each file of `files`. A file (or part of one) that does not decode becomes an error
/// entry of that file; the dump goes on. Errors: malformed only when `files` holds no file.
Result<Dump> dump(const ChipFiles& files, const DumpOptions& options = {});

} // namespace mrtd::chip
