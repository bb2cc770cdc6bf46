#include "apps/vigil/evidence_keeping.h"

#include <algorithm>

#include "store/store_uri.h"
#include "wire/mrt/header.h"

namespace vigil::app {

namespace {

// The type and subtype of an MRT record from its first 8 octets (the
// engine hands whole records); {0, 0} when too short.
std::pair<uint16_t, uint16_t> record_type(Bytes raw) {
  if (raw.size() < mrt::kHeaderSize) return {0, 0};
  return {static_cast<uint16_t>(raw[4] << 8 | raw[5]), static_cast<uint16_t>(raw[6] << 8 | raw[7])};
}

bool is_table_dump_v2_rib(Bytes raw) {
  const auto [type, subtype] = record_type(raw);
  return type == mrt::kTypeTableDumpV2 && subtype != mrt::kPeerIndexTable &&
         subtype != mrt::kGeoPeerTable;
}

bool looks_like_sqlite_path(const std::string& uri) { return uri.find("://") == std::string::npos; }

std::string sqlite_file(const std::string& uri) {
  return uri.rfind("sqlite:", 0) == 0 ? uri.substr(7) : uri;
}

}  // namespace

Result<std::unique_ptr<EvidenceKeeping>> EvidenceKeeping::open(const std::string& store_uri,
                                                               const std::string& evidence_dir) {
  std::unique_ptr<EvidenceKeeping> k(new EvidenceKeeping());
  auto st = store::open_store(store_uri);
  if (!st) return st.error();
  k->store_ = std::move(*st);
  k->evidence_dir_ = evidence_dir;
  if (k->evidence_dir_.empty()) {
    if (!looks_like_sqlite_path(store_uri)) {
      return make_error(ErrorCode::kInvalidArgument,
                        "a PostgreSQL store needs --evidence DIR for the evidence log");
    }
    k->evidence_dir_ = sqlite_file(store_uri) + ".evidence";
  }
  auto log = evidence::EvidenceLog::open(k->evidence_dir_);
  if (!log) return log.error();
  k->log_ = std::move(*log);
  return k;
}

void EvidenceKeeping::see_record(const std::string& file, const dump::RecordView& rec) {
  auto [it, added] = seen_.try_emplace(file, rec.header.timestamp, rec.header.timestamp);
  if (!added) {
    it->second.first = std::min(it->second.first, rec.header.timestamp);
    it->second.second = std::max(it->second.second, rec.header.timestamp);
  }
  if (rec.header.type == mrt::kTypeTableDumpV2 && rec.header.subtype == mrt::kPeerIndexTable) {
    FileTables& t = tables_[file];
    t.peer_index.assign(rec.raw.begin(), rec.raw.end());
    t.offset = rec.offset;
    t.leaf = detect::Evidence::kNoLeaf;  // a new table: kept when first needed
  }
}

detect::Engine::EvidenceKeeper EvidenceKeeping::keeper() {
  return [this](const detect::Evidence& ev, Bytes raw) { return keep(ev, raw); };
}

Result<uint64_t> EvidenceKeeping::append(const std::string& source, uint32_t time, Bytes raw) {
  evidence::RecordView r;
  r.source = source;
  r.receive_time_us = uint64_t{time} * 1000000;  // replayed: the record's own time
  r.kind = evidence::RecordKind::kMrtRecord;
  r.raw = raw;
  auto leaf = log_->append(r);
  if (leaf) ++leaves_added_;
  return leaf;
}

Result<uint64_t> EvidenceKeeping::keep(const detect::Evidence& ev, Bytes raw) {
  const FileTables* table = nullptr;
  if (is_table_dump_v2_rib(raw)) {
    auto it = tables_.find(ev.file);
    if (it != tables_.end() && !it->second.peer_index.empty()) {
      if (it->second.leaf == detect::Evidence::kNoLeaf) {
        auto leaf = append(ev.file, ev.time, it->second.peer_index);
        if (!leaf) return leaf.error();
        it->second.leaf = *leaf;
        it->second.time = ev.time;
      }
      table = &it->second;
    }
  }
  auto leaf = append(ev.file, ev.time, raw);
  if (!leaf) return leaf.error();
  if (table != nullptr) context_[*leaf] = {ev.file, table->offset, table->time, table->leaf};
  return *leaf;
}

detect::Engine::AlertObserver EvidenceKeeping::observer(const rib::Rib& rib) {
  return [this, &rib](const detect::Incident& in, const detect::Alert& a) {
    store::AlertRecord r;
    r.incident_id = in.id;
    if (a.has_prefix && a.peer < rib.peers().size()) {
      const rib::PeerInfo& p = rib.peers()[a.peer];
      r.peer = p.address.to_string() + " AS" + std::to_string(p.asn);
    }
    r.time = a.time;
    r.evidence = a.evidence;
    if (a.evidence.leaf != detect::Evidence::kNoLeaf) r.leaf_index = a.evidence.leaf;
    alerts_.push_back(std::move(r));
  };
}

Status EvidenceKeeping::finish(const detect::IncidentTracker& incidents, const rib::Rib& rib,
                               const std::vector<std::string>& files) {
  if (Status s = log_->commit(); !s) return s;
  if (log_->size() > 0) {
    if (auto head = log_->sign_head(); !head) return head.error();
  }
  std::vector<store::StoredIncident> stored;
  const auto all = incidents.reported(/*include_ignored=*/true);
  stored.reserve(all.size());
  for (const detect::Incident* in : all) stored.push_back(store::to_stored(*in, rib.peers()));
  // Alerts of incidents below the noise controls (min_peers) are not kept:
  // their incident is not stored.
  std::vector<store::AlertRecord> alerts;
  {
    std::map<std::string, bool> kept;
    for (const auto& s : stored) kept[s.id] = true;
    for (auto& a : alerts_) {
      if (kept.count(a.incident_id)) alerts.push_back(std::move(a));
    }
    alerts_.clear();
  }
  if (Status s = store_->write_batch(stored, alerts); !s) return s;
  for (const detect::Incident* in : all) {
    // A replay of the same files again (the incident ids are the same)
    // keeps its records again, under new leaves: the incident keeps
    // referencing the first copy of each record.
    auto existing = store_->list_evidence_refs(in->id);
    if (!existing) return existing.error();
    const auto known = [&](const detect::Evidence& ev) {
      return std::any_of(existing->begin(), existing->end(), [&](const store::EvidenceRef& r) {
        return r.record.file == ev.file && r.record.offset == ev.offset && r.record.time == ev.time;
      });
    };
    for (const detect::Evidence& ev : in->evidence) {
      if (ev.leaf == detect::Evidence::kNoLeaf || known(ev)) continue;
      if (Status s = store_->add_evidence_ref(in->id, {ev.leaf, ev}); !s) return s;
      if (auto c = context_.find(ev.leaf); c != context_.end() && !known(c->second)) {
        if (Status s = store_->add_evidence_ref(in->id, {c->second.leaf, c->second}); !s) return s;
      }
    }
  }
  for (const auto& f : files) {
    store::Source src;
    src.name = f;
    src.kind = "mrt-file";
    if (auto it = seen_.find(f); it != seen_.end()) {
      src.first_seen = it->second.first;
      src.last_seen = it->second.second;
    }
    if (Status s = store_->upsert_source(src); !s) return s;
  }
  return log_->close();
}

}  // namespace vigil::app
