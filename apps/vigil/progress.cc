#include "apps/vigil/progress.h"

#include <unistd.h>

#include <cstdio>

namespace vigil::app {

Progress::Progress(std::string name, bool enabled, uint64_t total_bytes)
    : name_(std::move(name)), total_(total_bytes) {
  active_ = enabled && total_bytes >= (1u << 20) && ::isatty(STDERR_FILENO);
  start_ = last_ = std::chrono::steady_clock::now();
}

void Progress::draw(uint64_t done, bool final) {
  const auto now = std::chrono::steady_clock::now();
  const double frac =
      final ? 1.0 : (total_ ? static_cast<double>(done) / static_cast<double>(total_) : 0);
  const double secs = std::chrono::duration<double>(now - start_).count();
  const int width = 30;
  const int filled = static_cast<int>(frac * width);
  char bar[width + 1];
  for (int i = 0; i < width; ++i) bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  std::fprintf(stderr, "\r%s [%s] %3d%% %.1f MB/s%s", name_.c_str(), bar,
               static_cast<int>(frac * 100),
               secs > 0 ? static_cast<double>(done) / secs / 1e6 : 0.0, final ? "\n" : "");
  std::fflush(stderr);
}

void Progress::update(uint64_t done) {
  if (!active_ || (++calls_ & 255) != 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  drawn_ = true;
  draw(done, false);
}

void Progress::finish(uint64_t done) {
  // A bar that was shown ends at 100 % with the overall rate; a run too
  // short to have shown one prints nothing.
  if (!active_ || !drawn_) return;
  draw(done, true);
}

}  // namespace vigil::app
