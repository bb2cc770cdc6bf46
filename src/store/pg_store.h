// PgStore: the store in a PostgreSQL database, shared by several vigil
// nodes. Same schema and queries as SQLite (sql_store.h, dialect.h), in the
// connection's current schema (the first of its search_path), so one
// database can hold several stores: postgresql://host/db?options=-csearch_path%3Dname.
//
// Opening connects (libpq connection URI or key=value string), then runs
// the migrations (schema.h) in one transaction under an advisory lock, so
// nodes opening a new store at once do not race. A schema holding tables
// but no vigil schema_version row is refused and left untouched.
//
// Text must be valid UTF-8 (the server checks it); integers are BIGINT, so
// leaf indices and offsets at or above 2^63 come back as stored but sort
// as negative numbers. There is no reconnection: after a lost connection
// every call fails; open a new PgStore.
//
// A PgStore owns its connection and closes it when destroyed. Not
// thread-safe: one per thread (see store.h).
#pragma once

#include <memory>
#include <string>

#include "store/sql_store.h"

namespace vigil::store {

class PgStore final : public SqlStore {
 public:
  static Result<std::unique_ptr<PgStore>> open(const std::string& uri);

 private:
  using SqlStore::SqlStore;
};

// The URI with any password replaced by "***", for messages.
std::string redact_uri(const std::string& uri);

}  // namespace vigil::store
