#pragma once

// Internal: the trust store's contents and index, for verifiers inside lib/ (chip, seal, pki).

#include "pki/detail/ossl.hpp"
#include "pki/trust_store.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
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

  std::vector<Entry> entries; ///< insertion order; deduplicated by SHA-256 of the DER
  std::vector<CrlEntry> crls;
  // Indexes into `entries` / `crls`.
  std::unordered_map<std::string, std::vector<std::size_t>> by_ski;     ///< SKI hex
  std::unordered_map<std::string, std::vector<std::size_t>> by_subject; ///< canonical subject key
  std::unordered_map<std::string, std::vector<std::size_t>> by_country; ///< subject C, upper
  std::unordered_map<std::string, std::size_t> by_sha256;
  std::unordered_map<std::string, std::vector<std::size_t>> crls_by_issuer; ///< canonical issuer
  std::unordered_map<std::string, std::vector<std::size_t>> by_issuer_serial; ///< issuer key + serial
  std::unordered_map<std::string, std::size_t> crls_by_sha256;

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
  /// CA entries of a country (upper-case alpha-2).
  std::vector<const Entry*> cas_for_country(std::string_view alpha2) const;
  /// CRLs whose issuer name equals `issuer`'s subject (unordered RDNs); unverified.
  std::vector<const CrlEntry*> crls_for(const X509* issuer) const;
};

} // namespace mrtd::pki
