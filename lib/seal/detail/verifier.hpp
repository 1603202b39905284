#pragma once

// Internal: one seal verification, check by check in the fixed order of verify().

#include "pki/detail/chain.hpp"
#include "pki/detail/ossl.hpp"
#include "pki/detail/store.hpp"
#include "seal/seal.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

namespace mrtd::seal {

struct VerifyCache::Impl {
  pki::detail::ChainMemo chains;
  std::mutex mutex;
  /// Certificates carried by seals (VDS-NC `cer`, IDB 0x7E), by DER; bounded like the chains.
  std::unordered_map<std::string, std::shared_ptr<const pki::detail::X509Ptr>> embedded;
};

} // namespace mrtd::seal

namespace mrtd::seal::detail {

/// A certificate that may have signed the seal.
struct Candidate {
  const X509* cert = nullptr;
  std::string source;        ///< `embedded` or the trust source
  bool named = false;        ///< the payload's reference names it (or it is embedded)
  bool from_store = false;   ///< given by the user (--trust), not carried by the payload
};

class Verifier {
public:
  Verifier(Report& report, const barcode::Payload& payload, const pki::TrustStore& trust,
           const VerifyOptions& options, VerifyCache* cache)
      : m_report(report), m_payload(payload), m_store(trust.impl()), m_options(options),
        m_cache(cache) {}

  void run();

private:
  Check& add(CheckId id, Status status, std::string message);

  // verify_content.cpp
  void check_content();
  void check_mrz();

  // verify_signer.cpp
  void check_signature();
  void check_chain();
  std::vector<Candidate> candidates();
  std::optional<std::string> seal_country() const;

  Report& m_report;
  const barcode::Payload& m_payload;
  const pki::TrustStore::Impl& m_store;
  const VerifyOptions& m_options;
  VerifyCache* m_cache;

  /// The certificate the payload carries, parsed (shared with the cache, when there is one).
  std::shared_ptr<const pki::detail::X509Ptr> m_embedded;
  Candidate m_signer;              ///< the certificate judged as the signer, if any
  bool m_signature_valid = false;
  pki::detail::ChainResult m_chain;
};

} // namespace mrtd::seal::detail
