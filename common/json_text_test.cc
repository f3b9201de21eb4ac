#include "common/json_text.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

TEST(ParseJsonText, ParsesValidText) {
  absl::StatusOr<nlohmann::json> doc = ParseJsonText(R"({"a": [1, 2]})", "x.json");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ((*doc)["a"].size(), 2u);
}

TEST(ParseJsonText, NamesLineAndColumnOfTheError) {
  absl::StatusOr<nlohmann::json> doc = ParseJsonText("{\n  \"a\": 1,\n  \"b\": }\n", "desc.json");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("desc.json: not valid JSON at line 3, column 8"), absl::string_view::npos)
      << doc.status();
}

TEST(ParseJsonText, EmptyTextIsAnError) {
  EXPECT_FALSE(ParseJsonText("", "e.json").ok());
}

}  // namespace
}  // namespace tfconv
