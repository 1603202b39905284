#pragma once

// Internal: UTF-8 validation for text that a payload carries and the report embeds in JSON
// (VDS UTF-8 features, DCC claims).

#include "barcode/payload.hpp"

#include <string_view>

namespace mrtd::barcode::detail {

/// True when `bytes` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF).
bool is_valid_utf8(ByteView bytes);

inline bool is_valid_utf8(std::string_view text) {
  return is_valid_utf8(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

} // namespace mrtd::barcode::detail
