// Evidence bundles: everything a third party needs to check, without vigil
// and without trusting the node that made it, that the records behind an
// incident are what the routers said and that they are in the node's
// append-only log (docs/evidence.md shows the check with the openssl
// command line alone).
//
//   BUNDLE/
//     SUMMARY.txt        what this is: the incident, its records, the head
//     incident.json      the incident as the store holds it (not signed:
//                        the node's account; the records are the evidence)
//     records.mrt        the raw records in leaf order: an MRT file that
//                        bgpdump and vigil read
//     leaves/<i>.bin     leaf data of leaf i (evidence_record.h encoding:
//                        source, receive time, kind, the raw record);
//                        leaf hash = SHA-256(0x00 || leaves/<i>.bin)
//     proofs/<i>.txt     "leaf <i> tree <n>" then the RFC 9162 §2.1.3
//                        inclusion proof, one hex hash per line
//     proofs/<i>/<k>.bin the same hashes, 32 octets each (for openssl)
//     checkpoint         the log's signed tree head over n leaves (C2SP
//                        signed note: origin, n, base64 root; Ed25519)
//     key.vkey           the signer's C2SP verifier key
//     key.pub.pem        the same public key as PEM (for openssl)
//
// verify_bundle() checks: the checkpoint's signature with key.vkey, that
// key.pub.pem is the same key, every leaf file's encoding, its inclusion
// proof against the signed root, and that records.mrt is exactly the
// leaves' raw records in order. Its error names the file and what failed.
#pragma once

#include <string>

#include "core/result.h"
#include "evidence/log.h"
#include "store/store.h"

namespace vigil::app {

// Writes the bundle of incident `id` to directory `out` (which must not
// exist). The log must hold a signed tree head covering the incident's
// leaves. Returns a short report for the terminal.
Result<std::string> write_bundle(store::Store& store, evidence::EvidenceLog& log,
                                 const std::string& evidence_dir, const std::string& id,
                                 const std::string& out);

// Checks a bundle; returns a report of what was checked.
Result<std::string> verify_bundle(const std::string& dir);

}  // namespace vigil::app
