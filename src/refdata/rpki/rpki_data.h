// What an RPKI validator's output file holds once read: VRPs and ASPAs, the
// trust anchors they cite, and what the loader had to say about the file.
//
// Loaders (load.h) fill it; VrpSet (vrp_set.h) and AspaSet (aspa.h) index it
// for validation. Plain values, no references into the input text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "refdata/rpki/aspa.h"
#include "refdata/rpki/vrp.h"

namespace vigil::refdata::rpki {

// The file formats read, as detected from content (load.h).
enum class RpkiFormat : uint8_t {
  kRpkiClientJson,     // rpki-client -j: integer "asn", "expires", "aspas"
                       // with "customer_asid" or "provider_authorizations"
  kRoutinatorJson,     // routinator vrps -f json: "asn": "AS123", "ta"
  kRoutinatorJsonExt,  // routinator vrps -f jsonext: "source": [...] per entry
  kStayRtrJson,        // StayRTR / generic {"roas": [{prefix, maxLength, asn}]}
  kVrpArrayJson,       // a bare JSON array of VRP objects (BGPalerter test files)
  kCsv,                // routinator csv / csvcompat / csvext (header names columns)
};
const char* rpki_format_name(RpkiFormat f);  // "rpki-client-json", ...

struct RpkiData {
  RpkiFormat format = RpkiFormat::kStayRtrJson;
  std::vector<VrpRecord> vrps;  // file order, duplicates kept
  std::vector<Aspa> aspas;      // file order, nothing merged
  // Names for VrpRecord::ta and Aspa::ta, in order of first appearance.
  std::vector<std::string> trust_anchors;
  // Non-fatal findings ("roas[4].prefix: host bits cleared ..."), capped at
  // kMaxWarnings entries; `suppressed_warnings` counts the rest.
  std::vector<std::string> warnings;
  size_t suppressed_warnings = 0;
  // Entries left out because LoadOptions::skip_bad_entries was set.
  size_t skipped = 0;

  static constexpr size_t kMaxWarnings = 100;

  // The VRPs without metadata (file order, duplicates kept).
  std::vector<Vrp> vrp_list() const;
  // The trust anchor name of a record, "" for kNoTrustAnchor.
  const std::string& ta_name(uint16_t ta) const;

  void warn(std::string message);
};

struct LoadOptions {
  // A prefix with host bits set ("94.5.4.3/22") is an error by default;
  // with this set it is read as the masked prefix (94.5.4.0/22) and a
  // warning is recorded. Validators never emit such prefixes; hand-made
  // test files do.
  bool mask_host_bits = false;
  // An entry that fails its checks fails the whole load by default; with
  // this set it is left out, counted in RpkiData::skipped and warned about.
  // Syntax errors (broken JSON, a CSV header without the needed columns)
  // always fail.
  bool skip_bad_entries = false;
};

}  // namespace vigil::refdata::rpki
