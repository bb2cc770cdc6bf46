// Parser for the RIR statistics exchange format: the "delegated" and
// "delegated-extended" files that AFRINIC, APNIC, ARIN, LACNIC and RIPE NCC
// publish every day (format version 2 and 2.3).
//
//   # comments (APNIC opens with a 27-line block)
//   2|ripencc|1404165599|85681|19830705|20140630|+0200     version line
//   ripencc|*|ipv4|*|49932|summary                         one summary per type
//   ripencc|NL|asn|3333|1|19930901|allocated               records ...
//   ripencc|NL|ipv4|193.0.0.0|2048|19930901|assigned
//   lacnic|BR|ipv4|24.152.0.0|1024|20200310|allocated|310248      extended: opaque-id
//   lacnic||ipv6|2001:1201:20::|43||available                     (sometimes absent)
//
// Version line: version|registry|serial|records|startdate|enddate|UTCoffset
//   (serial is YYYYMMDD for most RIRs, a Unix time for RIPE NCC; records
//   counts the record lines; dates may be 00000000).
// Summary line: registry|*|type|*|count|summary
// Record line:  registry|cc|type|start|value|date|status[|opaque-id[|...]]
//   cc      ISO 3166 alpha-2, also EU/AP/ZZ; empty for free space
//   type    asn | ipv4 | ipv6
//   start   first ASN (asplain) | first IPv4 address | IPv6 prefix address
//   value   asn: number of consecutive ASNs; ipv4: number of addresses (any
//           number: neither a power of two nor aligned is required, see
//           ipv4_range.h); ipv6: prefix length
//   date    YYYYMMDD; empty (ARIN, LACNIC and free space) or 00000000 when
//           unknown
//   status  allocated | assigned | available | reserved (any case)
//   Fields after the opaque-id (later extensions) are ignored.
//
// Damage is data: a line that does not parse is reported as a LineWarning
// ("source:line: what") and skipped, so one bad line never loses a file.
// Kept records with an impossible date keep date 0 and get a warning. The
// declared record count and the summary counts are checked against the
// records actually read (a mismatch is a warning: a truncated download shows
// up here). Only a text without a version line before its first record (not
// this format at all), or with a major version other than 2, is an error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.h"
#include "core/result.h"
#include "refdata/registry/rir.h"
#include "refdata/registry/text_lines.h"

namespace vigil::refdata {

// The version line.
struct RirStatsHeader {
  std::string version;        // "2", "2.3"
  Rir registry = Rir::kIana;  // whose file this is
  std::string serial;         // as written
  uint64_t records = 0;       // declared number of record lines
  uint32_t start_date = 0;    // YYYYMMDD or 0
  uint32_t end_date = 0;      // YYYYMMDD or 0: the day the file describes
  std::string utc_offset;     // "+0200", "-0300", "00000", ...
  uint32_t line = 0;
};

// A summary line: the file's declared number of records of one type.
struct RirSummary {
  ResourceType type = ResourceType::kAsn;
  uint64_t count = 0;
  uint32_t line = 0;
};

// One resource record, as the file has it.
struct RirRecord {
  Rir registry = Rir::kIana;
  CountryCode cc;  // empty when the field was empty
  ResourceType type = ResourceType::kAsn;
  RecordStatus status = RecordStatus::kAllocated;
  uint32_t date = 0;       // YYYYMMDD, 0 when blank/unknown
  uint32_t first_asn = 0;  // kAsn: the first ASN
  IpAddr start;            // kIpv4/kIpv6: the first address (host bits clear for IPv6)
  uint64_t value = 0;      // kAsn: ASN count; kIpv4: address count; kIpv6: prefix length
  std::string opaque_id;   // extended files; "" otherwise
  uint32_t line = 0;       // 1-based line in the source

  // kAsn: the last ASN of the range.
  uint32_t last_asn() const { return first_asn + static_cast<uint32_t>(value - 1); }
};

struct RirStatsFile {
  std::string source;  // the name the caller gave
  RirStatsHeader header;
  std::vector<RirSummary> summaries;
  std::vector<RirRecord> records;  // in file order
  bool extended = false;           // some record carried an opaque-id field
  WarningList warnings;            // skipped lines and inconsistencies

  // Records of one type.
  size_t count(ResourceType type) const;
};

// Parses a whole file held in memory. `source` names it in warnings and
// errors. Errors: kMalformed when no version line precedes the first record
// (or the text has no version line at all), kUnsupported for a version
// other than 2.x. The message reads "<source>:<line>: <what>" and the
// Error's offset is the byte offset of that line.
Result<RirStatsFile> parse_rir_stats(std::string_view text, std::string_view source);

}  // namespace vigil::refdata
