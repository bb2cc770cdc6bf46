#include "detect/incident.h"

#include <algorithm>

#include "core/text.h"

namespace vigil::detect {

const char* incident_status_name(IncidentStatus s) {
  switch (s) {
    case IncidentStatus::kOngoing:
      return "ongoing";
    case IncidentStatus::kWithdrawn:
      return "withdrawn";
    case IncidentStatus::kResolved:
      return "resolved";
  }
  return "?";
}

const char* disposition_name(Disposition d) {
  switch (d) {
    case Disposition::kNone:
      return "none";
    case Disposition::kAcknowledged:
      return "acknowledged";
    case Disposition::kIgnored:
      return "ignored";
  }
  return "?";
}

std::optional<AlertType> parse_alert_type(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(AlertType::kShutdown); ++i) {
    const auto t = static_cast<AlertType>(i);
    if (name == alert_type_name(t)) return t;
  }
  return std::nullopt;
}

std::vector<std::string> norms_for(AlertType t) {
  switch (t) {
    case AlertType::kOriginHijack:
    case AlertType::kSubprefixHijack:
    case AlertType::kSquatting:
    case AlertType::kPathHijack:
    case AlertType::kMoas:
    case AlertType::kSubMoas:
    case AlertType::kNewAdjacency:
      return {"Network Stability", "Protection from Crime"};
    case AlertType::kRouteLeak:
    case AlertType::kPolicyViolation:
      return {"Network Stability", "Cybersecurity Due Diligence"};
    case AlertType::kRpkiInvalid:
    case AlertType::kAspaInvalid:
    case AlertType::kBogon:
      return {"Cybersecurity Due Diligence", "Global Interoperability"};
    case AlertType::kVisibilityLoss:
    case AlertType::kOutage:
    case AlertType::kShutdown:
      return {"Reliable Access", "Upholding Fundamental Freedoms"};
  }
  return {};
}

const Incident& IncidentTracker::record(Alert a) {
  ++alerts_;
  const Key key{a.type, a.has_prefix ? uint16_t{0} : pack_country(a.country), a.asn,
                a.has_prefix ? a.prefix : Prefix()};
  const uint64_t hash = KeyHash{}(key);
  Entry* entry = find(key, hash);
  const bool added = entry == nullptr;
  if (added) entry = &insert(key, hash);
  Incident& in = entry->in;
  if (added) {
    in.type = a.type;
    in.has_prefix = a.has_prefix;
    in.prefix = a.prefix;
    in.watched_prefix = a.watched_prefix;
    in.asn = a.asn;
    in.expected_asns = std::move(a.expected_asns);
    in.first_seen = a.time;
    in.code = std::move(a.code);
    in.explanation = std::move(a.explanation);
    in.country = a.country;
    if (in.country.empty() && a.asn != 0 && country_of_) in.country = country_of_(a.asn);
    in.id.reserve(80);
    in.id += alert_type_name(a.type);
    in.id += '-';
    if (a.has_prefix) {
      append_prefix(in.id, a.prefix);
      in.id += '-';
    } else if (!a.country.empty() && a.asn == 0) {
      in.id += a.country;
      in.id += '-';
    }
    in.id += "AS";
    append_u32(in.id, a.asn);
    in.id += '-';
    append_u32(in.id, a.time);
    apply_rules(in);
  } else if (!a.explanation.empty() && !a.has_prefix) {
    in.explanation = std::move(a.explanation);  // aggregate alerts restate the latest figures
  }
  in.last_seen = std::max(in.last_seen, a.time);
  in.severity = std::max(in.severity, a.severity);
  if (a.has_prefix) {
    in.peers_now.insert(a.peer);
    in.peers_ever.insert(a.peer);
  } else {
    in.peers_now.insert(kAggregatePeer);
    in.aggregate_peers = std::max(in.aggregate_peers, a.aggregate_peers);
  }
  if (in.status != IncidentStatus::kOngoing) in.withdrawn_at = 0;
  in.status = IncidentStatus::kOngoing;
  ++in.alerts;
  if (in.evidence.size() < Incident::kMaxEvidence) in.evidence.push_back(a.evidence);
  return in;
}

void IncidentTracker::clear_country(AlertType type, const std::string& country, uint32_t time) {
  clear(type, Prefix(), 0, kAggregatePeer, time, country);
}

void IncidentTracker::clear(AlertType type, const Prefix& prefix, uint32_t asn, rib::PeerIndex peer,
                            uint32_t time) {
  if (peer == kAggregatePeer) {
    clear(type, Prefix(), asn, peer, time, std::string());
  } else {
    clear(type, prefix, asn, peer, time, std::string());
  }
}

void IncidentTracker::clear(AlertType type, const Prefix& prefix, uint32_t asn, rib::PeerIndex peer,
                            uint32_t time, const std::string& country) {
  const Key key{type, pack_country(country), asn, prefix};
  Entry* entry = find(key, KeyHash{}(key));
  if (entry == nullptr) return;
  Incident& in = entry->in;
  if (in.peers_now.erase(peer) == 0) return;
  in.last_seen = std::max(in.last_seen, time);
  if (in.peers_now.empty() && in.status == IncidentStatus::kOngoing) {
    in.status = IncidentStatus::kWithdrawn;
    in.withdrawn_at = time;
    withdrawn_.emplace_back(time, entry);
  }
}

IncidentTracker::Entry* IncidentTracker::find(const Key& k, uint64_t hash) const {
  if (index_.empty()) return nullptr;
  const size_t mask = index_.size() - 1;
  for (size_t i = hash & mask; index_[i].entry != nullptr; i = (i + 1) & mask) {
    if (index_[i].hash == hash && index_[i].entry->key == k) return index_[i].entry;
  }
  return nullptr;
}

void IncidentTracker::place(uint64_t hash, Entry* e) {
  const size_t mask = index_.size() - 1;
  size_t i = hash & mask;
  while (index_[i].entry != nullptr) i = (i + 1) & mask;
  index_[i] = {hash, e};
}

IncidentTracker::Entry& IncidentTracker::insert(const Key& k, uint64_t hash) {
  if ((all_.size() + 1) * 2 > index_.size()) {
    std::vector<Slot> old(std::max<size_t>(64, index_.size() * 2));
    old.swap(index_);
    for (const Slot& s : old) {
      if (s.entry != nullptr) place(s.hash, s.entry);
    }
  }
  all_.push_back(std::make_unique<Entry>());
  Entry* e = all_.back().get();
  e->key = k;
  place(hash, e);
  return *e;
}

void IncidentTracker::advance(uint32_t now) {
  // Data time only moves forward within a stream; entries are in withdrawal
  // order, so only the front can be due.
  while (!withdrawn_.empty() && now >= withdrawn_.front().first + opts_.fade_off_seconds) {
    Incident& in = withdrawn_.front().second->in;
    if (in.status == IncidentStatus::kWithdrawn && in.withdrawn_at == withdrawn_.front().first) {
      in.status = IncidentStatus::kResolved;
    }
    withdrawn_.pop_front();
  }
}

bool IncidentTracker::matches(const IncidentRule& r, const Incident& in) {
  if (!r.id.empty() && r.id != in.id) return false;
  if (r.type && *r.type != in.type) return false;
  if (r.asn && *r.asn != in.asn) return false;
  if (r.prefix && !(in.has_prefix && r.prefix->contains(in.prefix))) return false;
  return true;
}

void IncidentTracker::apply_rules(Incident& in) const {
  // Ignoring wins over acknowledging; the first matching rule of the
  // winning kind gives the reason.
  for (const auto action : {Disposition::kIgnored, Disposition::kAcknowledged}) {
    for (const auto& r : rules_) {
      if (r.action == action && matches(r, in)) {
        in.disposition = action;
        in.disposition_reason = r.reason;
        return;
      }
    }
  }
}

void IncidentTracker::add_rule(IncidentRule rule) {
  rules_.push_back(std::move(rule));
  for (auto& e : all_) apply_rules(e->in);
}

size_t IncidentTracker::ignored_count() const {
  size_t n = 0;
  for (const auto& e : all_) {
    const Incident& in = e->in;
    n += in.disposition == Disposition::kIgnored &&
         (!in.has_prefix || in.peers_ever.size() >= opts_.min_peers);
  }
  return n;
}

std::vector<const Incident*> IncidentTracker::reported(bool include_ignored) const {
  std::vector<const Incident*> out;
  for (const auto& e : all_) {
    const Incident& in = e->in;
    // Aggregate incidents (outages) rest on the peers of their signal,
    // which the detector has already required; min_peers is for routes.
    if (in.has_prefix && in.peers_ever.size() < opts_.min_peers) continue;
    if (in.disposition == Disposition::kIgnored && !include_ignored) continue;
    out.push_back(&in);
  }
  std::sort(out.begin(), out.end(), [](const Incident* a, const Incident* b) {
    return std::tie(a->first_seen, a->id) < std::tie(b->first_seen, b->id);
  });
  return out;
}

}  // namespace vigil::detect
