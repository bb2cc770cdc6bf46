// Shared by the JSON and CSV loaders (internal): turns one entry's fields
// into a checked Vrp, and interns trust anchor names. Messages say what is
// wrong with the field; the caller adds where (file, line, JSON path).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "refdata/rpki/vrp.h"

namespace vigil::refdata::rpki::internal {

enum class VrpField : uint8_t { kPrefix, kMaxLength, kAsn };

struct FieldProblem {
  VrpField field = VrpField::kPrefix;
  std::string what;
};

// Checks and builds a VRP:
//   - `prefix_text` must be "address/length" (RFC 4632 / RFC 4291 text);
//   - host bits past the length are an error unless `mask_host_bits`, in
//     which case they are cleared and `note` says so (else `note` is left
//     empty);
//   - `max_length` absent means the prefix length (RFC 6482 §3.3); present,
//     it must be in [prefix length, 32 or 128].
// Returns the problem, or nullopt with `out` filled.
std::optional<FieldProblem> build_vrp(std::string_view prefix_text,
                                      std::optional<int64_t> max_length, uint32_t asn,
                                      bool mask_host_bits, Vrp& out, std::string& note);

// Maps trust anchor names to indices into `names` (which it appends to).
// Past 65534 distinct names every new name gets kNoTrustAnchor.
// Lifetime: `names` must outlive the interner.
class TaInterner {
 public:
  explicit TaInterner(std::vector<std::string>& names) : names_(names) {}
  uint16_t intern(std::string_view name);

 private:
  std::vector<std::string>& names_;
  std::unordered_map<std::string, uint16_t> index_;
  std::string last_;
  uint16_t last_id_ = kNoTrustAnchor;
};

// Text quoted for a message, cut at 60 characters: 'abc' or 'abc...'.
std::string quote(std::string_view text);

}  // namespace vigil::refdata::rpki::internal
