// MRT record bodies (RFC 6396 §4, RFC 8050), decoded without copying: spans
// point into the record bytes, which must outlive the decoded structs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_reader.h"
#include "core/ip.h"
#include "core/result.h"
#include "wire/bgp/nlri.h"
#include "wire/mrt/header.h"

namespace vigil::mrt {

// TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 §4.3.1).
//   Collector BGP ID (4) | View Name Length (2) | View Name | Peer Count (2)
//   then per peer: Peer Type (1) | Peer BGP ID (4) | Peer IP (4|16) | Peer AS (2|4)
//   Peer Type bit 0: IPv6 address; bit 1: 4-octet AS.
struct Peer {
  uint8_t type = 0;
  IpAddr bgp_id;
  IpAddr address;
  uint32_t asn = 0;
};
struct PeerIndexTable {
  IpAddr collector_id;
  std::string_view view_name;
  std::vector<Peer> peers;
};
Status decode_peer_index_table(Bytes body, PeerIndexTable& out);

// One RIB entry (RFC 6396 §4.3.4; RFC 8050 §4 adds the path identifier).
//   Peer Index (2) | Originated Time (4) | [Path Identifier (4)] |
//   Attribute Length (2) | BGP Attributes
struct RibEntry {
  uint16_t peer_index = 0;
  uint32_t originated_time = 0;
  uint32_t path_id = 0;
  Bytes attributes;
};

// RIB_IPV4/IPV6_UNICAST/MULTICAST (+ADDPATH) and RIB_GENERIC (+ADDPATH).
//   Sequence (4) | [AFI (2) | SAFI (1) for GENERIC] | Prefix Length (1) |
//   Prefix | Entry Count (2) | RIB Entries
struct RibRecord {
  uint32_t sequence = 0;
  uint16_t afi = bgp::kAfiIPv4;
  uint8_t safi = bgp::kSafiUnicast;
  bool add_path = false;
  bool decoded_prefix = true;  // false for a RIB_GENERIC of another AFI/SAFI
  Prefix prefix;
  bool host_bits = false;
  Bytes generic_nlri;  // RIB_GENERIC NLRI when not decoded
  std::vector<RibEntry> entries;
};
// REQUIRES: subtype is one of the RIB subtypes (2-6, 8-12).
Status decode_rib(uint16_t subtype, Bytes body, RibRecord& out);

// Legacy TABLE_DUMP (RFC 6396 §4.2). Subtype = AFI (1 IPv4, 2 IPv6); 3 and 4
// are the same with 4-octet ASNs (an extension bgpdump reads and writes).
//   View (2) | Sequence (2) | Prefix (4|16) | Prefix Length (1) | Status (1) |
//   Originated Time (4) | Peer IP (4|16) | Peer AS (2) | Attr Length (2) | Attrs
//
// Early RIS dumps (2000) batch several entries in one record: after the
// first, each further entry repeats the fields from Prefix on (no View or
// Sequence). They are decoded as extra entries.
struct TableDumpEntry {
  Prefix prefix;  // as on the wire (host bits not cleared)
  uint8_t status = 0;
  uint32_t originated_time = 0;
  IpAddr peer_address;
  uint32_t peer_asn = 0;
  Bytes attributes;
};
struct TableDumpRecord {
  bool as4 = false;  // subtypes 3/4 (bgpdump's extension): 4-octet AS
  uint16_t view = 0;
  uint16_t sequence = 0;
  std::vector<TableDumpEntry> entries;  // at least one on success
  std::string trailing_error;           // why leftover octets were not an entry
};
Status decode_table_dump(uint16_t subtype, Bytes body, TableDumpRecord& out);

// BGP4MP / BGP4MP_ET MESSAGE* and STATE_CHANGE* (RFC 6396 §4.4).
//   Peer AS (2|4) | Local AS (2|4) | Interface Index (2) | AFI (2) |
//   Peer IP (4|16) | Local IP (4|16) | then BGP message, or
//   Old State (2) | New State (2)
struct Bgp4mpRecord {
  uint32_t peer_asn = 0;
  uint32_t local_asn = 0;
  uint16_t if_index = 0;
  uint16_t afi = 0;
  IpAddr peer_address;
  IpAddr local_address;
  bool as4 = false;
  bool add_path = false;
  bool local = false;  // *_LOCAL: sent by the collector
  bool is_state = false;
  bool zebra_short = false;  // a Zebra record without interface/AFI/addresses
  uint16_t old_state = 0;
  uint16_t new_state = 0;
  Bytes message;  // full BGP message incl. 19-octet header
};
// REQUIRES: subtype is a MESSAGE or STATE_CHANGE subtype.
Status decode_bgp4mp(uint16_t subtype, Bytes body, Bgp4mpRecord& out);

// Deprecated BGP4MP_ENTRY (draft-ietf-grow-mrt before RFC 6396; OpenBGPD
// table dumps): one route per record.
//   Peer AS (2) | Local AS (2) | Interface Index (2) | AFI (2) |
//   Peer IP (4|16) | Local IP (4|16) | View (2) | Status (2) |
//   Time Last Change (4) | AFI (2) | SAFI (1) | Next Hop Length (1) |
//   Next Hop | Prefix Length (1) | Prefix | Attribute Length (2) | Attributes
struct Bgp4mpEntryRecord {
  uint32_t peer_asn = 0;
  IpAddr peer_address;
  uint32_t originated_time = 0;
  uint16_t afi = 0;
  uint8_t safi = 0;
  IpAddr next_hop;
  bool has_next_hop = false;
  Prefix prefix;
  bool host_bits = false;
  Bytes attributes;  // 2-octet AS numbers
};
Status decode_bgp4mp_entry(Bytes body, Bgp4mpEntryRecord& out);

// Deprecated type 5 "BGP" records (historic MRT, 1999-2001 RIS archives).
//   UPDATE/OPEN/NOTIFY/KEEPALIVE: Peer AS (2) | Peer IP (4) | Local AS (2) |
//     Local IP (4) | message body without the 19-octet BGP header
//   STATE_CHANGE: Peer AS (2) | Peer IP (4) | Old State (2) | New State (2)
struct LegacyBgpRecord {
  uint32_t peer_asn = 0;
  IpAddr peer_address;
  uint32_t local_asn = 0;
  IpAddr local_address;
  uint16_t old_state = 0;
  uint16_t new_state = 0;
  Bytes body;
};
Status decode_legacy_bgp(uint16_t subtype, Bytes body, LegacyBgpRecord& out);

bool is_rib_subtype(uint16_t subtype);
bool is_bgp4mp_message(uint16_t subtype);
bool is_bgp4mp_state(uint16_t subtype);

}  // namespace vigil::mrt
