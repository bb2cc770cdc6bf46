#include "detect/alert.h"

namespace vigil::detect {

const char* alert_type_name(AlertType t) {
  switch (t) {
    case AlertType::kOriginHijack:
      return "origin-hijack";
    case AlertType::kSubprefixHijack:
      return "subprefix-hijack";
    case AlertType::kSquatting:
      return "squatting";
    case AlertType::kPathHijack:
      return "path-hijack";
    case AlertType::kPolicyViolation:
      return "policy-violation";
    case AlertType::kMoas:
      return "moas";
    case AlertType::kSubMoas:
      return "sub-moas";
    case AlertType::kNewAdjacency:
      return "new-adjacency";
    case AlertType::kBogon:
      return "bogon";
    case AlertType::kRpkiInvalid:
      return "rpki-invalid";
    case AlertType::kAspaInvalid:
      return "aspa-invalid";
    case AlertType::kRouteLeak:
      return "route-leak";
    case AlertType::kVisibilityLoss:
      return "visibility-loss";
    case AlertType::kOutage:
      return "outage";
    case AlertType::kShutdown:
      return "shutdown";
  }
  return "?";
}

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
    case Severity::kCritical:
      return "critical";
  }
  return "?";
}

}  // namespace vigil::detect
