// Small value types of the registry data: the five Regional Internet
// Registries (plus IANA), ISO 3166 alpha-2 country codes, resource types and
// record statuses, with the spellings of the RIR statistics exchange format.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::refdata {

enum class Rir : uint8_t {
  kAfrinic,  // "afrinic"
  kApnic,    // "apnic"
  kArin,     // "arin"
  kLacnic,   // "lacnic"
  kRipeNcc,  // "ripencc"
  kIana,     // "iana" (IANA publishes a file in the same format)
};

// The registry field's spelling: "afrinic", "apnic", "arin", "lacnic",
// "ripencc", "iana".
std::string_view rir_name(Rir rir);
// Accepts the spellings above, any case; also "ripe" for RIPE NCC.
std::optional<Rir> parse_rir(std::string_view text);

enum class ResourceType : uint8_t {
  kAsn,   // "asn": value is a count of consecutive ASNs
  kIpv4,  // "ipv4": value is a count of addresses
  kIpv6,  // "ipv6": value is a prefix length
};

std::string_view resource_type_name(ResourceType type);
// "asn", "ipv4", "ipv6", any case.
std::optional<ResourceType> parse_resource_type(std::string_view text);

enum class RecordStatus : uint8_t {
  kAllocated,  // "allocated": delegated to a LIR/ISP
  kAssigned,   // "assigned": delegated to an end user
  kAvailable,  // "available": in the RIR's free pool (extended files)
  kReserved,   // "reserved": held back by the RIR (extended files)
};

std::string_view record_status_name(RecordStatus status);
// "allocated", "assigned", "available", "reserved", any case.
std::optional<RecordStatus> parse_record_status(std::string_view text);
// Allocated or assigned: the resource belongs to someone, in a country.
inline bool is_delegated(RecordStatus s) {
  return s == RecordStatus::kAllocated || s == RecordStatus::kAssigned;
}

// An ISO 3166-1 alpha-2 code as the RIR files write it, or empty. The files
// also use three codes that are not countries: "EU" (RIPE NCC, resources
// used across Europe), "AP" (APNIC, Asia-Pacific region) and "ZZ" (AFRINIC,
// no country: available or reserved space). is_regional() tells the first
// two; is_unknown() the last.
class CountryCode {
 public:
  // Number of distinct two-letter codes; index() is below it.
  static constexpr int kIndexCount = 26 * 26;

  constexpr CountryCode() = default;
  // REQUIRES: `code` is two letters 'A'..'Z' (use parse() for input).
  explicit constexpr CountryCode(std::string_view code) : a_(code[0]), b_(code[1]) {}

  // Two ASCII letters, either case (stored upper case); nullopt otherwise.
  static std::optional<CountryCode> parse(std::string_view text);

  bool empty() const { return a_ == 0; }
  bool is_regional() const { return (a_ == 'E' && b_ == 'U') || (a_ == 'A' && b_ == 'P'); }
  bool is_unknown() const { return a_ == 'Z' && b_ == 'Z'; }
  // "NL"; "" when empty.
  std::string to_string() const;
  // 0 .. kIndexCount-1. REQUIRES: !empty().
  int index() const { return (a_ - 'A') * 26 + (b_ - 'A'); }
  static CountryCode from_index(int index) {
    CountryCode c;
    c.a_ = static_cast<char>('A' + index / 26);
    c.b_ = static_cast<char>('A' + index % 26);
    return c;
  }

  auto operator<=>(const CountryCode&) const = default;

 private:
  char a_ = 0;
  char b_ = 0;
};

}  // namespace vigil::refdata
