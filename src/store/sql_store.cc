#include "store/sql_store.h"

#include <algorithm>
#include <unordered_map>

#include "store/incident_codec.h"
#include "store/schema.h"

namespace vigil::store {
namespace {

// Adds what the step was about to an error from the connection.
Error about(Error e, const std::string& what) {
  e.message += " (" + what + ")";
  return e;
}

int64_t as_int(uint64_t v) { return static_cast<int64_t>(v); }  // leaf indices, offsets

// The value of a one-row, one-column result (COUNT), 0 when there is none.
int64_t single_int(const std::vector<Row>& rows) {
  return rows.empty() || rows[0].empty() ? 0 : cell_int(rows[0][0]);
}

detect::Evidence evidence_from(const Cell& file, const Cell& offset, const Cell& time) {
  return {cell_text(file), static_cast<uint64_t>(cell_int(offset)),
          static_cast<uint32_t>(cell_int(time))};
}

// Resolved, unheld incidents that ended before $1.
const std::string kExpired =
    "SELECT id FROM incidents WHERE status = 'resolved' AND last_seen < $1 AND withdrawn_at < $1 "
    "AND id NOT IN (SELECT incident_id FROM holds)";

}  // namespace

Status SqlStore::migrate() {
  VIGIL_TRY(version_, store::migrate(*c_));
  return Status::Ok();
}

Status SqlStore::write_incident(const StoredIncident& in) {
  static const Sql kUpsert = [] {
    std::string set;
    std::string_view cols = kIncidentColumns;
    std::string values;
    for (size_t i = 1; i <= kIncidentColumnCount; ++i) {
      values += (i > 1 ? ", $" : "$") + std::to_string(i);
    }
    // "a, b, c" -> "b = excluded.b, c = excluded.c" (id is the key).
    for (size_t start = cols.find(',') + 2; start < cols.size();) {
      size_t end = std::min(cols.find(',', start), cols.size());
      const std::string col(cols.substr(start, end - start));
      set += (set.empty() ? "" : ", ") + col + " = excluded." + col;
      start = end + 2;
    }
    return Sql{"upsert incident", "INSERT INTO incidents (" + std::string(cols) + ") VALUES (" +
                                      values + ") ON CONFLICT (id) DO UPDATE SET " + set};
  }();
  static const Sql kClearEvidence{"replace incident evidence",
                                  "DELETE FROM incident_evidence WHERE incident_id = $1"};
  static const Sql kAddEvidence{"replace incident evidence",
                                "INSERT INTO incident_evidence (incident_id, seq, file, "
                                "file_offset, record_time) VALUES ($1, $2, $3, $4, $5)"};
  IncidentParams p(in);
  auto r = c_->run(kUpsert, p.params);
  if (!r.ok()) return about(r.error(), "incident '" + in.id + "'");
  const Param id[] = {std::string_view(in.id)};
  VIGIL_RETURN_IF_ERROR(c_->run(kClearEvidence, id));
  for (size_t i = 0; i < in.evidence.size(); ++i) {
    const detect::Evidence& e = in.evidence[i];
    const Param ev[] = {std::string_view(in.id), static_cast<int64_t>(i), std::string_view(e.file),
                        as_int(e.offset), int64_t{e.time}};
    VIGIL_RETURN_IF_ERROR(c_->run(kAddEvidence, ev));
  }
  return Status::Ok();
}

Status SqlStore::write_batch(std::span<const StoredIncident> incidents,
                             std::span<const AlertRecord> alerts) {
  static const Sql kAlert{"append alert",
                          "INSERT INTO alerts (incident_id, peer, alert_time, file, file_offset, "
                          "record_time, leaf_index) VALUES ($1, $2, $3, $4, $5, $6, $7)"};
  return in_transaction(*c_, begin_write_sql(c_->dialect()), [&]() -> Status {
    for (const StoredIncident& in : incidents) VIGIL_RETURN_IF_ERROR(write_incident(in));
    for (const AlertRecord& a : alerts) {
      const Param p[] = {std::string_view(a.incident_id),
                         std::string_view(a.peer),
                         int64_t{a.time},
                         std::string_view(a.evidence.file),
                         as_int(a.evidence.offset),
                         int64_t{a.evidence.time},
                         a.leaf_index ? Param(as_int(*a.leaf_index)) : Param(nullptr)};
      auto r = c_->run(kAlert, p);
      if (!r.ok()) return about(r.error(), "alert for incident '" + a.incident_id + "'");
    }
    return Status::Ok();
  });
}

Result<std::vector<StoredIncident>> SqlStore::select_incidents(const std::string& where,
                                                               std::span<const Param> params,
                                                               const std::string& tail) {
  const std::string chosen = "SELECT id FROM incidents" + where + tail;
  const Sql incidents{"read incidents",
                      std::string("SELECT ") + kIncidentColumns + " FROM incidents" + where + tail};
  const Sql evidence{"read incident evidence",
                     "SELECT incident_id, file, file_offset, record_time FROM incident_evidence "
                     "WHERE incident_id IN (" +
                         chosen + ") ORDER BY incident_id, seq"};
  std::vector<StoredIncident> out;
  Status s = in_transaction(*c_, begin_read_sql(c_->dialect()), [&]() -> Status {
    VIGIL_TRY(auto rows, c_->run(incidents, params));
    std::unordered_map<std::string, size_t> index;
    for (const Row& r : rows) {
      VIGIL_TRY(StoredIncident in, incident_from_row(r));
      index.emplace(in.id, out.size());
      out.push_back(std::move(in));
    }
    if (out.empty()) return Status::Ok();
    VIGIL_TRY(auto ev, c_->run(evidence, params));
    for (const Row& r : ev) {
      auto it = index.find(cell_text(r[0]));
      if (it != index.end()) out[it->second].evidence.push_back(evidence_from(r[1], r[2], r[3]));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return out;
}

Result<std::optional<StoredIncident>> SqlStore::get_incident(std::string_view id) {
  const Param p[] = {id};
  VIGIL_TRY(auto found, select_incidents(" WHERE id = $1", p, ""));
  if (found.empty()) return std::optional<StoredIncident>();
  return std::optional<StoredIncident>(std::move(found.front()));
}

Result<std::vector<StoredIncident>> SqlStore::list_incidents(const IncidentFilter& f) {
  std::vector<Param> params;
  std::string where;
  auto add = [&](const char* condition, Param p) {
    params.push_back(p);
    where += (where.empty() ? " WHERE " : " AND ") + std::string(condition) + " $" +
             std::to_string(params.size());
  };
  if (f.status) add("status =", std::string_view(detect::incident_status_name(*f.status)));
  if (f.type) add("type =", std::string_view(detect::alert_type_name(*f.type)));
  if (f.since) add("last_seen >=", int64_t{*f.since});
  std::string tail = " ORDER BY first_seen, id";
  if (f.limit) {  // a parameter: one prepared statement whatever the limit
    params.push_back(static_cast<int64_t>(f.limit));
    tail += " LIMIT $" + std::to_string(params.size());
  }
  return select_incidents(where, params, tail);
}

Result<std::vector<AlertRecord>> SqlStore::list_alerts(std::string_view incident_id) {
  static const Sql kList{"read alerts",
                         "SELECT peer, alert_time, file, file_offset, record_time, leaf_index "
                         "FROM alerts WHERE incident_id = $1 ORDER BY id"};
  const Param p[] = {incident_id};
  VIGIL_TRY(auto rows, c_->run(kList, p));
  std::vector<AlertRecord> out;
  for (const Row& r : rows) {
    AlertRecord a;
    a.incident_id = std::string(incident_id);
    a.peer = cell_text(r[0]);
    a.time = static_cast<uint32_t>(cell_int(r[1]));
    a.evidence = evidence_from(r[2], r[3], r[4]);
    if (!cell_null(r[5])) a.leaf_index = static_cast<uint64_t>(cell_int(r[5]));
    out.push_back(std::move(a));
  }
  return out;
}

Status SqlStore::add_evidence_ref(std::string_view incident_id, const EvidenceRef& ref) {
  static const Sql kAdd{
      "add evidence reference",
      "INSERT INTO evidence_refs (incident_id, leaf_index, file, file_offset, record_time) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (incident_id, leaf_index) DO UPDATE SET "
      "file = excluded.file, file_offset = excluded.file_offset, record_time = "
      "excluded.record_time"};
  const Param p[] = {incident_id, as_int(ref.leaf_index), std::string_view(ref.record.file),
                     as_int(ref.record.offset), int64_t{ref.record.time}};
  auto r = c_->run(kAdd, p);
  if (!r.ok()) return about(r.error(), "incident '" + std::string(incident_id) + "'");
  return Status::Ok();
}

Result<std::vector<EvidenceRef>> SqlStore::list_evidence_refs(std::string_view incident_id) {
  static const Sql kList{"read evidence references",
                         "SELECT leaf_index, file, file_offset, record_time FROM evidence_refs "
                         "WHERE incident_id = $1 ORDER BY leaf_index"};
  const Param p[] = {incident_id};
  VIGIL_TRY(auto rows, c_->run(kList, p));
  std::vector<EvidenceRef> out;
  for (const Row& r : rows) {
    out.push_back({static_cast<uint64_t>(cell_int(r[0])), evidence_from(r[1], r[2], r[3])});
  }
  return out;
}

Status SqlStore::upsert_source(const Source& s) {
  static const Sql kUpsert{
      "upsert source",
      "INSERT INTO sources (name, kind, first_seen, last_seen) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
      "first_seen = CASE WHEN excluded.first_seen < sources.first_seen "
      "THEN excluded.first_seen ELSE sources.first_seen END, "
      "last_seen = CASE WHEN excluded.last_seen > sources.last_seen "
      "THEN excluded.last_seen ELSE sources.last_seen END"};
  const Param p[] = {std::string_view(s.name), std::string_view(s.kind), int64_t{s.first_seen},
                     int64_t{s.last_seen}};
  VIGIL_RETURN_IF_ERROR(c_->run(kUpsert, p));
  return Status::Ok();
}

Result<std::vector<Source>> SqlStore::list_sources() {
  static const Sql kList{"read sources",
                         "SELECT name, kind, first_seen, last_seen FROM sources ORDER BY name"};
  VIGIL_TRY(auto rows, c_->run(kList));
  std::vector<Source> out;
  for (const Row& r : rows) {
    out.push_back({cell_text(r[0]), cell_text(r[1]), static_cast<uint32_t>(cell_int(r[2])),
                   static_cast<uint32_t>(cell_int(r[3]))});
  }
  return out;
}

Status SqlStore::set_setting(std::string_view key, std::string_view value) {
  static const Sql kSet{"set setting",
                        "INSERT INTO settings (name, value) VALUES ($1, $2) "
                        "ON CONFLICT (name) DO UPDATE SET value = excluded.value"};
  const Param p[] = {key, value};
  VIGIL_RETURN_IF_ERROR(c_->run(kSet, p));
  return Status::Ok();
}

Result<std::optional<std::string>> SqlStore::get_setting(std::string_view key) {
  static const Sql kGet{"read setting", "SELECT value FROM settings WHERE name = $1"};
  const Param p[] = {key};
  VIGIL_TRY(auto rows, c_->run(kGet, p));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(cell_text(rows[0][0]));
}

Status SqlStore::hold(std::string_view incident_id, std::string_view reason, uint64_t time) {
  static const Sql kExists{"hold incident", "SELECT id FROM incidents WHERE id = $1"};
  static const Sql kHold{"hold incident",
                         "INSERT INTO holds (incident_id, reason, held_at) VALUES ($1, $2, $3) "
                         "ON CONFLICT (incident_id) DO UPDATE SET reason = excluded.reason, "
                         "held_at = excluded.held_at"};
  return in_transaction(*c_, begin_write_sql(c_->dialect()), [&]() -> Status {
    const Param id[] = {incident_id};
    VIGIL_TRY(auto rows, c_->run(kExists, id));
    if (rows.empty()) {
      return make_error(ErrorCode::kInvalidArgument,
                        c_->name() + ": hold: no incident '" + std::string(incident_id) + "'");
    }
    const Param p[] = {incident_id, reason, as_int(time)};
    VIGIL_RETURN_IF_ERROR(c_->run(kHold, p));
    return Status::Ok();
  });
}

Result<bool> SqlStore::release_hold(std::string_view incident_id) {
  static const Sql kRelease{"release hold",
                            "DELETE FROM holds WHERE incident_id = $1 RETURNING incident_id"};
  const Param p[] = {incident_id};
  VIGIL_TRY(auto rows, c_->run(kRelease, p));
  return !rows.empty();
}

Result<std::vector<Hold>> SqlStore::list_holds() {
  static const Sql kList{"read holds",
                         "SELECT incident_id, reason, held_at FROM holds ORDER BY incident_id"};
  VIGIL_TRY(auto rows, c_->run(kList));
  std::vector<Hold> out;
  for (const Row& r : rows) {
    out.push_back({cell_text(r[0]), cell_text(r[1]), static_cast<uint64_t>(cell_int(r[2]))});
  }
  return out;
}

Result<RetentionResult> SqlStore::apply_retention(uint64_t now, uint64_t max_age_seconds) {
  // Leaves referenced by expiring rows and by no row that stays; computed
  // before the deletes, in the same transaction.
  static const Sql kOrphans{
      "find orphaned evidence leaves",
      "SELECT g.leaf_index FROM (SELECT leaf_index FROM alerts WHERE leaf_index IS NOT NULL "
      "AND incident_id IN (" +
          kExpired + ") UNION SELECT leaf_index FROM evidence_refs WHERE incident_id IN (" +
          kExpired +
          ")) AS g WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.leaf_index = g.leaf_index "
          "AND a.incident_id NOT IN (" +
          kExpired +
          ")) AND NOT EXISTS (SELECT 1 FROM evidence_refs r WHERE r.leaf_index = g.leaf_index "
          "AND r.incident_id NOT IN (" +
          kExpired + ")) ORDER BY g.leaf_index"};
  static const Sql kCountAlerts{
      "count expired alerts",
      "SELECT COUNT(*) FROM alerts WHERE incident_id IN (" + kExpired + ")"};
  static const Sql kCountRefs{
      "count expired evidence references",
      "SELECT COUNT(*) FROM evidence_refs WHERE incident_id IN (" + kExpired + ")"};
  static const Sql kDeletes[] = {
      {"delete expired alerts", "DELETE FROM alerts WHERE incident_id IN (" + kExpired + ")"},
      {"delete expired evidence references",
       "DELETE FROM evidence_refs WHERE incident_id IN (" + kExpired + ")"},
      {"delete expired incident evidence",
       "DELETE FROM incident_evidence WHERE incident_id IN (" + kExpired + ")"},
  };
  static const Sql kDeleteIncidents{
      "delete expired incidents",
      "DELETE FROM incidents WHERE id IN (" + kExpired + ") RETURNING id"};
  RetentionResult out;
  if (max_age_seconds >= now) return out;  // nothing can be that old
  const Param cutoff[] = {as_int(now - max_age_seconds)};
  Status s = in_transaction(*c_, begin_write_sql(c_->dialect()), [&]() -> Status {
    VIGIL_TRY(auto leaves, c_->run(kOrphans, cutoff));
    for (const Row& r : leaves)
      out.orphaned_leaves.push_back(static_cast<uint64_t>(cell_int(r[0])));
    VIGIL_TRY(auto alerts, c_->run(kCountAlerts, cutoff));
    out.alerts = static_cast<uint64_t>(single_int(alerts));
    VIGIL_TRY(auto refs, c_->run(kCountRefs, cutoff));
    out.evidence_refs = static_cast<uint64_t>(single_int(refs));
    for (const Sql& d : kDeletes) VIGIL_RETURN_IF_ERROR(c_->run(d, cutoff));
    VIGIL_TRY(auto ids, c_->run(kDeleteIncidents, cutoff));
    for (const Row& r : ids) out.incidents.push_back(cell_text(r[0]));
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  std::sort(out.incidents.begin(), out.incidents.end());
  std::sort(out.orphaned_leaves.begin(), out.orphaned_leaves.end());
  return out;
}

}  // namespace vigil::store
