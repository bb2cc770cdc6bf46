// EvidenceLog: the on-disk, append-only evidence log. Every raw routing
// record that supports an alert is appended as a leaf (evidence_record.h);
// the leaves form an RFC 9162 Merkle tree (merkle_tree.h) whose heads are
// signed as C2SP checkpoints (tree_head.h) with an Ed25519 key
// (signing_key.h), so a partner can check that a record was in the log
// (inclusion proof) and that the log only grew (consistency proof).
//
// The directory, which the log owns (nothing else may write in it):
//
//   <dir>/seg-000000.vlog     segment files: header + framed leaves
//   <dir>/seg-000001.vlog     (segment.h; a new one every segment_bytes)
//   <dir>/checkpoint          latest signed tree head (C2SP signed note)
//   <dir>/signing-key.pem     Ed25519 private key, mode 0600 (or key_path)
//   <dir>/LOCK                flock(2)ed by the one writer
//
// Life of a leaf:
//
//   append(record) ──► index i, frame in the pending buffer (memory)
//        │              (written to the segment file when the buffer
//        │               reaches max_pending_bytes, without fsync)
//   commit() ────────► all pending frames written; fdatasync per the
//        │              fsync policy (one fsync for the whole group)
//   sign_head() ─────► commit, fsync, checkpoint over size() written
//                       atomically (temp file + fsync + rename + fsync dir)
//
// Guarantees:
//  - committed (commit() returned OK, policy kEveryCommit): on disk; a
//    crash or power failure afterwards cannot lose it. Under kInterval
//    only leaves covered by the last fsync (synced_size()) are; under
//    kNever nothing is (tests, benchmarks).
//  - open() reads every segment, checks every frame, recomputes every leaf
//    hash and rebuilds the tree. The only damage it repairs is a torn tail
//    of the LAST segment (a partial frame, a partial header, or zeros: what
//    a crash in the middle of an append leaves) and only above the signed
//    tree head; the bytes dropped are reported in open_report(). Anything
//    else — a bad frame elsewhere, a missing segment, a gap in leaf
//    indices, fewer leaves than the checkpoint signs, a root that differs
//    from the signed one, a bad checkpoint signature — is an error naming
//    the file, offset and leaf index; nothing is dropped or rewritten.
//  - verify() re-reads everything from disk and checks it against the
//    hashes held since open and against the signed checkpoint, naming the
//    first bad leaf (index, segment, offset).
//
// Errors: kIo for system calls (path, call, errno text), kMalformed for
// damage (Error::offset = the offset in the named segment file),
// kInvalidArgument for bad options or arguments. After a write or fsync
// error the log refuses further appends, commits and signatures (returning
// the first error): reopen it, which recovers to the last good frame.
//
// Thread-safety: none. One thread uses an EvidenceLog at a time (also for
// const calls: reads share a file descriptor). One process writes a
// directory at a time (LOCK, flock); read-only opens take no lock and do
// not modify anything.
//
// Memory: 68 octets per leaf (the tree's 64 plus a 4-octet frame offset),
// 680 MB for 10 M leaves, plus the pending buffer.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "evidence/evidence_record.h"
#include "evidence/file_io.h"
#include "evidence/merkle_tree.h"
#include "evidence/sha256.h"
#include "evidence/signing_key.h"
#include "evidence/tree_head.h"

namespace vigil::evidence {

// When commit() fsyncs.
struct FsyncPolicy {
  enum class Mode : uint8_t {
    kEveryCommit,  // every commit() fdatasyncs: committed = durable
    kInterval,     // commit() fdatasyncs if `interval` has passed since the
                   // last one (a crash can lose up to `interval` of commits;
                   // sync() forces one)
    kNever,        // never (sync() still does): tests and benchmarks only
  };
  Mode mode = Mode::kEveryCommit;
  std::chrono::milliseconds interval{0};

  static FsyncPolicy every_commit() { return {Mode::kEveryCommit, {}}; }
  static FsyncPolicy every(std::chrono::milliseconds ms) { return {Mode::kInterval, ms}; }
  static FsyncPolicy never() { return {Mode::kNever, {}}; }
};

struct LogOptions {
  // The checkpoint origin and signing key name (tree_head.h rules). Empty:
  // the existing checkpoint's origin, or kDefaultOrigin for a new log. If
  // set and the checkpoint has another, open() fails.
  std::string origin;
  // A segment is closed when the next frame would take it past this size
  // (a frame larger than this gets a segment of its own). 4 KiB .. 1 GiB.
  uint64_t segment_bytes = uint64_t{64} << 20;
  // append() writes the pending frames (without fsync) once they reach
  // this many octets. At most 256 MiB.
  size_t max_pending_bytes = size_t{4} << 20;
  FsyncPolicy fsync = FsyncPolicy::every_commit();
  // The signing key; empty: <dir>/signing-key.pem. Created on the first
  // sign_head() if absent.
  std::string key_path;
  // If set, checkpoints are verified with this C2SP vkey instead of the
  // key file's public key (a reader without access to the private key).
  // A writer's key must match it.
  std::string verifier_vkey;
  // Open without writing anything: no lock, no recovery (a torn tail is
  // reported and ignored), no key creation; append/commit/sign fail.
  bool read_only = false;
  // Create the directory (one level) if it does not exist (writers only).
  bool create_if_missing = true;
};

inline constexpr const char* kDefaultOrigin = "vigil/evidence";
inline constexpr const char* kCheckpointFile = "checkpoint";
inline constexpr const char* kKeyFile = "signing-key.pem";
inline constexpr const char* kLockFile = "LOCK";

// What open() found and did.
struct OpenReport {
  uint64_t leaves = 0;       // in the log after recovery
  uint32_t segments = 0;     // segment files after recovery
  uint64_t bytes = 0;        // segment octets read
  uint64_t signed_size = 0;  // the checkpoint's tree size (0 if none)
  bool has_checkpoint = false;
  // A torn tail of the last segment (dropped unless read_only):
  uint64_t dropped_bytes = 0;   // 0 if there was none
  std::string dropped_segment;  // its file
  uint64_t dropped_offset = 0;  // where the good part ends
  uint64_t dropped_leaf = 0;    // the index the torn frame would have had
  std::string dropped_why;      // "partial frame (40 of 212 octets)"
  double seconds = 0;           // wall time of open()
};

// What verify() checked.
struct VerifyReport {
  uint64_t leaves = 0;
  uint32_t segments = 0;
  uint64_t bytes = 0;
  uint64_t signed_size = 0;  // 0 if there is no checkpoint
  Hash root{};               // of all leaves checked
};

class EvidenceLog {
 public:
  // Opens (or creates) the log in `dir`; see the guarantees above.
  static Result<std::unique_ptr<EvidenceLog>> open(const std::string& dir,
                                                   const LogOptions& options = {});
  // Commits and syncs pending appends (best effort; errors are lost: call
  // close() to see them).
  ~EvidenceLog();
  EvidenceLog(const EvidenceLog&) = delete;
  EvidenceLog& operator=(const EvidenceLog&) = delete;

  // Adds a leaf; returns its index (= size() before the call). The record's
  // bytes are copied. Not durable until commit(). kInvalidArgument for an
  // invalid record (validate_record); kIo if writing the pending buffer
  // failed.
  Result<uint64_t> append(const RecordView& record);
  // Writes every pending frame and fsyncs per the policy (one fsync for
  // all of them). Then committed_size() == size().
  Status commit();
  // commit() and fdatasync whatever the policy.
  Status sync();
  // Commits, fsyncs (unless kNever), and signs the tree of size() leaves;
  // writes <dir>/checkpoint atomically and returns the head. Loads or
  // creates the key on first use.
  Result<TreeHead> sign_head();
  // Commits, syncs and releases the directory. Later calls fail.
  Status close();

  uint64_t size() const { return tree_.size(); }
  uint64_t committed_size() const { return committed_; }
  uint64_t synced_size() const { return synced_; }

  // The record of leaf `index` (kInvalidArgument if index >= size()). The
  // frame is read back and checked: its CRCs and its leaf hash against the
  // one the tree holds (kMalformed naming segment and offset if not).
  Result<EvidenceRecord> read(uint64_t index) const;
  // The same, the leaf data (the encoded record) unparsed.
  Result<std::vector<uint8_t>> read_leaf_data(uint64_t index) const;

  Result<Hash> leaf_hash(uint64_t index) const { return tree_.leaf(index); }
  Hash root() const { return tree_.root(); }
  Result<Hash> root_at(uint64_t tree_size) const { return tree_.root_at(tree_size); }
  Result<std::vector<Hash>> inclusion_proof(uint64_t index, uint64_t tree_size) const {
    return tree_.inclusion_proof(index, tree_size);
  }
  Result<std::vector<Hash>> consistency_proof(uint64_t size1, uint64_t size2) const {
    return tree_.consistency_proof(size1, size2);
  }

  // Re-reads every segment and the checkpoint from disk: frames, leaf hashes
  // against those computed at open/append, the tree root against the
  // signed head and its signature. Leaves not yet written (pending) are not
  // checked. The error names the first bad leaf (index, segment, offset),
  // or the checkpoint and what failed in it.
  Result<VerifyReport> verify() const;

  // The latest signed tree head (as read at open or written by
  // sign_head()), and its note text.
  const std::optional<TreeHead>& checkpoint() const { return head_; }
  const std::string& checkpoint_note() const { return head_note_; }
  // The C2SP vkey verifiers need (loads or creates the key; in read-only
  // mode, needs the key file or verifier_vkey).
  Result<std::string> vkey();
  const std::string& origin() const { return origin_; }
  const std::string& dir() const { return dir_; }
  const OpenReport& open_report() const { return report_; }

 private:
  struct Segment {
    uint32_t number = 0;
    uint64_t first_leaf = 0;
    std::string path;
  };

  EvidenceLog(std::string dir, LogOptions options);
  Status do_open();
  Status load_checkpoint();
  Status scan_all();
  Status write_pending();
  Status roll_segment();
  Status create_segment(uint32_t number, uint64_t first_leaf);
  Status fail(Error e);
  Status writable() const;
  Status ensure_key();
  Result<NoteVerifier> checkpoint_verifier() const;
  size_t segment_of(uint64_t index) const;
  Result<std::vector<uint8_t>> read_frame(uint64_t index) const;
  std::string where(size_t segment, uint64_t offset, uint64_t leaf) const;

  std::string dir_;
  LogOptions options_;
  std::string origin_;
  std::string key_path_;
  file_io::Fd lock_;
  std::vector<Segment> segments_;
  std::vector<uint32_t> offsets_;  // frame offset of each leaf in its segment
  MerkleTree tree_;

  // The last segment, open for appending.
  file_io::Fd active_;
  uint64_t active_written_ = 0;   // octets in its file
  std::vector<uint8_t> pending_;  // frames after active_written_, not yet written
  uint64_t written_ = 0;          // leaves whose frames are in the files
  uint64_t committed_ = 0;
  uint64_t synced_ = 0;
  std::chrono::steady_clock::time_point last_sync_;
  std::optional<Error> failed_;
  bool closed_ = false;

  std::optional<SigningKey> key_;
  std::optional<NoteVerifier> vkey_verifier_;
  std::optional<TreeHead> head_;
  std::string head_note_;
  OpenReport report_;

  // Read side: one cached descriptor.
  mutable file_io::Fd read_fd_;
  mutable size_t read_segment_ = SIZE_MAX;
};

}  // namespace vigil::evidence
