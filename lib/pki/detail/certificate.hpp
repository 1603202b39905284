#pragma once

// Internal: CertificateInfo from a parsed certificate.

#include "pki/certificate.hpp"
#include "pki/detail/ossl.hpp"

namespace mrtd::pki::detail {

/// Decodes `cert` (borrowed) into plain data.
CertificateInfo describe(const X509* cert);

/// Parses one DER certificate; nullptr when it is not one (the error queue is drained).
X509Ptr parse_der_certificate(ByteView der);

/// The certificate's public key, also for EC keys with explicit domain parameters, which are
/// accepted explicitly (pa.md §4.1) and mapped to the named curve they equal where one does.
EvpPkeyPtr public_key(const X509* cert);

} // namespace mrtd::pki::detail
