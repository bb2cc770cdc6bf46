// Reading the reference data files named on the command line (--config,
// --vrps, --as-rel, --registry) into the refdata structures. Errors name the
// file and what was wrong; warnings go to `warn`.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "refdata/asrel/as_relationships.h"
#include "refdata/registry/registry.h"
#include "refdata/rpki/aspa.h"
#include "refdata/rpki/rpki_data.h"
#include "refdata/rpki/vrp_set.h"
#include "refdata/watchlist/watchlist.h"

namespace vigil::app {

using WarnFn = std::function<void(const std::string&)>;

Result<std::string> read_text_file(const std::string& path);

Result<refdata::Watchlist> load_watchlist_file(const std::string& path, const WarnFn& warn);

// VRPs (and ASPAs, from rpki-client JSON) of one validator output file.
struct RpkiFiles {
  refdata::rpki::RpkiData data;
  refdata::rpki::VrpSet vrps;
  refdata::rpki::AspaSet aspas;
};
Result<RpkiFiles> load_rpki_file(const std::string& path, const WarnFn& warn,
                                 const refdata::rpki::LoadOptions& options = {});

Result<refdata::AsRelationships> load_as_rel_file(const std::string& path, const WarnFn& warn);

// A directory (its files named delegated-*, except .md5 checksums) or one
// file of RIR statistics.
Result<refdata::Registry> load_registry(const std::string& path, const WarnFn& warn);

}  // namespace vigil::app
