#pragma once

// Writing specimen files into an output folder (specimen chip, pkd, seal).

#include "chip/specimen.hpp"
#include "core/result.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mrtd::cmd {

/// Checks that `out` is absent, an empty folder, or any folder with `force`: the error, if not.
std::optional<Error> check_output_folder(const std::string& out, bool force);

/// Checks that `out` is absent, an empty folder, or any folder with `force`; creates it and
/// writes `files`. Returns the JSON list of what was written (name, size, sha256, secret).
Result<nlohmann::ordered_json> write_specimen_files(const std::string& out,
                                                    const std::vector<chip::SpecimenFile>& files,
                                                    bool force);

} // namespace mrtd::cmd
