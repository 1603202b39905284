#pragma once

// The JSON Canonicalization Scheme (JCS, RFC 8785): the byte form over which a VDS-NC signature
// is computed (barcodes.md §2, P13). Members are sorted by the UTF-16 code units of their names,
// no whitespace is emitted, numbers use the ECMAScript (ES6) Number-to-String form and strings
// the minimal escapes of RFC 8785 §3.2.2.2.

#include "core/result.hpp"

#include <string>
#include <string_view>

namespace mrtd::barcode {

/// The canonical (RFC 8785) UTF-8 form of the JSON text `json` (RFC 8259, I-JSON). Errors:
/// malformed (not JSON, trailing text, invalid UTF-8, lone surrogates, duplicate member names —
/// I-JSON forbids them and a verifier must not pick one silently), limit_exceeded (nesting
/// deeper than 64 or more than 1 MiB of text), unsupported (a number outside the IEEE 754 double
/// range). Never throws.
Result<std::string> jcs_canonicalize(std::string_view json);

/// The ES6 Number-to-String form of `value` (RFC 8785 §3.2.2.3): shortest round-trip digits,
/// plain notation for 1e-6 <= |value| < 1e21, otherwise `d.ddde+N`; -0 is "0". Errors:
/// unsupported for NaN and infinities, which JSON cannot carry.
Result<std::string> jcs_number(double value);

} // namespace mrtd::barcode
