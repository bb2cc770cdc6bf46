// The ground truth of an exercise: one record per injected event (and per
// background link flap), in ASNs, prefixes and Unix times, for scoring what
// a detector reported against what really happened. truth.json
// (exercise/truth_json.h) is its file form.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/ip.h"
#include "exercise/events.h"
#include "exercise/timeline.h"
#include "exercise/topology.h"

namespace vigil::exercise {

struct TruthSighting {
  uint32_t peer_asn = 0;
  IpAddr peer_address;
  uint16_t peer_index = 0;  // in the PEER_INDEX_TABLE
  uint64_t first_us = 0;    // Unix µs of its first update showing the event
  uint64_t last_us = 0;     // Unix µs of the update that ended it; 0: lasted to the end
  uint32_t prefixes = 0;
};

struct TruthRecord {
  uint32_t id = 0;  // 1-based, in ExerciseData::events order
  EventType type = EventType::kExactPrefixHijack;
  bool background = false;
  uint32_t start = 0;  // Unix seconds
  std::optional<uint32_t> end;
  std::vector<Prefix> prefixes;    // announced (hijacks, leaks) or taken down (outages)
  std::optional<Prefix> covering;  // the victim's prefix a more-specific lies in
  uint32_t attacker_asn = 0;       // 0: none
  uint32_t victim_asn = 0;         // hijacks, rpki-invalid, as-outage
  uint32_t leaker_asn = 0;
  std::vector<uint32_t> announced_path;  // hijacks: the path the attacker announces
  std::vector<uint32_t> down_asns;       // outages, shutdowns
  std::vector<std::pair<uint32_t, uint32_t>> down_links;  // link flaps (ASNs)
  std::string country;                                    // of the attacker, leaker or dark ASes
  std::string victim_country;                             // hijacks
  char dns_root = 0;
  std::string rpki;  // announcing events: "valid", "invalid", "not-found"
  std::vector<TruthSighting> seen_by;
};

std::vector<TruthRecord> make_truth(const SyntheticInternet& net,
                                    std::span<const ResolvedEvent> events, const Timeline& timeline,
                                    uint32_t start_time);

}  // namespace vigil::exercise
