#include "exercise/dns_roots.h"

#include <array>

namespace vigil::exercise {

namespace {

constexpr std::array<DnsRootServer, 13> kRoots = {{
    {'A', 19836, "198.41.0.0/24", "2001:503:ba3e::/48", "US", "Verisign"},
    {'B', 394353, "170.247.170.0/24", "2801:1b8:10::/48", "US", "USC/ISI"},
    {'C', 2149, "192.33.4.0/24", "2001:500:2::/48", "US", "Cogent"},
    {'D', 10886, "199.7.91.0/24", "2001:500:2d::/48", "US", "University of Maryland"},
    {'E', 21556, "192.203.230.0/24", "2001:500:a8::/48", "US", "NASA Ames"},
    {'F', 3557, "192.5.4.0/23", "2001:500:2f::/48", "US", "ISC"},
    {'G', 5927, "192.112.36.0/24", "2001:500:12::/48", "US", "US DoD NIC"},
    {'H', 1508, "198.97.190.0/24", "2001:500:1::/48", "US", "US Army Research Lab"},
    {'I', 29216, "192.36.148.0/23", "2001:7fe::/33", "SE", "Netnod"},
    {'J', 26415, "192.58.128.0/24", "2001:503:c27::/48", "US", "Verisign"},
    {'K', 25152, "193.0.14.0/23", "2001:7fd::/32", "NL", "RIPE NCC"},
    {'L', 20144, "199.7.83.0/24", "2001:500:9f::/48", "US", "ICANN"},
    {'M', 7500, "202.12.27.0/24", "2001:dc3::/32", "JP", "WIDE Project"},
}};

constexpr std::array<uint32_t, 25> kReserved = {
    4,    13,   27,    42,    174,   297,   1508,  2149,  2603,  3557,  5459,  5927,   6245,
    7500, 8674, 10886, 11840, 19836, 20144, 21556, 25152, 26415, 29216, 36622, 394353,
};

}  // namespace

std::span<const DnsRootServer> dns_root_servers() { return kRoots; }

std::span<const uint32_t> dns_root_reserved_asns() { return kReserved; }

}  // namespace vigil::exercise
