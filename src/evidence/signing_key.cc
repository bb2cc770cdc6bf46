#include "evidence/signing_key.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <utility>

#include "evidence/file_io.h"

namespace vigil::evidence {
namespace {

using file_io::Fd;

constexpr size_t kMaxKeyFileBytes = 64 * 1024;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};

Error openssl_error(const std::string& what) {
  return make_error(ErrorCode::kIo, "OpenSSL: " + what);
}

std::string octal_mode(mode_t m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m & 07777));
  return buf;
}

std::string dir_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The PKCS#8 PEM text of a private key; the caller cleanses it.
Result<std::string> private_pem(EVP_PKEY* pkey) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return openssl_error("cannot write the private key as PEM");
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  std::string out(data, static_cast<size_t>(len));
  OPENSSL_cleanse(data, static_cast<size_t>(len));
  return out;
}

}  // namespace

Status check_key_file_mode(int fd, const std::string& path) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return file_io::io_error("fstat", path, errno);
  if (!S_ISREG(st.st_mode)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "signing key " + path + " is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    return make_error(ErrorCode::kInvalidArgument,
                      "signing key " + path + " has mode " + octal_mode(st.st_mode) +
                          ": group or others may read or write it; refusing to use it (chmod 600 " +
                          path + " if it was never exposed, else make a new key)");
  }
  return Status::Ok();
}

Result<SigningKey> SigningKey::from_pkey(EVP_PKEY* pkey, std::string name) {
  std::unique_ptr<EVP_PKEY, PkeyFree> owned(pkey);
  if (EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519) {
    return make_error(ErrorCode::kUnsupported, "signing key is not an Ed25519 key");
  }
  Ed25519PublicKey pub;
  size_t len = pub.size();
  if (EVP_PKEY_get_raw_public_key(pkey, pub.data(), &len) != 1 || len != pub.size()) {
    return openssl_error("cannot read the Ed25519 public key");
  }
  auto verifier = NoteVerifier::from_public_key(std::move(name), pub);
  if (!verifier) {
    return make_error(ErrorCode::kInvalidArgument, "signing key name: " + verifier.error().message);
  }
  return SigningKey(owned.release(), std::move(*verifier));
}

Result<SigningKey> SigningKey::generate(std::string name) {
  if (Status s = validate_key_name(name); !s.ok()) {
    return make_error(ErrorCode::kInvalidArgument, "signing key name: " + s.error().message);
  }
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (pkey == nullptr) return openssl_error("Ed25519 key generation failed");
  return from_pkey(pkey, std::move(name));
}

Result<SigningKey> SigningKey::load(const std::string& path, std::string name) {
  VIGIL_TRY(Fd fd, file_io::open_file(path, O_RDONLY));
  VIGIL_RETURN_IF_ERROR(check_key_file_mode(fd.get(), path));
  VIGIL_TRY(const uint64_t size, file_io::file_size(fd.get(), path));
  if (size > kMaxKeyFileBytes) {
    return make_error(ErrorCode::kInvalidArgument,
                      "signing key " + path + " is " + std::to_string(size) + " octets, too large");
  }
  std::string pem(size, '\0');
  auto got =
      file_io::read_at(fd.get(), reinterpret_cast<uint8_t*>(pem.data()), pem.size(), 0, path);
  if (!got) return got.error();
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(*got)));
  EVP_PKEY* pkey = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  OPENSSL_cleanse(pem.data(), pem.size());
  if (pkey == nullptr) {
    return make_error(ErrorCode::kMalformed,
                      "signing key " + path + " is not a PEM private key OpenSSL can read");
  }
  auto key = from_pkey(pkey, std::move(name));
  if (!key) {
    Error e = std::move(key).error();
    e.message = "signing key " + path + ": " + e.message;
    return e;
  }
  return key;
}

Result<SigningKey> SigningKey::load_or_create(const std::string& path, std::string name,
                                              bool* created) {
  if (created != nullptr) *created = false;
  if (::access(path.c_str(), F_OK) == 0) return load(path, std::move(name));
  if (errno != ENOENT) return file_io::io_error("access", path, errno);
  VIGIL_TRY(SigningKey key, generate(name));
  Status saved = key.save(path);
  if (!saved.ok()) {
    // Someone else created it first: use theirs.
    if (::access(path.c_str(), F_OK) == 0) return load(path, std::move(name));
    return saved.error();
  }
  if (created != nullptr) *created = true;
  return key;
}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : pkey_(std::exchange(other.pkey_, nullptr)),
      name_(std::move(other.name_)),
      verifier_(std::move(other.verifier_)) {}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  std::swap(pkey_, other.pkey_);
  std::swap(name_, other.name_);
  std::swap(verifier_, other.verifier_);
  return *this;
}

SigningKey::~SigningKey() { EVP_PKEY_free(pkey_); }

Status SigningKey::save(const std::string& path) const {
  VIGIL_TRY(std::string pem, private_pem(pkey_));
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  Status status = [&]() -> Status {
    VIGIL_TRY(Fd fd, file_io::open_file(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600));
    // The umask may have removed bits but cannot add any; make it exactly 0600.
    if (::fchmod(fd.get(), 0600) != 0) return file_io::io_error("fchmod", tmp, errno);
    VIGIL_RETURN_IF_ERROR(file_io::write_all_at(
        fd.get(), Bytes(reinterpret_cast<const uint8_t*>(pem.data()), pem.size()), 0, tmp));
    if (::fsync(fd.get()) != 0) return file_io::io_error("fsync", tmp, errno);
    // link(2) fails if the key exists: never overwrite a key.
    if (::link(tmp.c_str(), path.c_str()) != 0) return file_io::io_error("link", path, errno);
    return Status::Ok();
  }();
  OPENSSL_cleanse(pem.data(), pem.size());
  ::unlink(tmp.c_str());
  VIGIL_RETURN_IF_ERROR(status);
  return file_io::sync_dir(dir_of(path));
}

std::string SigningKey::public_key_pem() const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey_) != 1) return {};
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

Result<std::vector<uint8_t>> SigningKey::sign(Bytes message) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey_) != 1) {
    return openssl_error("cannot set up Ed25519 signing");
  }
  std::vector<uint8_t> sig(kEd25519SignatureSize);
  size_t len = sig.size();
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1 ||
      len != sig.size()) {
    return openssl_error("Ed25519 signing failed");
  }
  return sig;
}

Result<std::string> SigningKey::sign_checkpoint(const TreeHead& head) const {
  if (Status s = validate_key_name(head.origin); !s.ok()) {
    return make_error(ErrorCode::kInvalidArgument, "checkpoint origin: " + s.error().message);
  }
  for (const std::string& e : head.extensions) {
    if (e.empty() || e.find('\n') != std::string::npos) {
      return make_error(ErrorCode::kInvalidArgument,
                        "checkpoint extension lines must be non-empty single lines");
    }
  }
  SignedNote note;
  note.text = format_checkpoint_text(head);
  VIGIL_TRY(std::vector<uint8_t> sig,
            sign(Bytes(reinterpret_cast<const uint8_t*>(note.text.data()), note.text.size())));
  note.signatures.push_back({name_, key_id(), std::move(sig)});
  return format_signed_note(note);
}

}  // namespace vigil::evidence
