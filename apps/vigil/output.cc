#include "apps/vigil/output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vigil::app {

Result<std::unique_ptr<OutputFile>> OutputFile::open(const std::string& path) {
  if (path == "-") return std::unique_ptr<OutputFile>(new OutputFile(1, "stdout", false));
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return make_error(ErrorCode::kIo, path + ": cannot open for writing: " + std::strerror(errno));
  }
  return std::unique_ptr<OutputFile>(new OutputFile(fd, path, true));
}

OutputFile::~OutputFile() { (void)close(); }

void OutputFile::flush() {
  const char* p = buf_.data();
  size_t left = buf_.size();
  while (left > 0 && error_ == 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      break;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  buf_.clear();
}

Status OutputFile::close() {
  if (fd_ < 0) return Status::Ok();
  flush();
  if (owned_ && ::close(fd_) != 0 && error_ == 0) error_ = errno;
  fd_ = -1;
  if (error_ != 0) {
    // EPIPE (reader went away, e.g. `| head`) is not worth a complaint.
    if (error_ == EPIPE) return Status::Ok();
    return make_error(ErrorCode::kIo, path_ + ": write failed: " + std::strerror(error_));
  }
  return Status::Ok();
}

}  // namespace vigil::app
