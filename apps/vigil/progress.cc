#include "apps/vigil/progress.h"

#include <unistd.h>

#include <cstdio>

namespace vigil::app {

Progress::Progress(std::string name, bool enabled, uint64_t total_bytes)
    : name_(std::move(name)), total_(total_bytes) {
  active_ = enabled && total_bytes >= (1u << 20) && ::isatty(STDERR_FILENO);
  start_ = last_ = std::chrono::steady_clock::now();
}

void Progress::update(uint64_t done) {
  if (!active_ || (++calls_ & 255) != 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  const double frac = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 0;
  const double secs = std::chrono::duration<double>(now - start_).count();
  const int width = 30;
  const int filled = static_cast<int>(frac * width);
  char bar[width + 1];
  for (int i = 0; i < width; ++i) bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  std::fprintf(stderr, "\r%s [%s] %3d%% %.1f MB/s", name_.c_str(), bar,
               static_cast<int>(frac * 100), secs > 0 ? done / secs / 1e6 : 0.0);
  std::fflush(stderr);
}

void Progress::finish() {
  if (!active_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
}

}  // namespace vigil::app
