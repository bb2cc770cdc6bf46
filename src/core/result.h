// Result<T>: a value or an Error, returned by value. No exceptions in core, wire and rib.
//
//   Result<Foo> r = decode(...);
//   if (!r) return r.error();
//   use(*r);
//
// VIGIL_TRY(var, expr) unwraps or returns the error from the enclosing function.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace vigil {

// One documented line per value.
enum class ErrorCode : uint8_t {
  kTruncated,          // input ended before a length field said it would
  kMalformed,          // a field holds a value the format forbids
  kUnsupported,        // well-formed, but a type/version this build does not decode
  kIo,                 // reading or writing a file or stream failed
  kInvalidArgument,    // a caller passed a bad option or parameter
  kCorruptCompressed,  // the compressed stream is damaged
};

const char* error_code_name(ErrorCode code);

// What went wrong and where. `offset` is a byte offset in the input the error
// refers to (decompressed stream offset for files), or kNoOffset.
struct Error {
  static constexpr uint64_t kNoOffset = ~uint64_t{0};
  ErrorCode code = ErrorCode::kMalformed;
  std::string message;
  uint64_t offset = kNoOffset;

  // "malformed at offset 123: AS_PATH segment overruns attribute"
  std::string to_string() const;
};

inline Error make_error(ErrorCode code, std::string message, uint64_t offset = Error::kNoOffset) {
  return Error{code, std::move(message), offset};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok()
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> equivalent.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  static Status Ok() { return Status(); }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace vigil

#define VIGIL_CONCAT_INNER(a, b) a##b
#define VIGIL_CONCAT(a, b) VIGIL_CONCAT_INNER(a, b)

// VIGIL_TRY(auto x, f()); declares x from a Result or returns its error.
#define VIGIL_TRY(decl, expr) VIGIL_TRY_IMPL(VIGIL_CONCAT(vigil_try_, __LINE__), decl, expr)
// NOLINTBEGIN(bugprone-macro-parentheses): `decl` is a declaration.
#define VIGIL_TRY_IMPL(tmp, decl, expr)         \
  auto tmp = (expr);                            \
  if (!tmp.ok()) return std::move(tmp).error(); \
  decl = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)

// VIGIL_RETURN_IF_ERROR(status_expr);
#define VIGIL_RETURN_IF_ERROR(expr)                        \
  do {                                                     \
    auto vigil_status_ = (expr);                           \
    if (!vigil_status_.ok()) return vigil_status_.error(); \
  } while (0)
