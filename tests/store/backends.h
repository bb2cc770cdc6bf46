// The two backends the typed store tests run against, each giving a fresh,
// empty store location per test, a URI for open_store() and a raw SQL
// channel (to build databases by hand, as an older vigil or another
// application would have left them).
//
//   SqliteBackend  a file in a new temporary directory
//   PgBackend      a new schema in the test server's database (pg_server.sh,
//                  found through $VIGIL_TEST_PG_STATE; $VIGIL_TEST_PG_URI names
//                  another server). Skips only when pg_server.sh found no
//                  PostgreSQL binaries; fails when no server was started.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace vigil::store::test {

inline std::string read_line(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  return line;
}

class SqliteBackend {
 public:
  static constexpr const char* kName = "Sqlite";
  static constexpr const char* kAutoId = "INTEGER PRIMARY KEY";

  // Empty `skip` and true: ready.
  bool setup(std::string& skip) {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("vigil-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    return true;
  }
  void teardown() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string path() const { return (dir_ / "store.db").string(); }
  std::string uri() const { return "sqlite:" + path(); }
  // Runs `sql` (one or more statements) in its own connection; "" or the error.
  std::string exec_raw(const std::string& sql) const {
    sqlite3* db = nullptr;
    std::string error;
    if (sqlite3_open(path().c_str(), &db) != SQLITE_OK) {
      error = sqlite3_errmsg(db);
    } else {
      char* message = nullptr;
      if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        error = message ? message : "error";
      }
      sqlite3_free(message);
    }
    sqlite3_close(db);
    return error;
  }

 private:
  std::filesystem::path dir_;
};

class PgBackend {
 public:
  static constexpr const char* kName = "Postgres";
  static constexpr const char* kAutoId = "BIGSERIAL PRIMARY KEY";

  bool setup(std::string& skip) {
    if (const char* env = std::getenv("VIGIL_TEST_PG_URI"); env && *env) {
      base_ = env;
    } else {
      const char* state = std::getenv("VIGIL_TEST_PG_STATE");
      if (state && std::filesystem::exists(std::filesystem::path(state) / "skip")) {
        skip = read_line(std::filesystem::path(state) / "skip");
        return true;
      }
      if (state) base_ = read_line(std::filesystem::path(state) / "uri");
      if (base_.empty()) {
        ADD_FAILURE() << "no PostgreSQL test server: run under ctest (fixture store_pg), or "
                         "tests/store/pg_server.sh run STATE_DIR store_test, or set "
                         "VIGIL_TEST_PG_URI";
        return false;
      }
    }
    static std::atomic<int> counter{0};
    schema_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    const std::string e = exec_on(base_, "CREATE SCHEMA " + schema_);
    if (!e.empty()) ADD_FAILURE() << "cannot create schema " << schema_ << ": " << e;
    return e.empty();
  }
  void teardown() {
    if (!schema_.empty()) (void)exec_on(base_, "DROP SCHEMA " + schema_ + " CASCADE");
  }
  std::string uri() const {
    return base_ + (base_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema_;
  }
  std::string exec_raw(const std::string& sql) const { return exec_on(uri(), sql); }

 private:
  static std::string exec_on(const std::string& uri, const std::string& sql) {
    PGconn* c = PQconnectdb(uri.c_str());
    std::string error;
    if (PQstatus(c) != CONNECTION_OK) {
      error = PQerrorMessage(c);
    } else {
      PQsetNoticeProcessor(
          c, [](void*, const char*) {}, nullptr);
      PGresult* r = PQexec(c, sql.c_str());
      const auto s = PQresultStatus(r);
      if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) error = PQresultErrorMessage(r);
      PQclear(r);
    }
    PQfinish(c);
    return error;
  }

  std::string base_;
  std::string schema_;
};

}  // namespace vigil::store::test
