#include "evidence/log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <string>

#include "evidence/merkle.h"
#include "evidence/segment.h"

namespace vigil::evidence {
namespace {

using file_io::Fd;
using Clock = std::chrono::steady_clock;

constexpr uint64_t kMinSegmentBytes = 512;
constexpr uint64_t kMaxSegmentBytes = uint64_t{1} << 30;
constexpr size_t kMaxPendingBytes = size_t{256} << 20;

std::string num(uint64_t v) { return std::to_string(v); }

Error damage(std::string message, uint64_t offset = Error::kNoOffset) {
  return make_error(ErrorCode::kMalformed, std::move(message), offset);
}
Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message));
}
Error with_prefix(const std::string& prefix, Error e) {
  e.message = prefix + e.message;
  return e;
}
std::string short_hex(const Hash& h) { return to_hex(h).substr(0, 16) + "…"; }

// The root of every prefix of a stream of leaf hashes, in O(log n) memory:
// the stack of complete subtrees (largest first) that MerkleTree would
// store on its right edge.
class RootAccumulator {
 public:
  void push(const Hash& leaf) {
    Hash h = leaf;
    for (uint64_t i = n_++; (i & 1) != 0; i >>= 1) {
      h = node_hash(stack_.back(), h);
      stack_.pop_back();
    }
    stack_.push_back(h);
  }
  uint64_t size() const { return n_; }
  Hash root() const {
    if (n_ == 0) return empty_root();
    Hash h = stack_.back();
    for (size_t k = stack_.size() - 1; k-- > 0;) h = node_hash(stack_[k], h);
    return h;
  }

 private:
  std::vector<Hash> stack_;
  uint64_t n_ = 0;
};

// The segment numbers in `dir`, sorted. A name that starts like a segment
// but is not one is an error (a renamed or half-copied segment must not be
// ignored).
Result<std::vector<uint32_t>> list_segments(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<uint32_t> numbers;
  fs::directory_iterator it(dir, ec);
  if (ec) return file_io::io_error("opendir", dir, ec.value());
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) return file_io::io_error("readdir", dir, ec.value());
    const std::string name = it->path().filename().string();
    if (auto n = parse_segment_file_name(name)) {
      numbers.push_back(*n);
    } else if (name.starts_with("seg-")) {
      return damage("evidence log " + dir + ": unexpected file " + name +
                    " (segment files are named seg-NNNNNN.vlog); move it away");
    }
  }
  if (ec) return file_io::io_error("readdir", dir, ec.value());
  std::sort(numbers.begin(), numbers.end());
  for (size_t i = 0; i < numbers.size(); ++i) {
    if (numbers[i] != i) {
      return damage("evidence log " + dir + ": segment " + segment_file_name(uint32_t(i)) +
                    " is missing (found " + segment_file_name(numbers[i]) + " after it)");
    }
  }
  return numbers;
}

Result<Fd> open_segment_for_reading(const std::string& path, uint64_t& size) {
  VIGIL_TRY(Fd fd, file_io::open_file(path, O_RDONLY));
  VIGIL_TRY(size, file_io::file_size(fd.get(), path));
  (void)::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  return fd;
}

bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

}  // namespace

EvidenceLog::EvidenceLog(std::string dir, LogOptions options)
    : dir_(std::move(dir)), options_(std::move(options)) {}

EvidenceLog::~EvidenceLog() {
  if (!closed_) (void)close();
}

Result<std::unique_ptr<EvidenceLog>> EvidenceLog::open(const std::string& dir,
                                                       const LogOptions& options) {
  if (dir.empty()) return invalid("evidence log: empty directory name");
  if (options.segment_bytes < kMinSegmentBytes || options.segment_bytes > kMaxSegmentBytes) {
    return invalid("evidence log: segment_bytes " + num(options.segment_bytes) + " out of range " +
                   num(kMinSegmentBytes) + ".." + num(kMaxSegmentBytes));
  }
  if (options.max_pending_bytes > kMaxPendingBytes) {
    return invalid("evidence log: max_pending_bytes " + num(options.max_pending_bytes) + " above " +
                   num(kMaxPendingBytes));
  }
  if (options.fsync.mode == FsyncPolicy::Mode::kInterval && options.fsync.interval.count() < 0) {
    return invalid("evidence log: negative fsync interval");
  }
  const auto t0 = Clock::now();
  std::unique_ptr<EvidenceLog> log(new EvidenceLog(dir, options));
  log->closed_ = true;  // until fully open: the destructor must not write
  VIGIL_RETURN_IF_ERROR(log->do_open());
  log->closed_ = false;
  log->report_.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return log;
}

Status EvidenceLog::do_open() {
  const bool ro = options_.read_only;
  struct stat st;
  if (::stat(dir_.c_str(), &st) != 0) {
    if (errno != ENOENT || ro || !options_.create_if_missing) {
      return file_io::io_error("stat", dir_, errno);
    }
    if (::mkdir(dir_.c_str(), 0755) != 0 && errno != EEXIST) {
      return file_io::io_error("mkdir", dir_, errno);
    }
    const std::string parent = std::filesystem::path(dir_).parent_path().string();
    VIGIL_RETURN_IF_ERROR(file_io::sync_dir(parent.empty() ? "." : parent));
  } else if (!S_ISDIR(st.st_mode)) {
    return invalid("evidence log: " + dir_ + " is not a directory");
  }
  if (!ro) {
    const std::string lock_path = dir_ + "/" + kLockFile;
    VIGIL_TRY(lock_, file_io::open_file(lock_path, O_RDWR | O_CREAT, 0644));
    if (::flock(lock_.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) {
        return make_error(ErrorCode::kIo, "evidence log " + dir_ +
                                              " is open for writing in another process (" +
                                              lock_path + " is locked)");
      }
      return file_io::io_error("flock", lock_path, errno);
    }
  }
  key_path_ = options_.key_path.empty() ? dir_ + "/" + kKeyFile : options_.key_path;
  if (!options_.verifier_vkey.empty()) {
    auto v = NoteVerifier::from_vkey(options_.verifier_vkey);
    if (!v) return invalid("evidence log: verifier_vkey: " + v.error().message);
    vkey_verifier_ = std::move(*v);
  }
  VIGIL_RETURN_IF_ERROR(load_checkpoint());
  VIGIL_RETURN_IF_ERROR(scan_all());
  written_ = committed_ = synced_ = tree_.size();
  last_sync_ = Clock::now();
  report_.leaves = tree_.size();
  report_.segments = static_cast<uint32_t>(segments_.size());
  return Status::Ok();
}

Result<NoteVerifier> EvidenceLog::checkpoint_verifier() const {
  if (vkey_verifier_) return *vkey_verifier_;
  if (key_) return key_->verifier();
  return make_error(ErrorCode::kInvalidArgument,
                    "evidence log " + dir_ + ": the checkpoint is signed but the signing key " +
                        key_path_ +
                        " is missing (give verifier_vkey to check it with the public key)");
}

Status EvidenceLog::load_checkpoint() {
  const std::string path = dir_ + "/" + kCheckpointFile;
  if (!options_.read_only) (void)::unlink((path + ".tmp").c_str());
  std::string note;
  const bool have = exists(path);
  if (have) {
    auto text = file_io::read_small_file(path, kMaxNoteBytes);
    if (!text) return with_prefix("checkpoint " + path + ": ", std::move(text).error());
    note = std::move(*text);
    // The origin, before any signature is checked: it names the key.
    auto parsed = parse_signed_note(note);
    if (!parsed) return with_prefix("checkpoint " + path + ": ", std::move(parsed).error());
    auto body = parse_checkpoint_text(parsed->text);
    if (!body) return with_prefix("checkpoint " + path + ": ", std::move(body).error());
    if (!options_.origin.empty() && options_.origin != body->origin) {
      return invalid("evidence log " + dir_ + ": the checkpoint's origin is '" + body->origin +
                     "', the options say '" + options_.origin + "'");
    }
    origin_ = body->origin;
  } else {
    origin_ = options_.origin.empty() ? kDefaultOrigin : options_.origin;
  }
  if (Status s = validate_key_name(origin_); !s.ok()) {
    return invalid("evidence log origin '" + origin_ + "': " + s.error().message);
  }
  if (exists(key_path_) && !(options_.read_only && vkey_verifier_)) {
    auto key = SigningKey::load(key_path_, origin_);
    if (!key) return key.error();
    key_ = std::move(*key);
  }
  if (key_ && vkey_verifier_ && key_->vkey() != vkey_verifier_->vkey()) {
    return invalid("evidence log: the signing key " + key_path_ + " (" + key_->vkey() +
                   ") is not the key of verifier_vkey (" + vkey_verifier_->vkey() + ")");
  }
  if (have) {
    VIGIL_TRY(const NoteVerifier verifier, checkpoint_verifier());
    auto head = open_checkpoint(note, verifier);
    if (!head) return with_prefix("checkpoint " + path + ": ", std::move(head).error());
    head_ = std::move(*head);
    head_note_ = std::move(note);
    report_.has_checkpoint = true;
    report_.signed_size = head_->size;
  }
  return Status::Ok();
}

std::string EvidenceLog::where(size_t segment, uint64_t offset, uint64_t leaf) const {
  (void)offset;  // carried in Error::offset
  return "segment " + segments_[segment].path + ", leaf " + num(leaf);
}

Status EvidenceLog::scan_all() {
  VIGIL_TRY(const std::vector<uint32_t> numbers, list_segments(dir_));
  const bool ro = options_.read_only;
  // Sizes first: a hint for reserving the tree.
  uint64_t total_bytes = 0;
  for (uint32_t n : numbers) {
    struct stat st;
    const std::string path = dir_ + "/" + segment_file_name(n);
    if (::stat(path.c_str(), &st) != 0) return file_io::io_error("stat", path, errno);
    total_bytes += static_cast<uint64_t>(st.st_size);
  }
  bool torn = false;  // the last segment's tail is torn
  bool torn_header = false;
  uint64_t last_good_end = 0;
  for (size_t i = 0; i < numbers.size(); ++i) {
    const bool last = i + 1 == numbers.size();
    const std::string path = dir_ + "/" + segment_file_name(numbers[i]);
    uint64_t size = 0;
    VIGIL_TRY(Fd fd, open_segment_for_reading(path, size));
    FileSegmentSource source(fd.get(), size, path);
    const uint64_t first = tree_.size();
    auto sink = [&](const ScannedFrame& f) -> Status {
      if (f.leaf_index != tree_.size()) {
        return damage("segment " + path + ": its header says the first leaf is " +
                          num(f.leaf_index - (tree_.size() - first)) + ", expected " + num(first),
                      16);
      }
      if (f.offset > UINT32_MAX) {
        return damage("segment " + path + ", leaf " + num(f.leaf_index) +
                          ": frame beyond 4 GiB in one segment",
                      f.offset);
      }
      if (auto rec = decode_record(f.leaf_data); !rec) {
        return damage("segment " + path + ", leaf " + num(f.leaf_index) +
                          ": leaf data are not an evidence record: " + rec.error().to_string(),
                      f.offset);
      }
      tree_.append(evidence::leaf_hash(f.leaf_data));
      offsets_.push_back(static_cast<uint32_t>(f.offset));
      return Status::Ok();
    };
    VIGIL_TRY(const SegmentScan scan, scan_segment(source, sink));
    report_.bytes += scan.file_size;
    if (!scan.header) {
      if (last && scan.tail == SegmentScan::Tail::kTorn) {
        // A crash while the segment was being created: it holds nothing.
        torn = torn_header = true;
        report_.dropped_bytes = scan.file_size;
        report_.dropped_segment = path;
        report_.dropped_offset = 0;
        report_.dropped_leaf = tree_.size();
        report_.dropped_why = scan.why;
        break;
      }
      return damage("segment " + path + " (first leaf " + num(first) + "): " + scan.why +
                        (last ? "" : " (not the last segment)"),
                    0);
    }
    if (scan.header->number != numbers[i]) {
      return damage(
          "segment " + path + ": its header says it is segment " + num(scan.header->number), 12);
    }
    if (scan.header->first_leaf != first) {
      return damage("segment " + path + ": its header says the first leaf is " +
                        num(scan.header->first_leaf) + ", expected " + num(first),
                    16);
    }
    segments_.push_back({numbers[i], first, path});
    if (scan.tail == SegmentScan::Tail::kDamaged ||
        (scan.tail == SegmentScan::Tail::kTorn && !last)) {
      return damage(
          where(i, scan.good_end, tree_.size()) + ": " + scan.why +
              (scan.tail == SegmentScan::Tail::kTorn ? " in a segment that is not the last" : "") +
              "; nothing was changed",
          scan.good_end);
    }
    if (scan.tail == SegmentScan::Tail::kTorn) {
      torn = true;
      report_.dropped_bytes = scan.file_size - scan.good_end;
      report_.dropped_segment = path;
      report_.dropped_offset = scan.good_end;
      report_.dropped_leaf = tree_.size();
      report_.dropped_why = scan.why;
    }
    last_good_end = scan.good_end;
    if (i == 0 && scan.frames > 0 && numbers.size() > 1 && scan.file_size > 0) {
      const auto estimate = static_cast<uint64_t>(static_cast<double>(scan.frames) *
                                                  static_cast<double>(total_bytes) /
                                                  static_cast<double>(scan.file_size));
      tree_.reserve(estimate + estimate / 16 + 16);
      offsets_.reserve(estimate + estimate / 16 + 16);
    }
  }

  // The signed tree head must be intact: all its leaves, the same root.
  if (head_) {
    if (head_->size > tree_.size()) {
      std::string why = "the checkpoint signs " + num(head_->size) + " leaves but only " +
                        num(tree_.size()) + " are intact";
      if (torn) {
        why += ": " + report_.dropped_segment + " has a torn tail at leaf " +
               num(report_.dropped_leaf) + " (" + report_.dropped_why +
               ") that the signed head covers; nothing was dropped";
      } else {
        why += ": leaves " + num(tree_.size()) + ".." + num(head_->size - 1) + " are missing";
      }
      return damage("evidence log " + dir_ + ": " + why,
                    torn ? report_.dropped_offset : Error::kNoOffset);
    }
    const Hash root = *tree_.root_at(head_->size);
    if (root != head_->root) {
      return damage("evidence log " + dir_ + ": leaves 0.." + num(head_->size - 1) +
                    " do not match the signed tree head: their root is " + short_hex(root) +
                    ", the checkpoint says " + short_hex(head_->root) +
                    " (leaf data altered with their CRCs recomputed, or a checkpoint of another "
                    "log)");
    }
  }
  if (ro) {
    if (torn && !torn_header) active_written_ = last_good_end;
    return Status::Ok();
  }

  // Recovery: drop the torn tail, then open the last segment for appending.
  if (torn) {
    if (torn_header) {
      if (::unlink(report_.dropped_segment.c_str()) != 0) {
        return file_io::io_error("unlink", report_.dropped_segment, errno);
      }
      VIGIL_RETURN_IF_ERROR(file_io::sync_dir(dir_));
    } else {
      VIGIL_TRY(Fd fd, file_io::open_file(report_.dropped_segment, O_WRONLY));
      if (::ftruncate(fd.get(), static_cast<off_t>(report_.dropped_offset)) != 0) {
        return file_io::io_error("ftruncate", report_.dropped_segment, errno);
      }
      VIGIL_RETURN_IF_ERROR(file_io::sync_data(fd.get(), report_.dropped_segment));
    }
  }
  if (segments_.empty()) return create_segment(0, 0);
  VIGIL_TRY(active_, file_io::open_file(segments_.back().path, O_WRONLY));
  active_written_ = last_good_end;
  return Status::Ok();
}

Status EvidenceLog::create_segment(uint32_t number, uint64_t first_leaf) {
  const std::string path = dir_ + "/" + segment_file_name(number);
  VIGIL_TRY(Fd fd, file_io::open_file(path, O_WRONLY | O_CREAT | O_EXCL, 0644));
  const auto header = encode_segment_header({number, first_leaf});
  VIGIL_RETURN_IF_ERROR(file_io::write_all_at(fd.get(), header, 0, path));
  if (options_.fsync.mode != FsyncPolicy::Mode::kNever) {
    VIGIL_RETURN_IF_ERROR(file_io::sync_data(fd.get(), path));
    VIGIL_RETURN_IF_ERROR(file_io::sync_dir(dir_));
  }
  segments_.push_back({number, first_leaf, path});
  active_ = std::move(fd);
  active_written_ = kSegmentHeaderSize;
  return Status::Ok();
}

Status EvidenceLog::fail(Error e) {
  if (!failed_) failed_ = e;
  return e;
}

Status EvidenceLog::writable() const {
  if (closed_) return invalid("evidence log " + dir_ + " is closed");
  if (options_.read_only) return invalid("evidence log " + dir_ + " is open read-only");
  if (failed_) {
    return with_prefix("evidence log " + dir_ + " stopped after an earlier error (reopen it): ",
                       *failed_);
  }
  return Status::Ok();
}

Status EvidenceLog::write_pending() {
  if (pending_.empty()) return Status::Ok();
  Status s = file_io::write_all_at(active_.get(), pending_, active_written_, segments_.back().path);
  if (!s.ok()) return fail(s.error());
  active_written_ += pending_.size();
  written_ = tree_.size();
  pending_.clear();
  // A frame far larger than the limit may have grown the buffer: give it back.
  if (pending_.capacity() > 2 * options_.max_pending_bytes + (size_t{1} << 20)) {
    pending_.shrink_to_fit();
  }
  return Status::Ok();
}

Status EvidenceLog::roll_segment() {
  VIGIL_RETURN_IF_ERROR(write_pending());
  if (options_.fsync.mode != FsyncPolicy::Mode::kNever) {
    Status s = file_io::sync_data(active_.get(), segments_.back().path);
    if (!s.ok()) return fail(s.error());
    synced_ = written_;
  }
  Status s = create_segment(segments_.back().number + 1, tree_.size());
  if (!s.ok()) return fail(s.error());
  return Status::Ok();
}

Result<uint64_t> EvidenceLog::append(const RecordView& record) {
  VIGIL_RETURN_IF_ERROR(writable());
  VIGIL_RETURN_IF_ERROR(validate_record(record));
  const size_t leaf_size = encoded_record_size(record);
  const uint64_t frame_size = kFrameHeaderSize + leaf_size;
  if (const uint64_t used = active_written_ + pending_.size();
      used > kSegmentHeaderSize && used + frame_size > options_.segment_bytes) {
    VIGIL_RETURN_IF_ERROR(roll_segment());
  }
  const uint64_t index = tree_.size();
  const uint64_t offset = active_written_ + pending_.size();
  const size_t at = pending_.size();
  pending_.resize(at + kFrameHeaderSize);
  encode_record_to(record, pending_);
  write_frame_header(index, pending_.data() + at, leaf_size);
  tree_.append(evidence::leaf_hash(Bytes(pending_.data() + at + kFrameHeaderSize, leaf_size)));
  offsets_.push_back(static_cast<uint32_t>(offset));
  if (pending_.size() >= options_.max_pending_bytes) {
    VIGIL_RETURN_IF_ERROR(write_pending());
  }
  return index;
}

Status EvidenceLog::commit() {
  VIGIL_RETURN_IF_ERROR(writable());
  VIGIL_RETURN_IF_ERROR(write_pending());
  const auto now = Clock::now();
  const bool due = options_.fsync.mode == FsyncPolicy::Mode::kEveryCommit ||
                   (options_.fsync.mode == FsyncPolicy::Mode::kInterval &&
                    now - last_sync_ >= options_.fsync.interval);
  if (due && synced_ < written_) {
    Status s = file_io::sync_data(active_.get(), segments_.back().path);
    if (!s.ok()) return fail(s.error());
    synced_ = written_;
    last_sync_ = now;
  }
  committed_ = written_;
  return Status::Ok();
}

Status EvidenceLog::sync() {
  VIGIL_RETURN_IF_ERROR(writable());
  VIGIL_RETURN_IF_ERROR(write_pending());
  Status s = file_io::sync_data(active_.get(), segments_.back().path);
  if (!s.ok()) return fail(s.error());
  committed_ = synced_ = written_;
  last_sync_ = Clock::now();
  return Status::Ok();
}

Status EvidenceLog::ensure_key() {
  if (key_) return Status::Ok();
  if (options_.read_only) {
    VIGIL_TRY(SigningKey key, SigningKey::load(key_path_, origin_));
    key_ = std::move(key);
  } else {
    VIGIL_TRY(SigningKey key, SigningKey::load_or_create(key_path_, origin_));
    key_ = std::move(key);
  }
  if (vkey_verifier_ && key_->vkey() != vkey_verifier_->vkey()) {
    const std::string have = key_->vkey();
    key_.reset();
    return invalid("evidence log: the signing key " + key_path_ + " (" + have +
                   ") is not the key of verifier_vkey");
  }
  return Status::Ok();
}

Result<TreeHead> EvidenceLog::sign_head() {
  VIGIL_RETURN_IF_ERROR(writable());
  VIGIL_RETURN_IF_ERROR(options_.fsync.mode == FsyncPolicy::Mode::kNever ? commit() : sync());
  VIGIL_RETURN_IF_ERROR(ensure_key());
  if (head_ && head_->size == tree_.size()) return *head_;
  TreeHead head{origin_, tree_.size(), tree_.root(), {}};
  VIGIL_TRY(std::string note, key_->sign_checkpoint(head));
  VIGIL_RETURN_IF_ERROR(file_io::write_file_atomic(
      dir_, kCheckpointFile, Bytes(reinterpret_cast<const uint8_t*>(note.data()), note.size()),
      0644));
  head_ = head;
  head_note_ = std::move(note);
  return head;
}

Result<std::string> EvidenceLog::vkey() {
  if (options_.read_only && vkey_verifier_) return vkey_verifier_->vkey();
  VIGIL_RETURN_IF_ERROR(ensure_key());
  return key_->vkey();
}

Status EvidenceLog::close() {
  if (closed_) return Status::Ok();
  Status s;
  if (!options_.read_only && !failed_) {
    s = options_.fsync.mode == FsyncPolicy::Mode::kNever ? commit() : sync();
  }
  closed_ = true;
  active_.reset();
  read_fd_.reset();
  lock_.reset();
  return s;
}

size_t EvidenceLog::segment_of(uint64_t index) const {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), index,
                             [](uint64_t i, const Segment& s) { return i < s.first_leaf; });
  return static_cast<size_t>(it - segments_.begin()) - 1;
}

Result<std::vector<uint8_t>> EvidenceLog::read_frame(uint64_t index) const {
  if (index >= tree_.size()) {
    return invalid("evidence log: leaf " + num(index) + " asked of a log of " + num(tree_.size()));
  }
  const uint64_t offset = offsets_[index];
  Bytes data;
  std::vector<uint8_t> buf;
  if (index >= written_) {
    // Still in the pending buffer.
    const FrameDecode d = decode_frame(Bytes(pending_).subspan(offset - active_written_), index);
    if (d.status != FrameDecode::Status::kOk) {
      return damage("evidence log: pending leaf " + num(index) + ": " + d.why);
    }
    data = d.leaf_data;
  } else {
    const size_t seg = segment_of(index);
    const std::string& path = segments_[seg].path;
    if (read_segment_ != seg || !read_fd_.valid()) {
      read_fd_.reset();
      read_segment_ = SIZE_MAX;
      VIGIL_TRY(read_fd_, file_io::open_file(path, O_RDONLY));
      read_segment_ = seg;
    }
    buf.resize(kFrameHeaderSize);
    VIGIL_TRY(size_t got, file_io::read_at(read_fd_.get(), buf.data(), buf.size(), offset, path));
    if (got < kFrameHeaderSize) {
      return damage(where(seg, offset, index) + ": the file ends inside the frame header", offset);
    }
    const uint32_t length = ByteReader::load_u32(buf.data());
    if (length == 0 || length > kMaxLeafBytes) {
      return damage(where(seg, offset, index) + ": frame length " + num(length) + " out of range",
                    offset);
    }
    buf.resize(kFrameHeaderSize + length);
    VIGIL_TRY(got, file_io::read_at(read_fd_.get(), buf.data() + kFrameHeaderSize, length,
                                    offset + kFrameHeaderSize, path));
    if (got < length) {
      return damage(where(seg, offset, index) + ": the file ends inside the frame", offset);
    }
    const FrameDecode d = decode_frame(buf, index);
    if (d.status != FrameDecode::Status::kOk) {
      return damage(where(seg, offset, index) + ": " + d.why, offset);
    }
    data = d.leaf_data;
    if (const Hash h = evidence::leaf_hash(data); h != *tree_.leaf(index)) {
      return damage(where(seg, offset, index) + ": leaf hash " + short_hex(h) +
                        " differs from the " + short_hex(*tree_.leaf(index)) +
                        " held since the log was opened",
                    offset);
    }
  }
  return std::vector<uint8_t>(data.begin(), data.end());
}

Result<std::vector<uint8_t>> EvidenceLog::read_leaf_data(uint64_t index) const {
  return read_frame(index);
}

Result<EvidenceRecord> EvidenceLog::read(uint64_t index) const {
  VIGIL_TRY(const std::vector<uint8_t> data, read_frame(index));
  auto view = decode_record(data);
  if (!view) {
    return damage("evidence log: leaf " + num(index) +
                  " is not an evidence record: " + view.error().to_string());
  }
  return EvidenceRecord::from(*view);
}

Result<VerifyReport> EvidenceLog::verify() const {
  if (closed_) return invalid("evidence log " + dir_ + " is closed");
  const bool ro = options_.read_only;
  const uint64_t known = written_;  // leaves whose frames are in the files
  VerifyReport rep;

  // The checkpoint, re-read from disk.
  std::optional<TreeHead> head;
  const std::string cp_path = dir_ + "/" + kCheckpointFile;
  if (exists(cp_path)) {
    auto note = file_io::read_small_file(cp_path, kMaxNoteBytes);
    if (!note) return with_prefix("checkpoint " + cp_path + ": ", std::move(note).error());
    VIGIL_TRY(const NoteVerifier verifier, checkpoint_verifier());
    auto h = open_checkpoint(*note, verifier);
    if (!h) return with_prefix("checkpoint " + cp_path + ": ", std::move(h).error());
    if (h->origin != origin_) {
      return damage("checkpoint " + cp_path + ": origin '" + h->origin + "', the log's is '" +
                    origin_ + "'");
    }
    if (head_ && h->size < head_->size) {
      return damage("checkpoint " + cp_path + ": signs " + num(h->size) +
                    " leaves, fewer than the " + num(head_->size) + " signed before");
    }
    if (h->size > known && !ro) {
      return damage("checkpoint " + cp_path + ": signs " + num(h->size) + " leaves, the log has " +
                    num(known));
    }
    head = std::move(*h);
  } else if (head_) {
    return damage("checkpoint " + cp_path + " is missing (the log had one of size " +
                  num(head_->size) + ")");
  }

  // Every segment, every frame.
  VIGIL_TRY(const std::vector<uint32_t> numbers, list_segments(dir_));
  if (numbers.size() < segments_.size() || (!ro && numbers.size() > segments_.size())) {
    return damage("evidence log " + dir_ + ": " + num(numbers.size()) +
                  " segment files, expected " + num(segments_.size()));
  }
  RootAccumulator acc;
  std::optional<Hash> signed_root;
  if (head && head->size == 0) signed_root = empty_root();
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment& seg = segments_[i];
    const bool last = i + 1 == segments_.size();
    uint64_t size = 0;
    VIGIL_TRY(Fd fd, open_segment_for_reading(seg.path, size));
    FileSegmentSource source(fd.get(), size, seg.path);
    auto sink = [&](const ScannedFrame& f) -> Status {
      if (f.leaf_index >= known) return Status::Ok();  // written since (read-only)
      if (f.leaf_index != acc.size()) {
        return damage(where(i, f.offset, acc.size()) + ": frame of leaf " + num(f.leaf_index) +
                          " where leaf " + num(acc.size()) + " belongs",
                      f.offset);
      }
      if (f.offset != offsets_[f.leaf_index]) {
        return damage(where(i, f.offset, f.leaf_index) + ": frame at offset " + num(f.offset) +
                          ", it was at " + num(offsets_[f.leaf_index]),
                      f.offset);
      }
      const Hash h = evidence::leaf_hash(f.leaf_data);
      if (const Hash want = *tree_.leaf(f.leaf_index); h != want) {
        return damage(where(i, f.offset, f.leaf_index) + ": leaf hash " + short_hex(h) +
                          " differs from the " + short_hex(want) +
                          " computed when the log was opened or the leaf appended",
                      f.offset);
      }
      if (auto rec = decode_record(f.leaf_data); !rec) {
        return damage(where(i, f.offset, f.leaf_index) +
                          ": leaf data are not an evidence record: " + rec.error().to_string(),
                      f.offset);
      }
      acc.push(h);
      if (head && acc.size() == head->size) signed_root = acc.root();
      return Status::Ok();
    };
    VIGIL_TRY(const SegmentScan scan, scan_segment(source, sink));
    rep.bytes += scan.file_size;
    if (!scan.header) {
      return damage(
          "segment " + seg.path + " (first leaf " + num(seg.first_leaf) + "): " + scan.why, 0);
    }
    if (scan.header->number != seg.number || scan.header->first_leaf != seg.first_leaf) {
      return damage("segment " + seg.path + ": header says segment " + num(scan.header->number) +
                        " from leaf " + num(scan.header->first_leaf) + ", expected segment " +
                        num(seg.number) + " from leaf " + num(seg.first_leaf),
                    12);
    }
    const uint64_t at = scan.header->first_leaf + scan.frames;
    if (scan.tail == SegmentScan::Tail::kDamaged ||
        (scan.tail == SegmentScan::Tail::kTorn && (!last || !ro || at < known))) {
      return damage(where(i, scan.good_end, at) + ": " + scan.why, scan.good_end);
    }
    if (!last && at != segments_[i + 1].first_leaf) {
      return damage("segment " + seg.path + " ends after leaf " + num(at - 1) +
                        ", the next segment starts at leaf " + num(segments_[i + 1].first_leaf),
                    scan.good_end);
    }
    if (last && at < known) {
      return damage("segment " + seg.path + " ends at leaf " + num(at) + ": leaves " + num(at) +
                        ".." + num(known - 1) + " are missing",
                    scan.good_end);
    }
  }
  rep.leaves = acc.size();
  rep.segments = static_cast<uint32_t>(segments_.size());
  rep.root = acc.root();
  if (head) {
    if (!signed_root) {
      return damage("checkpoint " + cp_path + ": signs " + num(head->size) +
                    " leaves, the log has " + num(acc.size()));
    }
    if (*signed_root != head->root) {
      return damage("evidence log " + dir_ + ": leaves 0.." + num(head->size - 1) +
                    " re-read from disk give root " + short_hex(*signed_root) +
                    ", the checkpoint says " + short_hex(head->root));
    }
    rep.signed_size = head->size;
  }
  return rep;
}

}  // namespace vigil::evidence
