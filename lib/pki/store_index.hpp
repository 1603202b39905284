#pragma once

// The on-disk trust store's index format (`mrtd pki import`, `--trust STORE`): one entry per
// certificate or CRL with the keys a verifier looks candidates up by, so a store of thousands
// of items answers a lookup without parsing them. Pure functions over bytes: the CLI reads and
// writes the files (cmd/pki_store.cpp), lib/ never touches the file system.

#include "core/date.hpp"
#include "core/result.hpp"
#include "pki/certificate.hpp"
#include "pki/trust_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mrtd::pki {

/// What a stored item is, by its role in Doc 9303-12 §5 (decided from the certificate itself,
/// or from its source: a certificate of a PKD DSC collection is a DSC).
enum class ItemKind {
  csca,     ///< self-signed CA certificate
  link,     ///< CA certificate issued by another CA (key rollover, name change)
  dsc,      ///< end-entity certificate (document signer)
  mlsigner, ///< end entity with EKU id-icao-cscaMasterListSigningKey 2.23.136.1.1.3
  crl,      ///< certificate revocation list
  other     ///< other end-entity certificates (e.g. deviation list or bar code signers)
};

/// The lower-case name used in the index and on the command line (`csca`, `link`, ...).
const char* to_string(ItemKind kind) noexcept;
/// Inverse of to_string(); nullopt for anything else.
std::optional<ItemKind> parse_item_kind(std::string_view text) noexcept;

/// Where a stored item came from; merged when the same item is imported again.
struct StoreProvenance {
  std::vector<std::string> sources;            ///< file names (and LDIF DNs) that brought it
  std::vector<std::string> list_signers;       ///< subjects of master list signers that listed it
  std::vector<std::string> conformance_codes;  ///< PKD collection 003 pkdConformanceCode
  std::vector<std::string> conformance_texts;  ///< PKD collection 003 pkdConformanceText
};

/// One stored certificate or CRL. Keys use the in-memory store's forms (TrustQuery).
struct IndexEntry {
  std::string sha256;  ///< of the DER, lower-case hex; names the file
  ItemKind kind = ItemKind::other;
  std::string country;      ///< subject C (certificates) or issuer C (CRLs), upper; "" if none
  std::string ski;          ///< subjectKeyIdentifier, upper-case hex; "" if none (or a CRL)
  std::string serial;       ///< upper-case hex of the serial's content octets; "" for CRLs
  std::string subject_key;  ///< detail::name_key() of the subject; "" for CRLs
  std::string issuer_key;   ///< detail::name_key() of the issuer
  std::string subject;      ///< RFC 2253 subject (CRLs: issuer), for listings
  UnixTime not_before = 0;  ///< CRLs: thisUpdate
  UnixTime not_after = 0;   ///< CRLs: nextUpdate (0 when absent)
  bool is_ca = false;       ///< basicConstraints cA
  bool unverified_list = false;  ///< came only from master lists whose signature was not verified
  bool non_conformant = false;   ///< came from PKD collection 003 (non-conformant DSCs)
  bool flagged_invalid = false;  ///< OpenSSL flags it invalid (a malformed extension, pa.md §4.6)
  StoreProvenance provenance;
};

/// The Visible Digital Seal signer id of an entry (subject C + a 2-character CN, upper-case,
/// e.g. `DETS`), derived from the stored subject; nullopt for CRLs and other subjects.
std::optional<std::string> vds_signer_key(const IndexEntry& entry);

/// Hint for make_entry(): `automatic` decides from the DER; `dsc` marks a certificate that a
/// PKD DSC collection delivered (kept `dsc` even if it claims to be a CA).
enum class KindHint { automatic, dsc };

/// Builds the index entry of one DER certificate or CRL (parsed once). Errors: malformed (the
/// bytes are neither exactly one certificate nor exactly one CRL).
Result<IndexEntry> make_entry(ByteView der, KindHint hint, StoreProvenance provenance);

/// Every certificate and CRL in `bytes` as DER: one DER certificate or CRL, or PEM text with
/// any number of CERTIFICATE / X509 CRL blocks. Unusable PEM blocks are listed in `problems`.
/// Errors: malformed when nothing usable is in `bytes`.
Result<std::vector<Bytes>> split_items(ByteView bytes, std::vector<std::string>* problems);

/// Merges `from` into `into` (sources, signers and codes kept once each, in first-seen order)
/// and ORs the flags, except `unverified_list`, which stays only while every list that brought
/// the item was unverified (a verified list vouches for it).
void merge_entry(IndexEntry& into, const IndexEntry& from);

/// The index file: a header line `mrtd-store-index<TAB>1`, then one line per entry of 15
/// tab-separated fields (see store_index.cpp); backslash escapes `\\ \t \n \r` in every field
/// and `\;` inside list fields, whose items are separated by `;`. Entries are written in the
/// given order; the same entries give the same bytes.
std::string serialise_index(const std::vector<IndexEntry>& entries);

/// Parses serialise_index()'s output. Errors: malformed (wrong header, a line with the wrong
/// number of fields, a bad escape, number, kind or hash), with the line number in the message
/// and the byte offset.
Result<std::vector<IndexEntry>> parse_index(std::string_view text);

/// Hash maps over an index, built once, answering TrustQuery in about constant time.
/// Holds the entries; pointers returned stay valid while the StoreIndex lives.
class StoreIndex {
public:
  explicit StoreIndex(std::vector<IndexEntry> entries);

  /// Entries that may answer `query` (all of one key; callers re-check exact matches):
  /// subject_key_id -> ski; subject -> subject_key; issuer_serial (`issuer key#serial hex`);
  /// country_cas -> CA certificates (CSCA and link) of the country; crls_by_issuer -> CRLs of
  /// the issuer key; vds_signer -> C + CN; country_signers -> end-entity certificates of the
  /// country; sha256_prefix -> certificates whose SHA-256 starts with the key (16+ digits).
  std::vector<const IndexEntry*> lookup(const TrustQuery& query) const;

  /// The entry with this SHA-256, or nullptr.
  const IndexEntry* find_sha256(std::string_view sha256) const;

  const std::vector<IndexEntry>& entries() const noexcept { return m_entries; }

private:
  using Map = std::unordered_map<std::string, std::vector<std::size_t>>;
  std::vector<IndexEntry> m_entries;
  Map m_by_ski;
  Map m_by_subject;
  Map m_by_issuer_serial;
  Map m_cas_by_country;
  Map m_by_vds_signer;
  Map m_signers_by_country;
  Map m_by_sha256_head; ///< the first 16 hex digits of the SHA-256 (a DCC kid)
  Map m_crls_by_issuer;
  std::unordered_map<std::string, std::size_t> m_by_sha256;
};

/// The key of TrustQuery::By::issuer_serial: the issuer's name key, `#`, the serial hex.
std::string issuer_serial_query_key(std::string_view issuer_key, std::string_view serial_hex);

} // namespace mrtd::pki
