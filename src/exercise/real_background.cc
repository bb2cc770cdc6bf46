#include "exercise/real_background.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/ip.h"
#include "exercise/dns_roots.h"
#include "exercise/rng.h"
#include "exercise/text_out.h"
#include "exercise/truth_json.h"
#include "io/input.h"
#include "wire/bgp/as_path.h"
#include "wire/bgp/encode.h"
#include "wire/mrt/header.h"
#include "wire/mrt/records.h"
#include "wire/mrt/writer.h"

namespace vigil::exercise {

namespace {

constexpr uint32_t kMulti = UINT32_MAX;  // PrefixInfo::origin: several (or no) origins

// Reads MRT records one at a time from any (compressed) file.
class RecordReader {
 public:
  static Result<RecordReader> open(const std::string& path) {
    auto src = io::open_input(path);
    if (!src) return src.error();
    return RecordReader(path, std::make_unique<io::BufferedReader>(std::move(*src)));
  }
  // The next record (header included) in `raw`; false at the end.
  Result<bool> next(mrt::Header& h, Bytes& raw) {
    if (pending_) reader_->consume(pending_);
    pending_ = 0;
    auto head = reader_->peek(mrt::kHeaderSize + 4);
    if (!head) return head.error();
    if (head->empty()) return false;
    const uint64_t off = reader_->offset();
    auto hd = mrt::decode_header(*head);
    if (!hd) return make_error(hd.error().code, path_ + ": " + hd.error().message, off);
    auto all = reader_->peek(hd->record_size());
    if (!all) return all.error();
    if (all->size() < hd->record_size())
      return make_error(ErrorCode::kTruncated, path_ + ": truncated MRT record", off);
    h = *hd;
    raw = all->first(hd->record_size());
    pending_ = raw.size();
    return true;
  }

 private:
  RecordReader(std::string path, std::unique_ptr<io::BufferedReader> r)
      : path_(std::move(path)), reader_(std::move(r)) {}
  std::string path_;
  std::unique_ptr<io::BufferedReader> reader_;
  size_t pending_ = 0;
};

bool is_v4_rib(const mrt::Header& h) {
  return h.type == mrt::kTypeTableDumpV2 &&
         (h.subtype == mrt::kRibIpv4Unicast || h.subtype == mrt::kRibIpv4UnicastAddPath);
}

// Calls f(type, whole attribute TLV, value) for each attribute; false when damaged.
template <typename F>
bool for_each_attr(Bytes a, F&& f) {
  size_t i = 0;
  while (i < a.size()) {
    if (i + 3 > a.size()) return false;
    const uint8_t flags = a[i], type = a[i + 1];
    size_t hl = 3, len = a[i + 2];
    if (flags & 0x10) {
      if (i + 4 > a.size()) return false;
      hl = 4;
      len = (size_t{a[i + 2]} << 8) | a[i + 3];
    }
    if (i + hl + len > a.size()) return false;
    f(type, a.subspan(i, hl + len), a.subspan(i + hl, len));
    i += hl + len;
  }
  return true;
}

// The origin AS of a RIB entry's attributes; kMulti when there is none
// (no AS_PATH, empty, ends in an AS_SET).
uint32_t origin_of(Bytes attrs) {
  uint32_t origin = kMulti;
  bgp::AsPath path;
  for_each_attr(attrs, [&](uint8_t type, Bytes, Bytes value) {
    if (type != 2) return;
    uint32_t o = 0;
    if (bgp::decode_as_path(value, true, path).ok() && path.origin(o)) origin = o;
  });
  return origin;
}

// The attributes less MP_REACH / MP_UNREACH (the RIB's abbreviated form).
std::vector<uint8_t> update_attrs(Bytes attrs) {
  std::vector<uint8_t> out;
  for_each_attr(attrs, [&](uint8_t type, Bytes whole, Bytes) {
    if (type != 14 && type != 15) out.insert(out.end(), whole.begin(), whole.end());
  });
  return out;
}

struct PrefixInfo {
  Prefix prefix;
  uint32_t origin = kMulti;
  uint32_t peers = 0;
};

struct Vp {
  uint16_t index = 0;
  uint32_t asn = 0;
  IpAddr address;
};

struct RibSummary {
  uint32_t time = 0;
  IpAddr collector;
  std::vector<mrt::Peer> peers;
  std::vector<Vp> vps;
  std::vector<PrefixInfo> prefixes;  // IPv4, sorted
  std::vector<uint32_t> origins;     // ascending, single-origin prefixes'
  std::unordered_map<uint32_t, uint32_t> origin_prefixes;

  const PrefixInfo* find(const Prefix& p) const {
    auto it = std::lower_bound(prefixes.begin(), prefixes.end(), p,
                               [](const PrefixInfo& a, const Prefix& b) { return a.prefix < b; });
    return it != prefixes.end() && it->prefix == p ? &*it : nullptr;
  }
  const PrefixInfo* covering(const Prefix& p) const {
    for (int len = p.len - 1; len >= 0; --len) {
      Prefix c{p.addr, static_cast<uint8_t>(len)};
      if (const PrefixInfo* i = find(c.masked())) return i;
    }
    return nullptr;
  }
};

Status write_all(std::ofstream& f, Bytes b, const std::string& path) {
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  if (!f) return make_error(ErrorCode::kIo, path + ": write failed");
  return Status::Ok();
}

// Pass 1: the peer table, per prefix its origin and peer count; copies the
// records to `copy`.
Result<RibSummary> summarize_rib(const std::string& path, std::ofstream& copy,
                                 const std::string& copy_path) {
  auto rr = RecordReader::open(path);
  if (!rr) return rr.error();
  RibSummary s;
  bool have_peers = false;
  std::vector<uint8_t> has_v4;
  mrt::RibRecord rib;
  mrt::Header h;
  Bytes raw;
  for (;;) {
    auto more = rr->next(h, raw);
    if (!more) return more.error();
    if (!*more) break;
    if (Status st = write_all(copy, raw, copy_path); !st) return st.error();
    const Bytes body = raw.subspan(mrt::kHeaderSize);
    if (h.type == mrt::kTypeTableDumpV2 && h.subtype == mrt::kPeerIndexTable && !have_peers) {
      mrt::PeerIndexTable t;
      if (Status st = mrt::decode_peer_index_table(body, t); !st)
        return make_error(ErrorCode::kMalformed, path + ": " + st.error().message);
      s.time = h.timestamp;
      s.collector = t.collector_id;
      s.peers = t.peers;
      has_v4.assign(s.peers.size(), 0);
      have_peers = true;
      continue;
    }
    if (!is_v4_rib(h) || !have_peers) continue;
    if (Status st = mrt::decode_rib(h.subtype, body, rib); !st)
      return make_error(ErrorCode::kMalformed, path + ": " + st.error().message);
    PrefixInfo info{rib.prefix.masked(), kMulti, 0};
    bool first = true;
    for (const mrt::RibEntry& e : rib.entries) {
      if (e.peer_index >= has_v4.size()) continue;
      has_v4[e.peer_index] = 1;
      ++info.peers;
      const uint32_t o = origin_of(e.attributes);
      if (first)
        info.origin = o;
      else if (info.origin != o)
        info.origin = kMulti;
      first = false;
    }
    s.prefixes.push_back(info);
  }
  if (!have_peers) return make_error(ErrorCode::kMalformed, path + ": no PEER_INDEX_TABLE");
  std::sort(s.prefixes.begin(), s.prefixes.end(),
            [](const PrefixInfo& a, const PrefixInfo& b) { return a.prefix < b.prefix; });
  // Merge duplicates (a prefix in two records).
  size_t w = 0;
  for (size_t r = 0; r < s.prefixes.size(); ++r) {
    if (w > 0 && s.prefixes[w - 1].prefix == s.prefixes[r].prefix) {
      if (s.prefixes[w - 1].origin != s.prefixes[r].origin) s.prefixes[w - 1].origin = kMulti;
      s.prefixes[w - 1].peers += s.prefixes[r].peers;
    } else {
      s.prefixes[w++] = s.prefixes[r];
    }
  }
  s.prefixes.resize(w);
  for (const PrefixInfo& p : s.prefixes)
    if (p.origin != kMulti) ++s.origin_prefixes[p.origin];
  for (const auto& [asn, n] : s.origin_prefixes) s.origins.push_back(asn);
  std::sort(s.origins.begin(), s.origins.end());
  for (size_t i = 0; i < s.peers.size(); ++i)
    if (has_v4[i] && s.peers[i].address.is_v4())
      s.vps.push_back({static_cast<uint16_t>(i), s.peers[i].asn, s.peers[i].address});
  return s;
}

// What the resolved event injects.
struct Plan {
  EventType type{};
  uint32_t start = 0;  // Unix seconds
  std::optional<uint32_t> end;
  Prefix prefix;                   // hijacks: the announced prefix
  std::optional<Prefix> covering;  // sub-prefix
  uint32_t attacker = 0;
  uint32_t victim = 0;
  char dns_root = 0;
  bool restore = true;  // at the end: the RIB routes (else withdraw)
};

Error event_error(size_t i, EventType t, const std::string& what) {
  return make_error(
      ErrorCode::kInvalidArgument,
      "event " + std::to_string(i + 1) + " (" + std::string(event_type_name(t)) + "): " + what);
}

Result<Plan> resolve(const RibSummary& s, const EventSpec& e, size_t i, uint64_t seed) {
  Rng rng(seed, kEventStreamBase + i);
  Plan p;
  p.type = e.type;
  p.start = s.time + e.start;
  if (e.end) {
    if (*e.end <= e.start) return event_error(i, e.type, "end must be after start");
    p.end = s.time + *e.end;
  }
  const bool sub = e.type == EventType::kSubPrefixHijack;
  const size_t half = s.vps.size() / 2;
  auto draw_attacker = [&](uint32_t victim) -> Result<uint32_t> {
    if (e.attacker) return e.attacker;
    std::vector<uint32_t> c;
    for (uint32_t a : s.origins)
      if (a != victim) c.push_back(a);
    if (c.empty()) return event_error(i, e.type, "no origin AS to draw an attacker from");
    return c[rng.below(c.size())];
  };

  if (e.type == EventType::kAsOutage) {
    p.victim = e.victim;
    if (!p.victim) {
      std::unordered_set<uint32_t> peer_asns;
      for (const mrt::Peer& peer : s.peers) peer_asns.insert(peer.asn);
      std::vector<uint32_t> c;
      for (uint32_t a : s.origins) {
        const uint32_t n = s.origin_prefixes.at(a);
        if (n >= 1 && n <= 50 && !peer_asns.count(a)) c.push_back(a);
      }
      if (c.empty()) return event_error(i, e.type, "no AS to take down");
      p.victim = c[rng.below(c.size())];
    }
    return p;
  }

  // Hijacks: the victim's prefix.
  const PrefixInfo* victim_info = nullptr;
  if (e.type == EventType::kDnsRootHijack && !e.prefix) {
    std::vector<std::pair<char, const PrefixInfo*>> c;
    for (const DnsRootServer& r : dns_root_servers()) {
      if (e.dns_root && r.letter != e.dns_root) continue;
      auto pf = Prefix::parse(r.v4);
      if (!pf) continue;
      if (const PrefixInfo* pi = s.find(*pf)) c.push_back({r.letter, pi});
    }
    if (c.empty()) return event_error(i, e.type, "no DNS root prefix in the RIB");
    const auto& pick = c[rng.below(c.size())];
    p.dns_root = pick.first;
    victim_info = pick.second;
  } else if (e.prefix) {
    if (!e.prefix->addr.is_v4()) return event_error(i, e.type, "only IPv4 prefixes");
    victim_info = s.find(e.prefix->masked());
    if (!victim_info && sub) {
      // The more-specific itself.
      p.prefix = e.prefix->masked();
      if (const PrefixInfo* c = s.covering(p.prefix)) p.covering = c->prefix;
      p.victim = e.victim;
      if (!p.victim && p.covering && s.covering(p.prefix)->origin != kMulti)
        p.victim = s.covering(p.prefix)->origin;
    } else if (!victim_info) {
      p.prefix = e.prefix->masked();
      p.victim = e.victim;
    }
  } else {
    std::vector<const PrefixInfo*> c;
    for (const PrefixInfo& pi : s.prefixes) {
      if (pi.origin == kMulti || pi.peers <= half) continue;
      if (e.victim && pi.origin != e.victim) continue;
      if (sub && pi.prefix.len > 23) continue;
      if (pi.prefix.len < 8) continue;
      c.push_back(&pi);
    }
    if (c.empty()) return event_error(i, e.type, "no suitable victim prefix in the RIB");
    victim_info = c[rng.below(c.size())];
  }
  if (victim_info) {
    p.prefix = victim_info->prefix;
    p.victim = e.victim ? e.victim : (victim_info->origin == kMulti ? 0 : victim_info->origin);
    if (sub) {
      if (p.prefix.len > 23) return event_error(i, e.type, "prefix is longer than /23");
      p.covering = p.prefix;
      const uint32_t extra =
          static_cast<uint32_t>(rng.between(1, std::min<uint32_t>(3, 24 - p.prefix.len)));
      const uint32_t bits = static_cast<uint32_t>(rng.below(uint64_t{1} << extra));
      const uint32_t base = p.prefix.addr.v4_host_order();
      const uint32_t len = p.prefix.len + extra;
      p.prefix = Prefix{IpAddr::v4(base | (bits << (32 - len))), static_cast<uint8_t>(len)};
    }
  }
  if (e.type == EventType::kForgedOriginHijack && !p.victim)
    return event_error(i, e.type, "the victim prefix has no single origin; name the victim");
  auto attacker = draw_attacker(p.victim);
  if (!attacker) return attacker.error();
  p.attacker = *attacker;
  if (p.attacker == p.victim && p.victim)
    return event_error(i, e.type, "attacker and victim are the same AS");
  p.restore = !sub;
  return p;
}

struct Injected {
  uint64_t time_us = 0;
  std::vector<uint8_t> record;
};

// Pass 2: each peer's attribute bytes for the prefixes in `wanted`, and for
// every prefix an entry of which originates from one of `dark`.
using PeerAttrs = std::vector<std::pair<uint16_t, std::vector<uint8_t>>>;
Result<std::unordered_map<Prefix, PeerAttrs, PrefixHash>> collect_attrs(
    const std::string& path, const std::unordered_set<Prefix, PrefixHash>& wanted,
    const std::unordered_set<uint32_t>& dark) {
  std::unordered_map<Prefix, PeerAttrs, PrefixHash> out;
  auto rr = RecordReader::open(path);
  if (!rr) return rr.error();
  mrt::RibRecord rib;
  mrt::Header h;
  Bytes raw;
  for (;;) {
    auto more = rr->next(h, raw);
    if (!more) return more.error();
    if (!*more) break;
    if (!is_v4_rib(h)) continue;
    if (Status st = mrt::decode_rib(h.subtype, raw.subspan(mrt::kHeaderSize), rib); !st)
      return make_error(ErrorCode::kMalformed, path + ": " + st.error().message);
    const Prefix p = rib.prefix.masked();
    bool take = wanted.count(p) > 0;
    if (!take && !dark.empty())
      for (const mrt::RibEntry& e : rib.entries)
        if (dark.count(origin_of(e.attributes))) take = true;
    if (!take) continue;
    PeerAttrs& pa = out[p];
    for (const mrt::RibEntry& e : rib.entries) {
      bool seen = false;
      for (const auto& [pi, a] : pa) seen |= pi == e.peer_index;
      if (!seen) pa.push_back({e.peer_index, update_attrs(e.attributes)});
    }
  }
  return out;
}

struct UpdateFile {
  std::vector<uint8_t> bytes;
  std::vector<std::pair<uint64_t, size_t>> records;  // (time µs, offset); size from the header
};

uint64_t record_us(const mrt::Header& h) {
  return uint64_t{h.timestamp} * 1000000 + (h.extended ? h.microseconds : 0);
}

}  // namespace

Result<RealExercise> inject_real(const RealBackground& bg, std::span<const EventSpec> events,
                                 uint64_t seed, const std::string& out_dir) {
  for (size_t i = 0; i < events.size(); ++i) {
    const EventType t = events[i].type;
    if (t == EventType::kRouteLeak || t == EventType::kCountryShutdown ||
        t == EventType::kRpkiInvalid || t == EventType::kLinkFlap)
      return event_error(i, t, "needs a synthetic Internet");
    if (events[i].ipv6) return event_error(i, t, "only IPv4 on real backgrounds");
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return make_error(ErrorCode::kIo, out_dir + ": " + ec.message());

  const std::string rib_path = out_dir + "/rib.mrt";
  std::ofstream rib_out(rib_path, std::ios::binary | std::ios::trunc);
  if (!rib_out) return make_error(ErrorCode::kIo, rib_path + ": cannot create");
  auto summary = summarize_rib(bg.rib, rib_out, rib_path);
  if (!summary) return summary.error();
  rib_out.close();
  if (!rib_out) return make_error(ErrorCode::kIo, rib_path + ": write failed");
  const RibSummary& s = *summary;
  if (s.vps.empty()) return make_error(ErrorCode::kInvalidArgument, bg.rib + ": no IPv4 peers");

  std::vector<Plan> plans;
  std::unordered_set<Prefix, PrefixHash> wanted;
  std::unordered_set<uint32_t> dark;
  for (size_t i = 0; i < events.size(); ++i) {
    auto p = resolve(s, events[i], i, seed);
    if (!p) return p.error();
    if (p->type == EventType::kAsOutage)
      dark.insert(p->victim);
    else
      wanted.insert(p->prefix);
    plans.push_back(*p);
  }
  auto attrs = collect_attrs(bg.rib, wanted, dark);
  if (!attrs) return attrs.error();

  RealExercise ex;
  ex.start_time = s.time;
  std::vector<Injected> inj;
  auto emit = [&](uint64_t us, const Vp& vp, const bgp::ByteVec& msg) {
    mrt::Writer w;
    w.bgp4mp_message(static_cast<uint32_t>(us / 1000000), static_cast<uint32_t>(us % 1000000), true,
                     vp.asn, 0, vp.address, s.collector, msg);
    inj.push_back({us, w.bytes()});
  };
  auto rib_attrs = [&](const Prefix& p, uint16_t peer) -> const std::vector<uint8_t>* {
    auto it = attrs->find(p);
    if (it == attrs->end()) return nullptr;
    for (const auto& [pi, a] : it->second)
      if (pi == peer) return &a;
    return nullptr;
  };

  for (size_t i = 0; i < plans.size(); ++i) {
    const Plan& p = plans[i];
    Rng jitter(seed, kEventStreamBase + 0x20000 + i);
    TruthRecord t;
    t.id = static_cast<uint32_t>(i + 1);
    t.type = p.type;
    t.start = p.start;
    t.end = p.end;
    t.victim_asn = p.victim;
    t.attacker_asn = p.attacker;
    t.covering = p.covering;
    t.dns_root = p.dns_root;
    std::vector<Prefix> dark_prefixes;
    if (p.type == EventType::kAsOutage) {
      t.down_asns = {p.victim};
      for (const auto& [pf, pa] : *attrs)
        for (const auto& [pi, a] : pa)
          if (origin_of(a) == p.victim) {
            dark_prefixes.push_back(pf);
            break;
          }
      std::sort(dark_prefixes.begin(), dark_prefixes.end());
      t.prefixes = dark_prefixes;
    } else {
      t.prefixes = {p.prefix};
      t.announced_path = {p.attacker};
      if (p.type == EventType::kForgedOriginHijack) t.announced_path.push_back(p.victim);
    }
    for (const Vp& vp : s.vps) {
      const uint64_t js = jitter.between(1000000, 10000000);
      const uint64_t je = jitter.between(1000000, 10000000);
      const uint64_t t0 = uint64_t{p.start} * 1000000 + js;
      const uint64_t t1 = p.end ? uint64_t{*p.end} * 1000000 + je : 0;
      TruthSighting sight{vp.asn, vp.address, vp.index, t0, t1, 0};
      if (p.type == EventType::kAsOutage) {
        std::vector<Prefix> mine;
        for (const Prefix& pf : dark_prefixes)
          if (rib_attrs(pf, vp.index)) mine.push_back(pf);
        if (mine.empty()) continue;
        for (size_t k = 0; k < mine.size(); k += 500) {
          const size_t n = std::min<size_t>(500, mine.size() - k);
          emit(t0, vp, bgp::encode_update(std::span(mine).subspan(k, n), {}, {}));
        }
        if (p.end)
          for (const Prefix& pf : mine)
            emit(t1, vp, bgp::encode_update({}, *rib_attrs(pf, vp.index), std::span(&pf, 1)));
        sight.prefixes = static_cast<uint32_t>(mine.size());
      } else {
        std::vector<uint32_t> path;
        if (vp.asn != p.attacker) path.push_back(vp.asn);
        path.insert(path.end(), t.announced_path.begin(), t.announced_path.end());
        bgp::AttrEncoder enc;
        enc.origin(bgp::Origin::kIgp).as_path(path).next_hop(vp.address);
        emit(t0, vp, bgp::encode_update({}, enc.bytes(), std::span(&p.prefix, 1)));
        if (p.end) {
          const std::vector<uint8_t>* a = p.restore ? rib_attrs(p.prefix, vp.index) : nullptr;
          if (a)
            emit(t1, vp, bgp::encode_update({}, *a, std::span(&p.prefix, 1)));
          else
            emit(t1, vp, bgp::encode_update(std::span(&p.prefix, 1), {}, {}));
        }
        sight.prefixes = 1;
      }
      t.seen_by.push_back(sight);
    }
    ex.truth.push_back(std::move(t));
  }
  std::stable_sort(inj.begin(), inj.end(),
                   [](const Injected& a, const Injected& b) { return a.time_us < b.time_us; });
  ex.injected_messages = inj.size();

  // The update files, in memory.
  std::vector<UpdateFile> files;
  for (const std::string& path : bg.updates) {
    auto rr = RecordReader::open(path);
    if (!rr) return rr.error();
    UpdateFile f;
    mrt::Header h;
    Bytes raw;
    for (;;) {
      auto more = rr->next(h, raw);
      if (!more) return more.error();
      if (!*more) break;
      f.records.push_back({record_us(h), f.bytes.size()});
      f.bytes.insert(f.bytes.end(), raw.begin(), raw.end());
    }
    files.push_back(std::move(f));
  }

  // Merge: each source keeps its order; the earliest head goes first (ties:
  // the update files in order, then the injected updates).
  const std::string upd_path = out_dir + "/updates.mrt";
  std::ofstream upd(upd_path, std::ios::binary | std::ios::trunc);
  if (!upd) return make_error(ErrorCode::kIo, upd_path + ": cannot create");
  std::vector<size_t> pos(files.size() + 1, 0);
  uint64_t last_us = uint64_t{s.time} * 1000000;
  for (;;) {
    size_t best = SIZE_MAX;
    uint64_t best_us = 0;
    for (size_t k = 0; k <= files.size(); ++k) {
      uint64_t us;
      if (k < files.size()) {
        if (pos[k] >= files[k].records.size()) continue;
        us = files[k].records[pos[k]].first;
      } else {
        if (pos[k] >= inj.size()) continue;
        us = inj[pos[k]].time_us;
      }
      if (best == SIZE_MAX || us < best_us) {
        best = k;
        best_us = us;
      }
    }
    if (best == SIZE_MAX) break;
    Bytes rec;
    if (best < files.size()) {
      const UpdateFile& f = files[best];
      const size_t off = f.records[pos[best]].second;
      const size_t end =
          pos[best] + 1 < f.records.size() ? f.records[pos[best] + 1].second : f.bytes.size();
      rec = Bytes(f.bytes).subspan(off, end - off);
    } else {
      rec = inj[pos[best]].record;
    }
    ++pos[best];
    last_us = std::max(last_us, best_us);
    if (Status st = write_all(upd, rec, upd_path); !st) return st.error();
  }
  upd.close();
  if (!upd) return make_error(ErrorCode::kIo, upd_path + ": write failed");
  ex.end_time = static_cast<uint32_t>(last_us / 1000000);

  // truth.json
  std::string out = "{\n  \"format\": \"vigil-exercise-truth\",\n  \"version\": 1,\n";
  out += "  \"seed\": " + std::to_string(seed) +
         ",\n  \"start\": " + std::to_string(ex.start_time) +
         ",\n  \"duration\": " + std::to_string(ex.end_time - ex.start_time) + ",\n";
  out += "  \"files\": {\"rib\": \"rib.mrt\", \"updates\": \"updates.mrt\"},\n";
  out += "  \"collector\": {\"asn\": 0, \"address\": \"";
  append_ip(out, s.collector);
  out += "\"},\n  \"vantage_points\": [";
  for (size_t v = 0; v < s.vps.size(); ++v) {
    out += v ? ",\n    " : "\n    ";
    out += "{\"peer_index\": " + std::to_string(s.vps[v].index) +
           ", \"asn\": " + std::to_string(s.vps[v].asn) + ", \"address\": \"";
    append_ip(out, s.vps[v].address);
    out += "\"}";
  }
  out += "\n  ],\n  \"events\": [";
  for (size_t i = 0; i < ex.truth.size(); ++i) {
    out += i ? ",\n    " : "\n    ";
    append_truth_event_json(out, ex.truth[i]);
  }
  out += ex.truth.empty() ? "],\n" : "\n  ],\n";
  out += "  \"background\": []\n}\n";
  const std::string truth_path = out_dir + "/truth.json";
  std::ofstream tj(truth_path, std::ios::binary | std::ios::trunc);
  tj << out;
  tj.close();
  if (!tj) return make_error(ErrorCode::kIo, truth_path + ": write failed");
  return ex;
}

}  // namespace vigil::exercise
