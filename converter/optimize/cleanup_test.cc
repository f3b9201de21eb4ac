// Buffer deduplication and dropping of unused tensors, buffers and operator codes.
#include "converter/optimize/cleanup.h"

#include "converter/optimize/optimize_test_util.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT
using B = tflite::BuiltinOperator;

TEST(Cleanup, IdenticalConstantsShareTheFirstBuffer) {
  Builder b;
  const int x = b.Input("x", {2});
  const int k1 = b.Const("k1", {2}, {1, 2});
  const int k2 = b.Const("k2", {2}, {1, 2});        // same bytes, type, shape: shared
  const int k3 = b.Const("k3", {1, 2}, {1, 2});     // another shape: kept apart
  const int k4 = b.Const("k4", {2}, {2, 1});        // other bytes
  const int y1 = b.Tensor("y1", {2}), y2 = b.Tensor("y2", {2}), y3 = b.Tensor("y3", {1, 2}),
            y4 = b.Tensor("y4", {2});
  b.Op(B::ADD, {x, k1}, {y1}).Op(B::ADD, {x, k2}, {y2}).Op(B::ADD, {x, k3}, {y3}).Op(B::ADD, {x, k4}, {y4});
  b.Outputs({y1, y2, y3, y4});
  TflModel after = b.model();
  EXPECT_EQ(DeduplicateBuffers(after), 1);
  const auto& t = after.subgraphs[0].tensors;
  EXPECT_EQ(t[k2].buffer, t[k1].buffer);
  EXPECT_NE(t[k3].buffer, t[k1].buffer);
  EXPECT_NE(t[k4].buffer, t[k1].buffer);
  const DropCounts dropped = DropUnused(after);
  EXPECT_EQ(dropped.buffers, 1);
  EXPECT_EQ(after.buffers.size(), 4u);  // sentinel + 3
  ExpectSameOutputs(b.model(), after);
}

TEST(Cleanup, VariablesAndMetadataKeepTheirBuffers) {
  Builder b;
  const int x = b.Input("x", {2});
  const int k = b.Const("k", {2}, {0, 0});
  const int v = b.Const("v", {2}, {0, 0});
  b.graph().tensors[v].is_variable = true;
  const int y = b.Tensor("y", {2});
  b.Op(B::ADD, {x, k}, {y}).Outputs({y});
  b.graph().inputs.push_back(v);  // keeps the variable tensor in use
  const uint32_t meta = b.model().AddBuffer(ByteBuffer::Copy("abc", 3));
  b.model().metadata.emplace_back("m", meta);
  b.model().AddBuffer(ByteBuffer::Copy("zz", 2));  // unused: dropped
  TflModel after = b.model();
  EXPECT_EQ(DeduplicateBuffers(after), 0);
  const DropCounts dropped = DropUnused(after);
  EXPECT_EQ(dropped.buffers, 1);
  ASSERT_EQ(after.metadata.size(), 1u);
  const ByteBuffer& m = after.buffers[after.metadata[0].second].data;
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(m.data()), m.size()), "abc");
}

TEST(Cleanup, DroppingTensorsRenumbersOperatorsOutputsAndSignatures) {
  Builder b;
  const int unused1 = b.Tensor("unused1", {3});
  const int x = b.Input("x", {3});
  const int unused2 = b.Const("unused2", {3}, {1, 2, 3});
  const int y = b.Tensor("y", {3});
  b.Op(B::RELU, {x}, {y}).Outputs({y});
  b.model().OpcodeIndex(B::TANH);  // an operator code nothing uses
  TflSignatureDef sig;
  sig.signature_key = "serving_default";
  sig.inputs = {{"in", static_cast<uint32_t>(x)}};
  sig.outputs = {{"out", static_cast<uint32_t>(y)}};
  b.model().signature_defs.push_back(sig);
  (void)unused1;
  (void)unused2;
  TflModel after = b.model();
  const DropCounts dropped = DropUnused(after);
  EXPECT_EQ(dropped.tensors, 2);
  EXPECT_EQ(dropped.buffers, 1);
  EXPECT_EQ(dropped.operator_codes, 1);
  const TflSubgraph& g = after.subgraphs[0];
  ASSERT_EQ(g.tensors.size(), 2u);
  EXPECT_EQ(g.tensors[g.inputs[0]].name, "x");
  EXPECT_EQ(g.tensors[g.outputs[0]].name, "y");
  EXPECT_EQ(g.tensors[after.signature_defs[0].inputs[0].second].name, "x");
  EXPECT_EQ(g.tensors[after.signature_defs[0].outputs[0].second].name, "y");
  EXPECT_EQ(OpList(after), (Ops{"RELU"}));
  ExpectSameOutputs(b.model(), after);
  // Nothing left to drop.
  EXPECT_EQ(DropUnused(after).total(), 0);
}

}  // namespace
}  // namespace tfconv
