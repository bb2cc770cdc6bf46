// MrtStream: reads MRT records from a byte stream and turns each into
// elements. It owns the framing: it checks every record header against the
// bytes that follow, reports damage with the stream offset, and (where the
// framing allows) resynchronises on the next plausible header.
//
//   MrtStream s(std::move(reader), "rib.bz2");
//   s.run([&](const RecordView& rec, std::span<const Element> elems) { ... },
//         [&](const Diagnostic& d) { ... });
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "dump/element.h"
#include "io/input.h"
#include "wire/bgp/message.h"
#include "wire/mrt/header.h"
#include "wire/mrt/records.h"

namespace vigil::dump {

// A warning or error about the input, with where it happened.
struct Diagnostic {
  enum class Level : uint8_t { kWarning, kError };
  Level level = Level::kWarning;
  std::string file;
  uint64_t offset = 0;  // decompressed stream offset of the record
  std::string message;
  std::string to_string() const;  // "file: offset N: warning: message"
};

// The record being reported, for consumers that want more than elements
// (raw bytes for evidence, OPEN messages, ...).
struct RecordView {
  mrt::Header header;
  uint64_t offset = 0;
  Bytes raw;  // the whole record, header included
  // For BGP4MP messages: the decoded BGP message type (0 otherwise).
  uint8_t bgp_type = 0;
};

struct StreamStats {
  uint64_t records = 0;
  uint64_t elements = 0;
  uint64_t warnings = 0;
  uint64_t skipped_records = 0;  // undecodable records skipped
  uint64_t bytes = 0;
};

class MrtStream {
 public:
  using ElementSink = std::function<void(const RecordView&, std::span<const Element>)>;
  using DiagnosticSink = std::function<void(const Diagnostic&)>;

  MrtStream(std::unique_ptr<io::BufferedReader> reader, std::string name);

  // Reads to the end. Returns an error for damage that stops the stream (a
  // truncated record, a corrupt compressed stream); everything before it has
  // been delivered. Record-level problems are warnings and reading goes on.
  Status run(const ElementSink& on_elements, const DiagnosticSink& on_diag);

  const StreamStats& stats() const { return stats_; }
  // Asks run() to return after the current record (e.g. the reader of the
  // output went away). Safe to call from the element sink.
  void stop() { stop_ = true; }

 private:
  void decode_record(const mrt::Header& h, Bytes body, uint64_t offset);
  void emit_update(const bgp::UpdateMessage& u, Element base);
  void warn(uint64_t offset, std::string msg);
  void warn_attrs(uint64_t offset, const bgp::PathAttributes& a);

  std::unique_ptr<io::BufferedReader> reader_;
  std::string name_;
  StreamStats stats_;
  const DiagnosticSink* diag_ = nullptr;
  bool record_failed_ = false;
  bool stop_ = false;  // the current record did not decode

  // Reused per record to avoid allocation.
  mrt::PeerIndexTable peers_;
  bool have_peers_ = false;
  mrt::RibRecord rib_;
  mrt::TableDumpRecord table_dump_;
  mrt::Bgp4mpEntryRecord entry_;
  std::vector<bgp::PathAttributes> rib_attrs_;
  bgp::UpdateMessage update_;
  std::vector<Element> elems_;
};

}  // namespace vigil::dump
