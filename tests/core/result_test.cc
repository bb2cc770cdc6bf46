#include "core/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

namespace vigil {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return make_error(ErrorCode::kInvalidArgument, "odd", 7);
  return v / 2;
}

Result<int> Quarter(int v) {
  VIGIL_TRY(int h, Half(v));
  VIGIL_TRY(int q, Half(h));
  return q;
}

Status CheckEven(int v) {
  if (v % 2 != 0) return make_error(ErrorCode::kMalformed, "not even");
  return Status::Ok();
}

Status CheckBothEven(int a, int b) {
  VIGIL_RETURN_IF_ERROR(CheckEven(a));
  VIGIL_RETURN_IF_ERROR(CheckEven(b));
  return Status::Ok();
}

TEST(ResultTest, HoldsValue) {
  Result<int> r = 42;
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.value(), 42);
  EXPECT_EQ(*r, 42);
  *r = 43;
  EXPECT_EQ(r.value(), 43);
}

TEST(ResultTest, HoldsError) {
  Result<int> r = make_error(ErrorCode::kTruncated, "short", 12);
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error().code, ErrorCode::kTruncated);
  EXPECT_EQ(r.error().message, "short");
  EXPECT_EQ(r.error().offset, 12u);
}

TEST(ResultTest, ArrowAndMoveOut) {
  Result<std::string> r = std::string("hello");
  EXPECT_EQ(r->size(), 5u);
  std::string s = std::move(r).value();
  EXPECT_EQ(s, "hello");

  Result<std::unique_ptr<int>> p = std::make_unique<int>(5);
  std::unique_ptr<int> owned = *std::move(p);
  ASSERT_NE(owned, nullptr);
  EXPECT_EQ(*owned, 5);
}

TEST(ResultTest, MoveErrorOut) {
  Result<int> r = make_error(ErrorCode::kIo, "disk");
  Error e = std::move(r).error();
  EXPECT_EQ(e.code, ErrorCode::kIo);
  EXPECT_EQ(e.message, "disk");
}

TEST(ResultTest, TryPropagatesError) {
  auto ok = Quarter(8);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 2);

  auto bad = Quarter(6);  // 6/2 = 3, then odd
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().offset, 7u);
}

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(static_cast<bool>(s));
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(StatusTest, FromError) {
  Status s = make_error(ErrorCode::kUnsupported, "v3");
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(static_cast<bool>(s));
  EXPECT_EQ(s.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(s.error().message, "v3");
}

TEST(StatusTest, ReturnIfError) {
  EXPECT_TRUE(CheckBothEven(2, 4).ok());
  Status s = CheckBothEven(2, 5);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "not even");
}

TEST(ErrorTest, DefaultOffsetIsNone) {
  Error e = make_error(ErrorCode::kMalformed, "x");
  EXPECT_EQ(e.offset, Error::kNoOffset);
}

TEST(ErrorTest, ToString) {
  EXPECT_EQ(
      make_error(ErrorCode::kMalformed, "AS_PATH segment overruns attribute", 123).to_string(),
      "malformed at offset 123: AS_PATH segment overruns attribute");
  EXPECT_EQ(make_error(ErrorCode::kTruncated, "record").to_string(), "truncated: record");
  EXPECT_EQ(make_error(ErrorCode::kIo, "").to_string(), "i/o error");
  EXPECT_EQ(make_error(ErrorCode::kUnsupported, "", 0).to_string(), "unsupported at offset 0");
}

TEST(ErrorTest, CodeNames) {
  EXPECT_STREQ(error_code_name(ErrorCode::kTruncated), "truncated");
  EXPECT_STREQ(error_code_name(ErrorCode::kMalformed), "malformed");
  EXPECT_STREQ(error_code_name(ErrorCode::kUnsupported), "unsupported");
  EXPECT_STREQ(error_code_name(ErrorCode::kIo), "i/o error");
  EXPECT_STREQ(error_code_name(ErrorCode::kInvalidArgument), "invalid argument");
  EXPECT_STREQ(error_code_name(ErrorCode::kCorruptCompressed), "corrupt compressed data");
  EXPECT_STREQ(error_code_name(static_cast<ErrorCode>(200)), "error");
}

}  // namespace
}  // namespace vigil
