#pragma once

// Building signed seals from a JSON description (`mrtd seal make`): ICAO VDS (visa, ETD, the BSI
// profiles), VDS-NC and IDB, signed with the signer's key; the payload bytes are rendered by the
// CLI (lib/render). The description format is documented in man/mrtd-seal.1.

#include "seal/seal.hpp"

#include <string>
#include <string_view>

namespace mrtd::seal {

struct Made {
  Bytes payload;       ///< the barcode's bytes (VDS binary; VDS-NC JSON text; IDB `RDB1...` text)
  std::string format;  ///< `vds`, `vds_nc`, `idb`
  std::string symbology; ///< what to render it as: `datamatrix` (VDS) or `qrcode`
};

/// Builds and signs the seal `description` (JSON) asks for. The signer id and certificate
/// reference come from the signer certificate unless the description names them. Errors:
/// invalid_argument (bad JSON, unknown format/profile/field, a value that does not fit, a key
/// that does not match the certificate).
Result<Made> make(std::string_view description, const Signer& signer);

} // namespace mrtd::seal
