// The typed fixture: every store test runs once per backend (backends.h).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/store_uri.h"
#include "tests/store/backends.h"

namespace vigil::store::test {

template <typename Backend>
class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string skip;
    ASSERT_TRUE(backend_.setup(skip));
    if (!skip.empty()) GTEST_SKIP() << skip;
  }
  void TearDown() override { backend_.teardown(); }

  // A new Store on this test's database; fails the test when it cannot.
  std::unique_ptr<Store> open() {
    auto r = open_store(backend_.uri());
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? std::move(*r) : nullptr;
  }

  Backend backend_;
};

using Backends = ::testing::Types<SqliteBackend, PgBackend>;

struct BackendNames {
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};

}  // namespace vigil::store::test

// Unwraps a Result in a test or fails it.
#define ASSERT_OK_AND_ASSIGN(decl, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(VIGIL_CONCAT(store_test_, __LINE__), decl, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, decl, expr)  \
  auto tmp = (expr);                                \
  ASSERT_TRUE(tmp.ok()) << tmp.error().to_string(); \
  decl = std::move(*tmp)
#define ASSERT_OK(expr)                                                   \
  do {                                                                    \
    auto store_status_ = (expr);                                          \
    ASSERT_TRUE(store_status_.ok()) << store_status_.error().to_string(); \
  } while (0)
