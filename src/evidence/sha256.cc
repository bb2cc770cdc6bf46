#include "evidence/sha256.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace vigil::evidence {
namespace {

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "vigil: OpenSSL SHA-256 failed (%s)\n", what);
  std::abort();
}

// Fetched once: an explicitly fetched EVP_MD avoids OpenSSL 3's implicit
// fetch on every EVP_DigestInit_ex2. Never freed (process lifetime).
const EVP_MD* sha256_md() {
  static const EVP_MD* md = [] {
    EVP_MD* m = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (m == nullptr) die("EVP_MD_fetch");
    return m;
  }();
  return md;
}

void init(EVP_MD_CTX* ctx) {
  if (EVP_DigestInit_ex2(ctx, sha256_md(), nullptr) != 1) die("EVP_DigestInit_ex2");
}

void update(EVP_MD_CTX* ctx, Bytes data) {
  if (!data.empty() && EVP_DigestUpdate(ctx, data.data(), data.size()) != 1) {
    die("EVP_DigestUpdate");
  }
}

Hash final(EVP_MD_CTX* ctx) {
  Hash h;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx, h.data(), &len) != 1 || len != kHashSize) die("EVP_DigestFinal_ex");
  return h;
}

// The per-thread context behind the one-shot functions.
struct ThreadContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ThreadContext() {
    if (ctx == nullptr) die("EVP_MD_CTX_new");
  }
  ~ThreadContext() { EVP_MD_CTX_free(ctx); }
};

EVP_MD_CTX* thread_ctx() {
  thread_local ThreadContext tc;
  return tc.ctx;
}

}  // namespace

Hash sha256(Bytes data) {
  EVP_MD_CTX* ctx = thread_ctx();
  init(ctx);
  update(ctx, data);
  return final(ctx);
}

Hash sha256(std::span<const Bytes> parts) {
  EVP_MD_CTX* ctx = thread_ctx();
  init(ctx);
  for (Bytes p : parts) update(ctx, p);
  return final(ctx);
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) die("EVP_MD_CTX_new");
  init(ctx_);
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }

Sha256::Sha256(Sha256&& other) noexcept : ctx_(std::exchange(other.ctx_, nullptr)) {}

Sha256& Sha256::operator=(Sha256&& other) noexcept {
  std::swap(ctx_, other.ctx_);
  return *this;
}

Sha256& Sha256::update(Bytes data) {
  if (ctx_ == nullptr) die("use of a moved-from Sha256");
  evidence::update(ctx_, data);
  return *this;
}

Hash Sha256::finish() {
  if (ctx_ == nullptr) die("use of a moved-from Sha256");
  Hash h = final(ctx_);
  init(ctx_);
  return h;
}

Result<Hash> hash_from_bytes(Bytes bytes, const char* what) {
  if (bytes.size() != kHashSize) {
    return make_error(ErrorCode::kMalformed, std::string(what) + " is " +
                                                 std::to_string(bytes.size()) +
                                                 " bytes, expected " + std::to_string(kHashSize));
  }
  Hash h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

std::string to_hex(const Hash& h) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * kHashSize, '0');
  for (size_t i = 0; i < kHashSize; ++i) {
    out[2 * i] = kDigits[h[i] >> 4];
    out[2 * i + 1] = kDigits[h[i] & 15];
  }
  return out;
}

}  // namespace vigil::evidence
