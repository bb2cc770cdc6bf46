// Writes an exercise directory:
//   DIR/rib.mrt, DIR/updates.mrt                         exercise/mrt_out.h
//   DIR/vrps.json, DIR/as-rel.txt,
//   DIR/registry/delegated-<rir>-extended-<YYYYMMDD>     exercise/refdata_out.h
//   DIR/truth.json                                       exercise/truth_json.h
// render_exercise() builds the files in memory (pure; tests compare them);
// write_exercise() creates DIR and DIR/registry as needed and replaces the
// files, one rendered at a time. This is the exercise library's only file
// access.
//
// Errors: kIo naming the path and the reason.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "exercise/exercise.h"

namespace vigil::exercise {

struct ExerciseFile {
  std::string path;  // relative to the exercise directory, '/'-separated
  std::vector<uint8_t> bytes;
};

// Renders the files one at a time (rib.mrt, updates.mrt, vrps.json,
// as-rel.txt, registry/..., truth.json) and hands each to `sink`, so only
// one is in memory at once (rib.mrt of the large topology is ~80 MB).
void for_each_file(const ExerciseData& ex, const std::function<Status(ExerciseFile&&)>& sink,
                   Status* status = nullptr);

// Every file in memory at once.
std::vector<ExerciseFile> render_exercise(const ExerciseData& ex);

Status write_exercise(const ExerciseData& ex, const std::string& dir);

}  // namespace vigil::exercise
