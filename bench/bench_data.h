// Where benchmarks find ../shared/data ($VIGIL_DATA, else the path CMake
// baked in as VIGIL_DATA_DEFAULT), and the real files they replay, read
// into memory first so that decompression is not measured.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "io/input.h"

namespace vigil::bench {

inline std::string data_dir() {
  const char* env = std::getenv("VIGIL_DATA");
  return env && *env ? env : VIGIL_DATA_DEFAULT;
}

// The decompressed bytes of a file (any compression vigil reads); empty
// when it cannot be opened.
inline std::vector<uint8_t> read_all(const std::string& path) {
  std::vector<uint8_t> out;
  auto src = io::open_input(path);
  if (!src) return out;
  uint8_t buf[1 << 16];
  for (;;) {
    auto n = (*src)->read(buf, sizeof buf);
    if (!n || *n == 0) break;
    out.insert(out.end(), buf, buf + *n);
  }
  return out;
}

// The 50 RIS rrc06 update files of 2021-01-02 05:00-09:00, decompressed,
// in time order; empty without the data. Read once per process.
inline const std::vector<std::vector<uint8_t>>& rrc06_updates() {
  static const std::vector<std::vector<uint8_t>> files = [] {
    std::vector<std::vector<uint8_t>> out;
    const std::string dir = data_dir() + "/mrt/ris-rrc06-2021-01-02";
    if (!std::filesystem::is_directory(dir)) return out;
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path());
    std::sort(names.begin(), names.end());
    for (const auto& n : names) out.push_back(read_all(n));
    return out;
  }();
  return files;
}

}  // namespace vigil::bench
