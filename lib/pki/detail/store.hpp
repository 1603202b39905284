#pragma once

// Internal: the trust store's contents and index, for verifiers inside lib/ (chip, seal, pki).

#include "pki/detail/ossl.hpp"
#include "pki/trust_store.hpp"

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace mrtd::pki {

struct TrustStore::Impl {
  struct Entry {
    detail::X509Ptr cert;
    CertificateInfo info;
    Provenance provenance;
  };
  struct CrlEntry {
    detail::X509CrlPtr crl;
    Provenance provenance;
  };

  // Deques: a resolver adds entries during lookups, and pointers handed out before must stay
  // valid (push_back on a deque never moves existing elements).
  std::deque<Entry> entries; ///< insertion order; deduplicated by SHA-256 of the DER
  std::deque<CrlEntry> crls;
  // Indexes into `entries` / `crls`.
  std::unordered_map<std::string, std::vector<std::size_t>> by_ski;     ///< SKI hex
  std::unordered_map<std::string, std::vector<std::size_t>> by_subject; ///< canonical subject key
  std::unordered_map<std::string, std::vector<std::size_t>> by_country; ///< subject C, upper
  std::unordered_map<std::string, std::vector<std::size_t>> by_vds_signer; ///< C + 2-char CN
  std::unordered_map<std::string, std::size_t> by_sha256;
  std::unordered_map<std::string, std::vector<std::size_t>> crls_by_issuer; ///< canonical issuer
  std::unordered_map<std::string, std::vector<std::size_t>> by_issuer_serial; ///< issuer key + serial
  std::unordered_map<std::string, std::size_t> crls_by_sha256;

  /// The lazy source behind the store (TrustStore::set_resolver), or empty. Each lookup asks it
  /// once per query key (`asked`), under `mutex`: chip verify --batch looks up from several
  /// threads, and a lookup may add entries. Recursive because lookups call each other.
  TrustResolver resolver;
  mutable std::recursive_mutex mutex;
  std::unordered_set<std::string> asked;

  /// Asks the resolver (if any, and not asked before) for `key` and adds what it returns.
  /// The caller holds `mutex`. Const because lookups are: what a resolver adds is a cache of
  /// the backing store, not a change of the store's meaning.
  void resolve(TrustQuery::By by, const std::string& key) const;
  /// Adds parsed certificates/CRLs (the add() path); returns how many were new.
  void insert_certificate(detail::X509Ptr cert, Provenance provenance, LoadSummary& summary);
  void insert_crl(detail::X509CrlPtr crl, Provenance provenance, LoadSummary& summary);

  /// Entries whose subject equals `name` as an unordered set of RDNs (detail/name.hpp).
  std::vector<const Entry*> find_by_subject(const X509_NAME* name) const;
  /// Entries whose SKI equals `ski`.
  std::vector<const Entry*> find_by_ski(const ASN1_OCTET_STRING* ski) const;
  /// Entries with this issuer (unordered RDNs) and serial number.
  std::vector<const Entry*> find_by_issuer_serial(const X509_NAME* issuer,
                                                  const ASN1_INTEGER* serial) const;
  /// Entries of any kind (CA or not) that may have issued `child`: SKI = AKI keyIdentifier
  /// first, then subject = child's issuer (unordered RDNs); each entry once.
  std::vector<const Entry*> possible_issuers(const X509* child) const;
  /// The CA entries (basicConstraints cA) of possible_issuers(): by AKI keyIdentifier = SKI
  /// and by subject = child's issuer; never pinned by AKI issuer+serial (pa.md §4.4).
  std::vector<const Entry*> issuer_candidates(const X509* child) const;
  /// Entries whose subject gives the Visible Digital Seal signer id `id` (e.g. `DETS`).
  std::vector<const Entry*> find_by_vds_signer(std::string_view id) const;
  /// End-entity (non-CA) entries of a country (upper-case alpha-2); asks the resolver first.
  std::vector<const Entry*> signers_for_country(std::string_view alpha2) const;
  /// Entries whose SHA-256 (lower-case hex) starts with `prefix` (16+ digits); asks the resolver.
  std::vector<const Entry*> find_by_sha256_prefix(std::string_view prefix) const;
  /// CA entries of a country (upper-case alpha-2).
  std::vector<const Entry*> cas_for_country(std::string_view alpha2) const;
  /// CRLs whose issuer name equals `issuer`'s subject (unordered RDNs); unverified.
  std::vector<const CrlEntry*> crls_for(const X509* issuer) const;
};

} // namespace mrtd::pki
