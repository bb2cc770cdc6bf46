// The differences between SQLite and PostgreSQL that the store meets, all in
// one place. Everything else (schema, queries) is one SQL text for both:
// BIGINT/TEXT columns, INSERT ... ON CONFLICT, RETURNING, CASE instead of
// MIN/MAX/LEAST/GREATEST.
#pragma once

#include <string>
#include <string_view>

namespace vigil::store {

enum class Dialect { kSqlite, kPostgres };

// Rewrites SQL written for both: "$N" placeholders become "?N" for SQLite;
// the AUTO_ID column type becomes an auto-incremented 64-bit primary key.
std::string adapt_sql(std::string_view sql, Dialect d);

// Starts a transaction that will write. SQLite takes the write lock at once
// (BEGIN IMMEDIATE: a deferred transaction that later writes can fail with
// SQLITE_BUSY without waiting on the busy timeout).
const char* begin_write_sql(Dialect d);
// Starts a transaction that reads a consistent snapshot.
const char* begin_read_sql(Dialect d);
// Run first in the migration transaction: serialises migrating openers
// (PostgreSQL advisory lock; SQLite's write lock already does).
const char* migration_lock_sql(Dialect d);  // "" when none is needed
// One column: the names of the tables in the store's namespace (the SQLite
// file; PostgreSQL's current schema), sorted.
const char* list_tables_sql(Dialect d);

}  // namespace vigil::store
