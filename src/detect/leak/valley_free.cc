#include "detect/leak/valley_free.h"

#include <algorithm>
#include <array>
#include <vector>

namespace vigil::detect::leak {

namespace {

using refdata::AsRel;

enum class Hop : uint8_t { kUp, kFlat, kDown, kSibling, kUnknown };

// The hop a route makes from `sender` to `receiver`.
Hop hop(const refdata::AsRelationships& rels, uint32_t sender, uint32_t receiver) {
  switch (rels.relationship(sender, receiver)) {
    case AsRel::kCustomerOf:
      return Hop::kUp;
    case AsRel::kPeer:
      return Hop::kFlat;
    case AsRel::kProviderOf:
      return Hop::kDown;
    case AsRel::kSibling:
      return Hop::kSibling;
    case AsRel::kUnknown:
      break;
  }
  return Hop::kUnknown;
}

bool descends(Hop h) { return h == Hop::kDown || h == Hop::kFlat; }
bool climbs(Hop h) { return h == Hop::kUp || h == Hop::kFlat; }

// RFC 7908 type from how the leaker learned the route (`in`, down = from a
// provider, flat = from a peer) and where it sent it (`out`).
LeakType type_of(Hop in, Hop out) {
  if (in == Hop::kDown) return out == Hop::kUp ? LeakType::kHairpin : LeakType::kProviderToPeer;
  if (in == Hop::kFlat) return out == Hop::kFlat ? LeakType::kLateral : LeakType::kPeerToProvider;
  return LeakType::kUnknown;
}

// The path with prepends collapsed, peer first. Short paths live on the
// stack; `overflow` holds longer ones. Returns false on a repeated AS.
class Collapsed {
 public:
  bool build(std::span<const uint32_t> path) {
    n_ = 0;
    data_ = small_.data();
    if (path.size() > small_.size()) {
      big_.resize(path.size());
      data_ = big_.data();
    }
    for (uint32_t asn : path) {
      if (n_ > 0 && data_[n_ - 1] == asn) continue;
      data_[n_++] = asn;
    }
    return !has_loop();
  }
  size_t size() const { return n_; }
  uint32_t operator[](size_t i) const { return data_[i]; }
  // Index of `asn`, or -1.
  ptrdiff_t find(uint32_t asn) const {
    for (size_t i = 0; i < n_; ++i) {
      if (data_[i] == asn) return static_cast<ptrdiff_t>(i);
    }
    return -1;
  }

 private:
  bool has_loop() const {
    if (n_ <= small_.size()) {
      for (size_t i = 1; i < n_; ++i) {
        for (size_t j = 0; j + 1 < i; ++j) {
          if (data_[j] == data_[i]) return true;
        }
      }
      return false;
    }
    std::vector<uint32_t> sorted(data_, data_ + n_);
    std::sort(sorted.begin(), sorted.end());
    return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
  }

  std::array<uint32_t, 48> small_;
  std::vector<uint32_t> big_;
  uint32_t* data_ = nullptr;
  size_t n_ = 0;
};

}  // namespace

std::string_view leak_type_code(LeakType t) {
  switch (t) {
    case LeakType::kHairpin:
      return "RFC7908-type-1";
    case LeakType::kLateral:
      return "RFC7908-type-2";
    case LeakType::kProviderToPeer:
      return "RFC7908-type-3";
    case LeakType::kPeerToProvider:
      return "RFC7908-type-4";
    case LeakType::kUnknown:
      return "RFC7908-type-unknown";
    case LeakType::kNone:
      break;
  }
  return "none";
}

std::string_view leak_type_description(LeakType t) {
  switch (t) {
    case LeakType::kHairpin:
      return "a provider's route sent to another provider (hairpin)";
    case LeakType::kLateral:
      return "a peer's route sent to another peer (lateral)";
    case LeakType::kProviderToPeer:
      return "a provider's route sent to a peer";
    case LeakType::kPeerToProvider:
      return "a peer's route sent to a provider";
    case LeakType::kUnknown:
      return "a provider's or peer's route sent on to a provider or peer";
    case LeakType::kNone:
      break;
  }
  return "no leak";
}

ValleyResult classify_path(std::span<const uint32_t> path, const refdata::AsRelationships& rels) {
  ValleyResult r;
  Collapsed c;
  if (!c.build(path) || c.size() < 2) return r;
  // The last down/flat hop seen, walking from the origin (index size-1).
  bool descended = false;
  Hop descent = Hop::kUnknown;
  uint32_t descent_sender = 0;
  size_t descent_receiver = 0;  // index
  bool unknown_since_descent = false;
  for (size_t k = c.size() - 1; k >= 1; --k) {
    const uint32_t sender = c[k], receiver = c[k - 1];
    const Hop h = hop(rels, sender, receiver);
    if (h == Hop::kSibling) continue;
    if (h == Hop::kUnknown) {
      ++r.unknown_hops;
      unknown_since_descent |= descended;
      continue;
    }
    if (descended && climbs(h)) {
      r.cls = PathClass::kViolation;
      r.pre = descent_sender;
      if (unknown_since_descent) {
        r.type = LeakType::kUnknown;
        r.leaker = c[descent_receiver];
        r.next = c[descent_receiver - 1];
      } else {
        r.type = type_of(descent, h);
        r.leaker = sender;
        r.next = receiver;
      }
      return r;
    }
    if (descends(h)) {
      descended = true;
      descent = h;
      descent_sender = sender;
      descent_receiver = k - 1;
      unknown_since_descent = false;
    }
  }
  r.cls = r.unknown_hops > 0 ? PathClass::kIncomplete : PathClass::kValleyFree;
  return r;
}

OtcResult check_otc(std::span<const uint32_t> path, uint32_t otc,
                    const refdata::AsRelationships& rels) {
  OtcResult r;
  Collapsed c;
  if (!c.build(path) || c.size() == 0) return r;
  const ptrdiff_t x = c.find(otc);
  if (x < 0) {
    r.verdict = OtcVerdict::kNotInPath;
    return r;
  }
  if (x >= 1 && hop(rels, c[x], c[x - 1]) == Hop::kUp) {
    r.verdict = OtcVerdict::kConflict;
    return r;
  }
  // Hops after X: from c[j] to c[j-1], j = x-1 .. 1.
  bool unknown = false;
  for (ptrdiff_t j = x - 1; j >= 1; --j) {
    const Hop h = hop(rels, c[j], c[j - 1]);
    if (h == Hop::kUnknown) unknown = true;
    if (!climbs(h)) continue;
    r.verdict = OtcVerdict::kLeak;
    r.leaker = c[j];
    r.pre = c[j + 1];
    r.next = c[j - 1];
    const Hop in = hop(rels, c[j + 1], c[j]);
    r.type = descends(in) ? type_of(in, h) : LeakType::kUnknown;
    return r;
  }
  r.verdict = unknown ? OtcVerdict::kIncomplete : OtcVerdict::kConsistent;
  return r;
}

std::span<const uint32_t> default_clique() {
  static constexpr uint32_t kClique[] = {174,  209,  286,  701,  1239, 1299, 2828, 2914, 3257, 3320,
                                         3356, 3491, 5511, 6453, 6461, 6762, 6830, 7018, 12956};
  return kClique;
}

refdata::AsRelationships with_clique_on_top(const refdata::AsRelationships& rels,
                                            std::span<const uint32_t> clique) {
  auto member = [&](uint32_t asn) {
    return std::find(clique.begin(), clique.end(), asn) != clique.end();
  };
  refdata::AsRelationshipsBuilder b;
  for (const refdata::AsLink& l : rels.links()) {
    const bool a_top = member(l.a), b_top = member(l.b);
    if (a_top && b_top) {
      // Members of one organisation (e.g. 209 and 3356) stay siblings.
      b.add(l.a, l.b, l.type == refdata::LinkType::kSibling ? l.type : refdata::LinkType::kPeer);
    } else if (a_top != b_top) {
      b.add(a_top ? l.a : l.b, a_top ? l.b : l.a, refdata::LinkType::kProviderCustomer);
    } else {
      b.add(l);
    }
  }
  return std::move(b).build();
}

}  // namespace vigil::detect::leak
