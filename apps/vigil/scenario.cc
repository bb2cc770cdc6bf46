#include "apps/vigil/scenario.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <set>

namespace vigil::app {

namespace {

struct Ctx {
  std::string file;
  std::string where(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.line < 0) return file;
    return file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
  }
  Error error(const YAML::Node& n, const std::string& what) const {
    return Error{ErrorCode::kInvalidArgument, where(n) + ": " + what};
  }
};

// Refuses keys of `map` outside `known`.
Status only_keys(const Ctx& c, const YAML::Node& map, std::initializer_list<const char*> known) {
  if (!map.IsMap()) return c.error(map, "expected a mapping");
  std::set<std::string> ok(known.begin(), known.end());
  for (const auto& kv : map) {
    const std::string k = kv.first.as<std::string>();
    if (!ok.count(k)) return c.error(kv.first, "unknown key '" + k + "'");
  }
  return Status::Ok();
}

template <typename T>
Status read(const Ctx& c, const YAML::Node& map, const char* key, T& out) {
  const YAML::Node n = map[key];
  if (!n) return Status::Ok();
  try {
    out = n.as<T>();
  } catch (const YAML::Exception&) {
    return c.error(n, std::string("'") + key + "': not a valid value");
  }
  return Status::Ok();
}

Status read_fraction(const Ctx& c, const YAML::Node& map, const char* key, double& out) {
  if (Status s = read(c, map, key, out); !s) return s;
  if (map[key] && (out < 0 || out > 1)) {
    return c.error(map[key], std::string("'") + key + "' must be between 0 and 1");
  }
  return Status::Ok();
}

// "2025-01-01T00:00:00Z" or Unix seconds.
Status read_time(const Ctx& c, const YAML::Node& map, const char* key, uint32_t& out) {
  const YAML::Node n = map[key];
  if (!n) return Status::Ok();
  const std::string text = n.as<std::string>();
  struct tm tm {};
  if (const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm); end && *end == 0) {
    out = static_cast<uint32_t>(timegm(&tm));
    return Status::Ok();
  }
  return read(c, map, key, out);
}

Status parse_event(const Ctx& c, const YAML::Node& n, exercise::EventSpec& e) {
  if (Status s = only_keys(
          c, n,
          {"type", "start", "end", "attacker", "victim", "leaker", "prefix", "more_specific",
           "ipv6", "leak_prefixes", "country", "share", "dns_root", "note"});
      !s) {
    return s;
  }
  if (!n["type"]) return c.error(n, "an event needs a 'type'");
  const auto t = exercise::parse_event_type(n["type"].as<std::string>());
  if (!t || *t == exercise::EventType::kLinkFlap) {
    return c.error(n["type"], "unknown event type '" + n["type"].as<std::string>() +
                                  "' (exact-prefix-hijack, sub-prefix-hijack, "
                                  "forged-origin-hijack, route-leak, country-shutdown, as-outage, "
                                  "dns-root-hijack, rpki-invalid)");
  }
  e.type = *t;
  if (!n["start"]) return c.error(n, "an event needs a 'start' (seconds after the RIB dump)");
  for (Status s : {read(c, n, "start", e.start), read(c, n, "attacker", e.attacker),
                   read(c, n, "victim", e.victim), read(c, n, "leaker", e.leaker),
                   read(c, n, "more_specific", e.more_specific), read(c, n, "ipv6", e.ipv6),
                   read(c, n, "leak_prefixes", e.leak_prefixes), read(c, n, "country", e.country),
                   read_fraction(c, n, "share", e.share)}) {
    if (!s) return s;
  }
  if (n["end"]) {
    uint32_t end = 0;
    if (Status s = read(c, n, "end", end); !s) return s;
    e.end = end;
  }
  if (n["prefix"]) {
    auto p = Prefix::parse(n["prefix"].as<std::string>());
    if (!p) return c.error(n["prefix"], "not a prefix");
    e.prefix = *p;
  }
  if (n["dns_root"]) {
    const std::string r = n["dns_root"].as<std::string>();
    if (r.size() != 1 || r[0] < 'A' || r[0] > 'M') {
      return c.error(n["dns_root"], "dns_root is a letter A..M");
    }
    e.dns_root = r[0];
  }
  return Status::Ok();
}

}  // namespace

Result<Scenario> load_scenario(const std::string& path) {
  Ctx c{path};
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return make_error(ErrorCode::kIo, path + ": cannot open");
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kInvalidArgument, path + ":" + std::to_string(e.mark.line + 1) +
                                                       ":" + std::to_string(e.mark.column + 1) +
                                                       ": " + e.msg);
  }
  Scenario sc;
  sc.file = path;
  try {
    if (Status s = only_keys(c, root,
                             {"name", "description", "internet", "background", "start", "duration",
                              "churn", "rpki", "watch", "events", "pass"});
        !s) {
      return s.error();
    }
    if (Status s = read(c, root, "name", sc.name); !s) return s.error();
    if (sc.name.empty()) return c.error(root, "a scenario needs a 'name'");
    // The name is a directory under -o: letters, digits, '.', '_', '-'.
    const bool plain = std::all_of(sc.name.begin(), sc.name.end(), [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-';
    });
    if (!plain || sc.name == "." || sc.name == ".." || sc.name.size() > 100) {
      return c.error(root["name"],
                     "a name is letters, digits, '.', '_' and '-' (it names a directory)");
    }
    if (Status s = read(c, root, "description", sc.description); !s) return s.error();
    exercise::ExerciseSpec& spec = sc.spec;
    spec.topology = exercise::TopologyOptions::tiny(1);
    if (const YAML::Node in = root["internet"]) {
      if (Status s = only_keys(
              c, in,
              {"seed", "ases", "prefixes", "tier1", "transit_levels", "transit_share",
               "multihomed_share", "ipv6_share", "countries", "vantage_points", "rov_share"});
          !s) {
        return s.error();
      }
      auto& t = spec.topology;
      for (Status s : {read(c, in, "seed", t.seed), read(c, in, "ases", t.as_count),
                       read(c, in, "prefixes", t.prefix_count), read(c, in, "tier1", t.tier1_count),
                       read(c, in, "transit_levels", t.transit_levels),
                       read_fraction(c, in, "transit_share", t.transit_share),
                       read_fraction(c, in, "multihomed_share", t.multihomed_share),
                       read_fraction(c, in, "ipv6_share", t.ipv6_share),
                       read(c, in, "countries", t.country_count),
                       read(c, in, "vantage_points", t.vantage_points),
                       read_fraction(c, in, "rov_share", t.rov_share)}) {
        if (!s) return s.error();
      }
    }
    if (const YAML::Node bg = root["background"]) {
      if (root["internet"])
        return c.error(bg, "a scenario has 'internet' or 'background', not both");
      if (Status s = only_keys(c, bg, {"rib", "updates"}); !s) return s.error();
      if (!bg["rib"]) return c.error(bg, "a background needs a 'rib' (TABLE_DUMP_V2 file)");
      const std::string dir = std::filesystem::path(path).parent_path().string();
      const auto resolve = [&dir](const std::string& f) {
        return f.empty() || f[0] == '/' || dir.empty() ? f : dir + "/" + f;
      };
      RealFiles files;
      files.rib = resolve(bg["rib"].as<std::string>());
      if (const YAML::Node u = bg["updates"]) {
        if (!u.IsSequence()) return c.error(u, "'updates' is a list of files");
        for (const auto& f : u) files.updates.push_back(resolve(f.as<std::string>()));
      }
      sc.background = std::move(files);
    }
    if (Status s = read_time(c, root, "start", spec.start_time); !s) return s.error();
    if (Status s = read(c, root, "duration", spec.duration); !s) return s.error();
    if (const YAML::Node ch = root["churn"]) {
      if (Status s =
              only_keys(c, ch, {"link_flaps_per_hour", "min_down_seconds", "max_down_seconds"});
          !s) {
        return s.error();
      }
      for (Status s : {read(c, ch, "link_flaps_per_hour", spec.churn.link_flaps_per_hour),
                       read(c, ch, "min_down_seconds", spec.churn.min_down_seconds),
                       read(c, ch, "max_down_seconds", spec.churn.max_down_seconds)}) {
        if (!s) return s.error();
      }
    }
    if (const YAML::Node r = root["rpki"]) {
      if (Status s = only_keys(c, r, {"roa_coverage", "loose_max_length_share"}); !s) {
        return s.error();
      }
      for (Status s :
           {read_fraction(c, r, "roa_coverage", spec.rpki.roa_coverage),
            read_fraction(c, r, "loose_max_length_share", spec.rpki.loose_max_length_share)}) {
        if (!s) return s.error();
      }
    }
    if (const YAML::Node w = root["watch"]) {
      const std::string v = w.as<std::string>();
      if (v != "victims" && v != "none") return c.error(w, "watch is 'victims' or 'none'");
      sc.watch_victims = v == "victims";
    }
    const YAML::Node ev = root["events"];
    if (!ev || !ev.IsSequence() || ev.size() == 0) {
      return c.error(ev ? ev : root, "a scenario needs a list of 'events'");
    }
    for (const auto& n : ev) {
      exercise::EventSpec e;
      if (Status s = parse_event(c, n, e); !s) return s.error();
      if (e.start >= spec.duration) {
        return c.error(n["start"], "starts after the exercise ends (duration " +
                                       std::to_string(spec.duration) + ")");
      }
      spec.events.push_back(std::move(e));
    }
    if (const YAML::Node p = root["pass"]) {
      if (Status s =
              only_keys(c, p, {"detected", "right_type", "max_false_alarms", "max_time_to_detect"});
          !s) {
        return s.error();
      }
      for (Status s : {read_fraction(c, p, "detected", sc.pass.detected),
                       read_fraction(c, p, "right_type", sc.pass.right_type),
                       read(c, p, "max_false_alarms", sc.pass.max_false_alarms)}) {
        if (!s) return s.error();
      }
      if (p["max_time_to_detect"]) {
        uint32_t t = 0;
        if (Status s = read(c, p, "max_time_to_detect", t); !s) return s.error();
        sc.pass.max_time_to_detect = t;
      }
    }
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kInvalidArgument,
                      path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return sc;
}

}  // namespace vigil::app
