#include "exercise/truth_json.h"

#include "exercise/text_out.h"

namespace vigil::exercise {

namespace {

class Obj {
 public:
  explicit Obj(std::string& out, const char* indent) : out_(out), indent_(indent) { out_ += "{"; }
  void key(const char* k) {
    out_ += first_ ? "\n" : ",\n";
    first_ = false;
    out_ += indent_;
    out_ += "  \"";
    out_ += k;
    out_ += "\": ";
  }
  void num(const char* k, uint64_t v) {
    key(k);
    out_ += std::to_string(v);
  }
  void str(const char* k, std::string_view v) {
    key(k);
    append_json_string(out_, v);
  }
  void close() {
    out_ += "\n";
    out_ += indent_;
    out_ += "}";
  }

 private:
  std::string& out_;
  const char* indent_;
  bool first_ = true;
};

void asn_list(std::string& out, const std::vector<uint32_t>& v) {
  out += "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(v[i]);
  }
  out += "]";
}

void event_json(std::string& out, const TruthRecord& r) {
  Obj o(out, "    ");
  o.num("id", r.id);
  o.str("type", event_type_name(r.type));
  o.num("start", r.start);
  o.key("end");
  out += r.end ? std::to_string(*r.end) : "null";
  if (!r.prefixes.empty()) {
    o.key("prefixes");
    out += "[";
    for (size_t i = 0; i < r.prefixes.size(); ++i) {
      out += i ? ", \"" : "\"";
      append_prefix(out, r.prefixes[i]);
      out += "\"";
    }
    out += "]";
  }
  if (r.covering) o.str("covering", r.covering->to_string());
  if (r.attacker_asn) o.num("attacker", r.attacker_asn);
  if (r.victim_asn) o.num("victim", r.victim_asn);
  if (r.leaker_asn) o.num("leaker", r.leaker_asn);
  if (!r.announced_path.empty()) {
    o.key("announced_path");
    asn_list(out, r.announced_path);
  }
  if (!r.down_asns.empty()) {
    o.key("down_asns");
    asn_list(out, r.down_asns);
  }
  if (!r.down_links.empty()) {
    o.key("down_links");
    out += "[";
    for (size_t i = 0; i < r.down_links.size(); ++i) {
      if (i) out += ", ";
      out += "[" + std::to_string(r.down_links[i].first) + ", " +
             std::to_string(r.down_links[i].second) + "]";
    }
    out += "]";
  }
  if (!r.country.empty()) o.str("country", r.country);
  if (!r.victim_country.empty()) o.str("victim_country", r.victim_country);
  if (r.dns_root) o.str("dns_root", std::string(1, r.dns_root));
  if (!r.rpki.empty()) o.str("rpki", r.rpki);
  o.num("peers_seen", r.seen_by.size());
  o.key("seen_by");
  out += "[";
  for (size_t i = 0; i < r.seen_by.size(); ++i) {
    const TruthSighting& s = r.seen_by[i];
    out += i ? ",\n        " : "\n        ";
    out += "{\"peer_index\": " + std::to_string(s.peer_index) +
           ", \"peer_asn\": " + std::to_string(s.peer_asn) + ", \"peer_address\": \"";
    append_ip(out, s.peer_address);
    out += "\", \"first_seen\": " + unix_us_text(s.first_us) + ", \"last_seen\": ";
    out += s.last_us ? unix_us_text(s.last_us) : "null";
    out += ", \"prefixes\": " + std::to_string(s.prefixes) + "}";
  }
  out += r.seen_by.empty() ? "]" : "\n      ]";
  o.close();
}

}  // namespace

void append_truth_event_json(std::string& out, const TruthRecord& r) { event_json(out, r); }

std::string format_truth_json(const ExerciseData& ex) {
  const SyntheticInternet& net = ex.internet;
  std::string out;
  Obj top(out, "");
  top.str("format", "vigil-exercise-truth");
  top.num("version", 1);
  top.num("seed", net.options.seed);
  top.num("start", ex.spec.start_time);
  top.num("duration", ex.spec.duration);
  top.key("files");
  out +=
      "{\"rib\": \"rib.mrt\", \"updates\": \"updates.mrt\", \"vrps\": \"vrps.json\", "
      "\"as_rel\": \"as-rel.txt\", \"registry\": \"registry\"}";
  top.key("collector");
  out += "{\"asn\": " + std::to_string(net.options.collector_asn) + ", \"address\": \"";
  append_ip(out, ex.spec.collector_address);
  out += "\"}";
  top.key("topology");
  out += "{\"ases\": " + std::to_string(net.ases.size()) +
         ", \"prefixes\": " + std::to_string(net.prefixes.size()) +
         ", \"p2c_links\": " + std::to_string(net.graph.p2c_links()) +
         ", \"p2p_links\": " + std::to_string(net.graph.p2p_links()) + ", \"tier1\": [";
  for (size_t i = 0; i < net.tier1.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(net.ases[net.tier1[i]].asn);
  }
  out += "]}";
  top.key("vantage_points");
  out += "[";
  for (size_t v = 0; v < net.vantage_points.size(); ++v) {
    const VantagePoint& vp = net.vantage_points[v];
    out += v ? ",\n    " : "\n    ";
    out += "{\"peer_index\": " + std::to_string(v) +
           ", \"asn\": " + std::to_string(net.ases[vp.as].asn) + ", \"address\": \"";
    append_ip(out, vp.address);
    out += "\", \"kind\": \"";
    out += as_kind_name(net.ases[vp.as].kind);
    out += "\", \"country\": \"";
    out += net.country_of(vp.as).code;
    out += "\"}";
  }
  out += "\n  ]";
  for (const bool background : {false, true}) {
    top.key(background ? "background" : "events");
    out += "[";
    bool first = true;
    for (const TruthRecord& r : ex.truth) {
      if (r.background != background) continue;
      out += first ? "\n    " : ",\n    ";
      first = false;
      event_json(out, r);
    }
    out += first ? "]" : "\n  ]";
  }
  top.close();
  out += "\n";
  return out;
}

}  // namespace vigil::exercise
