// POSIX file helpers for the evidence log (internal to src/evidence): an
// owning descriptor, whole reads and writes that retry short transfers and
// EINTR, fsync of data and of directories, and the write-temp + fsync +
// rename + fsync-directory sequence that replaces a small file atomically.
// Every error is kIo and names the path and the failing call with
// strerror(errno).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/byte_reader.h"
#include "core/result.h"

namespace vigil::evidence::file_io {

// An open file descriptor, closed on destruction. Move-only.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void reset();

 private:
  int fd_ = -1;
};

// "open(<path>): No such file or directory" as a kIo Error.
Error io_error(const std::string& call, const std::string& path, int err);

// open(2) with O_CLOEXEC added.
Result<Fd> open_file(const std::string& path, int flags, mode_t mode = 0);

// Writes all of `data` at `offset` (pwrite, retried).
Status write_all_at(int fd, Bytes data, uint64_t offset, const std::string& path);

// Reads up to `n` octets at `offset` into `dst`, stopping early only at end
// of file; returns the count read.
Result<size_t> read_at(int fd, uint8_t* dst, size_t n, uint64_t offset, const std::string& path);

// fdatasync(2).
Status sync_data(int fd, const std::string& path);
// fsync(2) of a directory, making file creations, renames and removals in
// it durable.
Status sync_dir(const std::string& dir);

// The size of an open file (fstat).
Result<uint64_t> file_size(int fd, const std::string& path);

// Reads a whole file of at most `max_bytes` octets (kInvalidArgument if
// larger; kIo if it cannot be read).
Result<std::string> read_small_file(const std::string& path, size_t max_bytes);

// Replaces <dir>/<name> by `data` atomically: writes <dir>/<name>.tmp with
// `mode`, fsyncs it, renames it over <dir>/<name> and fsyncs `dir`. After a
// crash the file is either the old or the new content (a stale .tmp may be
// left behind; the next call overwrites it).
Status write_file_atomic(const std::string& dir, const std::string& name, Bytes data, mode_t mode);

}  // namespace vigil::evidence::file_io
