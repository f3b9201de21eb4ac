// Identity RESHAPE / TRANSPOSE removal.
#include "converter/optimize/remove_identity.h"

#include "converter/optimize/optimize_test_util.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT
using B = tflite::BuiltinOperator;

// x -> RELU -> t -> op(t, k) -> u -> RELU6 -> y; `pinned_u` makes u the output instead.
Builder Middle(B op, std::vector<int32_t> t_shape, std::vector<int32_t> u_shape, std::vector<int32_t> k,
               bool pinned_u = false) {
  Builder b;
  const int x = b.Input("x", t_shape);
  const int t = b.Tensor("t", t_shape);
  const int kt = b.ConstInt("k", {static_cast<int32_t>(k.size())}, k);
  const int u = b.Tensor("u", u_shape);
  b.Op(B::RELU, {x}, {t}).Op(op, {t, kt}, {u});
  if (pinned_u) {
    b.Outputs({u});
  } else {
    const int y = b.Tensor("y", u_shape);
    b.Op(B::RELU6, {u}, {y}).Outputs({y});
  }
  return b;
}

TEST(RemoveIdentity, ReshapeToTheSameShape) {
  Builder b = Middle(B::RESHAPE, {2, 3}, {2, 3}, {2, 3});
  TflModel after = b.model();
  EXPECT_EQ(RemoveIdentityReshapes(after), 1);
  //        before                                        after
  EXPECT_EQ(OpList(b.model()), (Ops{"RELU", "RESHAPE", "RELU6"}));
  EXPECT_EQ(OpList(after), (Ops{"RELU", "RELU6"}));
  ExpectSameOutputs(b.model(), after);
}

TEST(RemoveIdentity, ReshapeWritingTheSubgraphOutputKeepsIt) {
  Builder b = Middle(B::RESHAPE, {2, 3}, {2, 3}, {-1, 3}, /*pinned_u=*/true);
  TflModel after = b.model();
  EXPECT_EQ(RemoveIdentityReshapes(after), 1);
  EXPECT_EQ(OpList(after), (Ops{"RELU"}));
  // RELU now writes the output tensor "u" itself.
  EXPECT_EQ(after.subgraphs[0].operators[0].outputs[0], after.subgraphs[0].outputs[0]);
  EXPECT_EQ(after.subgraphs[0].tensors[after.subgraphs[0].outputs[0]].name, "u");
  ExpectSameOutputs(b.model(), after);
}

TEST(RemoveIdentity, TransposeWithIdentityPermutation) {
  Builder b = Middle(B::TRANSPOSE, {2, 3, 4}, {2, 3, 4}, {0, 1, 2});
  TflModel after = b.model();
  EXPECT_EQ(RemoveIdentityTransposes(after), 1);
  EXPECT_EQ(OpList(b.model()), (Ops{"RELU", "TRANSPOSE", "RELU6"}));
  EXPECT_EQ(OpList(after), (Ops{"RELU", "RELU6"}));
  ExpectSameOutputs(b.model(), after);
}

TEST(RemoveIdentity, KeepsRealReshapesAndPermutations) {
  Builder reshape = Middle(B::RESHAPE, {2, 3}, {3, 2}, {3, 2});
  TflModel a = reshape.model();
  EXPECT_EQ(RemoveIdentityReshapes(a), 0);
  // A transpose of a [2,2,2] tensor keeps its shape but not its element order.
  Builder transpose = Middle(B::TRANSPOSE, {2, 2, 2}, {2, 2, 2}, {0, 2, 1});
  TflModel c = transpose.model();
  EXPECT_EQ(RemoveIdentityTransposes(c), 0);
  EXPECT_EQ(OpList(c), (Ops{"RELU", "TRANSPOSE", "RELU6"}));
}

TEST(RemoveIdentity, KeepsInputToOutputReshapeAndDynamicShapes) {
  // input -> RESHAPE -> output: nothing could write the output instead.
  Builder b;
  const int x = b.Input("x", {2, 3});
  const int k = b.ConstInt("k", {2}, {2, 3});
  const int y = b.Tensor("y", {2, 3});
  b.Op(B::RESHAPE, {x, k}, {y}).Outputs({y});
  TflModel a = b.model();
  EXPECT_EQ(RemoveIdentityReshapes(a), 0);
  // A dynamic batch: [-1,3] -> [-1,3] may still be a real reshape for some inputs? Not here, but
  // the static shape is unknown, so it stays.
  Builder d = Middle(B::RESHAPE, {2, 3}, {2, 3}, {2, 3});
  for (TflTensor& t : d.graph().tensors) {
    if (t.type == tflite::TensorType::FLOAT32) t.shape_signature = {-1, 3};
  }
  TflModel c = d.model();
  EXPECT_EQ(RemoveIdentityReshapes(c), 0);
}

}  // namespace
}  // namespace tfconv
