#include "dump/rib_loader.h"

#include "io/input.h"

namespace vigil::dump {

namespace {
constexpr uint16_t kEstablished = 6;
}

void RibLoader::apply(std::span<const Element> elems) {
  ++stats_.records;
  // Elements of one record share their attributes: intern once.
  const bgp::PathAttributes* cached_for = nullptr;
  const IpAddr* cached_nh = nullptr;
  rib::AttrsId cached = 0;
  for (const Element& e : elems) {
    if (at_us_ && uint64_t{e.timestamp} * 1000000 + e.microseconds > *at_us_) {
      ++stats_.skipped_after;
      continue;
    }
    const rib::PeerIndex peer = rib_.peer(e.peer_address, e.peer_asn);
    switch (e.type) {
      case ElemType::kState:
        if (e.old_state == kEstablished && e.new_state != kEstablished) {
          rib_.peer_down(peer, e.timestamp);
          ++stats_.peer_downs;
        } else if (e.new_state == kEstablished) {
          rib_.peer_up(peer, e.timestamp);
        }
        break;
      case ElemType::kWithdraw:
        rib_.withdraw(peer, e.prefix, e.path_id, e.timestamp);
        ++stats_.withdrawals;
        break;
      case ElemType::kRibEntry:
      case ElemType::kAnnounce: {
        if (e.attrs->action >= bgp::ErrorAction::kTreatAsWithdraw) {
          rib_.withdraw(peer, e.prefix, e.path_id, e.timestamp);
          ++stats_.treated_as_withdraw;
          break;
        }
        const IpAddr* nh = route_next_hop(e);
        rib::AttrsId id;
        if (e.attrs == cached_for && nh == cached_nh && cached != 0) {
          id = cached;
          rib_.store().retain(id);
        } else {
          id = rib_.store().intern(*e.attrs, e.as4_session, nh);
          cached_for = e.attrs;
          cached_nh = nh;
          cached = id;
        }
        // A RIB entry's time is when the route was learned.
        rib_.announce(peer, e.prefix, e.path_id, id,
                      e.type == ElemType::kRibEntry ? e.originated_time : e.timestamp);
        ++(e.type == ElemType::kRibEntry ? stats_.rib_entries : stats_.announcements);
        break;
      }
    }
  }
}

Status RibLoader::load_file(const std::string& path, const MrtStream::DiagnosticSink& on_diag) {
  auto src = io::open_input(path);
  if (!src) return std::move(src).error();
  MrtStream stream(std::make_unique<io::BufferedReader>(io::make_threaded(std::move(*src))), path);
  Status s = stream.run([&](const RecordView&, std::span<const Element> elems) { apply(elems); },
                        [&](const Diagnostic& d) {
                          ++stats_.warnings;
                          if (on_diag) on_diag(d);
                        });
  return s;
}

}  // namespace vigil::dump
