#pragma once

#include "core/result.hpp"
#include "pki/trust_store.hpp"

#include <string>
#include <vector>

namespace mrtd::cmd {

/// Loads --trust PATH... into a store: certificate and CRL files (DER or PEM with several
/// blocks), folders of them (recursively, files over 64 MiB refused), and store folders written
/// by `mrtd pki import` (cmd/pki_store.hpp), which back the store lazily: their index is read
/// now, a certificate only when a lookup asks for it. Files that hold nothing
/// usable in a folder are skipped and listed in the summary's problems; a named file that holds
/// nothing usable is an error.
Result<pki::TrustStore> load_trust(const std::vector<std::string>& paths,
                                   pki::LoadSummary* summary = nullptr);

} // namespace mrtd::cmd
