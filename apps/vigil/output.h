// Buffered output to stdout or a file: callers append text to buffer() and
// call maybe_flush(); one write(2) per ~1 MiB.
#pragma once

#include <cerrno>
#include <memory>
#include <string>

#include "core/result.h"

namespace vigil::app {

class OutputFile {
 public:
  // "-" = stdout.
  static Result<std::unique_ptr<OutputFile>> open(const std::string& path);
  ~OutputFile();
  std::string& buffer() { return buf_; }
  void maybe_flush() {
    if (buf_.size() >= kFlushAt) flush();
  }
  // Writes what is buffered; remembers the first error.
  void flush();
  // True once the reader has gone away (EPIPE): stop producing output.
  bool closed_by_reader() const { return error_ == EPIPE; }
  // Flushes and closes; returns the first write error (e.g. disk full).
  Status close();

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  OutputFile(int fd, std::string path, bool owned)
      : fd_(fd), path_(std::move(path)), owned_(owned) {
    buf_.reserve(kFlushAt + (64 << 10));
  }
  int fd_;
  std::string path_;
  bool owned_;
  std::string buf_;
  int error_ = 0;
};

}  // namespace vigil::app
