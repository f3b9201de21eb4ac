#include "converter/passes/tensor_names.h"

#include "converter/passes/test_ops.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

TEST(ClosestNamesTest, TyposAndLeafNames) {
  std::vector<std::string> names = {"logits", "loss", "model/head/probs", "x", "conv1/Relu"};
  EXPECT_EQ(ClosestNames("logit", names), (std::vector<std::string>{"logits"}));
  EXPECT_EQ(ClosestNames("probs", names), (std::vector<std::string>{"model/head/probs"}));
  EXPECT_EQ(ClosestNames("conv1/relu", names), (std::vector<std::string>{"conv1/Relu"}));
  EXPECT_TRUE(ClosestNames("completely_different", names).empty());
}

TEST(ClosestNamesTest, ClosestFirstAndLimited) {
  std::vector<std::string> names = {"abcd", "abce", "abc", "abxx", "zzzz"};
  EXPECT_EQ(ClosestNames("abc", names, 2), (std::vector<std::string>{"abcd", "abce"}));
}

TEST(ResolveTensorNamesTest, ResolvesNodesAndIndices) {
  Graph g;
  Node* x = g.AddNode("x", "Placeholder");
  Node* s = g.AddNode("scope/split", "Split");
  auto t = ResolveTensorNames(g, {"x", "scope/split:1", "x:2"}, "input array");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ((*t)[0], (Output{x, 0}));
  EXPECT_EQ((*t)[1], (Output{s, 1}));
  EXPECT_EQ((*t)[2], (Output{x, 2}));
}

TEST(ResolveTensorNamesTest, EveryMissingNameIsListedWithSuggestions) {
  Graph g;
  g.AddNode("logits", "Add");
  g.AddNode("probs", "Softmax");
  auto t = ResolveTensorNames(g, {"logit", "probs", "nothing_like_it:1"}, "output array");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(t.status().message(),
            "output arrays 'logit' (did you mean 'logits'?), 'nothing_like_it:1' are not in the graph");
}

TEST(ResolveTensorNamesTest, ControlReferencesAndDuplicatesAreErrors) {
  Graph g;
  g.AddNode("y", "Add");
  auto control = ResolveTensorNames(g, {"^y"}, "output array");
  ASSERT_FALSE(control.ok());
  EXPECT_NE(control.status().message().find("control reference"), std::string::npos);
  auto twice = ResolveTensorNames(g, {"y", "y:0"}, "output array");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().message(), "output arrays 'y' and 'y:0' name the same tensor");
}

}  // namespace
}  // namespace tfconv
