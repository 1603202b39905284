#pragma once

// Internal: CMS SignerInfo signature verification as eMRTD data needs it (pa.md §4, §5.4):
// the algorithm comes from the SignerInfo (never the certificate), explicit EC parameters are
// accepted, and RSA PKCS#1 v1.5 DigestInfo without the NULL parameter is accepted and flagged.

#include "core/date.hpp"
#include "pki/detail/ossl.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace mrtd::pki::detail {

struct SignatureResult {
  bool valid = false;
  std::string algorithm; ///< e.g. `ecdsa-with-SHA256`, `RSASSA-PSS (SHA-512, MGF1-SHA-512, salt 64)`
  std::string message;   ///< why it failed, or a note on an accepted quirk
  bool quirk = false;    ///< valid only through a tolerated non-conformance (message says which)
};

/// The parts of a SignerInfo (RFC 5652 §5.3) that its signature covers or names, borrowed from
/// whichever decoder read it (OpenSSL's CMS for master lists, the SOD template for EF.SOD).
struct SignerInfoParts {
  const X509_ALGOR* digest = nullptr;              ///< digestAlgorithm
  const X509_ALGOR* signature_algorithm = nullptr; ///< signatureAlgorithm
  const ASN1_OCTET_STRING* signature = nullptr;
  const STACK_OF(X509_ATTRIBUTE) * signed_attributes = nullptr;   ///< nullptr when absent
  const STACK_OF(X509_ATTRIBUTE) * unsigned_attributes = nullptr; ///< nullptr when absent
};

/// Verification contexts kept for reuse across the documents of a batch, which meet few signer
/// keys: setting one up costs OpenSSL 3.0 ~27k instructions, as much as decoding half an
/// EF.SOD. A context is set up for one (key, digestAlgorithm, signatureAlgorithm) and lent to
/// one verification at a time. Each context holds a reference to its key, so a key's address
/// stays its own while a context of it is kept. Thread-safe; bounded.
class VerifyContextPool {
public:
  /// A kept context for `key` (an opaque identity), or nullptr.
  EvpPkeyCtxPtr take(const std::string& key);
  /// Keeps `context` for the next take(`key`).
  void give_back(const std::string& key, EvpPkeyCtxPtr context);

private:
  std::mutex m_mutex;
  std::unordered_map<std::string, std::vector<EvpPkeyCtxPtr>> m_idle;
};

/// Verifies the signature over the DER-encoded signedAttrs with `signer`'s public key, as
/// OpenSSL's CMS_SignerInfo_verify does (the same attribute rules, digest, padding and key
/// checks) but without its per-call set-up: hashed with digestAlgorithm; for an RSA key the
/// signatureAlgorithm is rsaEncryption, sha*WithRSAEncryption or RSASSA-PSS (its parameters
/// applied, its hash equal to digestAlgorithm); for an EC (NIST, brainpool, explicit
/// parameters) or DSA key, ECDSA/DSA whatever the OID says, as OpenSSL does. RSA PKCS#1 v1.5
/// DigestInfo without the NULL parameter is accepted as a quirk. A SignerInfo without
/// signedAttrs is not verified (valid = false). `pool`, when given, lends and keeps the
/// verification context (the result is the same with or without it).
SignatureResult verify_signer_info(const SignerInfoParts& si, const X509* signer,
                                   VerifyContextPool* pool = nullptr);

/// verify_signer_info() over the parts of an OpenSSL CMS SignerInfo.
SignatureResult verify_signer_info(CMS_SignerInfo* si, const X509* signer,
                                   VerifyContextPool* pool = nullptr);

/// The time a signingTime attribute holds (its first value, a UTCTime or GeneralizedTime that
/// OpenSSL reads as a valid date); nullopt otherwise.
std::optional<UnixTime> attribute_time(const X509_ATTRIBUTE* attribute);

/// The signingTime among a SignerInfo's signed attributes, as attribute_time() reads it.
std::optional<UnixTime> signing_time(const STACK_OF(X509_ATTRIBUTE) * signed_attributes);

/// The EVP digest for an AlgorithmIdentifier's OID (SHA-1/224/256/384/512); nullptr if other.
/// The result is fetched_digest()'s, so hashing with it skips OpenSSL's per-call fetch.
const EVP_MD* digest_for(const ASN1_OBJECT* oid);

/// SHA-1/224/256/384/512 by NID (NID_sha256, ...), fetched once per process from the default
/// library context and kept for its lifetime (nullptr for any other NID). OpenSSL 3 looks a
/// legacy EVP_sha256() up in the provider store on every EVP_DigestInit; a fetched one is used
/// directly. Falls back to the legacy object when the fetch fails. Thread-safe.
const EVP_MD* fetched_digest(int nid);

} // namespace mrtd::pki::detail
