#include "converter/graph/graph.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

TEST(GraphTest, TopologicalOrderPutsProducersFirst) {
  Graph g;
  Node* r = g.AddNode("r", "Relu");
  Node* a = g.AddNode("a", "Placeholder");
  r->AddInput({a, 0});
  auto order = g.TopologicalOrder();
  ASSERT_TRUE(order.ok());
  ASSERT_EQ(order->size(), 2u);
  EXPECT_EQ((*order)[0], a);
  EXPECT_EQ((*order)[1], r);
}

TEST(GraphTest, CycleIsReportedWithANodeName) {
  Graph g;
  Node* x = g.AddNode("x", "Add");
  Node* y = g.AddNode("y", "Add");
  x->AddInput({y, 0});
  y->AddInput({x, 0});
  auto order = g.TopologicalOrder();
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.status().message().find("cycle"), std::string::npos);
}

TEST(GraphTest, ReplaceUsesAndRemove) {
  Graph g;
  Node* a = g.AddNode("a", "Placeholder");
  Node* i = g.AddNode("i", "Identity");
  Node* r = g.AddNode("r", "Relu");
  i->AddInput({a, 0});
  r->AddInput({i, 0});
  r->control_inputs.push_back(i);
  g.ReplaceUses({i, 0}, {a, 0});
  g.RemoveNodes(std::vector<Node*>{i});
  EXPECT_EQ(g.FindNode("i"), nullptr);
  EXPECT_EQ(r->inputs[0].node, a);
  EXPECT_TRUE(r->control_inputs.empty());
  EXPECT_EQ(g.num_nodes(), 2);
}

TEST(TensorRefTest, ParsesNamesIndicesAndControl) {
  auto t = ParseTensorRef("conv/weights:2");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->node, "conv/weights");
  EXPECT_EQ(t->index, 2);
  auto c = ParseTensorRef("^init");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->control);
  EXPECT_EQ(c->node, "init");
  EXPECT_FALSE(ParseTensorRef("").ok());
}

TEST(TensorTest, CopyOnWriteKeepsOtherCopiesIntact) {
  Tensor a = Tensor::FromVector<float>({2}, {1, 2});
  Tensor b = a;
  b.mutable_data<float>()[0] = 9;
  EXPECT_EQ(a.data<float>()[0], 1);
  EXPECT_EQ(b.data<float>()[0], 9);
  EXPECT_TRUE(a.IsValid());
  EXPECT_EQ(a.DebugString(), "float32[2]");
}

}  // namespace
}  // namespace tfconv
