#include "store/dialect.h"

#include <cctype>

namespace vigil::store {

std::string adapt_sql(std::string_view sql, Dialect d) {
  constexpr std::string_view kAutoId = "AUTO_ID";
  std::string out;
  out.reserve(sql.size() + 16);
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql.compare(i, kAutoId.size(), kAutoId) == 0) {
      // SQLite: an INTEGER PRIMARY KEY is the 64-bit rowid.
      out += d == Dialect::kSqlite ? "INTEGER PRIMARY KEY"
                                   : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
      i += kAutoId.size() - 1;
    } else if (d == Dialect::kSqlite && sql[i] == '$' && i + 1 < sql.size() &&
               std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out += '?';  // "?N" is SQLite's explicitly numbered parameter
    } else {
      out += sql[i];
    }
  }
  return out;
}

const char* begin_write_sql(Dialect d) {
  return d == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN";
}

const char* begin_read_sql(Dialect d) {
  // SQLite in WAL mode: a read transaction sees one snapshot.
  return d == Dialect::kSqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
}

const char* migration_lock_sql(Dialect d) {
  // Any constant key will do; this one spells "vigil".
  return d == Dialect::kSqlite ? "" : "SELECT pg_advisory_xact_lock(508574525804)";
}

const char* list_tables_sql(Dialect d) {
  return d == Dialect::kSqlite
             ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
               "ORDER BY name"
             : "SELECT CAST(table_name AS TEXT) FROM information_schema.tables "
               "WHERE table_schema = current_schema() ORDER BY 1";
}

}  // namespace vigil::store
