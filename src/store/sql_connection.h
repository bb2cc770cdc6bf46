// SqlConnection: the little a Store needs from a database — run a statement
// with parameters, get rows back — implemented for SQLite and libpq. SQL is
// written once, in PostgreSQL's placeholder style ($1, $2, ...); the
// connection adapts it to its dialect (dialect.h) and keeps it prepared.
//
// Not thread-safe; owned by one Store.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "store/dialect.h"

namespace vigil::store {

// A parameter: NULL, an integer or text (valid during the call).
using Param = std::variant<std::nullptr_t, int64_t, std::string_view>;
// A column value of a result row.
using Cell = std::variant<std::nullptr_t, int64_t, std::string>;
using Row = std::vector<Cell>;

// A statement and the name of its step, which errors quote.
struct Sql {
  const char* step;  // "upsert incident"
  std::string text;  // "INSERT INTO incidents ... VALUES ($1, ...)"
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Dialect dialect() const = 0;
  // The file or (password-free) URI, for messages.
  virtual const std::string& name() const = 0;
  // Runs one statement (prepared once, then reused) and returns its rows.
  virtual Result<std::vector<Row>> run(const Sql& sql, std::span<const Param> params = {}) = 0;
};

// Accessors for cells; a NULL reads as 0 / "".
int64_t cell_int(const Cell& c);
std::string cell_text(const Cell& c);
inline bool cell_null(const Cell& c) { return std::holds_alternative<std::nullptr_t>(c); }

}  // namespace vigil::store

namespace vigil::store {

// Runs body() (returning Status) between `begin_sql` and COMMIT; rolls back
// when body() or COMMIT fails and returns that error.
template <typename Body>
Status in_transaction(SqlConnection& c, const char* begin_sql, Body&& body) {
  VIGIL_RETURN_IF_ERROR(c.run({"begin transaction", begin_sql}));
  Status s = body();
  if (s.ok()) {
    auto commit = c.run({"commit", "COMMIT"});
    if (commit.ok()) return Status::Ok();
    s = commit.error();
  }
  (void)c.run({"rollback", "ROLLBACK"});
  return s;
}

}  // namespace vigil::store
