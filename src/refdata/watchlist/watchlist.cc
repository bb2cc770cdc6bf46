#include "refdata/watchlist/watchlist.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>

#include "rib/cover_filter.h"
#include "rib/prefix_trie.h"

namespace vigil::refdata {

struct Watchlist::Index {
  rib::PrefixTrie<std::vector<uint32_t>> trie;  // prefix -> entry indices
  rib::CoverFilter filter;                      // any_covering()'s first test
};

Watchlist::Watchlist() : index_(std::make_unique<Index>()) {}
Watchlist::~Watchlist() = default;
Watchlist::Watchlist(Watchlist&&) noexcept = default;
Watchlist& Watchlist::operator=(Watchlist&&) noexcept = default;

bool AsnSet::contains(uint32_t asn) const {
  if (any) return true;
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const auto& r) { return asn >= r.first && asn <= r.second; });
}

const char* watchlist_format_name(WatchlistFormat f) {
  switch (f) {
    case WatchlistFormat::kVigil:
      return "vigil";
    case WatchlistFormat::kBgpalerter:
      return "BGPalerter prefixes.yml";
    case WatchlistFormat::kArtemis:
      return "ARTEMIS config";
  }
  return "?";
}

void Watchlist::add(WatchEntry e) {
  const auto idx = static_cast<uint32_t>(entries_.size());
  index_->trie[e.prefix].push_back(idx);
  index_->filter.add(e.prefix);
  entries_.push_back(std::move(e));
}

std::vector<const WatchEntry*> Watchlist::covering(const Prefix& p) const {
  std::vector<const WatchEntry*> out;
  index_->trie.for_each_covering(p, [&](const Prefix&, const std::vector<uint32_t>& ids) {
    for (uint32_t i : ids) {
      if (!entries_[i].ignore) out.push_back(&entries_[i]);
    }
  });
  std::reverse(out.begin(), out.end());  // most specific first
  return out;
}

const rib::CoverFilter& Watchlist::cover_filter() const { return index_->filter; }

bool Watchlist::any_covering(const Prefix& p) const {
  return index_->filter.may_cover(p) && static_cast<bool>(index_->trie.longest_match(p));
}

const MonitoredAs* Watchlist::monitored_as(uint32_t asn) const {
  for (const auto& a : asns_) {
    if (a.asn == asn) return &a;
  }
  return nullptr;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<uint32_t> parse_u32(std::string_view s) {
  s = trim(s);
  if (s.size() > 2 && (s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's'))
    s.remove_prefix(2);
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty() || v > 0xffffffffull) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(v);
}

// Parsing context: the source name and warnings; errors carry the YAML mark.
struct Ctx {
  const std::string& source;
  Watchlist& out;
  std::string where(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.is_null()) return source;
    return source + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
  }
  Error error(const YAML::Node& n, const std::string& what) const {
    return make_error(ErrorCode::kMalformed, where(n) + ": " + what);
  }
};

// "a.b.c.d/len" with optional RFC 2622 operator. Host bits are cleared with
// a warning (BGPalerter's test files carry e.g. 94.5.4.3/22).
Status parse_prefix_into(const Ctx& c, const YAML::Node& n, WatchEntry& e) {
  if (!n.IsScalar()) return c.error(n, "a prefix must be a string like 192.0.2.0/24");
  std::string text = n.Scalar();
  std::string op;
  if (const size_t caret = text.find('^'); caret != std::string::npos) {
    op = text.substr(caret + 1);
    text = text.substr(0, caret);
  }
  auto p = Prefix::parse(trim(text), /*allow_host_bits=*/true);
  if (!p) return c.error(n, "'" + n.Scalar() + "' is not a prefix");
  e.prefix = p->masked();
  if (e.prefix != *p) {
    e.host_bits_cleared = true;
    c.out.warnings().push_back(c.where(n) + ": '" + n.Scalar() + "' has host bits set; using " +
                               e.prefix.to_string());
  }
  const uint8_t max = static_cast<uint8_t>(e.prefix.addr.max_len());
  e.min_len = e.max_len = e.prefix.len;
  if (op.empty()) return Status::Ok();
  if (op == "-") {
    if (e.prefix.len == max) return c.error(n, "^- on a host prefix covers nothing");
    e.min_len = static_cast<uint8_t>(e.prefix.len + 1);
    e.max_len = max;
    return Status::Ok();
  }
  if (op == "+") {
    e.max_len = max;
    return Status::Ok();
  }
  const size_t dash = op.find('-');
  auto lo = parse_u32(op.substr(0, dash));
  auto hi = dash == std::string::npos ? lo : parse_u32(op.substr(dash + 1));
  if (!lo || !hi || *lo < e.prefix.len || *hi < *lo || *hi > max) {
    return c.error(n, "bad range operator '^" + op + "' for " + e.prefix.to_string());
  }
  e.min_len = static_cast<uint8_t>(*lo);
  e.max_len = static_cast<uint8_t>(*hi);
  return Status::Ok();
}

// Adds ASNs from a scalar ("64500", "AS64500", "300-310", "*") or a
// (possibly nested, through anchors) sequence.
Status add_asns(const Ctx& c, const YAML::Node& n, AsnSet& set) {
  if (!n || n.IsNull()) return Status::Ok();
  if (n.IsSequence()) {
    for (const auto& item : n) VIGIL_RETURN_IF_ERROR(add_asns(c, item, set));
    return Status::Ok();
  }
  if (!n.IsScalar()) return c.error(n, "expected an ASN, a range or a list of them");
  const std::string& s = n.Scalar();
  if (trim(s) == "*") {
    set.any = true;
    return Status::Ok();
  }
  auto r = parse_asn_range(s);
  if (!r) return c.error(n, r.error().message);
  set.ranges.push_back(*r);
  return Status::Ok();
}

Status add_strings(const Ctx& c, const YAML::Node& n, std::vector<std::string>& out) {
  if (!n) return Status::Ok();
  if (n.IsScalar()) {
    out.push_back(n.Scalar());
    return Status::Ok();
  }
  if (!n.IsSequence()) return c.error(n, "expected a list of names");
  for (const auto& item : n) {
    if (!item.IsScalar()) return c.error(item, "expected a name");
    out.push_back(item.Scalar());
  }
  return Status::Ok();
}

Status parse_bool(const Ctx& c, const YAML::Node& n, bool& out) {
  if (!n) return Status::Ok();
  if (!n.IsScalar()) return c.error(n, "expected true or false");
  const std::string& s = n.Scalar();
  if (s == "true" || s == "yes" || s == "True") {
    out = true;
  } else if (s == "false" || s == "no" || s == "False") {
    out = false;
  } else {
    return c.error(n, "expected true or false, not '" + s + "'");
  }
  return Status::Ok();
}

Status parse_path_rule(const Ctx& c, const YAML::Node& n, PathRule& r) {
  if (!n.IsMap())
    return c.error(n, "a path rule is a map with match / notMatch / minLength / maxLength");
  for (const auto& kv : n) {
    const std::string k = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (k == "match") {
      r.match = v.Scalar();
    } else if (k == "notMatch" || k == "not_match") {
      r.not_match = v.Scalar();
    } else if (k == "matchDescription" || k == "description") {
      r.description = v.Scalar();
    } else if (k == "minLength" || k == "min_length" || k == "maxLength" || k == "max_length") {
      auto x = parse_u32(v.Scalar());
      if (!x) return c.error(v, k + " must be a number");
      (k[1] == 'i' ? r.min_length : r.max_length) = static_cast<int>(*x);
    } else {
      c.out.warnings().push_back(c.where(kv.first) + ": unknown path rule key '" + k + "' ignored");
    }
  }
  return Status::Ok();
}

Status parse_path_rules(const Ctx& c, const YAML::Node& n, std::vector<PathRule>& out) {
  if (!n) return Status::Ok();
  if (n.IsMap()) {
    out.emplace_back();
    return parse_path_rule(c, n, out.back());
  }
  if (!n.IsSequence()) return c.error(n, "path must be a rule or a list of rules");
  for (const auto& item : n) {
    out.emplace_back();
    VIGIL_RETURN_IF_ERROR(parse_path_rule(c, item, out.back()));
  }
  return Status::Ok();
}

Status parse_monitored_asns(const Ctx& c, const YAML::Node& n) {
  if (!n) return Status::Ok();
  if (!n.IsMap()) return c.error(n, "monitorASns must map ASNs to settings");
  for (const auto& kv : n) {
    MonitoredAs a;
    auto asn = parse_u32(kv.first.Scalar());
    if (!asn) return c.error(kv.first, "'" + kv.first.Scalar() + "' is not an ASN");
    a.asn = *asn;
    const YAML::Node& v = kv.second;
    if (v.IsMap()) {
      if (v["group"]) a.group = v["group"].Scalar();
      VIGIL_RETURN_IF_ERROR(add_asns(c, v["upstreams"], a.upstreams));
      VIGIL_RETURN_IF_ERROR(add_asns(c, v["downstreams"], a.downstreams));
    }
    c.out.add(std::move(a));
  }
  return Status::Ok();
}

// BGPalerter: { "<prefix>": {asn, description, ...}, options: {...} }.
Status parse_bgpalerter(const Ctx& c, const YAML::Node& root) {
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "options") {
      VIGIL_RETURN_IF_ERROR(parse_monitored_asns(c, v["monitorASns"]));
      continue;
    }
    WatchEntry e;
    e.origin_of_entry = c.where(kv.first);
    VIGIL_RETURN_IF_ERROR(parse_prefix_into(c, kv.first, e));
    if (!v.IsMap()) return c.error(v, "settings for " + key + " must be a map");
    for (const auto& f : v) {
      const std::string k = f.first.Scalar();
      const YAML::Node& x = f.second;
      if (k == "asn") {
        VIGIL_RETURN_IF_ERROR(add_asns(c, x, e.origins));
      } else if (k == "description") {
        e.description = x.Scalar();
      } else if (k == "ignoreMorespecifics") {
        VIGIL_RETURN_IF_ERROR(parse_bool(c, x, e.ignore_more_specifics));
      } else if (k == "ignore") {
        VIGIL_RETURN_IF_ERROR(parse_bool(c, x, e.ignore));
      } else if (k == "group") {
        e.group = x.Scalar();
      } else if (k == "path") {
        VIGIL_RETURN_IF_ERROR(parse_path_rules(c, x, e.path_rules));
      } else if (k == "includeMonitors") {
        VIGIL_RETURN_IF_ERROR(add_strings(c, x, e.include_monitors));
      } else if (k == "excludeMonitors") {
        VIGIL_RETURN_IF_ERROR(add_strings(c, x, e.exclude_monitors));
      } else {
        c.out.warnings().push_back(c.where(f.first) + ": unknown key '" + k + "' ignored");
      }
    }
    c.out.add(std::move(e));
  }
  return Status::Ok();
}

// Flattens ARTEMIS' anchored, nested prefix lists.
Status collect_prefix_nodes(const Ctx& c, const YAML::Node& n, std::vector<YAML::Node>& out) {
  if (n.IsSequence()) {
    for (const auto& item : n) VIGIL_RETURN_IF_ERROR(collect_prefix_nodes(c, item, out));
    return Status::Ok();
  }
  if (!n.IsScalar()) return c.error(n, "expected a prefix or a list of prefixes");
  out.push_back(n);
  return Status::Ok();
}

Status parse_communities(const Ctx& c, const YAML::Node& n, std::vector<uint32_t>& out) {
  if (!n) return Status::Ok();
  std::vector<std::string> texts;
  VIGIL_RETURN_IF_ERROR(add_strings(c, n, texts));
  for (const auto& t : texts) {
    const size_t colon = t.find(':');
    auto hi = parse_u32(std::string_view(t).substr(0, colon));
    auto lo = colon == std::string::npos ? std::nullopt
                                         : parse_u32(std::string_view(t).substr(colon + 1));
    if (!hi || !lo || *hi > 0xffff || *lo > 0xffff) return c.error(n, "bad community '" + t + "'");
    out.push_back((*hi << 16) | *lo);
  }
  return Status::Ok();
}

// ARTEMIS: rules: [{prefixes, origin_asns, neighbors, policies,
// community_annotations, mitigation}].
Status parse_artemis(const Ctx& c, const YAML::Node& root) {
  const YAML::Node rules = root["rules"];
  if (!rules.IsSequence()) return c.error(rules, "'rules' must be a list");
  for (const auto& rule : rules) {
    if (!rule.IsMap()) return c.error(rule, "a rule must be a map");
    std::vector<YAML::Node> prefixes;
    if (!rule["prefixes"]) return c.error(rule, "a rule needs 'prefixes'");
    VIGIL_RETURN_IF_ERROR(collect_prefix_nodes(c, rule["prefixes"], prefixes));
    WatchEntry tmpl;
    tmpl.origin_of_entry = c.where(rule);
    VIGIL_RETURN_IF_ERROR(add_asns(c, rule["origin_asns"], tmpl.origins));
    VIGIL_RETURN_IF_ERROR(add_asns(c, rule["neighbors"], tmpl.neighbors));
    std::vector<std::string> policies;
    VIGIL_RETURN_IF_ERROR(add_strings(c, rule["policies"], policies));
    tmpl.no_export = std::find(policies.begin(), policies.end(), "no-export") != policies.end();
    if (const YAML::Node ann = rule["community_annotations"]; ann) {
      if (!ann.IsSequence()) return c.error(ann, "community_annotations must be a list");
      for (const auto& sev : ann) {
        if (!sev.IsMap()) return c.error(sev, "expected {severity: [...]}");
        for (const auto& kv : sev) {
          for (const auto& clause : kv.second) {
            CommunityAnnotation a;
            a.severity = kv.first.Scalar();
            VIGIL_RETURN_IF_ERROR(parse_communities(c, clause["in"], a.in));
            VIGIL_RETURN_IF_ERROR(parse_communities(c, clause["out"], a.out));
            tmpl.annotations.push_back(std::move(a));
          }
        }
      }
    }
    for (const auto& pn : prefixes) {
      WatchEntry e = tmpl;
      VIGIL_RETURN_IF_ERROR(parse_prefix_into(c, pn, e));
      c.out.add(std::move(e));
    }
  }
  return Status::Ok();
}

// acknowledge: / ignore: [{id, type, prefix, asn, reason}]
Status parse_incident_rules(const Ctx& c, const YAML::Node& list, bool ignore) {
  if (!list.IsSequence()) {
    return c.error(list,
                   std::string("'") + (ignore ? "ignore" : "acknowledge") + "' must be a list");
  }
  for (const auto& item : list) {
    if (!item.IsMap()) return c.error(item, "each rule must be a map");
    IncidentRuleSpec r;
    r.ignore = ignore;
    r.where = c.where(item);
    for (const auto& f : item) {
      const std::string k = f.first.Scalar();
      const YAML::Node& x = f.second;
      if (!x.IsScalar()) return c.error(x, "'" + k + "' must be a single value");
      if (k == "id") {
        r.id = x.Scalar();
      } else if (k == "type") {
        r.type = x.Scalar();
      } else if (k == "reason") {
        r.reason = x.Scalar();
      } else if (k == "asn") {
        auto asn = parse_u32(x.Scalar());
        if (!asn) return c.error(x, "'" + x.Scalar() + "' is not an ASN");
        r.asn = *asn;
      } else if (k == "prefix") {
        auto p = Prefix::parse(trim(x.Scalar()));
        if (!p) return c.error(x, "'" + x.Scalar() + "' is not a prefix");
        r.prefix = p->masked();
      } else {
        c.out.warnings().push_back(c.where(f.first) + ": unknown rule key '" + k + "' ignored");
      }
    }
    if (r.id.empty() && r.type.empty() && !r.prefix && !r.asn) {
      return c.error(item, "a rule needs at least one of id, type, prefix, asn");
    }
    c.out.add(std::move(r));
  }
  return Status::Ok();
}

// vigil: prefixes: [{prefix, origins, neighbors, ...}], asns: [{asn, ...}],
// acknowledge: [...], ignore: [...].
Status parse_vigil(const Ctx& c, const YAML::Node& root) {
  if (const YAML::Node n = root["acknowledge"]; n) {
    VIGIL_RETURN_IF_ERROR(parse_incident_rules(c, n, false));
  }
  if (const YAML::Node n = root["ignore"]; n)
    VIGIL_RETURN_IF_ERROR(parse_incident_rules(c, n, true));
  const YAML::Node prefixes = root["prefixes"];
  if (!prefixes) return Status::Ok();
  for (const auto& item : prefixes) {
    if (!item.IsMap()) return c.error(item, "each prefix entry must be a map");
    WatchEntry e;
    e.origin_of_entry = c.where(item);
    if (!item["prefix"]) return c.error(item, "entry without 'prefix'");
    VIGIL_RETURN_IF_ERROR(parse_prefix_into(c, item["prefix"], e));
    bool squat = false;
    for (const auto& f : item) {
      const std::string k = f.first.Scalar();
      const YAML::Node& x = f.second;
      if (k == "prefix") continue;
      if (k == "origins" || k == "origin") {
        VIGIL_RETURN_IF_ERROR(add_asns(c, x, e.origins));
      } else if (k == "neighbors" || k == "upstreams") {
        VIGIL_RETURN_IF_ERROR(add_asns(c, x, e.neighbors));
      } else if (k == "description") {
        e.description = x.Scalar();
      } else if (k == "group") {
        e.group = x.Scalar();
      } else if (k == "ignore_more_specifics") {
        VIGIL_RETURN_IF_ERROR(parse_bool(c, x, e.ignore_more_specifics));
      } else if (k == "ignore") {
        VIGIL_RETURN_IF_ERROR(parse_bool(c, x, e.ignore));
      } else if (k == "no_export") {
        VIGIL_RETURN_IF_ERROR(parse_bool(c, x, e.no_export));
      } else if (k == "squat") {
        VIGIL_RETURN_IF_ERROR(parse_bool(c, x, squat));
      } else if (k == "path") {
        VIGIL_RETURN_IF_ERROR(parse_path_rules(c, x, e.path_rules));
      } else if (k == "include_monitors") {
        VIGIL_RETURN_IF_ERROR(add_strings(c, x, e.include_monitors));
      } else if (k == "exclude_monitors") {
        VIGIL_RETURN_IF_ERROR(add_strings(c, x, e.exclude_monitors));
      } else {
        c.out.warnings().push_back(c.where(f.first) + ": unknown key '" + k + "' ignored");
      }
    }
    if (e.origins.empty() && !squat) {
      return c.error(item, "entry for " + e.prefix.to_string() +
                               " has no origins; write 'squat: true' if nobody may announce it");
    }
    if (squat && !e.origins.empty()) {
      return c.error(item, "entry for " + e.prefix.to_string() + " has origins and squat: true");
    }
    c.out.add(std::move(e));
  }
  if (const YAML::Node asns = root["asns"]; asns) {
    if (!asns.IsSequence()) return c.error(asns, "'asns' must be a list");
    for (const auto& item : asns) {
      MonitoredAs a;
      auto asn = item["asn"] ? parse_u32(item["asn"].Scalar()) : std::nullopt;
      if (!asn) return c.error(item, "each 'asns' entry needs a numeric 'asn'");
      a.asn = *asn;
      if (item["group"]) a.group = item["group"].Scalar();
      VIGIL_RETURN_IF_ERROR(add_asns(c, item["upstreams"], a.upstreams));
      VIGIL_RETURN_IF_ERROR(add_asns(c, item["downstreams"], a.downstreams));
      c.out.add(std::move(a));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::pair<uint32_t, uint32_t>> parse_asn_range(std::string_view text) {
  const size_t dash = text.find('-');
  auto lo = parse_u32(text.substr(0, dash));
  auto hi = dash == std::string_view::npos ? lo : parse_u32(text.substr(dash + 1));
  if (!lo || !hi) {
    return make_error(ErrorCode::kInvalidArgument,
                      "'" + std::string(text) + "' is not an ASN or ASN range");
  }
  if (*hi < *lo) {
    return make_error(ErrorCode::kInvalidArgument,
                      "ASN range '" + std::string(text) + "' is reversed");
  }
  return std::make_pair(*lo, *hi);
}

Result<Watchlist> parse_watchlist(std::string_view text, const std::string& source,
                                  WatchlistFormat* detected) {
  Watchlist out;
  Ctx c{source, out};
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) {
      return make_error(ErrorCode::kMalformed, source + ": a watchlist is a YAML map");
    }
    WatchlistFormat f;
    Status s;
    if (root["rules"]) {
      f = WatchlistFormat::kArtemis;
      s = parse_artemis(c, root);
    } else if ((root["prefixes"] && root["prefixes"].IsSequence()) ||
               (root["acknowledge"] && root["acknowledge"].IsSequence()) ||
               (root["ignore"] && root["ignore"].IsSequence())) {
      f = WatchlistFormat::kVigil;
      s = parse_vigil(c, root);
    } else {
      f = WatchlistFormat::kBgpalerter;
      s = parse_bgpalerter(c, root);
    }
    if (!s) return s.error();
    if (detected) *detected = f;
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kMalformed, source + ":" + std::to_string(e.mark.line + 1) + ":" +
                                                 std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  return out;
}

}  // namespace vigil::refdata
