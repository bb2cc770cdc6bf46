#include "detect/engine.h"

namespace vigil::detect {

Engine::Engine(rib::Rib& rib, const refdata::Watchlist* watchlist, EngineOptions opts)
    : rib_(rib), opts_(opts), incidents_(opts.incidents), ctx_(rib, watchlist, evidence_, true) {}

Result<std::unique_ptr<Engine>> Engine::create(rib::Rib& rib, const refdata::Watchlist* watchlist,
                                               const std::vector<std::string>& names,
                                               EngineOptions opts) {
  std::unique_ptr<Engine> e(new Engine(rib, watchlist, opts));
  for (const auto& name : names.empty() ? detector_names() : names) {
    auto d = make_detector(name);
    if (!d) return make_error(ErrorCode::kInvalidArgument, "unknown detector '" + name + "'");
    e->detectors_.push_back(std::move(d));
  }
  Engine* self = e.get();
  rib.set_change_sink([self](const rib::Change& c) { self->on_change(c); });
  return e;
}

void Engine::begin_record(const Evidence& evidence, bool rib_dump_record) {
  evidence_ = evidence;
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
  incidents_.advance(evidence.time);
}

void Engine::on_change(const rib::Change& c) {
  // Today's detectors look only at the prefix and the AS path: a change
  // that keeps the path (MED, communities, next hop) cannot alter a result.
  if (c.kind == rib::ChangeKind::kChanged &&
      rib_.store().attrs(c.old_attrs).path == rib_.store().attrs(c.new_attrs).path) {
    return;
  }
  ctx_.new_change();
  for (auto& d : detectors_) d->on_change(c, ctx_, incidents_);
}

}  // namespace vigil::detect
