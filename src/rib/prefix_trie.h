// PrefixTrie<V>: a map from IP prefixes (IPv4 and IPv6 in one container) to
// values, with exact lookup, longest-prefix match, covering (less-specific)
// and more-specific queries.
//
//   rib::PrefixTrie<RouteId> t;
//   t.emplace(*Prefix::parse("10.0.0.0/8"), 1);
//   t.emplace(*Prefix::parse("10.1.0.0/16"), 2);
//   if (auto m = t.longest_match(*IpAddr::parse("10.1.2.3"))) use(m.prefix, *m.value);
//   // 10.1.0.0/16 t.for_each_covering(p, [](const Prefix& q, RouteId& v) { ... });  // shortest
//   first
//
// Design
// ======
//
//   PrefixTrie<V>
//   ├── v4_     BinaryTrie<Ipv4Key, V>   path-compressed binary trie of IPv4 prefixes
//   ├── v6_     BinaryTrie<Ipv6Key, V>   the same for IPv6 (128-bit keys)
//   └── index_  Ipv4StrideIndex          16-8-8 stride table over v4_'s node ids:
//                                        the IPv4 longest-match fast path
//
// 1. Path-compressed binary trie (one per family). Each node holds its full
//    key (host bits zero) and length; a child is longer than its parent and
//    agrees with it on the parent's bits; bit `parent.len` of the child's key
//    says which side it hangs on. Nodes without a value ("glue") exist only
//    where two subtrees diverge, so there are fewer than size() of them. E.g.
//
//                        0.0.0.0/0 *                       (* = has a value)
//                       /           \____________
//                10.0.0.0/8 *              192.168.0.0/16    (glue)
//               /          \_____             /       \_______
//        10.1.0.0/16 *   10.128.0.0/9 *  192.168.1.0/24 *   192.168.128.0/17 *
//
//    Nodes live in an arena of fixed blocks of 1024 (growing never moves
//    them; slack is under one block) and link by 32-bit ids. A V of up to 8
//    bytes is stored in the node (20 bytes per IPv4 node for a 4-byte V);
//    a larger V goes to a separate arena of values and the node keeps a
//    32-bit slot, so the glue nodes (~45% of nodes on a full table) do not
//    each carry an unused V. Erased nodes and values go on free lists that
//    inserts reuse, so churn does not grow memory; when more than half of
//    an arena is free (and at least 4096 slots), both are rebuilt densely in
//    pre-order (which also restores locality), and when a family becomes
//    empty its memory is released.
//
// 2. IPv4 longest-match index (on by default; PrefixTrieOptions). Walking the
//    trie costs one dependent load per level (22 levels on average on a full
//    table, the lower ~10 of them cache misses): about 1.5M lookups/s. So a
//    16-8-8 stride table answers an IPv4 lookup in at most three loads plus
//    the node:
//
//      addr = a.b.c.d
//      l1_[a.b]  (65536 entries, 256 KiB) ─ leaf ─► node id of the longest
//        │                                          match for all of a.b/16
//        └ chunk c2 ─► pool_[c2*256 + c] ─ leaf ─► node id
//                        └ chunk c3 ─► pool_[c3*256 + d] ─► node id
//
//    An entry is a node id (or kEmpty), or a reference to a 256-entry chunk
//    (top bit set). A chunk exists only below an entry whose range contains a
//    prefix longer than the stride; chunks are never uniform. It is updated
//    on every insert/erase (no rebuilds, no dirty flag):
//      insert P/len: for each entry in P's range (recursing into chunks),
//        overwrite it if it is empty or its prefix is shorter than len; a
//        /17../32 first splits the /16 (and /24) entry into a chunk filled
//        with the entry's old value.
//      erase P: entries equal to P become P's longest stored ancestor; chunks
//        that become uniform collapse back into their parent entry and are
//        freed by moving the last chunk into the hole, so the pool stays
//        dense.
//    Update cost is the number of entries P covers: one for a /16, /24 or
//    /32; on a full table a /8 touches ~20k entries (~17 us) and a /0 all
//    5.3M (~13 ms).
//    The index also answers most exact lookups: the longest match R of p's
//    first address is p itself when p is stored (unless a more specific
//    prefix shadows that address), and R shorter than p means p is absent.
//    So find(), emplace() of a present prefix and longest_match(Prefix) cost
//    two loads, and an insert walks the trie from R rather than the root.
//    Memory: 256 KiB + 1 KiB per /16 (and /24) holding longer prefixes; for
//    the 2014 jinx full table (497k prefixes, 913k nodes = 18.3 MB) that is
//    20.5k chunks, 24.4 MB with growth slack. Switch it off for many small
//    tries (e.g. one per peer) where lookups are rare; IPv4 lookups then
//    walk the trie. IPv6 always walks the trie.
//
//    Measured (bench/rib/trie_bench.cc, jinx table, one 2.6 GHz Xeon core,
//    -O2; first figure on a quiet machine, second with a fuzzer running on
//    the other core): IPv4 longest match 37M/25M per second for addresses
//    inside table prefixes and 45M/25M for uniform random ones (walking the
//    trie instead: 1.5M/1.1M and 4.3M/3.4M); exact find 17M/13M; building
//    from the RIB in file order 67/84 ms, in random order 0.37/0.53 s (cache
//    misses in the trie walk).
//
// Preconditions
//   * Prefixes passed in must have their host bits cleared (use
//     Prefix::masked()) and len <= addr.max_len(). Debug builds assert it;
//     release builds ignore the host bits.
//   * V must be move-constructible (compaction moves values).
//
// Lifetimes
//   * Pointers returned (find, emplace, longest_match, the V& given to
//     callbacks) are valid until the next insert or erase of any prefix (or
//     clear(), shrink_to_fit(), destruction): erasing may compact the arena,
//     which moves values, and later versions may move them on insert too.
//   * Callbacks must not insert or erase.
//
// Thread safety: const methods do not modify anything (no lazy rebuilds), so
// concurrent readers are safe without a writer.
//
// Errors: none are reported; the container does not throw except for
// std::bad_alloc (and whatever V's constructors throw).
#pragma once

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/ip.h"

namespace vigil::rib {

// The result of a longest-prefix match: the stored prefix and its value, or
// empty (value == nullptr) when no stored prefix contains the query.
template <typename T>
struct PrefixMatch {
  Prefix prefix;
  T* value = nullptr;

  explicit operator bool() const { return value != nullptr; }
};

struct PrefixTrieOptions {
  // Keep the IPv4 16-8-8 longest-match index (see the design notes above):
  // 256 KiB + ~50 bytes per IPv4 prefix on a full table, for IPv4 longest
  // match ~25x and exact find ~8x faster than walking the trie.
  bool ipv4_lpm_index = true;
};

namespace internal {

inline constexpr uint32_t kNil = 0xffffffffu;

// Key arithmetic for a family: keys are addresses as big-endian integers,
// so bit 0 is the most significant bit of the address.
struct Ipv4Key {
  using Key = uint32_t;
  static constexpr int kBits = 32;

  static Key from_addr(const IpAddr& a) { return a.v4_host_order(); }
  static IpAddr to_addr(Key k) { return IpAddr::v4(k); }
  // Bit i (0 = most significant). REQUIRES: 0 <= i < 32.
  static unsigned bit(Key k, int i) { return (k >> (31 - i)) & 1u; }
  // k with the bits from `len` on cleared. REQUIRES: 0 <= len <= 32.
  static Key mask(Key k, int len) { return len == 0 ? 0 : k & (~Key{0} << (32 - len)); }
  // How many leading bits a and b share (32 when equal).
  static int common_bits(Key a, Key b) { return std::countl_zero(a ^ b); }
};

struct Uint128 {
  uint64_t hi = 0;
  uint64_t lo = 0;
  bool operator==(const Uint128&) const = default;
};

struct Ipv6Key {
  using Key = Uint128;
  static constexpr int kBits = 128;

  static Key from_addr(const IpAddr& a) {
    Key k;
    for (int i = 0; i < 8; ++i) {
      k.hi = (k.hi << 8) | a.bytes[i];
      k.lo = (k.lo << 8) | a.bytes[8 + i];
    }
    return k;
  }
  static IpAddr to_addr(Key k) {
    IpAddr a;
    a.family = Family::kIPv6;
    for (int i = 0; i < 8; ++i) {
      a.bytes[i] = static_cast<uint8_t>(k.hi >> (56 - 8 * i));
      a.bytes[8 + i] = static_cast<uint8_t>(k.lo >> (56 - 8 * i));
    }
    return a;
  }
  static unsigned bit(const Key& k, int i) {
    return i < 64 ? (k.hi >> (63 - i)) & 1u : (k.lo >> (127 - i)) & 1u;
  }
  static Key mask(const Key& k, int len) {
    if (len <= 0) return {};
    if (len < 64) return {k.hi & (~uint64_t{0} << (64 - len)), 0};
    if (len == 64) return {k.hi, 0};
    if (len < 128) return {k.hi, k.lo & (~uint64_t{0} << (128 - len))};
    return k;
  }
  static int common_bits(const Key& a, const Key& b) {
    if (const uint64_t x = a.hi ^ b.hi; x != 0) return std::countl_zero(x);
    return 64 + std::countl_zero(a.lo ^ b.lo);
  }
};

// Slots of 1024 objects in fixed blocks, addressed by 32-bit ids, with a
// free list: growing never moves anything and wastes under one block.
inline constexpr int kBlockBits = 10;
inline constexpr uint32_t kBlockSize = uint32_t{1} << kBlockBits;

// Values kept apart from the nodes (for V larger than 8 bytes, so that glue
// nodes do not each carry an unused V). The owner constructs and destroys
// values; reset() drops the storage.
template <typename V>
class ValueArena {
 public:
  ValueArena() = default;
  ValueArena(ValueArena&& o) noexcept { *this = std::move(o); }
  ValueArena& operator=(ValueArena&& o) noexcept {
    blocks_ = std::move(o.blocks_);
    o.blocks_.clear();
    used_ = std::exchange(o.used_, 0);
    free_head_ = std::exchange(o.free_head_, kNil);
    free_count_ = std::exchange(o.free_count_, 0);
    return *this;
  }

  template <typename... Args>
  uint32_t create(Args&&... args) {
    uint32_t id;
    if (free_head_ != kNil) {
      id = free_head_;
      free_head_ = slot(id).next_free;
      --free_count_;
    } else {
      if (used_ == blocks_.size() * kBlockSize) {
        blocks_.push_back(std::make_unique<Slot[]>(kBlockSize));
      }
      id = used_++;
    }
    ::new (static_cast<void*>(std::addressof(slot(id).value))) V(std::forward<Args>(args)...);
    return id;
  }
  void destroy(uint32_t id) {
    Slot& s = slot(id);
    s.value.~V();
    s.next_free = free_head_;
    free_head_ = id;
    ++free_count_;
  }
  V& operator[](uint32_t id) { return slot(id).value; }
  const V& operator[](uint32_t id) const {
    return blocks_[id >> kBlockBits][id & (kBlockSize - 1)].value;
  }

  size_t live() const { return used_ - free_count_; }
  size_t free_count() const { return free_count_; }
  size_t memory_bytes() const {
    return blocks_.size() * kBlockSize * sizeof(Slot) + blocks_.capacity() * sizeof(blocks_[0]);
  }
  // REQUIRES: every value was destroyed (or is trivially destructible).
  void reset() {
    decltype(blocks_)().swap(blocks_);
    used_ = 0;
    free_head_ = kNil;
    free_count_ = 0;
  }

 private:
  union Slot {
    Slot() {}   // NOLINT(modernize-use-equals-default): V may be non-trivial
    ~Slot() {}  // NOLINT(modernize-use-equals-default)
    V value;
    uint32_t next_free;
  };
  Slot& slot(uint32_t id) { return blocks_[id >> kBlockBits][id & (kBlockSize - 1)]; }

  std::vector<std::unique_ptr<Slot[]>> blocks_;
  uint32_t used_ = 0;
  uint32_t free_head_ = kNil;
  size_t free_count_ = 0;
};

// One family's path-compressed binary trie over an id-linked node arena.
// Ids are stable until compact(). Not for direct use: PrefixTrie adds the
// Prefix interface and keeps the IPv4 index in step.
template <typename Traits, typename V>
class BinaryTrie {
 public:
  using Key = typename Traits::Key;
  static constexpr int kBits = Traits::kBits;
  // Below this many free slots the arenas are never compacted.
  static constexpr size_t kMinFreeToCompact = 4096;
  // Small values live in the node; larger ones in a ValueArena, so that glue
  // nodes cost only the node (20 bytes for IPv4, 32 for IPv6).
  static constexpr bool kInlineValues = sizeof(V) <= 8 && alignof(V) <= 8;

  struct InlineNode {
    Key key{};
    uint32_t child[2] = {kNil, kNil};
    uint8_t len = 0;
    bool has_value = false;
    union {
      V value;
    };

    InlineNode() {}  // NOLINT(modernize-use-equals-default): the union needs it
    InlineNode(const InlineNode&) = delete;
    InlineNode& operator=(const InlineNode&) = delete;
    ~InlineNode() {
      if (has_value) value.~V();
    }
  };
  struct OutOfLineNode {
    Key key{};
    uint32_t child[2] = {kNil, kNil};
    uint32_t slot = kNil;  // in values_, kNil for glue
    uint8_t len = 0;
  };
  using Node = std::conditional_t<kInlineValues, InlineNode, OutOfLineNode>;

  struct EraseResult {
    bool erased = false;
    uint32_t id = kNil;        // the erased node's (now freed) id
    uint32_t ancestor = kNil;  // longest stored prefix strictly containing it
  };

  BinaryTrie() = default;
  BinaryTrie(BinaryTrie&& o) noexcept { *this = std::move(o); }
  BinaryTrie& operator=(BinaryTrie&& o) noexcept {
    destroy_out_of_line_values();
    blocks_ = std::move(o.blocks_);
    o.blocks_.clear();
    values_ = std::move(o.values_);
    used_ = std::exchange(o.used_, 0);
    root_ = std::exchange(o.root_, kNil);
    free_head_ = std::exchange(o.free_head_, kNil);
    free_count_ = std::exchange(o.free_count_, 0);
    size_ = std::exchange(o.size_, 0);
    return *this;
  }
  ~BinaryTrie() { destroy_out_of_line_values(); }

  size_t size() const { return size_; }
  uint32_t root() const { return root_; }
  const Node& node(uint32_t id) const { return at(id); }
  // The value of node `id`. REQUIRES: holds_value(id).
  V& value(uint32_t id) { return value_of(at(id)); }
  const V& value(uint32_t id) const { return value_of(at(id)); }
  Prefix prefix_of(uint32_t id) const {
    Prefix p;
    p.addr = Traits::to_addr(at(id).key);
    p.len = at(id).len;
    return p;
  }
  // For Ipv4StrideIndex: the length of node `id` of the trie at `self`.
  static int len_of(const void* self, uint32_t id) {
    return static_cast<const BinaryTrie*>(self)->at(id).len;
  }

  size_t memory_bytes() const {
    return blocks_.size() * kBlockSize * sizeof(Node) + blocks_.capacity() * sizeof(blocks_[0]) +
           values_.memory_bytes();
  }
  size_t node_count() const { return used_ - free_count_; }
  bool holds_value(uint32_t id) const { return id < used_ && has_value(at(id)); }

  // Id of the node holding exactly key/len with a value, else kNil.
  uint32_t find(const Key& key, int len) const {
    uint32_t id = root_;
    while (id != kNil) {
      const Node& n = at(id);
      if (n.len >= len) {
        return n.len == len && n.key == key && has_value(n) ? id : kNil;
      }
      id = n.child[Traits::bit(key, n.len)];
    }
    return kNil;
  }

  // Id of the longest stored prefix containing key/len, else kNil.
  uint32_t longest_match(const Key& key, int len) const {
    uint32_t best = kNil;
    uint32_t id = root_;
    while (id != kNil) {
      const Node& n = at(id);
      if (n.len > len || Traits::common_bits(n.key, key) < n.len) break;
      if (has_value(n)) best = id;
      if (n.len == len) break;
      id = n.child[Traits::bit(key, n.len)];
    }
    return best;
  }

  // Calls f(id) for each stored prefix containing key/len, shortest first,
  // until f returns false. Returns false if stopped.
  template <typename F>
  bool covering(const Key& key, int len, F&& f) const {
    uint32_t id = root_;
    while (id != kNil) {
      const Node& n = at(id);
      if (n.len > len || Traits::common_bits(n.key, key) < n.len) break;
      if (has_value(n) && !f(id)) return false;
      if (n.len == len) break;
      id = n.child[Traits::bit(key, n.len)];
    }
    return true;
  }

  // Calls f(id) for each stored prefix inside key/len in address order.
  template <typename F>
  bool more_specific(const Key& key, int len, F&& f) const {
    uint32_t id = root_;
    while (id != kNil && at(id).len < len) {
      id = at(id).child[Traits::bit(key, at(id).len)];
    }
    if (id == kNil || Traits::common_bits(at(id).key, key) < len) return true;
    return walk(id, [&](uint32_t i) { return !has_value(at(i)) || f(i); });
  }

  // Calls f(id) for every stored prefix in address order.
  template <typename F>
  bool for_each(F&& f) const {
    return walk(root_, [&](uint32_t i) { return !has_value(at(i)) || f(i); });
  }

  // Inserts key/len with V(args...) unless it holds a value already.
  // Returns the node id and whether it was inserted. Invalidates Node&.
  // `start`, if not kNil, is a node known to contain key/len and shorter
  // than it (a stored ancestor): the walk begins below it.
  template <typename... Args>
  std::pair<uint32_t, bool> try_emplace(uint32_t start, const Key& key, int len, Args&&... args) {
    uint32_t parent = kNil;
    unsigned side = 0;
    uint32_t id = root_;
    if (start != kNil) {
      assert(at(start).len < len && Traits::common_bits(at(start).key, key) >= at(start).len);
      parent = start;
      side = Traits::bit(key, at(start).len);
      id = at(start).child[side];
    }
    while (id != kNil) {
      Node& n = at(id);
      const int common = std::min({Traits::common_bits(n.key, key), int{n.len}, len});
      if (common == n.len) {
        if (n.len == len) {
          if (has_value(n)) return {id, false};
          set_value(n, std::forward<Args>(args)...);
          ++size_;
          return {id, true};
        }
        parent = id;
        side = Traits::bit(key, n.len);
        id = n.child[side];
        continue;
      }
      // The new prefix leaves n's path at bit `common` (common < n.len).
      const Key old_key = n.key;  // n dangles once we allocate
      uint32_t top;
      uint32_t leaf;
      if (common == len) {  // new prefix contains n: becomes its parent
        leaf = top = alloc(key, len);
        at(top).child[Traits::bit(old_key, len)] = id;
      } else {  // siblings under a new glue node
        top = alloc(Traits::mask(key, common), common);
        leaf = alloc(key, len);
        at(top).child[Traits::bit(key, common)] = leaf;
        at(top).child[Traits::bit(old_key, common)] = id;
      }
      set_value(at(leaf), std::forward<Args>(args)...);
      link(parent, side, top);
      ++size_;
      return {leaf, true};
    }
    const uint32_t leaf = alloc(key, len);
    set_value(at(leaf), std::forward<Args>(args)...);
    link(parent, side, leaf);
    ++size_;
    return {leaf, true};
  }

  // Removes the value at key/len and the nodes that become useless.
  EraseResult erase(const Key& key, int len) {
    uint32_t grandparent = kNil, parent = kNil;
    unsigned parent_side = 0, side = 0;
    uint32_t ancestor = kNil;
    uint32_t id = root_;
    while (id != kNil && at(id).len < len) {
      const Node& n = at(id);
      // On the path to an existing node every node is its ancestor.
      if (has_value(n)) ancestor = id;
      grandparent = parent;
      parent_side = side;
      parent = id;
      side = Traits::bit(key, n.len);
      id = n.child[side];
    }
    if (id == kNil) return {};
    Node& n = at(id);
    if (n.len != len || !(n.key == key) || !has_value(n)) return {};
    reset_value(n);
    --size_;
    const uint32_t c0 = n.child[0], c1 = n.child[1];
    if (c0 != kNil && c1 != kNil) return {true, id, ancestor};  // stays as glue
    if (c0 != kNil || c1 != kNil) {
      link(parent, side, c0 != kNil ? c0 : c1);
      release(id);
      return {true, id, ancestor};
    }
    link(parent, side, kNil);
    release(id);
    if (parent != kNil && !has_value(at(parent))) {  // glue left with one child
      link(grandparent, parent_side, at(parent).child[side ^ 1]);
      release(parent);
    }
    return {true, id, ancestor};
  }

  bool should_compact() const {
    const bool nodes = free_count_ >= kMinFreeToCompact && free_count_ > used_ - free_count_;
    const bool values =
        values_.free_count() >= kMinFreeToCompact && values_.free_count() > values_.live();
    return nodes || values;
  }

  // Rebuilds the arena densely in pre-order (which also puts subtrees
  // together in memory). Returns old id -> new id (kNil for free slots).
  std::vector<uint32_t> compact() {
    std::vector<uint32_t> new_id(used_, kNil);
    BinaryTrie fresh;
    fresh.blocks_.reserve((used_ - free_count_ + kBlockSize - 1) / kBlockSize);
    walk(root_, [&](uint32_t i) {
      const uint32_t j = fresh.new_slot();
      new_id[i] = j;
      Node& n = fresh.at(j);
      Node& old = at(i);
      n.key = old.key;
      n.len = old.len;
      n.child[0] = old.child[0];
      n.child[1] = old.child[1];
      if (has_value(old)) {
        fresh.set_value(n, std::move(value_of(old)));
        reset_value(old);
      }
      return true;
    });
    for (uint32_t j = 0; j < fresh.used_; ++j) {
      for (uint32_t& c : fresh.at(j).child) {
        if (c != kNil) c = new_id[c];
      }
    }
    fresh.root_ = root_ == kNil ? kNil : new_id[root_];
    fresh.size_ = size_;
    *this = std::move(fresh);
    return new_id;
  }

  void clear() {
    destroy_out_of_line_values();
    values_.reset();
    decltype(blocks_)().swap(blocks_);
    used_ = 0;
    root_ = free_head_ = kNil;
    free_count_ = size_ = 0;
  }

  // Structural invariants; for tests.
  bool check() const {
    size_t values = 0;
    size_t reachable = 0;
    bool ok = check_node(root_, -1, Key{}, &values, &reachable);
    size_t free_nodes = 0;
    for (uint32_t f = free_head_; f != kNil && free_nodes <= used_; f = at(f).child[0]) {
      ok = ok && !has_value(at(f));
      ++free_nodes;
    }
    if constexpr (!kInlineValues) ok = ok && values_.live() == size_;
    return ok && values == size_ && free_nodes == free_count_ && reachable + free_count_ == used_;
  }

 private:
  // Pre-order walk of all nodes (glue too) under `id`; f(id) -> bool.
  template <typename F>
  bool walk(uint32_t id, F&& f) const {
    if (id == kNil) return true;
    uint32_t stack[kBits + 2];  // one pending right child per level
    int top = 0;
    stack[top++] = id;
    while (top > 0) {
      const uint32_t i = stack[--top];
      if (!f(i)) return false;
      const Node& n = at(i);
      if (n.child[1] != kNil) stack[top++] = n.child[1];
      if (n.child[0] != kNil) stack[top++] = n.child[0];
    }
    return true;
  }

  bool check_node(uint32_t id, int parent_len, const Key& parent_key, size_t* values,
                  size_t* reachable) const {
    if (id == kNil) return true;
    if (id >= used_) return false;
    const Node& n = at(id);
    ++*reachable;
    if (has_value(n)) ++*values;
    if (n.len <= parent_len || n.len > kBits || !(Traits::mask(n.key, n.len) == n.key))
      return false;
    if (parent_len >= 0 && Traits::common_bits(n.key, parent_key) < parent_len) return false;
    if (!has_value(n) && (n.child[0] == kNil || n.child[1] == kNil)) return false;  // useless glue
    for (unsigned s = 0; s < 2; ++s) {
      const uint32_t c = n.child[s];
      if (c == kNil) continue;
      if (c >= used_ || at(c).len <= n.len || Traits::bit(at(c).key, n.len) != s) {
        return false;
      }
      if (!check_node(c, n.len, n.key, values, reachable)) return false;
    }
    return true;
  }

  uint32_t alloc(const Key& key, int len) {
    uint32_t id;
    if (free_head_ != kNil) {
      id = free_head_;
      free_head_ = at(id).child[0];
      --free_count_;
    } else {
      id = new_slot();
    }
    Node& n = at(id);
    n.key = key;
    n.len = static_cast<uint8_t>(len);
    n.child[0] = n.child[1] = kNil;
    return id;
  }

  void release(uint32_t id) {
    Node& n = at(id);
    reset_value(n);
    n.child[0] = free_head_;
    n.child[1] = kNil;
    free_head_ = id;
    ++free_count_;
  }

  void link(uint32_t parent, unsigned side, uint32_t id) {
    if (parent == kNil) {
      root_ = id;
    } else {
      at(parent).child[side] = id;
    }
  }

  bool has_value(const Node& n) const {
    if constexpr (kInlineValues) {
      return n.has_value;
    } else {
      return n.slot != kNil;
    }
  }
  V& value_of(Node& n) {
    if constexpr (kInlineValues) {
      return n.value;
    } else {
      return values_[n.slot];
    }
  }
  const V& value_of(const Node& n) const {
    if constexpr (kInlineValues) {
      return n.value;
    } else {
      return values_[n.slot];
    }
  }
  template <typename... Args>
  void set_value(Node& n, Args&&... args) {
    assert(!has_value(n));
    if constexpr (kInlineValues) {
      ::new (static_cast<void*>(std::addressof(n.value))) V(std::forward<Args>(args)...);
      n.has_value = true;
    } else {
      n.slot = values_.create(std::forward<Args>(args)...);
    }
  }
  void reset_value(Node& n) {
    if (!has_value(n)) return;
    if constexpr (kInlineValues) {
      n.value.~V();
      n.has_value = false;
    } else {
      values_.destroy(n.slot);
      n.slot = kNil;
    }
  }
  // Inline values die with their nodes; out-of-line ones need this.
  void destroy_out_of_line_values() {
    if constexpr (!kInlineValues && !std::is_trivially_destructible_v<V>) {
      for (uint32_t id = 0; id < used_; ++id) reset_value(at(id));
    }
  }

  Node& at(uint32_t id) { return blocks_[id >> kBlockBits][id & (kBlockSize - 1)]; }
  const Node& at(uint32_t id) const { return blocks_[id >> kBlockBits][id & (kBlockSize - 1)]; }

  // A never-used slot at the end of the arena.
  uint32_t new_slot() {
    assert(used_ < 0x7fffffffu);  // ids must fit the index's 31 bits
    if (used_ == blocks_.size() * kBlockSize)
      blocks_.push_back(std::make_unique<Node[]>(kBlockSize));
    return used_++;
  }

  std::vector<std::unique_ptr<Node[]>> blocks_;  // the node arena
  ValueArena<V> values_;                         // unused when kInlineValues
  uint32_t used_ = 0;  // slots ever handed out (ids < used_), free ones included
  uint32_t root_ = kNil;
  uint32_t free_head_ = kNil;  // free list threaded through child[0]
  size_t free_count_ = 0;
  size_t size_ = 0;  // nodes with a value
};

// The IPv4 16-8-8 longest-match index (see the design notes at the top).
// Entries are ids of an IPv4 BinaryTrie's nodes; the trie is passed in where
// the index needs node lengths.
class Ipv4StrideIndex {
 public:
  static constexpr uint32_t kEmpty = 0x7fffffffu;  // no stored prefix covers it
  using LenFn = int (*)(const void* ctx, uint32_t id);
  using ValuedFn = bool (*)(const void* ctx, uint32_t id);

  Ipv4StrideIndex() = default;
  Ipv4StrideIndex(Ipv4StrideIndex&& o) noexcept { *this = std::move(o); }
  Ipv4StrideIndex& operator=(Ipv4StrideIndex&& o) noexcept;

  // Node id of the longest stored prefix containing `addr`, or kEmpty.
  uint32_t lookup(uint32_t addr) const {
    if (l1_.empty()) return kEmpty;
    uint32_t e = l1_[addr >> 16];
    if (e & kChunk) {
      e = pool_[((e & kIdMask) << 8) | ((addr >> 8) & 0xff)];
      if (e & kChunk) e = pool_[((e & kIdMask) << 8) | (addr & 0xff)];
    }
    return e;
  }

  // Node `id` now holds key/len. len_of(ctx, other_id) gives the length of
  // any id already in the index.
  void insert(uint32_t key, int len, uint32_t id, LenFn len_of, const void* ctx);
  // Node `id` (key/len) lost its value; `ancestor` is the longest stored
  // prefix strictly containing it, or kNil.
  void erase(uint32_t key, int len, uint32_t id, uint32_t ancestor);
  // Renumbers node ids after BinaryTrie::compact().
  void remap(const std::vector<uint32_t>& new_id);
  void clear();
  void shrink_to_fit();

  size_t memory_bytes() const;
  size_t chunk_count() const { return owner_.size(); }
  // Structural invariants; for tests.
  bool check(ValuedFn valued, const void* ctx) const;

 private:
  static constexpr uint32_t kChunk = 0x80000000u;   // entry refers to a chunk
  static constexpr uint32_t kIdMask = 0x7fffffffu;  // chunk or node id
  static constexpr uint32_t kL1Pos = 0x80000000u;   // position is in l1_
  struct Paint;

  uint32_t& entry(uint32_t pos) { return (pos & kL1Pos) ? l1_[pos & kIdMask] : pool_[pos]; }
  uint32_t entry(uint32_t pos) const { return (pos & kL1Pos) ? l1_[pos & kIdMask] : pool_[pos]; }
  uint32_t ensure_chunk(uint32_t pos);
  void paint(uint32_t pos, Paint& p);
  void unpaint(uint32_t pos, uint32_t id, uint32_t ancestor);
  void collapse_if_uniform(uint32_t chunk);
  void free_dead_chunks();

  std::vector<uint32_t> l1_;     // 65536 entries, or empty when no prefix
  std::vector<uint32_t> pool_;   // chunks of 256 entries
  std::vector<uint32_t> owner_;  // per chunk: position of the entry naming it
  std::vector<uint32_t> dead_;   // scratch for erase()
};

}  // namespace internal

template <typename V>
class PrefixTrie {
 public:
  using Match = PrefixMatch<V>;
  using ConstMatch = PrefixMatch<const V>;

  PrefixTrie() = default;
  explicit PrefixTrie(PrefixTrieOptions options) : use_index_(options.ipv4_lpm_index) {}
  PrefixTrie(PrefixTrie&&) noexcept = default;
  PrefixTrie& operator=(PrefixTrie&&) noexcept = default;
  PrefixTrie(const PrefixTrie&) = delete;
  PrefixTrie& operator=(const PrefixTrie&) = delete;

  // Number of stored prefixes (both families).
  size_t size() const { return v4_.size() + v6_.size(); }
  bool empty() const { return size() == 0; }

  // The value stored for exactly `p`, or nullptr.
  const V* find(const Prefix& p) const {
    if (p.addr.is_v4()) {
      const uint32_t key = key4(p);
      const int len = len4(p);
      const Decided d = find_v4_by_index(key, len);
      return value_or_null(v4_, d.decided ? d.id : v4_.find(key, len));
    }
    return value_or_null(v6_, v6_.find(key6(p), len6(p)));
  }
  V* find(const Prefix& p) { return const_cast<V*>(std::as_const(*this).find(p)); }

  // Stores V(args...) for `p` unless `p` is present. Returns the stored value
  // and whether it was inserted (like std::map::try_emplace: args are not
  // consumed when `p` is present).
  template <typename... Args>
  std::pair<V*, bool> emplace(const Prefix& p, Args&&... args) {
    if (!p.addr.is_v4()) {
      const auto [id, inserted] =
          v6_.try_emplace(internal::kNil, key6(p), len6(p), std::forward<Args>(args)...);
      return {&v6_.value(id), inserted};
    }
    const uint32_t key = key4(p);
    const int len = len4(p);
    const Decided d = find_v4_by_index(key, len);
    if (d.decided && d.id != internal::kNil) return {&v4_.value(d.id), false};
    const auto [id, inserted] = v4_.try_emplace(d.ancestor, key, len, std::forward<Args>(args)...);
    if (inserted && use_index_) index_.insert(key, len, id, &V4Trie::len_of, &v4_);
    return {&v4_.value(id), inserted};
  }

  // Stores `value` for `p`, replacing any value there.
  std::pair<V*, bool> insert_or_assign(const Prefix& p, V value) {
    auto r = emplace(p, std::move(value));  // moves only when inserting
    if (!r.second) *r.first = std::move(value);
    return r;
  }

  // The value for `p`, default-constructed and inserted if absent.
  V& operator[](const Prefix& p) { return *emplace(p).first; }

  // Removes `p`. Returns whether it was present. Frees the nodes and index
  // chunks it no longer needs.
  bool erase(const Prefix& p) {
    if (!p.addr.is_v4()) {
      if (!v6_.erase(key6(p), len6(p)).erased) return false;
      if (v6_.size() == 0) {
        v6_.clear();
      } else if (v6_.should_compact()) {
        v6_.compact();
      }
      return true;
    }
    const uint32_t key = key4(p);
    const int len = len4(p);
    if (const Decided d = find_v4_by_index(key, len); d.decided && d.id == internal::kNil) {
      return false;
    }
    const auto r = v4_.erase(key, len);
    if (!r.erased) return false;
    if (v4_.size() == 0) {
      v4_.clear();
      index_.clear();
    } else {
      if (use_index_) index_.erase(key, len, r.id, r.ancestor);
      if (v4_.should_compact()) compact_v4();
    }
    return true;
  }

  void clear() {
    v4_.clear();
    v6_.clear();
    index_.clear();
  }

  // Rebuilds the node arenas densely (in pre-order) to return free slots.
  // Erase does this on its own once half the slots are free.
  void shrink_to_fit() {
    if (v4_.size() == 0) {
      v4_.clear();
      index_.clear();
    } else {
      compact_v4();
      index_.shrink_to_fit();
    }
    if (v6_.size() == 0) {
      v6_.clear();
    } else {
      v6_.compact();
    }
  }

  // The most specific stored prefix containing `a`, or empty.
  Match longest_match(const IpAddr& a) { return to_mutable(std::as_const(*this).longest_match(a)); }
  ConstMatch longest_match(const IpAddr& a) const {
    if (a.is_v4()) {
      const uint32_t key = a.v4_host_order();
      return match(v4_, use_index_ ? index_id(index_.lookup(key)) : v4_.longest_match(key, 32));
    }
    return match(v6_, v6_.longest_match(internal::Ipv6Key::from_addr(a), 128));
  }

  // The most specific stored prefix containing `p` (`p` itself if stored),
  // or empty.
  Match longest_match(const Prefix& p) { return to_mutable(std::as_const(*this).longest_match(p)); }
  ConstMatch longest_match(const Prefix& p) const {
    if (p.addr.is_v4()) {
      const uint32_t key = key4(p);
      const int len = len4(p);
      if (use_index_) {
        // The longest match R of p's first address is p's longest match
        // when R is no longer than p; otherwise walk.
        const uint32_t r = index_id(index_.lookup(key));
        if (r == internal::kNil || v4_.node(r).len <= len) return match(v4_, r);
      }
      return match(v4_, v4_.longest_match(key, len));
    }
    return match(v6_, v6_.longest_match(key6(p), len6(p)));
  }

  // Calls f(const Prefix& q, V& v) for every stored q containing p (p itself
  // included), shortest first. If f returns bool, false stops the walk.
  template <typename F>
  void for_each_covering(const Prefix& p, F&& f) {
    covering_impl(*this, p, f);
  }
  template <typename F>
  void for_each_covering(const Prefix& p, F&& f) const {
    covering_impl(*this, p, f);
  }

  // Calls f(const Prefix& q, V& v) for every stored q inside p (p itself
  // included) in address order. If f returns bool, false stops the walk.
  template <typename F>
  void for_each_more_specific(const Prefix& p, F&& f) {
    more_specific_impl(*this, p, f);
  }
  template <typename F>
  void for_each_more_specific(const Prefix& p, F&& f) const {
    more_specific_impl(*this, p, f);
  }

  // Calls f(const Prefix& q, V& v) for every stored prefix in (family,
  // address, length) order, i.e. Prefix's operator<. If f returns bool,
  // false stops the walk.
  template <typename F>
  void for_each(F&& f) {
    for_each_impl(*this, f);
  }
  template <typename F>
  void for_each(F&& f) const {
    for_each_impl(*this, f);
  }

  // Heap bytes held by the node arenas and the IPv4 index (capacity, not
  // just what is in use). Memory owned by the values themselves is not
  // counted.
  size_t memory_bytes() const {
    return v4_.memory_bytes() + v6_.memory_bytes() + index_.memory_bytes();
  }
  // Trie nodes in use (values plus glue), and IPv4 index chunks; for tests
  // and statistics.
  size_t node_count() const { return v4_.node_count() + v6_.node_count(); }
  size_t index_chunk_count() const { return index_.chunk_count(); }

  // Verifies internal invariants (O(size + index)); for tests.
  bool check_invariants() const {
    if (!v4_.check() || !v6_.check()) return false;
    if (!use_index_) return index_.chunk_count() == 0;
    return index_.check(
        [](const void* t, uint32_t id) { return static_cast<const V4Trie*>(t)->holds_value(id); },
        &v4_);
  }

 private:
  using V4Trie = internal::BinaryTrie<internal::Ipv4Key, V>;
  using V6Trie = internal::BinaryTrie<internal::Ipv6Key, V>;

  static int len4(const Prefix& p) {
    assert(p.len <= 32);
    return std::min<int>(p.len, 32);
  }
  static int len6(const Prefix& p) {
    assert(p.len <= 128);
    return std::min<int>(p.len, 128);
  }
  static uint32_t key4(const Prefix& p) {
    const uint32_t k = p.addr.v4_host_order();
    assert(internal::Ipv4Key::mask(k, p.len) == k && "host bits must be clear");
    return internal::Ipv4Key::mask(k, len4(p));
  }
  static internal::Uint128 key6(const Prefix& p) {
    const internal::Uint128 k = internal::Ipv6Key::from_addr(p.addr);
    assert(internal::Ipv6Key::mask(k, p.len) == k && "host bits must be clear");
    return internal::Ipv6Key::mask(k, len6(p));
  }
  struct Decided {
    bool decided = false;                // else walk the trie
    uint32_t id = internal::kNil;        // p's node when decided
    uint32_t ancestor = internal::kNil;  // a stored prefix containing p, if known
  };
  // Exact IPv4 lookup through the index, when it can tell: the longest match
  // R of p's first address is p when p is stored, unless a more specific
  // prefix also contains that address; R shorter than p (or none) means p is
  // not stored, and R is p's longest stored ancestor (where an insert starts
  // its walk). Two loads instead of a ~22-level walk on a full table.
  Decided find_v4_by_index(uint32_t key, int len) const {
    if (!use_index_) return {};
    const uint32_t r = index_id(index_.lookup(key));
    if (r == internal::kNil) return {true, internal::kNil, internal::kNil};
    const int r_len = v4_.node(r).len;
    if (r_len == len) return {true, r, internal::kNil};  // contains key at p's length: it is p
    if (r_len < len) return {true, internal::kNil, r};
    return {};
  }

  static uint32_t index_id(uint32_t e) {
    return e == internal::Ipv4StrideIndex::kEmpty ? internal::kNil : e;
  }

  template <typename Trie>
  static const V* value_or_null(const Trie& t, uint32_t id) {
    return id == internal::kNil ? nullptr : &t.value(id);
  }
  template <typename Trie>
  static ConstMatch match(const Trie& t, uint32_t id) {
    if (id == internal::kNil) return {};
    return {t.prefix_of(id), &t.value(id)};
  }
  static Match to_mutable(const ConstMatch& m) { return {m.prefix, const_cast<V*>(m.value)}; }

  // f(prefix, value), converting a void result to "go on".
  template <typename F, typename Trie>
  static bool visit(F& f, Trie& t, uint32_t id) {
    auto& value = t.value(id);  // const V& when Trie is const
    using R = std::invoke_result_t<F&, const Prefix&, decltype(value)>;
    if constexpr (std::is_void_v<R>) {
      f(t.prefix_of(id), value);
      return true;
    } else {
      return static_cast<bool>(f(t.prefix_of(id), value));
    }
  }

  template <typename Self, typename F>
  static void covering_impl(Self& self, const Prefix& p, F& f) {
    if (p.addr.is_v4()) {
      self.v4_.covering(key4(p), len4(p), [&](uint32_t id) { return visit(f, self.v4_, id); });
    } else {
      self.v6_.covering(key6(p), len6(p), [&](uint32_t id) { return visit(f, self.v6_, id); });
    }
  }
  template <typename Self, typename F>
  static void more_specific_impl(Self& self, const Prefix& p, F& f) {
    if (p.addr.is_v4()) {
      self.v4_.more_specific(key4(p), len4(p), [&](uint32_t id) { return visit(f, self.v4_, id); });
    } else {
      self.v6_.more_specific(key6(p), len6(p), [&](uint32_t id) { return visit(f, self.v6_, id); });
    }
  }
  template <typename Self, typename F>
  static void for_each_impl(Self& self, F& f) {
    if (!self.v4_.for_each([&](uint32_t id) { return visit(f, self.v4_, id); })) return;
    self.v6_.for_each([&](uint32_t id) { return visit(f, self.v6_, id); });
  }

  void compact_v4() {
    const std::vector<uint32_t> new_id = v4_.compact();
    if (use_index_) index_.remap(new_id);
  }

  V4Trie v4_;
  V6Trie v6_;
  internal::Ipv4StrideIndex index_;
  bool use_index_ = true;
};

}  // namespace vigil::rib
