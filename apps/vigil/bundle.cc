#include "apps/vigil/bundle.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "apps/vigil/time_text.h"
#include "dump/json_format.h"
#include "evidence/encoding.h"
#include "evidence/merkle.h"
#include "evidence/tree_head.h"

namespace vigil::app {

namespace fs = std::filesystem;

namespace {

Error bundle_error(const std::string& file, const std::string& what) {
  return Error{ErrorCode::kMalformed, file + ": " + what};
}

Status write_file(const fs::path& p, std::string_view data) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
  f.close();
  if (!f) return make_error(ErrorCode::kIo, p.string() + ": cannot write");
  return {};
}

Status write_file(const fs::path& p, Bytes data) {
  return write_file(p, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

Result<std::string> read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return make_error(ErrorCode::kIo, p.string() + ": cannot open");
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

Bytes as_bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// The PEM SubjectPublicKeyInfo of an Ed25519 public key ("" on failure).
std::string public_key_pem(const evidence::Ed25519PublicKey& key) {
  EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size());
  if (pkey == nullptr) return {};
  BIO* bio = BIO_new(BIO_s_mem());
  std::string out;
  if (bio != nullptr && PEM_write_bio_PUBKEY(bio, pkey) == 1) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    out.assign(data, static_cast<size_t>(len));
  }
  BIO_free(bio);
  EVP_PKEY_free(pkey);
  return out;
}

std::string incident_json(const store::StoredIncident& in) {
  std::string o = "{\"id\":";
  dump::append_json_string(o, in.id);
  o += ",\"type\":\"" + std::string(detect::alert_type_name(in.type)) + "\",\"prefix\":";
  if (in.prefix) {
    dump::append_json_string(o, in.prefix->to_string());
  } else {
    o += "null";
  }
  o += ",\"asn\":" + std::to_string(in.asn) + ",\"expected_asns\":[";
  for (size_t i = 0; i < in.expected_asns.size(); ++i) {
    o += (i ? "," : "") + std::to_string(in.expected_asns[i]);
  }
  o += "],\"first_seen\":" + std::to_string(in.first_seen) +
       ",\"last_seen\":" + std::to_string(in.last_seen) + ",\"status\":\"" +
       detect::incident_status_name(in.status) + "\",\"peers\":" + std::to_string(in.peers) +
       ",\"severity\":\"" + detect::severity_name(in.severity) + "\",\"norms\":[";
  for (size_t i = 0; i < in.norms.size(); ++i) {
    if (i) o += ",";
    dump::append_json_string(o, in.norms[i]);
  }
  o += "],\"country\":";
  dump::append_json_string(o, in.country);
  o += ",\"explanation\":";
  dump::append_json_string(o, in.explanation);
  o += "}\n";
  return o;
}

// "leaf <i> tree <n>\n<hex>\n...".
std::string proof_text(uint64_t leaf, uint64_t tree, const std::vector<evidence::Hash>& proof) {
  std::string t = "leaf " + std::to_string(leaf) + " tree " + std::to_string(tree) + "\n";
  for (const auto& h : proof) t += evidence::to_hex(h) + "\n";
  return t;
}

}  // namespace

Result<std::string> write_bundle(store::Store& store, evidence::EvidenceLog& log,
                                 const std::string& evidence_dir, const std::string& id,
                                 const std::string& out) {
  auto in = store.get_incident(id);
  if (!in) return in.error();
  if (!*in) return make_error(ErrorCode::kInvalidArgument, "no incident '" + id + "' in the store");
  auto refs = store.list_evidence_refs(id);
  if (!refs) return refs.error();
  if (refs->empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "incident '" + id + "' has no records in the evidence log");
  }
  const auto& head = log.checkpoint();
  if (!head) {
    return make_error(ErrorCode::kInvalidArgument,
                      evidence_dir + ": the evidence log has no signed tree head");
  }
  std::vector<uint64_t> leaves;
  for (const auto& r : *refs) {
    // The leaf must hold the record the store says (another node's log, or
    // a rebuilt one, would give unrelated records that still verify).
    auto rec = log.read(r.leaf_index);
    if (!rec) return rec.error();
    if (rec->source != r.record.file || rec->receive_time_us != uint64_t{r.record.time} * 1000000) {
      return make_error(ErrorCode::kMalformed,
                        evidence_dir + ": leaf " + std::to_string(r.leaf_index) +
                            " holds a record from " + rec->source + ", the store says " +
                            r.record.file + ": is this the incident's evidence log?");
    }
    leaves.push_back(r.leaf_index);
  }
  std::sort(leaves.begin(), leaves.end());
  leaves.erase(std::unique(leaves.begin(), leaves.end()), leaves.end());
  if (leaves.back() >= head->size) {
    return make_error(ErrorCode::kInvalidArgument,
                      "leaf " + std::to_string(leaves.back()) +
                          " is newer than the signed tree head (size " +
                          std::to_string(head->size) + ")");
  }
  std::error_code ec;
  if (fs::exists(out, ec)) return make_error(ErrorCode::kInvalidArgument, out + ": exists");
  if (!fs::create_directories(fs::path(out) / "leaves", ec) ||
      !fs::create_directories(fs::path(out) / "proofs", ec)) {
    return make_error(ErrorCode::kIo, out + ": cannot create: " + ec.message());
  }
  const fs::path dir(out);
  std::string mrt, listing;
  for (uint64_t leaf : leaves) {
    auto data = log.read_leaf_data(leaf);
    if (!data) return data.error();
    auto rec = evidence::decode_record(*data);
    if (!rec) return rec.error();
    mrt.append(reinterpret_cast<const char*>(rec->raw.data()), rec->raw.size());
    const std::string name = std::to_string(leaf);
    if (Status s = write_file(dir / "leaves" / (name + ".bin"), Bytes(*data)); !s) return s.error();
    auto proof = log.inclusion_proof(leaf, head->size);
    if (!proof) return proof.error();
    if (Status s =
            write_file(dir / "proofs" / (name + ".txt"), proof_text(leaf, head->size, *proof));
        !s) {
      return s.error();
    }
    fs::create_directories(dir / "proofs" / name, ec);
    for (size_t k = 0; k < proof->size(); ++k) {
      char kname[32];
      std::snprintf(kname, sizeof kname, "%02zu.bin", k);
      if (Status s = write_file(dir / "proofs" / name / kname, Bytes((*proof)[k])); !s) {
        return s.error();
      }
    }
    listing += "  leaf " + name + ": " + std::string(evidence::record_kind_name(rec->kind)) +
               " record, " + std::to_string(rec->raw.size()) + " octets, from " +
               std::string(rec->source) + ", " + iso_time(rec->receive_time_us / 1000000) + "\n";
  }
  if (Status s = write_file(dir / "records.mrt", mrt); !s) return s.error();
  if (Status s = write_file(dir / "checkpoint", log.checkpoint_note()); !s) return s.error();
  auto vkey = log.vkey();
  if (!vkey) return vkey.error();
  auto verifier = evidence::NoteVerifier::from_vkey(*vkey);
  if (!verifier) return verifier.error();
  if (Status s = write_file(dir / "key.vkey", *vkey + "\n"); !s) return s.error();
  const std::string pem = public_key_pem(verifier->public_key());
  if (pem.empty()) return make_error(ErrorCode::kIo, "cannot write the public key as PEM");
  if (Status s = write_file(dir / "key.pub.pem", pem); !s) return s.error();
  std::string json = incident_json(**in);
  json.pop_back();  // "}\n" -> add the leaves
  json.pop_back();
  json += ",\"leaves\":[";
  for (size_t i = 0; i < leaves.size(); ++i) json += (i ? "," : "") + std::to_string(leaves[i]);
  json += "]}\n";
  if (Status s = write_file(dir / "incident.json", json); !s) return s.error();
  const std::string summary =
      "Evidence bundle for incident " + id + "\n" + "  " + (*in)->explanation + "\n\n" +
      std::to_string(leaves.size()) + " raw records (records.mrt, in log order):\n" + listing +
      "\nSigned tree head (checkpoint): log '" + head->origin + "', " + std::to_string(head->size) +
      " leaves, root " + evidence::to_hex(head->root) + "\nSigner: " + *vkey +
      "\n\nCheck it: `vigil evidence verify " + out +
      "`, or with openssl alone as docs/evidence.md shows.\n";
  if (Status s = write_file(dir / "SUMMARY.txt", summary); !s) return s.error();
  return "wrote " + out + ": " + std::to_string(leaves.size()) +
         " records, inclusion proofs for tree size " + std::to_string(head->size) +
         ", signed tree head and public key\n";
}

Result<std::string> verify_bundle(const std::string& dir_name) {
  const fs::path dir(dir_name);
  auto vkey_text = read_file(dir / "key.vkey");
  if (!vkey_text) return vkey_text.error();
  std::string vkey = *vkey_text;
  while (!vkey.empty() && (vkey.back() == '\n' || vkey.back() == '\r')) vkey.pop_back();
  auto verifier = evidence::NoteVerifier::from_vkey(vkey);
  if (!verifier) return bundle_error("key.vkey", verifier.error().message);
  auto pem = read_file(dir / "key.pub.pem");
  if (!pem) return pem.error();
  if (*pem != public_key_pem(verifier->public_key())) {
    return bundle_error("key.pub.pem", "is not the key of key.vkey");
  }
  auto note = read_file(dir / "checkpoint");
  if (!note) return note.error();
  auto head = evidence::open_checkpoint(*note, *verifier);
  if (!head) return bundle_error("checkpoint", head.error().message);

  std::vector<uint64_t> leaves;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir / "leaves", ec)) {
    const std::string n = e.path().filename().string();
    if (e.path().extension() != ".bin") return bundle_error("leaves/" + n, "unexpected file");
    const std::string stem = e.path().stem().string();
    uint64_t index = 0;
    const auto [end, err] = std::from_chars(stem.data(), stem.data() + stem.size(), index);
    // Canonical decimal only: "00.bin" beside "0.bin" would be one leaf twice.
    if (err != std::errc() || end != stem.data() + stem.size() || stem != std::to_string(index)) {
      return bundle_error("leaves/" + n, "not a leaf index");
    }
    if (index >= head->size) {
      return bundle_error("leaves/" + n,
                          "beyond the signed tree (size " + std::to_string(head->size) + ")");
    }
    leaves.push_back(index);
  }
  if (ec) return make_error(ErrorCode::kIo, (dir / "leaves").string() + ": " + ec.message());
  if (leaves.empty()) return bundle_error("leaves/", "no leaves");
  std::sort(leaves.begin(), leaves.end());
  // Every proof belongs to a leaf of the bundle.
  for (const auto& e : fs::directory_iterator(dir / "proofs", ec)) {
    const std::string stem = e.path().stem().string();
    uint64_t index = 0;
    const auto [end, err] = std::from_chars(stem.data(), stem.data() + stem.size(), index);
    if (err != std::errc() || end != stem.data() + stem.size() || stem != std::to_string(index) ||
        !std::binary_search(leaves.begin(), leaves.end(), index)) {
      return bundle_error("proofs/" + e.path().filename().string(),
                          "belongs to no leaf of the bundle");
    }
  }
  // The leaves the incident lists (incident.json "leaves") are the bundle's.
  if (auto inc = read_file(dir / "incident.json"); inc) {
    const size_t at = inc->find("\"leaves\":[");
    if (at != std::string::npos) {
      std::vector<uint64_t> listed;
      const char* p = inc->data() + at + 10;
      const char* stop = inc->data() + inc->size();
      while (p < stop && *p != ']') {
        uint64_t v = 0;
        auto [q, e2] = std::from_chars(p, stop, v);
        if (e2 != std::errc()) break;
        listed.push_back(v);
        p = q;
        if (p < stop && *p == ',') ++p;
      }
      if (listed != leaves) {
        return bundle_error("leaves/", "are not the leaves incident.json lists");
      }
    }
  }

  std::string mrt;
  for (uint64_t leaf : leaves) {
    const std::string name = std::to_string(leaf);
    auto data = read_file(dir / "leaves" / (name + ".bin"));
    if (!data) return data.error();
    auto rec = evidence::decode_record(as_bytes(*data));
    if (!rec) return bundle_error("leaves/" + name + ".bin", rec.error().to_string());
    mrt.append(reinterpret_cast<const char*>(rec->raw.data()), rec->raw.size());
    auto ptext = read_file(dir / "proofs" / (name + ".txt"));
    if (!ptext) return ptext.error();
    std::istringstream ps(*ptext);
    std::string word1, word2;
    uint64_t pleaf = 0, ptree = 0;
    if (!(ps >> word1 >> pleaf >> word2 >> ptree) || word1 != "leaf" || word2 != "tree") {
      return bundle_error("proofs/" + name + ".txt", "first line is not 'leaf <i> tree <n>'");
    }
    if (pleaf != leaf) return bundle_error("proofs/" + name + ".txt", "is for another leaf");
    if (ptree != head->size) {
      return bundle_error("proofs/" + name + ".txt", "is for tree size " + std::to_string(ptree) +
                                                         ", the checkpoint signs " +
                                                         std::to_string(head->size));
    }
    std::vector<evidence::Hash> proof;
    for (std::string line; ps >> line;) {
      auto bytes = evidence::hex_decode(line);
      if (!bytes) return bundle_error("proofs/" + name + ".txt", bytes.error().message);
      auto h = evidence::hash_from_bytes(*bytes, "proof hash");
      if (!h) return bundle_error("proofs/" + name + ".txt", h.error().message);
      proof.push_back(*h);
    }
    // The binary copies (for the openssl recipe) say the same.
    for (size_t k = 0; k <= proof.size(); ++k) {
      char kname[32];
      std::snprintf(kname, sizeof kname, "%02zu.bin", k);
      const fs::path bin = dir / "proofs" / name / kname;
      if (k == proof.size()) {
        if (fs::exists(bin, ec)) return bundle_error("proofs/" + name + "/", "has extra hashes");
        break;
      }
      auto b = read_file(bin);
      if (!b ||
          *b != std::string(reinterpret_cast<const char*>(proof[k].data()), proof[k].size())) {
        return bundle_error("proofs/" + name + "/" + kname, "differs from proofs/" + name + ".txt");
      }
    }
    const evidence::Hash lh = evidence::leaf_hash(as_bytes(*data));
    if (Status s = evidence::verify_inclusion(leaf, head->size, lh, proof, head->root); !s) {
      return bundle_error("leaves/" + name + ".bin (with proofs/" + name + ".txt)",
                          "not in the signed tree: " + s.error().message);
    }
  }
  auto records = read_file(dir / "records.mrt");
  if (!records) return records.error();
  if (*records != mrt) {
    size_t at = 0;
    while (at < records->size() && at < mrt.size() && (*records)[at] == mrt[at]) ++at;
    return bundle_error("records.mrt",
                        "differs from the leaves' records at offset " + std::to_string(at));
  }
  return std::string(dir_name) + ": OK\n  checkpoint signed by " + verifier->key_name() +
         " (key ID " +
         [&] {
           char b[16];
           std::snprintf(b, sizeof b, "%08x", verifier->key_id());
           return std::string(b);
         }() +
         "), tree size " + std::to_string(head->size) + ", root " + evidence::to_hex(head->root) +
         "\n  " + std::to_string(leaves.size()) +
         " leaves, each included in that tree (RFC 9162 inclusion proofs)\n  records.mrt (" +
         std::to_string(mrt.size()) + " octets) is exactly their raw records\n";
}

}  // namespace vigil::app
