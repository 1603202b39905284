#pragma once

// The trust store folder written by `mrtd pki import` and read by `--trust STORE`,
// `pki list` and `pki show`. Layout:
//   DIR/mrtd-store          marker: "mrtd-store 1\n" (format version)
//   DIR/index.tsv           pki::serialise_index() (lib/pki/store_index.hpp), sorted by SHA-256
//   DIR/certs/<sha256>.der  every certificate, DER
//   DIR/crls/<sha256>.der   every CRL, DER
//   DIR/lists/<sha256>.ml   master lists as imported, kept for provenance
// Every file is written to a temporary name and renamed, so a reader never sees half a file
// and an interrupted import leaves the previous index intact.

#include "core/result.hpp"
#include "pki/store_index.hpp"
#include "pki/trust_store.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace mrtd::cmd {

/// True when `dir` is a store folder (holds the marker file).
bool is_store(const std::string& dir);

/// Reads DIR/index.tsv. Errors: malformed (not a store, unreadable or corrupt index; the
/// message names the folder).
Result<std::vector<pki::IndexEntry>> read_store_index(const std::string& dir);

/// The path of an entry's DER file (certs/ or crls/).
std::string item_path(const std::string& dir, const pki::IndexEntry& entry);

/// A resolver for TrustStore::set_resolver() over the store at `dir`: the index is read once,
/// each query reads only the candidate files. Items from unverified master lists are offered
/// with that said in their provenance. Errors: as read_store_index().
Result<pki::TrustResolver> open_store(const std::string& dir);

/// A store being imported into: the index in memory, items written as they come, the index
/// written by commit().
class StoreWriter {
public:
  /// Opens `dir`, creating it (and the marker) when missing. Errors: invalid_argument (the
  /// folder exists, is not empty and is not a store; not writable), malformed (corrupt index).
  static Result<StoreWriter> open(const std::string& dir);

  /// Adds one item: a new SHA-256 writes its file and appends `entry`; a known one merges
  /// provenance and flags (pki::merge_entry). Returns true when the item was new.
  Result<bool> add(pki::ByteView der, const pki::IndexEntry& entry);
  /// Keeps a master list's bytes under lists/.
  Result<bool> keep_list(pki::ByteView der, const std::string& sha256);
  /// Writes the index (sorted by SHA-256, so the same contents give the same bytes).
  Result<bool> commit();

  const std::vector<pki::IndexEntry>& entries() const noexcept { return m_entries; }
  const pki::IndexEntry* find(const std::string& sha256) const;
  /// A resolver over what the writer holds now (committed or not), leaving out items that
  /// came only from unverified master lists: used to find master list anchors.
  pki::TrustResolver anchor_resolver() const;

private:
  std::string m_dir;
  std::vector<pki::IndexEntry> m_entries;
  std::unordered_map<std::string, std::size_t> m_by_sha256;
};

} // namespace mrtd::cmd
