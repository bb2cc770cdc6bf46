#include "detect/watchlist/classify.h"

#include <vector>

namespace vigil::detect {

std::string Classification::code() const {
  std::string s;
  switch (prefix_kind) {
    case HijackPrefixKind::kExact:
      s = "E";
      break;
    case HijackPrefixKind::kSubPrefix:
      s = "S";
      break;
    case HijackPrefixKind::kSquatting:
      s = "Q";
      break;
  }
  switch (path_kind) {
    case HijackPathKind::kOrigin:
      s += "|0";
      break;
    case HijackPathKind::kFirstHop:
      s += "|1";
      break;
    case HijackPathKind::kLegitimate:
      s += "|-";
      break;
  }
  s += "|-|";
  s += policy_violation ? "L" : "-";
  return s;
}

namespace {

// Is `p` an "exact" match for entry `e` (same prefix, or inside it at a
// length its range operator allows)?
bool exact_for(const refdata::WatchEntry& e, const Prefix& p) {
  return e.prefix.contains(p) && p.len >= e.min_len && p.len <= e.max_len;
}

}  // namespace

std::optional<Classification> classify(const refdata::Watchlist& w, const Prefix& prefix,
                                       std::span<const uint32_t> raw_path) {
  // The best-matching configured prefix: entries whose range makes the
  // announcement exact win; otherwise the most specific covering entries.
  const auto covering = w.covering(prefix);
  if (covering.empty()) return std::nullopt;
  std::vector<const refdata::WatchEntry*> rules;
  for (const auto* e : covering) {
    if (exact_for(*e, prefix)) rules.push_back(e);
  }
  bool exact = !rules.empty();
  if (!exact) {
    const Prefix best = covering.front()->prefix;
    for (const auto* e : covering) {
      if (e->prefix == best) rules.push_back(e);
    }
  }
  std::vector<uint32_t> path;
  for (uint32_t a : raw_path) {
    if (path.empty() || path.back() != a) path.push_back(a);
  }
  Classification c;
  c.prefix_kind = exact ? HijackPrefixKind::kExact : HijackPrefixKind::kSubPrefix;
  c.configured_prefix = exact ? prefix : rules.front()->prefix;
  c.entry = rules.front();
  if (path.empty()) return std::nullopt;  // our own route
  const uint32_t origin = path.back();
  const std::optional<uint32_t> neighbor =
      path.size() >= 2 ? std::optional<uint32_t>(path[path.size() - 2]) : std::nullopt;

  // Squatting: no rule lets anybody announce the prefix.
  bool any_origins = false;
  for (const auto* r : rules) any_origins |= !r->origins.empty();
  if (!any_origins) {
    c.prefix_kind = HijackPrefixKind::kSquatting;
    c.path_kind = HijackPathKind::kOrigin;
    c.hijacker = origin;
    return c;
  }
  // Type 0: no rule allows the origin.
  std::vector<const refdata::WatchEntry*> origin_ok;
  for (const auto* r : rules) {
    if (r->origins.contains(origin)) origin_ok.push_back(r);
  }
  if (origin_ok.empty()) {
    c.path_kind = HijackPathKind::kOrigin;
    c.hijacker = origin;
    return c;
  }
  // Type 1: no rule that allows the origin allows the first hop.
  std::vector<const refdata::WatchEntry*> path_ok;
  for (const auto* r : origin_ok) {
    if (!neighbor || r->neighbors.empty() || r->neighbors.contains(*neighbor)) path_ok.push_back(r);
  }
  if (path_ok.empty()) {
    c.path_kind = HijackPathKind::kFirstHop;
    c.hijacker = neighbor;
    c.entry = origin_ok.front();
    return c;
  }
  c.entry = path_ok.front();
  // Policy: every rule that allows the path is no-export, and the route
  // went past the neighbour's own peers (peer, neighbour, origin at most).
  bool all_no_export = true;
  for (const auto* r : path_ok) all_no_export &= r->no_export;
  if (all_no_export && path.size() > 3) {
    c.policy_violation = true;
    c.hijacker = neighbor;
    return c;
  }
  if (exact) return std::nullopt;
  for (const auto* r : path_ok) {
    if (r->ignore_more_specifics) return std::nullopt;
  }
  c.hijacker = std::nullopt;  // a more-specific with a legitimate path
  return c;
}

}  // namespace vigil::detect
