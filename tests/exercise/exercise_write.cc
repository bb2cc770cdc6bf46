// exercise_write: writes an exercise directory with one event of every
// type, for the CLI parity test (tests/cli/exercise_cli_test.sh). A test
// tool only; the `vigil exercise` command is the owner's.
//
//   exercise_write [--seed N] [--ases N] [--prefixes N] [--peers N] -o DIR
#include <cstdio>
#include <cstdlib>
#include <string>

#include "exercise/exercise.h"
#include "exercise/writer.h"

int main(int argc, char** argv) {
  using namespace vigil::exercise;
  ExerciseSpec spec;
  spec.topology = TopologyOptions::tiny(1);
  spec.topology.as_count = 400;
  spec.topology.prefix_count = 3000;
  spec.topology.vantage_points = 8;
  spec.duration = 3600;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "exercise_write: %s needs a value\n", a.c_str());
      return 2;
    }
    const char* v = argv[++i];
    if (a == "--seed") {
      spec.topology.seed = std::strtoull(v, nullptr, 10);
    } else if (a == "--ases") {
      spec.topology.as_count = static_cast<uint32_t>(std::atoi(v));
    } else if (a == "--prefixes") {
      spec.topology.prefix_count = static_cast<uint32_t>(std::atoi(v));
    } else if (a == "--peers") {
      spec.topology.vantage_points = static_cast<uint32_t>(std::atoi(v));
    } else if (a == "-o") {
      dir = v;
    } else {
      std::fprintf(
          stderr,
          "usage: exercise_write [--seed N] [--ases N] [--prefixes N] [--peers N] -o DIR\n");
      return 2;
    }
  }
  if (dir.empty()) {
    std::fprintf(stderr, "exercise_write: -o DIR is required\n");
    return 2;
  }
  spec.events = {
      {.type = EventType::kExactPrefixHijack, .start = 300, .end = 900},
      {.type = EventType::kSubPrefixHijack, .start = 400, .end = 1500, .ipv6 = true},
      {.type = EventType::kForgedOriginHijack, .start = 600, .end = 1200},
      {.type = EventType::kRouteLeak, .start = 800, .end = 1400, .leak_prefixes = 40},
      {.type = EventType::kCountryShutdown, .start = 1600, .end = 2400},
      {.type = EventType::kAsOutage, .start = 2000, .end = 2600},
      {.type = EventType::kDnsRootHijack, .start = 2200, .end = 2800, .dns_root = 'K'},
      {.type = EventType::kRpkiInvalid, .start = 3000},
  };
  auto ex = build_exercise(spec);
  if (!ex.ok()) {
    std::fprintf(stderr, "exercise_write: %s\n", ex.error().to_string().c_str());
    return 1;
  }
  const vigil::Status st = write_exercise(*ex, dir);
  if (!st.ok()) {
    std::fprintf(stderr, "exercise_write: %s\n", st.error().to_string().c_str());
    return 1;
  }
  std::printf("%zu route changes, %zu events\n", ex->timeline.changes.size(), ex->truth.size());
  return 0;
}
