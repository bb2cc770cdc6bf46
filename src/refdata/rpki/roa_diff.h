// What changed between two VRP sets (two validator runs): VRPs added and
// removed, and authorisations whose maxLength changed.
//
//   RoaDiff d = diff_vrps(before.vrp_list(), after.vrp_list());
//   for (const Vrp& v : d.removed) alert("ROA withdrawn: " + to_string(v));
//
// VRPs are grouped by (prefix, AS), the pair a ROA authorises (RFC 6482 §3,
// RFC 6811 §2); maxLength is the attribute that can change within a group:
//   added    the (prefix, AS) pair has VRPs only after;
//   removed  the pair has VRPs only before;
//   changed  the pair has VRPs on both sides but their sets of maxLengths
//            differ (e.g. 10.0.0.0/16 AS64500 maxLength 16 -> 24, which
//            makes every /17../24 inside Valid for AS64500).
// Duplicates count once; trust anchors and expiry times are not compared.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "refdata/rpki/vrp.h"

namespace vigil::refdata::rpki {

struct VrpChange {
  Prefix prefix;
  uint32_t asn = 0;
  std::vector<uint8_t> before;  // maxLengths, ascending, distinct
  std::vector<uint8_t> after;
  bool operator==(const VrpChange&) const = default;
};

struct RoaDiff {
  std::vector<Vrp> added;          // (prefix, asn, maxLength) order
  std::vector<Vrp> removed;        // same order
  std::vector<VrpChange> changed;  // (prefix, asn) order
  size_t unchanged = 0;            // (prefix, AS) pairs identical on both sides

  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

RoaDiff diff_vrps(std::span<const Vrp> before, std::span<const Vrp> after);

}  // namespace vigil::refdata::rpki
