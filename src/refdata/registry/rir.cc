#include "refdata/registry/rir.h"

#include <array>
#include <utility>

namespace vigil::refdata {

namespace {

char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_lower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (to_lower(text[i]) != lower[i]) return false;
  }
  return true;
}

template <typename E, size_t N>
std::optional<E> lookup(std::string_view text,
                        const std::array<std::pair<std::string_view, E>, N>& t) {
  for (const auto& [name, value] : t) {
    if (equals_lower(text, name)) return value;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, Rir>, 7> kRirs = {{
    {"afrinic", Rir::kAfrinic},
    {"apnic", Rir::kApnic},
    {"arin", Rir::kArin},
    {"lacnic", Rir::kLacnic},
    {"ripencc", Rir::kRipeNcc},
    {"iana", Rir::kIana},
    {"ripe", Rir::kRipeNcc},
}};

constexpr std::array<std::pair<std::string_view, ResourceType>, 3> kTypes = {{
    {"asn", ResourceType::kAsn},
    {"ipv4", ResourceType::kIpv4},
    {"ipv6", ResourceType::kIpv6},
}};

constexpr std::array<std::pair<std::string_view, RecordStatus>, 4> kStatuses = {{
    {"allocated", RecordStatus::kAllocated},
    {"assigned", RecordStatus::kAssigned},
    {"available", RecordStatus::kAvailable},
    {"reserved", RecordStatus::kReserved},
}};

}  // namespace

std::string_view rir_name(Rir rir) { return kRirs[static_cast<size_t>(rir)].first; }
std::optional<Rir> parse_rir(std::string_view text) { return lookup(text, kRirs); }

std::string_view resource_type_name(ResourceType type) {
  return kTypes[static_cast<size_t>(type)].first;
}
std::optional<ResourceType> parse_resource_type(std::string_view text) {
  return lookup(text, kTypes);
}

std::string_view record_status_name(RecordStatus status) {
  return kStatuses[static_cast<size_t>(status)].first;
}
std::optional<RecordStatus> parse_record_status(std::string_view text) {
  return lookup(text, kStatuses);
}

std::optional<CountryCode> CountryCode::parse(std::string_view text) {
  if (text.size() != 2) return std::nullopt;
  char up[2];
  for (int i = 0; i < 2; ++i) {
    char c = text[static_cast<size_t>(i)];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return std::nullopt;
    up[i] = c;
  }
  return CountryCode(std::string_view(up, 2));
}

std::string CountryCode::to_string() const {
  if (empty()) return {};
  return std::string{a_, b_};
}

}  // namespace vigil::refdata
