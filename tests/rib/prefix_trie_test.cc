// PrefixTrie: random inserts/erases checked operation by operation against a
// std::map reference (IPv4 and IPv6, /0 to /32 and /128, nested prefixes),
// longest match on the real jinx RIB against per-length probing of a hash
// set, and memory under churn and after erasing everything.
#include "rib/prefix_trie.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

#include "dump/mrt_stream.h"
#include "io/input.h"
#include "support/test_data.h"

namespace vigil::rib {
namespace {

Prefix pfx(std::string_view text) {
  const auto p = Prefix::parse(text);
  EXPECT_TRUE(p.has_value()) << text;
  return p.value_or(Prefix{});
}

IpAddr addr(std::string_view text) {
  const auto a = IpAddr::parse(text);
  EXPECT_TRUE(a.has_value()) << text;
  return a.value_or(IpAddr{});
}

Prefix host(const IpAddr& a) { return Prefix{a, static_cast<uint8_t>(a.max_len())}; }

template <typename V>
std::vector<std::pair<Prefix, V>> all(const PrefixTrie<V>& t) {
  std::vector<std::pair<Prefix, V>> out;
  t.for_each([&](const Prefix& p, const V& v) { out.emplace_back(p, v); });
  return out;
}

template <typename V>
std::vector<Prefix> covering(const PrefixTrie<V>& t, const Prefix& p) {
  std::vector<Prefix> out;
  t.for_each_covering(p, [&](const Prefix& q, const V&) { out.push_back(q); });
  return out;
}

template <typename V>
std::vector<Prefix> more_specific(const PrefixTrie<V>& t, const Prefix& p) {
  std::vector<Prefix> out;
  t.for_each_more_specific(p, [&](const Prefix& q, const V&) { out.push_back(q); });
  return out;
}

// ---------------------------------------------------------------------------
// Basics

TEST(PrefixTrieTest, EmptyTrie) {
  PrefixTrie<int> t;
  EXPECT_EQ(t.size(), 0u);
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(t.memory_bytes(), 0u);
  EXPECT_EQ(t.find(pfx("10.0.0.0/8")), nullptr);
  EXPECT_FALSE(t.longest_match(addr("10.1.2.3")));
  EXPECT_FALSE(t.longest_match(addr("2001:db8::1")));
  EXPECT_FALSE(t.longest_match(pfx("0.0.0.0/0")));
  EXPECT_FALSE(t.erase(pfx("10.0.0.0/8")));
  EXPECT_TRUE(all(t).empty());
  EXPECT_TRUE(covering(t, pfx("10.0.0.0/8")).empty());
  EXPECT_TRUE(more_specific(t, pfx("0.0.0.0/0")).empty());
  EXPECT_TRUE(t.check_invariants());
}

TEST(PrefixTrieTest, HeaderExample) {
  PrefixTrie<int> t;
  const char* prefixes[] = {"0.0.0.0/0",    "10.0.0.0/8",     "10.1.0.0/16",
                            "10.128.0.0/9", "192.168.1.0/24", "192.168.128.0/17"};
  int v = 0;
  for (const char* p : prefixes) EXPECT_TRUE(t.emplace(pfx(p), v++).second);
  EXPECT_EQ(t.size(), 6u);
  EXPECT_TRUE(t.check_invariants());

  auto m = t.longest_match(addr("10.1.2.3"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m.prefix, pfx("10.1.0.0/16"));
  EXPECT_EQ(*m.value, 2);
  EXPECT_EQ(t.longest_match(addr("10.2.0.0")).prefix, pfx("10.0.0.0/8"));
  EXPECT_EQ(t.longest_match(addr("10.200.0.0")).prefix, pfx("10.128.0.0/9"));
  EXPECT_EQ(t.longest_match(addr("192.168.0.1")).prefix, pfx("0.0.0.0/0"));
  EXPECT_EQ(t.longest_match(addr("192.168.200.1")).prefix, pfx("192.168.128.0/17"));
  EXPECT_FALSE(t.longest_match(addr("::1")));  // families do not mix

  EXPECT_EQ(t.longest_match(pfx("10.1.0.0/16")).prefix, pfx("10.1.0.0/16"));
  EXPECT_EQ(t.longest_match(pfx("10.0.0.0/15")).prefix, pfx("10.0.0.0/8"));
  EXPECT_EQ(t.longest_match(pfx("10.0.0.0/7")).prefix, pfx("0.0.0.0/0"));

  EXPECT_EQ(covering(t, pfx("10.1.2.0/24")),
            (std::vector<Prefix>{pfx("0.0.0.0/0"), pfx("10.0.0.0/8"), pfx("10.1.0.0/16")}));
  EXPECT_EQ(covering(t, pfx("10.1.0.0/16")),
            (std::vector<Prefix>{pfx("0.0.0.0/0"), pfx("10.0.0.0/8"), pfx("10.1.0.0/16")}));
  EXPECT_EQ(more_specific(t, pfx("10.0.0.0/8")),
            (std::vector<Prefix>{pfx("10.0.0.0/8"), pfx("10.1.0.0/16"), pfx("10.128.0.0/9")}));
  EXPECT_EQ(more_specific(t, pfx("192.168.0.0/16")),
            (std::vector<Prefix>{pfx("192.168.1.0/24"), pfx("192.168.128.0/17")}));
  EXPECT_TRUE(more_specific(t, pfx("11.0.0.0/8")).empty());

  EXPECT_TRUE(t.erase(pfx("10.0.0.0/8")));
  EXPECT_FALSE(t.erase(pfx("10.0.0.0/8")));
  EXPECT_EQ(t.longest_match(addr("10.2.0.0")).prefix, pfx("0.0.0.0/0"));
  EXPECT_EQ(t.longest_match(addr("10.1.0.0")).prefix, pfx("10.1.0.0/16"));
  EXPECT_TRUE(t.check_invariants());
}

TEST(PrefixTrieTest, ExtremeLengthsBothFamilies) {
  PrefixTrie<int> t;
  t.emplace(pfx("0.0.0.0/0"), 1);
  t.emplace(pfx("255.255.255.255/32"), 2);
  t.emplace(pfx("0.0.0.0/32"), 3);
  t.emplace(pfx("::/0"), 4);
  t.emplace(pfx("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"), 5);
  t.emplace(pfx("::/128"), 6);
  t.emplace(pfx("::ffff:0:0/96"), 7);
  EXPECT_TRUE(t.check_invariants());
  EXPECT_EQ(*t.longest_match(addr("255.255.255.255")).value, 2);
  EXPECT_EQ(*t.longest_match(addr("255.255.255.254")).value, 1);
  EXPECT_EQ(*t.longest_match(addr("0.0.0.0")).value, 3);
  EXPECT_EQ(*t.longest_match(addr("0.0.0.1")).value, 1);
  EXPECT_EQ(*t.longest_match(addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).value, 5);
  EXPECT_EQ(*t.longest_match(addr("::")).value, 6);
  EXPECT_EQ(*t.longest_match(addr("::ffff:1.2.3.4")).value, 7);
  EXPECT_EQ(*t.longest_match(addr("2001:db8::")).value, 4);
  EXPECT_EQ(*t.longest_match(pfx("255.255.255.255/32")).value, 2);
  EXPECT_EQ(covering(t, pfx("::/128")), (std::vector<Prefix>{pfx("::/0"), pfx("::/128")}));
  EXPECT_EQ(more_specific(t, pfx("::/0")).size(), 4u);
  EXPECT_EQ(all(t).size(), 7u);
  EXPECT_EQ(all(t).front().first, pfx("0.0.0.0/0"));  // IPv4 first
  EXPECT_EQ(all(t).back().first, pfx("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"));
  EXPECT_TRUE(t.erase(pfx("0.0.0.0/0")));
  EXPECT_FALSE(t.longest_match(addr("1.2.3.4")));
  EXPECT_TRUE(t.erase(pfx("::/0")));
  EXPECT_FALSE(t.longest_match(addr("2001:db8::")));
  EXPECT_TRUE(t.check_invariants());
}

TEST(PrefixTrieTest, EmplaceKeepsInsertOrAssignReplaces) {
  PrefixTrie<std::string> t;
  auto [v, inserted] = t.emplace(pfx("10.0.0.0/8"), "first");
  EXPECT_TRUE(inserted);
  EXPECT_EQ(*v, "first");
  std::string second = "second";
  auto r = t.emplace(pfx("10.0.0.0/8"), std::move(second));
  EXPECT_FALSE(r.second);
  EXPECT_EQ(*r.first, "first");
  EXPECT_EQ(second, "second");  // not consumed
  r = t.insert_or_assign(pfx("10.0.0.0/8"), "third");
  EXPECT_FALSE(r.second);
  EXPECT_EQ(*t.find(pfx("10.0.0.0/8")), "third");
  t[pfx("2001:db8::/32")] += "x";
  t[pfx("2001:db8::/32")] += "y";
  EXPECT_EQ(*t.find(pfx("2001:db8::/32")), "xy");
  EXPECT_EQ(t.size(), 2u);
  // A glue node turned into a value node is an insertion.
  t.emplace(pfx("10.1.0.0/16"), "a");
  t.emplace(pfx("10.2.0.0/16"), "b");
  EXPECT_TRUE(t.erase(pfx("10.0.0.0/8")));
  EXPECT_TRUE(t.emplace(pfx("10.0.0.0/14"), "glue").second);
  EXPECT_EQ(t.longest_match(addr("10.3.0.0")).prefix, pfx("10.0.0.0/14"));
  EXPECT_TRUE(t.check_invariants());
}

TEST(PrefixTrieTest, MoveOnlyValuesAndMutation) {
  PrefixTrie<std::unique_ptr<int>> t;
  for (int i = 0; i < 1000; ++i) {
    t.emplace(Prefix{IpAddr::v4(static_cast<uint32_t>(i) << 12), 20}, std::make_unique<int>(i));
  }
  t.for_each([](const Prefix&, std::unique_ptr<int>& v) { *v += 1; });
  EXPECT_EQ(**t.find(Prefix{IpAddr::v4(7u << 12), 20}), 8);
  auto m = t.longest_match(IpAddr::v4((7u << 12) | 5));
  ASSERT_TRUE(m);
  **m.value = 100;
  EXPECT_EQ(**t.find(Prefix{IpAddr::v4(7u << 12), 20}), 100);
  PrefixTrie<std::unique_ptr<int>> moved = std::move(t);
  EXPECT_EQ(moved.size(), 1000u);
  EXPECT_EQ(**moved.longest_match(IpAddr::v4((7u << 12) | 5)).value, 100);
  for (int i = 0; i < 1000; i += 2) {
    EXPECT_TRUE(moved.erase(Prefix{IpAddr::v4(static_cast<uint32_t>(i) << 12), 20}));
  }
  EXPECT_EQ(moved.size(), 500u);
  EXPECT_TRUE(moved.check_invariants());
}

TEST(PrefixTrieTest, CallbacksStopOnFalse) {
  PrefixTrie<int> t;
  for (int len = 0; len <= 32; ++len) {
    t.emplace(Prefix{IpAddr::v4(0x0a000000u), static_cast<uint8_t>(len)}.masked(), len);
  }
  int calls = 0;
  t.for_each([&](const Prefix&, int&) { return ++calls < 5; });
  EXPECT_EQ(calls, 5);
  calls = 0;
  t.for_each_covering(pfx("10.0.0.0/32"), [&](const Prefix&, int& v) {
    ++calls;
    return v < 10;
  });
  EXPECT_EQ(calls, 11);
  calls = 0;
  t.for_each_more_specific(pfx("10.0.0.0/8"), [&](const Prefix&, const int&) {
    ++calls;
    return false;
  });
  EXPECT_EQ(calls, 1);
}

// ---------------------------------------------------------------------------
// Random operations against a std::map reference

// Address arithmetic on the 16 big-endian bytes.
IpAddr last_address(const Prefix& p) {
  IpAddr a = p.addr;
  for (int bit = p.len; bit < a.max_len(); ++bit) a.bytes[bit / 8] |= 0x80u >> (bit % 8);
  return a;
}
bool step(IpAddr& a, int delta) {  // false on wrap-around
  for (int i = a.max_len() / 8 - 1; i >= 0; --i) {
    const int v = a.bytes[i] + delta;
    a.bytes[i] = static_cast<uint8_t>(v);
    if (v >= 0 && v <= 255) return true;
  }
  return false;
}

// Brute-force reference: the same container semantics over std::map.
template <typename V>
class Reference {
 public:
  std::map<Prefix, V> map;

  // Longest match by probing every length: at most 129 map lookups.
  const std::pair<const Prefix, V>* longest_match(const Prefix& p) const {
    for (int len = p.len; len >= 0; --len) {
      const auto it = map.find(Prefix{p.addr, static_cast<uint8_t>(len)}.masked());
      if (it != map.end()) return &*it;
    }
    return nullptr;
  }
  std::vector<Prefix> covering(const Prefix& p) const {
    std::vector<Prefix> out;
    for (const auto& [q, v] : map) {
      if (q.contains(p)) out.push_back(q);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Prefix& a, const Prefix& b) { return a.len < b.len; });
    return out;
  }
  std::vector<Prefix> more_specific(const Prefix& p) const {
    std::vector<Prefix> out;
    for (const auto& [q, v] : map) {
      if (p.contains(q)) out.push_back(q);
    }
    return out;
  }
};

// Random prefixes with plenty of nesting and repeats: half are drawn again
// from a pool of earlier ones, most new ones extend or shorten a pool prefix.
class PrefixGen {
 public:
  explicit PrefixGen(uint32_t seed) : rng_(seed) {
    for (const char* s : {"0.0.0.0/0", "::/0", "255.255.255.255/32", "0.0.0.0/32", "10.0.0.0/8",
                          "::/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "2001:db8::/32",
                          "::ffff:0:0/96", "192.168.0.0/16"}) {
      pool_.push_back(*Prefix::parse(s));
    }
  }

  std::mt19937& rng() { return rng_; }
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  Prefix next() {
    if (uniform(0, 1) == 0) return pool_[static_cast<size_t>(uniform(0, int(pool_.size()) - 1))];
    Prefix p;
    if (uniform(0, 3) != 0) {  // relative of a pool prefix
      p = pool_[static_cast<size_t>(uniform(0, int(pool_.size()) - 1))];
      const int max = p.addr.max_len();
      const int len =
          uniform(0, 2) == 0 ? uniform(0, p.len) : uniform(p.len, std::min(max, p.len + 10));
      randomize_from(p.addr, p.len);
      p.len = static_cast<uint8_t>(len);
    } else {
      p.addr.family = uniform(0, 2) == 0 ? Family::kIPv6 : Family::kIPv4;
      randomize_from(p.addr, 0);
      // Few distinct first octets so that fresh prefixes nest too.
      static constexpr uint8_t kFirst[] = {0, 10, 32, 192, 255};
      p.addr.bytes[0] = kFirst[uniform(0, 4)];
      const int max = p.addr.max_len();
      const int r = uniform(0, 9);
      p.len = static_cast<uint8_t>(r == 0 ? 0 : r == 1 ? max : uniform(1, max));
    }
    p = p.masked();
    if (pool_.size() < 400) {
      pool_.push_back(p);
    } else {
      pool_[static_cast<size_t>(uniform(0, 399))] = p;
    }
    return p;
  }

  // An address inside p (often its first or last address), or one just
  // outside it, or a random one.
  IpAddr address_near(const Prefix& p) {
    IpAddr a = p.addr;
    switch (uniform(0, 5)) {
      case 0:
        return a;
      case 1:
        return last_address(p);
      case 2:
        step(a, -1);
        return a;
      case 3:
        a = last_address(p);
        step(a, 1);
        return a;
      case 4:
        randomize_from(a, 0);
        return a;
      default:
        randomize_from(a, p.len);
        return a;
    }
  }

 private:
  void randomize_from(IpAddr& a, int from_bit) {
    for (int bit = from_bit; bit < a.max_len(); ++bit) {
      const auto m = static_cast<uint8_t>(0x80u >> (bit % 8));
      if (uniform(0, 1)) {
        a.bytes[bit / 8] |= m;
      } else {
        a.bytes[bit / 8] &= static_cast<uint8_t>(~m);
      }
    }
  }

  std::mt19937 rng_;
  std::vector<Prefix> pool_;
};

// Every breakpoint of the longest-match function (each stored prefix's first
// and last address and their neighbours) agrees with the reference.
template <typename V>
void check_all_boundaries(const PrefixTrie<V>& t, const Reference<V>& ref) {
  for (const auto& [p, v] : ref.map) {
    IpAddr probes[4] = {p.addr, last_address(p), p.addr, last_address(p)};
    const bool below = step(probes[2], -1);
    const bool above = step(probes[3], 1);
    for (int i = 0; i < 4; ++i) {
      if ((i == 2 && !below) || (i == 3 && !above)) continue;
      const auto* want = ref.longest_match(host(probes[i]));
      const auto got = t.longest_match(probes[i]);
      ASSERT_EQ(want != nullptr, static_cast<bool>(got)) << probes[i].to_string();
      if (want) {
        ASSERT_EQ(got.prefix, want->first) << probes[i].to_string();
        ASSERT_EQ(*got.value, want->second);
      }
    }
  }
}

template <typename V>
void check_everything(const PrefixTrie<V>& t, const Reference<V>& ref) {
  ASSERT_TRUE(t.check_invariants());
  ASSERT_EQ(t.size(), ref.map.size());
  const auto got = all(t);
  ASSERT_TRUE(std::equal(
      got.begin(), got.end(), ref.map.begin(), ref.map.end(),
      [](const auto& a, const auto& b) { return a.first == b.first && a.second == b.second; }));
  check_all_boundaries(t, ref);
}

// Values of two kinds: std::string is stored out of line (and owns heap
// memory, so leaks and double frees show under ASan), uint64_t in the node.
template <typename V>
V value_for(int i) {
  if constexpr (std::is_same_v<V, std::string>) {
    return "value-" + std::to_string(i) + "-long-enough-to-live-on-the-heap";
  } else {
    return static_cast<V>(i) * 0x9e3779b97f4a7c15ull;
  }
}

template <typename V>
void random_ops(uint32_t seed, bool use_index) {
  PrefixGen gen(seed);
  PrefixTrie<V> t(PrefixTrieOptions{.ipv4_lpm_index = use_index});
  Reference<V> ref;
  constexpr int kOps = 20000;
  for (int op = 0; op < kOps; ++op) {
    const Prefix p = gen.next();
    const int kind = gen.uniform(0, 99);
    SCOPED_TRACE(testing::Message() << "op " << op << " kind " << kind << " " << p.to_string());
    if (kind < 35) {
      const V v = value_for<V>(op);
      const auto [value, inserted] = t.emplace(p, v);
      const auto [it, ref_inserted] = ref.map.try_emplace(p, v);
      ASSERT_EQ(inserted, ref_inserted);
      ASSERT_EQ(*value, it->second);
    } else if (kind < 42) {
      const V v = value_for<V>(op);
      const auto [value, inserted] = t.insert_or_assign(p, v);
      const auto [it, ref_inserted] = ref.map.insert_or_assign(p, v);
      ASSERT_EQ(inserted, ref_inserted);
      ASSERT_EQ(*value, v);
    } else if (kind < 65) {
      ASSERT_EQ(t.erase(p), ref.map.erase(p) == 1);
    } else if (kind < 75) {
      const V* v = std::as_const(t).find(p);
      const auto it = ref.map.find(p);
      ASSERT_EQ(v != nullptr, it != ref.map.end());
      if (v) {
        ASSERT_EQ(*v, it->second);
      }
    } else if (kind < 85) {
      const IpAddr a = gen.address_near(p);
      const auto* want = ref.longest_match(host(a));
      const auto got = t.longest_match(a);
      ASSERT_EQ(want != nullptr, static_cast<bool>(got)) << a.to_string();
      if (want) {
        ASSERT_EQ(got.prefix, want->first) << a.to_string();
        ASSERT_EQ(*got.value, want->second);
      }
    } else if (kind < 90) {
      const auto* want = ref.longest_match(p);
      const auto got = t.longest_match(p);
      ASSERT_EQ(want != nullptr, static_cast<bool>(got));
      if (want) {
        ASSERT_EQ(got.prefix, want->first);
      }
    } else if (kind < 95) {
      ASSERT_EQ(covering(t, p), ref.covering(p));
    } else if (kind < 99) {
      ASSERT_EQ(more_specific(t, p), ref.more_specific(p));
    } else if (gen.uniform(0, 4) == 0) {
      t.shrink_to_fit();  // compaction renumbers nodes under the index
      ASSERT_TRUE(t.check_invariants());
    }
    if (op % 2500 == 2499) {
      ASSERT_NO_FATAL_FAILURE(check_everything(t, ref));
    }
  }
  ASSERT_NO_FATAL_FAILURE(check_everything(t, ref));
  EXPECT_GT(ref.map.size(), 1000u);

  // Erase everything in random order; memory goes back to nothing.
  std::vector<Prefix> order;
  for (const auto& [p, v] : ref.map) order.push_back(p);
  std::shuffle(order.begin(), order.end(), gen.rng());
  for (size_t i = 0; i < order.size(); ++i) {
    ASSERT_TRUE(t.erase(order[i]));
    ref.map.erase(order[i]);
    if (i % 1000 == 0) {
      ASSERT_NO_FATAL_FAILURE(check_everything(t, ref));
    }
  }
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.memory_bytes(), 0u);
  EXPECT_TRUE(t.check_invariants());
}

class RandomOpsTest : public ::testing::TestWithParam<std::tuple<uint32_t, bool>> {};

TEST_P(RandomOpsTest, OutOfLineValuesAgreeWithMapReference) {
  static_assert(!internal::BinaryTrie<internal::Ipv4Key, std::string>::kInlineValues);
  random_ops<std::string>(std::get<0>(GetParam()), std::get<1>(GetParam()));
}

TEST_P(RandomOpsTest, InlineValuesAgreeWithMapReference) {
  static_assert(internal::BinaryTrie<internal::Ipv4Key, uint64_t>::kInlineValues);
  random_ops<uint64_t>(std::get<0>(GetParam()) + 100, std::get<1>(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomOpsTest,
                         ::testing::Combine(::testing::Values(1u, 2u, 3u), ::testing::Bool()));

// ---------------------------------------------------------------------------
// Memory

// Table-like random prefixes: IPv4 /8../32 weighted to /24, some IPv6.
Prefix table_like(std::mt19937& rng) {
  std::uniform_int_distribution<uint32_t> u32;
  Prefix p;
  if (u32(rng) % 10 == 0) {
    p.addr.family = Family::kIPv6;
    for (auto& b : p.addr.bytes) b = static_cast<uint8_t>(u32(rng));
    p.addr.bytes[0] = 0x20;
    p.len = static_cast<uint8_t>(19 + u32(rng) % 46);
  } else {
    p.addr = IpAddr::v4(u32(rng));
    static constexpr uint8_t kLens[] = {8, 12, 16, 18, 20, 22, 23, 24, 24, 24, 24, 24, 28, 32};
    p.len = kLens[u32(rng) % std::size(kLens)];
  }
  return p.masked();
}

TEST(PrefixTrieMemoryTest, EraseEverythingReturnsToBaseline) {
  PrefixTrie<int> t;
  std::mt19937 rng(7);
  std::vector<Prefix> added;
  for (int i = 0; i < 50000; ++i) {
    const Prefix p = table_like(rng);
    if (t.emplace(p, i).second) added.push_back(p);
  }
  EXPECT_GT(t.memory_bytes(), 1000000u);
  std::shuffle(added.begin(), added.end(), rng);
  for (const Prefix& p : added) ASSERT_TRUE(t.erase(p));
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.memory_bytes(), 0u);
  EXPECT_EQ(t.node_count(), 0u);
  EXPECT_EQ(t.index_chunk_count(), 0u);
}

TEST(PrefixTrieMemoryTest, EraseMostShrinks) {
  PrefixTrie<int> t;
  t.emplace(pfx("0.0.0.0/0"), -1);
  t.emplace(pfx("::/0"), -1);
  const size_t baseline = t.memory_bytes();  // the 256 KiB first stride + 2 nodes
  std::mt19937 rng(8);
  std::vector<Prefix> added;
  for (int i = 0; i < 50000; ++i) {
    const Prefix p = table_like(rng);
    if (t.emplace(p, i).second) added.push_back(p);
  }
  const size_t full = t.memory_bytes();
  for (const Prefix& p : added) ASSERT_TRUE(t.erase(p));
  EXPECT_EQ(t.size(), 2u);
  EXPECT_TRUE(t.check_invariants());
  // Without help: at most kMinFreeToCompact-ish free nodes and 16 chunks left.
  EXPECT_LE(t.memory_bytes(), baseline + 512 * 1024) << "full: " << full;
  t.shrink_to_fit();
  EXPECT_EQ(t.memory_bytes(), baseline);
  EXPECT_EQ(t.index_chunk_count(), 0u);
  EXPECT_EQ(*t.longest_match(addr("1.2.3.4")).value, -1);
}

TEST(PrefixTrieMemoryTest, LargeValuesLiveOutsideTheNodes) {
  using Big = std::array<uint64_t, 6>;  // 48 bytes: stored out of line
  PrefixTrie<Big> t;
  std::mt19937 rng(10);
  for (int i = 0; i < 20000; ++i) {
    Prefix p = table_like(rng);
    p.addr.family = Family::kIPv6;  // IPv6 only: no IPv4 index in the count
    t.emplace(p.masked(), Big{});
  }
  EXPECT_GT(t.node_count(), t.size() + t.size() / 2);  // plenty of glue nodes
  // Nodes (32 bytes for IPv6) plus one Big per stored prefix, each arena
  // rounded up to whole blocks of 1024, plus the block tables.
  const size_t bound = (t.node_count() + 1024) * 32 + (t.size() + 1024) * sizeof(Big) + 4096;
  EXPECT_LE(t.memory_bytes(), bound);
  EXPECT_GT(t.memory_bytes(), t.node_count() * 32 + t.size() * sizeof(Big));
}

TEST(PrefixTrieMemoryTest, ChurnDoesNotGrow) {
  PrefixTrie<int> t;
  std::mt19937 rng(9);
  std::vector<Prefix> live;
  while (live.size() < 20000) {
    const Prefix p = table_like(rng);
    if (t.emplace(p, 0).second) live.push_back(p);
  }
  const size_t loaded = t.memory_bytes();
  size_t peak = loaded;
  // Five times the table size in replacements: without reuse of freed nodes
  // and chunks memory would grow several-fold.
  for (int i = 0; i < 100000; ++i) {
    const size_t k = rng() % live.size();
    ASSERT_TRUE(t.erase(live[k]));
    Prefix p;
    do {
      p = table_like(rng);
    } while (!t.emplace(p, i).second);
    live[k] = p;
    peak = std::max(peak, t.memory_bytes());
  }
  EXPECT_TRUE(t.check_invariants());
  EXPECT_EQ(t.size(), live.size());
  EXPECT_LE(t.node_count(), 2 * t.size());
  EXPECT_LE(peak, 2 * loaded) << "loaded " << loaded << " peak " << peak;
}

// ---------------------------------------------------------------------------
// The real jinx full table

constexpr char kJinxRib[] = "mrt/libbgpstream/routeviews.route-views.jinx.ribs.1401487200.bz2";

// Unique prefixes of the jinx RIB (host bits cleared), sorted.
const std::vector<Prefix>& jinx_prefixes() {
  static const std::vector<Prefix> prefixes = [] {
    std::vector<Prefix> out;
    const std::string path = test::data_dir() + "/" + kJinxRib;
    auto src = io::open_input(path);
    if (!src) return out;
    dump::MrtStream stream(std::make_unique<io::BufferedReader>(std::move(*src)), path);
    const Status s = stream.run(
        [&](const dump::RecordView&, std::span<const dump::Element> elems) {
          for (const dump::Element& e : elems) {
            if (e.type != dump::ElemType::kRibEntry) continue;
            const Prefix p = e.prefix.masked();
            if (out.empty() || out.back() != p) out.push_back(p);
          }
        },
        [](const dump::Diagnostic&) {});
    EXPECT_TRUE(s.ok()) << s.error().to_string();
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }();
  return prefixes;
}

class JinxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VIGIL_REQUIRE_DATA();
    if (!std::filesystem::exists(test::data_dir() + "/" + kJinxRib)) {
      GTEST_SKIP() << "jinx RIB not found under " << test::data_dir() << "/mrt";
    }
    ASSERT_GT(jinx_prefixes().size(), 400000u);
  }
};

uint64_t v4_key(uint32_t addr, int len) {
  return (uint64_t{addr} << 8) | static_cast<uint64_t>(len);
}

TEST_F(JinxTest, LongestMatchAgreesWithProbing) {
  const std::vector<Prefix>& prefixes = jinx_prefixes();
  PrefixTrie<uint32_t> t;
  PrefixTrie<uint32_t> plain(PrefixTrieOptions{.ipv4_lpm_index = false});
  std::unordered_set<uint64_t> v4;
  std::set<Prefix> v6;
  std::vector<Prefix> v4_prefixes;
  for (uint32_t i = 0; i < prefixes.size(); ++i) {
    ASSERT_TRUE(t.emplace(prefixes[i], i).second);
    ASSERT_TRUE(plain.emplace(prefixes[i], i).second);
    if (prefixes[i].addr.is_v4()) {
      v4.insert(v4_key(prefixes[i].addr.v4_host_order(), prefixes[i].len));
      v4_prefixes.push_back(prefixes[i]);
    } else {
      v6.insert(prefixes[i]);
    }
  }
  ASSERT_EQ(t.size(), prefixes.size());
  ASSERT_TRUE(t.check_invariants());
  ASSERT_TRUE(plain.check_invariants());
  EXPECT_GT(t.index_chunk_count(), 10000u);
  std::printf(
      "jinx: %zu prefixes (%zu IPv4), %zu nodes, %zu index chunks, %.1f MB (%.1f MB "
      "without the index)\n",
      t.size(), v4_prefixes.size(), t.node_count(), t.index_chunk_count(), t.memory_bytes() / 1e6,
      plain.memory_bytes() / 1e6);

  // Exact finds and order.
  for (uint32_t i = 0; i < prefixes.size(); ++i) {
    const uint32_t* v = t.find(prefixes[i]);
    ASSERT_TRUE(v && *v == i) << prefixes[i].to_string();
  }
  uint32_t next = 0;
  t.for_each([&](const Prefix& p, uint32_t v) {
    EXPECT_EQ(v, next);
    ++next;
  });
  EXPECT_EQ(next, prefixes.size());

  // 100k IPv4 addresses: half inside random table prefixes, half uniform.
  std::mt19937 rng(2014);
  std::uniform_int_distribution<uint32_t> u32;
  for (int i = 0; i < 100000; ++i) {
    uint32_t a = u32(rng);
    if (i % 2 == 0) {
      const Prefix& p = v4_prefixes[u32(rng) % v4_prefixes.size()];
      const uint32_t host_mask = p.len == 32 ? 0 : 0xffffffffu >> p.len;
      a = p.addr.v4_host_order() | (a & host_mask);
    }
    int want_len = -1;
    for (int len = 32; len >= 0 && want_len < 0; --len) {
      const uint32_t masked = len == 0 ? 0 : a & (0xffffffffu << (32 - len));
      if (v4.count(v4_key(masked, len))) want_len = len;
    }
    const IpAddr ip = IpAddr::v4(a);
    const auto got = t.longest_match(ip);
    const auto got_plain = plain.longest_match(ip);
    ASSERT_EQ(static_cast<bool>(got), want_len >= 0) << ip.to_string();
    ASSERT_EQ(static_cast<bool>(got_plain), want_len >= 0) << ip.to_string();
    if (want_len >= 0) {
      ASSERT_EQ(got.prefix.len, want_len) << ip.to_string();
      ASSERT_TRUE(got.prefix.contains(host(ip))) << ip.to_string();
      ASSERT_EQ(prefixes[*got.value], got.prefix);
      ASSERT_EQ(got_plain.prefix, got.prefix);
    }
  }

  // IPv6: addresses inside each table prefix and random ones in 2000::/3.
  for (const Prefix& p : v6) {
    for (int k = 0; k < 20; ++k) {
      IpAddr a = p.addr;
      for (int bit = (k < 10 ? p.len : 3); bit < 128; ++bit) {
        if (u32(rng) & 1) a.bytes[bit / 8] ^= static_cast<uint8_t>(0x80u >> (bit % 8));
      }
      const Prefix* want = nullptr;
      for (int len = 128; len >= 0 && !want; --len) {
        const auto it = v6.find(Prefix{a, static_cast<uint8_t>(len)}.masked());
        if (it != v6.end()) want = &*it;
      }
      const auto got = t.longest_match(a);
      ASSERT_EQ(static_cast<bool>(got), want != nullptr) << a.to_string();
      if (want) {
        ASSERT_EQ(got.prefix, *want) << a.to_string();
      }
    }
  }
}

TEST_F(JinxTest, EraseInRandomOrderKeepsLookupsRightAndFreesEverything) {
  const std::vector<Prefix>& prefixes = jinx_prefixes();
  PrefixTrie<uint32_t> t;
  for (uint32_t i = 0; i < prefixes.size(); ++i) t.emplace(prefixes[i], i);
  std::vector<uint32_t> order(prefixes.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 rng(30);
  std::shuffle(order.begin(), order.end(), rng);

  const size_t half = order.size() / 2;
  for (size_t i = 0; i < half; ++i) ASSERT_TRUE(t.erase(prefixes[order[i]]));
  ASSERT_TRUE(t.check_invariants());
  std::unordered_set<uint64_t> left;
  for (size_t i = half; i < order.size(); ++i) {
    const Prefix& p = prefixes[order[i]];
    if (p.addr.is_v4()) left.insert(v4_key(p.addr.v4_host_order(), p.len));
  }
  std::uniform_int_distribution<uint32_t> u32;
  for (int i = 0; i < 20000; ++i) {
    const uint32_t a = u32(rng);
    int want_len = -1;
    for (int len = 32; len >= 0 && want_len < 0; --len) {
      const uint32_t masked = len == 0 ? 0 : a & (0xffffffffu << (32 - len));
      if (left.count(v4_key(masked, len))) want_len = len;
    }
    const auto got = t.longest_match(IpAddr::v4(a));
    ASSERT_EQ(static_cast<bool>(got), want_len >= 0);
    if (got) {
      ASSERT_EQ(got.prefix.len, want_len);
    }
  }

  for (size_t i = half; i < order.size(); ++i) ASSERT_TRUE(t.erase(prefixes[order[i]]));
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.memory_bytes(), 0u);
}

}  // namespace
}  // namespace vigil::rib
