#include "detect/incident.h"

#include <algorithm>

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

void IncidentTracker::raise(Alert a) {
  ++alerts_;
  const Key key{a.type, a.prefix, a.asn};
  auto [it, added] = incidents_.try_emplace(key);
  Incident& in = it->second;
  if (added) {
    in.type = a.type;
    in.prefix = a.prefix;
    in.watched_prefix = a.watched_prefix;
    in.asn = a.asn;
    in.expected_asns = a.expected_asns;
    in.first_seen = a.time;
    in.code = a.code;
    in.explanation = a.explanation;
    in.id = std::string(alert_type_name(a.type)) + "-" + a.prefix.to_string() + "-AS" +
            std::to_string(a.asn) + "-" + std::to_string(a.time);
  }
  in.last_seen = std::max(in.last_seen, a.time);
  in.severity = std::max(in.severity, a.severity);
  in.peers_now.insert(a.peer);
  in.peers_ever.insert(a.peer);
  in.status = IncidentStatus::kOngoing;
  ++in.alerts;
  if (in.evidence.size() < Incident::kMaxEvidence) in.evidence.push_back(a.evidence);
}

void IncidentTracker::clear(AlertType type, const Prefix& prefix, uint32_t asn, rib::PeerIndex peer,
                            uint32_t time) {
  auto it = incidents_.find(Key{type, prefix, asn});
  if (it == incidents_.end()) return;
  Incident& in = it->second;
  if (in.peers_now.erase(peer) == 0) return;
  in.last_seen = std::max(in.last_seen, time);
  if (in.peers_now.empty() && in.status == IncidentStatus::kOngoing) {
    in.status = IncidentStatus::kWithdrawn;
    in.withdrawn_at = time;
    withdrawn_.emplace_back(time, it->first);
  }
}

void IncidentTracker::advance(uint32_t now) {
  // Data time only moves forward within a stream; entries are in withdrawal
  // order, so only the front can be due.
  while (!withdrawn_.empty() && now >= withdrawn_.front().first + opts_.fade_off_seconds) {
    auto it = incidents_.find(withdrawn_.front().second);
    if (it != incidents_.end() && it->second.status == IncidentStatus::kWithdrawn &&
        it->second.withdrawn_at == withdrawn_.front().first) {
      it->second.status = IncidentStatus::kResolved;
    }
    withdrawn_.pop_front();
  }
}

std::vector<const Incident*> IncidentTracker::reported() const {
  std::vector<const Incident*> out;
  for (const auto& [k, in] : incidents_) {
    if (in.peers_ever.size() >= opts_.min_peers) out.push_back(&in);
  }
  std::sort(out.begin(), out.end(), [](const Incident* a, const Incident* b) {
    return std::tie(a->first_seen, a->id) < std::tie(b->first_seen, b->id);
  });
  return out;
}

}  // namespace vigil::detect
