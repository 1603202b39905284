#pragma once

// Internal: the signature schemes of seals over raw bytes (barcodes.md §1.4, §2, §3, §4):
// ECDSA with r||s (not DER) and RSASSA-PSS (DCC PS256), through OpenSSL's EVP interface.

#include "barcode/payload.hpp"
#include "pki/detail/ossl.hpp"

#include <string>

namespace mrtd::seal::detail {

struct SignatureCheck {
  bool valid = false;
  std::string algorithm; ///< as verified, e.g. `ECDSA brainpoolP224r1 with SHA-224`
  std::string message;   ///< why it failed
};

/// The digest ICAO VDS uses for an EC key (by the size of its group order): <=224 SHA-224,
/// <=256 SHA-256, <=384 SHA-384, else SHA-512 (P-521 included, barcodes.md P8).
const EVP_MD* digest_by_curve_size(int bits);

/// Verifies `signature` (raw r||s or PSS) over `data` with `key` as `algorithm` says.
SignatureCheck verify_raw(EVP_PKEY* key, barcode::SignatureAlgorithm algorithm,
                          barcode::ByteView data, barcode::ByteView signature);

/// A short name of the key's curve (`prime256v1`, `brainpoolP256r1`) or `RSA 2048`.
std::string key_name(EVP_PKEY* key);

} // namespace mrtd::seal::detail
