#pragma once

#include "core/result.hpp"
#include "pki/certificate.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mrtd::pki {

/// What one add() call took in.
struct LoadSummary {
  std::size_t certificates = 0;       ///< added (duplicates by SHA-256 are counted once)
  std::size_t crls = 0;               ///< added (duplicates by SHA-256 are counted once)
  std::size_t duplicates = 0;         ///< certificates and CRLs already held, not added again
  std::vector<std::string> problems;  ///< items skipped, each with its reason
  std::vector<std::string> notes;     ///< items kept despite a defect (e.g. a malformed SKI)
};

/// Where a trusted item came from (shown in verdicts).
struct Provenance {
  std::string source; ///< the file or list the caller named
};

/// What a verifier looks for when a store is backed by an on-disk index (`mrtd pki import`):
/// the resolver returns the DER of certificates or CRLs that may match, and the store adds them
/// (each query key is asked once). Keys are those of the in-memory index: SKI as upper-case hex,
/// names as detail::name_key(), countries as upper-case alpha-2.
struct TrustQuery {
  /// vds_signer: the 4-character signer identifier of ICAO Visible Digital Seals (Doc 9303-13
  /// §2.2): subject C + a 2-character CN, upper-case (e.g. `DETS`).
  /// country_signers: the end-entity certificates of a country (subject C, upper alpha-2), for
  /// seals that name their signer by a certificate hash (IDB, TR-03171). sha256_prefix: the
  /// certificates whose SHA-256 (lower-case hex) starts with the key (EU DCC kid: 16 digits).
  enum class By {
    subject_key_id,
    subject,
    issuer_serial,
    country_cas,
    crls_by_issuer,
    vds_signer,
    country_signers,
    sha256_prefix
  };
  By by = By::subject;
  std::string key;
};

struct ResolvedItem {
  Bytes der;
  Provenance provenance;
};

using TrustResolver = std::function<std::vector<ResolvedItem>(const TrustQuery&)>;

/// Trust anchors and helpers for verification: CSCA and link certificates (the only anchors),
/// DSCs (candidate signers, never anchors), and CRLs. In memory; lib/ never reads files, so the
/// CLI reads certificate files, folders (and, with the trust-store issue, master lists, PKD LDIF
/// and indexed store folders) and hands the bytes to add(). Verifiers look candidates up through
/// the internal index (pki/detail/store.hpp) by subject key identifier, subject name and country.
class TrustStore {
public:
  TrustStore();
  ~TrustStore();
  TrustStore(TrustStore&&) noexcept;
  TrustStore& operator=(TrustStore&&) noexcept;

  /// Adds every certificate and CRL in `bytes`: one DER certificate or CRL, or PEM text with
  /// any number of CERTIFICATE / TRUSTED CERTIFICATE / X509 CRL blocks. Items already held
  /// (same SHA-256 of the DER) are counted as duplicates. Certificates OpenSSL flags invalid
  /// are kept and noted (pa.md §4.6). Errors: malformed when nothing usable is in `bytes`
  /// (the store is then unchanged). Unusable items beside usable ones are listed in
  /// LoadSummary::problems. `source` is recorded as each item's Provenance.
  Result<LoadSummary> add(ByteView bytes, std::string_view source);

  /// Numbers of distinct certificates and CRLs held.
  std::size_t certificate_count() const noexcept;
  std::size_t crl_count() const noexcept;

  /// Every certificate held, in insertion order.
  std::vector<CertificateInfo> certificates() const;

  /// True when the store holds a CA certificate (CSCA or link) whose subject country is
  /// `alpha2` (upper-case ISO 3166-1 alpha-2, e.g. `DE`).
  bool has_ca_for_country(std::string_view alpha2) const;

  /// Backs the store with a lazy source (an indexed store folder): lookups that the memory does
  /// not answer ask `resolver` and keep what it returns. Without one, the store is what add()
  /// put in.
  void set_resolver(TrustResolver resolver);

  /// The internal contents and index (pki/detail/store.hpp), for verifiers inside lib/.
  struct Impl;
  const Impl& impl() const noexcept { return *m_impl; }
  Impl& impl() noexcept { return *m_impl; }

private:
  std::unique_ptr<Impl> m_impl;
};

} // namespace mrtd::pki
