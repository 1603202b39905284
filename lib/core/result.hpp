#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace mrtd {

/// Why an input could not be examined at all (STYLE.md §3). Domain outcomes such as a
/// wrong check digit are not errors: they are failed checks.
enum class ErrorCode {
  malformed,       ///< the input is not what the command examines, or is truncated
  unreadable,      ///< the input cannot be read: missing, a folder for a file, no permission
  unsupported,     ///< well-formed but of a kind or variant mrtd does not handle
  limit_exceeded,  ///< larger than a documented limit
  invalid_argument ///< a caller-supplied value (option, field) is out of range
};

/// The error of a Result: a code, a message for humans and, where known, the byte offset.
struct Error {
  ErrorCode code = ErrorCode::malformed;
  std::string message;
  std::ptrdiff_t offset = -1; ///< -1 when no position applies
};

/// The name of an error code as it appears in JSON (`malformed`, ...).
const char* to_string(ErrorCode code) noexcept;

/// A value or an Error, with the method names of C++23 std::expected so that it can become
/// an alias for it later. lib/ returns this instead of throwing on bad input.
template <typename T> class Result {
public:
  Result(T value) : m_state(std::move(value)) {}     // NOLINT(google-explicit-constructor)
  Result(Error error) : m_state(std::move(error)) {} // NOLINT(google-explicit-constructor)

  bool has_value() const noexcept { return m_state.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { return std::get<0>(m_state); }
  const T& value() const& { return std::get<0>(m_state); }
  T&& value() && { return std::get<0>(std::move(m_state)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(m_state); }

private:
  std::variant<T, Error> m_state;
};

/// Shorthand for building an Error in a return statement.
inline Error make_error(ErrorCode code, std::string message, std::ptrdiff_t offset = -1) {
  return Error{code, std::move(message), offset};
}

} // namespace mrtd
