#include "store/pg_store.h"

#include <libpq-fe.h>

#include <unordered_map>

namespace vigil::store {
namespace {

// Type OIDs (catalog/pg_type.h, a server header) of the integer columns.
constexpr Oid kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23;

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The server's message and detail on one line ("duplicate key ...; Key
// (id)=(x) already exists."), else what libpq says.
std::string result_error(const PGresult* r, const PGconn* conn) {
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (primary == nullptr) return trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn));
  std::string s = primary;
  if (const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL))
    s += "; " + trimmed(detail);
  return s;
}

class PgConnection final : public SqlConnection {
 public:
  PgConnection(PGconn* conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  const std::string& name() const override { return name_; }

  Result<std::vector<Row>> run(const Sql& sql, std::span<const Param> params) override {
    auto it = prepared_.find(sql.text);
    if (it == prepared_.end()) {
      const std::string statement = "vigil_" + std::to_string(prepared_.size());
      const std::string text = adapt_sql(sql.text, Dialect::kPostgres);
      PGresult* r = PQprepare(conn_, statement.c_str(), text.c_str(), 0, nullptr);
      const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      std::string message = ok ? "" : result_error(r, conn_);
      PQclear(r);
      if (!ok) return error(sql, message);
      it = prepared_.emplace(sql.text, statement).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      if (const auto* v = std::get_if<int64_t>(&params[i])) {
        texts[i] = std::to_string(*v);
      } else if (const auto* s = std::get_if<std::string_view>(&params[i])) {
        texts[i] = std::string(*s);  // text format wants NUL-terminated values
      } else {
        continue;  // NULL
      }
      values[i] = texts[i].c_str();
    }
    PGresult* r = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                 values.data(), nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      std::string message = result_error(r, conn_);
      // SQLSTATE class 23: a constraint (foreign key, not null) refused the data.
      const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
      const bool constraint = state && state[0] == '2' && state[1] == '3';
      PQclear(r);
      return error(sql, message, constraint ? ErrorCode::kInvalidArgument : ErrorCode::kIo);
    }
    std::vector<Row> rows(static_cast<size_t>(PQntuples(r)));
    const int columns = PQnfields(r);
    for (size_t t = 0; t < rows.size(); ++t) {
      rows[t].resize(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        const int tuple = static_cast<int>(t);
        if (PQgetisnull(r, tuple, c)) continue;  // a Cell starts as NULL
        std::string value(PQgetvalue(r, tuple, c), static_cast<size_t>(PQgetlength(r, tuple, c)));
        const Oid type = PQftype(r, c);
        if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) {
          rows[t][c] = cell_int(Cell(std::move(value)));
        } else {
          rows[t][c] = std::move(value);
        }
      }
    }
    PQclear(r);
    return rows;
  }

 private:
  Error error(const Sql& sql, const std::string& message, ErrorCode code = ErrorCode::kIo) const {
    return make_error(code, name_ + ": " + sql.step + ": " + message);
  }

  PGconn* conn_;
  std::string name_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
};

}  // namespace

std::string redact_uri(const std::string& uri) {
  std::string out = uri;
  // postgresql://user:password@host/...
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t at = out.find('@', start);
    const size_t colon = out.find(':', start);
    if (at != std::string::npos && colon < at && out.find('/', start) > at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ...?password=secret&... or "password=secret ..."
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const size_t value = p + 9;
    const size_t end = out.find_first_of("& ", value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

Result<std::unique_ptr<PgStore>> PgStore::open(const std::string& uri) {
  const std::string name = redact_uri(uri);
  PGconn* conn = PQconnectdb(uri.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string message =
        name + ": connect: " + trimmed(conn ? PQerrorMessage(conn) : "out of memory");
    PQfinish(conn);
    return make_error(ErrorCode::kIo, std::move(message));
  }
  // Notices ("relation already exists, skipping", "no transaction in
  // progress") would go to stderr; errors come back as results.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<PgStore> store(new PgStore(std::make_unique<PgConnection>(conn, name)));
  VIGIL_RETURN_IF_ERROR(store->migrate());
  return store;
}

}  // namespace vigil::store
