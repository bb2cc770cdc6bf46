// The store's schema, as SQL, in one place (schema.cc): an ordered list of
// migrations. Migration N takes a database from version N-1 to N; version 0
// is an empty database. docs/store.md describes the tables.
//
// Opening a store runs migrate(): in one transaction it reads the version
// from the schema_version table, refuses a version newer than this code
// knows and a non-empty database without vigil's schema_version row, applies
// the missing migrations and records the new version.
#pragma once

#include <vector>

#include "core/result.h"
#include "store/sql_connection.h"

namespace vigil::store {

struct Migration {
  int version;                          // the version it leads to
  const char* what;                     // "migration 2 (holds, ...)": the step in errors
  std::vector<const char*> statements;  // SQL for both dialects (dialect.h)
};

// Ordered by version, 1, 2, ...
const std::vector<Migration>& migrations();
inline constexpr int kSchemaVersion = 2;  // migrations().back().version

// Brings the database to kSchemaVersion; returns it.
Result<int> migrate(SqlConnection& c);

}  // namespace vigil::store
