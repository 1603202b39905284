// `mrtd pki list`: what a store folder holds, from its index alone (no certificate is parsed).

#include "command.hpp"
#include "io.hpp"
#include "pki_store.hpp"

#include "core/version.hpp"
#include "pki/store_index.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <memory>

namespace mrtd::cmd {

namespace {

using nlohmann::ordered_json;

struct Options {
  std::string store;
  std::string country;
  std::string kind;
  std::string valid_at;
  std::string expired_at;
  std::string format = "json";
};

std::vector<std::string> flags_of(const pki::IndexEntry& e) {
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
  return flags;
}

// A CRL without nextUpdate never expires.
bool valid_at(const pki::IndexEntry& e, UnixTime at) {
  return e.not_before <= at && (at <= e.not_after || (e.kind == pki::ItemKind::crl && e.not_after == 0));
}

int run(const Options& options) {
  auto entries = read_store_index(options.store);
  if (!entries) {
    std::cerr << "mrtd pki list: " << entries.error().message << '\n';
    return 2;
  }
  std::string country = options.country;
  std::transform(country.begin(), country.end(), country.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const auto kind = options.kind.empty() ? std::nullopt : pki::parse_item_kind(options.kind);
  const auto valid = options.valid_at.empty() ? std::nullopt : parse_instant(options.valid_at);
  const auto expired = options.expired_at.empty() ? std::nullopt : parse_instant(options.expired_at);

  std::vector<const pki::IndexEntry*> shown;
  for (const auto& e : *entries) {
    if ((!country.empty() && e.country != country) || (kind && e.kind != *kind) ||
        (valid && !valid_at(e, *valid)) || (expired && valid_at(e, *expired))) {
      continue;
    }
    shown.push_back(&e);
  }
  // Country, kind, subject, then hash: a stable, readable order.
  std::sort(shown.begin(), shown.end(), [](const pki::IndexEntry* a, const pki::IndexEntry* b) {
    return std::tie(a->country, a->kind, a->subject, a->sha256) <
           std::tie(b->country, b->kind, b->subject, b->sha256);
  });

  if (options.format == "text") {
    for (const auto* e : shown) {
      std::string flags;
      for (const auto& flag : flags_of(*e)) {
        flags += " [" + flag + "]";
      }
      std::cout << e->sha256.substr(0, 16) << "  " << (e->country.empty() ? "--" : e->country)
                << "  " << pki::to_string(e->kind) << "  "
                << to_iso(to_civil(e->not_before)) << ".."
                << (e->not_after == 0 ? std::string("-") : to_iso(to_civil(e->not_after))) << "  "
                << e->subject << flags << '\n';
    }
    std::cout << shown.size() << " of " << entries->size() << " items\n";
    return 0;
  }
  ordered_json doc;
  doc["schema_version"] = 1;
  doc["tool"] = "mrtd";
  doc["tool_version"] = k_version;
  doc["command"] = "pki list";
  doc["store"] = options.store;
  doc["total"] = entries->size();
  doc["count"] = shown.size();
  ordered_json items = ordered_json::array();
  for (const auto* e : shown) {
    ordered_json item;
    item["sha256"] = e->sha256;
    item["kind"] = pki::to_string(e->kind);
    item["country"] = e->country.empty() ? ordered_json() : ordered_json(e->country);
    item["subject"] = e->subject;
    item["serial"] = e->serial.empty() ? ordered_json() : ordered_json(e->serial);
    item["subject_key_id"] = e->ski.empty() ? ordered_json() : ordered_json(e->ski);
    item["not_before"] = to_iso_instant(e->not_before);
    item["not_after"] = e->not_after == 0 && e->kind == pki::ItemKind::crl
                            ? ordered_json()
                            : ordered_json(to_iso_instant(e->not_after));
    item["flags"] = flags_of(*e);
    item["sources"] = e->provenance.sources;
    item["list_signers"] = e->provenance.list_signers;
    item["conformance_codes"] = e->provenance.conformance_codes;
    items.push_back(std::move(item));
  }
  doc["items"] = std::move(items);
  std::cout << doc.dump(2) << '\n';
  return 0;
}

} // namespace

Command add_pki_list(CLI::App& pki) {
  auto options = std::make_shared<Options>();
  CLI::App* app =
      pki.add_subcommand("list", "List what a store folder holds (from its index), with filters");
  app->add_option("--store", options->store, "Store folder written by `mrtd pki import`")
      ->required();
  app->add_option("--country", options->country, "Only this country (ISO 3166-1 alpha-2)");
  app->add_option("--kind", options->kind, "Only this kind: csca, link, dsc, mlsigner, crl, other")
      ->check(CLI::IsMember({"csca", "link", "dsc", "mlsigner", "crl", "other"}));
  auto* valid = app->add_option("--valid-at", options->valid_at,
                                "Only items valid at this time: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
  auto* expired = app->add_option("--expired-at", options->expired_at,
                                  "Only items not valid at this time (expired or not yet valid)");
  for (auto* option : {valid, expired}) {
    option->check([](const std::string& value) {
      return parse_instant(value) ? std::string() : "needs YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ";
    });
  }
  valid->excludes(expired);
  app->add_option("--format", options->format, "Output: json (default) or text")
      ->check(CLI::IsMember({"json", "text"}));
  return Command{app, [options] { return run(*options); }};
}

} // namespace mrtd::cmd
