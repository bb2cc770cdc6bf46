#include "exercise/truth.h"

#include <algorithm>

namespace vigil::exercise {

std::vector<TruthRecord> make_truth(const SyntheticInternet& net,
                                    std::span<const ResolvedEvent> events, const Timeline& timeline,
                                    uint32_t start_time) {
  std::vector<TruthRecord> out;
  constexpr uint32_t kNoAs = ResolvedEvent::kNoAs;
  for (uint32_t e = 0; e < events.size(); ++e) {
    const ResolvedEvent& ev = events[e];
    TruthRecord r;
    r.id = e + 1;
    r.type = ev.type;
    r.background = ev.background;
    r.start = start_time + ev.start;
    if (ev.has_end) r.end = start_time + ev.end;
    r.covering = ev.covering;
    if (ev.attacker != kNoAs) r.attacker_asn = net.ases[ev.attacker].asn;
    if (ev.victim != kNoAs) r.victim_asn = net.ases[ev.victim].asn;
    if (ev.leaker != kNoAs) r.leaker_asn = net.ases[ev.leaker].asn;
    for (const Announcement& a : ev.announcements) r.prefixes.push_back(a.prefix);
    if (!ev.announcements.empty() && !ev.announcements[0].path.empty()) {
      r.announced_path = ev.announcements[0].path;
    }
    for (uint32_t x : ev.down.ases) {
      r.down_asns.push_back(net.ases[x].asn);
      for (const PrefixInfo& p : net.prefixes_of(x)) r.prefixes.push_back(p.prefix);
    }
    for (const auto& [a, b] : ev.down.links) {
      r.down_links.emplace_back(net.ases[a].asn, net.ases[b].asn);
    }
    std::sort(r.prefixes.begin(), r.prefixes.end());
    if (ev.country >= 0) r.country = std::string(country_table()[ev.country].code);
    if (ev.victim != kNoAs && ev.attacker != kNoAs) {
      r.victim_country = std::string(net.country_of(ev.victim).code);
    }
    r.dns_root = ev.dns_root;
    if (ev.attacker != kNoAs) r.rpki = std::string(rov_state_name(ev.rpki));
    for (const Sighting& s : timeline.sightings[e]) {
      const VantagePoint& vp = net.vantage_points[s.vp];
      r.seen_by.push_back(
          {net.ases[vp.as].asn, vp.address, s.vp, s.first_us, s.last_us, s.prefixes});
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace vigil::exercise
