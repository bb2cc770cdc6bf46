// Finds where a JSON text (RFC 8259) first goes wrong, for error messages:
// simdjson reports that a document is broken but not where. Only run on
// input simdjson rejected; it is a plain byte scanner (no recursion, so no
// depth limit) and does not build anything.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::refdata::rpki::internal {

struct JsonSyntaxError {
  size_t offset = 0;  // byte offset of the offending character (size() at end of input)
  size_t line = 1;    // 1-based
  size_t column = 1;  // 1-based, in bytes
  std::string what;   // "expected ',' or '}' after an object member", ...
};

// The first syntax error in `text` (RFC 8259 §2-§7), or nullopt when the
// scanner finds none (e.g. simdjson objected to invalid UTF-8, which this
// scanner does not check).
std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view text);

// 1-based line and column of byte `offset`.
void line_and_column(std::string_view text, size_t offset, size_t& line, size_t& column);

}  // namespace vigil::refdata::rpki::internal
