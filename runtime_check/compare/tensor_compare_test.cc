// Hand-made vectors whose metrics are worked out in the comments.
#include "runtime_check/compare/tensor_compare.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

const double kNaN = std::nan("");
const double kInf = std::numeric_limits<double>::infinity();

CompareOperand F(std::vector<int64_t> shape, std::vector<float> v, std::string name = "y") {
  return CompareOperand::Of(Tensor::FromVector<float>(std::move(shape), v), std::move(name));
}

CompareOptions Tol(double max_abs, double max_rel = 0, std::optional<double> min_cosine = std::nullopt) {
  CompareOptions o;
  o.tolerance = {max_abs, max_rel, min_cosine};
  return o;
}

// a = [1 2 3 4], b = [1 2.5 2 4] as [2,2]: |a-b| = [0 .5 1 0].
//   max_abs 1; rel = [0, .5/2.5 = .2, 1/2 = .5, 0] -> .5; mean_abs 1.5/4 = .375;
//   rmse sqrt((.25 + 1)/4) = sqrt(.3125); cosine 28 / sqrt(30 * 27.25).
TEST(CompareTensorsTest, FloatMetricsByHand) {
  TensorComparison c = CompareTensors(F({2, 2}, {1, 2, 3, 4}), F({2, 2}, {1, 2.5, 2, 4}), Tol(0.6));
  ASSERT_TRUE(c.comparable) << c.failure;
  EXPECT_EQ(c.num_elements, 4);
  EXPECT_DOUBLE_EQ(c.max_abs_error, 1.0);
  EXPECT_DOUBLE_EQ(c.max_rel_error, 0.5);
  EXPECT_DOUBLE_EQ(c.mean_abs_error, 0.375);
  EXPECT_DOUBLE_EQ(c.rmse, std::sqrt(0.3125));
  EXPECT_NEAR(c.cosine, 0.9792963834957366, 1e-15);
  EXPECT_FALSE(c.max_lsb_error.has_value());
  // Only |1| exceeds 0.6.
  EXPECT_EQ(c.num_mismatches, 1);
  EXPECT_FALSE(c.passed);
  EXPECT_NE(c.failure.find("1 of 4 elements out of tolerance"), std::string::npos) << c.failure;
  // The worst elements: the 1.0 at [1,0], then the .5 at [0,1]; equal elements are not listed.
  ASSERT_EQ(c.worst.size(), 2u);
  EXPECT_EQ(c.worst[0].index, 2);
  EXPECT_EQ(c.worst[0].position, (std::vector<int64_t>{1, 0}));
  EXPECT_DOUBLE_EQ(c.worst[0].actual, 3);
  EXPECT_DOUBLE_EQ(c.worst[0].expected, 2);
  EXPECT_DOUBLE_EQ(c.worst[0].abs_error, 1);
  EXPECT_EQ(c.worst[1].position, (std::vector<int64_t>{0, 1}));
}

// The element rule |a-b| <= atol + rtol*|b|, at its boundary: with rtol .5, .5 <= 1.25 and 1 <= 1.
TEST(CompareTensorsTest, RelativeToleranceIsAgainstExpectedAndInclusive) {
  TensorComparison c = CompareTensors(F({4}, {1, 2, 3, 4}), F({4}, {1, 2.5, 2, 4}), Tol(0, 0.5));
  EXPECT_TRUE(c.passed) << c.failure;
  EXPECT_EQ(c.num_mismatches, 0);
  // The reference is b: |2-3| = 1 <= .4*3 passes, |3-2| = 1 <= .4*2 does not.
  EXPECT_TRUE(CompareTensors(F({1}, {2}), F({1}, {3}), Tol(0, 0.4)).passed);
  EXPECT_FALSE(CompareTensors(F({1}, {3}), F({1}, {2}), Tol(0, 0.4)).passed);
}

TEST(CompareTensorsTest, MinCosine) {
  // cosine .9793 (above): passes at .97, fails at .99 even though every element is within 2.
  EXPECT_TRUE(CompareTensors(F({4}, {1, 2, 3, 4}), F({4}, {1, 2.5, 2, 4}), Tol(2, 0, 0.97)).passed);
  TensorComparison c = CompareTensors(F({4}, {1, 2, 3, 4}), F({4}, {1, 2.5, 2, 4}), Tol(2, 0, 0.99));
  EXPECT_FALSE(c.passed);
  EXPECT_EQ(c.num_mismatches, 0);
  EXPECT_NE(c.failure.find("cosine similarity 0.979296 below 0.99"), std::string::npos) << c.failure;
  // Opposite vectors: -1; all zeros on both sides: 1; on one side only: 0.
  EXPECT_DOUBLE_EQ(CompareTensors(F({2}, {1, 2}), F({2}, {-1, -2})).cosine, -1);
  EXPECT_DOUBLE_EQ(CompareTensors(F({2}, {0, 0}), F({2}, {0, 0})).cosine, 1);
  EXPECT_DOUBLE_EQ(CompareTensors(F({2}, {0, 0}), F({2}, {0, 1})).cosine, 0);
}

// Relative error near zero: 1e-7 off an expected 0 is 1e-7 / max(0, floor).
TEST(CompareTensorsTest, RelativeErrorFloor) {
  CompareOptions o = Tol(1);
  EXPECT_NEAR(CompareTensors(F({2}, {1e-7f, 5}), F({2}, {0, 5}), o).max_rel_error, 1e-7f / 1e-6, 1e-9);
  o.rel_floor = 1e-3;
  EXPECT_NEAR(CompareTensors(F({2}, {1e-7f, 5}), F({2}, {0, 5}), o).max_rel_error, 1e-7f / 1e-3, 1e-12);
}

// NaN matches NaN and an infinity the same infinity; other pairings with a non-finite value
// mismatch, make max_abs infinite, and stay out of the mean, rmse and cosine.
TEST(CompareTensorsTest, NanAndInfinity) {
  TensorComparison c = CompareTensors(F({6}, {float(kNaN), float(kInf), 1, float(kNaN), float(-kInf), 3}),
                                      F({6}, {float(kNaN), float(kInf), float(kNaN), 2, float(kInf), 3}), Tol(1e-5));
  EXPECT_EQ(c.num_mismatches, 3);
  EXPECT_EQ(c.num_nonfinite_mismatches, 3);
  EXPECT_TRUE(std::isinf(c.max_abs_error));
  EXPECT_DOUBLE_EQ(c.mean_abs_error, 0);  // only the pair (3, 3) is finite
  EXPECT_DOUBLE_EQ(c.cosine, 1);
  EXPECT_FALSE(c.passed);
  EXPECT_NE(c.failure.find("3 of them NaN/Inf mismatches"), std::string::npos) << c.failure;
  ASSERT_EQ(c.worst.size(), 3u);
  EXPECT_EQ(c.worst[0].index, 2);  // ties broken by position
  EXPECT_EQ(c.worst[2].index, 4);

  EXPECT_TRUE(CompareTensors(F({2}, {float(kNaN), float(-kInf)}), F({2}, {float(kNaN), float(-kInf)})).passed);
}

TEST(CompareTensorsTest, ShapeAndTypeMismatchFailClearly) {
  TensorComparison shape = CompareTensors(F({2, 3}, {1, 2, 3, 4, 5, 6}), F({3, 2}, {1, 2, 3, 4, 5, 6}));
  EXPECT_FALSE(shape.comparable);
  EXPECT_FALSE(shape.passed);
  EXPECT_EQ(shape.failure, "shape [2,3] vs expected [3,2]");

  TensorComparison type = CompareTensors(F({2}, {1, 2}), CompareOperand::Of(Tensor::FromVector<int32_t>({2}, {1, 2})));
  EXPECT_FALSE(type.comparable);
  EXPECT_EQ(type.failure, "type float32 vs expected int32");
  EXPECT_EQ(ToText(type), "FAIL y float32[2]: type float32 vs expected int32\n");
}

TEST(CompareTensorsTest, IntegersAndBools) {
  // [1 5 -3] vs [1 2 -3]: one element off by 3; with atol 0 it is the only mismatch.
  TensorComparison c = CompareTensors(CompareOperand::Of(Tensor::FromVector<int32_t>({3}, {1, 5, -3})),
                                      CompareOperand::Of(Tensor::FromVector<int32_t>({3}, {1, 2, -3})), Tol(0));
  EXPECT_DOUBLE_EQ(c.max_abs_error, 3);
  EXPECT_DOUBLE_EQ(c.max_rel_error, 1.5);
  EXPECT_DOUBLE_EQ(c.mean_abs_error, 1);
  EXPECT_EQ(c.num_mismatches, 1);
  EXPECT_EQ(c.worst[0].position, (std::vector<int64_t>{1}));

  TensorComparison b = CompareTensors(CompareOperand::Of(Tensor::FromVector<bool>({2}, {true, false})),
                                      CompareOperand::Of(Tensor::FromVector<bool>({2}, {true, true})), Tol(0));
  EXPECT_DOUBLE_EQ(b.max_abs_error, 1);
  EXPECT_EQ(b.num_mismatches, 1);
}

// int8 q = [-128 0 10 127], scale .5, zero point -2: real .5*(q+2) = [-63 1 6 64.5].
// Against float [-63 1.2 5 64.5]: |d| = [0 .2 1 0], in LSBs (/.5) [0 .4 2 0].
TEST(CompareTensorsTest, QuantizedAgainstFloat) {
  CompareOperand q = CompareOperand::Of(Tensor::FromVector<int8_t>({4}, {-128, 0, 10, 127}), "q",
                                        QuantParams{{0.5}, {-2}, 0});
  TensorComparison c = CompareTensors(q, F({4}, {-63, 1.2f, 5, 64.5}), Tol(0.5));
  ASSERT_TRUE(c.comparable) << c.failure;
  EXPECT_EQ(c.actual_type, "int8 (quantized)");
  EXPECT_DOUBLE_EQ(c.max_abs_error, 1);
  ASSERT_TRUE(c.max_lsb_error.has_value());
  EXPECT_DOUBLE_EQ(*c.max_lsb_error, 2);
  EXPECT_DOUBLE_EQ(c.worst[0].actual, 6);
  EXPECT_EQ(c.num_mismatches, 1);
}

// Both uint8 with scale .25 and zero point 20: [10 20 30] vs [11 20 27] differ by [1 0 3] LSBs,
// i.e. [.25 0 .75] in real terms.
TEST(CompareTensorsTest, BothQuantizedCountsLsbExactly) {
  QuantParams p{{0.25}, {20}, 0};
  TensorComparison c =
      CompareTensors(CompareOperand::Of(Tensor::FromVector<uint8_t>({3}, {10, 20, 30}), "a", p),
                     CompareOperand::Of(Tensor::FromVector<uint8_t>({3}, {11, 20, 27}), "b", p), Tol(1));
  EXPECT_EQ(*c.max_lsb_error, 3);
  EXPECT_DOUBLE_EQ(c.max_abs_error, 0.75);
  EXPECT_DOUBLE_EQ(c.worst[0].actual, 2.5);     // .25*(30-20)
  EXPECT_DOUBLE_EQ(c.worst[0].expected, 1.75);  // .25*(27-20)
  EXPECT_TRUE(c.passed);
  EXPECT_NE(ToText(c).find("max_lsb=3"), std::string::npos) << ToText(c);
}

// Per channel along axis 1 of [2,3]: scales [1 .5 .25], zero points [0 1 2], q all 4 then all 8:
// [[4 1.5 .5] [8 3.5 1.5]].
TEST(CompareTensorsTest, PerChannelDequantization) {
  CompareOperand q = CompareOperand::Of(Tensor::FromVector<int8_t>({2, 3}, {4, 4, 4, 8, 8, 8}), "q",
                                        QuantParams{{1, 0.5, 0.25}, {0, 1, 2}, 1});
  TensorComparison exact = CompareTensors(q, F({2, 3}, {4, 1.5, 0.5, 8, 3.5, 1.5}), Tol(0));
  EXPECT_TRUE(exact.passed) << exact.failure;
  EXPECT_DOUBLE_EQ(exact.max_abs_error, 0);

  // .5 off in channel 2 (scale .25) is 2 LSBs, at [1,2].
  TensorComparison off = CompareTensors(q, F({2, 3}, {4, 1.5, 0.5, 8, 3.5, 2.0}), Tol(0));
  EXPECT_DOUBLE_EQ(off.max_abs_error, 0.5);
  EXPECT_DOUBLE_EQ(*off.max_lsb_error, 2);
  EXPECT_EQ(off.worst[0].position, (std::vector<int64_t>{1, 2}));
}

TEST(CompareTensorsTest, BadQuantizationIsNotCompared) {
  CompareOperand two_scales = CompareOperand::Of(Tensor::FromVector<int8_t>({2, 3}, {0, 0, 0, 0, 0, 0}), "q",
                                                 QuantParams{{1, 2}, {}, 1});
  TensorComparison c = CompareTensors(two_scales, F({2, 3}, {0, 0, 0, 0, 0, 0}));
  EXPECT_FALSE(c.comparable);
  EXPECT_EQ(c.failure, "the actual side: 2 quantization channels for dimension 1 of size 3");
  CompareOperand on_float = F({1}, {0});
  on_float.quant = QuantParams{{1}, {}, 0};
  EXPECT_EQ(CompareTensors(F({1}, {0}), on_float).failure,
            "the expected side: quantization parameters on a float32 tensor");
  CompareOperand zero_scale = CompareOperand::Of(Tensor::FromVector<int8_t>({1}, {0}), "q", QuantParams{{0}, {}, 0});
  EXPECT_FALSE(CompareTensors(zero_scale, F({1}, {0})).comparable);
}

TEST(CompareTensorsTest, WorstCountKeepsTheLargest) {
  CompareOptions o = Tol(0);
  o.worst_count = 2;
  // Errors [1 4 2 4 3]: the two 4s, the lower index first.
  TensorComparison c = CompareTensors(F({5}, {1, 4, 2, 4, 3}), F({5}, {0, 0, 0, 0, 0}), o);
  ASSERT_EQ(c.worst.size(), 2u);
  EXPECT_EQ(c.worst[0].index, 1);
  EXPECT_EQ(c.worst[1].index, 3);
  EXPECT_EQ(c.num_mismatches, 5);
}

TEST(CompareTensorsTest, EmptyTensorsPass) {
  TensorComparison c = CompareTensors(F({0, 3}, {}), F({0, 3}, {}));
  EXPECT_TRUE(c.passed);
  EXPECT_EQ(c.num_elements, 0);
}

TEST(CompareTensorListsTest, ReportTextAndJson) {
  ComparisonReport r = CompareTensorLists({F({2}, {1, 2}, "a"), F({1}, {float(kInf)}, "b")},
                                          {F({2}, {1, 2}, "a"), F({1}, {1}, "b_ref")}, Tol(1e-5));
  EXPECT_FALSE(r.passed);
  ASSERT_EQ(r.outputs.size(), 2u);
  EXPECT_TRUE(r.outputs[0].passed);
  EXPECT_FALSE(r.outputs[1].passed);
  const std::string text = r.ToText();
  EXPECT_NE(text.find("PASS a float32[2]: max_abs=0 "), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL b vs b_ref float32[1]: max_abs=inf"), std::string::npos) << text;
  EXPECT_NE(text.find("    at [0]: actual=inf expected=1 abs_error=inf"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL: 2 output(s) compared, 1 failed (max_abs 1e-05, max_rel 0)"), std::string::npos) << text;

  nlohmann::json j = r.ToJson();
  EXPECT_EQ(j["passed"], false);
  EXPECT_EQ(j["tolerance"]["max_abs"], 1e-5);
  EXPECT_TRUE(j["tolerance"]["min_cosine"].is_null());
  EXPECT_EQ(j["outputs"][1]["name"], "b");
  EXPECT_EQ(j["outputs"][1]["expected_name"], "b_ref");
  EXPECT_EQ(j["outputs"][1]["max_abs_error"], "Infinity");
  EXPECT_EQ(j["outputs"][1]["num_nonfinite_mismatches"], 1);
  EXPECT_EQ(j["outputs"][1]["worst"][0]["actual"], "Infinity");
  EXPECT_EQ(j["outputs"][0]["max_abs_error"], 0.0);
  EXPECT_TRUE(j["outputs"][0]["max_lsb_error"].is_null());
}

TEST(CompareTensorListsTest, CountsMustAgree) {
  ComparisonReport r = CompareTensorLists({F({1}, {1}), F({1}, {2})}, {F({1}, {1})});
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.failure, "2 output(s) vs 1 expected");
  EXPECT_EQ(r.outputs.size(), 1u);
  EXPECT_FALSE(CompareTensorLists({}, {}).passed);
}

TEST(OperandFromRtTensorTest, KeepsQuantizationOfIntegerTensors) {
  TflQuantization q;
  q.scale = {0.5f};
  q.zero_point = {-2};
  RtTensor t = RtTensor::Make(tflite::TensorType::INT8, {2});
  t.mutable_data<int8_t>()[0] = 0;
  t.mutable_data<int8_t>()[1] = 4;
  t.set_quantization(&q);
  t.set_name("out");
  absl::StatusOr<CompareOperand> o = OperandFromRtTensor(t);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->name, "out");
  ASSERT_TRUE(o->quant.has_value());
  // .5*(0+2) = 1, .5*(4+2) = 3.
  EXPECT_TRUE(CompareTensors(*o, F({2}, {1, 3}), Tol(0)).passed);

  RtTensor f = RtTensor::Make(tflite::TensorType::FLOAT32, {1});
  f.mutable_data<float>()[0] = 1;
  f.set_quantization(&q);  // a float tensor's scale means nothing to the comparison
  absl::StatusOr<CompareOperand> fo = OperandFromRtTensor(f);
  ASSERT_TRUE(fo.ok());
  EXPECT_FALSE(fo->quant.has_value());
}

}  // namespace
}  // namespace tfconv
