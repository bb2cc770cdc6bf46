// CAIDA AS-relationship files (https://www.caida.org/catalog/datasets/as-relationships/):
// reading them into AsRelationships, and writing a store back out.
//
//   # comments (CAIDA's start with "# source:..." and "# input clique:...")
//   <provider-as>|<customer-as>|-1              serial-1
//   <peer-as>|<peer-as>|0
//   <provider-as>|<customer-as>|-1|<source>     serial-2: + how it was inferred
//   <peer-as>|<peer-as>|0|<source>                        ("bgp", "mlp", ...)
//
// ASNs are asplain decimal (0 .. 4294967295). vigil also reads and writes
// `<as>|<as>|1` for siblings, which CAIDA files do not contain (its
// relationship files have p2c and p2p links only); vigil's own inference
// (gao_inference.h) can find siblings and writes them that way.
//
// Damage is data: a line that does not parse (field count, ASN, relation
// value, a self-link) is a warning ("source:line: what") and skipped. A pair
// given twice keeps the later line, with a warning when the relationship
// differs. Only a text with data lines of which none parses is an error.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "core/result.h"
#include "refdata/asrel/as_relationships.h"
#include "refdata/registry/text_lines.h"

namespace vigil::refdata {

enum class AsRelFormat : uint8_t {
  kNone,     // no data lines
  kSerial1,  // three fields
  kSerial2,  // four fields
};

// What one file contributed.
struct AsRelFileInfo {
  std::string source;
  AsRelFormat format = AsRelFormat::kNone;  // of the first data line
  size_t links = 0;                         // lines read into the builder
  std::map<std::string, size_t> by_source;  // serial-2 source field -> lines
  WarningList warnings;
};

// Reads `text` into `builder` (several files can go into one builder).
// Errors: kMalformed when the text has data lines and none of them parses;
// the message names the source and the first bad line.
Result<AsRelFileInfo> read_as_rel(std::string_view text, std::string_view source,
                                  AsRelationshipsBuilder& builder);

struct AsRelFile {
  AsRelFileInfo info;
  AsRelationships relationships;
};

// One file into its own store.
Result<AsRelFile> parse_as_rel(std::string_view text, std::string_view source);

// serial-1 text: `comment` lines (each prefixed "# "), then every link in
// links() order: p2c as "provider|customer|-1", p2p as "a|b|0", siblings as
// "a|b|1".
std::string format_as_rel_serial1(const AsRelationships& rels, std::string_view comment = {});

}  // namespace vigil::refdata
