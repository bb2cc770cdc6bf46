// libFuzzer target: an MRT byte stream through framing, record decoding,
// resynchronisation and both output formats.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "dump/bgpdump_format.h"
#include "dump/json_format.h"
#include "dump/mrt_stream.h"
#include "io/input.h"

namespace {

class MemorySource : public vigil::io::ByteSource {
 public:
  MemorySource(const uint8_t* d, size_t n) : d_(d), n_(n) {}
  vigil::Result<size_t> read(uint8_t* buf, size_t n) override {
    const size_t k = std::min(n, n_ - pos_);
    std::memcpy(buf, d_ + pos_, k);
    pos_ += k;
    return k;
  }
  uint64_t compressed_position() const override { return pos_; }
  uint64_t compressed_size() const override { return n_; }
  vigil::io::Compression compression() const override { return vigil::io::Compression::kNone; }

 private:
  const uint8_t* d_;
  size_t n_;
  size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto reader =
      std::make_unique<vigil::io::BufferedReader>(std::make_unique<MemorySource>(data, size));
  vigil::dump::MrtStream stream(std::move(reader), "fuzz");
  vigil::dump::BgpdumpFormatter bgpdump;
  vigil::dump::JsonFormatter json;
  std::string out;
  (void)stream.run(
      [&](const vigil::dump::RecordView&, std::span<const vigil::dump::Element> elems) {
        bgpdump.format(elems, out);
        json.format(elems, out);
        out.clear();
      },
      [](const vigil::dump::Diagnostic& d) { (void)d.to_string(); });
  return 0;
}
