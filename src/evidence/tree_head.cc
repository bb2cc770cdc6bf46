#include "evidence/tree_head.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "evidence/encoding.h"

namespace vigil::evidence {
namespace {

constexpr std::string_view kEmDashSpace = "\xE2\x80\x94 ";
constexpr size_t kMaxKeyNameBytes = 1024;

Error malformed(std::string message, uint64_t offset = Error::kNoOffset) {
  return make_error(ErrorCode::kMalformed, std::move(message), offset);
}

// Decodes one UTF-8 code point at s[i]; returns its length (0 if invalid:
// overlong forms, surrogates, values above U+10FFFF, truncated sequences).
size_t utf8_next(std::string_view s, size_t i, uint32_t& cp) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[i + k]); };
  const uint8_t c = b(0);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t n;
  uint32_t min;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Unicode White_Space code points (Go's unicode.IsSpace).
bool is_unicode_space(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

// Offset of the first octet that is not valid UTF-8 or is a control
// character other than newline, or npos.
size_t first_bad_char(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const size_t n = utf8_next(s, i, cp);
    if (n == 0) return i;
    if ((cp < 0x20 && cp != '\n') || cp == 0x7F) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string hex8(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};

}  // namespace

Status validate_key_name(std::string_view name) {
  if (name.empty()) return malformed("key name is empty");
  if (name.size() > kMaxKeyNameBytes) {
    return malformed("key name is " + std::to_string(name.size()) + " octets, at most " +
                     std::to_string(kMaxKeyNameBytes));
  }
  for (size_t i = 0; i < name.size();) {
    uint32_t cp = 0;
    const size_t n = utf8_next(name, i, cp);
    if (n == 0) return malformed("key name is not valid UTF-8", i);
    if (cp < 0x20 || cp == 0x7F) return malformed("key name contains a control character", i);
    if (is_unicode_space(cp)) return malformed("key name contains a space", i);
    if (cp == '+') return malformed("key name contains '+'", i);
    i += n;
  }
  return Status::Ok();
}

std::string format_checkpoint_text(const TreeHead& head) {
  std::string out = head.origin;
  out += '\n';
  out += std::to_string(head.size);
  out += '\n';
  out += base64_encode(head.root);
  out += '\n';
  for (const std::string& e : head.extensions) {
    out += e;
    out += '\n';
  }
  return out;
}

Result<TreeHead> parse_checkpoint_text(std::string_view text) {
  if (const size_t bad = first_bad_char(text); bad != std::string_view::npos) {
    return malformed("checkpoint: not UTF-8 text without control characters", bad);
  }
  if (text.empty() || text.back() != '\n') {
    return malformed("checkpoint: text does not end with a newline", text.size());
  }
  std::vector<std::pair<std::string_view, size_t>> lines;  // line, offset
  for (size_t at = 0; at < text.size();) {
    const size_t nl = text.find('\n', at);
    lines.emplace_back(text.substr(at, nl - at), at);
    at = nl + 1;
  }
  if (lines.size() < 3) {
    return malformed("checkpoint: " + std::to_string(lines.size()) +
                         " lines, need origin, tree size and root hash",
                     text.size());
  }
  for (const auto& [line, at] : lines) {
    if (line.empty()) return malformed("checkpoint: empty line", at);
  }
  TreeHead head;
  head.origin = std::string(lines[0].first);
  // Tree size: decimal, no leading zeros, fits in 64 bits.
  const auto [size_text, size_at] = lines[1];
  if (size_text.size() > 20 || (size_text.size() > 1 && size_text[0] == '0')) {
    return malformed("checkpoint: tree size '" + std::string(size_text.substr(0, 24)) +
                         "' is not a decimal number without leading zeros",
                     size_at);
  }
  uint64_t size = 0;
  for (size_t i = 0; i < size_text.size(); ++i) {
    const char c = size_text[i];
    if (c < '0' || c > '9') return malformed("checkpoint: tree size has a non-digit", size_at + i);
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (size > (UINT64_MAX - d) / 10) {
      return malformed("checkpoint: tree size does not fit in 64 bits", size_at);
    }
    size = size * 10 + d;
  }
  head.size = size;
  const auto [root_text, root_at] = lines[2];
  auto root = base64_decode(root_text);
  if (!root) {
    return malformed("checkpoint: root hash: " + root.error().message,
                     root_at + (root.error().offset == Error::kNoOffset ? 0 : root.error().offset));
  }
  auto h = hash_from_bytes(*root, "checkpoint root hash");
  if (!h) return malformed(h.error().message, root_at);
  head.root = *h;
  for (size_t i = 3; i < lines.size(); ++i) head.extensions.emplace_back(lines[i].first);
  return head;
}

Result<SignedNote> parse_signed_note(std::string_view note) {
  if (note.size() > kMaxNoteBytes) {
    return malformed("signed note: " + std::to_string(note.size()) + " octets, at most " +
                     std::to_string(kMaxNoteBytes));
  }
  if (const size_t bad = first_bad_char(note); bad != std::string_view::npos) {
    return malformed("signed note: not UTF-8 text without control characters", bad);
  }
  if (note.empty() || note.back() != '\n') {
    return malformed("signed note: does not end with a newline", note.size());
  }
  // The text ends at the last blank line.
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return malformed("signed note: no blank line between text and signatures");
  }
  SignedNote out;
  out.text = std::string(note.substr(0, split + 1));
  for (size_t at = split + 2; at < note.size();) {
    const size_t nl = note.find('\n', at);
    const std::string_view line = note.substr(at, nl - at);
    if (out.signatures.size() == kMaxNoteSignatures) {
      return malformed(
          "signed note: more than " + std::to_string(kMaxNoteSignatures) + " signatures", at);
    }
    if (!line.starts_with(kEmDashSpace)) {
      return malformed("signed note: signature line does not start with an em dash and a space",
                       at);
    }
    const std::string_view rest = line.substr(kEmDashSpace.size());
    const size_t space = rest.find(' ');
    if (space == std::string_view::npos) {
      return malformed("signed note: signature line has no space after the key name", at);
    }
    const std::string_view name = rest.substr(0, space);
    if (Status s = validate_key_name(name); !s.ok()) {
      return malformed("signed note: " + s.error().message, at + kEmDashSpace.size());
    }
    const size_t sig_at = at + kEmDashSpace.size() + space + 1;
    auto sig = base64_decode(rest.substr(space + 1));
    if (!sig) {
      return malformed("signed note: signature: " + sig.error().message,
                       sig_at + (sig.error().offset == Error::kNoOffset ? 0 : sig.error().offset));
    }
    if (sig->size() < 5) {
      return malformed("signed note: signature of " + std::to_string(sig->size()) +
                           " octets, need a 4-octet key ID and a signature",
                       sig_at);
    }
    NoteSignature ns;
    ns.key_name = std::string(name);
    ns.key_id = ByteReader::load_u32(sig->data());
    ns.signature.assign(sig->begin() + 4, sig->end());
    out.signatures.push_back(std::move(ns));
    at = nl + 1;
  }
  if (out.signatures.empty()) return malformed("signed note: no signature lines", note.size());
  return out;
}

std::string format_signed_note(const SignedNote& note) {
  std::string out = note.text;
  out += '\n';
  for (const NoteSignature& s : note.signatures) {
    std::vector<uint8_t> blob = {
        static_cast<uint8_t>(s.key_id >> 24), static_cast<uint8_t>(s.key_id >> 16),
        static_cast<uint8_t>(s.key_id >> 8), static_cast<uint8_t>(s.key_id)};
    blob.insert(blob.end(), s.signature.begin(), s.signature.end());
    out += kEmDashSpace;
    out += s.key_name;
    out += ' ';
    out += base64_encode(blob);
    out += '\n';
  }
  return out;
}

uint32_t ed25519_key_id(std::string_view key_name, const Ed25519PublicKey& public_key) {
  static constexpr uint8_t kSep[2] = {'\n', kSignatureTypeEd25519};
  const Bytes parts[3] = {Bytes(reinterpret_cast<const uint8_t*>(key_name.data()), key_name.size()),
                          Bytes(kSep), Bytes(public_key)};
  const Hash h = sha256(std::span<const Bytes>(parts));
  return ByteReader::load_u32(h.data());
}

Result<NoteVerifier> NoteVerifier::from_vkey(std::string_view vkey) {
  const size_t p1 = vkey.find('+');
  const size_t p2 = p1 == std::string_view::npos ? p1 : vkey.find('+', p1 + 1);
  // The name has no '+'; the base64 key may.
  if (p2 == std::string_view::npos) return malformed("vkey: expected <name>+<key ID>+<key>");
  const std::string_view name = vkey.substr(0, p1);
  if (Status s = validate_key_name(name); !s.ok()) return malformed("vkey: " + s.error().message);
  const std::string_view id_hex = vkey.substr(p1 + 1, p2 - p1 - 1);
  // C2SP: fixed-length lower-case hex.
  const bool lower_hex = std::all_of(id_hex.begin(), id_hex.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  auto id = hex_decode(id_hex);
  if (!lower_hex || !id || id->size() != 4) {
    return malformed("vkey: key ID is not 8 lower-case hex digits", p1 + 1);
  }
  auto key = base64_decode(vkey.substr(p2 + 1));
  if (!key) return malformed("vkey: key: " + key.error().message, p2 + 1);
  if (key->empty() || (*key)[0] != kSignatureTypeEd25519) {
    return make_error(ErrorCode::kUnsupported,
                      "vkey: not an Ed25519 key (signature type " +
                          (key->empty() ? std::string("missing") : std::to_string((*key)[0])) +
                          ")");
  }
  if (key->size() != 1 + 32) {
    return malformed("vkey: Ed25519 key of " + std::to_string(key->size() - 1) +
                     " octets, expected 32");
  }
  Ed25519PublicKey pub;
  std::copy(key->begin() + 1, key->end(), pub.begin());
  const uint32_t want = ByteReader::load_u32(id->data());
  const uint32_t have = ed25519_key_id(name, pub);
  if (want != have) {
    return malformed("vkey: key ID " + hex8(want) + " does not match the name and key (" +
                     hex8(have) + ")");
  }
  return NoteVerifier(std::string(name), have, pub);
}

Result<NoteVerifier> NoteVerifier::from_public_key(std::string key_name,
                                                   const Ed25519PublicKey& public_key) {
  VIGIL_RETURN_IF_ERROR(validate_key_name(key_name));
  const uint32_t id = ed25519_key_id(key_name, public_key);
  return NoteVerifier(std::move(key_name), id, public_key);
}

std::string NoteVerifier::vkey() const {
  std::vector<uint8_t> blob(1 + key_.size());
  blob[0] = kSignatureTypeEd25519;
  std::copy(key_.begin(), key_.end(), blob.begin() + 1);
  return name_ + "+" + hex8(id_) + "+" + base64_encode(blob);
}

Status NoteVerifier::verify(std::string_view message, Bytes signature) const {
  if (signature.size() != kEd25519SignatureSize) {
    return malformed("Ed25519 signature of " + std::to_string(signature.size()) +
                     " octets, expected 64");
  }
  std::unique_ptr<EVP_PKEY, PkeyFree> pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key_.data(), key_.size()));
  if (!pkey) return make_error(ErrorCode::kMalformed, "Ed25519 public key rejected by OpenSSL");
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) {
    return make_error(ErrorCode::kIo, "OpenSSL: cannot set up Ed25519 verification");
  }
  if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
    return malformed("Ed25519 signature does not verify");
  }
  return Status::Ok();
}

Result<TreeHead> open_checkpoint(std::string_view note, const NoteVerifier& verifier) {
  auto parsed_note = parse_signed_note(note);
  if (!parsed_note) {
    Error e = std::move(parsed_note).error();
    e.message = "checkpoint: " + e.message;
    return e;
  }
  const SignedNote& parsed = *parsed_note;
  const std::string key = verifier.key_name() + "+" + hex8(verifier.key_id());
  const NoteSignature* mine = nullptr;
  std::string others;
  for (const NoteSignature& s : parsed.signatures) {
    if (s.key_name == verifier.key_name() && s.key_id == verifier.key_id()) {
      mine = &s;
      break;
    }
    others += (others.empty() ? "" : ", ") + s.key_name + "+" + hex8(s.key_id);
  }
  if (mine == nullptr) {
    return malformed("checkpoint: no signature by key " + key + " (signed by " + others + ")");
  }
  if (Status s = verifier.verify(parsed.text, mine->signature); !s.ok()) {
    return malformed("checkpoint: signature by " + key + " does not verify: " + s.error().message);
  }
  return parse_checkpoint_text(parsed.text);
}

}  // namespace vigil::evidence
