// `mrtd pki import`: ICAO PKD LDIF, CSCA master lists, certificates and CRLs into a store
// folder (cmd/pki_store.hpp) that `--trust STORE` reads through its index.

#include "command.hpp"
#include "io.hpp"
#include "pki_store.hpp"

#include "core/version.hpp"
#include "pki/ldif.hpp"
#include "pki/master_list.hpp"
#include "pki/store_index.hpp"
#include "pki/trust_store.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>

namespace mrtd::cmd {

namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

struct Options {
  std::vector<std::string> sources;
  std::string store;
  std::vector<std::string> anchors;
  bool accept_unverified = false;
  std::string at;
};

constexpr std::size_t k_max_file = 256 * 1024 * 1024;
constexpr std::size_t k_ldif_chunk = 1024 * 1024;
// Inputs above this size get a progress line on a terminal.
constexpr std::uintmax_t k_progress_bytes = 2 * 1024 * 1024;

enum class Format { ldif, pem_or_der };

// Flags store_item() sets on an entry beyond what the certificate says.
constexpr unsigned k_unverified_list = 1;
constexpr unsigned k_non_conformant = 2;

// Content sniffing: LDIF starts with `version:` or `dn:` (after comments); PEM has armour;
// anything else is tried as a DER certificate/CRL, then as a master list.
Format detect(std::string_view head) {
  std::size_t i = 0;
  while (i < head.size()) {
    while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' ||
                               head[i] == '\t')) {
      ++i;
    }
    if (i < head.size() && head[i] == '#') { // LDIF comment line
      const std::size_t end = head.find('\n', i);
      i = end == std::string_view::npos ? head.size() : end + 1;
      continue;
    }
    break;
  }
  const std::string_view rest = head.substr(std::min(i, head.size()));
  if (rest.rfind("version:", 0) == 0 || rest.rfind("dn:", 0) == 0) {
    return Format::ldif;
  }
  return Format::pem_or_der; // PEM or DER: split_items decides, master list as the fallback
}

struct CountryCounts {
  std::size_t csca = 0, link = 0, dsc = 0, mlsigner = 0, other = 0, crl = 0, flagged = 0,
              added = 0;
};

class Importer {
public:
  Importer(const Options& options, StoreWriter& writer, UnixTime at)
      : m_options(options), m_writer(writer), m_at(at) {}

  Result<bool> load_anchors() {
    for (const auto& path : m_options.anchors) {
      auto text = read_input(path, k_max_file);
      if (!text) {
        return make_error(text.error().code, "--anchor: " + text.error().message);
      }
      m_anchor_files.push_back({path, std::move(*text)});
      // Check now, so a bad anchor is an input error, not a silently unverified list.
      pki::TrustStore probe;
      auto added = probe.add(bytes(m_anchor_files.back().second), path);
      if (!added) {
        return make_error(added.error().code, "--anchor '" + path + "': " + added.error().message);
      }
    }
    return true;
  }

  void import_path(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> files;
      for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        if (it->is_regular_file(ec)) {
          files.push_back(it->path().string());
        }
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        import_file(file);
      }
      return;
    }
    import_file(path);
  }

  Result<bool> finish() { return m_writer.commit(); }

  void start_progress(std::uintmax_t total_bytes) {
    m_progress_total = total_bytes;
    m_progress = is_tty(stderr) && total_bytes >= k_progress_bytes;
  }

  // 2 when the sources held nothing importable at all (input error: empty, garbage, a folder
  // without certificates), 1 when an item was rejected or a list not verified, else 0.
  int exit_code() const {
    std::size_t seen = 0;
    for (const auto& [country, c] : m_countries) {
      seen += c.csca + c.link + c.dsc + c.mlsigner + c.other + c.crl;
    }
    if (seen == 0 && m_lists.empty()) {
      return 2;
    }
    return m_rejected.empty() && m_unverified_lists == 0 ? 0 : 1;
  }

  ordered_json summary() const {
    ordered_json doc;
    doc["schema_version"] = 1;
    doc["tool"] = "mrtd";
    doc["tool_version"] = k_version;
    doc["command"] = "pki import";
    doc["store"] = m_options.store;
    std::size_t seen = 0;
    std::size_t added = 0;
    ordered_json countries = ordered_json::object();
    for (const auto& [country, c] : m_countries) {
      seen += c.csca + c.link + c.dsc + c.mlsigner + c.other + c.crl;
      added += c.added;
      countries[country.empty() ? "--" : country] = {
          {"csca", c.csca}, {"link", c.link},   {"dsc", c.dsc},       {"mlsigner", c.mlsigner},
          {"other", c.other}, {"crl", c.crl}, {"flagged", c.flagged}, {"added", c.added}};
    }
    doc["totals"] = {{"items", seen},
                     {"added", added},
                     {"already_stored", seen - added},
                     {"rejected", m_rejected.size()},
                     {"store_items", m_writer.entries().size()}};
    doc["countries"] = std::move(countries);
    doc["lists"] = m_lists;
    doc["rejected"] = m_rejected;
    doc["notes"] = m_notes;
    return doc;
  }

private:
  static pki::ByteView bytes(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
  }

  void reject(const std::string& source, const std::string& item, const std::string& reason) {
    m_rejected.push_back({{"source", source}, {"item", item}, {"reason", reason}});
  }

  void advance(std::uintmax_t bytes_done) {
    if (!m_progress) {
      return;
    }
    m_progress_done += bytes_done;
    const auto percent = static_cast<int>(100.0 * static_cast<double>(m_progress_done) /
                                          static_cast<double>(std::max<std::uintmax_t>(m_progress_total, 1)));
    const int width = 30;
    const int filled = std::min(width, percent * width / 100);
    std::fprintf(stderr, "\r[%-*s] %3d%% %zu items", width, std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::min(percent, 100), m_items);
    if (m_progress_done >= m_progress_total) {
      std::fputc('\n', stderr);
    }
    std::fflush(stderr);
  }

  // Stores one certificate or CRL; counts it for its country once per run.
  void store_item(pki::ByteView der, pki::KindHint hint, pki::StoreProvenance provenance,
                  unsigned flags, const std::string& source, const std::string& item) {
    auto entry = pki::make_entry(der, hint, std::move(provenance));
    if (!entry) {
      reject(source, item, entry.error().message);
      return;
    }
    entry->unverified_list = (flags & k_unverified_list) != 0;
    entry->non_conformant = entry->non_conformant || (flags & k_non_conformant) != 0;
    ++m_items;
    auto added = m_writer.add(der, *entry);
    if (!added) {
      reject(source, item, added.error().message);
      return;
    }
    if (!m_counted.insert(entry->sha256).second) {
      return;
    }
    CountryCounts& c = m_countries[entry->country];
    switch (entry->kind) {
    case pki::ItemKind::csca: ++c.csca; break;
    case pki::ItemKind::link: ++c.link; break;
    case pki::ItemKind::dsc: ++c.dsc; break;
    case pki::ItemKind::mlsigner: ++c.mlsigner; break;
    case pki::ItemKind::crl: ++c.crl; break;
    case pki::ItemKind::other: ++c.other; break;
    }
    if (entry->unverified_list || entry->non_conformant || entry->flagged_invalid) {
      ++c.flagged;
    }
    if (entry->flagged_invalid) {
      m_notes.push_back(item + " (" + entry->subject +
                        "): OpenSSL flags it invalid (malformed extension); stored flagged");
    }
    c.added += *added ? 1 : 0;
  }

  void import_file(const std::string& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (ec || !in) {
      reject(path, "file", "cannot read");
      return;
    }
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (detect(head) == Format::ldif) {
      in.clear();
      in.seekg(0);
      import_ldif(path, in);
      return;
    }
    auto text = read_input(path, k_max_file);
    if (!text) {
      reject(path, "file", text.error().message);
      advance(ec ? 0 : size);
      return;
    }
    std::vector<std::string> problems;
    if (auto items = pki::split_items(bytes(*text), &problems)) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        store_item((*items)[i], pki::KindHint::automatic, pki::StoreProvenance{{path}, {}, {}, {}},
                   0, path, items->size() > 1 ? "item " + std::to_string(i + 1) : "item");
      }
      for (const auto& problem : problems) {
        reject(path, "PEM block", problem);
      }
    } else if (text->find("-----BEGIN ") != std::string::npos) {
      reject(path, "file", items.error().message);
    } else {
      import_master_list(bytes(*text), path, path);
    }
    advance(size);
  }

  void import_ldif(const std::string& path, std::istream& in) {
    std::size_t ldif_items = 0;
    pki::LdifReader reader(
        [&](pki::PkdItem&& item) {
          ++ldif_items;
          const std::string label = item.dn.empty() ? "entry" : item.dn;
          if (item.kind == pki::PkdItem::Kind::master_list) {
            import_master_list(item.der, path, path + ": " + label);
            return;
          }
          pki::StoreProvenance provenance{{path}, {}, item.conformance_codes, item.conformance_texts};
          const auto hint = item.kind == pki::PkdItem::Kind::certificate ? pki::KindHint::dsc
                                                                         : pki::KindHint::automatic;
          store_item(item.der, hint, std::move(provenance),
                     item.non_conformant ? k_non_conformant : 0, path, label);
        },
        [&](std::string problem) { reject(path, "LDIF entry", std::move(problem)); });
    std::string chunk(k_ldif_chunk, '\0');
    while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      const auto got = static_cast<std::size_t>(in.gcount());
      if (got == 0) {
        break;
      }
      if (auto fed = reader.feed(std::string_view(chunk.data(), got)); !fed) {
        reject(path, "file", fed.error().message);
        return;
      }
      advance(got);
    }
    if (auto done = reader.finish(); !done) {
      reject(path, "file", done.error().message);
      return;
    }
    if (ldif_items == 0) {
      m_notes.push_back(path + ": LDIF without certificates, CRLs or master lists (" +
                        std::to_string(reader.entries()) + " entries)");
    }
  }

  void import_master_list(pki::ByteView der, const std::string& source, const std::string& label) {
    // Anchors: --anchor files, then what the store already trusts (never items that came only
    // from unverified lists).
    pki::TrustStore anchors;
    for (const auto& [path, text] : m_anchor_files) {
      (void)anchors.add(bytes(text), path);
    }
    anchors.set_resolver(m_writer.anchor_resolver());
    auto list = pki::read_master_list(der, anchors, m_at);
    if (!list) {
      reject(source, label, "not a certificate, CRL or master list: " + list.error().message);
      return;
    }
    const std::string sha256 = sha256_hex(std::string_view(reinterpret_cast<const char*>(der.data()), der.size()));
    const bool trusted = list->signature == pki::ListSignature::verified ||
                         list->signature == pki::ListSignature::tolerated;
    // --accept-unverified covers a list nothing could judge (no CSCA of its state), never one
    // whose signature or chain is wrong: that is a forgery or a corruption.
    const bool imported =
        trusted ||
        (m_options.accept_unverified && list->signature == pki::ListSignature::unverified);
    ordered_json record = {{"source", label},
                           {"sha256", sha256},
                           {"country", list->country ? ordered_json(*list->country) : ordered_json()},
                           {"signer", list->signer ? ordered_json(list->signer->subject) : ordered_json()},
                           {"signing_time", list->signing_time ? ordered_json(*list->signing_time)
                                                               : ordered_json()},
                           {"signature", pki::to_string(list->signature)},
                           {"anchor", list->anchor ? ordered_json(list->anchor->subject) : ordered_json()},
                           {"anchored_in_list", list->anchored_in_list},
                           {"message", list->signature_message},
                           {"certificates", list->certificates.size()},
                           {"imported", imported}};
    m_lists.push_back(std::move(record));
    if (!trusted) {
      ++m_unverified_lists;
    }
    for (const auto& problem : list->problems) {
      reject(source, label, problem);
    }
    if (!imported) {
      reject(source, label,
             std::string("master list signature ") + pki::to_string(list->signature) + ": " +
                 list->signature_message +
                 (list->signature == pki::ListSignature::unverified
                      ? " (use --accept-unverified to import it flagged)"
                      : " (never imported)"));
      return;
    }
    if (auto kept = m_writer.keep_list(der, sha256); !kept) {
      m_notes.push_back(kept.error().message);
    }
    pki::StoreProvenance provenance;
    provenance.sources = {source};
    if (list->signer) {
      provenance.list_signers = {list->signer->subject};
    }
    for (std::size_t i = 0; i < list->certificates.size(); ++i) {
      store_item(list->certificates[i], pki::KindHint::automatic, provenance,
                 trusted ? 0 : k_unverified_list, source,
                 label + " certificate " + std::to_string(i + 1));
    }
  }

  const Options& m_options;
  StoreWriter& m_writer;
  UnixTime m_at;
  std::vector<std::pair<std::string, std::string>> m_anchor_files;
  std::map<std::string, CountryCounts> m_countries;
  std::set<std::string> m_counted;
  ordered_json m_lists = ordered_json::array();
  ordered_json m_rejected = ordered_json::array();
  std::vector<std::string> m_notes;
  std::size_t m_unverified_lists = 0;
  std::size_t m_items = 0;
  bool m_progress = false;
  std::uintmax_t m_progress_total = 0;
  std::uintmax_t m_progress_done = 0;
};

int input_error(const std::string& message) {
  std::cerr << "mrtd pki import: " << message << '\n';
  return 2;
}

int run(const Options& options) {
  std::uintmax_t total = 0;
  for (const auto& source : options.sources) {
    std::error_code ec;
    if (!fs::exists(source, ec)) {
      return input_error("cannot read '" + source + "': no such file or folder");
    }
    if (fs::is_regular_file(source, ec)) {
      total += fs::file_size(source, ec);
    } else {
      for (auto it = fs::recursive_directory_iterator(source, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        if (it->is_regular_file(ec)) {
          total += it->file_size(ec);
        }
      }
    }
  }
  auto writer = StoreWriter::open(options.store);
  if (!writer) {
    return input_error(writer.error().message);
  }
  const UnixTime at = options.at.empty() ? now_utc() : *parse_instant(options.at);
  Importer importer(options, *writer, at);
  if (auto anchors = importer.load_anchors(); !anchors) {
    return input_error(anchors.error().message);
  }
  importer.start_progress(total);
  for (const auto& source : options.sources) {
    importer.import_path(source);
  }
  if (auto committed = importer.finish(); !committed) {
    return input_error(committed.error().message);
  }
  std::cout << importer.summary().dump(2) << '\n';
  return importer.exit_code();
}

} // namespace

Command add_pki_import(CLI::App& pki) {
  auto options = std::make_shared<Options>();
  CLI::App* app = pki.add_subcommand(
      "import", "Import ICAO PKD LDIF, CSCA master lists, certificates and CRLs into a store "
                "folder for --trust");
  app->add_option("SOURCE", options->sources,
                  "LDIF files (collections 001, 002, 003), master lists (.ml), DER/PEM "
                  "certificates and CRLs, or folders of them")
      ->required();
  app->add_option("--store", options->store, "Store folder (created when missing)")->required();
  app->add_option("--anchor", options->anchors,
                  "CSCA certificate file trusted to anchor master list signers (repeat the "
                  "option for several)")
      ->allow_extra_args(false);
  app->add_flag("--accept-unverified", options->accept_unverified,
                "Import master lists whose signature cannot be verified, flagging their "
                "certificates");
  app->add_option("--at", options->at,
                  "Time the list signers' validity is reported at: YYYY-MM-DD or "
                  "YYYY-MM-DDTHH:MM:SSZ (default: now, UTC)")
      ->check([](const std::string& value) {
        return parse_instant(value) ? std::string()
                                    : "--at needs YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ";
      });
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
