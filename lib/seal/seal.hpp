#pragma once

// Verification and signing of travel-document seals (ICAO VDS, VDS-NC, IDB; EU DCC verified
// only): the signature over what the payload signs, the signer certificate found in the trust
// store (or carried in the payload), its chain to a CSCA, validity at the verification time, and
// the document's own rules (profile features, the MRZ inside). barcodes.md §1-§4.

#include "barcode/payload.hpp"
#include "core/date.hpp"
#include "core/verdict.hpp"
#include "mrz/mrz.hpp"
#include "pki/certificate.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mrtd::pki {
class TrustStore;
}

namespace mrtd::seal {

using barcode::ByteView;
using barcode::Bytes;

struct VerifyOptions {
  UnixTime at = 0;                        ///< verification time (the CLI's --at)
  std::optional<std::string> printed_mrz; ///< --mrz: the sticker's printed MRZ
};

/// The result of verify(): the verdict plus the data it rests on.
struct Report {
  Verdict verdict;
  std::optional<barcode::Payload> payload; ///< absent when the payload could not be decoded
  bool signature_trusted = false; ///< signature, signer and chain verified: content may be relied on
  std::vector<pki::CertificateSummary> certificates; ///< signer first, then its CSCA
  std::optional<mrz::Report> mrz; ///< the seal's MRZ through the MRZ engine
};

/// A memo for verifying many seals against one trust store (seal verify with several inputs,
/// batches): signer chains, CRL and validity judgements per signer certificate, and the
/// certificates seals carry, decoded once. Tied to the one TrustStore it is used with, which
/// must outlive it. Thread-safe.
class VerifyCache {
public:
  VerifyCache();
  ~VerifyCache();
  VerifyCache(const VerifyCache&) = delete;
  VerifyCache& operator=(const VerifyCache&) = delete;

  /// Chain judgements answered from the memo, and made.
  std::size_t hits() const noexcept;
  std::size_t misses() const noexcept;

  struct Impl;
  Impl& impl() noexcept { return *m_impl; }

private:
  std::unique_ptr<Impl> m_impl;
};

/// Verifies one payload (the bytes of a barcode) against `trust` at `options.at`. Never throws.
/// Not a seal, or undecodable: error verdict. BCBP and AAMVA decode but carry no verifiable
/// signature: their verdict is indeterminate at best. Outcome: invalid iff a check failed; valid
/// only when the signature, the signer certificate, its chain and the country all passed.
/// `cache`, when given, memoises signer chains and embedded certificates across calls.
Report verify(ByteView payload, const pki::TrustStore& trust, const VerifyOptions& options,
              VerifyCache* cache = nullptr);

/// A signing key with its certificate, for `seal make` and specimens.
struct Signer {
  Bytes private_key_pem; ///< PEM (PKCS#8 or traditional) EC or RSA private key
  Bytes certificate_der; ///< the signer certificate matching the key
};

/// Raw r||s (ECDSA, each half the size of the group order) or an RSASSA-PSS signature of
/// `data`, as `algorithm` says (ecdsa_by_curve: hash by the key's size, barcodes.md §1.4).
/// ECDSA signatures are randomised (OpenSSL's default nonce). Errors: invalid_argument for
/// an unusable key or an algorithm that does not fit it.
Result<Bytes> sign(const Signer& signer, barcode::SignatureAlgorithm algorithm, ByteView data);

} // namespace mrtd::seal
