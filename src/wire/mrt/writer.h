// MRT writer (RFC 6396): TABLE_DUMP_V2 PEER_INDEX_TABLE and RIB records, and
// BGP4MP / BGP4MP_ET messages and state changes, appended to a byte vector.
// Files it writes are read by vigil and by bgpdump alike.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/ip.h"
#include "wire/bgp/encode.h"
#include "wire/mrt/records.h"

namespace vigil::mrt {

struct RibEntryOut {
  uint16_t peer_index = 0;
  uint32_t originated_time = 0;
  std::span<const uint8_t> attributes;  // attribute list (4-octet ASNs)
  uint32_t path_id = 0;                 // written only in ADDPATH records
};

class Writer {
 public:
  // PEER_INDEX_TABLE (§4.3.1). Peer type bits follow each peer's address
  // family and whether its ASN needs 4 octets.
  void peer_index_table(uint32_t timestamp, const IpAddr& collector_id,
                        const std::string& view_name, std::span<const Peer> peers);
  // RIB_IPV4_UNICAST / RIB_IPV6_UNICAST (§4.3.2) by the prefix's family;
  // the RIB_*_UNICAST_ADDPATH subtypes (RFC 8050 §4) when `add_path`.
  void rib(uint32_t timestamp, uint32_t sequence, const Prefix& prefix,
           std::span<const RibEntryOut> entries, bool add_path = false);
  // BGP4MP(_ET) MESSAGE_AS4 (§4.4.3). `extended` writes BGP4MP_ET with µs.
  void bgp4mp_message(uint32_t timestamp, uint32_t microseconds, bool extended, uint32_t peer_asn,
                      uint32_t local_asn, const IpAddr& peer, const IpAddr& local,
                      std::span<const uint8_t> bgp_message);
  // BGP4MP(_ET) STATE_CHANGE_AS4 (§4.4.4).
  void bgp4mp_state(uint32_t timestamp, uint32_t microseconds, bool extended, uint32_t peer_asn,
                    uint32_t local_asn, const IpAddr& peer, const IpAddr& local, uint16_t old_state,
                    uint16_t new_state);

  const std::vector<uint8_t>& bytes() const { return out_; }
  void clear() { out_.clear(); }

 private:
  void header(uint32_t ts, uint16_t type, uint16_t subtype, size_t body_len);
  std::vector<uint8_t> out_;
};

}  // namespace vigil::mrt
