// Events injected into an exercise: what the caller asks for (EventSpec)
// and what it becomes once its participants are drawn and checked against
// the synthetic Internet (ResolvedEvent).
//
// Types (ARTEMIS taxonomy in brackets; ../shared/docs/reference.md §3):
//   exact-prefix-hijack   the attacker originates the victim's prefix [E|0]
//   sub-prefix-hijack     the attacker originates a more-specific of it [S|0]
//   forged-origin-hijack  the attacker announces "attacker victim" for the
//                         victim's prefix: a fake link, the victim as origin
//                         [E|1]; with more_specific a more-specific [S|1]
//                         (the Celer Bridge pattern)
//   route-leak            the leaker re-announces routes it learned from a
//                         provider or peer to all its providers and peers
//                         (RFC 7908 types 1-4), for leak_prefixes prefixes
//   country-shutdown      `share` of a country's ASes go dark: they
//                         originate and carry nothing
//   as-outage             one AS goes dark
//   dns-root-hijack       an exact-prefix (or, with more_specific,
//                         sub-prefix) hijack of a DNS root server prefix
//   rpki-invalid          an AS originates a prefix covered by another AS's
//                         ROA (exact, or with more_specific a more-specific)
//   link-flap             background churn only: one link is down for a
//                         while (never asked for in an EventSpec)
//
// Participants left unset are drawn from the topology seed and the event's
// position (Rng stream kEventStreamBase + index), so a spec that names
// nothing still gives the same exercise every time:
//   attacker  a transit or stub AS other than the victim (never a root)
//   victim    a transit or stub AS owning a suitable prefix: for
//             more-specific events one shorter than /24 (IPv4) or /48
//             (IPv6), for rpki-invalid one covered by a ROA; IPv6 when
//             `ipv6`
//   prefix    one of the victim's suitable prefixes; a more-specific is
//             1-3 bits longer (at most /24 or /48) at a random position
//   leaker    a transit AS with two or more providers (else one with two
//             or more providers and peers); its leaked prefixes are drawn
//             after the baseline routing, among those it reaches through a
//             provider or peer
//   country   one with at least two eligible ASes; eligible: transit and
//             stub ASes that are not vantage points
//   as-outage a transit or stub AS that is not a vantage point
//   dns root  a letter; its IPv4 prefix (IPv6 when `ipv6`)
// Vantage point ASes never go down (their sessions would drop, which is a
// different event).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.h"
#include "core/result.h"
#include "exercise/routing.h"
#include "exercise/rpki.h"
#include "exercise/topology.h"

namespace vigil::exercise {

enum class EventType : uint8_t {
  kExactPrefixHijack,
  kSubPrefixHijack,
  kForgedOriginHijack,
  kRouteLeak,
  kCountryShutdown,
  kAsOutage,
  kDnsRootHijack,
  kRpkiInvalid,
  kLinkFlap,
};

// "exact-prefix-hijack", "sub-prefix-hijack", "forged-origin-hijack",
// "route-leak", "country-shutdown", "as-outage", "dns-root-hijack",
// "rpki-invalid", "link-flap".
std::string_view event_type_name(EventType t);
std::optional<EventType> parse_event_type(std::string_view text);

struct EventSpec {
  EventType type = EventType::kExactPrefixHijack;
  uint32_t start = 0;             // seconds from the exercise start; < duration
  std::optional<uint32_t> end{};  // seconds; start < end <= duration; none: to the end
  uint32_t attacker = 0;          // ASN; 0: drawn
  uint32_t victim = 0;            // ASN (as-outage: the AS that goes down); 0: drawn
  uint32_t leaker = 0;            // ASN; 0: drawn
  // The victim's prefix, or for more-specific events either the victim's
  // prefix (a more-specific is drawn in it) or the more-specific itself.
  // dns-root-hijack: one of the root's prefixes (or inside one).
  std::optional<Prefix> prefix{};
  bool more_specific = false;  // forged-origin, dns-root-hijack, rpki-invalid
  bool ipv6 = false;           // drawn prefixes are IPv6
  uint32_t leak_prefixes = 50;
  std::string country{};  // ISO code; "": drawn
  double share = 0.8;     // country-shutdown
  char dns_root = 0;      // 'A'..'M'; 0: drawn
};

// One route an event puts into BGP.
struct Announcement {
  Prefix prefix;
  uint32_t as = 0;             // AS index of the announcer
  std::vector<uint32_t> path;  // ASNs announced; empty for a leak (the leaker's best path then)
  bool rpki_invalid = false;
};

struct ResolvedEvent {
  static constexpr uint32_t kNoAs = UINT32_MAX;

  EventType type = EventType::kExactPrefixHijack;
  bool background = false;  // churn, not an incident
  uint32_t start = 0;       // seconds from the exercise start
  uint32_t end = 0;         // the exercise duration when !has_end
  bool has_end = false;
  uint32_t attacker = kNoAs;  // AS indices
  uint32_t victim = kNoAs;
  uint32_t leaker = kNoAs;
  std::optional<Prefix> covering;  // the victim's prefix a more-specific lies in
  std::vector<Announcement> announcements;
  DownSet down;  // outages, shutdowns, link flaps
  int country = -1;
  char dns_root = 0;
  RovState rpki = RovState::kNotFound;  // of the (first) announcement
  uint32_t leak_count = 0;              // route-leak: prefixes wanted

  bool takes_down() const { return !down.empty(); }
  bool active_at(uint32_t t) const { return start <= t && t < end; }
};

// Checks the specs and draws what they leave open. Route leaks get their
// prefixes later (choose_leak_prefixes). Errors: kInvalidArgument naming
// the event ("event 3 (route-leak): AS 64500 is not in the topology").
Result<std::vector<ResolvedEvent>> resolve_events(const SyntheticInternet& net,
                                                  const RoaIndex& roas,
                                                  std::span<const EventSpec> specs,
                                                  uint32_t duration);

// Fills a route leak's announcements with `leak_count` prefixes drawn from
// those of `candidate_origins` (origins the leaker reaches through a
// provider or peer). Error when there are none.
Status choose_leak_prefixes(const SyntheticInternet& net, ResolvedEvent& leak, size_t index,
                            std::span<const uint32_t> candidate_origins);

// Whether an event that takes ASes or links down can change what a vantage
// point routes for the prefix whose routing tree `prop` holds (`vp`: per AS
// index, nonzero for vantage point ASes). It can when a down AS originates
// the prefix or carries transit for it, or a down link carries the route of
// an AS that is a vantage point or has customers. Otherwise nothing a
// vantage point sees changes: a down AS nobody routes through takes away
// only offers nobody chose; an AS without customers exports nothing it
// learned from a provider or peer, so when a down link moves its own route
// no other AS hears of it. In both cases the old state, less that AS's
// route, is stable, and the stable state is unique.
bool down_matters(const ResolvedEvent& e, const Propagator& prop, const AsGraph& graph,
                  std::span<const uint8_t> vp);

}  // namespace vigil::exercise
