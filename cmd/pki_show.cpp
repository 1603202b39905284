// `mrtd pki show`: one certificate decoded in full (from a store by hash prefix, or a file).

#include "command.hpp"
#include "io.hpp"
#include "pki_store.hpp"

#include "core/version.hpp"
#include "pki/certificate_details.hpp"
#include "pki/store_index.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace mrtd::cmd {

namespace {

using nlohmann::ordered_json;

struct Options {
  std::string store;
  std::string item;
  std::string format = "json";
};

constexpr std::size_t k_max_file = 64 * 1024 * 1024;

ordered_json optional(const std::optional<std::string>& value) {
  return value ? ordered_json(*value) : ordered_json();
}

ordered_json certificate_json(const pki::CertificateDetails& d) {
  const pki::CertificateInfo& i = d.info;
  ordered_json c;
  c["version"] = d.version;
  c["subject"] = i.subject;
  c["issuer"] = i.issuer;
  c["subject_country"] = optional(i.subject_country);
  c["issuer_country"] = optional(i.issuer_country);
  c["serial"] = i.serial;
  c["not_before"] = to_iso_instant(i.not_before);
  c["not_after"] = to_iso_instant(i.not_after);
  c["signature_algorithm"] = i.signature_algorithm;
  c["self_signed"] = i.self_signed;
  c["is_ca"] = i.is_ca;
  c["path_length"] = i.path_length ? ordered_json(*i.path_length) : ordered_json();
  c["subject_key_id"] = optional(i.subject_key_id);
  c["authority_key_id"] = optional(i.authority_key_id);
  c["key_usage"] = i.key_usage;
  c["extended_key_usage"] = i.extended_key_usage;
  ordered_json key;
  key["algorithm"] = i.key.algorithm;
  key["bits"] = i.key.bits;
  key["curve"] = optional(i.key.curve);
  key["explicit_parameters"] = i.key.explicit_parameters;
  if (d.ec) {
    key["ec_parameters"] = {{"field_type", d.ec->field_type}, {"prime", d.ec->prime},
                            {"a", d.ec->a},                   {"b", d.ec->b},
                            {"order", d.ec->order},           {"cofactor", d.ec->cofactor},
                            {"generator", d.ec->generator},   {"seed", optional(d.ec->seed)}};
  }
  c["key"] = std::move(key);
  ordered_json extensions = ordered_json::array();
  for (const auto& e : d.extensions) {
    extensions.push_back(
        {{"oid", e.oid}, {"name", e.name}, {"critical", e.critical}, {"values", e.values}});
  }
  c["extensions"] = std::move(extensions);
  c["sha256"] = i.sha256;
  return c;
}

ordered_json entry_json(const pki::IndexEntry& e) {
  std::vector<std::string> flags;
  if (e.unverified_list) {
    flags.emplace_back("unverified_list");
  }
  if (e.non_conformant) {
    flags.emplace_back("non_conformant");
  }
  if (e.flagged_invalid) {
    flags.emplace_back("flagged_invalid");
  }
  return {{"sha256", e.sha256},
          {"kind", pki::to_string(e.kind)},
          {"country", e.country.empty() ? ordered_json() : ordered_json(e.country)},
          {"subject", e.subject},
          {"not_before", to_iso_instant(e.not_before)},
          {"not_after", e.not_after == 0 && e.kind == pki::ItemKind::crl
                            ? ordered_json()
                            : ordered_json(to_iso_instant(e.not_after))},
          {"flags", flags},
          {"sources", e.provenance.sources},
          {"list_signers", e.provenance.list_signers},
          {"conformance_codes", e.provenance.conformance_codes},
          {"conformance_texts", e.provenance.conformance_texts}};
}

void print_text(const ordered_json& doc) {
  auto line = [](const std::string& label, const ordered_json& value) {
    if (value.is_null() || (value.is_array() && value.empty())) {
      return;
    }
    std::cout << label << ": ";
    if (value.is_string()) {
      std::cout << value.get<std::string>();
    } else if (value.is_array()) {
      std::string joined;
      for (const auto& item : value) {
        joined += (joined.empty() ? "" : ", ") + (item.is_string() ? item.get<std::string>() : item.dump());
      }
      std::cout << joined;
    } else {
      std::cout << value.dump();
    }
    std::cout << '\n';
  };
  if (doc.contains("store_entry") && !doc["store_entry"].is_null()) {
    const auto& e = doc["store_entry"];
    line("Stored as", e["kind"]);
    line("Flags", e["flags"]);
    line("Sources", e["sources"]);
    line("List signers", e["list_signers"]);
    line("Conformance codes", e["conformance_codes"]);
  }
  if (doc["certificate"].is_null()) {
    line("Subject", doc["store_entry"]["subject"]);
    line("Valid", doc["store_entry"]["not_before"]);
    line("Until", doc["store_entry"]["not_after"]);
    return;
  }
  const auto& c = doc["certificate"];
  for (const char* key : {"subject", "issuer", "serial", "not_before", "not_after",
                          "signature_algorithm", "self_signed", "is_ca", "path_length",
                          "subject_key_id", "authority_key_id", "key_usage", "extended_key_usage",
                          "sha256"}) {
    line(key, c[key]);
  }
  const auto& k = c["key"];
  std::cout << "key: " << k["algorithm"].get<std::string>() << ' ' << k["bits"].dump() << " bits"
            << (k["curve"].is_null() ? "" : ", curve " + k["curve"].get<std::string>())
            << (k["explicit_parameters"].get<bool>() ? ", explicit parameters" : "") << '\n';
  if (k.contains("ec_parameters")) {
    for (const auto& [name, value] : k["ec_parameters"].items()) {
      line("  " + name, value);
    }
  }
  for (const auto& e : c["extensions"]) {
    std::cout << "extension " << e["name"].get<std::string>() << " (" << e["oid"].get<std::string>()
              << (e["critical"].get<bool>() ? ", critical" : "") << ")\n";
    for (const auto& value : e["values"]) {
      std::cout << "  " << value.get<std::string>() << '\n';
    }
  }
}

int fail(const std::string& message) {
  std::cerr << "mrtd pki show: " << message << '\n';
  return 2;
}

int run(const Options& options) {
  ordered_json doc;
  doc["schema_version"] = 1;
  doc["tool"] = "mrtd";
  doc["tool_version"] = k_version;
  doc["command"] = "pki show";
  std::string path = options.item;
  std::optional<pki::IndexEntry> stored;
  if (!options.store.empty()) {
    auto entries = read_store_index(options.store);
    if (!entries) {
      return fail(entries.error().message);
    }
    std::vector<const pki::IndexEntry*> matches;
    for (const auto& e : *entries) {
      if (!options.item.empty() && e.sha256.rfind(options.item, 0) == 0) {
        matches.push_back(&e);
      }
    }
    if (matches.size() != 1) {
      return fail(std::to_string(matches.size()) + " items of '" + options.store +
                  "' have a SHA-256 starting with '" + options.item + "' (need exactly one)");
    }
    stored = *matches.front();
    path = item_path(options.store, *stored);
  }
  doc["source"] = stored ? options.store + ":" + stored->sha256 : path;
  auto text = read_input(path, k_max_file);
  if (!text) {
    return fail(text.error().message);
  }
  const pki::ByteView bytes(reinterpret_cast<const std::uint8_t*>(text->data()), text->size());
  auto items = pki::split_items(bytes, nullptr);
  if (!items) {
    return fail("'" + path + "': " + items.error().message);
  }
  doc["items_in_source"] = items->size();
  doc["store_entry"] = stored ? entry_json(*stored) : ordered_json();
  doc["certificate"] = nullptr;
  // The first certificate of the source (a CRL is described by its index entry only).
  for (const auto& der : *items) {
    if (auto details = pki::describe_certificate_details(der)) {
      doc["certificate"] = certificate_json(*details);
      break;
    }
  }
  if (doc["certificate"].is_null() && !stored) {
    if (auto entry = pki::make_entry(items->front(), pki::KindHint::automatic, {})) {
      doc["store_entry"] = entry_json(*entry);
    }
  }
  if (options.format == "text") {
    print_text(doc);
  } else {
    std::cout << doc.dump(2) << '\n';
  }
  return 0;
}

} // namespace

Command add_pki_show(CLI::App& pki) {
  auto options = std::make_shared<Options>();
  CLI::App* app = pki.add_subcommand(
      "show", "Decode one certificate: fields, key and curve, every extension (ICAO ones named)");
  app->add_option("ITEM", options->item,
                  "A certificate file (DER or PEM), or with --store a SHA-256 prefix of a stored item")
      ->required();
  app->add_option("--store", options->store, "Store folder to find ITEM in by its SHA-256 prefix");
  app->add_option("--format", options->format, "Output: json (default) or text")
      ->check(CLI::IsMember({"json", "text"}));
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
