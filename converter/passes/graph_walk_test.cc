#include "converter/passes/graph_walk.h"

#include <algorithm>

#include "converter/passes/test_ops.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

TEST(GraphWalkTest, AncestorsFollowDataAndControlEdges) {
  Graph g;
  Node* a = g.AddNode("a", "Placeholder");
  Node* guard = g.AddNode("guard", "Assert");
  Node* b = AddOp(g, "b", "Relu", {{a, 0}});
  b->control_inputs.push_back(guard);
  Node* unrelated = g.AddNode("unrelated", "Const");
  auto set = Ancestors({b});
  EXPECT_TRUE(set.contains(a));
  EXPECT_TRUE(set.contains(b));
  EXPECT_TRUE(set.contains(guard));
  EXPECT_FALSE(set.contains(unrelated));
}

TEST(GraphWalkTest, TopologicalOrderPutsProducersFirst) {
  Graph g;
  Node* out = g.AddNode("out", "Add");  // inserted first on purpose
  Node* a = g.AddNode("a", "Placeholder");
  Node* m = AddOp(g, "m", "Relu", {{a, 0}});
  out->inputs = {{m, 0}, {a, 0}};
  auto order = AncestorsInTopologicalOrder(g.nodes());
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_EQ(order->size(), 3u);
  auto pos = [&](Node* n) { return std::find(order->begin(), order->end(), n) - order->begin(); };
  EXPECT_LT(pos(a), pos(m));
  EXPECT_LT(pos(m), pos(out));
}

TEST(GraphWalkTest, CycleIsAnErrorNamingANode) {
  Graph g;
  Node* x = g.AddNode("x", "Merge");
  Node* y = AddOp(g, "y", "NextIteration", {{x, 0}});
  x->inputs = {{y, 0}};
  auto order = AncestorsInTopologicalOrder({x});
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.status().message().find("cycle through node"), std::string::npos);
}

TEST(GraphWalkTest, LongChainsDoNotOverflowTheStack) {
  Graph g;
  Node* prev = g.AddNode("n0", "Placeholder");
  for (int i = 1; i < 200000; ++i) prev = AddOp(g, absl::StrCat("n", i), "Relu", {{prev, 0}});
  auto order = AncestorsInTopologicalOrder({prev});
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(order->size(), 200000u);
  EXPECT_EQ(order->front()->name(), "n0");
}

}  // namespace
}  // namespace tfconv
