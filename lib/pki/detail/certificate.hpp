#pragma once

// Internal: CertificateInfo from a parsed certificate.

#include "pki/certificate.hpp"
#include "pki/detail/ossl.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace mrtd::pki::detail {

/// Decodes `cert` (borrowed) into plain data. Never fails: fields OpenSSL cannot decode stay
/// at their defaults.
CertificateInfo describe(const X509* cert);

/// An ASN1_TIME (UTCTime or GeneralizedTime) as seconds since the epoch; 0 when unreadable.
UnixTime unix_time(const ASN1_TIME* time);

/// Parses exactly one DER certificate (no trailing bytes); nullptr when it is not one (the
/// error queue is drained).
X509Ptr parse_der_certificate(ByteView der);

/// The certificate's public key (a new reference), nullptr when OpenSSL cannot decode it. EC
/// keys with explicit domain parameters load as such (pa.md §4.1); OpenSSL 3.0 matches them to
/// the builtin curve they equal, and X509_verify/EVP verification accept them.
EvpPkeyPtr public_key(const X509* cert);

/// True when `cert` has no keyUsage extension or its keyUsage has `bit` (KU_* of x509v3.h).
bool key_usage_allows(const X509* cert, std::uint32_t bit);

/// True when OpenSSL flags `cert` EXFLAG_INVALID (a malformed extension, pa.md §4.6).
bool flagged_invalid(const X509* cert);

/// Upper-case hex of `size` bytes, no separators (the form of SKI/AKI in CertificateInfo).
std::string hex_string(const unsigned char* data, std::size_t size);

/// Lower-case hex SHA-256 of `size` bytes (the form of CertificateInfo::sha256).
std::string sha256_hex(const unsigned char* data, std::size_t size);

} // namespace mrtd::pki::detail
