#pragma once

// Active Authentication, checked offline from a recorded challenge and response
// (ICAO Doc 9303-11 §6.1; pa.md §3).

#include "chip/lds.hpp"

#include <optional>
#include <string>

namespace mrtd::chip {

enum class AaStatus {
  valid,      ///< the response verifies for the challenge with DG15's key
  invalid,    ///< it does not
  unsupported ///< DG15 holds a key type/scheme mrtd cannot check (message says which)
};

struct AaResult {
  AaStatus status = AaStatus::invalid;
  std::string algorithm; ///< e.g. `RSA ISO/IEC 9796-2 scheme 1, SHA-256`, `ECDSA SHA-256 (plain r||s)`
  std::string message;
};

/// Verifies `response` to `challenge` with DG15's key (`dg15` = the whole file, tag 0x6F).
/// RSA: ISO/IEC 9796-2 scheme 1 with partial recovery, trailer 0xBC (SHA-1) or the two-byte
/// trailers xxCC (SHA-1/224/256/384/512), with the n - s case. ECDSA: plain r||s or DER, the
/// hash from DG14's ActiveAuthenticationInfo (`dg14`, whole file) or by key size when absent.
/// Errors: malformed (DG15/DG14 unparsable).
Result<AaResult> verify_active_authentication(ByteView dg15, std::optional<ByteView> dg14,
                                              ByteView challenge, ByteView response);

} // namespace mrtd::chip
