// Reading RPKI validator output: VRPs and ASPAs from the JSON and CSV that
// rpki-client, Routinator and StayRTR write (reference.md §4.5). The caller
// reads the file; these functions parse its content.
//
//   Result<RpkiData> d = parse_rpki(text, "vrps.json");
//   if (!d) { log(d.error().to_string()); return; }
//   // "malformed: vrps.json: roas[12].maxLength: maxLength 20 is less than
//   //  the prefix length 24 (RFC 6482 §3.3)"
//
// Formats, detected from content (RpkiFormat says which was found):
//   rpki-client -j   {"roas": [{"asn": 13335, "prefix": "1.0.0.0/24",
//                     "maxLength": 24, "ta": "apnic", "expires": 1827568318}],
//                     "aspas": [{"customer_asid": 15562, "expires": ...,
//                     "providers": [2914, 8283]}]}  — and the older
//                     "provider_authorizations": {"ipv4": [{"customer_asid",
//                     "providers"}], "ipv6": [...]}
//   Routinator json  {"roas": [{"asn": "AS196615", "prefix", "maxLength", "ta"}],
//                     "aspas": [{"customer": "AS64496", "providers": ["AS64499"],
//                     "ta"}]}  (older: "afi": "ipv4"|"ipv6")
//   Routinator jsonext  as json with "source": [{"type", "uri", "tal", ...}]
//                     instead of "ta" (the first source's "tal" is taken)
//   StayRTR          {"roas": [{"prefix", "maxLength", "asn"}]}
//   bare array       [{"asn", "prefix", "maxLength"}, ...]
//   CSV              header naming the columns: "ASN,IP Prefix,Max Length,Trust
//                     Anchor" (routinator csv), the same quoted with plain
//                     numbers (csvcompat), "URI,ASN,IP Prefix,Max Length,Not
//                     Before,Not After" (csvext); an "Expires" column is read.
// ASNs may be JSON integers or strings "123" / "AS123" (any case) / asdot
// everywhere; maxLength may be an integer or a numeric string and defaults to
// the prefix length when absent (RFC 6482 §3.3). Other members (metadata,
// bgpsec_keys, routerKeys, ...) are ignored.
//
// Errors (kMalformed) name the source, then the JSON path ("roas[4].prefix")
// or CSV line ("vrps.csv:12"), then what was wrong; JSON syntax errors give
// line and column, and Error::offset is set to the byte offset when known.
// Nothing here throws or aborts on bad input.
#pragma once

#include <string_view>

#include "core/result.h"
#include "refdata/rpki/rpki_data.h"

namespace vigil::refdata::rpki {

// Detects JSON or CSV from the first non-blank character ('{' or '[' is
// JSON, else a CSV header naming "ASN" and "IP Prefix" columns) and parses.
Result<RpkiData> parse_rpki(std::string_view text, std::string_view source,
                            const LoadOptions& options = {});

// The JSON flavours above (text must be one JSON value; a UTF-8 BOM is
// skipped).
Result<RpkiData> parse_rpki_json(std::string_view text, std::string_view source,
                                 const LoadOptions& options = {});

// The CSV flavours above (RFC 4180 quoting; CRLF or LF; blank lines skipped).
Result<RpkiData> parse_rpki_csv(std::string_view text, std::string_view source,
                                const LoadOptions& options = {});

}  // namespace vigil::refdata::rpki
