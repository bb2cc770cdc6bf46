#include "store/schema.h"

#include <algorithm>

namespace vigil::store {

const std::vector<Migration>& migrations() {
  // Never edit a released migration: add one. Columns are BIGINT or TEXT in
  // both dialects; times are Unix seconds; lists are TEXT (docs/store.md).
  static const std::vector<Migration> kMigrations = {
      {1,
       "migration 1 (incidents, alerts, evidence, sources, settings)",
       {
           "CREATE TABLE schema_version (app TEXT PRIMARY KEY, version BIGINT NOT NULL)",
           "CREATE TABLE incidents ("
           " id TEXT PRIMARY KEY,"
           " type TEXT NOT NULL,"
           " prefix TEXT,"
           " watched_prefix TEXT,"
           " asn BIGINT NOT NULL,"
           " expected_asns TEXT NOT NULL,"
           " first_seen BIGINT NOT NULL,"
           " last_seen BIGINT NOT NULL,"
           " withdrawn_at BIGINT NOT NULL,"
           " status TEXT NOT NULL,"
           " peers BIGINT NOT NULL,"
           " peers_now BIGINT NOT NULL,"
           " peer_list TEXT NOT NULL,"
           " severity TEXT NOT NULL,"
           " norms TEXT NOT NULL,"
           " country TEXT NOT NULL,"
           " code TEXT NOT NULL,"
           " explanation TEXT NOT NULL,"
           " alerts BIGINT NOT NULL,"
           " disposition TEXT NOT NULL,"
           " disposition_reason TEXT NOT NULL)",
           "CREATE INDEX incidents_first_seen ON incidents (first_seen)",
           "CREATE TABLE incident_evidence ("
           " incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
           " seq BIGINT NOT NULL,"
           " file TEXT NOT NULL,"
           " file_offset BIGINT NOT NULL,"
           " record_time BIGINT NOT NULL,"
           " PRIMARY KEY (incident_id, seq))",
           "CREATE TABLE alerts ("
           " id AUTO_ID,"
           " incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
           " peer TEXT NOT NULL,"
           " alert_time BIGINT NOT NULL,"
           " file TEXT NOT NULL,"
           " file_offset BIGINT NOT NULL,"
           " record_time BIGINT NOT NULL,"
           " leaf_index BIGINT)",
           "CREATE INDEX alerts_incident ON alerts (incident_id)",
           "CREATE TABLE evidence_refs ("
           " incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
           " leaf_index BIGINT NOT NULL,"
           " file TEXT NOT NULL,"
           " file_offset BIGINT NOT NULL,"
           " record_time BIGINT NOT NULL,"
           " PRIMARY KEY (incident_id, leaf_index))",
           "CREATE INDEX evidence_refs_leaf ON evidence_refs (leaf_index)",
           "CREATE TABLE sources ("
           " name TEXT PRIMARY KEY,"
           " kind TEXT NOT NULL,"
           " first_seen BIGINT NOT NULL,"
           " last_seen BIGINT NOT NULL)",
           "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
       }},
      {2,
       "migration 2 (holds, retention indexes)",
       {
           // No ON DELETE: a held incident cannot be deleted by mistake.
           "CREATE TABLE holds ("
           " incident_id TEXT PRIMARY KEY REFERENCES incidents (id),"
           " reason TEXT NOT NULL,"
           " held_at BIGINT NOT NULL)",
           "CREATE INDEX incidents_retention ON incidents (status, last_seen)",
           "CREATE INDEX alerts_leaf ON alerts (leaf_index)",
       }},
  };
  return kMigrations;
}

namespace {

Status check_and_apply(SqlConnection& c, int& version) {
  const Dialect d = c.dialect();
  if (*migration_lock_sql(d))
    VIGIL_RETURN_IF_ERROR(c.run({"lock for migration", migration_lock_sql(d)}));
  VIGIL_TRY(auto tables, c.run({"list tables", list_tables_sql(d)}));
  const bool versioned = std::any_of(tables.begin(), tables.end(), [](const Row& r) {
    return cell_text(r[0]) == "schema_version";
  });
  version = 0;
  if (!versioned && !tables.empty()) {
    std::string names;
    for (size_t i = 0; i < tables.size() && i < 5; ++i) {
      names += (i ? ", " : "") + cell_text(tables[i][0]);
    }
    if (tables.size() > 5) names += ", ...";
    return make_error(ErrorCode::kInvalidArgument,
                      c.name() + ": not a vigil store: it has tables (" + names +
                          ") but no schema_version table; refusing to add ours to another "
                          "application's database");
  }
  if (versioned) {
    auto rows =
        c.run({"read schema version", "SELECT version FROM schema_version WHERE app = 'vigil'"});
    if (!rows.ok() || rows->size() != 1) {
      return make_error(ErrorCode::kInvalidArgument,
                        c.name() +
                            ": not a vigil store: its schema_version table has no 'vigil' row" +
                            (rows.ok() ? std::string() : " (" + rows.error().message + ")"));
    }
    const int64_t v = cell_int((*rows)[0][0]);
    if (v > kSchemaVersion) {
      return make_error(ErrorCode::kUnsupported,
                        c.name() + ": schema version " + std::to_string(v) +
                            " is newer than this build of vigil knows (" +
                            std::to_string(kSchemaVersion) + "); use a newer vigil");
    }
    if (v < 1) {
      return make_error(ErrorCode::kMalformed,
                        c.name() + ": invalid schema version " + std::to_string(v));
    }
    version = static_cast<int>(v);
  }
  if (version == kSchemaVersion) return Status::Ok();
  const int from = version;
  for (const Migration& m : migrations()) {
    if (m.version <= version) continue;
    for (const char* statement : m.statements) {
      VIGIL_RETURN_IF_ERROR(c.run({m.what, statement}));
    }
    version = m.version;
  }
  const int64_t to = version;
  const Param p[] = {to};
  if (from == 0) {
    VIGIL_RETURN_IF_ERROR(c.run(
        {"record schema version", "INSERT INTO schema_version (app, version) VALUES ('vigil', $1)"},
        p));
  } else {
    VIGIL_RETURN_IF_ERROR(c.run(
        {"record schema version", "UPDATE schema_version SET version = $1 WHERE app = 'vigil'"},
        p));
  }
  return Status::Ok();
}

}  // namespace

Result<int> migrate(SqlConnection& c) {
  int version = 0;
  VIGIL_RETURN_IF_ERROR(
      in_transaction(c, begin_write_sql(c.dialect()), [&] { return check_and_apply(c, version); }));
  return version;
}

}  // namespace vigil::store
