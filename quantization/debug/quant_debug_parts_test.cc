// The debugger's parts on hand-made values whose answers are worked out by hand.
#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "quantization/debug/error_stats.h"
#include "quantization/debug/quant_debugger.h"
#include "quantization/debug/quant_values.h"
#include "quantization/debug/tensor_pairing.h"
#include "re2/re2.h"

namespace tfconv {
namespace {

using tflite::TensorType;

TEST(ErrorStats, HandComputed) {
  ErrorStats s;
  // errors 0.5, 0, -0.5, 0: RMSE sqrt(0.5 / 4), mean 0, max 0.5; in steps of 0.5: sqrt(2 / 4).
  s.Add({0, 1, 2, 3}, {0.5, 1, 1.5, 3}, {0.5, 0.5, 0.5, 0.5});
  EXPECT_EQ(s.count(), 4);
  EXPECT_NEAR(s.rmse(), std::sqrt(0.125), 1e-12);
  EXPECT_NEAR(s.mean_error(), 0, 1e-12);
  EXPECT_NEAR(s.max_abs_error(), 0.5, 1e-12);
  ASSERT_TRUE(s.rmse_over_scale().has_value());
  EXPECT_NEAR(*s.rmse_over_scale(), std::sqrt(0.5), 1e-12);
  EXPECT_NEAR(*s.max_abs_error_over_scale(), 1.0, 1e-12);
  EXPECT_EQ(s.reference_range(), 3);

  ErrorStats unscaled;
  unscaled.Add({1, 2}, {1, 3}, {});
  EXPECT_FALSE(unscaled.rmse_over_scale().has_value());
  EXPECT_NEAR(unscaled.mean_error(), 0.5, 1e-12);
  // Merging is the same as adding everything to one.
  ErrorStats merged = s;
  merged.Merge(unscaled);
  EXPECT_EQ(merged.count(), 6);
  EXPECT_NEAR(merged.rmse(), std::sqrt((0.25 + 0.25 + 1) / 6), 1e-12);
}

TEST(ErrorStats, RoundingOfSpreadValuesIsOneOverSqrt12) {
  // Values spread over many steps of 0.1, rounded to the grid: the error is uniform in a step.
  std::vector<double> ref, got, scales;
  for (int i = 0; i < 20000; ++i) {
    const double x = -50.0 + i * 0.0050713;
    ref.push_back(x);
    got.push_back(std::round(x / 0.1) * 0.1);
    scales.push_back(0.1);
  }
  ErrorStats s;
  s.Add(ref, got, scales);
  EXPECT_NEAR(*s.rmse_over_scale(), kIdealRmseOverScale, 0.005);
  EXPECT_LE(*s.max_abs_error_over_scale(), 0.5 + 1e-9);
}

TEST(ErrorStats, NonFiniteCountedApart) {
  ErrorStats s;
  s.Add({1, NAN, 3}, {1, 2, INFINITY}, {});
  EXPECT_EQ(s.count(), 1);
  EXPECT_EQ(s.non_finite(), 2);
  EXPECT_EQ(s.rmse(), 0);
}

TEST(QuantValues, PerAxisDequantization) {
  TflQuantization q;
  q.scale = {0.5f, 2.0f};
  q.zero_point = {0, 1};
  q.quantized_dimension = 0;
  RtTensor t = RtTensor::Make(TensorType::INT8, {2, 3});
  const int8_t v[] = {2, -2, 4, 1, 3, 0};
  for (int i = 0; i < 6; ++i) t.mutable_data<int8_t>()[i] = v[i];
  t.set_quantization(&q);
  EXPECT_EQ(RealValues(t), (std::vector<double>{1, -1, 2, 0, 4, -2}));
  EXPECT_EQ(ElementScales(t), (std::vector<double>{0.5, 0.5, 0.5, 2, 2, 2}));

  TflQuantization q1;
  q1.scale = {1.0f, 2.0f, 4.0f};
  q1.zero_point = {0, 0, 0};
  q1.quantized_dimension = 1;
  t.set_quantization(&q1);
  EXPECT_EQ(RealValues(t), (std::vector<double>{2, -4, 16, 1, 6, 0}));
}

TEST(QuantValues, UnquantizedAndFloat16) {
  RtTensor f = RtTensor::Make(TensorType::FLOAT32, {2});
  f.mutable_data<float>()[0] = 1.5f;
  f.mutable_data<float>()[1] = -2.0f;
  EXPECT_EQ(RealValues(f), (std::vector<double>{1.5, -2.0}));
  EXPECT_TRUE(ElementScales(f).empty());
  RtTensor h = RtTensor::Make(TensorType::FLOAT16, {1});
  h.mutable_data<uint16_t>()[0] = 0x3C00;  // 1.0 in IEEE half
  EXPECT_EQ(RealValues(h), (std::vector<double>{1.0}));
  // An int32 tensor without a scale gives its integers.
  RtTensor i = RtTensor::Make(TensorType::INT32, {1});
  i.mutable_data<int32_t>()[0] = -7;
  EXPECT_EQ(RealValues(i), (std::vector<double>{-7}));
}

TEST(QuantValues, StoreRoundsHalfAwayFromZeroAndClamps) {
  TflQuantization q;
  q.scale = {0.5f};
  q.zero_point = {-3};
  RtTensor t = RtTensor::Make(TensorType::INT8, {5});
  t.set_quantization(&q);
  // 0.25/0.5 = 0.5 -> 1; -0.5 -> -1; 1.5 -> 2; then the zero point; 197 and -203 clamp.
  ASSERT_TRUE(StoreRealValues({0.25, -0.25, 0.75, 100, -100}, t).ok());
  const int8_t want[] = {-2, -4, -1, 127, -128};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(t.data<int8_t>()[i], want[i]) << i;
  EXPECT_FALSE(StoreRealValues({1.0}, t).ok());  // wrong count
}

TEST(TensorPairing, Suffixes) {
  EXPECT_EQ(WithoutQuantSuffix("input_1_int8"), "input_1");
  EXPECT_EQ(WithoutQuantSuffix("Identity_uint8"), "Identity");
  EXPECT_EQ(WithoutQuantSuffix("x_dequantized"), "x");
  EXPECT_EQ(WithoutQuantSuffix("_int8"), "_int8");
  EXPECT_EQ(WithoutQuantSuffix("plain"), "plain");
}

// x -> RELU -> y, float; and the quantized form with float I/O and new names around it:
// serving_x (float) -> QUANTIZE -> q0 (int8) -> RELU -> y (int8) -> DEQUANTIZE -> out (float).
TEST(TensorPairing, FollowsPositionsAndConversions) {
  TflModel f;
  {
    TflSubgraph& g = f.subgraphs.emplace_back();
    const int x = g.AddTensor({.name = "x", .type = TensorType::FLOAT32, .shape = {4}});
    const int y = g.AddTensor({.name = "y", .type = TensorType::FLOAT32, .shape = {4}});
    TflOperator& op = g.operators.emplace_back();
    op.opcode_index = f.OpcodeIndex(tflite::BuiltinOperator::RELU);
    op.inputs = {x};
    op.outputs = {y};
    g.inputs = {x};
    g.outputs = {y};
  }
  TflModel q;
  {
    TflQuantization qp;
    qp.scale = {0.1f};
    qp.zero_point = {0};
    TflSubgraph& g = q.subgraphs.emplace_back();
    const int sx = g.AddTensor({.name = "serving_x", .type = TensorType::FLOAT32, .shape = {4}});
    const int q0 = g.AddTensor({.name = "q0", .type = TensorType::INT8, .shape = {4}, .quantization = qp});
    const int y = g.AddTensor({.name = "y", .type = TensorType::INT8, .shape = {4}, .quantization = qp});
    const int out = g.AddTensor({.name = "out", .type = TensorType::FLOAT32, .shape = {4}});
    auto add = [&](tflite::BuiltinOperator code, int in, int o) {
      TflOperator& op = g.operators.emplace_back();
      op.opcode_index = q.OpcodeIndex(code);
      op.inputs = {in};
      op.outputs = {o};
    };
    add(tflite::BuiltinOperator::QUANTIZE, sx, q0);
    add(tflite::BuiltinOperator::RELU, q0, y);
    add(tflite::BuiltinOperator::DEQUANTIZE, y, out);
    g.inputs = {sx};
    g.outputs = {out};
  }
  const TensorPairing p = PairTensors(f, 0, q, 0);
  EXPECT_EQ(p.float_of_quant, (std::vector<int>{0, 0, 1, 1}));
  EXPECT_EQ(p.preferred, (std::vector<int>{1, 2}));  // the int8 tensors
  ASSERT_EQ(p.pairs.size(), 4u);
  EXPECT_EQ(p.pairs[0].how, "input position 0");
  EXPECT_EQ(p.pairs[1].how, "QUANTIZE output");
  EXPECT_EQ(p.pairs[2].how, "name");
  EXPECT_EQ(p.pairs[3].how, "output position 0");
  EXPECT_EQ(p.quant_producer, (std::vector<int>{-1, 0, 1, 2}));
}

TEST(ExactNamesRegex, MatchesExactlyTheNamesWithRe2) {
  const std::vector<std::string> names = {"model/act_3/Relu;model/bn_3/FusedBatchNormV3;model/conv2d_3/Conv2D1",
                                          "a.b(c)[d]+e*f?g|h^i$j\\k", "name with spaces {x}"};
  RE2 re(ExactNamesRegex(names));
  ASSERT_TRUE(re.ok()) << re.error();
  for (const std::string& n : names) EXPECT_TRUE(RE2::PartialMatch(n, re)) << n;
  EXPECT_FALSE(RE2::PartialMatch("model/act_3/Relu", re));
  EXPECT_FALSE(RE2::PartialMatch("xa.b(c)[d]+e*f?g|h^i$j\\k", re));
  EXPECT_FALSE(RE2::PartialMatch("aXb(c)[d]+e*f?g|h^i$j\\k", re));  // '.' is literal
  EXPECT_EQ(ExactNamesRegex({}), "");
}

}  // namespace
}  // namespace tfconv
