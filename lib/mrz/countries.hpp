#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mrtd::mrz {

/// Where a three-character MRZ state code comes from (Doc 9303-3 §5).
enum class CountryKind {
  iso,       ///< ISO 3166-1 alpha-3
  icao,      ///< an ICAO-only code: D, GBD..GBS, RKS, EUE, UNO/UNA/UNK, X.. codes, IAO
  withdrawn, ///< deleted from ISO 3166-1 but kept by ICAO for old documents (ANT, NTZ)
  specimen,  ///< UTO, the fictitious state of ICAO specimens
  unknown    ///< none of the above
};

/// A state code looked up.
struct CountryInfo {
  CountryKind kind = CountryKind::unknown;
  std::string_view alpha2; ///< ISO or Doc 9303 two-letter code; empty when none exists
  std::string_view name;   ///< English short name; empty when unknown
};

/// Looks up an MRZ state field as written, i.e. three characters with right-hand fillers
/// (`D<<`, `UTO`). A field with fillers anywhere but on the right is unknown.
CountryInfo lookup_country(std::string_view field) noexcept;

/// lookup_country(field).kind, without fetching the code's names (the MRZ engine's per-record
/// question; only a full verdict needs the name).
CountryKind country_kind(std::string_view field) noexcept;

/// The MRZ field (three characters, padded with `<`) for a user-supplied code: an MRZ code
/// of 1-3 letters (`D`, `UTO`, `DEU`) or an ISO alpha-2 code (`DE` -> `D<<`, as Doc 9303
/// lists Germany). nullopt when the code is neither.
std::optional<std::string> country_field(std::string_view code);

} // namespace mrtd::mrz
