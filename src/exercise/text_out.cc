#include "exercise/text_out.h"

#include <cstdio>

namespace vigil::exercise {

CivilDate civil_date(uint32_t unix_seconds) {
  // civil_from_days (https://howardhinnant.github.io/date_algorithms.html).
  const int64_t z = static_cast<int64_t>(unix_seconds / 86400) + 719468;
  const int64_t era = z / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  CivilDate d;
  d.day = doy - (153 * mp + 2) / 5 + 1;
  d.month = mp < 10 ? mp + 3 : mp - 9;
  d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
  return d;
}

std::string yyyymmdd(uint32_t unix_seconds) {
  const CivilDate d = civil_date(unix_seconds);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", d.year, d.month, d.day);
  return buf;
}

std::string iso8601_utc(uint32_t unix_seconds) {
  const CivilDate d = civil_date(unix_seconds);
  const uint32_t s = unix_seconds % 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02uZ", d.year, d.month, d.day, s / 3600,
                s / 60 % 60, s % 60);
  return buf;
}

std::string unix_us_text(uint64_t unix_us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llu.%06llu", static_cast<unsigned long long>(unix_us / 1000000),
                static_cast<unsigned long long>(unix_us % 1000000));
  return buf;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace vigil::exercise
