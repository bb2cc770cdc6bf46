#include "store/store_uri.h"

#include "store/pg_store.h"
#include "store/sqlite_store.h"

namespace vigil::store {
namespace {

template <typename T>
Result<std::unique_ptr<Store>> upcast(Result<std::unique_ptr<T>> r) {
  if (!r.ok()) return std::move(r).error();
  return std::unique_ptr<Store>(std::move(*r));
}

}  // namespace

Result<std::unique_ptr<Store>> open_store(const std::string& uri) {
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0) {
    return upcast(PgStore::open(uri));
  }
  if (uri.rfind("sqlite:", 0) == 0) return upcast(SqliteStore::open(uri.substr(7)));
  if (const size_t scheme = uri.find("://"); scheme != std::string::npos) {
    return make_error(ErrorCode::kInvalidArgument,
                      "store URI '" + redact_uri(uri) + "': unknown scheme '" +
                          uri.substr(0, scheme) +
                          "' (use a path, sqlite:PATH or postgresql://...)");
  }
  if (uri.empty()) return make_error(ErrorCode::kInvalidArgument, "store URI is empty");
  return upcast(SqliteStore::open(uri));
}

}  // namespace vigil::store
