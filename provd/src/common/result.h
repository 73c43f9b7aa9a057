// Error policy of provd (one policy, for every part):
// - An impossible state (a broken invariant, a corrupt store, a failed system call that the
//   design assumes cannot fail) throws an exception derived from std::runtime_error. It is
//   caught at the edge of a service (a session, a request, a thread), logged, and ends that
//   unit of work, never the process unless it happens at start-up.
// - An expected outcome (not found, bad input from the network, an operator's typo) is a value:
//   std::optional when "absent" says everything, Result<T> when the caller needs to know why.
// - Nothing is silently swallowed: a catch names the exception type it handles and logs it.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace provd {

/// Why an expected failure happened: a stable machine-readable code and a sentence for people.
struct Error {
  std::string code;     ///< stable identifier, e.g. "invalid_mac", "not_found", "conflict"
  std::string message;  ///< operator-readable explanation naming the offending input
};

/// Either a value or an Error. A tiny stand-in for C++23 std::expected.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  /// True when a value is held.
  bool ok() const noexcept { return std::holds_alternative<T>(state_); }
  explicit operator bool() const noexcept { return ok(); }

  /// The value; calling it on an error is a programming error.
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error; calling it on a value is a programming error.
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

/// Result of an operation that yields nothing but can fail in an expected way.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }
  const Error& error() const {
    assert(failed_);
    return error_;
  }

 private:
  Error error_;
  bool failed_ = false;
};

/// Builds an Error; reads well at return sites: `return fail("not_found", "no device " + id);`
inline Error fail(std::string code, std::string message) {
  return Error{std::move(code), std::move(message)};
}

}  // namespace provd
