#pragma once

#include "core/check_registry.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mrtd {

/// The outcome of one check (a byte: screening keeps one per check id).
enum class Status : std::uint8_t {
  pass, ///< the rule holds
  fail, ///< the rule is broken: the document is invalid
  warn, ///< non-conformant or worth attention, but not a failure
  skip  ///< the rule does not apply here (the reason says why)
};

/// The overall verdict of one examination.
enum class Outcome {
  valid,         ///< no check failed and every decisive check passed
  invalid,       ///< at least one check failed
  indeterminate, ///< nothing failed, but what would prove validity could not be checked
  error          ///< the input could not be read or is not what the command examines
};

/// One performed check. `message` is required for fail, warn and skip.
struct Check {
  CheckId id;
  Status status = Status::skip;
  std::string message;
  std::optional<std::string> expected; ///< what the rule requires, where meaningful
  std::optional<std::string> found;    ///< what the input holds, where meaningful
};

/// What was checked and how it came out. Domain data travels beside it in the domain's own
/// result struct (e.g. mrz::Report); lib/report serialises both.
struct Verdict {
  Outcome outcome = Outcome::error;
  std::vector<Check> checks;  ///< in a fixed order per command
  std::optional<Error> error; ///< set iff outcome == error

  /// Appends a check and returns it for chaining evidence.
  Check& add(CheckId id, Status status, std::string message = {});
  /// The check with `id`, or nullptr.
  const Check* find(CheckId id) const noexcept;
};

/// Computes the outcome from the checks: any fail -> invalid; otherwise valid when at least
/// one check passed, else indeterminate. An Error always wins.
Outcome compute_outcome(const Verdict& verdict) noexcept;

/// Sets `verdict.outcome` from compute_outcome().
void finalize(Verdict& verdict) noexcept;

/// One line summing the verdict up: `valid: 12 passed, ...`, `invalid: <first failed check>:
/// <its message> (+n more failed)`, `error: <message>`.
std::string summary(const Verdict& verdict);

/// A verdict for input that could not be examined.
Verdict error_verdict(Error error);

/// The exit code documented in man/mrtd.1: 0 valid, 1 invalid or indeterminate, 2 error.
int exit_code(Outcome outcome) noexcept;

const char* to_string(Status status) noexcept;
const char* to_string(Outcome outcome) noexcept;

} // namespace mrtd
