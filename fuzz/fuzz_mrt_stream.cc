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
#include "io/memory_source.h"

namespace {}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto reader = std::make_unique<vigil::io::BufferedReader>(
      std::make_unique<vigil::io::MemorySource>(std::span<const uint8_t>(data, size)));
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
