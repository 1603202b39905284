#pragma once

// The Logical Data Structure's elementary files (ICAO Doc 9303-10 §4): identification by tag
// and file name, the outer TLV, EF.COM and DG1.

#include "core/result.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::chip {

using ByteView = std::span<const std::uint8_t>;
using Bytes = std::vector<std::uint8_t>;

/// Largest LDS file mrtd reads (DG2 with a large face image stays well below).
inline constexpr std::size_t k_max_file_size = 16 * 1024 * 1024;

/// An LDS elementary file: EF.COM, EF.SOD, or data group 1..16 (`dg` = number).
struct FileId {
  enum class Kind : std::uint8_t { com, sod, dg } kind = Kind::dg;
  int dg = 0; ///< 1..16 when kind == dg

  friend bool operator==(const FileId&, const FileId&) = default;
};

/// The file's tag (9303-10 Table 35): 0x60 EF.COM, 0x77 EF.SOD, 0x61 DG1, 0x75 DG2, 0x63 DG3,
/// 0x76 DG4, 0x65..0x70 DG5..DG16.
std::uint8_t tag_of(FileId file) noexcept;
std::optional<FileId> file_from_tag(std::uint8_t tag) noexcept;

/// Recognises the naming schemes of chip readers: `EF.COM`, `EF_COM.bin`, `COM.bin`, `EF.SOD`,
/// `EF_SOD.bin`, `SOD`, `DG1.bin`, `EF_DG1.bin`, `EF.DG1`, `dg1`, `Datagroup1.bin`,
/// `DataGroup1.bin` (case-insensitive; any extension). nullopt when the name says nothing.
std::optional<FileId> file_from_name(std::string_view file_name) noexcept;

/// True when the name's extension marks a file that is no LDS file: certificates, keys and
/// CRLs (`.pem .crt .cer .crl .key .p12 .pfx .csr`), images (`.jpg .jpeg .jp2 .j2k .png`), text
/// (`.txt .json .ndjson .md .ldif`), whatever comes before it (`DG2.jpg` too).
bool has_other_extension(std::string_view file_name) noexcept;

/// has_other_extension() for a name that file_from_name() does not know. A folder's such
/// files (mrtd specimen's certificates, extracted faces) need not be read for their tag.
bool names_other_file(std::string_view file_name) noexcept;

/// `EF.COM`, `EF.SOD`, `DG1` ...
std::string to_string(FileId file);

/// One BER-TLV (ISO/IEC 7816-4 / X.690): tag bytes, definite length (1..4 length bytes).
struct Tlv {
  std::uint32_t tag = 0;      ///< the tag bytes big-endian (e.g. 0x5F1F)
  std::size_t header_size = 0;
  ByteView value;
  std::size_t total_size = 0; ///< header + value
};

/// Reads the TLV at the start of `bytes`. Errors: malformed (truncated, indefinite length,
/// length beyond the input), limit_exceeded (length field over k_max_file_size).
Result<Tlv> read_tlv(ByteView bytes);

/// Reads consecutive TLVs filling `bytes` exactly (errors as read_tlv; max 4096 items).
Result<std::vector<Tlv>> read_tlv_list(ByteView bytes);

/// EF.COM (9303-10 §4.6.1).
struct Com {
  std::string lds_version;     ///< tag 5F01, e.g. `0107`
  std::string unicode_version; ///< tag 5F36, e.g. `040000`
  std::vector<FileId> files;   ///< tag 5C, the data groups present
};

/// Parses EF.COM. Errors: malformed.
Result<Com> parse_com(ByteView file);

/// DG1's MRZ (tag 0x61 { 5F1F mrz }) as the MRZ engine's input: 88 characters for TD3 become
/// two lines of 44, TD1 three of 30, TD2 two of 36, joined by '\n'. Errors: malformed.
Result<std::string> dg1_mrz(ByteView file);

} // namespace mrtd::chip
