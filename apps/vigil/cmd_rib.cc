// Routing-state commands:
//   vigil rib load RIB [UPDATES...] [--at T]      then queries from stdin
//   vigil rib stats RIB [UPDATES...] [--at T] [--json]
//   vigil rib snapshot RIB [UPDATES...] [--at T] -o FILE
//   vigil lookup RIB [UPDATES...] IP|PREFIX [--at T] [--json]
//   vigil origins RIB [UPDATES...] ASN [--at T] [--json]
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "apps/vigil/commands.h"
#include "apps/vigil/output.h"
#include "dump/filter.h"
#include "dump/json_format.h"
#include "dump/rib_loader.h"
#include "rib/rib.h"
#include "rib/snapshot.h"

namespace vigil::app {

namespace {

struct RibOptions {
  std::vector<std::string> args;
  std::string at;
  bool json = false;
  bool quiet = false;
  std::string output;
};

void add_common(CLI::App& app, RibOptions& o, const char* args_help) {
  app.add_option("args", o.args, args_help)->required();
  app.add_option("--at", o.at,
                 "state at this time (unix or ISO 8601 UTC): later updates are ignored");
  app.add_flag("-q,--quiet", o.quiet, "do not print per-record warnings");
}

// Loads the files into `rib`; prints warnings and errors; false on error.
bool load(const std::vector<std::string>& files, const RibOptions& o, rib::Rib& rib,
          dump::LoadStats* stats_out = nullptr) {
  dump::RibLoader loader(rib);
  if (!o.at.empty()) {
    auto t = dump::parse_time(o.at);
    if (!t) {
      std::fprintf(stderr, "vigil: %s\n", t.error().message.c_str());
      return false;
    }
    loader.set_at(*t);
  }
  for (const auto& f : files) {
    Status s = loader.load_file(f, [&](const dump::Diagnostic& d) {
      if (!o.quiet) std::fprintf(stderr, "vigil: %s\n", d.to_string().c_str());
    });
    if (!s) {
      std::fprintf(stderr, "vigil: %s: %s\n", f.c_str(), s.error().to_string().c_str());
      return false;
    }
  }
  if (stats_out) *stats_out = loader.stats();
  return true;
}

std::string path_text(const rib::Rib& rib, const rib::RouteAttrs& a) {
  std::string s;
  if (a.path) bgp::append_as_path(s, rib.store().path(a.path).to_as_path());
  return s;
}

void append_route_json(std::string& out, const rib::Rib& rib, const Prefix& p,
                       const rib::RouteEntry& r) {
  const rib::PeerInfo& peer = rib.peers()[r.peer];
  const rib::RouteAttrs& a = rib.store().attrs(r.attrs);
  out += "{\"prefix\":\"";
  append_prefix(out, p);
  out += "\",\"peer_ip\":\"";
  append_ip(out, peer.address);
  out += "\",\"peer_asn\":" + std::to_string(peer.asn);
  out += ",\"path_id\":" + std::to_string(r.path_id);
  out += ",\"as_path\":";
  dump::append_json_string(out, path_text(rib, a));
  out += ",\"origin_asn\":";
  if (a.path && rib.store().path(a.path).has_origin) {
    out += std::to_string(rib.store().path(a.path).origin);
  } else {
    out += "null";
  }
  out += ",\"next_hop\":";
  if (a.flags & rib::RouteAttrs::kHasNextHop) {
    out += "\"" + rib.store().next_hop(a).to_string() + "\"";
  } else {
    out += "null";
  }
  out += ",\"time\":" + std::to_string(r.time) + "}";
}

void print_routes_table(const rib::Rib& rib, const Prefix& p, const rib::PrefixEntry& e,
                        const char* relation) {
  uint32_t peers, full;
  rib.visibility(p, peers, full);
  std::printf("%s %s  (%u peers, %u full-feed; origin AS (peers):", relation, p.to_string().c_str(),
              peers, full);
  for (const auto& o : rib.origin_peers(p)) std::printf(" AS%u (%u)", o.asn, o.routes);
  std::printf(")\n");
  for (const auto& r : e.routes) {
    const auto& peer = rib.peers()[r.peer];
    const auto& a = rib.store().attrs(r.attrs);
    std::printf("    %-39s AS%-10u %s%s\n", peer.address.to_string().c_str(), peer.asn,
                path_text(rib, a).c_str(),
                r.path_id ? (" [path id " + std::to_string(r.path_id) + "]").c_str() : "");
  }
}

// Runs one query against the loaded state; "lookup X", "origins ASN",
// "stats". Returns false for an unknown or malformed query.
bool run_lookup(const rib::Rib& rib, const std::string& what, bool json);
bool run_origins(const rib::Rib& rib, const std::string& asn_text, bool json);
void run_stats(const rib::Rib& rib, const dump::LoadStats* ls, bool json, double secs);

bool run_lookup(const rib::Rib& rib, const std::string& what, bool json) {
  auto q = Prefix::parse(what);
  if (!q) {
    std::fprintf(stderr, "vigil lookup: '%s' is neither an address nor a prefix\n", what.c_str());
    return false;
  }
  const bool is_addr = what.find('/') == std::string::npos;
  std::vector<std::pair<Prefix, const rib::PrefixEntry*>> covering, more;
  rib.trie().for_each_covering(
      *q, [&](const Prefix& p, const rib::PrefixEntry& e) { covering.emplace_back(p, &e); });
  if (!is_addr) {
    rib.trie().for_each_more_specific(*q, [&](const Prefix& p, const rib::PrefixEntry& e) {
      if (p != *q) more.emplace_back(p, &e);
    });
  }
  if (json) {
    std::string out = "{\"query\":";
    dump::append_json_string(out, what);
    out += ",\"longest_match\":";
    out += covering.empty() ? "null" : "\"" + covering.back().first.to_string() + "\"";
    auto list = [&](const char* name, const auto& v) {
      out += ",\"";
      out += name;
      out += "\":[";
      bool first = true;
      for (const auto& [p, e] : v) {
        for (const auto& r : e->routes) {
          if (!first) out += ",";
          first = false;
          append_route_json(out, rib, p, r);
        }
      }
      out += "]";
    };
    list("covering", covering);
    list("more_specific", more);
    out += "}\n";
    std::fputs(out.c_str(), stdout);
    return true;
  }
  if (covering.empty() && more.empty()) {
    std::printf("%s: no route\n", what.c_str());
    return true;
  }
  if (!covering.empty()) {
    print_routes_table(rib, covering.back().first, *covering.back().second, "longest match");
    for (size_t i = covering.size() - 1; i-- > 0;) {
      print_routes_table(rib, covering[i].first, *covering[i].second, "covering     ");
    }
  }
  for (const auto& [p, e] : more) print_routes_table(rib, p, *e, "more-specific");
  return true;
}

bool run_origins(const rib::Rib& rib, const std::string& asn_text, bool json) {
  auto asn = dump::parse_asn(asn_text);
  if (!asn) {
    std::fprintf(stderr, "vigil origins: %s\n", asn.error().message.c_str());
    return false;
  }
  const auto prefixes = rib.originated_by(*asn);
  std::string out;
  if (json) {
    out = "{\"asn\":" + std::to_string(*asn) + ",\"prefixes\":[";
  }
  for (size_t i = 0; i < prefixes.size(); ++i) {
    uint32_t peers, full;
    rib.visibility(prefixes[i], peers, full);
    if (json) {
      if (i) out += ",";
      out += "{\"prefix\":\"" + prefixes[i].to_string() + "\",\"peers\":" + std::to_string(peers) +
             ",\"full_feed_peers\":" + std::to_string(full) + "}";
    } else {
      out += prefixes[i].to_string() + "\t" + std::to_string(peers) + " peers\n";
    }
  }
  if (json) out += "]}\n";
  if (!json && prefixes.empty()) out = "AS" + std::to_string(*asn) + " originates no prefix\n";
  std::fputs(out.c_str(), stdout);
  return true;
}

void run_stats(const rib::Rib& rib, const dump::LoadStats* ls, bool json, double secs) {
  const rib::RibStats s = rib.stats();
  size_t live_edges = 0;
  for (const auto& [k, e] : rib.edges()) live_edges += e.routes > 0;
  if (json) {
    std::printf(
        "{\"prefixes_v4\":%zu,\"prefixes_v6\":%zu,\"routes\":%zu,\"peers\":%zu,"
        "\"paths\":%zu,\"community_sets\":%zu,\"attr_sets\":%zu,\"as_edges\":%zu,"
        "\"bytes\":{\"trie\":%zu,\"routes\":%zu,\"paths\":%zu,\"communities\":%zu,"
        "\"attr_sets\":%zu,\"origin_views\":%zu,\"as_graph\":%zu,\"total\":%zu},"
        "\"as_edges_ever_seen\":%zu}\n",
        s.prefixes_v4, s.prefixes_v6, s.routes, s.peers, s.attrs.paths, s.attrs.community_sets,
        s.attrs.attr_sets, live_edges, s.trie_bytes, s.route_bytes, s.attrs.path_bytes,
        s.attrs.community_bytes, s.attrs.attr_bytes, s.origin_view_bytes, s.graph_bytes,
        s.total_bytes(), rib.edges().size());
    return;
  }
  auto mib = [](size_t b) { return static_cast<double>(b) / (1 << 20); };
  std::printf("prefixes        %zu IPv4, %zu IPv6\n", s.prefixes_v4, s.prefixes_v6);
  std::printf(
      "routes          %zu (%.1f bytes/route in all)\n", s.routes,
      s.routes ? static_cast<double>(s.total_bytes()) / static_cast<double>(s.routes) : 0.0);
  std::printf("peers           %zu\n", s.peers);
  for (const auto& p : rib.peers()) {
    std::printf("  %-39s AS%-10u %8u IPv4 %7u IPv6%s%s\n", p.address.to_string().c_str(), p.asn,
                p.routes_v4, p.routes_v6, p.full_feed() ? "  full feed" : "",
                p.up ? "" : "  (down)");
  }
  std::printf("interned        %zu AS paths, %zu community sets, %zu attribute sets\n",
              s.attrs.paths, s.attrs.community_sets, s.attrs.attr_sets);
  std::printf("AS graph        %zu edges in current paths, %zu ever seen\n", live_edges,
              rib.edges().size());
  std::printf(
      "memory (MiB)    trie %.1f, routes %.1f, paths %.1f, communities %.1f, "
      "attribute sets %.1f, origin views %.1f, AS graph %.1f; total %.1f\n",
      mib(s.trie_bytes), mib(s.route_bytes), mib(s.attrs.path_bytes), mib(s.attrs.community_bytes),
      mib(s.attrs.attr_bytes), mib(s.origin_view_bytes), mib(s.graph_bytes), mib(s.total_bytes()));
  if (ls) {
    std::printf(
        "loaded          %llu records: %llu RIB entries, %llu announcements, %llu "
        "withdrawals, %llu treat-as-withdraw, %llu peer downs in %.2f s\n",
        (unsigned long long)ls->records, (unsigned long long)ls->rib_entries,
        (unsigned long long)ls->announcements, (unsigned long long)ls->withdrawals,
        (unsigned long long)ls->treated_as_withdraw, (unsigned long long)ls->peer_downs, secs);
  }
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int rib_load_repl(const RibOptions& o) {
  rib::Rib rib;
  dump::LoadStats ls;
  const auto t0 = std::chrono::steady_clock::now();
  if (!load(o.args, o, rib, &ls)) return 1;
  std::fprintf(stderr,
               "loaded %zu routes in %.2f s; queries: lookup IP|PREFIX, origins ASN, "
               "stats, save FILE, quit (add --json after the query for JSON)\n",
               rib.route_count(), seconds_since(t0));
  std::string line;
  int status = 0;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string cmd, arg, flag;
    in >> cmd >> arg >> flag;
    const bool json = arg == "--json" || flag == "--json";
    if (cmd.empty()) continue;
    if (cmd == "quit" || cmd == "exit") break;
    bool ok = true;
    if (cmd == "lookup") {
      ok = run_lookup(rib, arg, json);
    } else if (cmd == "origins") {
      ok = run_origins(rib, arg, json);
    } else if (cmd == "stats") {
      run_stats(rib, &ls, json, 0);
    } else if (cmd == "save" && !arg.empty()) {
      auto out = OutputFile::open(arg);
      if (!out) {
        std::fprintf(stderr, "%s\n", out.error().to_string().c_str());
        ok = false;
      } else {
        rib::write_snapshot(
            rib, static_cast<uint32_t>(std::time(nullptr)), [&](std::span<const uint8_t> b) {
              (*out)->buffer().append(reinterpret_cast<const char*>(b.data()), b.size());
              (*out)->maybe_flush();
            });
        Status s = (*out)->close();
        if (!s) {
          std::fprintf(stderr, "%s\n", s.error().to_string().c_str());
          ok = false;
        }
      }
    } else {
      std::fprintf(stderr, "unknown query '%s'\n", line.c_str());
      ok = false;
    }
    if (!ok) status = 1;
    std::fflush(stdout);
  }
  return status;
}

}  // namespace

int run_rib(int argc, char** argv) {
  CLI::App app{"Build the routing state (every peer's Adj-RIB-In) from a RIB dump and updates.",
               "vigil rib"};
  app.require_subcommand(1);
  RibOptions o;
  auto* load_cmd = app.add_subcommand("load", "load, then answer queries read from stdin");
  add_common(*load_cmd, o, "RIB dump and update files, in order");
  auto* stats_cmd =
      app.add_subcommand("stats", "routes, prefixes, peers, interned objects, memory");
  add_common(*stats_cmd, o, "RIB dump and update files, in order");
  stats_cmd->add_flag("--json", o.json, "JSON output");
  auto* snap_cmd = app.add_subcommand("snapshot", "write the state as an MRT TABLE_DUMP_V2 file");
  add_common(*snap_cmd, o, "RIB dump and update files, in order");
  snap_cmd->add_option("-o,--output", o.output, "snapshot file")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (load_cmd->parsed()) return rib_load_repl(o);
  rib::Rib rib;
  dump::LoadStats ls;
  const auto t0 = std::chrono::steady_clock::now();
  if (!load(o.args, o, rib, &ls)) return 1;
  if (stats_cmd->parsed()) {
    run_stats(rib, &ls, o.json, seconds_since(t0));
    return 0;
  }
  auto out = OutputFile::open(o.output);
  if (!out) {
    std::fprintf(stderr, "vigil rib snapshot: %s\n", out.error().to_string().c_str());
    return 1;
  }
  // The snapshot's time: the newest route's, so that the same state always
  // gives the same bytes.
  uint32_t ts = 0;
  rib.trie().for_each([&](const Prefix&, const rib::PrefixEntry& e) {
    for (const auto& r : e.routes) ts = std::max(ts, r.time);
  });
  rib::write_snapshot(rib, ts, [&](std::span<const uint8_t> b) {
    (*out)->buffer().append(reinterpret_cast<const char*>(b.data()), b.size());
    (*out)->maybe_flush();
  });
  Status s = (*out)->close();
  if (!s) {
    std::fprintf(stderr, "vigil rib snapshot: %s\n", s.error().to_string().c_str());
    return 1;
  }
  return 0;
}

// `vigil lookup FILES... QUERY` and `vigil origins FILES... ASN`.
int run_query(int argc, char** argv, bool origins) {
  CLI::App app{origins ? "Prefixes an AS originates, with how many peers see each."
                       : "Routes for an address or prefix: longest match, covering and "
                         "more-specific prefixes, with origin, path and peers.",
               origins ? "vigil origins" : "vigil lookup"};
  RibOptions o;
  add_common(app, o,
             origins ? "RIB/update files, then the ASN" : "RIB/update files, then IP|PREFIX");
  app.add_flag("--json", o.json, "JSON output");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (o.args.size() < 2) {
    std::fprintf(stderr, "%s: give at least one file and the query\n", app.get_name().c_str());
    return 2;
  }
  const std::string query = o.args.back();
  std::vector<std::string> files(o.args.begin(), o.args.end() - 1);
  // Validate the query before loading anything.
  if (origins ? !dump::parse_asn(query).ok() : !Prefix::parse(query).has_value()) {
    std::fprintf(stderr, "%s: bad query '%s'\n", app.get_name().c_str(), query.c_str());
    return 2;
  }
  rib::Rib rib;
  RibOptions lo = o;
  if (!load(files, lo, rib)) return 1;
  const bool ok = origins ? run_origins(rib, query, o.json) : run_lookup(rib, query, o.json);
  return ok ? 0 : 1;
}

int run_lookup_cmd(int argc, char** argv) { return run_query(argc, argv, false); }
int run_origins_cmd(int argc, char** argv) { return run_query(argc, argv, true); }

}  // namespace vigil::app
