// Helpers shared by the refdata/rpki tests: file reading, prefix and VRP
// literals.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "core/ip.h"
#include "refdata/rpki/vrp.h"

namespace vigil::refdata::rpki::test {

// The whole file, or "" (with a test failure) when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline Prefix pfx(std::string_view text) {
  const auto p = Prefix::parse(text);
  EXPECT_TRUE(p.has_value()) << text;
  return p.value_or(Prefix{});
}

inline Vrp vrp(std::string_view prefix, uint32_t asn, int max_length = -1) {
  Vrp v;
  v.prefix = pfx(prefix);
  v.asn = asn;
  v.max_length = static_cast<uint8_t>(max_length < 0 ? v.prefix.len : max_length);
  return v;
}

}  // namespace vigil::refdata::rpki::test
