// open_store(): a Store from a URI.
//
//   /var/lib/vigil/store.db, store.db      SQLite file (sqlite_store.h)
//   sqlite:/var/lib/vigil/store.db         the same, explicitly
//   postgresql://user@host:5432/vigil      PostgreSQL (pg_store.h); postgres://
//                                          too, with any libpq URI parameters
//
// Any other "scheme://..." is an error (kInvalidArgument). The Store owns its
// connection; one per thread.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace vigil::store {

Result<std::unique_ptr<Store>> open_store(const std::string& uri);

}  // namespace vigil::store
