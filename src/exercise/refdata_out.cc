#include "exercise/refdata_out.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "exercise/rng.h"
#include "exercise/text_out.h"

namespace vigil::exercise {

std::string format_vrps_json(const ExerciseData& ex) {
  const uint32_t t0 = ex.spec.start_time;
  std::string out;
  out.reserve(ex.roas.size() * 96 + 256);
  out += "{\n  \"metadata\": {\n    \"buildmachine\": \"vigil-exercise\",\n    \"buildtime\": \"";
  out += iso8601_utc(t0);
  out += "\",\n    \"roas\": " + std::to_string(ex.roas.size());
  out += ",\n    \"vrps\": " + std::to_string(ex.roas.size());
  out += ",\n    \"uniquevrps\": " + std::to_string(ex.roas.size());
  out += "\n  },\n  \"roas\": [";
  const std::string expires = std::to_string(uint64_t{t0} + 2 * 86400);
  for (size_t i = 0; i < ex.roas.size(); ++i) {
    const Roa& r = ex.roas[i];
    out += i ? ",\n    " : "\n    ";
    out += "{ \"asn\": " + std::to_string(r.asn) + ", \"prefix\": \"";
    append_prefix(out, r.prefix);
    out += "\", \"maxLength\": " + std::to_string(r.max_length) + ", \"ta\": \"";
    out += region_trust_anchor(r.trust_anchor);
    out += "\", \"expires\": " + expires + " }";
  }
  out += "\n  ],\n  \"aspas\": []\n}\n";
  return out;
}

std::string format_as_rel(const ExerciseData& ex) {
  const SyntheticInternet& net = ex.internet;
  const AsGraph& g = net.graph;
  std::string out = "# source: vigil exercise generator, seed " + std::to_string(net.options.seed) +
                    " (synthetic relationships, CAIDA serial-2 format)\n# input clique:";
  for (uint32_t t : net.tier1) out += " " + std::to_string(g.asn(t));
  out += "\n# " + std::to_string(g.p2c_links()) + " provider-customer and " +
         std::to_string(g.p2p_links()) + " peer links\n";
  out.reserve(out.size() + (g.p2c_links() + g.p2p_links()) * 20);
  for (uint32_t i = 0; i < g.size(); ++i) {
    // Neighbours of one AS by ascending ASN, p2c and p2p mixed.
    std::vector<std::pair<uint32_t, bool>> lines;
    for (uint32_t c : g.customers(i)) lines.emplace_back(c, true);
    for (uint32_t p : g.peers(i)) {
      if (p > i) lines.emplace_back(p, false);
    }
    std::sort(lines.begin(), lines.end());
    for (const auto& [j, p2c] : lines) {
      out += std::to_string(g.asn(i));
      out += '|';
      out += std::to_string(g.asn(j));
      out += p2c ? "|-1|bgp\n" : "|0|bgp\n";
    }
  }
  return out;
}

namespace {

struct RegLine {
  int type;  // 0 asn, 1 ipv4, 2 ipv6: the order records are written in
  Prefix prefix;
  uint32_t asn = 0;
  std::string text;
};

}  // namespace

std::vector<std::pair<std::string, std::string>> format_registry(const ExerciseData& ex) {
  const SyntheticInternet& net = ex.internet;
  const std::string day = yyyymmdd(ex.spec.start_time);
  // Per AS: a registration date and an opaque id.
  Rng rng(net.options.seed, kStreamRegistry);
  std::vector<std::string> dates(net.ases.size()), ids(net.ases.size());
  for (uint32_t i = 0; i < net.ases.size(); ++i) {
    const AsInfo& a = net.ases[i];
    const bool old = a.kind == AsKind::kTier1 || a.kind == AsKind::kDnsRoot;
    const auto year =
        static_cast<unsigned>(old ? rng.between(1986, 1996) : rng.between(1994, 2024));
    const auto month = static_cast<unsigned>(rng.between(1, 12));
    const auto dom = static_cast<unsigned>(rng.between(1, 28));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04u%02u%02u", year, month, dom);
    dates[i] = buf;
    std::snprintf(buf, sizeof buf, "%08llX",
                  static_cast<unsigned long long>(mix64(net.options.seed ^ a.asn) & 0xffffffffu));
    ids[i] = buf;
  }
  std::array<std::vector<RegLine>, kRegionCount> lines;
  for (uint32_t i = 0; i < net.ases.size(); ++i) {
    const AsInfo& a = net.ases[i];
    const Country& c = net.country_of(i);
    const std::string rir(region_registry_name(c.region));
    const std::string cc(c.code);
    const char* status =
        a.kind == AsKind::kTier1 || a.kind == AsKind::kTransit ? "allocated" : "assigned";
    auto& out = lines[static_cast<size_t>(c.region)];
    out.push_back({0,
                   {},
                   a.asn,
                   rir + "|" + cc + "|asn|" + std::to_string(a.asn) + "|1|" + dates[i] +
                       "|allocated|" + ids[i]});
    for (const PrefixInfo& p : net.prefixes_of(i)) {
      const bool v4 = p.prefix.addr.is_v4();
      std::string t = rir + "|" + cc + (v4 ? "|ipv4|" : "|ipv6|");
      append_ip(t, p.prefix.addr);
      t += '|';
      t += v4 ? std::to_string(uint64_t{1} << (32 - p.prefix.len)) : std::to_string(p.prefix.len);
      t += "|" + dates[i] + "|" + status + "|" + ids[i];
      out.push_back({v4 ? 1 : 2, p.prefix, 0, std::move(t)});
    }
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (int r = 0; r < kRegionCount; ++r) {
    auto& v = lines[static_cast<size_t>(r)];
    std::sort(v.begin(), v.end(), [](const RegLine& a, const RegLine& b) {
      if (a.type != b.type) return a.type < b.type;
      if (a.type == 0) return a.asn < b.asn;
      return a.prefix < b.prefix;
    });
    size_t count[3] = {0, 0, 0};
    for (const RegLine& l : v) ++count[l.type];
    const std::string rir(region_registry_name(static_cast<Region>(r)));
    std::string text =
        "2.3|" + rir + "|" + day + "|" + std::to_string(v.size()) + "|19830705|" + day + "|+0000\n";
    text += rir + "|*|asn|*|" + std::to_string(count[0]) + "|summary\n";
    text += rir + "|*|ipv4|*|" + std::to_string(count[1]) + "|summary\n";
    text += rir + "|*|ipv6|*|" + std::to_string(count[2]) + "|summary\n";
    for (const RegLine& l : v) {
      text += l.text;
      text += '\n';
    }
    files.emplace_back("delegated-" + rir + "-extended-" + day, std::move(text));
  }
  return files;
}

}  // namespace vigil::exercise
