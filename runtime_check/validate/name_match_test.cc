#include "runtime_check/validate/name_match.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

using Names = std::vector<std::vector<std::string>>;

TEST(MatchTensorsTest, ByNameIgnoringColonZero) {
  absl::StatusOr<std::vector<int>> m = MatchTensors(Names{{"a"}, {"b:0"}}, Names{{"b"}, {"a:0"}}, "inputs");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(*m, (std::vector<int>{1, 0}));
}

TEST(MatchTensorsTest, ByAnyOfSeveralNames) {
  // Ours names tensors "serving_default_x:0" with signature name "x".
  absl::StatusOr<std::vector<int>> m =
      MatchTensors(Names{{"serving_default_y:0", "y"}, {"serving_default_x:0", "x"}}, Names{{"x"}, {"y"}}, "inputs");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(*m, (std::vector<int>{1, 0}));
}

TEST(MatchTensorsTest, ByPositionWhenNamesDiffer) {
  absl::StatusOr<std::vector<int>> m = MatchTensors(Names{{"p"}, {"q"}}, Names{{"b"}, {"a"}}, "inputs");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(*m, (std::vector<int>{0, 1}));
  // One name matching is not enough: all must, or positions are used.
  m = MatchTensors(Names{{"a"}, {"q"}}, Names{{"b"}, {"a"}}, "inputs");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, (std::vector<int>{0, 1}));
}

TEST(MatchTensorsTest, AmbiguousNamesFallBackToPosition) {
  absl::StatusOr<std::vector<int>> m = MatchTensors(Names{{"a"}, {"a"}}, Names{{"a"}, {"b"}}, "inputs");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, (std::vector<int>{0, 1}));
}

TEST(MatchTensorsTest, SubsetByName) {
  // The reference has fewer outputs, all found by name.
  absl::StatusOr<std::vector<int>> m = MatchTensors(Names{{"a"}, {"b"}, {"c"}}, Names{{"c"}}, "outputs");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, (std::vector<int>{2}));
}

TEST(MatchTensorsTest, CountsDifferAndNamesDoNotMatch) {
  absl::StatusOr<std::vector<int>> m = MatchTensors(Names{{"a"}}, Names{{"x"}, {"y"}}, "outputs");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("cannot pair the outputs"), std::string::npos) << m.status();
  EXPECT_NE(m.status().message().find("[x, y]"), std::string::npos) << m.status();
}

}  // namespace
}  // namespace tfconv
