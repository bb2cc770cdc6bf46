// make_threaded(): runs a ByteSource on a producer thread.
//
// Buffers cycle between the two threads: free_ -> producer fills one ->
// ready_ queue -> consumer drains it (current_) -> back to free_. At most
// depth + 2 buffers ever exist (depth queued, one being filled, one being
// drained), allocated lazily, so small inputs cost little memory.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <new>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "io/input.h"

namespace vigil::io {
namespace {

class ThreadedSource final : public ByteSource {
 public:
  ThreadedSource(std::unique_ptr<ByteSource> inner, size_t chunk_size, size_t depth)
      : inner_(std::move(inner)),
        chunk_size_(chunk_size),
        max_buffers_(depth + 2),
        position_(inner_->compressed_position()),
        size_(inner_->compressed_size()),
        compression_(inner_->compression()) {}
  ~ThreadedSource() override { stop(); }
  ThreadedSource(const ThreadedSource&) = delete;
  ThreadedSource& operator=(const ThreadedSource&) = delete;

  // Starts the producer. Returns false if no thread could be created; the
  // inner source is then untouched and can be taken back with take_inner().
  bool start() {
    try {
      thread_ = std::thread([this] { produce(); });
    } catch (const std::system_error&) {
      return false;
    }
    return true;
  }
  // REQUIRES: start() returned false.
  std::unique_ptr<ByteSource> take_inner() { return std::move(inner_); }

  Result<size_t> read(uint8_t* buf, size_t n) override;
  // Consumer-side copies, updated as chunks are taken: no locking needed.
  uint64_t compressed_position() const override { return position_; }
  uint64_t compressed_size() const override { return size_; }
  Compression compression() const override { return compression_; }

 private:
  struct Chunk {
    std::unique_ptr<uint8_t[]> data;
    size_t size = 0;
    uint64_t position = 0;       // inner compressed_position() after filling
    std::optional<Error> error;  // delivered after the data
    bool end = false;            // the inner source ended after the data
  };

  // Producer thread.
  void produce();
  std::unique_ptr<uint8_t[]> acquire_buffer();  // nullptr when stopping
  Chunk fill_chunk(std::unique_ptr<uint8_t[]> buf);
  // Consumer: hands current_'s buffer back and blocks for the next chunk.
  void next_chunk();
  void stop();

  // Touched only by the producer once it runs (and by the constructor).
  std::unique_ptr<ByteSource> inner_;
  const size_t chunk_size_;
  const size_t max_buffers_;

  // Consumer-only state.
  Chunk current_;
  size_t current_pos_ = 0;
  bool have_current_ = false;
  uint64_t position_;
  const uint64_t size_;
  const Compression compression_;

  // Shared state, guarded by mu_.
  std::mutex mu_;
  std::condition_variable ready_cv_;  // ready_ got a chunk
  std::condition_variable free_cv_;   // a buffer was freed, or stop_
  std::deque<Chunk> ready_;
  std::vector<std::unique_ptr<uint8_t[]>> free_;
  size_t allocated_ = 0;
  // Written under mu_; also polled without it between inner reads.
  std::atomic<bool> stop_{false};

  std::thread thread_;
};

void ThreadedSource::produce() {
  for (;;) {
    std::unique_ptr<uint8_t[]> buf = acquire_buffer();
    Chunk chunk;
    if (buf) {
      chunk = fill_chunk(std::move(buf));
    } else if (stop_.load()) {
      return;
    } else {
      chunk.error = make_error(ErrorCode::kIo, "out of memory for read-ahead");
    }
    const bool last = chunk.end || chunk.error.has_value();
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_.load()) return;
      ready_.push_back(std::move(chunk));
    }
    ready_cv_.notify_one();
    if (last) return;
  }
}

std::unique_ptr<uint8_t[]> ThreadedSource::acquire_buffer() {
  std::unique_lock<std::mutex> lock(mu_);
  free_cv_.wait(lock,
                [this] { return stop_.load() || !free_.empty() || allocated_ < max_buffers_; });
  if (stop_.load()) return nullptr;
  if (!free_.empty()) {
    std::unique_ptr<uint8_t[]> buf = std::move(free_.back());
    free_.pop_back();
    return buf;
  }
  ++allocated_;
  lock.unlock();
  // Uninitialised on purpose: every byte is written before it is read.
  return std::unique_ptr<uint8_t[]>(new (std::nothrow) uint8_t[chunk_size_]);
}

// Reads until the chunk is full, the inner source ends or fails, or a read
// comes back short (the inner source has nothing more ready, e.g. a pipe),
// so that slow inputs are not held back a whole chunk.
ThreadedSource::Chunk ThreadedSource::fill_chunk(std::unique_ptr<uint8_t[]> buf) {
  Chunk chunk;
  chunk.data = std::move(buf);
  while (chunk.size < chunk_size_ && !stop_.load(std::memory_order_relaxed)) {
    const size_t want = chunk_size_ - chunk.size;
    Result<size_t> got = inner_->read(chunk.data.get() + chunk.size, want);
    if (!got.ok()) {
      chunk.error = std::move(got).error();
      break;
    }
    if (*got == 0) {
      chunk.end = true;
      break;
    }
    chunk.size += *got;
    if (*got < want) break;
  }
  chunk.position = inner_->compressed_position();
  return chunk;
}

void ThreadedSource::next_chunk() {
  std::unique_lock<std::mutex> lock(mu_);
  if (have_current_ && current_.data) {
    free_.push_back(std::move(current_.data));
    free_cv_.notify_one();
  }
  // The producer always finishes with an end or error chunk, after which
  // read() never comes here again, so this wait ends.
  ready_cv_.wait(lock, [this] { return !ready_.empty(); });
  current_ = std::move(ready_.front());
  ready_.pop_front();
  lock.unlock();
  have_current_ = true;
  current_pos_ = 0;
  position_ = current_.position;
}

Result<size_t> ThreadedSource::read(uint8_t* buf, size_t n) {
  if (n == 0) return size_t{0};
  while (!have_current_ || current_pos_ == current_.size) {
    if (have_current_ && current_.error) return *current_.error;
    if (have_current_ && current_.end) return size_t{0};
    next_chunk();
  }
  const size_t k = std::min(n, current_.size - current_pos_);
  std::memcpy(buf, current_.data.get() + current_pos_, k);
  current_pos_ += k;
  return k;
}

void ThreadedSource::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_.store(true);
  }
  free_cv_.notify_all();
  // The producer may be inside inner_->read(); that read finishes (a blocked
  // pipe read can delay this), then the producer sees stop_ and exits.
  if (thread_.joinable()) thread_.join();
}

}  // namespace

std::unique_ptr<ByteSource> make_threaded(std::unique_ptr<ByteSource> inner, size_t chunk_size,
                                          size_t depth) {
  if (!inner) return inner;
  auto threaded =
      std::make_unique<ThreadedSource>(std::move(inner), std::max<size_t>(chunk_size, 1), depth);
  if (!threaded->start()) return threaded->take_inner();
  return threaded;
}

}  // namespace vigil::io
