#include "core/text.h"

#include <cstring>

namespace vigil {

namespace {
// Two-digit lookup table: "00" "01" ... "99".
constexpr char kDigits2[] =
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";
}  // namespace

void append_u64(std::string& out, uint64_t v) {
  char buf[20];
  char* p = buf + sizeof(buf);
  while (v >= 100) {
    const unsigned idx = static_cast<unsigned>(v % 100) * 2;
    v /= 100;
    *--p = kDigits2[idx + 1];
    *--p = kDigits2[idx];
  }
  if (v >= 10) {
    const unsigned idx = static_cast<unsigned>(v) * 2;
    *--p = kDigits2[idx + 1];
    *--p = kDigits2[idx];
  } else {
    *--p = static_cast<char>('0' + v);
  }
  out.append(p, static_cast<size_t>(buf + sizeof(buf) - p));
}

void append_u64_padded(std::string& out, uint64_t v, int width) {
  char buf[20];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<size_t>(width));
}

}  // namespace vigil
