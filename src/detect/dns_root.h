// The DNS root servers as a built-in watchlist: their prefixes (IPv4 and
// IPv6) and the origin ASes their operators have announced them from.
//
// Hijacks, leaks and losses of visibility of these prefixes cut resolvers
// off from the root of the DNS — the "public core" the GCSC norm and the
// strategy's "secure and reliable ... DNS" point at — so the engine raises
// every alert on (or inside) them to critical severity and says which root
// server it is (Engine: EngineOptions::dns_root).
//
// The list keeps the operators' earlier origin ASes and B-root's earlier
// addresses, because vigil replays archives (1999-2002 RouteViews files
// show A-root from AS6245/AS11840, K-root from AS5459; 2014 files show
// A-root from AS36622, E-root from AS42). Addresses retired before 2015
// whose covering prefixes are general campus networks (D 128.8.10.90,
// H 128.63.2.53, L 198.32.64.12) are left out. docs/detection.md lists the
// table and where each origin was seen.
#pragma once

#include <optional>
#include <string>

#include "core/ip.h"
#include "refdata/watchlist/watchlist.h"

namespace vigil::detect {

// The built-in watchlist (vigil format, parsed once; lives for the program).
const refdata::Watchlist& dns_root_watchlist();

// "K" when `p` is a root server prefix or inside one; nullopt otherwise.
std::optional<char> dns_root_letter(const Prefix& p);

}  // namespace vigil::detect
