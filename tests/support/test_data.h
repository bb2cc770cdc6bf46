// Where tests find ../shared/data: $VIGIL_DATA, else the path CMake baked in.
// Tests that need it call VIGIL_REQUIRE_DATA(), which skips with a clear
// message when the directory is absent.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace vigil::test {

inline std::string data_dir() {
  if (const char* env = std::getenv("VIGIL_DATA"); env && *env) return env;
#ifdef VIGIL_DATA_DEFAULT
  return VIGIL_DATA_DEFAULT;
#else
  return "../shared/data";
#endif
}

inline bool have_data() { return std::filesystem::is_directory(data_dir() + "/mrt"); }

}  // namespace vigil::test

#define VIGIL_REQUIRE_DATA()                                                 \
  do {                                                                       \
    if (!::vigil::test::have_data()) {                                       \
      GTEST_SKIP() << "real data not found at " << ::vigil::test::data_dir() \
                   << " (set VIGIL_DATA to ../shared/data)";                 \
    }                                                                        \
  } while (0)
