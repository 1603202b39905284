#include "trust_input.hpp"

#include "io.hpp"
#include "pki_store.hpp"

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
      return make_error(ErrorCode::malformed, "cannot list '" + path + "': " + ec.message());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      (void)add_file(file, false);
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

} // namespace mrtd::cmd
