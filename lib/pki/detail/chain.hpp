#pragma once

// Internal: DSC -> CSCA chain validation against the trust store (Doc 9303-12; pa.md §4).
// Time is judged separately from cryptography, so an examiner sees both.

#include "core/date.hpp"
#include "pki/detail/store.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace mrtd::pki::detail {

enum class ChainState {
  verified,        ///< signed by a CA certificate of the store (the anchor)
  no_anchor,       ///< the store holds no CA certificate for the document's country at all
  not_trusted,     ///< CAs for that country exist, but none (nor any other candidate) signed it
};

enum class Revocation {
  good,       ///< a CRL verified with the anchor's key does not list the certificate
  revoked,    ///< listed in such a CRL
  no_crl,     ///< the store has no CRL for the anchor
  crl_invalid ///< CRLs for the anchor exist but none verifies with its key
};

struct ChainResult {
  ChainState state = ChainState::no_anchor;
  const TrustStore::Impl::Entry* anchor = nullptr; ///< the CSCA/link certificate, when verified
  std::string message;                             ///< plain reason, e.g. which candidates failed
  std::vector<std::string> tried;                  ///< subjects of the candidates tried
  bool profile_ok = true;       ///< key usage / basic constraints along the chain
  std::string profile_message;  ///< what is wrong with the profile, when !profile_ok
  Revocation revocation = Revocation::no_crl;
  std::string revocation_message;
};

/// Validates `leaf` (a DSC or other end-entity signer) up to a CA certificate of `store`.
/// Candidates: possible_issuers(leaf) (non-CAs are listed in `tried` and rejected); every
/// candidate is tried and, when several verify, one valid at `at` is preferred, then a
/// self-signed CSCA over a link certificate. `at` chooses only: validity is judged by the caller. `country` (upper alpha-2) is the document's state and decides
/// no_anchor vs not_trusted. The leaf's signature is checked with X509_verify (explicit EC
/// parameters accepted); the anchor must be a CA (basicConstraints cA, keyCertSign) and the leaf
/// must not be one. The CRL of the anchor is looked up and verified with the anchor's key.
ChainResult validate_chain(const X509* leaf, const TrustStore::Impl& store,
                           std::string_view country, UnixTime at);

/// A memo of validate_chain() results with the leaf's decoded fields, for batches (chip verify
/// --batch, seal verify of many seals): a signer seen before (same DER, country and time)
/// reuses its chain, CRL and validity judgement. Real batches meet few signers; the bound
/// (4096 entries, then cleared) only keeps memory flat for adversarial input. Tied to the one
/// store it is used with. Thread-safe.
class ChainMemo {
public:
  struct Entry {
    ChainResult chain;
    CertificateInfo leaf;
  };
  /// The memoised (or newly computed) chain of `leaf` for `country` at `at`.
  std::shared_ptr<const Entry> get(const X509* leaf, const TrustStore::Impl& store,
                                   std::string_view country, UnixTime at);
  std::size_t hits() const noexcept { return m_hits; }
  std::size_t misses() const noexcept { return m_misses; }

private:
  std::mutex m_mutex;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> m_entries;
  std::atomic<std::size_t> m_hits = 0;
  std::atomic<std::size_t> m_misses = 0;
};

} // namespace mrtd::pki::detail
