#include "apps/vigil/scorecard.h"

#include <algorithm>

namespace vigil::app {

namespace {

using exercise::EventType;
using exercise::TruthRecord;

constexpr uint32_t kGraceSeconds = 900;

bool has(const std::vector<uint32_t>& v, uint32_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool about_prefix(const TruthRecord& t, const detect::Incident& in) {
  if (!in.has_prefix) return false;
  for (const Prefix& p : t.prefixes) {
    if (p == in.prefix || p.contains(in.prefix)) return true;
  }
  return t.covering && t.covering->contains(in.prefix);
}

bool in_window(const TruthRecord& t, const detect::Incident& in, uint32_t data_end) {
  const uint32_t end = t.end ? *t.end : data_end;
  return in.first_seen >= t.start && in.first_seen <= end + kGraceSeconds;
}

bool matches(const TruthRecord& t, const detect::Incident& in, uint32_t data_end,
             const CutOff& cut_off) {
  if (!in_window(t, in, data_end)) return false;
  switch (t.type) {
    case EventType::kExactPrefixHijack:
    case EventType::kSubPrefixHijack:
    case EventType::kForgedOriginHijack:
    case EventType::kDnsRootHijack:
    case EventType::kRpkiInvalid:
      return about_prefix(t, in) || (t.attacker_asn != 0 && in.asn == t.attacker_asn);
    case EventType::kRouteLeak:
      return (t.leaker_asn != 0 && in.asn == t.leaker_asn) || about_prefix(t, in);
    case EventType::kAsOutage:
      // Also its country's signal, when the AS (and its cut-off customers)
      // held much of the country's space.
      return (in.asn != 0 && has(t.down_asns, in.asn)) || about_prefix(t, in) ||
             (cut_off && cut_off(in, t)) ||
             (in.asn == 0 && !t.country.empty() && in.country == t.country);
    case EventType::kCountryShutdown:
      // The dark ASes, the country, and ASes of the country cut off with
      // them (single-homed customers of a dark transit AS).
      return (in.asn != 0 && has(t.down_asns, in.asn)) ||
             (!t.country.empty() && in.country == t.country) || about_prefix(t, in) ||
             (cut_off && cut_off(in, t));
    case EventType::kLinkFlap: {
      for (const auto& [a, b] : t.down_links) {
        if (in.asn == a || in.asn == b || has(in.expected_asns, a) || has(in.expected_asns, b)) {
          return true;
        }
      }
      return cut_off && cut_off(in, t);
    }
  }
  return false;
}

bool right_type(const TruthRecord& t, const detect::Incident& in) {
  const auto want = expected_types(t.type);
  const std::string got = detect::alert_type_name(in.type);
  if (std::find(want.begin(), want.end(), got) == want.end()) return false;
  // A DNS root hijack must also be flagged as one: critical.
  return t.type != EventType::kDnsRootHijack || in.severity == detect::Severity::kCritical;
}

}  // namespace

std::vector<std::string> expected_types(exercise::EventType t) {
  switch (t) {
    case EventType::kExactPrefixHijack:
      return {"origin-hijack", "moas"};
    case EventType::kSubPrefixHijack:
      return {"subprefix-hijack", "sub-moas"};
    case EventType::kForgedOriginHijack:
      return {"path-hijack", "new-adjacency"};
    case EventType::kRouteLeak:
      return {"route-leak"};
    case EventType::kCountryShutdown:
      return {"shutdown"};
    case EventType::kAsOutage:
      return {"outage", "visibility-loss"};
    case EventType::kDnsRootHijack:
      return {"origin-hijack", "subprefix-hijack", "moas", "sub-moas"};
    case EventType::kRpkiInvalid:
      return {"rpki-invalid"};
    case EventType::kLinkFlap:
      return {};
  }
  return {};
}

size_t Scorecard::detected() const {
  return static_cast<size_t>(
      std::count_if(events.begin(), events.end(), [](const EventScore& e) { return e.detected; }));
}

size_t Scorecard::right_type() const {
  return static_cast<size_t>(std::count_if(events.begin(), events.end(),
                                           [](const EventScore& e) { return e.right_type; }));
}

Scorecard score(const std::vector<exercise::TruthRecord>& truth,
                const std::vector<const detect::Incident*>& incidents, const CutOff& cut_off) {
  Scorecard card;
  card.incidents = incidents.size();
  uint32_t data_end = 0;
  for (const auto* in : incidents) data_end = std::max(data_end, in->last_seen);
  for (const auto& t : truth) {
    if (t.end) data_end = std::max(data_end, *t.end);
  }
  for (const auto& t : truth) {
    if (t.background) continue;
    EventScore e;
    e.truth = &t;
    for (const auto* in : incidents) {
      if (!matches(t, *in, data_end, cut_off)) continue;
      e.detected = true;
      ++e.incidents;
      const std::string type = detect::alert_type_name(in->type);
      if (std::find(e.types.begin(), e.types.end(), type) == e.types.end()) e.types.push_back(type);
      if (!right_type(t, *in)) continue;
      e.right_type = true;
      const int64_t ttd = static_cast<int64_t>(in->first_seen) - static_cast<int64_t>(t.start);
      if (e.time_to_detect < 0 || ttd < e.time_to_detect) e.time_to_detect = ttd;
      e.peers = std::max(e.peers, static_cast<uint32_t>(in->peer_count()));
    }
    std::sort(e.types.begin(), e.types.end());
    card.events.push_back(std::move(e));
  }
  for (const auto* in : incidents) {
    bool injected = false, background = false;
    for (const auto& t : truth) {
      if (!matches(t, *in, data_end, cut_off)) continue;
      (t.background ? background : injected) = true;
    }
    if (injected) continue;
    card.false_alarms.push_back(in);
    if (background) ++card.background_incidents;
  }
  return card;
}

}  // namespace vigil::app
