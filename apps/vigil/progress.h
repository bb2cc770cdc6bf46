// A progress bar on stderr for long inputs: shown only when stderr is a
// terminal and the input is large (>= 1 MiB on disk); redrawn at most 5
// times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace vigil::app {

class Progress {
 public:
  Progress(std::string name, bool enabled, uint64_t total_bytes);
  void update(uint64_t done_bytes);
  // Ends the bar (if one was drawn) with a final line at 100 %.
  void finish(uint64_t done_bytes);

 private:
  std::string name_;
  bool active_ = false;
  uint64_t total_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
  unsigned calls_ = 0;
  bool drawn_ = false;
  void draw(uint64_t done, bool final);
};

}  // namespace vigil::app
