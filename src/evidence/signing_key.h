// The evidence log's signing key: Ed25519 (RFC 8032) through OpenSSL 3 EVP,
// kept as an unencrypted PKCS#8 PEM file readable by its owner only.
//
//   auto key = SigningKey::load_or_create(dir + "/signing-key.pem", "example.org/vigil");
//   std::string note = *key->sign_checkpoint(head);     // C2SP signed note
//   std::string vkey = key->vkey();                     // hand to verifiers
//
// The key's name is the C2SP key name (tree_head.h): it is not stored in
// the PEM file, so the same name must be given each time (the evidence log
// uses its origin). File rules:
//  - created with mode 0600 (O_EXCL on a temporary name, fsync, then
//    link(2) into place, so two processes creating it at once end up with
//    one key, and a crash leaves either no key or a whole one);
//  - loading refuses a file that is not a regular file or whose mode lets
//    group or others read or write it (kInvalidArgument naming the path and
//    mode), and a PEM key that is not Ed25519.
// Private key material in temporary buffers is cleared (OPENSSL_cleanse).
//
// A SigningKey is move-only; its methods are const and may be called from
// several threads at once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/byte_reader.h"
#include "core/result.h"
#include "evidence/tree_head.h"

struct evp_pkey_st;

namespace vigil::evidence {

class SigningKey {
 public:
  // A new random key. kInvalidArgument for a bad name (validate_key_name).
  static Result<SigningKey> generate(std::string name);
  // Loads the key at `path` (see the file rules above).
  static Result<SigningKey> load(const std::string& path, std::string name);
  // Loads the key at `path`, or creates it there if there is no file yet;
  // `created` (if given) tells which.
  static Result<SigningKey> load_or_create(const std::string& path, std::string name,
                                           bool* created = nullptr);

  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&& other) noexcept;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey();

  // Writes the private key to a new file at `path`, mode 0600; kIo if the
  // file exists (never overwrites a key).
  Status save(const std::string& path) const;

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return verifier_.key_id(); }
  const Ed25519PublicKey& public_key() const { return verifier_.public_key(); }
  // The C2SP verifier key string, "<name>+<key ID>+<base64>".
  std::string vkey() const { return verifier_.vkey(); }
  // The public key as a PEM SubjectPublicKeyInfo ("-----BEGIN PUBLIC KEY-----").
  std::string public_key_pem() const;
  const NoteVerifier& verifier() const { return verifier_; }

  // The 64-octet Ed25519 signature of `message`.
  Result<std::vector<uint8_t>> sign(Bytes message) const;
  // The C2SP signed note of `head`'s checkpoint text, signed by this key.
  // kInvalidArgument if head.origin is not a valid key name.
  Result<std::string> sign_checkpoint(const TreeHead& head) const;

 private:
  SigningKey(evp_pkey_st* pkey, NoteVerifier verifier)
      : pkey_(pkey), name_(verifier.key_name()), verifier_(std::move(verifier)) {}
  static Result<SigningKey> from_pkey(evp_pkey_st* pkey, std::string name);

  evp_pkey_st* pkey_ = nullptr;
  std::string name_;
  NoteVerifier verifier_;
};

// OK if the file open at `fd` (for `path`) is a regular file without
// group or other permission bits; kInvalidArgument otherwise.
Status check_key_file_mode(int fd, const std::string& path);

}  // namespace vigil::evidence
