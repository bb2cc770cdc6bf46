#include "detect/dns_root.h"

#include <cstdlib>

#include "rib/prefix_trie.h"

namespace vigil::detect {

namespace {

// One entry per prefix; `description` starts with the letter. Origins are
// the operators' ASes (current first, then earlier ones seen in archives).
constexpr const char* kRootServers = R"yaml(prefixes:
  # A: Verisign. AS36622 seen in the 2014 route-views.jinx RIB; AS6245 and
  # AS11840 (Network Solutions) in 1999-2002 RouteViews files.
  - {prefix: 198.41.0.0/24, origins: [19836, 26415, 36622, 6245, 11840], description: "A root (Verisign)"}
  - {prefix: 2001:503:ba3e::/48, origins: [19836, 26415, 36622], description: "A root (Verisign)"}
  # B: USC/ISI, renumbered 2017 (199.9.14.0/24) and 2023 (170.247.170.0/24).
  - {prefix: 170.247.170.0/24, origins: [394353], description: "B root (USC/ISI)"}
  - {prefix: 2801:1b8:10::/48, origins: [394353], description: "B root (USC/ISI)"}
  - {prefix: 199.9.14.0/24, origins: [394353], description: "B root (USC/ISI, 2017-2023 address)"}
  - {prefix: 2001:500:200::/48, origins: [394353], description: "B root (USC/ISI, 2017-2023 address)"}
  - {prefix: 192.228.79.0/24, origins: [4, 394353], description: "B root (USC/ISI, 2004-2017 address)"}
  - {prefix: 2001:500:84::/48, origins: [4, 394353], description: "B root (USC/ISI, 2004-2017 address)"}
  # C: Cogent (AS174 in the PSINet era, 2000-2002 files).
  - {prefix: 192.33.4.0/24, origins: [2149, 174], description: "C root (Cogent)"}
  - {prefix: 2001:500:2::/48, origins: [2149], description: "C root (Cogent)"}
  # D: University of Maryland (AS27 in 2014).
  - {prefix: 199.7.91.0/24, origins: [10886, 27], description: "D root (University of Maryland)"}
  - {prefix: 2001:500:2d::/48, origins: [10886, 27], description: "D root (University of Maryland)"}
  # E: NASA Ames (AS297 in 1999-2002, AS42 (PCH hosting) in 2014-2015).
  - {prefix: 192.203.230.0/24, origins: [21556, 297, 42], description: "E root (NASA Ames)"}
  - {prefix: 2001:500:a8::/48, origins: [21556, 297, 42], description: "E root (NASA Ames)"}
  # F: ISC (a /23 and its /24s).
  - {prefix: "192.5.4.0/23^+", origins: [3557], description: "F root (ISC)"}
  - {prefix: 2001:500:2f::/48, origins: [3557], description: "F root (ISC)"}
  # G: US DoD NIC (DISA).
  - {prefix: 192.112.36.0/24, origins: [5927], description: "G root (US DoD NIC)"}
  - {prefix: 2001:500:12::/48, origins: [5927], description: "G root (US DoD NIC)"}
  # H: US Army Research Lab (AS13 in 2015).
  - {prefix: 198.97.190.0/24, origins: [1508, 13], description: "H root (US Army Research Lab)"}
  - {prefix: 2001:500:1::/48, origins: [1508, 13], description: "H root (US Army Research Lab)"}
  # I: Netnod (AS8674 Netnod and AS2603 NORDUnet in 1999-2002 files).
  - {prefix: "192.36.148.0/23^+", origins: [29216, 8674, 2603], description: "I root (Netnod)"}
  - {prefix: 2001:7fe::/33, origins: [29216], description: "I root (Netnod)"}
  # J: Verisign.
  - {prefix: 192.58.128.0/24, origins: [26415, 19836, 36622], description: "J root (Verisign)"}
  - {prefix: 2001:503:c27::/48, origins: [26415, 19836, 36622], description: "J root (Verisign)"}
  # K: RIPE NCC (AS5459 LINX hosted it in 1999-2002 files).
  - {prefix: "193.0.14.0/23^+", origins: [25152, 5459], description: "K root (RIPE NCC)"}
  - {prefix: 2001:7fd::/32, origins: [25152], description: "K root (RIPE NCC)"}
  # L: ICANN.
  - {prefix: 199.7.83.0/24, origins: [20144], description: "L root (ICANN)"}
  - {prefix: 2001:500:9f::/48, origins: [20144], description: "L root (ICANN)"}
  # M: WIDE Project.
  - {prefix: 202.12.27.0/24, origins: [7500], description: "M root (WIDE Project)"}
  - {prefix: 2001:dc3::/32, origins: [7500], description: "M root (WIDE Project)"}
)yaml";

struct RootIndex {
  refdata::Watchlist watchlist;
  rib::PrefixTrie<char> letters{rib::PrefixTrieOptions{.ipv4_lpm_index = false}};
};

const RootIndex& root_index() {
  static const RootIndex index = [] {
    RootIndex r;
    auto w = refdata::parse_watchlist(kRootServers, "built-in DNS root list");
    // The text is a compile-time constant covered by tests: failing to
    // parse it is a programming error, not an input error.
    if (!w.ok()) std::abort();
    r.watchlist = std::move(*w);
    for (const auto& e : r.watchlist.entries()) r.letters.emplace(e.prefix, e.description[0]);
    return r;
  }();
  return index;
}

}  // namespace

const refdata::Watchlist& dns_root_watchlist() { return root_index().watchlist; }

std::optional<char> dns_root_letter(const Prefix& p) {
  const auto m = root_index().letters.longest_match(p);
  if (!m) return std::nullopt;
  return *m.value;
}

}  // namespace vigil::detect
