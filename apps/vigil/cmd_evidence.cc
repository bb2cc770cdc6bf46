// vigil evidence: what the store and the evidence log hold about incidents,
// preservation holds, and self-contained bundles a third party can check.
//
//   vigil evidence list     --store S [--held]
//   vigil evidence hold     INCIDENT --reason TEXT --store S
//   vigil evidence release  INCIDENT --store S
//   vigil evidence export   INCIDENT -o BUNDLE --store S [--evidence DIR]
//   vigil evidence verify   BUNDLE
//   vigil evidence verify-log (--store S | --evidence DIR)
//   vigil evidence prune    [--older-than DAYS [--save]] --store S
//
// The bundle format and how to check one with the openssl command line
// alone: docs/evidence.md (bundle.h has the layout).
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "apps/vigil/bundle.h"
#include "apps/vigil/commands.h"
#include "apps/vigil/time_text.h"
#include "evidence/log.h"
#include "store/store_uri.h"

namespace vigil::app {

namespace {

// The evidence directory of a store URI ("" when it cannot be derived).
std::string default_evidence_dir(const std::string& store_uri) {
  if (store_uri.find("://") != std::string::npos) return {};
  const std::string file = store_uri.rfind("sqlite:", 0) == 0 ? store_uri.substr(7) : store_uri;
  return file + ".evidence";
}

int fail(const char* what, const Error& e) {
  std::fprintf(stderr, "vigil evidence %s: %s\n", what, e.to_string().c_str());
  return 1;
}

Result<std::unique_ptr<store::Store>> open_existing_store(const std::string& uri) {
  if (uri.empty()) return make_error(ErrorCode::kInvalidArgument, "--store is required");
  return store::open_store(uri);
}

int cmd_list(const std::string& uri, bool held_only) {
  auto st = open_existing_store(uri);
  if (!st) return fail("list", st.error());
  auto holds = (*st)->list_holds();
  if (!holds) return fail("list", holds.error());
  std::map<std::string, const store::Hold*> held;
  for (const auto& h : *holds) held[h.incident_id] = &h;
  auto list = (*st)->list_incidents({});
  if (!list) return fail("list", list.error());
  std::printf("%-20s %-17s %-9s %4s %-6s %s\n", "first seen", "type", "status", "recs", "held",
              "incident");
  size_t shown = 0;
  for (const auto& in : *list) {
    auto h = held.find(in.id);
    if (held_only && h == held.end()) continue;
    auto refs = (*st)->list_evidence_refs(in.id);
    if (!refs) return fail("list", refs.error());
    std::printf("%-20s %-17s %-9s %4zu %-6s %s", iso_time(in.first_seen).c_str(),
                detect::alert_type_name(in.type), detect::incident_status_name(in.status),
                refs->size(), h == held.end() ? "-" : "held", in.id.c_str());
    if (h != held.end()) {
      std::printf("  (since %s: %s)", iso_time(h->second->time).c_str(), h->second->reason.c_str());
    }
    std::printf("\n");
    ++shown;
  }
  std::printf("%zu incidents, %zu held\n", shown, holds->size());
  return 0;
}

int cmd_hold(const std::string& uri, const std::string& id, const std::string& reason) {
  auto st = open_existing_store(uri);
  if (!st) return fail("hold", st.error());
  if (reason.empty()) {
    return fail("hold", Error{ErrorCode::kInvalidArgument, "--reason is required: say why"});
  }
  const uint64_t now = static_cast<uint64_t>(std::time(nullptr));
  if (Status s = (*st)->hold(id, reason, now); !s) return fail("hold", s.error());
  std::printf("held %s since %s: %s\n", id.c_str(), iso_time(now).c_str(), reason.c_str());
  return 0;
}

int cmd_release(const std::string& uri, const std::string& id) {
  auto st = open_existing_store(uri);
  if (!st) return fail("release", st.error());
  auto r = (*st)->release_hold(id);
  if (!r) return fail("release", r.error());
  std::printf("%s %s\n", *r ? "released" : "was not held:", id.c_str());
  return 0;
}

// Retention: --older-than DAYS, or the store's "retention_days" setting
// (kept there by --save).
int cmd_prune(const std::string& uri, std::optional<double> given, bool save) {
  auto st = open_existing_store(uri);
  if (!st) return fail("prune", st.error());
  double days = 0;
  std::string from = "--older-than";
  if (given) {
    days = *given;
  } else {
    auto saved = (*st)->get_setting("retention_days");
    if (!saved) return fail("prune", saved.error());
    if (!*saved) {
      return fail("prune", Error{ErrorCode::kInvalidArgument,
                                 "give --older-than DAYS (no retention_days setting in the store; "
                                 "--save keeps one)"});
    }
    char* end = nullptr;
    days = std::strtod((*saved)->c_str(), &end);
    if (end == (*saved)->c_str() || *end != 0) days = -1;
    from = "the store's retention_days setting ('" + **saved + "')";
  }
  if (!std::isfinite(days) || days <= 0 || days > 1e6) {
    return fail("prune", Error{ErrorCode::kInvalidArgument,
                               from + ": days must be a number above 0 and at most 1000000"});
  }
  if (save) {
    if (Status s = (*st)->set_setting("retention_days", std::to_string(days)); !s) {
      return fail("prune", s.error());
    }
  }
  const uint64_t now = static_cast<uint64_t>(std::time(nullptr));
  auto r = (*st)->apply_retention(now, static_cast<uint64_t>(days * 86400));
  if (!r) return fail("prune", r.error());
  std::printf(
      "deleted %zu resolved incidents (held ones kept), %llu alerts, %llu evidence "
      "references; %zu evidence-log leaves are no longer referenced (the log is append-only: "
      "their records stay, covered by the signed tree head)\n",
      r->incidents.size(), static_cast<unsigned long long>(r->alerts),
      static_cast<unsigned long long>(r->evidence_refs), r->orphaned_leaves.size());
  return 0;
}

int cmd_export(const std::string& uri, std::string evidence_dir, const std::string& id,
               const std::string& out) {
  auto st = open_existing_store(uri);
  if (!st) return fail("export", st.error());
  if (evidence_dir.empty()) evidence_dir = default_evidence_dir(uri);
  if (evidence_dir.empty()) {
    return fail("export", Error{ErrorCode::kInvalidArgument,
                                "a PostgreSQL store needs --evidence DIR for the evidence log"});
  }
  evidence::LogOptions lo;
  lo.read_only = true;
  auto log = evidence::EvidenceLog::open(evidence_dir, lo);
  if (!log) return fail("export", log.error());
  auto summary = write_bundle(**st, **log, evidence_dir, id, out);
  if (!summary) return fail("export", summary.error());
  std::printf("%s", summary->c_str());
  return 0;
}

int cmd_verify(const std::string& bundle) {
  auto r = verify_bundle(bundle);
  if (!r) {
    std::fprintf(stderr, "vigil evidence verify: %s: FAILED: %s\n", bundle.c_str(),
                 r.error().to_string().c_str());
    return 1;
  }
  std::printf("%s", r->c_str());
  return 0;
}

int cmd_verify_log(const std::string& uri, std::string dir) {
  if (dir.empty()) dir = default_evidence_dir(uri);
  if (dir.empty()) {
    return fail("verify-log",
                Error{ErrorCode::kInvalidArgument, "give --evidence DIR (or a SQLite --store)"});
  }
  evidence::LogOptions lo;
  lo.read_only = true;
  auto log = evidence::EvidenceLog::open(dir, lo);
  if (!log) return fail("verify-log", log.error());
  auto r = (*log)->verify();
  if (!r) return fail("verify-log", r.error());
  std::printf("%s: %llu leaves in %u segments (%llu octets) verify; signed tree head covers %llu\n",
              dir.c_str(), static_cast<unsigned long long>(r->leaves), r->segments,
              static_cast<unsigned long long>(r->bytes),
              static_cast<unsigned long long>(r->signed_size));
  if (!uri.empty()) {
    // Incidents and evidence agree: every reference in the store names a
    // signed leaf holding the record it says (source and time).
    auto st = open_existing_store(uri);
    if (!st) return fail("verify-log", st.error());
    auto list = (*st)->list_incidents({});
    if (!list) return fail("verify-log", list.error());
    size_t refs = 0;
    for (const auto& in : *list) {
      auto rs = (*st)->list_evidence_refs(in.id);
      if (!rs) return fail("verify-log", rs.error());
      for (const auto& ref : *rs) {
        ++refs;
        const std::string where = "incident " + in.id + ", leaf " + std::to_string(ref.leaf_index);
        if (ref.leaf_index >= r->signed_size) {
          return fail("verify-log", Error{ErrorCode::kMalformed,
                                          where + ": not covered by the signed tree head"});
        }
        auto rec = (*log)->read(ref.leaf_index);
        if (!rec) return fail("verify-log", rec.error());
        if (rec->source != ref.record.file ||
            rec->receive_time_us != uint64_t{ref.record.time} * 1000000) {
          return fail("verify-log",
                      Error{ErrorCode::kMalformed, where + ": holds a record from " + rec->source +
                                                       ", the store says " + ref.record.file});
        }
      }
    }
    std::printf(
        "%s: %zu incidents, %zu evidence references, each naming a signed leaf with its "
        "record\n",
        uri.c_str(), list->size(), refs);
  }
  if (r->signed_size < r->leaves) {
    std::printf("note: %llu leaves are newer than the signed tree head\n",
                static_cast<unsigned long long>(r->leaves - r->signed_size));
  }
  return 0;
}

}  // namespace

int run_evidence(int argc, char** argv) {
  CLI::App app{
      "Evidence kept by `vigil detect --store`: list incidents and their records, hold them "
      "against retention, export self-contained bundles (raw MRT records, inclusion proofs, "
      "signed tree head, public key) and verify bundles and the whole log.",
      "vigil evidence"};
  app.require_subcommand(1);
  std::string uri, dir, id, reason, out, bundle;
  bool held = false;
  auto* list = app.add_subcommand("list", "incidents in the store, their records and holds");
  list->add_option("--store", uri, "the store (SQLite file or postgresql://…)")->required();
  list->add_flag("--held", held, "only incidents under a hold");
  auto* hold = app.add_subcommand("hold", "exempt an incident's evidence from retention");
  hold->add_option("incident", id, "incident id")->required();
  hold->add_option("--reason", reason, "why (recorded with the time)")->required();
  hold->add_option("--store", uri, "the store")->required();
  auto* release = app.add_subcommand("release", "lift a hold");
  release->add_option("incident", id, "incident id")->required();
  release->add_option("--store", uri, "the store")->required();
  auto* exp = app.add_subcommand("export", "write a self-contained evidence bundle");
  exp->add_option("incident", id, "incident id")->required();
  exp->add_option("-o,--output", out, "bundle directory (must not exist)")->required();
  exp->add_option("--store", uri, "the store")->required();
  exp->add_option("--evidence", dir, "the evidence log (default: STORE.evidence)");
  auto* ver = app.add_subcommand("verify",
                                 "check a bundle: records, leaf hashes, proofs, "
                                 "signed tree head and its signature");
  ver->add_option("bundle", bundle, "bundle directory")->required();
  auto* vlog = app.add_subcommand("verify-log", "check every leaf of the evidence log");
  vlog->add_option("--store", uri, "the store (its evidence log)");
  vlog->add_option("--evidence", dir, "the evidence log directory");
  auto* prune = app.add_subcommand("prune",
                                   "retention: delete resolved incidents older than N "
                                   "days, except held ones");
  bool save = false;
  std::optional<double> days;
  prune->add_option("--older-than", days, "days (default: the store's retention_days setting)");
  prune->add_flag("--save", save, "keep --older-than as the store's retention_days setting");
  prune->add_option("--store", uri, "the store")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*list) return cmd_list(uri, held);
  if (*hold) return cmd_hold(uri, id, reason);
  if (*release) return cmd_release(uri, id);
  if (*exp) return cmd_export(uri, dir, id, out);
  if (*ver) return cmd_verify(bundle);
  if (*vlog) return cmd_verify_log(uri, dir);
  if (*prune) return cmd_prune(uri, days, save);
  return 2;
}

}  // namespace vigil::app
