#pragma once

// zlib streams (RFC 1950) for IDB and EU DCC payloads, through the inflater of stb_image and the
// deflater of stb_image_write (libstb-dev), so that no further dependency is needed.

#include "core/result.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace mrtd::zlib {

/// Inflates a complete zlib stream (2-byte header, deflate data, Adler-32). Errors: malformed
/// (bad header, corrupt data, checksum, trailing bytes are tolerated by stb and not reported),
/// limit_exceeded when the output would exceed `max_output` bytes.
Result<std::vector<std::uint8_t>> inflate(std::span<const std::uint8_t> stream,
                                          std::size_t max_output);

/// Deflates `data` into a zlib stream (highest compression stb offers).
std::vector<std::uint8_t> deflate(std::span<const std::uint8_t> data);

} // namespace mrtd::zlib
