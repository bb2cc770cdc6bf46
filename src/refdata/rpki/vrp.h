// Validated ROA Payloads (RFC 6811 §2) and the records loaders return.
//
// A VRP is the triple route origin validation works on: an IP prefix, the
// longest route length it authorises (maxLength, RFC 6482 §3.3) and the AS
// allowed to originate routes within it. A VrpRecord adds what a validator's
// output says about where the VRP came from (trust anchor, expiry); that is
// metadata only and plays no part in validation or in VRP identity.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

#include "core/ip.h"

namespace vigil::refdata::rpki {

struct Vrp {
  // Host bits clear (Prefix::masked() == prefix).
  Prefix prefix;
  // AS 0 means "no AS may originate this" (RFC 6483 §4, RFC 7607): such a
  // VRP covers routes but never matches one.
  uint32_t asn = 0;
  // prefix.len <= max_length <= prefix.addr.max_len() (RFC 6482 §3.3).
  uint8_t max_length = 0;

  // Identity and order: prefix, then asn, then max_length.
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 false positive
  auto operator<=>(const Vrp&) const = default;
};

// "193.0.0.0/21-24 AS3333" (the "-24" is left out when maxLength equals
// the prefix length: "193.0.0.0/21 AS3333").
std::string to_string(const Vrp& v);

// Index into RpkiData::trust_anchors; kNoTrustAnchor when the file gave none.
inline constexpr uint16_t kNoTrustAnchor = 0xffff;

struct VrpRecord {
  Vrp vrp;
  uint16_t ta = kNoTrustAnchor;
  // Unix seconds (rpki-client "expires", Routinator CSV "Expires"); 0 when
  // the file does not say.
  int64_t expires = 0;
};

}  // namespace vigil::refdata::rpki
