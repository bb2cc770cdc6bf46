#include "refdata/rpki/roa_diff.h"

#include <algorithm>

namespace vigil::refdata::rpki {

namespace {

std::vector<Vrp> sorted_unique(std::span<const Vrp> in) {
  std::vector<Vrp> v(in.begin(), in.end());
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

bool same_key(const Vrp& a, const Vrp& b) { return a.prefix == b.prefix && a.asn == b.asn; }

// Order of (prefix, asn) keys, as Vrp's operator<=> sorts them.
bool key_less(const Vrp& a, const Vrp& b) {
  if (a.prefix != b.prefix) return a.prefix < b.prefix;
  return a.asn < b.asn;
}

// End of the group of VRPs sharing v[i]'s key.
size_t group_end(const std::vector<Vrp>& v, size_t i) {
  size_t j = i + 1;
  while (j < v.size() && same_key(v[j], v[i])) ++j;
  return j;
}

}  // namespace

RoaDiff diff_vrps(std::span<const Vrp> before_in, std::span<const Vrp> after_in) {
  const std::vector<Vrp> before = sorted_unique(before_in);
  const std::vector<Vrp> after = sorted_unique(after_in);
  RoaDiff d;
  size_t i = 0, j = 0;
  while (i < before.size() || j < after.size()) {
    const bool take_before =
        j >= after.size() || (i < before.size() && key_less(before[i], after[j]));
    const bool take_after =
        i >= before.size() || (j < after.size() && key_less(after[j], before[i]));
    if (take_before) {
      const size_t e = group_end(before, i);
      d.removed.insert(d.removed.end(), before.begin() + i, before.begin() + e);
      i = e;
    } else if (take_after) {
      const size_t e = group_end(after, j);
      d.added.insert(d.added.end(), after.begin() + j, after.begin() + e);
      j = e;
    } else {
      const size_t ei = group_end(before, i);
      const size_t ej = group_end(after, j);
      VrpChange c;
      c.prefix = before[i].prefix;
      c.asn = before[i].asn;
      for (size_t k = i; k < ei; ++k) c.before.push_back(before[k].max_length);
      for (size_t k = j; k < ej; ++k) c.after.push_back(after[k].max_length);
      if (c.before == c.after) {
        ++d.unchanged;
      } else {
        d.changed.push_back(std::move(c));
      }
      i = ei;
      j = ej;
    }
  }
  return d;
}

}  // namespace vigil::refdata::rpki
