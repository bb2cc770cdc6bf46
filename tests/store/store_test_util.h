// Incidents for the store tests and a field-by-field comparison.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "store/records.h"

namespace vigil::store::test {

inline Prefix P(const char* text) { return *Prefix::parse(text); }

// An incident with every field set to something other than its default.
inline StoredIncident full_incident(const std::string& id) {
  StoredIncident in;
  in.id = id;
  in.type = detect::AlertType::kSubprefixHijack;
  in.prefix = P("2001:db8:1::/48");
  in.watched_prefix = P("2001:db8::/32");
  in.asn = 4200000001;  // 32-bit, above INT32_MAX
  in.expected_asns = {3333, 1299, 4294967294};
  in.first_seen = 1700000000;
  in.last_seen = 4000000000;  // above INT32_MAX
  in.withdrawn_at = 4000000100;
  in.status = detect::IncidentStatus::kWithdrawn;
  in.peers = 7;
  in.peers_now = 3;
  in.peer_list = {"192.0.2.1 AS64500", "2001:db8::2 AS64501"};
  in.severity = detect::Severity::kCritical;
  in.norms = detect::norms_for(in.type);
  in.country = "NL";
  in.code = "S|0|-|-";
  in.explanation = "AS4200000001 announced 2001:db8:1::/48 — \"quoted\", 'single', ünïcödé";
  in.alerts = 12345678901;
  in.evidence = {{"rrc00/updates.20240101.0000.gz", 5000000000, 1700000000},
                 {"route-views2/rib.bz2", 0, 1700000001},
                 {"file with spaces, commas\nand a newline", 17, 0}};
  in.disposition = detect::Disposition::kAcknowledged;
  in.disposition_reason = "known test prefix";
  return in;
}

// A small incident whose fields follow from `i`.
inline StoredIncident small_incident(int i, detect::IncidentStatus status,
                                     detect::AlertType type = detect::AlertType::kMoas) {
  StoredIncident in;
  in.id = "inc-" + std::to_string(1000000 + i);
  in.type = type;
  in.prefix = Prefix{IpAddr::v4(0x0A000000u + (static_cast<uint32_t>(i) << 8)), 24};
  in.watched_prefix = in.prefix;
  in.asn = 64500 + static_cast<uint32_t>(i);
  in.first_seen = 1000 + static_cast<uint32_t>(i);
  in.last_seen = 2000 + static_cast<uint32_t>(i);
  in.status = status;
  in.peers = 1;
  in.norms = detect::norms_for(type);
  in.evidence = {{"updates.gz", static_cast<uint64_t>(i) * 100, in.first_seen}};
  return in;
}

inline void expect_same(const StoredIncident& a, const StoredIncident& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.prefix, b.prefix);
  EXPECT_EQ(a.watched_prefix, b.watched_prefix);
  EXPECT_EQ(a.asn, b.asn);
  EXPECT_EQ(a.expected_asns, b.expected_asns);
  EXPECT_EQ(a.first_seen, b.first_seen);
  EXPECT_EQ(a.last_seen, b.last_seen);
  EXPECT_EQ(a.withdrawn_at, b.withdrawn_at);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.peers, b.peers);
  EXPECT_EQ(a.peers_now, b.peers_now);
  EXPECT_EQ(a.peer_list, b.peer_list);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.norms, b.norms);
  EXPECT_EQ(a.country, b.country);
  EXPECT_EQ(a.code, b.code);
  EXPECT_EQ(a.explanation, b.explanation);
  EXPECT_EQ(a.alerts, b.alerts);
  ASSERT_EQ(a.evidence.size(), b.evidence.size()) << a.id;
  for (size_t i = 0; i < a.evidence.size(); ++i) {
    EXPECT_EQ(a.evidence[i].file, b.evidence[i].file) << a.id << " evidence " << i;
    EXPECT_EQ(a.evidence[i].offset, b.evidence[i].offset) << a.id << " evidence " << i;
    EXPECT_EQ(a.evidence[i].time, b.evidence[i].time) << a.id << " evidence " << i;
  }
  EXPECT_EQ(a.disposition, b.disposition);
  EXPECT_EQ(a.disposition_reason, b.disposition_reason);
}

}  // namespace vigil::store::test
