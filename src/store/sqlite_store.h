// SqliteStore: the store in one SQLite file, for a single node.
//
// Opening checks the file before changing anything: a file that is not a
// SQLite database, or a damaged one (e.g. truncated: its header names more
// pages than it has), is refused with kMalformed; a SQLite database of
// another application (tables, but no schema_version table with a 'vigil'
// row) is refused with kInvalidArgument and left untouched; an empty or
// missing file becomes a new store. Then the migrations run (schema.h).
//
// Settings of the connection:
//   journal_mode=WAL    readers never block the writer nor it them, so
//                       several Stores (threads, processes) share the file;
//                       set after the checks, as WAL is recorded in the file
//   synchronous=NORMAL  in WAL mode a commit is then durable against a
//                       crash of vigil but not against a power loss or OS
//                       crash, which may roll back the last commits (never
//                       corrupt the file); what detection writes can be
//                       rebuilt by replaying its archives, and FULL costs a
//                       disk sync per batch
//   foreign_keys=ON     alerts, evidence and holds must name an incident
//   busy timeout        a writer waits this long for another's transaction
//
// A SqliteStore owns its connection and closes it when destroyed. Not
// thread-safe: one per thread (see store.h).
#pragma once

#include <memory>
#include <string>

#include "store/sql_store.h"

namespace vigil::store {

struct SqliteOptions {
  int busy_timeout_ms = 5000;
  bool create = true;  // create the file when it does not exist
};

class SqliteStore final : public SqlStore {
 public:
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path,
                                                   const SqliteOptions& options = {});

 private:
  using SqlStore::SqlStore;
};

}  // namespace vigil::store
