#include "core/verdict.hpp"

#include <algorithm>

namespace mrtd {

const char* to_string(ErrorCode code) noexcept {
  switch (code) {
  case ErrorCode::malformed:
    return "malformed";
  case ErrorCode::unreadable:
    return "unreadable";
  case ErrorCode::unsupported:
    return "unsupported";
  case ErrorCode::limit_exceeded:
    return "limit_exceeded";
  case ErrorCode::invalid_argument:
    return "invalid_argument";
  }
  return "malformed";
}

Check& Verdict::add(CheckId id, Status status, std::string message) {
  checks.push_back(Check{id, status, std::move(message), std::nullopt, std::nullopt});
  return checks.back();
}

const Check* Verdict::find(CheckId id) const noexcept {
  auto it = std::find_if(checks.begin(), checks.end(), [id](const Check& c) { return c.id == id; });
  return it == checks.end() ? nullptr : &*it;
}

Outcome compute_outcome(const Verdict& verdict) noexcept {
  if (verdict.error) {
    return Outcome::error;
  }
  bool any_pass = false;
  for (const auto& check : verdict.checks) {
    if (check.status == Status::fail) {
      return Outcome::invalid;
    }
    any_pass = any_pass || check.status == Status::pass;
  }
  return any_pass ? Outcome::valid : Outcome::indeterminate;
}

void finalize(Verdict& verdict) noexcept {
  verdict.outcome = compute_outcome(verdict);
}

Verdict error_verdict(Error error) {
  Verdict verdict;
  verdict.outcome = Outcome::error;
  verdict.error = std::move(error);
  return verdict;
}

int exit_code(Outcome outcome) noexcept {
  switch (outcome) {
  case Outcome::valid:
    return 0;
  case Outcome::invalid:
  case Outcome::indeterminate:
    return 1;
  case Outcome::error:
    return 2;
  }
  return 3;
}

const char* to_string(Status status) noexcept {
  switch (status) {
  case Status::pass:
    return "pass";
  case Status::fail:
    return "fail";
  case Status::warn:
    return "warn";
  case Status::skip:
    return "skip";
  }
  return "skip";
}

const char* to_string(Outcome outcome) noexcept {
  switch (outcome) {
  case Outcome::valid:
    return "valid";
  case Outcome::invalid:
    return "invalid";
  case Outcome::indeterminate:
    return "indeterminate";
  case Outcome::error:
    return "error";
  }
  return "error";
}

std::string summary(const Verdict& verdict) {
  if (verdict.outcome == Outcome::error) {
    return std::string("error: ") + (verdict.error ? verdict.error->message : "unknown error");
  }
  int passed = 0, failed = 0, warned = 0, skipped = 0;
  const Check* first_fail = nullptr;
  for (const auto& check : verdict.checks) {
    switch (check.status) {
    case Status::pass:
      ++passed;
      break;
    case Status::fail:
      ++failed;
      first_fail = first_fail ? first_fail : &check;
      break;
    case Status::warn:
      ++warned;
      break;
    case Status::skip:
      ++skipped;
      break;
    }
  }
  // Appended piece by piece into one reservation: this runs once per verdict of a batch.
  std::string text;
  text.reserve(first_fail ? 64 + first_fail->message.size() : 64);
  text += to_string(verdict.outcome);
  text += ": ";
  if (first_fail) {
    text += check_name(first_fail->id);
    text += ": ";
    text += first_fail->message;
    if (failed > 1) {
      text += " (+";
      text += std::to_string(failed - 1);
      text += " more failed)";
    }
    return text;
  }
  text += std::to_string(passed);
  text += " passed, ";
  text += std::to_string(warned);
  text += warned == 1 ? " warning, " : " warnings, ";
  text += std::to_string(skipped);
  text += " skipped";
  return text;
}

} // namespace mrtd
