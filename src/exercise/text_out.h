// Small text helpers shared by the exercise's file formatters: calendar
// dates of Unix times (proleptic Gregorian, UTC; H. Hinnant's
// civil_from_days), JSON strings, microsecond timestamps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::exercise {

struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};
CivilDate civil_date(uint32_t unix_seconds);

std::string yyyymmdd(uint32_t unix_seconds);     // "20250101"
std::string iso8601_utc(uint32_t unix_seconds);  // "2025-01-01T00:00:00Z"
std::string unix_us_text(uint64_t unix_us);      // "1735690200.123456"
// Appends `s` quoted, with JSON escapes for '"', '\\' and control octets.
void append_json_string(std::string& out, std::string_view s);

}  // namespace vigil::exercise
