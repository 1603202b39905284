#include "trust_input.hpp"

#include "io.hpp"
#include "pki_store.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>

namespace mrtd::cmd {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_max_trust_file = 64 * 1024 * 1024;

} // namespace

Result<pki::TrustStore> load_trust(const std::vector<std::string>& paths,
                                   pki::LoadSummary* summary) {
  pki::TrustStore store;
  pki::LoadSummary total;
  auto add_file = [&](const std::string& file, bool named) -> Result<bool> {
    auto text = read_input(file, k_max_trust_file);
    if (!text) {
      if (named) {
        return text.error();
      }
      total.problems.push_back(text.error().message);
      return false;
    }
    const auto* data = reinterpret_cast<const std::uint8_t*>(text->data());
    auto added = store.add(pki::ByteView(data, text->size()), file);
    if (!added) {
      if (named) {
        return make_error(added.error().code,
                          "--trust '" + file + "': " + added.error().message);
      }
      total.problems.push_back(file + ": " + added.error().message);
      return false;
    }
    total.certificates += added->certificates;
    total.crls += added->crls;
    for (auto& problem : added->problems) {
      total.problems.push_back(file + ": " + std::move(problem));
    }
    return true;
  };
  // Store folders (`mrtd pki import`) are read lazily: the index now, certificates when a
  // lookup asks for them. Several stores answer together.
  std::vector<pki::TrustResolver> resolvers;
  for (const auto& path : paths) {
    std::error_code ec;
    if (is_store(path)) {
      auto resolver = open_store(path);
      if (!resolver) {
        return make_error(resolver.error().code, "--trust: " + resolver.error().message);
      }
      resolvers.push_back(std::move(*resolver));
      continue;
    }
    if (!fs::is_directory(path, ec)) {
      if (auto added = add_file(path, true); !added) {
        return added.error();
      }
      continue;
    }
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (it->is_regular_file(ec)) {
        files.push_back(it->path().string());
      }
    }
    if (ec) {
      return make_error(ErrorCode::unreadable, "cannot list '" + path + "': " + ec.message());
    }
    std::sort(files.begin(), files.end());
    bool any = false;
    for (const auto& file : files) {
      const auto added = add_file(file, false);
      any = any || (added && *added);
    }
    if (!any) { // a named folder must hold some trust
      return make_error(ErrorCode::invalid_argument,
                        "--trust '" + path + "' holds no certificate or CRL" +
                            (total.problems.empty() ? std::string()
                                                    : " (" + total.problems.back() + ")"));
    }
  }
  if (resolvers.size() == 1) {
    store.set_resolver(std::move(resolvers.front()));
  } else if (!resolvers.empty()) {
    store.set_resolver([resolvers = std::move(resolvers)](const pki::TrustQuery& query) {
      std::vector<pki::ResolvedItem> items;
      for (const auto& resolver : resolvers) {
        for (auto& item : resolver(query)) {
          items.push_back(std::move(item));
        }
      }
      return items;
    });
  }
  if (summary != nullptr) {
    *summary = std::move(total);
  }
  return store;
}

void add_verify_options(CLI::App& app, VerifyInputs& inputs, const char* mrz_help) {
  app.add_option("--trust", inputs.trust,
                 "Trust anchors and CRLs: certificate/CRL files (DER or PEM, several per PEM), "
                 "folders of them and store folders of mrtd pki import (repeat the option for "
                 "several)")
      ->allow_extra_args(false);
  app.add_option("--at", inputs.at,
                 "Verification time: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: now, UTC)")
      ->check([](const std::string& value) {
        return parse_instant(value) ? std::string()
                                    : "--at needs YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ";
      });
  app.add_option("--mrz", inputs.mrz, mrz_help)->allow_extra_args(false);
}

UnixTime verification_time(const VerifyInputs& inputs) {
  return inputs.at.empty() ? now_utc() : *parse_instant(inputs.at);
}

Result<std::optional<std::string>> printed_mrz(const VerifyInputs& inputs) {
  if (inputs.mrz.empty()) {
    return std::optional<std::string>();
  }
  if (inputs.mrz.find('<') != std::string::npos) {
    return std::optional<std::string>(inputs.mrz);
  }
  auto text = read_input(inputs.mrz, 4096);
  if (!text) {
    return text.error();
  }
  return std::optional<std::string>(std::move(*text));
}

} // namespace mrtd::cmd
