#include "core/ip.h"

#include <arpa/inet.h>

#include "core/text.h"

namespace vigil {

namespace {

void append_v4(std::string& out, const uint8_t* b) {
  append_u32(out, b[0]);
  out.push_back('.');
  append_u32(out, b[1]);
  out.push_back('.');
  append_u32(out, b[2]);
  out.push_back('.');
  append_u32(out, b[3]);
}

void append_hex16(std::string& out, unsigned v) {
  static constexpr char kHex[] = "0123456789abcdef";
  char buf[4];
  int n = 0;
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const unsigned nib = (v >> shift) & 0xf;
    if (nib != 0 || started || shift == 0) {
      buf[n++] = kHex[nib];
      started = true;
    }
  }
  out.append(buf, static_cast<size_t>(n));
}

// glibc inet_ntop6: longest run (first on ties) of >= 2 zero words becomes
// "::"; IPv4-compatible (run of 6 at start) and mapped (5 at start then ffff)
// addresses end in dotted quad.
void append_v6(std::string& out, const IpAddr& a) {
  const uint8_t* b = a.bytes.data();
  const std::array<unsigned, 8> words = a.v6_words();
  int best_base = -1, best_len = 0, cur_base = -1, cur_len = 0;
  for (int i = 0; i < 8; ++i) {
    if (words[i] == 0) {
      if (cur_base == -1) {
        cur_base = i;
        cur_len = 1;
      } else {
        ++cur_len;
      }
    } else if (cur_base != -1) {
      if (best_base == -1 || cur_len > best_len) {
        best_base = cur_base;
        best_len = cur_len;
      }
      cur_base = -1;
    }
  }
  if (cur_base != -1 && (best_base == -1 || cur_len > best_len)) {
    best_base = cur_base;
    best_len = cur_len;
  }
  if (best_base != -1 && best_len < 2) best_base = -1;
  for (int i = 0; i < 8; ++i) {
    if (best_base != -1 && i >= best_base && i < best_base + best_len) {
      if (i == best_base) out.push_back(':');
      continue;
    }
    if (i != 0) out.push_back(':');
    if (i == 6 && best_base == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff))) {
      append_v4(out, b + 12);
      return;
    }
    append_hex16(out, words[i]);
  }
  if (best_base != -1 && best_base + best_len == 8) out.push_back(':');
}

}  // namespace

void append_ip(std::string& out, const IpAddr& a) {
  if (a.is_v4()) {
    append_v4(out, a.bytes.data());
  } else {
    append_v6(out, a);
  }
}

void append_prefix(std::string& out, const Prefix& p) {
  append_ip(out, p.addr);
  out.push_back('/');
  append_u32(out, p.len);
}

std::string IpAddr::to_string() const {
  std::string s;
  append_ip(s, *this);
  return s;
}

std::string Prefix::to_string() const {
  std::string s;
  append_prefix(s, *this);
  return s;
}

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
  if (text.size() >= INET6_ADDRSTRLEN || text.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  char buf[INET6_ADDRSTRLEN];
  text.copy(buf, text.size());
  buf[text.size()] = '\0';
  IpAddr a;
  if (text.find(':') != std::string_view::npos) {
    if (inet_pton(AF_INET6, buf, a.bytes.data()) != 1) return std::nullopt;
    a.family = Family::kIPv6;
  } else {
    if (inet_pton(AF_INET, buf, a.bytes.data()) != 1) return std::nullopt;
  }
  return a;
}

Prefix Prefix::masked() const {
  Prefix p = *this;
  const int max = addr.max_len();
  for (int bit = len; bit < max; ++bit) {
    p.addr.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  }
  return p;
}

std::optional<Prefix> Prefix::parse(std::string_view text, bool allow_host_bits) {
  const size_t slash = text.find('/');
  Prefix p;
  auto addr = IpAddr::parse(text.substr(0, slash));
  if (!addr) return std::nullopt;
  p.addr = *addr;
  if (slash == std::string_view::npos) {
    p.len = static_cast<uint8_t>(p.addr.max_len());
    return p;
  }
  std::string_view l = text.substr(slash + 1);
  if (l.empty() || l.size() > 3) return std::nullopt;
  unsigned len = 0;
  for (char c : l) {
    if (c < '0' || c > '9') return std::nullopt;
    len = len * 10 + static_cast<unsigned>(c - '0');
  }
  if (len > static_cast<unsigned>(p.addr.max_len())) return std::nullopt;
  p.len = static_cast<uint8_t>(len);
  if (!allow_host_bits && p.masked() != p) return std::nullopt;
  return p;
}

bool Prefix::contains(const Prefix& other) const {
  if (addr.family != other.addr.family || other.len < len) return false;
  const int full = len / 8;
  for (int i = 0; i < full; ++i) {
    if (addr.bytes[i] != other.addr.bytes[i]) return false;
  }
  const int rem = len % 8;
  if (rem == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff00u >> rem);
  return (addr.bytes[full] & mask) == (other.addr.bytes[full] & mask);
}

}  // namespace vigil
