#include "detect/engine.h"

#include <algorithm>

#include "detect/dns_root.h"
#include "refdata/registry/registry.h"

namespace vigil::detect {

Engine::Engine(rib::Rib& rib, const ReferenceData& refs, EngineOptions opts)
    : rib_(rib),
      refs_(refs),
      opts_(opts),
      incidents_(opts.incidents),
      sink_(*this, incidents_, opts.dns_root),
      ctx_(rib, refs_, evidence_, true) {
  ctx_.settings = opts.detectors;
  ctx_.numbers = &path_numbers_;
  // Notes an earlier engine on this Rib left name its numbers, not ours.
  rib.store().clear_path_notes();
  if (refs_.registry != nullptr) {
    const refdata::Registry* reg = refs_.registry;
    incidents_.set_country_lookup([reg](uint32_t asn) -> std::string {
      const refdata::Delegation* d = reg->lookup_asn(asn);
      if (d == nullptr || !d->delegated() || d->cc.empty() || d->cc.is_unknown()) return {};
      return d->cc.to_string();
    });
  }
}

Result<std::unique_ptr<Engine>> Engine::create(rib::Rib& rib, const ReferenceData& refs,
                                               const std::vector<std::string>& names,
                                               EngineOptions opts) {
  std::unique_ptr<Engine> e(new Engine(rib, refs, opts));
  for (const auto& name : names.empty() ? detector_names() : names) {
    auto d = make_detector(name);
    if (!d) return make_error(ErrorCode::kInvalidArgument, "unknown detector '" + name + "'");
    d->rules_serial_ = &e->rules_serial_;
    if (d->active(e->refs_)) {
      if (d->wants_time()) e->timed_.push_back(d.get());
      for (unsigned k = 0; k < 4; ++k) {
        if (d->change_kinds() & (1u << k)) e->by_kind_[k].push_back(d.get());
      }
    }
    e->detectors_.push_back(std::move(d));
  }
  Engine* self = e.get();
  rib.set_change_sink([self](const rib::Change& c) { self->on_change(c); });
  return e;
}

Result<std::unique_ptr<Engine>> Engine::create(rib::Rib& rib, const refdata::Watchlist* watchlist,
                                               const std::vector<std::string>& names,
                                               EngineOptions opts) {
  ReferenceData refs;
  refs.watchlist = watchlist;
  return create(rib, refs, names, opts);
}

void Engine::begin_record(const Evidence& evidence, bool rib_dump_record, Bytes raw) {
  // The file name changes once per file: copying it for every record would
  // allocate (paths are longer than the small-string buffer).
  if (evidence_.file != evidence.file) evidence_.file = evidence.file;
  evidence_.offset = evidence.offset;
  evidence_.time = evidence.time;
  evidence_.leaf = Evidence::kNoLeaf;
  raw_ = raw;
  asked_ = false;
  const bool was_learning = ctx_.learning;
  if (rib_dump_record) {
    saw_rib_dump_ = true;
    ctx_.learning = true;
  } else {
    if (!have_first_update_) {
      have_first_update_ = true;
      first_update_time_ = evidence.time;
    }
    ctx_.learning = !saw_rib_dump_ && evidence.time < first_update_time_ + opts_.baseline_seconds;
  }
  left_learning_ = left_learning_ || !ctx_.learning;
  ctx_.first_learning = ctx_.learning && !left_learning_;
  // Records are not always in time order (RIB dumps carry one time, peers'
  // updates interleave by a second or two): time-binned detectors see the
  // largest time so far, and only when it moves (a second holds dozens of
  // records) or learning starts or stops.
  if (evidence.time > last_time_ || !timed_started_ || ctx_.learning != was_learning) {
    timed_started_ = true;
    if (evidence.time > last_time_) last_time_ = evidence.time;
    for (Detector* d : timed_) d->on_time(last_time_, ctx_, sink_);
  }
  // Fade-off runs on each record's own time, after the ticks (a cheap test
  // of the oldest withdrawn incident when none is due).
  incidents_.advance(evidence.time);
}

void Engine::finish(uint32_t end_time) {
  ctx_.learning = false;
  ctx_.first_learning = false;
  left_learning_ = true;
  if (end_time > last_time_) last_time_ = end_time;
  raw_ = {};  // the last record's bytes are gone
  asked_ = true;
  for (Detector* d : timed_) d->on_time(last_time_, ctx_, sink_);
}

uint64_t Engine::keep_current_record() {
  if (!asked_ && keeper_ && !raw_.empty()) {
    asked_ = true;
    auto leaf = keeper_(evidence_, raw_);
    if (leaf) {
      evidence_.leaf = *leaf;
    } else {
      ++keeper_errors_;
    }
  }
  return evidence_.leaf;
}

void Engine::Escalator::raise(Alert a) {
  if (a.has_prefix) a.evidence.leaf = engine_.keep_current_record();
  if (dns_root_ && a.has_prefix && a.severity >= Severity::kMedium) {
    if (auto letter = dns_root_letter(a.prefix)) {
      a.severity = Severity::kCritical;
      a.explanation = std::string(1, *letter) + " root server prefix: " + a.explanation;
    }
  }
  if (!engine_.observer_) {
    tracker_.raise(std::move(a));
    return;
  }
  Alert seen;  // what the observer needs; the rest moves into the incident
  seen.type = a.type;
  seen.severity = a.severity;
  seen.has_prefix = a.has_prefix;
  seen.prefix = a.prefix;
  seen.asn = a.asn;
  seen.peer = a.peer;
  seen.time = a.time;
  seen.evidence = a.evidence;
  seen.aggregate_peers = a.aggregate_peers;
  const Incident& in = tracker_.record(std::move(a));
  engine_.observer_(in, seen);
}

bool Engine::quiet(const QuietRule& r, const rib::Change& c, const ChangeFacts& f) {
  if (!r.enabled || (r.conditions & ~f.holds) != 0) return false;
  if (r.space != nullptr && r.space->may_cover(c.prefix)) return false;
  // Every path has (flags & mask) == quiet iff their OR and their AND do.
  return r.path_mask == 0 || !f.any_path ||
         ((f.flags_or & r.path_mask) == r.path_quiet &&
          (f.flags_and & r.path_mask) == r.path_quiet);
}

void Engine::rebuild_all_quiet() {
  all_quiet_serial_ = rules_serial_;
  for (unsigned k = 0; k < 4; ++k) {
    AllQuiet a;
    a.possible = !by_kind_[k].empty();
    for (const Detector* d : by_kind_[k]) {
      const QuietRule& r = d->quiet_rule();
      // Path conditions combine while the bits they share agree.
      const uint32_t shared = a.path_mask & r.path_mask;
      if (!r.enabled || ((a.path_quiet ^ r.path_quiet) & shared) != 0) {
        a.possible = false;
        break;
      }
      a.conditions |= r.conditions;
      a.path_mask |= r.path_mask;
      a.path_quiet |= r.path_quiet & r.path_mask;
      if (r.space == nullptr ||
          std::find(a.spaces, a.spaces + a.spaces_used, r.space) != a.spaces + a.spaces_used) {
        continue;
      }
      if (a.spaces_used == AllQuiet::kMaxSpaces) {
        a.possible = false;
        break;
      }
      a.spaces[a.spaces_used++] = r.space;
    }
    all_quiet_[k] = a;
  }
}

void Engine::on_change(const rib::Change& c) {
  // Today's detectors look only at the prefix and the AS path: a change
  // that keeps the path (MED, communities, next hop) cannot alter a result.
  const rib::AttrStore& store = rib_.store();
  const rib::RouteAttrs* old_attrs = c.old_attrs != 0 ? &store.attrs(c.old_attrs) : nullptr;
  const rib::RouteAttrs* new_attrs = c.new_attrs != 0 ? &store.attrs(c.new_attrs) : nullptr;
  if (c.kind == rib::ChangeKind::kChanged && old_attrs->path == new_attrs->path) return;
  ctx_.new_change();
  ctx_.new_path =
      new_attrs != nullptr ? path_numbers_.of(store, *new_attrs) : PathNumbers::Number{};
  const uint32_t epoch = path_numbers_.epoch();
  ctx_.old_path =
      old_attrs != nullptr ? path_numbers_.of(store, *old_attrs) : PathNumbers::Number{};
  // Numbering the old path may have restarted the numbers (PathNumbers::
  // kMaxPaths): number the new one again in the new epoch.
  if (path_numbers_.epoch() != epoch && new_attrs != nullptr) {
    ctx_.new_path = path_numbers_.of(store, *new_attrs);
  }
  ctx_.path_epoch = path_numbers_.epoch();
  const auto& detectors = by_kind_[static_cast<unsigned>(c.kind)];
  if (!opts_.quiet_rules) {
    for (Detector* d : detectors) d->on_change(c, ctx_, sink_);
    return;
  }
  const auto otc = [](const rib::RouteAttrs* a) {
    return a != nullptr && (a->flags & rib::RouteAttrs::kHasOtc) != 0 && a->otc != 0;
  };
  ChangeFacts facts;
  const PathNumbers::Number& o = ctx_.old_path;
  const PathNumbers::Number& n = ctx_.new_path;
  facts.holds = (ctx_.learning ? 0u : kQuietNotLearning) |
                (otc(old_attrs) || otc(new_attrs) ? 0u : kQuietNoOtc) |
                (n.first_sight ? 0u : kQuietSeenPath) |
                (ctx_.path_epoch == 1 ? kQuietFirstEpoch : 0u);
  if (c.kind == rib::ChangeKind::kChanged && o.has_origin == n.has_origin && o.origin == n.origin) {
    facts.holds |= kQuietSameOrigin;
  }
  for (const PathNumbers::Number* p : {&o, &n}) {
    if (p->number == 0) continue;
    facts.any_path = true;
    facts.flags_or |= p->flags;
    facts.flags_and &= p->flags;
  }
  if (rules_serial_ != all_quiet_serial_) rebuild_all_quiet();
  const AllQuiet& all = all_quiet_[static_cast<unsigned>(c.kind)];
  if (all.possible && (all.conditions & ~facts.holds) == 0 &&
      (!facts.any_path || (((facts.flags_or ^ all.path_quiet) & all.path_mask) == 0 &&
                           ((facts.flags_and ^ all.path_quiet) & all.path_mask) == 0)) &&
      std::none_of(all.spaces, all.spaces + all.spaces_used,
                   [&c](const rib::CoverFilter* f) { return f->may_cover(c.prefix); })) {
    return;  // no detector has anything to do
  }
  for (Detector* d : detectors) {
    if (!quiet(d->quiet_rule(), c, facts)) d->on_change(c, ctx_, sink_);
  }
}

}  // namespace vigil::detect
