// Feeds MRT elements into a rib::Rib: RIB dumps (TABLE_DUMP, TABLE_DUMP_V2,
// BGP4MP_ENTRY) and update streams (BGP4MP, BGP4MP_ET, type 5), in order.
//
//  - an announcement replaces the peer's route for (prefix, path id);
//  - a withdrawal removes it;
//  - an announcement whose attributes are malformed with RFC 7606 action
//    treat-as-withdraw or worse withdraws the prefixes instead;
//  - a STATE_CHANGE from Established (6) to anything else drops the peer's
//    routes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "dump/element.h"
#include "dump/mrt_stream.h"
#include "rib/rib.h"

namespace vigil::dump {

struct LoadStats {
  uint64_t records = 0;
  uint64_t rib_entries = 0;
  uint64_t announcements = 0;
  uint64_t withdrawals = 0;
  uint64_t treated_as_withdraw = 0;
  uint64_t peer_downs = 0;
  uint64_t warnings = 0;
  uint64_t skipped_after = 0;  // elements later than --at
};

class RibLoader {
 public:
  explicit RibLoader(rib::Rib& rib) : rib_(rib) {}

  // Applies one record's elements. Elements later than `at` (if set) are
  // counted but not applied.
  void apply(std::span<const Element> elems);
  void set_at(std::optional<uint64_t> at_us) { at_us_ = at_us; }

  // Opens and applies whole files in order. Stops at the first file that
  // cannot be read to the end and returns its error (records before the
  // damage are applied). Warnings go to `on_diag` when set.
  Status load_file(const std::string& path, const MrtStream::DiagnosticSink& on_diag = {});

  const LoadStats& stats() const { return stats_; }

 private:
  rib::Rib& rib_;
  std::optional<uint64_t> at_us_;
  LoadStats stats_;
};

}  // namespace vigil::dump
