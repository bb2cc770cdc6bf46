// Store: durable incidents, alerts, evidence references, sources, settings
// and holds, with retention. Two backends share one schema and one
// implementation of the queries (sql_store.h): SQLite for one node
// (sqlite_store.h), PostgreSQL for several nodes sharing a store
// (pg_store.h). open_store() (store_uri.h) picks one from a URI.
//
// Thread-safety: none. A Store is one database connection; use one Store
// per thread (several Stores, in one process or many, may open the same
// database at once). Every method either completes or changes nothing:
// writes run in a transaction, and errors come back as Result/Status
// naming the database and the SQL step (no exceptions): kInvalidArgument
// for data the schema refuses (an alert for an unknown incident), kIo for a
// failing database, kMalformed for a damaged one, kUnsupported for a schema
// newer than this code.
//
// Tables and their columns: docs/store.md; the SQL: schema.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/records.h"

namespace vigil::store {

class Store {
 public:
  virtual ~Store() = default;

  // Incidents are upserted by id (every field replaced, its evidence list
  // too); alerts are appended and must name a stored incident. One batch is
  // one transaction: all of it is written or none. Incidents go first, so a
  // batch's alerts may name its incidents.
  virtual Status write_batch(std::span<const StoredIncident> incidents,
                             std::span<const AlertRecord> alerts) = 0;
  Status upsert_incident(const StoredIncident& in) { return write_batch({&in, 1}, {}); }
  Status append_alert(const AlertRecord& a) { return write_batch({}, {&a, 1}); }

  virtual Result<std::optional<StoredIncident>> get_incident(std::string_view id) = 0;
  virtual Result<std::vector<StoredIncident>> list_incidents(const IncidentFilter& filter) = 0;
  // The incident's alerts in the order they were appended.
  virtual Result<std::vector<AlertRecord>> list_alerts(std::string_view incident_id) = 0;

  // Adding an existing (incident, leaf) pair replaces its record.
  virtual Status add_evidence_ref(std::string_view incident_id, const EvidenceRef& ref) = 0;
  // By leaf index.
  virtual Result<std::vector<EvidenceRef>> list_evidence_refs(std::string_view incident_id) = 0;

  virtual Status upsert_source(const Source& s) = 0;
  virtual Result<std::vector<Source>> list_sources() = 0;  // by name

  virtual Status set_setting(std::string_view key, std::string_view value) = 0;
  virtual Result<std::optional<std::string>> get_setting(std::string_view key) = 0;

  // Holding a stored incident exempts it from retention; holding it again
  // replaces reason and time. An unknown incident is an error.
  virtual Status hold(std::string_view incident_id, std::string_view reason, uint64_t time) = 0;
  // False when it was not held.
  virtual Result<bool> release_hold(std::string_view incident_id) = 0;
  virtual Result<std::vector<Hold>> list_holds() = 0;  // by incident id

  // Deletes every resolved, unheld incident whose last_seen and
  // withdrawn_at are both older than now - max_age_seconds, with its
  // alerts, evidence list and evidence references.
  virtual Result<RetentionResult> apply_retention(uint64_t now, uint64_t max_age_seconds) = 0;

  // The schema version of the database (after migrations on open).
  virtual int schema_version() const = 0;
};

}  // namespace vigil::store
