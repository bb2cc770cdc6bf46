// vigil rpki: the RPKI reference data on its own.
//   vigil rpki diff BEFORE AFTER      ROA changes between two validator runs
//   vigil rpki validate VRPS PREFIX ASN [PATH...]
//                                     RFC 6811 state (and ASPA verdict of a path)
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "apps/vigil/commands.h"
#include "apps/vigil/reference_files.h"
#include "core/asn.h"
#include "refdata/rpki/aspa_verify.h"
#include "refdata/rpki/roa_diff.h"

namespace vigil::app {

namespace {

std::string vrp_text(const refdata::rpki::Vrp& v) {
  return v.prefix.to_string() + " maxLength " + std::to_string(v.max_length) + " AS" +
         std::to_string(v.asn);
}

std::string vrp_json(const refdata::rpki::Vrp& v) {
  return "{\"prefix\":\"" + v.prefix.to_string() +
         "\",\"maxLength\":" + std::to_string(v.max_length) + ",\"asn\":" + std::to_string(v.asn) +
         "}";
}

std::string lengths_json(const std::vector<uint8_t>& l) {
  std::string out = "[";
  for (size_t i = 0; i < l.size(); ++i) out += (i ? "," : "") + std::to_string(l[i]);
  return out + "]";
}

int run_diff(const std::string& before_path, const std::string& after_path, bool json,
             const refdata::rpki::LoadOptions& lo, const WarnFn& warn) {
  auto before = load_rpki_file(before_path, warn, lo);
  if (!before) {
    std::fprintf(stderr, "vigil rpki: %s\n", before.error().message.c_str());
    return 2;
  }
  auto after = load_rpki_file(after_path, warn, lo);
  if (!after) {
    std::fprintf(stderr, "vigil rpki: %s\n", after.error().message.c_str());
    return 2;
  }
  const auto d = refdata::rpki::diff_vrps(before->data.vrp_list(), after->data.vrp_list());
  if (json) {
    std::string out = "{\"added\":[";
    for (size_t i = 0; i < d.added.size(); ++i) out += (i ? "," : "") + vrp_json(d.added[i]);
    out += "],\"removed\":[";
    for (size_t i = 0; i < d.removed.size(); ++i) out += (i ? "," : "") + vrp_json(d.removed[i]);
    out += "],\"changed\":[";
    for (size_t i = 0; i < d.changed.size(); ++i) {
      const auto& c = d.changed[i];
      out += std::string(i ? "," : "") + "{\"prefix\":\"" + c.prefix.to_string() +
             "\",\"asn\":" + std::to_string(c.asn) + ",\"before\":" + lengths_json(c.before) +
             ",\"after\":" + lengths_json(c.after) + "}";
    }
    out += "],\"unchanged\":" + std::to_string(d.unchanged) + "}\n";
    std::fputs(out.c_str(), stdout);
    return 0;
  }
  for (const auto& v : d.added) std::printf("added    %s\n", vrp_text(v).c_str());
  for (const auto& v : d.removed) std::printf("removed  %s\n", vrp_text(v).c_str());
  for (const auto& c : d.changed) {
    std::string b, a;
    for (auto x : c.before) b += (b.empty() ? "" : ",") + std::to_string(x);
    for (auto x : c.after) a += (a.empty() ? "" : ",") + std::to_string(x);
    std::printf("changed  %s AS%u maxLength %s -> %s\n", c.prefix.to_string().c_str(), c.asn,
                b.c_str(), a.c_str());
  }
  std::printf("%zu added, %zu removed, %zu changed, %zu unchanged (prefix, AS) pairs\n",
              d.added.size(), d.removed.size(), d.changed.size(), d.unchanged);
  return 0;
}

int run_validate(const std::string& vrps_path, const std::vector<std::string>& args,
                 const refdata::rpki::LoadOptions& lo, const WarnFn& warn) {
  if (args.size() < 2) {
    std::fprintf(stderr, "vigil rpki validate: need PREFIX ASN [AS_PATH...]\n");
    return 2;
  }
  auto prefix = Prefix::parse(args[0]);
  if (!prefix) {
    std::fprintf(stderr, "vigil rpki validate: '%s' is not a prefix\n", args[0].c_str());
    return 2;
  }
  std::vector<uint32_t> path;
  for (size_t i = 1; i < args.size(); ++i) {
    auto a = parse_asn(args[i]);
    if (!a) {
      std::fprintf(stderr, "vigil rpki validate: '%s' is not an ASN\n", args[i].c_str());
      return 2;
    }
    path.push_back(*a);
  }
  auto rpki = load_rpki_file(vrps_path, warn, lo);
  if (!rpki) {
    std::fprintf(stderr, "vigil rpki: %s\n", rpki.error().message.c_str());
    return 2;
  }
  const uint32_t origin = path.size() == 1 ? path[0] : path.back();
  std::vector<refdata::rpki::CoveringVrp> covering;
  const auto r = rpki->vrps.validate(prefix->masked(), origin, covering);
  std::printf("%s AS%u: %s (%s)\n", prefix->masked().to_string().c_str(), origin,
              refdata::rpki::rov_state_name(r.state), refdata::rpki::rov_code(r));
  for (const auto& c : covering) {
    std::printf("  %s %s\n", c.matched ? "matches" : "covers ", vrp_text(c.vrp).c_str());
  }
  if (path.size() > 1) {
    for (auto dir :
         {refdata::rpki::AspaDirection::kUpstream, refdata::rpki::AspaDirection::kDownstream}) {
      const auto v = refdata::rpki::verify_aspa(rpki->aspas, path, dir);
      std::printf("ASPA %s: %s (%s)\n",
                  dir == refdata::rpki::AspaDirection::kUpstream ? "upstream" : "downstream",
                  refdata::rpki::aspa_state_name(v.state),
                  refdata::rpki::aspa_reason_name(v.reason));
    }
  }
  return r.state == refdata::rpki::RovState::kInvalid ? 1 : 0;
}

}  // namespace

int run_rpki(int argc, char** argv) {
  CLI::App app{
      "RPKI reference data: ROA changes between two validator runs, and the origin "
      "validation / ASPA verdict of one route.",
      "vigil rpki"};
  app.require_subcommand(1);
  bool json = false, mask = false, quiet = false;
  std::string before, after, vrps;
  std::vector<std::string> route;
  auto* diff = app.add_subcommand("diff", "VRPs added, removed and changed (maxLength)");
  diff->add_option("before", before, "validator output before")->required();
  diff->add_option("after", after, "validator output after")->required();
  diff->add_flag("--json", json, "one JSON object");
  auto* validate = app.add_subcommand(
      "validate",
      "RFC 6811 state of PREFIX from ASN; with an AS path (neighbour first, origin "
      "last) also its ASPA verdicts. Exit 1 when RPKI-invalid.");
  validate->add_option("vrps", vrps, "validator output")->required();
  validate->add_option("route", route, "PREFIX ASN | PREFIX AS_PATH...")->required();
  for (auto* sub : {diff, validate}) {
    sub->add_flag("--mask-host-bits", mask,
                  "read prefixes with host bits set (hand-made files) as the masked prefix");
    sub->add_flag("-q,--quiet", quiet, "no warnings");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  refdata::rpki::LoadOptions lo;
  lo.mask_host_bits = mask;
  const WarnFn warn = [&](const std::string& w) {
    if (!quiet) std::fprintf(stderr, "vigil rpki: warning: %s\n", w.c_str());
  };
  if (*diff) return run_diff(before, after, json, lo, warn);
  return run_validate(vrps, route, lo, warn);
}

}  // namespace vigil::app
