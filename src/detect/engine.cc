#include "detect/engine.h"

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
  // Records are not always in time order (RIB dumps carry one time, peers'
  // updates interleave by a second or two): time-binned detectors see the
  // largest time so far.
  if (evidence.time > last_time_) last_time_ = evidence.time;
  for (Detector* d : timed_) d->on_time(last_time_, ctx_, sink_);
  incidents_.advance(evidence.time);
}

void Engine::finish(uint32_t end_time) {
  ctx_.learning = false;
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

void Engine::on_change(const rib::Change& c) {
  // Today's detectors look only at the prefix and the AS path: a change
  // that keeps the path (MED, communities, next hop) cannot alter a result.
  if (c.kind == rib::ChangeKind::kChanged &&
      rib_.store().attrs(c.old_attrs).path == rib_.store().attrs(c.new_attrs).path) {
    return;
  }
  ctx_.new_change();
  const rib::AttrStore& store = rib_.store();
  ctx_.new_path =
      c.new_attrs != 0 ? path_numbers_.of_new(store, c.new_attrs) : PathNumbers::Number{};
  ctx_.old_path =
      c.old_attrs != 0 ? path_numbers_.of_live(store, c.old_attrs) : PathNumbers::Number{};
  ctx_.path_epoch = path_numbers_.epoch();
  for (Detector* d : by_kind_[static_cast<unsigned>(c.kind)]) d->on_change(c, ctx_, sink_);
}

}  // namespace vigil::detect
