#include "refdata/rpki/rpki_data.h"

#include <utility>

namespace vigil::refdata::rpki {

const char* rpki_format_name(RpkiFormat f) {
  switch (f) {
    case RpkiFormat::kRpkiClientJson:
      return "rpki-client-json";
    case RpkiFormat::kRoutinatorJson:
      return "routinator-json";
    case RpkiFormat::kRoutinatorJsonExt:
      return "routinator-jsonext";
    case RpkiFormat::kStayRtrJson:
      return "stayrtr-json";
    case RpkiFormat::kVrpArrayJson:
      return "vrp-array-json";
    case RpkiFormat::kCsv:
      return "csv";
  }
  return "?";
}

std::vector<Vrp> RpkiData::vrp_list() const {
  std::vector<Vrp> out;
  out.reserve(vrps.size());
  for (const VrpRecord& r : vrps) out.push_back(r.vrp);
  return out;
}

const std::string& RpkiData::ta_name(uint16_t ta) const {
  static const std::string kEmpty;
  return ta < trust_anchors.size() ? trust_anchors[ta] : kEmpty;
}

void RpkiData::warn(std::string message) {
  if (warnings.size() < kMaxWarnings) {
    warnings.push_back(std::move(message));
  } else {
    ++suppressed_warnings;
  }
}

}  // namespace vigil::refdata::rpki
