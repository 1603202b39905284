#include "pki_store.hpp"

#include "io.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace mrtd::cmd {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_marker = "mrtd-store 1\n";
constexpr std::size_t k_max_index = 1024 * 1024 * 1024;
constexpr std::size_t k_max_item = 64 * 1024 * 1024;

std::string marker_path(const std::string& dir) { return (fs::path(dir) / "mrtd-store").string(); }
std::string index_path(const std::string& dir) { return (fs::path(dir) / "index.tsv").string(); }

// Writes `bytes` to a temporary sibling of `path` and renames it over `path`: readers see the
// old file or the new one, never a part.
Result<bool> write_atomic(const std::string& path, std::string_view bytes) {
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) ||
        !out.flush()) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return make_error(ErrorCode::invalid_argument,
                        "cannot write '" + temporary + "': " + std::strerror(errno));
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    return make_error(ErrorCode::invalid_argument, "cannot rename into '" + path + "'");
  }
  return true;
}

std::string_view as_text(pki::ByteView der) {
  return {reinterpret_cast<const char*>(der.data()), der.size()};
}

// What a verdict shows as the source of a stored item: the first file that brought it, and
// the flags an examiner must see.
pki::Provenance provenance_of(const pki::IndexEntry& entry) {
  std::string source = entry.provenance.sources.empty() ? std::string("store")
                                                        : entry.provenance.sources.front();
  source += " (store";
  if (entry.unverified_list) {
    source += ", from an unverified master list";
  }
  if (entry.non_conformant) {
    source += ", PKD non-conformant";
  }
  if (entry.flagged_invalid) {
    source += ", flagged invalid";
  }
  source += ')';
  return pki::Provenance{std::move(source)};
}

pki::TrustResolver make_resolver(std::shared_ptr<const pki::StoreIndex> index, std::string dir) {
  return [index = std::move(index), dir = std::move(dir)](const pki::TrustQuery& query) {
    std::vector<pki::ResolvedItem> items;
    for (const pki::IndexEntry* entry : index->lookup(query)) {
      auto bytes = read_input(item_path(dir, *entry), k_max_item);
      if (!bytes) {
        continue; // a missing file is a missing candidate; `pki import` rewrites it
      }
      items.push_back(pki::ResolvedItem{pki::Bytes(bytes->begin(), bytes->end()),
                                        provenance_of(*entry)});
    }
    return items;
  };
}

} // namespace

bool is_store(const std::string& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec) && fs::is_regular_file(marker_path(dir), ec);
}

std::string item_path(const std::string& dir, const pki::IndexEntry& entry) {
  const char* folder = entry.kind == pki::ItemKind::crl ? "crls" : "certs";
  return (fs::path(dir) / folder / (entry.sha256 + ".der")).string();
}

Result<std::vector<pki::IndexEntry>> read_store_index(const std::string& dir) {
  if (!is_store(dir)) {
    return make_error(ErrorCode::malformed,
                      "'" + dir + "' is not an mrtd store (no mrtd-store marker)");
  }
  std::error_code ec;
  if (!fs::exists(index_path(dir), ec)) {
    return std::vector<pki::IndexEntry>{};
  }
  auto text = read_input(index_path(dir), k_max_index);
  if (!text) {
    return text.error();
  }
  auto entries = pki::parse_index(*text);
  if (!entries) {
    return make_error(ErrorCode::malformed,
                      "store '" + dir + "': " + entries.error().message, entries.error().offset);
  }
  return entries;
}

Result<pki::TrustResolver> open_store(const std::string& dir) {
  auto entries = read_store_index(dir);
  if (!entries) {
    return entries.error();
  }
  return make_resolver(std::make_shared<const pki::StoreIndex>(std::move(*entries)), dir);
}

Result<StoreWriter> StoreWriter::open(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) {
      return make_error(ErrorCode::invalid_argument,
                        "cannot create the store '" + dir + "': " + ec.message());
    }
  }
  if (!fs::is_directory(dir, ec)) {
    return make_error(ErrorCode::invalid_argument, "the store '" + dir + "' is not a folder");
  }
  StoreWriter writer;
  writer.m_dir = dir;
  if (!is_store(dir)) {
    if (!fs::is_empty(dir, ec)) {
      return make_error(ErrorCode::invalid_argument,
                        "'" + dir + "' is not empty and not an mrtd store; refusing to write there");
    }
    if (auto written = write_atomic(marker_path(dir), k_marker); !written) {
      return written.error();
    }
  } else {
    auto entries = read_store_index(dir);
    if (!entries) {
      return entries.error();
    }
    writer.m_entries = std::move(*entries);
  }
  for (const char* folder : {"certs", "crls", "lists"}) {
    fs::create_directories(fs::path(dir) / folder, ec);
    if (ec) {
      return make_error(ErrorCode::invalid_argument,
                        "cannot create '" + (fs::path(dir) / folder).string() + "': " + ec.message());
    }
  }
  for (std::size_t i = 0; i < writer.m_entries.size(); ++i) {
    writer.m_by_sha256.emplace(writer.m_entries[i].sha256, i);
  }
  return writer;
}

const pki::IndexEntry* StoreWriter::find(const std::string& sha256) const {
  const auto it = m_by_sha256.find(sha256);
  return it == m_by_sha256.end() ? nullptr : &m_entries[it->second];
}

Result<bool> StoreWriter::add(pki::ByteView der, const pki::IndexEntry& entry) {
  const std::string path = item_path(m_dir, entry);
  std::error_code ec;
  if (const auto it = m_by_sha256.find(entry.sha256); it != m_by_sha256.end()) {
    pki::merge_entry(m_entries[it->second], entry);
    if (!fs::exists(path, ec)) { // repair a store whose file went missing
      if (auto written = write_atomic(path, as_text(der)); !written) {
        return written.error();
      }
    }
    return false;
  }
  if (auto written = write_atomic(path, as_text(der)); !written) {
    return written.error();
  }
  m_by_sha256.emplace(entry.sha256, m_entries.size());
  m_entries.push_back(entry);
  return true;
}

Result<bool> StoreWriter::keep_list(pki::ByteView der, const std::string& sha256) {
  const std::string path = (fs::path(m_dir) / "lists" / (sha256 + ".ml")).string();
  std::error_code ec;
  if (fs::exists(path, ec)) {
    return false;
  }
  return write_atomic(path, as_text(der));
}

Result<bool> StoreWriter::commit() {
  std::vector<pki::IndexEntry> sorted = m_entries;
  std::sort(sorted.begin(), sorted.end(),
            [](const pki::IndexEntry& a, const pki::IndexEntry& b) { return a.sha256 < b.sha256; });
  return write_atomic(index_path(m_dir), pki::serialise_index(sorted));
}

pki::TrustResolver StoreWriter::anchor_resolver() const {
  std::vector<pki::IndexEntry> trusted;
  for (const pki::IndexEntry& entry : m_entries) {
    if (!entry.unverified_list) {
      trusted.push_back(entry);
    }
  }
  return make_resolver(std::make_shared<const pki::StoreIndex>(std::move(trusted)), m_dir);
}

} // namespace mrtd::cmd
