// IP addresses and prefixes, IPv4 and IPv6 in one value type.
//
// Bytes are stored in network order; IPv4 uses the first 4 of the 16 bytes and
// the rest are zero, so two addresses compare equal iff family and bytes match.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil {

enum class Family : uint8_t { kIPv4 = 4, kIPv6 = 6 };

struct IpAddr {
  Family family = Family::kIPv4;
  std::array<uint8_t, 16> bytes{};

  static IpAddr v4(uint32_t host_order) {
    IpAddr a;
    a.bytes[0] = static_cast<uint8_t>(host_order >> 24);
    a.bytes[1] = static_cast<uint8_t>(host_order >> 16);
    a.bytes[2] = static_cast<uint8_t>(host_order >> 8);
    a.bytes[3] = static_cast<uint8_t>(host_order);
    return a;
  }
  static IpAddr v4_bytes(const uint8_t* p) {
    IpAddr a;
    for (int i = 0; i < 4; ++i) a.bytes[i] = p[i];
    return a;
  }
  static IpAddr v6_bytes(const uint8_t* p) {
    IpAddr a;
    a.family = Family::kIPv6;
    for (int i = 0; i < 16; ++i) a.bytes[i] = p[i];
    return a;
  }
  bool is_v4() const { return family == Family::kIPv4; }
  int max_len() const { return is_v4() ? 32 : 128; }
  // The eight 16-bit words of an IPv6 address, host order.
  std::array<unsigned, 8> v6_words() const {
    std::array<unsigned, 8> w{};
    for (size_t i = 0; i < 8; ++i) w[i] = (unsigned{bytes[2 * i]} << 8) | bytes[2 * i + 1];
    return w;
  }
  uint32_t v4_host_order() const {
    return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
           bytes[3];
  }
  std::string to_string() const;
  // Parses dotted quad or RFC 4291 text; nullopt on error.
  static std::optional<IpAddr> parse(std::string_view text);

  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 false positive
  auto operator<=>(const IpAddr&) const = default;
};

struct Prefix {
  IpAddr addr;
  uint8_t len = 0;

  std::string to_string() const;
  // "192.0.2.0/24" or "2001:db8::/32"; host bits must be zero unless
  // allow_host_bits. nullopt on error.
  static std::optional<Prefix> parse(std::string_view text, bool allow_host_bits = false);
  // True when every address of `other` is inside this prefix.
  bool contains(const Prefix& other) const;
  // Copy with bits past len cleared.
  Prefix masked() const;

  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 false positive
  auto operator<=>(const Prefix&) const = default;
};

// Hash for unordered containers keyed by Prefix.
struct PrefixHash {
  size_t operator()(const Prefix& p) const {
    uint64_t a = 0, b = 0;
    for (int i = 0; i < 8; ++i) {
      a = (a << 8) | p.addr.bytes[i];
      b = (b << 8) | p.addr.bytes[8 + i];
    }
    uint64_t h = a * 0x9e3779b97f4a7c15ull ^ (b + 0x632be59bd9b4e019ull) ^ (uint64_t{p.len} << 56) ^
                 static_cast<uint64_t>(p.addr.family);
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

// Appends text forms to `out` without allocating when capacity allows.
// IPv6 text follows glibc inet_ntop (RFC 5952 style, "::ffff:a.b.c.d" for
// mapped and "::a.b.c.d" for compatible addresses) so output matches tools
// built on it.
void append_ip(std::string& out, const IpAddr& a);
void append_prefix(std::string& out, const Prefix& p);

}  // namespace vigil
