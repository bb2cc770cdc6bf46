// ROA diff: added, removed, changed (same prefix and AS, different
// maxLength); BGPalerter's roas.before/after pair.
#include "refdata/rpki/roa_diff.h"

#include <gtest/gtest.h>

#include <vector>

#include "refdata/rpki/load.h"
#include "rpki_test_util.h"
#include "support/test_data.h"

namespace vigil::refdata::rpki {
namespace {

using test::pfx;
using test::vrp;

TEST(RoaDiff, AddedRemovedChanged) {
  const std::vector<Vrp> before = {
      vrp("10.0.0.0/16", 64500, 16),  // maxLength widened
      vrp("10.1.0.0/16", 64500, 16),  // unchanged
      vrp("10.2.0.0/16", 64501, 16),  // removed
      vrp("2001:db8::/32", 64502, 48),
      vrp("2001:db8::/32", 64502, 32),  // one of two maxLengths dropped
      vrp("10.1.0.0/16", 64500, 16),    // duplicate
  };
  const std::vector<Vrp> after = {
      vrp("10.0.0.0/16", 64500, 24),   vrp("10.1.0.0/16", 64500, 16),
      vrp("10.3.0.0/16", 64501, 24),  // added
      vrp("10.3.0.0/16", 0, 16),      // added (AS0)
      vrp("2001:db8::/32", 64502, 48),
  };
  const RoaDiff d = diff_vrps(before, after);
  EXPECT_EQ(d.added, (std::vector<Vrp>{vrp("10.3.0.0/16", 0, 16), vrp("10.3.0.0/16", 64501, 24)}));
  EXPECT_EQ(d.removed, (std::vector<Vrp>{vrp("10.2.0.0/16", 64501, 16)}));
  ASSERT_EQ(d.changed.size(), 2u);
  EXPECT_EQ(d.changed[0], (VrpChange{pfx("10.0.0.0/16"), 64500, {16}, {24}}));
  EXPECT_EQ(d.changed[1], (VrpChange{pfx("2001:db8::/32"), 64502, {32, 48}, {48}}));
  EXPECT_EQ(d.unchanged, 1u);
  EXPECT_FALSE(d.empty());
}

TEST(RoaDiff, IdenticalAndEmpty) {
  const std::vector<Vrp> a = {vrp("10.0.0.0/8", 1, 8), vrp("2001:db8::/32", 2, 32)};
  std::vector<Vrp> shuffled = {a[1], a[0], a[1]};
  const RoaDiff same = diff_vrps(a, shuffled);
  EXPECT_TRUE(same.empty());
  EXPECT_EQ(same.unchanged, 2u);
  const RoaDiff all_new = diff_vrps({}, a);
  EXPECT_EQ(all_new.added.size(), 2u);
  EXPECT_TRUE(all_new.removed.empty());
  const RoaDiff all_gone = diff_vrps(a, {});
  EXPECT_EQ(all_gone.removed.size(), 2u);
  EXPECT_TRUE(diff_vrps({}, {}).empty());
}

TEST(RoaDiff, AsChangeIsRemovePlusAdd) {
  const RoaDiff d = diff_vrps(std::vector<Vrp>{vrp("10.0.0.0/8", 1, 8)},
                              std::vector<Vrp>{vrp("10.0.0.0/8", 2, 8)});
  EXPECT_EQ(d.removed, (std::vector<Vrp>{vrp("10.0.0.0/8", 1, 8)}));
  EXPECT_EQ(d.added, (std::vector<Vrp>{vrp("10.0.0.0/8", 2, 8)}));
  EXPECT_TRUE(d.changed.empty());
}

TEST(RoaDiffRealData, BgpalerterBeforeAfter) {
  VIGIL_REQUIRE_DATA();
  const std::string dir = vigil::test::data_dir() + "/detection-vectors/bgpalerter/rpki_tests/";
  LoadOptions o;
  o.mask_host_bits = true;  // roas.before.json has 94.5.4.3/22
  const Result<RpkiData> before =
      parse_rpki(test::read_file(dir + "roas.before.json"), "before", o);
  const Result<RpkiData> after = parse_rpki(test::read_file(dir + "roas.after.json"), "after", o);
  ASSERT_TRUE(before.ok()) << before.error().to_string();
  ASSERT_TRUE(after.ok()) << after.error().to_string();
  const RoaDiff d = diff_vrps(before->vrp_list(), after->vrp_list());
  EXPECT_TRUE(d.added.empty());
  EXPECT_EQ(d.removed, (std::vector<Vrp>{vrp("2.3.4.0/24", 2914, 24), vrp("94.5.4.0/22", 2914, 22),
                                         vrp("2001:db8:123::/48", 65000, 48)}));
  EXPECT_TRUE(d.changed.empty());
  EXPECT_EQ(d.unchanged,
            2u);  // 1.2.3.0/24 AS2914 (only "expires" appeared) and 2001:db8:123::/48 AS2914
}

}  // namespace
}  // namespace vigil::refdata::rpki
