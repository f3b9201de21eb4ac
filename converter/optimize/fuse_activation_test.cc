// Activation folding: RELU / RELU6 / RELU_N1_TO_1 after each producer kind, and the cases that
// must stay as they are. Expected lists are written by hand; numerics compare the model before and
// after in the reference interpreter.
#include "converter/optimize/fuse_activation.h"

#include "converter/optimize/optimize.h"
#include "converter/optimize/optimize_test_util.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using namespace optimize_test;  // NOLINT
using B = tflite::BuiltinOperator;
using A = tflite::ActivationFunctionType;

// x[1,4,4,2] -> PRODUCER -> t -> ACTIVATION -> y, the producer's other operands constant.
Builder ProducerThen(B producer, B activation, A producer_act = A::NONE) {
  Builder b;
  const int x = b.Input("x", {1, 4, 4, 2});
  int t = -1;
  switch (producer) {
    case B::CONV_2D: {
      const int w = b.Const("w", {3, 3, 3, 2}, b.Random(54));
      const int bias = b.Const("bias", {3}, b.Random(3));
      t = b.Tensor("t", {1, 4, 4, 3});
      b.Op(producer, {x, w, bias}, {t}, ConvOptions(producer_act));
      break;
    }
    case B::DEPTHWISE_CONV_2D: {
      const int w = b.Const("w", {1, 2, 2, 4}, b.Random(16));
      const int bias = b.Const("bias", {4}, b.Random(4));
      t = b.Tensor("t", {1, 3, 3, 4});
      b.Op(producer, {x, w, bias}, {t}, DepthwiseOptions(2, producer_act));
      break;
    }
    case B::FULLY_CONNECTED: {
      const int w = b.Const("w", {5, 2}, b.Random(10));
      const int bias = b.Const("bias", {5}, b.Random(5));
      t = b.Tensor("t", {16, 5});
      b.Op(producer, {x, w, bias}, {t}, FullyConnectedOptions(producer_act));
      break;
    }
    case B::AVERAGE_POOL_2D:
    case B::MAX_POOL_2D:
      t = b.Tensor("t", {1, 3, 3, 2});
      b.Op(producer, {x}, {t}, PoolOptions(2));
      break;
    default: {  // ADD, SUB, MUL, DIV with a broadcast constant
      const int k = b.Const("k", {2}, {0.75f, -1.5f});
      t = b.Tensor("t", {1, 4, 4, 2});
      tflite::BuiltinOptionsUnion o = producer == B::ADD   ? AddOptions(producer_act)
                                      : producer == B::SUB ? SubOptions(producer_act)
                                      : producer == B::MUL ? MulOptions(producer_act)
                                                           : DivOptions(producer_act);
      b.Op(producer, {x, k}, {t}, std::move(o));
      break;
    }
  }
  const int y = b.Tensor("y", b.graph().tensors[t].shape);
  b.Op(activation, {t}, {y});
  b.Outputs({y});
  return b;
}

TEST(FuseActivation, EveryProducerAndActivation) {
  const B producers[] = {B::CONV_2D, B::DEPTHWISE_CONV_2D, B::FULLY_CONNECTED, B::ADD, B::SUB,
                         B::MUL, B::DIV, B::AVERAGE_POOL_2D, B::MAX_POOL_2D};
  const std::pair<B, const char*> activations[] = {
      {B::RELU, "RELU"}, {B::RELU6, "RELU6"}, {B::RELU_N1_TO_1, "RELU_N1_TO_1"}};
  for (B producer : producers) {
    for (const auto& [activation, act_name] : activations) {
      const std::string p = tflite::EnumNameBuiltinOperator(producer);
      SCOPED_TRACE(p + " + " + act_name);
      Builder b = ProducerThen(producer, activation);
      TflModel after = b.model();
      EXPECT_EQ(FuseActivations(after), 1);
      //        before                                 after
      EXPECT_EQ(OpList(b.model()), (Ops{p, act_name}));
      EXPECT_EQ(OpList(after), (Ops{p + "+" + act_name}));
      // The output keeps its tensor (index and name).
      EXPECT_EQ(after.subgraphs[0].operators[0].outputs[0], b.graph().outputs[0]);
      ExpectSameOutputs(b.model(), after);
    }
  }
}

TEST(FuseActivation, CreatesMissingOptions) {
  Builder b;
  const int x = b.Input("x", {2, 3});
  const int k = b.Const("k", {3}, {1, -2, 3});
  const int t = b.Tensor("t", {2, 3});
  const int y = b.Tensor("y", {2, 3});
  b.Op(B::ADD, {x, k}, {t}).Op(B::RELU6, {t}, {y}).Outputs({y});  // ADD without options
  TflModel after = b.model();
  EXPECT_EQ(FuseActivations(after), 1);
  EXPECT_EQ(OpList(after), (Ops{"ADD+RELU6"}));
  ExpectSameOutputs(b.model(), after);
}

TEST(FuseActivation, ChainOfTwoActivationsFoldsOnlyOne) {
  // CONV -> RELU6 -> RELU: after the first fold the conv has an activation, so RELU stays.
  Builder b = ProducerThen(B::CONV_2D, B::RELU6);
  const int y = b.graph().outputs[0];
  const int z = b.Tensor("z", b.graph().tensors[y].shape);
  b.Op(B::RELU, {y}, {z}).Outputs({z});
  TflModel after = b.model();
  ASSERT_TRUE(OptimizeModel(after).ok());
  EXPECT_EQ(OpList(b.model()), (Ops{"CONV_2D", "RELU6", "RELU"}));
  EXPECT_EQ(OpList(after), (Ops{"CONV_2D+RELU6", "RELU"}));
  ExpectSameOutputs(b.model(), after);
}

// ---- Cases left unchanged.

void ExpectUnchanged(Builder& b, const Ops& ops) {
  TflModel after = b.model();
  EXPECT_EQ(FuseActivations(after), 0);
  EXPECT_EQ(OpList(b.model()), ops);
  EXPECT_EQ(OpList(after), ops);
}

TEST(FuseActivation, NotWhenTheProducerOutputHasAnotherReader) {
  Builder b = ProducerThen(B::CONV_2D, B::RELU);
  const int t = b.graph().operators[0].outputs[0];
  const int z = b.Tensor("z", b.graph().tensors[t].shape);
  b.Op(B::RELU6, {t}, {z}).Outputs({b.graph().outputs[0], z});
  ExpectUnchanged(b, {"CONV_2D", "RELU", "RELU6"});
}

TEST(FuseActivation, NotWhenTheProducerOutputIsASubgraphOutput) {
  Builder b = ProducerThen(B::CONV_2D, B::RELU);
  b.Outputs({b.graph().operators[0].outputs[0], b.graph().outputs[0]});
  ExpectUnchanged(b, {"CONV_2D", "RELU"});
}

TEST(FuseActivation, NotWhenTheProducerHasAnActivation) {
  Builder b = ProducerThen(B::CONV_2D, B::RELU6, /*producer_act=*/A::RELU);
  ExpectUnchanged(b, {"CONV_2D+RELU", "RELU6"});
}

TEST(FuseActivation, NotTanhNorIntoConcatenation) {
  Builder tanh = ProducerThen(B::CONV_2D, B::TANH);
  ExpectUnchanged(tanh, {"CONV_2D", "TANH"});

  Builder b;
  const int x = b.Input("x", {1, 2});
  const int t = b.Tensor("t", {2, 2});
  const int y = b.Tensor("y", {2, 2});
  tflite::ConcatenationOptionsT o;
  tflite::BuiltinOptionsUnion u;
  u.Set(o);
  b.Op(B::CONCATENATION, {x, x}, {t}, std::move(u)).Op(B::RELU, {t}, {y}).Outputs({y});
  ExpectUnchanged(b, {"CONCATENATION", "RELU"});
}

TEST(FuseActivation, NotOnQuantizedOperators) {
  Builder b = ProducerThen(B::ADD, B::RELU);
  for (TflTensor& t : b.graph().tensors) {
    t.type = tflite::TensorType::INT8;
    t.quantization = TflQuantization{};
    t.quantization->scale = {0.05f};
    t.quantization->zero_point = {0};
  }
  ExpectUnchanged(b, {"ADD", "RELU"});
}

}  // namespace
}  // namespace tfconv
