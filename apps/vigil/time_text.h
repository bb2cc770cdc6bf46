// Unix seconds as ISO 8601 UTC text ("2021-01-02T05:20:00Z"), for the
// commands' tables and JSON.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace vigil::app {

inline std::string iso_time(uint64_t t) {
  const time_t tt = static_cast<time_t>(t);
  struct tm tm {};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace vigil::app
