#pragma once

// Internal: the VDS document types and their features (barcodes.md §1.6), shared by the
// decoder (vds.cpp) and the builder (vds_build.cpp). The tables live in vds_profiles.cpp.

#include "barcode/payload.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::barcode::detail {

enum class Coding : std::uint8_t {
  c40,       // C40 text; spaces stay spaces
  mrz,       // C40 MRZ; spaces shown as '<'; split into two lines
  utf8,      // UTF-8 text
  number,    // one byte, shown in decimal
  duration,  // three bytes: days, months, years (ICAO visa duration of stay)
  hex,       // bytes, shown as upper-case hex
  date,      // three-byte VDS date MMDDYYYY, shown as YYYY-MM-DD
  timestamp, // four-byte big-endian Unix time (KURZ), shown as YYYY-MM-DDTHH:MM:SSZ
  uint_le,   // little-endian unsigned of exactly `min` bytes (KURZ), decimal
  uint_be    // big-endian unsigned (TR-03171 status index), decimal
};

struct FeatureDef {
  std::uint8_t tag;
  const char* name;
  Coding coding;
  std::uint16_t min; // bytes
  std::uint16_t max; // bytes
  bool required;
  std::uint8_t line = 0;   // mrz: characters per MRZ line (44 MRV-A, 36 MRV-B / TD2 size)
  std::uint8_t stored = 0; // mrz: characters the seal holds (line 2 may be truncated)
};

struct ProfileDef {
  std::uint16_t document_type;
  const char* name;
  std::span<const FeatureDef> features;
  bool closed;  // tags outside the table are a problem (ICAO/BSI) or normal (TR-03171, KURZ)
  bool one_mrz; // icao.visa: exactly one of the MRZ features (MRV-A tag 1, MRV-B tag 2)
};

/// The profile name of a document type no table lists.
inline constexpr const char* k_unknown_profile = "unknown";

/// Every listed document type, builder default first where a name has several (bsi.tr03171).
std::span<const ProfileDef> vds_profile_table();

/// The profile of `document_type` (featureRef<<8 | category), or nullptr.
const ProfileDef* find_vds_profile(std::uint16_t document_type);

/// The features of `profile`, plus those of the TR-03171 v0.8 profile that `uuid` (the value of
/// tag 0) names, where known.
std::vector<const FeatureDef*> vds_feature_table(const ProfileDef& profile, ByteView uuid);

/// The features of `profile` with those of every profile-UUID extension it knows (for listing).
std::vector<const FeatureDef*> vds_all_features(const ProfileDef& profile);

/// "6 bytes" or "1 to 4 bytes".
std::string byte_range(std::uint16_t min, std::uint16_t max);

/// One TLV of a VDS message zone, as read from the payload.
struct VdsTlv {
  std::uint8_t tag = 0;
  ByteView value;
  std::size_t offset = 0; ///< position of the tag byte in the payload
};

/// What the features of one message zone say under the profile of their document type.
struct VdsFeatures {
  std::string profile;               ///< e.g. `icao.visa`; `unknown` for an unlisted type
  std::vector<Field> fields;         ///< in payload order, each with its tag
  std::optional<std::string> mrz;    ///< the MRZ feature, lines joined by '\n'
  std::vector<std::string> problems; ///< missing, repeated, wrongly sized or undecodable features
};

/// Applies the profile of `document_type` to `tlvs`. Never fails: whatever does not fit the
/// profile becomes a hex field and a problem sentence.
VdsFeatures decode_vds_features(std::uint16_t document_type, std::span<const VdsTlv> tlvs);

/// Appends a DER length (short form below 128, else 0x81..0x88 + big-endian bytes).
void append_der_length(Bytes& out, std::size_t length);

} // namespace mrtd::barcode::detail
