// Test support shared by the detection tests: replaying MRT bytes (written
// with vigil's own mrt::Writer) through a Rib and an Engine, and picking
// incidents by type. Any decoding diagnostic fails the test.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "detect/engine.h"
#include "dump/mrt_stream.h"
#include "dump/rib_loader.h"
#include "io/memory_source.h"

namespace vigil::detect::test_support {

// Applies `bytes` to `rib`, calling before(record) ahead of each record.
inline void load_mrt(rib::Rib& rib, std::span<const uint8_t> bytes, const std::string& name,
                     const std::function<void(const dump::RecordView&)>& before) {
  dump::RibLoader loader(rib);
  dump::MrtStream s(std::make_unique<io::BufferedReader>(std::make_unique<io::MemorySource>(bytes)),
                    name);
  ASSERT_TRUE(s.run(
                   [&](const dump::RecordView& rec, std::span<const dump::Element> el) {
                     before(rec);
                     loader.apply(el);
                   },
                   [](const dump::Diagnostic& d) { ADD_FAILURE() << d.to_string(); })
                  .ok());
}

struct Replayed {
  rib::Rib rib;
  std::unique_ptr<Engine> engine;
  // Reported incidents of one type (ignored ones included), by first_seen.
  std::vector<const Incident*> of(AlertType t) const {
    std::vector<const Incident*> out;
    for (const auto* in : engine->incidents().reported(true)) {
      if (in->type == t) out.push_back(in);
    }
    return out;
  }
};

// A new engine over `run.rib` (detectors by name, {} = all), `setup` called
// once it exists, then the bytes as file `name` (TABLE_DUMP_V2 records are
// the baseline), then Engine::finish().
inline void replay(Replayed& run, std::span<const uint8_t> bytes, const ReferenceData& refs,
                   const std::vector<std::string>& detectors, EngineOptions opts = {},
                   const std::function<void(Engine&)>& setup = {},
                   const std::string& name = "test.mrt") {
  auto e = Engine::create(run.rib, refs, detectors, opts);
  ASSERT_TRUE(e.ok()) << e.error().message;
  run.engine = std::move(*e);
  if (setup) setup(*run.engine);
  ASSERT_NO_FATAL_FAILURE(load_mrt(run.rib, bytes, name, [&](const dump::RecordView& rec) {
    run.engine->begin_record({name, rec.offset, rec.header.timestamp},
                             rec.header.type == mrt::kTypeTableDumpV2, rec.raw);
  }));
  run.engine->finish();
}

}  // namespace vigil::detect::test_support
