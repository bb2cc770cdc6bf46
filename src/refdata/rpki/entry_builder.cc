#include "refdata/rpki/entry_builder.h"

#include <utility>

namespace vigil::refdata::rpki::internal {

std::string quote(std::string_view text) {
  std::string s = "'";
  s.append(text.substr(0, 60));
  if (text.size() > 60) s += "...";
  s += "'";
  return s;
}

std::optional<FieldProblem> build_vrp(std::string_view prefix_text,
                                      std::optional<int64_t> max_length, uint32_t asn,
                                      bool mask_host_bits, Vrp& out, std::string& note) {
  note.clear();
  if (prefix_text.find('/') == std::string_view::npos) {
    return FieldProblem{VrpField::kPrefix,
                        quote(prefix_text) + " is not an IP prefix (no /length)"};
  }
  const std::optional<Prefix> raw = Prefix::parse(prefix_text, /*allow_host_bits=*/true);
  if (!raw) {
    return FieldProblem{VrpField::kPrefix, quote(prefix_text) + " is not an IP prefix"};
  }
  const Prefix p = raw->masked();
  if (p != *raw) {
    if (!mask_host_bits) {
      return FieldProblem{VrpField::kPrefix, quote(prefix_text) + " has host bits set (the " +
                                                 "prefix would be " + p.to_string() + ")"};
    }
    note = quote(prefix_text) + " has host bits set; read as " + p.to_string();
  }
  const int family_max = p.addr.max_len();
  const int64_t ml = max_length.value_or(p.len);
  if (ml < p.len) {
    return FieldProblem{VrpField::kMaxLength, "maxLength " + std::to_string(ml) +
                                                  " is less than the prefix length " +
                                                  std::to_string(p.len) + " (RFC 6482 §3.3)"};
  }
  if (ml > family_max) {
    return FieldProblem{VrpField::kMaxLength, "maxLength " + std::to_string(ml) + " is more than " +
                                                  std::to_string(family_max) + ", the " +
                                                  (p.addr.is_v4() ? "IPv4" : "IPv6") +
                                                  " address length (RFC 6482 §3.3)"};
  }
  out.prefix = p;
  out.asn = asn;
  out.max_length = static_cast<uint8_t>(ml);
  return std::nullopt;
}

uint16_t TaInterner::intern(std::string_view name) {
  if (last_id_ != kNoTrustAnchor && name == last_) return last_id_;
  std::string key(name);
  auto it = index_.find(key);
  if (it == index_.end()) {
    if (names_.size() >= kNoTrustAnchor) return kNoTrustAnchor;
    it = index_.emplace(key, static_cast<uint16_t>(names_.size())).first;
    names_.push_back(key);
  }
  last_ = std::move(key);
  last_id_ = it->second;
  return last_id_;
}

}  // namespace vigil::refdata::rpki::internal
