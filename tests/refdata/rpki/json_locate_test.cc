// find_json_syntax_error: where broken JSON goes wrong (line, column,
// what), for the loaders' syntax error messages.
#include "refdata/rpki/json_locate.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil::refdata::rpki::internal {
namespace {

struct Case {
  const char* text;
  size_t line;
  size_t column;
  const char* what;  // substring of the message
};

TEST(JsonLocate, ValidInputHasNoError) {
  for (const char* ok : {"{}", "[]", " {\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\n\"]} ",
                         "0", "\"s\"", "[[[[]]]]", "{\"a\":{\"b\":{}}}"}) {
    EXPECT_FALSE(find_json_syntax_error(ok).has_value()) << ok;
  }
}

TEST(JsonLocate, Errors) {
  const Case cases[] = {
      {"", 1, 1, "input ends where a value was expected"},
      {"{\"roas\": [\n  {\"asn\": 1 \"prefix\": \"x\"}\n]}", 2, 13, "expected ',' or '}'"},
      {"{\"roas\": [\n  {\"asn\": 1},\n", 3, 1, "input ends where a value was expected"},
      {"{\"roas\": [\n  {\"asn\": 1}\n", 3, 1, "input ends inside an array"},
      {"{\"a\" 1}", 1, 6, "expected ':'"},
      {"{1: 2}", 1, 2, "expected a string key"},
      {"[1,]", 1, 4, "expected a value"},
      {"[tru]", 1, 2, "invalid literal"},
      {"[01]", 1, 2, "leading zero"},
      {"[1.]", 1, 4, "no digits after '.'"},
      {"[\"abc", 1, 6, "input ends inside the string"},
      {"[\"a\tb\"]", 1, 4, "control character"},
      {"[\"\\x\"]", 1, 3, "bad escape"},
      {"{} x", 1, 4, "after the top-level value"},
      {"{\"a\": [1, 2}", 1, 12, "expected ',' or ']'"},
  };
  for (const Case& c : cases) {
    const auto e = find_json_syntax_error(c.text);
    ASSERT_TRUE(e.has_value()) << c.text;
    EXPECT_EQ(e->line, c.line) << c.text << " -> " << e->what;
    EXPECT_EQ(e->column, c.column) << c.text << " -> " << e->what;
    EXPECT_NE(e->what.find(c.what), std::string::npos) << c.text << " -> " << e->what;
  }
}

TEST(JsonLocate, UnclosedContainerNamesWhereItOpened) {
  const auto e = find_json_syntax_error("{\n\"roas\": [\n{\"asn\": 1}");
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(e->what.find("opened at line 2"), std::string::npos) << e->what;
}

TEST(JsonLocate, DeepNestingDoesNotRecurse) {
  const std::string deep = std::string(100000, '[') + std::string(99999, ']');
  const auto e = find_json_syntax_error(deep);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->offset, deep.size());
}

}  // namespace
}  // namespace vigil::refdata::rpki::internal
