#include "evidence/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vigil::evidence::file_io {

void Fd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Error io_error(const std::string& call, const std::string& path, int err) {
  return make_error(ErrorCode::kIo, call + "(" + path + "): " + std::strerror(err));
}

Result<Fd> open_file(const std::string& path, int flags, mode_t mode) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return io_error("open", path, errno);
  return Fd(fd);
}

Status write_all_at(int fd, Bytes data, uint64_t offset, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n =
        ::pwrite(fd, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("pwrite", path, errno);
    }
    if (n == 0) return io_error("pwrite", path, EIO);
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Result<size_t> read_at(int fd, uint8_t* dst, size_t n, uint64_t offset, const std::string& path) {
  size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd, dst + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return io_error("pread", path, errno);
    }
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return done;
}

Status sync_data(int fd, const std::string& path) {
  if (::fdatasync(fd) != 0) return io_error("fdatasync", path, errno);
  return Status::Ok();
}

Status sync_dir(const std::string& dir) {
  VIGIL_TRY(Fd fd, open_file(dir, O_RDONLY | O_DIRECTORY));
  if (::fsync(fd.get()) != 0) return io_error("fsync", dir, errno);
  return Status::Ok();
}

Result<uint64_t> file_size(int fd, const std::string& path) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return io_error("fstat", path, errno);
  return static_cast<uint64_t>(st.st_size);
}

Result<std::string> read_small_file(const std::string& path, size_t max_bytes) {
  VIGIL_TRY(Fd fd, open_file(path, O_RDONLY));
  VIGIL_TRY(const uint64_t size, file_size(fd.get(), path));
  if (size > max_bytes) {
    return make_error(ErrorCode::kInvalidArgument, path + " is " + std::to_string(size) +
                                                       " octets, more than the " +
                                                       std::to_string(max_bytes) + " allowed");
  }
  std::string out(size, '\0');
  VIGIL_TRY(const size_t got,
            read_at(fd.get(), reinterpret_cast<uint8_t*>(out.data()), out.size(), 0, path));
  out.resize(got);
  return out;
}

Status write_file_atomic(const std::string& dir, const std::string& name, Bytes data, mode_t mode) {
  const std::string path = dir + "/" + name;
  const std::string tmp = path + ".tmp";
  {
    VIGIL_TRY(Fd fd, open_file(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode));
    VIGIL_RETURN_IF_ERROR(write_all_at(fd.get(), data, 0, tmp));
    if (::fsync(fd.get()) != 0) return io_error("fsync", tmp, errno);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return io_error("rename", tmp, errno);
  return sync_dir(dir);
}

}  // namespace vigil::evidence::file_io
