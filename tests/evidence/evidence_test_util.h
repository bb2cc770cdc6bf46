// Helpers for the evidence-log tests: a scratch directory under
// testing::TempDir() removed at the end, deterministic records, and whole-file
// read/write/flip helpers.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "evidence/evidence_record.h"

namespace vigil::evidence::test {

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl =
        (std::filesystem::path(::testing::TempDir()) / "vigil_evidence_XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp " << tmpl;
    }
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Record i: its content is a function of i alone, so a reader can check it.
inline EvidenceRecord record_for(uint64_t i, size_t raw_size = 0) {
  EvidenceRecord r;
  r.source = "rrc" + std::to_string(i % 27);
  r.receive_time_us = 1'700'000'000'000'000ull + i * 1000;
  r.kind = static_cast<RecordKind>(1 + i % 3);
  const size_t n = raw_size != 0 ? raw_size : 20 + (i * 7) % 50;
  r.raw.resize(n);
  uint64_t x = i * 0x9E3779B97F4A7C15ull + 1;
  for (size_t k = 0; k < n; ++k) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    r.raw[k] = static_cast<uint8_t>(x);
  }
  return r;
}

inline std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

inline void write_bytes(const std::string& path, const std::vector<uint8_t>& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// XORs one octet of a file in place (without changing its size or mode).
inline void flip_byte(const std::string& path, uint64_t offset, uint8_t mask) {
  std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(offset));
  f.put(static_cast<char>(c ^ static_cast<char>(mask)));
}

}  // namespace vigil::evidence::test
