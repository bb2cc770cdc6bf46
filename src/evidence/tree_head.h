// Signed tree heads of the evidence log, as C2SP checkpoints
// (c2sp.org/tlog-checkpoint) in C2SP signed notes (c2sp.org/signed-note)
// with Ed25519 signatures — the format of Tessera, Trillian, Sigsum and the
// Go module checksum database, so standard tooling can read and verify them.
//
//   note text (signed)            example.com/log/testdata\n       origin
//                                 15\n                             tree size
//                                 rKbDipCvhuX1GZ7g5BBe8sA6BbJ…=\n   root (base64)
//                                 [extension lines\n]              (vigil writes none)
//   separator                     \n
//   signature line(s)             — example.com/log/testdata M9e0lu…=\n
//                                 ^ U+2014 em dash, space, key name, space,
//                                   base64(key ID (4 octets, big-endian) ||
//                                          Ed25519 signature (64 octets))
//
//   key ID  = SHA-256(key name || 0x0A || 0x01 || public key (32))[:4]
//   vkey    = <key name>+<key ID, 8 hex digits>+base64(0x01 || public key)
//
// The signature is over the note text exactly (through the last newline
// before the blank line). A note may carry several signatures (witness
// cosignatures, other keys): a verifier looks for the one whose key name
// and key ID are those of its key and ignores the rest.
//
// Parsing is strict and bounded (notes up to 1 MiB, 100 signatures); errors
// are kMalformed with the offset in the note text. Pure functions and
// immutable values: thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_reader.h"
#include "core/result.h"
#include "evidence/sha256.h"

namespace vigil::evidence {

using Ed25519PublicKey = std::array<uint8_t, 32>;
inline constexpr size_t kEd25519SignatureSize = 64;
inline constexpr uint8_t kSignatureTypeEd25519 = 0x01;
inline constexpr size_t kMaxNoteBytes = size_t{1} << 20;
inline constexpr size_t kMaxNoteSignatures = 100;

// A tree head: the checkpoint's note text.
struct TreeHead {
  std::string origin;  // also the signing key's name
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // opaque extension lines, if any
  bool operator==(const TreeHead&) const = default;
};

// OK if `name` can be a key name or an origin: non-empty, at most 1024
// octets, valid UTF-8 without control characters, Unicode spaces or '+'.
Status validate_key_name(std::string_view name);

// "<origin>\n<size>\n<base64 root>\n" and the extension lines.
// REQUIRES: validate_key_name(head.origin) is OK; extension lines non-empty
// and without newlines.
std::string format_checkpoint_text(const TreeHead& head);
// The inverse; strict: at least three lines, each non-empty and ending in a
// newline, a decimal size without leading zeros that fits in 64 bits, a
// root of exactly 32 octets in canonical base64.
Result<TreeHead> parse_checkpoint_text(std::string_view text);

struct NoteSignature {
  std::string key_name;
  uint32_t key_id = 0;
  std::vector<uint8_t> signature;  // after the key ID
  bool operator==(const NoteSignature&) const = default;
};

struct SignedNote {
  std::string text;  // ends with a newline
  std::vector<NoteSignature> signatures;
  bool operator==(const SignedNote&) const = default;
};

// Splits a note into text and signatures (nothing is verified).
Result<SignedNote> parse_signed_note(std::string_view note);
// The note: text, blank line, one line per signature.
std::string format_signed_note(const SignedNote& note);

// The C2SP key ID of an Ed25519 key.
uint32_t ed25519_key_id(std::string_view key_name, const Ed25519PublicKey& public_key);

// One Ed25519 verifier key. Immutable.
class NoteVerifier {
 public:
  // Parses a vkey; its key ID must match the name and key.
  static Result<NoteVerifier> from_vkey(std::string_view vkey);
  static Result<NoteVerifier> from_public_key(std::string key_name,
                                              const Ed25519PublicKey& public_key);

  const std::string& key_name() const { return name_; }
  uint32_t key_id() const { return id_; }
  const Ed25519PublicKey& public_key() const { return key_; }
  std::string vkey() const;

  // OK if `signature` (64 octets, without the key ID) is this key's
  // Ed25519 signature of `message`; kMalformed otherwise.
  Status verify(std::string_view message, Bytes signature) const;

 private:
  NoteVerifier(std::string name, uint32_t id, const Ed25519PublicKey& key)
      : name_(std::move(name)), id_(id), key_(key) {}
  std::string name_;
  uint32_t id_ = 0;
  Ed25519PublicKey key_{};
};

// Parses a signed checkpoint, verifies the signature by `verifier`'s key
// and returns the tree head. Errors (kMalformed) say what failed: the note
// or checkpoint syntax (with offset), "no signature by key <name>+<id>",
// or "signature by <name>+<id> does not verify".
Result<TreeHead> open_checkpoint(std::string_view note, const NoteVerifier& verifier);

}  // namespace vigil::evidence
