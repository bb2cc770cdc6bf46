// ASPA-based AS_PATH verification, draft-ietf-sidrops-aspa-verification in
// its current formulation (up/down ramps, drafts -18 and later; section
// numbers below are those of -22, which the NIST BRIO examples cite):
// reference.md §3.4.
//
//   AspaSet aspas = AspaSet::build(data.aspas);
//   AspaVerdict v = verify_aspa(aspas, update.as_path, AspaDirection::kUpstream);
//   if (v.state == AspaState::kInvalid) ... // route leak or forged path
//
// Preparation (§6.2/§6.3 steps 1-4):
//   - an empty path is Invalid;
//   - an AS_SET anywhere is Invalid;
//   - when `neighbor_as` is given, a path whose most recently added AS is
//     not the neighbour is Invalid (pass nullopt for a transparent route
//     server, which does not add its AS, or when the neighbour is unknown);
//   - consecutive duplicates (prepends) collapse; AS_CONFED_SEQUENCE and
//     AS_CONFED_SET segments are dropped (they are removed when a route
//     leaves the confederation, RFC 5065 §4, so the path is verified as the
//     confederation's neighbours see it).
// The collapsed path is numbered AS(1) = origin ... AS(N) = neighbour (the
// reverse of AS_PATH order).
//
// Ramps (§6.1), with hop() from aspa.h:
//   max_up_ramp   = smallest I with hop(AS(I), AS(I+1)) = Not Provider+, else N
//   min_up_ramp   = smallest I with hop(AS(I), AS(I+1)) != Provider+, else N
//   max_down_ramp = N - J + 1, J the largest index with
//                   hop(AS(J), AS(J-1)) = Not Provider+, else N
//   min_down_ramp = the same with != Provider+
// Upstream (§6.2; route received from a customer, a lateral peer, or RS <->
// RS-client): Invalid if max_up_ramp < N, else Unknown if min_up_ramp < N,
// else Valid.
// Downstream (§6.3; route received from a provider): Invalid if
// max_up_ramp + max_down_ramp < N, else Unknown if min_up_ramp +
// min_down_ramp < N, else Valid.
//
// For a passive monitor the verifying AS and its relation to the neighbour
// are unknown: the caller picks the direction (e.g. upstream when the path
// is seen from a customer cone, downstream otherwise); see reference.md §3.4.
//
// Allocation: none for paths of up to 64 distinct hops after collapsing;
// longer paths use a heap buffer. Thread safety: pure functions; the
// AspaSet must not be modified during a call.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "refdata/rpki/aspa.h"
#include "wire/bgp/as_path.h"

namespace vigil::refdata::rpki {

enum class AspaDirection : uint8_t {
  kUpstream,    // received from a customer, lateral peer, RS / RS-client (§6.2)
  kDownstream,  // received from a provider (§6.3)
};

enum class AspaState : uint8_t { kValid, kInvalid, kUnknown };

enum class AspaReason : uint8_t {
  kNone,              // Valid, or Unknown (some hop has no attestation)
  kEmptyPath,         // Invalid: nothing to verify (step 1)
  kAsSet,             // Invalid: the path contains an AS_SET (step 3)
  kNeighborMismatch,  // Invalid: most recently added AS is not the neighbour (step 2)
  kNotProviderPlus,   // Invalid upstream: max_up_ramp < N, some hop goes down or sideways
  kValley,            // Invalid downstream: max_up_ramp + max_down_ramp < N (no single apex)
};

const char* aspa_state_name(AspaState s);    // "valid", "invalid", "unknown"
const char* aspa_reason_name(AspaReason r);  // "none", "empty-path", "as-set", ...

struct AspaRamps {
  uint32_t n = 0;  // distinct hops after collapsing prepends
  uint32_t max_up = 0;
  uint32_t min_up = 0;
  uint32_t max_down = 0;
  uint32_t min_down = 0;
  bool operator==(const AspaRamps&) const = default;
};

struct AspaVerdict {
  AspaState state = AspaState::kInvalid;
  AspaReason reason = AspaReason::kEmptyPath;
  AspaRamps ramps;  // zero when preparation already decided (empty, AS_SET, neighbour)
};

// The ramps of a collapsed path given neighbour first (AS_PATH order: `path`
// is AS(N) ... AS(1)). REQUIRES: no two consecutive elements equal.
AspaRamps aspa_ramps(const AspaSet& aspas, std::span<const uint32_t> path);

// Verifies an AS_SEQUENCE given as ASNs in AS_PATH order (neighbour first,
// origin last); prepends allowed.
AspaVerdict verify_aspa(const AspaSet& aspas, std::span<const uint32_t> as_sequence,
                        AspaDirection direction,
                        std::optional<uint32_t> neighbor_as = std::nullopt);

// Verifies a decoded AS_PATH (after RFC 6793 AS4_PATH merging).
AspaVerdict verify_aspa(const AspaSet& aspas, const bgp::AsPath& path, AspaDirection direction,
                        std::optional<uint32_t> neighbor_as = std::nullopt);

}  // namespace vigil::refdata::rpki
