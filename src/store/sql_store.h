// SqlStore: the Store, written once over a SqlConnection; the SQLite and
// PostgreSQL stores are this plus how to connect (sqlite_store.h,
// pg_store.h). Same thread-safety as Store: one per thread.
#pragma once

#include <memory>

#include "store/sql_connection.h"
#include "store/store.h"

namespace vigil::store {

class SqlStore : public Store {
 public:
  Status write_batch(std::span<const StoredIncident> incidents,
                     std::span<const AlertRecord> alerts) override;
  Result<std::optional<StoredIncident>> get_incident(std::string_view id) override;
  Result<std::vector<StoredIncident>> list_incidents(const IncidentFilter& filter) override;
  Result<std::vector<AlertRecord>> list_alerts(std::string_view incident_id) override;
  Status add_evidence_ref(std::string_view incident_id, const EvidenceRef& ref) override;
  Result<std::vector<EvidenceRef>> list_evidence_refs(std::string_view incident_id) override;
  Status upsert_source(const Source& s) override;
  Result<std::vector<Source>> list_sources() override;
  Status set_setting(std::string_view key, std::string_view value) override;
  Result<std::optional<std::string>> get_setting(std::string_view key) override;
  Status hold(std::string_view incident_id, std::string_view reason, uint64_t time) override;
  Result<bool> release_hold(std::string_view incident_id) override;
  Result<std::vector<Hold>> list_holds() override;
  Result<RetentionResult> apply_retention(uint64_t now, uint64_t max_age_seconds) override;
  int schema_version() const override { return version_; }

 protected:
  explicit SqlStore(std::unique_ptr<SqlConnection> c) : c_(std::move(c)) {}
  // Runs the migrations (schema.h); once, before anything else. The error
  // says why the database cannot be used as a store.
  Status migrate();

 private:
  // Incidents (with their evidence lists) matching `where` (SQL over the
  // incidents table, using `params`), ordered and limited by `tail`.
  Result<std::vector<StoredIncident>> select_incidents(const std::string& where,
                                                       std::span<const Param> params,
                                                       const std::string& tail);
  Status write_incident(const StoredIncident& in);

  std::unique_ptr<SqlConnection> c_;
  int version_ = 0;
};

}  // namespace vigil::store
