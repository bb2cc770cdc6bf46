// The reference data detectors may consult, all optional. The engine's
// caller loads it (refdata loaders) and keeps it alive for the engine's
// lifetime; detectors only read it.
#pragma once

namespace vigil::refdata {
class Watchlist;
class AsRelationships;
class Registry;
namespace rpki {
class VrpSet;
class AspaSet;
}  // namespace rpki
}  // namespace vigil::refdata

namespace vigil::detect {

struct ReferenceData {
  const refdata::Watchlist* watchlist = nullptr;            // --config
  const refdata::rpki::VrpSet* vrps = nullptr;              // --vrps (ROV)
  const refdata::rpki::AspaSet* aspas = nullptr;            // --vrps (rpki-client ASPA entries)
  const refdata::AsRelationships* relationships = nullptr;  // --as-rel; null: inferred
  const refdata::Registry* registry = nullptr;              // --registry (countries)
};

}  // namespace vigil::detect
