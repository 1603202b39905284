#pragma once

// Internal: the Passive Authentication verifier (chip::verify), split by subject over
// verify.cpp (structure, outcome), verify_signature.cpp (signer, signed attributes,
// signature), verify_chain.cpp (chain, CRL, time, country) and verify_contents.cpp (data
// groups, DG1, Active/Chip Authentication).

#include "chip/aa.hpp"
#include "chip/chip.hpp"
#include "chip/detail/dump_parts.hpp" // hex()
#include "chip/detail/sod.hpp"
#include "mrz/countries.hpp"
#include "pki/detail/certificate.hpp"
#include "pki/detail/chain.hpp"
#include "pki/detail/name.hpp"
#include "pki/detail/signature.hpp"
#include "pki/detail/store.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace mrtd::chip {

struct ChainCache::Impl {
  pki::detail::ChainMemo chains;
  detail::CertificateMemo certificates;
  pki::detail::NameTextMemo names; ///< SignerInfo issuers as text (the SOD summary)
  pki::detail::VerifyContextPool signatures; ///< SignerInfo verification contexts per DSC key
};

namespace detail {

inline constexpr const char* k_lds_oid = "2.23.136.1.1.1";

/// The bytes of an ASN1_STRING (borrowed).
ByteView view(const ASN1_STRING* value);
/// `md` of `data`; empty on failure.
Bytes digest(const EVP_MD* md, ByteView data);
/// `YYYY-MM-DD` of a time.
std::string day(UnixTime time);
/// ISO alpha-2 of a three-letter MRZ state field (`D<<` -> DE, UTO -> UT).
std::optional<std::string> alpha2_of_state(std::string_view field);
/// An OID's long name, or its dotted form.
std::string oid_name(const ASN1_OBJECT* oid);

/// The signer: found by the SignerIdentifier among the embedded certificates, then in the
/// trust store; a single embedded certificate is the fallback (pa.md §5.3), with a warning.
struct Signer {
  const X509* cert = nullptr;
  std::string source; ///< `embedded` or the trust source
  Status status = Status::fail;
  std::string message;
};

class Verifier {
public:
  Verifier(const ChipFiles& files, const pki::TrustStore& trust, const VerifyOptions& options,
           ChainCache* cache)
      : m_files(files), m_store(trust.impl()), m_options(options), m_cache(cache) {}

  Report run();

private:
  Check& add(CheckId id, Status status, std::string message) {
    return m_report.verdict.add(id, status, std::move(message));
  }
  void check_structure();
  void check_signer_and_signature();
  void check_chain();
  void resolve_chain(const X509* dsc, const std::string& country);
  const pki::detail::ChainResult& chain() const;
  void check_data_groups();
  void check_dg1();
  void check_authentication();
  void decide();

  const ChipFiles& m_files;
  const pki::TrustStore::Impl& m_store;
  const VerifyOptions& m_options;
  ChainCache* m_cache;
  Report m_report;
  ParsedSod m_sod;
  Signer m_signer;
  /// The DSC's chain and decoded fields (shared with the cache, not copied); the default
  /// entry (no anchor) until check_chain() resolves a DSC.
  std::shared_ptr<const pki::detail::ChainMemo::Entry> m_chain_entry;
  std::optional<std::string> m_document_country; ///< alpha-2
  std::optional<mrz::Report> m_mrz;
  std::string m_dg1_error;
};

} // namespace detail

} // namespace mrtd::chip
