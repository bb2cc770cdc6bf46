#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <unordered_map>

namespace vigil::store {
namespace {

class SqliteConnection final : public SqlConnection {
 public:
  SqliteConnection(sqlite3* db, std::string path) : db_(db), name_(std::move(path)) {}
  ~SqliteConnection() override {
    for (auto& [text, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }
  const std::string& name() const override { return name_; }

  Result<std::vector<Row>> run(const Sql& sql, std::span<const Param> params) override {
    auto it = statements_.find(sql.text);
    if (it == statements_.end()) {
      sqlite3_stmt* stmt = nullptr;
      const std::string text = adapt_sql(sql.text, Dialect::kSqlite);
      const int rc = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()),
                                        SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return error(sql, rc);
      it = statements_.emplace(sql.text, stmt).first;
    }
    sqlite3_stmt* stmt = it->second;
    std::vector<Row> rows;
    int rc = bind(stmt, params);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
      rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) rows.push_back(read_row(stmt));
    }
    sqlite3_reset(stmt);  // ends the statement's read (or write) at once
    sqlite3_clear_bindings(stmt);
    if (rc != SQLITE_DONE) return error(sql, rc);
    return rows;
  }

 private:
  static int bind(sqlite3_stmt* stmt, std::span<const Param> params) {
    int rc = SQLITE_OK;
    for (size_t i = 0; i < params.size() && rc == SQLITE_OK; ++i) {
      const int n = static_cast<int>(i + 1);
      if (const auto* v = std::get_if<int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, n, *v);
      } else if (const auto* s = std::get_if<std::string_view>(&params[i])) {
        // Static: the text outlives the statement's use (reset above).
        rc = sqlite3_bind_text(stmt, n, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
      } else {
        rc = sqlite3_bind_null(stmt, n);
      }
    }
    return rc;
  }

  static Row read_row(sqlite3_stmt* stmt) {
    Row row(static_cast<size_t>(sqlite3_column_count(stmt)));
    for (int c = 0; c < static_cast<int>(row.size()); ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_NULL:
          row[c] = nullptr;
          break;
        case SQLITE_INTEGER:
          row[c] = static_cast<int64_t>(sqlite3_column_int64(stmt, c));
          break;
        default: {
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          row[c] = std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
        }
      }
    }
    return row;
  }

  Error error(const Sql& sql, int rc) const {
    const int primary = rc & 0xff;
    ErrorCode code = ErrorCode::kIo;
    if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) code = ErrorCode::kMalformed;
    if (primary == SQLITE_CONSTRAINT) code = ErrorCode::kInvalidArgument;  // e.g. a foreign key
    return make_error(code, name_ + ": " + sql.step + ": " + sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  std::string name_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path,
                                                       const SqliteOptions& options) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = path + ": open: " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close_v2(db);
    return make_error(ErrorCode::kIo, std::move(message));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  auto conn = std::make_unique<SqliteConnection>(db, path);
  SqlConnection& c = *conn;
  // Reading the schema reads page 1 and checks the header against the
  // file: this fails on a file that is not a database or is truncated.
  auto check = c.run({"check the database file", "SELECT count(*) FROM sqlite_master"});
  if (!check.ok()) {
    Error e = check.error();
    if (e.code == ErrorCode::kMalformed) e.message += " (not a usable SQLite database)";
    return e;
  }
  VIGIL_RETURN_IF_ERROR(c.run({"enable foreign keys", "PRAGMA foreign_keys = ON"}));
  VIGIL_RETURN_IF_ERROR(c.run({"set synchronous", "PRAGMA synchronous = NORMAL"}));
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(conn)));
  VIGIL_RETURN_IF_ERROR(store->migrate());
  // After the checks: WAL is recorded in the file, another application's
  // database must stay as it was.
  VIGIL_TRY(auto mode, c.run({"set WAL journal mode", "PRAGMA journal_mode = WAL"}));
  if (mode.empty() || cell_text(mode[0][0]) != "wal") {
    return make_error(ErrorCode::kIo, path + ": set WAL journal mode: the database stays in '" +
                                          (mode.empty() ? "" : cell_text(mode[0][0])) +
                                          "' mode (WAL needs a local file system)");
  }
  return store;
}

}  // namespace vigil::store
