// The operator table against the quantization spec (quantization_spec.md) and the official
// operator properties it was written from.
#include "quantization/full_integer/op_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace full_integer {
namespace {

using Op = tflite::BuiltinOperator;
using ::testing::ElementsAre;

TEST(OpRulesTest, WeightsAndBiases) {
  const OpQuantRule* conv = FindOpRule(Op::CONV_2D);
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->weight, 1);
  EXPECT_EQ(conv->weight_channel_dim, 0);
  EXPECT_EQ(conv->bias, 2);
  const OpQuantRule* depthwise = FindOpRule(Op::DEPTHWISE_CONV_2D);
  ASSERT_NE(depthwise, nullptr);
  EXPECT_EQ(depthwise->weight_channel_dim, 3);
  const OpQuantRule* transpose_conv = FindOpRule(Op::TRANSPOSE_CONV);
  ASSERT_NE(transpose_conv, nullptr);
  EXPECT_THAT(transpose_conv->inputs, ElementsAre(2));  // the data input follows the shape, weights
  EXPECT_EQ(transpose_conv->weight, 1);
  EXPECT_EQ(transpose_conv->bias, 3);
  const OpQuantRule* fc = FindOpRule(Op::FULLY_CONNECTED);
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->weight_channel_dim, -1);  // per tensor, as the official tool and real models
}

TEST(OpRulesTest, FixedOutputs) {
  struct Case {
    Op op;
    float scale8;
    int zp8;
    float scale16;
  };
  for (const Case& c : {Case{Op::LOGISTIC, 1.0f / 256, -128, 1.0f / 32768},
                        Case{Op::SOFTMAX, 1.0f / 256, -128, 1.0f / 32768},
                        Case{Op::TANH, 1.0f / 128, 0, 1.0f / 32768},
                        Case{Op::LOG_SOFTMAX, 16.0f / 256, 127, 0},
                        Case{Op::L2_NORMALIZATION, 1.0f / 128, 0, 0}}) {
    const OpQuantRule* r = FindOpRule(c.op);
    ASSERT_NE(r, nullptr) << tflite::EnumNameBuiltinOperator(c.op);
    EXPECT_EQ(r->output_scale, OutputScale::kFixed);
    EXPECT_EQ(r->fixed_int8.scale, c.scale8);
    EXPECT_EQ(r->fixed_int8.zero_point, c.zp8);
    EXPECT_EQ(r->fixed_int16.scale, c.scale16);
    EXPECT_EQ(r->int16, c.scale16 != 0);
  }
}

TEST(OpRulesTest, SameScaleOperators) {
  for (Op op : {Op::AVERAGE_POOL_2D, Op::MAX_POOL_2D, Op::RESHAPE, Op::TRANSPOSE, Op::SQUEEZE,
                Op::SLICE, Op::PAD, Op::GATHER, Op::RESIZE_BILINEAR, Op::SPACE_TO_DEPTH,
                Op::BATCH_TO_SPACE_ND, Op::STRIDED_SLICE}) {
    const OpQuantRule* r = FindOpRule(op);
    ASSERT_NE(r, nullptr) << tflite::EnumNameBuiltinOperator(op);
    EXPECT_EQ(r->output_scale, OutputScale::kSameAsInput) << tflite::EnumNameBuiltinOperator(op);
  }
  for (Op op : {Op::CONCATENATION, Op::PACK, Op::MAXIMUM, Op::MINIMUM}) {
    const OpQuantRule* r = FindOpRule(op);
    ASSERT_NE(r, nullptr);
    EXPECT_TRUE(r->inputs_share_output_scale) << tflite::EnumNameBuiltinOperator(op);
    EXPECT_TRUE(r->all_inputs);
  }
  EXPECT_THAT(FindOpRule(Op::SPLIT)->inputs, ElementsAre(1));  // input 0 is the axis
  EXPECT_TRUE(FindOpRule(Op::SPLIT)->all_outputs);
}

TEST(OpRulesTest, OperatorsWithoutIntegerKernels) {
  for (Op op : {Op::CUSTOM, Op::SIN, Op::COS, Op::WHILE, Op::IF, Op::CALL_ONCE, Op::READ_VARIABLE,
                Op::ASSIGN_VARIABLE, Op::DEQUANTIZE, Op::QUANTIZE}) {
    EXPECT_EQ(FindOpRule(op), nullptr) << tflite::EnumNameBuiltinOperator(op);
  }
  // int8 only (no 16x8 kernel in the official table).
  for (Op op : {Op::ARG_MAX, Op::SVDF, Op::LSTM, Op::UNIDIRECTIONAL_SEQUENCE_LSTM, Op::PRELU,
                Op::SPACE_TO_BATCH_ND, Op::MIRROR_PAD, Op::LESS}) {
    ASSERT_NE(FindOpRule(op), nullptr);
    EXPECT_FALSE(FindOpRule(op)->int16) << tflite::EnumNameBuiltinOperator(op);
  }
  EXPECT_EQ(FindOpRule(Op::SVDF)->special, SpecialRule::kSvdf);
  EXPECT_EQ(FindOpRule(Op::LSTM)->special, SpecialRule::kLstm);
}

}  // namespace
}  // namespace full_integer
}  // namespace tfconv
