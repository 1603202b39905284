#pragma once

#include "core/date.hpp"
#include "core/result.hpp"
#include "pki/trust_store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mrtd::cmd {

/// Loads --trust PATH... into a store: certificate and CRL files (DER or PEM with several
/// blocks), folders of them (recursively, files over 64 MiB refused), and store folders written
/// by `mrtd pki import` (cmd/pki_store.hpp), which back the store lazily: their index is read
/// now, a certificate only when a lookup asks for it. Files that hold nothing
/// usable in a folder are skipped and listed in the summary's problems; a named file that holds
/// nothing usable is an error.
Result<pki::TrustStore> load_trust(const std::vector<std::string>& paths,
                                   pki::LoadSummary* summary = nullptr);

/// The options every verifying subcommand shares: --trust, --at and --mrz.
struct VerifyInputs {
  std::vector<std::string> trust;
  std::string at;
  std::string mrz;
};

/// Registers --trust (repeatable, one value each), --at (checked) and --mrz (`mrz_help`).
void add_verify_options(CLI::App& app, VerifyInputs& inputs, const char* mrz_help);

/// --at as a time; now (UTC) when not given.
UnixTime verification_time(const VerifyInputs& inputs);

/// --mrz as MRZ text: the value itself when it holds `<`, else the file it names; nullopt when
/// not given. Errors: the file cannot be read.
Result<std::optional<std::string>> printed_mrz(const VerifyInputs& inputs);

} // namespace mrtd::cmd
