// SHA-256, the hash of the evidence log's Merkle tree (RFC 9162 §2.1 uses
// SHA-256 for every v2 log), through OpenSSL's EVP interface.
//
//   Hash h = sha256(bytes);                      // one shot
//   Sha256 s; s.update(a); s.update(b); h = s.finish();   // incremental
//
// One-shot calls reuse a per-thread EVP context (no allocation per hash), so
// they are safe to call from several threads at once; a Sha256 object is
// not shared between threads. If OpenSSL cannot provide SHA-256 at all (a
// broken installation) the process aborts with a message: there is no
// evidence log without it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/byte_reader.h"
#include "core/result.h"

struct evp_md_ctx_st;

namespace vigil::evidence {

inline constexpr size_t kHashSize = 32;
using Hash = std::array<uint8_t, kHashSize>;

// SHA-256 of `data`.
Hash sha256(Bytes data);

// SHA-256 of the concatenation of `parts` (no copy into one buffer).
Hash sha256(std::span<const Bytes> parts);

// Incremental SHA-256. Not copyable; movable.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&& other) noexcept;
  Sha256& operator=(Sha256&& other) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& update(Bytes data);
  // The hash of everything passed to update() since construction or the last
  // finish(); the object is then ready for a new message.
  Hash finish();

 private:
  evp_md_ctx_st* ctx_ = nullptr;
};

// A Hash from untrusted bytes (a proof element, a root read from a file):
// kMalformed unless exactly kHashSize bytes. `what` names the field in the
// message ("root1 is 12 bytes, expected 32").
Result<Hash> hash_from_bytes(Bytes bytes, const char* what = "hash");

// Lower-case hex, 64 characters.
std::string to_hex(const Hash& h);

}  // namespace vigil::evidence
