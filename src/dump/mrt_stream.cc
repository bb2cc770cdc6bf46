#include "dump/mrt_stream.h"

#include <string>

namespace vigil::dump {

namespace {

// Records larger than this are taken as damaged framing rather than
// buffered: real MRT records stay far below it (a full-table RIB record with
// hundreds of peers is a few hundred KiB).
constexpr uint32_t kMaxRecordLength = 16u << 20;
// How far resynchronisation looks for the next plausible header.
constexpr size_t kResyncWindow = 1u << 20;

bool plausible(const mrt::Header& h) {
  return mrt::is_known_type(h.type, h.subtype) && h.length <= kMaxRecordLength;
}

}  // namespace

const char* elem_type_name(ElemType t) {
  switch (t) {
    case ElemType::kRibEntry:
      return "rib";
    case ElemType::kAnnounce:
      return "announce";
    case ElemType::kWithdraw:
      return "withdraw";
    case ElemType::kState:
      return "state";
  }
  return "?";
}

const IpAddr* route_next_hop(const Element& e) {
  const bgp::PathAttributes& a = *e.attrs;
  if (e.entry_next_hop != nullptr) return e.entry_next_hop;
  const bool use_mp = a.has(bgp::kHasMpReach) && e.source != Source::kLegacyBgp &&
                      (e.from_mp || e.type == ElemType::kRibEntry);
  if (use_mp && !a.mp_reach.next_hops.empty()) return &a.mp_reach.next_hops[0];
  if (!e.from_mp && a.has(bgp::kHasNextHop)) return &a.next_hop;
  return nullptr;
}

std::string Diagnostic::to_string() const {
  std::string s = file;
  s += ": offset ";
  s += std::to_string(offset);
  s += level == Level::kError ? ": error: " : ": warning: ";
  s += message;
  return s;
}

MrtStream::MrtStream(std::unique_ptr<io::BufferedReader> reader, std::string name)
    : reader_(std::move(reader)), name_(std::move(name)) {}

void MrtStream::warn(uint64_t offset, std::string msg) {
  ++stats_.warnings;
  if (diag_ && *diag_)
    (*diag_)(Diagnostic{Diagnostic::Level::kWarning, name_, offset, std::move(msg)});
}

void MrtStream::warn_attrs(uint64_t offset, const bgp::PathAttributes& a) {
  for (const auto& w : a.warnings) {
    warn(offset,
         bgp::attr_type_name(w.type) + " (" + bgp::error_action_name(w.action) + "): " + w.message);
  }
}

namespace {

// Records are accepted as resynchronisation points only near the last good
// timestamp, so random bytes are unlikely to pass.
bool near_time(uint32_t ts, uint32_t ref) {
  if (ref == 0) return true;
  constexpr uint32_t kWeek = 7 * 24 * 3600;
  return ts + kWeek >= ref && ts <= ref + kWeek;
}

// Up to how many octets a record may be off (Zebra wrote TABLE_DUMP records
// whose length is 4 octets short).
constexpr size_t kMaxSlack = 8;

// A plausible header at `i` of `w` whose record is followed by another
// plausible header (allowing `kMaxSlack` octets of slack) or by the end of
// the stream. `at_eof` says whether `w` reaches the end of the stream.
bool chain_ok(Bytes w, size_t i, uint32_t ts_ref, bool at_eof) {
  if (i + mrt::kHeaderSize > w.size()) return false;
  auto c = mrt::decode_header(w.subspan(i));
  if (!c || !plausible(*c) || !near_time(c->timestamp, ts_ref)) return false;
  const uint64_t end = i + c->record_size();
  if (end > w.size()) return false;
  if (end == w.size()) return at_eof;
  for (size_t k = 0; k <= kMaxSlack && end + k + mrt::kHeaderSize <= w.size(); ++k) {
    auto n = mrt::decode_header(w.subspan(end + k));
    if (n && plausible(*n) && near_time(n->timestamp, c->timestamp)) return true;
  }
  return false;
}

}  // namespace

Status MrtStream::run(const ElementSink& on_elements, const DiagnosticSink& on_diag) {
  diag_ = &on_diag;
  uint32_t last_ts = 0;
  for (;;) {
    if (stop_) return Status::Ok();
    const uint64_t offset = reader_->offset();
    auto head = reader_->peek(mrt::kHeaderSize + 4);
    if (!head) return std::move(head).error();
    if (head->empty()) return Status::Ok();
    auto hdr = mrt::decode_header(*head);
    if (!hdr) {
      Error e = std::move(hdr).error();
      e.offset = offset;

      return e;
    }
    const mrt::Header h = *hdr;
    if (!plausible(h)) {
      // Damaged framing: skip to the next offset where a record chain starts.
      auto window = reader_->peek(kResyncWindow);
      if (!window) return std::move(window).error();
      const Bytes w = *window;
      const bool at_eof = w.size() < kResyncWindow;
      size_t skip = 0;
      for (size_t i = 1; i + mrt::kHeaderSize <= w.size(); ++i) {
        if (chain_ok(w, i, last_ts, at_eof)) {
          skip = i;
          break;
        }
      }
      std::string what = "MRT header with type " + std::to_string(h.type) + " subtype " +
                         std::to_string(h.subtype) + " length " + std::to_string(h.length) +
                         " is not plausible";
      if (skip == 0) {
        return make_error(ErrorCode::kMalformed, what + "; no record boundary found after it",
                          offset);
      }
      warn(offset, what + "; resynchronised after skipping " + std::to_string(skip) + " octets");
      ++stats_.skipped_records;
      reader_->consume(skip);
      continue;
    }
    uint64_t size = h.record_size();
    // Peek a little past the record to check where the next one starts.
    auto rec = reader_->peek(size + mrt::kHeaderSize + kMaxSlack);
    if (!rec) return std::move(rec).error();
    if (rec->size() < size) {
      return make_error(ErrorCode::kTruncated,
                        std::string(mrt::type_name(h.type)) + " record claims " +
                            std::to_string(size) + " octets but the stream ends after " +
                            std::to_string(rec->size()),
                        offset);
    }
    if (h.type == mrt::kTypeTableDump && rec->size() > size && rec->size() - size <= kMaxSlack &&
        rec->size() < size + mrt::kHeaderSize) {
      // The stream ends a few octets after the record: the same bug, last record.
      warn(offset, "TABLE_DUMP record length is " + std::to_string(rec->size() - size) +
                       " octets short of the end of the stream (a known Zebra bug); extended");
      size = rec->size();
    } else if (h.type == mrt::kTypeTableDump && rec->size() >= size + mrt::kHeaderSize) {
      auto next = mrt::decode_header(rec->subspan(size));
      if (!next || !plausible(*next)) {
        for (size_t k = 1; k <= kMaxSlack && size + k + mrt::kHeaderSize <= rec->size(); ++k) {
          auto n = mrt::decode_header(rec->subspan(size + k));
          if (n && plausible(*n) && near_time(n->timestamp, h.timestamp)) {
            warn(offset, "TABLE_DUMP record length is " + std::to_string(k) +
                             " octets short of where the next record starts (a known Zebra "
                             "bug); read as " +
                             std::to_string(size + k) + " octets");
            size += k;
            break;
          }
        }
      }
    }
    const Bytes raw = rec->subspan(0, size);
    const size_t body_start = mrt::kHeaderSize + (h.extended ? 4 : 0);
    elems_.clear();
    record_failed_ = false;
    RecordView view{h, offset, raw, 0};
    if (h.type == mrt::kTypeBgp4mp || h.type == mrt::kTypeBgp4mpEt) {
      mrt::Bgp4mpRecord b;
      if (mrt::is_bgp4mp_message(h.subtype) &&
          mrt::decode_bgp4mp(h.subtype, raw.subspan(body_start), b) && b.message.size() >= 19) {
        view.bgp_type = b.message[18];
      }
    }
    decode_record(h, raw.subspan(body_start, size - body_start), offset);
    if (record_failed_) {
      // A record that does not decode may have a damaged length: if a record
      // chain starts inside it, trust the chain and drop this record.
      auto window = reader_->peek(size + kResyncWindow);
      if (!window) return std::move(window).error();
      const bool eof = window->size() < size + kResyncWindow;
      for (size_t i = 1; i < size; ++i) {
        if (chain_ok(*window, i, h.timestamp, eof)) {
          warn(offset, "record does not decode and another record starts " + std::to_string(i) +
                           " octets into it; its length field is taken as damaged");
          ++stats_.skipped_records;
          reader_->consume(i);
          size = 0;
          break;
        }
      }
      if (size == 0) continue;
    }
    last_ts = h.timestamp;
    ++stats_.records;
    stats_.elements += elems_.size();
    stats_.bytes += size;
    on_elements(view, elems_);
    reader_->consume(size);
  }
}

void MrtStream::emit_update(const bgp::UpdateMessage& u, Element base) {
  const auto& a = u.attrs;
  base.attrs = nullptr;
  base.type = ElemType::kWithdraw;
  for (const auto& n : u.withdrawn) {
    base.prefix = n.prefix;
    base.path_id = n.path_id;
    base.host_bits = n.host_bits;
    elems_.push_back(base);
  }
  base.from_mp = true;
  if (a.has(bgp::kHasMpUnreach)) {
    for (const auto& n : a.mp_unreach.nlri) {
      base.prefix = n.prefix;
      base.path_id = n.path_id;
      base.host_bits = n.host_bits;
      elems_.push_back(base);
    }
  }
  base.type = ElemType::kAnnounce;
  base.from_mp = false;
  base.attrs = &a;
  for (const auto& n : u.announced) {
    base.prefix = n.prefix;
    base.path_id = n.path_id;
    base.host_bits = n.host_bits;
    elems_.push_back(base);
  }
  base.from_mp = true;
  if (a.has(bgp::kHasMpReach)) {
    for (const auto& n : a.mp_reach.nlri) {
      base.prefix = n.prefix;
      base.path_id = n.path_id;
      base.host_bits = n.host_bits;
      elems_.push_back(base);
    }
  }
}

void MrtStream::decode_record(const mrt::Header& h, Bytes body, uint64_t offset) {
  Element base;
  base.timestamp = h.timestamp;
  base.microseconds = h.microseconds;
  base.record_offset = offset;
  switch (h.type) {
    case mrt::kTypeTableDumpV2: {
      base.source = Source::kTableDumpV2;
      if (h.subtype == mrt::kPeerIndexTable) {
        Status s = mrt::decode_peer_index_table(body, peers_);
        have_peers_ = s.ok();
        if (!s) warn(offset, s.error().message);
        return;
      }
      if (!mrt::is_rib_subtype(h.subtype)) {
        warn(offset, "TABLE_DUMP_V2 subtype " + std::to_string(h.subtype) + " not decoded");
        return;
      }
      Status s = mrt::decode_rib(h.subtype, body, rib_);
      if (!s) {
        warn(offset, s.error().message);
        ++stats_.skipped_records;
        record_failed_ = true;
        return;
      }
      if (!have_peers_) {
        warn(offset, "RIB record before any PEER_INDEX_TABLE");
        return;
      }
      if (!rib_.decoded_prefix) return;  // other AFI/SAFI: nothing to print
      if (rib_attrs_.size() < rib_.entries.size()) rib_attrs_.resize(rib_.entries.size());
      base.type = ElemType::kRibEntry;
      base.add_path = rib_.add_path;
      base.prefix = rib_.prefix;
      base.host_bits = rib_.host_bits;
      bgp::AttrDecodeOptions opts;
      opts.as4 = true;
      opts.mrt_abbreviated_mp_reach = true;
      opts.rib_family = rib_.prefix.addr.family;
      for (size_t i = 0; i < rib_.entries.size(); ++i) {
        const auto& e = rib_.entries[i];
        if (e.peer_index >= peers_.peers.size()) {
          warn(offset, "RIB entry names peer index " + std::to_string(e.peer_index) +
                           " beyond the " + std::to_string(peers_.peers.size()) +
                           " peers of the PEER_INDEX_TABLE");
          continue;
        }
        auto& attrs = rib_attrs_[i];
        attrs.clear();
        bgp::decode_attributes(e.attributes, opts, attrs);
        if (!attrs.warnings.empty()) warn_attrs(offset, attrs);
        const auto& peer = peers_.peers[e.peer_index];
        base.peer_address = peer.address;
        base.peer_asn = peer.asn;
        base.originated_time = e.originated_time;
        base.path_id = e.path_id;
        base.attrs = &attrs;
        elems_.push_back(base);
      }
      return;
    }
    case mrt::kTypeTableDump: {
      Status s = mrt::decode_table_dump(h.subtype, body, table_dump_);
      if (!s) {
        warn(offset, s.error().message);
        ++stats_.skipped_records;
        record_failed_ = true;
        return;
      }
      if (table_dump_.entries.size() > 1) {
        warn(offset, "TABLE_DUMP record carries " + std::to_string(table_dump_.entries.size()) +
                         " entries (early RIS batching); all are printed");
      }
      if (!table_dump_.trailing_error.empty()) warn(offset, table_dump_.trailing_error);
      if (rib_attrs_.size() < table_dump_.entries.size()) {
        rib_attrs_.resize(table_dump_.entries.size());
      }
      base.source = Source::kTableDump;
      base.type = ElemType::kRibEntry;
      base.as4_session = table_dump_.as4;
      for (size_t i = 0; i < table_dump_.entries.size(); ++i) {
        const auto& t = table_dump_.entries[i];
        auto& attrs = rib_attrs_[i];
        attrs.clear();
        bgp::AttrDecodeOptions opts;
        opts.as4 = table_dump_.as4;
        opts.mrt_abbreviated_mp_reach = true;
        opts.rib_family = t.prefix.addr.family;
        bgp::decode_attributes(t.attributes, opts, attrs);
        if (!attrs.warnings.empty()) warn_attrs(offset, attrs);
        base.prefix = t.prefix.masked();
        base.host_bits = base.prefix != t.prefix;
        base.peer_address = t.peer_address;
        base.peer_asn = t.peer_asn;
        base.originated_time = t.originated_time;
        base.attrs = &attrs;
        elems_.push_back(base);
      }
      return;
    }
    case mrt::kTypeBgp4mp:
    case mrt::kTypeBgp4mpEt: {
      base.source = h.type == mrt::kTypeBgp4mpEt ? Source::kBgp4mpEt : Source::kBgp4mp;
      if (h.subtype == mrt::kEntry) {
        Status es = mrt::decode_bgp4mp_entry(body, entry_);
        if (!es) {
          warn(offset, es.error().message);
          ++stats_.skipped_records;
          record_failed_ = es.error().code != ErrorCode::kUnsupported;
          return;
        }
        if (rib_attrs_.empty()) rib_attrs_.resize(1);
        auto& attrs = rib_attrs_[0];
        attrs.clear();
        bgp::AttrDecodeOptions opts;
        opts.as4 = false;
        opts.mrt_abbreviated_mp_reach = true;
        opts.rib_family = entry_.prefix.addr.family;
        bgp::decode_attributes(entry_.attributes, opts, attrs);
        if (!attrs.warnings.empty()) warn_attrs(offset, attrs);
        base.source = Source::kBgp4mpEntry;
        base.type = ElemType::kRibEntry;
        base.as4_session = false;
        base.peer_address = entry_.peer_address;
        base.peer_asn = entry_.peer_asn;
        base.prefix = entry_.prefix;
        base.host_bits = entry_.host_bits;
        base.originated_time = entry_.originated_time;
        base.entry_next_hop = entry_.has_next_hop ? &entry_.next_hop : nullptr;
        base.attrs = &attrs;
        elems_.push_back(base);
        return;
      }
      if (!mrt::is_bgp4mp_message(h.subtype) && !mrt::is_bgp4mp_state(h.subtype)) {
        warn(offset, "BGP4MP subtype " + std::to_string(h.subtype) + " not decoded");
        return;
      }
      mrt::Bgp4mpRecord b;
      Status s = mrt::decode_bgp4mp(h.subtype, body, b);
      if (!s) {
        warn(offset, s.error().message);
        ++stats_.skipped_records;
        record_failed_ = true;
        return;
      }
      base.peer_address = b.peer_address;
      base.peer_asn = b.peer_asn;
      base.add_path = b.add_path;
      base.local = b.local;
      base.as4_session = b.as4;
      if (b.is_state) {
        base.type = ElemType::kState;
        base.old_state = b.old_state;
        base.new_state = b.new_state;
        elems_.push_back(base);
        return;
      }
      auto mh = bgp::decode_header(b.message);
      if (!mh) {
        warn(offset, "BGP message: " + mh.error().message);
        ++stats_.skipped_records;
        record_failed_ = true;
        return;
      }
      if (mh->type != static_cast<uint8_t>(bgp::MessageType::kUpdate)) return;
      const Bytes msg_body = b.message.subspan(bgp::kHeaderSize, mh->length - bgp::kHeaderSize);
      Status us = bgp::decode_update(msg_body, {b.as4, b.add_path}, update_);
      if (!update_.attrs.warnings.empty()) warn_attrs(offset, update_.attrs);
      if (!us) {
        warn(offset, "UPDATE: " + us.error().message);
        record_failed_ = true;
      }
      if (update_.add_path_inferred) {
        warn(offset, "NLRI carry ADD-PATH path identifiers although the MRT subtype " +
                         std::to_string(h.subtype) + " does not say so; decoded as ADD-PATH");
        base.add_path = true;
      }
      emit_update(update_, base);
      return;
    }
    case mrt::kTypeBgp: {
      base.source = Source::kLegacyBgp;
      base.as4_session = false;
      mrt::LegacyBgpRecord l;
      Status s = mrt::decode_legacy_bgp(h.subtype, body, l);
      if (!s) {
        warn(offset, s.error().message);
        ++stats_.skipped_records;
        record_failed_ = true;
        return;
      }
      base.peer_address = l.peer_address;
      base.peer_asn = l.peer_asn;
      if (h.subtype == mrt::kBgpStateChange) {
        base.type = ElemType::kState;
        base.old_state = l.old_state;
        base.new_state = l.new_state;
        elems_.push_back(base);
        return;
      }
      if (h.subtype != mrt::kBgpUpdate) return;
      Status us = bgp::decode_update(l.body, {false, false}, update_);
      if (!update_.attrs.warnings.empty()) warn_attrs(offset, update_.attrs);
      if (!us) {
        warn(offset, "UPDATE: " + us.error().message);
        record_failed_ = true;
      }
      emit_update(update_, base);
      return;
    }
    default:
      return;
  }
}

}  // namespace vigil::dump
