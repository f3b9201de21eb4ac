// MEAN, SUM, REDUCE_MAX/MIN/PROD/ANY/ALL, ARG_MAX and ARG_MIN. Float results against plain loops;
// quantized results exactly against integers derived by hand from TFLite's arithmetic and within
// one step of round(real_result / scale) + zero_point on larger inputs.
#include <cmath>
#include <limits>

#include "gtest/gtest.h"
#include "runtime_check/kernels/pool_reduce/pool_reduce_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::BoolTensor;
using kernel_test::F32;
using kernel_test::I16;
using kernel_test::I32;
using kernel_test::I64;
using kernel_test::I8;
using kernel_test::OpTest;
using kernel_test::Quant;
using kernel_test::Quantized;
using kernel_test::RunOk;
using kernel_test::TensorOf;
using kernel_test::TestTensor;
using kernel_test::U8;
using kernel_test::ValuesOf;

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterPoolReduceKernels>(); }

OpTest Reduce(BO op, const TestTensor& x, const std::vector<int32_t>& axes, bool keep_dims,
              std::optional<TflQuantization> q = std::nullopt) {
  OpTest m(op, Kernels());
  m.Input(x).ConstInput(I32({static_cast<int32_t>(axes.size())}, axes)).Output(x.type, q);
  tflite::ReducerOptionsT o;
  o.keep_dims = keep_dims;
  m.Options(o);
  return m;
}

TEST(MeanTest, FloatAxesKeepDimsAndRepeats) {
  const TestTensor x = F32({2, 3}, {1, 2, 3, 4, 5, 6});
  OpTest a = Reduce(BO::MEAN, x, {1}, false);
  RtTensor y = RunOk(a);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{2, 5}));
  OpTest keep = Reduce(BO::MEAN, x, {-1, 1}, true);
  RtTensor k = RunOk(keep);
  EXPECT_EQ(k.shape(), (std::vector<int32_t>{2, 1}));
  EXPECT_EQ(ValuesOf<float>(k), (std::vector<float>{2, 5}));
  OpTest all = Reduce(BO::MEAN, x, {0, -1}, false);
  RtTensor z = RunOk(all);
  EXPECT_EQ(z.shape(), (std::vector<int32_t>{}));
  EXPECT_EQ(ValuesOf<float>(z), (std::vector<float>{3.5f}));
  OpTest none = Reduce(BO::MEAN, x, {}, false);
  EXPECT_EQ(ValuesOf<float>(RunOk(none)), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  OpTest bad = Reduce(BO::MEAN, x, {2}, false);
  EXPECT_NE(bad.Run().status().message().find("out of range"), std::string::npos);
}

TEST(MeanTest, MiddleAxisOfOddShapeAgainstLoop) {
  std::vector<float> v;
  for (int i = 0; i < 3 * 5 * 2; ++i) v.push_back(std::sin(i * 0.7f) * 10);
  OpTest m = Reduce(BO::MEAN, F32({3, 5, 2}, v), {1}, true);
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{3, 1, 2}));
  std::vector<float> got = ValuesOf<float>(y);
  for (int a = 0; a < 3; ++a)
    for (int c = 0; c < 2; ++c) {
      double s = 0;
      for (int b = 0; b < 5; ++b) s += v[(a * 5 + b) * 2 + c];
      EXPECT_NEAR(got[a * 2 + c], s / 5, 1e-5);
    }
}

TEST(MeanTest, IntegerMeansTruncate) {
  OpTest m = Reduce(BO::MEAN, I32({2, 2}, {1, 2, -1, -2}), {1}, false);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(m)), (std::vector<int32_t>{1, -1}));
  OpTest n = Reduce(BO::MEAN, I64({3}, {int64_t{1} << 40, 1, 2}), {0}, false);
  EXPECT_EQ(ValuesOf<int64_t>(RunOk(n)), (std::vector<int64_t>{((int64_t{1} << 40) + 3) / 3}));
}

TEST(MeanTest, Int8ExactValue) {
  // Reals 1, 2.5, 0 (scale 0.5, zero point -1); mean 7/6 -> 7/6 / 0.25 + 2 = 6.67 -> 7.
  // TFLite: M = 2 -> (2^30, shift 2); folding 1/3: multiplier 2^31 / 3, shift 1; sum - zp*n = 7.
  OpTest m = Reduce(BO::MEAN, Quantized(I8({3}, {1, 4, -1}), 0.5f, -1), {0}, false, Quant(0.25f, 2));
  EXPECT_EQ(ValuesOf<int8_t>(RunOk(m)), (std::vector<int8_t>{7}));
}

// Deterministic pseudo-random quantized values in [lo, hi].
template <typename T>
std::vector<T> Pattern(int n, int lo, int hi) {
  std::vector<T> v;
  uint32_t s = 12345;
  for (int i = 0; i < n; ++i) {
    s = s * 1103515245u + 12345u;
    v.push_back(static_cast<T>(lo + static_cast<int>((s >> 8) % static_cast<uint32_t>(hi - lo + 1))));
  }
  return v;
}

template <typename T>
void CheckQuantizedMeanOrSum(BO op, TT type, float in_scale, int in_zp, float out_scale, int out_zp) {
  const int d0 = 3, d1 = 7, d2 = 5;
  const std::vector<T> v = Pattern<T>(d0 * d1 * d2, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
  OpTest m = Reduce(op, Quantized(TensorOf<T>(type, {d0, d1, d2}, v), in_scale, in_zp), {0, -1}, false,
                     Quant(out_scale, out_zp));
  const std::vector<T> got = ValuesOf<T>(RunOk(m));
  ASSERT_EQ(got.size(), static_cast<size_t>(d1));
  for (int j = 0; j < d1; ++j) {
    double real = 0;
    for (int i = 0; i < d0; ++i)
      for (int k = 0; k < d2; ++k) real += in_scale * (v[(i * d1 + j) * d2 + k] - in_zp);
    if (op == BO::MEAN) real /= d0 * d2;
    const double q = std::clamp<double>(std::round(real / out_scale) + out_zp, std::numeric_limits<T>::min(),
                                        std::numeric_limits<T>::max());
    EXPECT_LE(std::fabs(got[j] - q), 1) << j << ": real " << real;
  }
}

TEST(MeanTest, QuantizedWithinOneStepOfFloat) {
  CheckQuantizedMeanOrSum<uint8_t>(BO::MEAN, TT::UINT8, 0.05f, 128, 0.02f, 120);
  CheckQuantizedMeanOrSum<int8_t>(BO::MEAN, TT::INT8, 0.1f, -5, 0.07f, 3);
  CheckQuantizedMeanOrSum<int16_t>(BO::MEAN, TT::INT16, 0.001f, 0, 0.0007f, 0);
  CheckQuantizedMeanOrSum<int8_t>(BO::SUM, TT::INT8, 0.01f, 2, 0.2f, -1);
  CheckQuantizedMeanOrSum<uint8_t>(BO::SUM, TT::UINT8, 0.01f, 100, 0.3f, 10);
}

TEST(SumTest, Int8ExactValuesAndTies) {
  // M = 0.5: {1,2,3} -> 3; {1,2} -> 1.5 -> 2 (the rounding multiply rounds ties up).
  OpTest a = Reduce(BO::SUM, Quantized(I8({2, 3}, {1, 2, 3, 1, 2, 0}), 0.5f, 0), {1}, false, Quant(1.f, 0));
  EXPECT_EQ(ValuesOf<int8_t>(RunOk(a)), (std::vector<int8_t>{3, 2}));
}

TEST(SumTest, PlainTypes) {
  OpTest i = Reduce(BO::SUM, I32({2, 3}, {1, 2, 3, 4, 5, 6}), {0}, true);
  RtTensor y = RunOk(i);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{1, 3}));
  EXPECT_EQ(ValuesOf<int32_t>(y), (std::vector<int32_t>{5, 7, 9}));
  OpTest f = Reduce(BO::SUM, F32({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}), {0, 2}, false);
  EXPECT_EQ(ValuesOf<float>(RunOk(f)), (std::vector<float>{1 + 2 + 5 + 6, 3 + 4 + 7 + 8}));
  OpTest s16 = Reduce(BO::SUM, Quantized(I16({3}, {100, -30, 5}), 0.1f, 0), {0}, false, Quant(0.1f, 0));
  EXPECT_EQ(ValuesOf<int16_t>(RunOk(s16)), (std::vector<int16_t>{75}));
  OpTest over = Reduce(BO::SUM, Quantized(I16({2}, {30000, 30000}), 0.1f, 0), {0}, false, Quant(0.1f, 0));
  EXPECT_NE(over.Run().status().message().find("overflows"), std::string::npos);
}

TEST(ReduceMaxMinTest, TypesAndQuantization) {
  const TestTensor x = F32({2, 3}, {1, -7, 3, 4, 5, -6});
  OpTest mx = Reduce(BO::REDUCE_MAX, x, {1}, false);
  EXPECT_EQ(ValuesOf<float>(RunOk(mx)), (std::vector<float>{3, 5}));
  OpTest mn = Reduce(BO::REDUCE_MIN, x, {0}, false);
  EXPECT_EQ(ValuesOf<float>(RunOk(mn)), (std::vector<float>{1, -7, -6}));
  OpTest q = Reduce(BO::REDUCE_MAX, Quantized(I8({4}, {-128, -100, -120, -128}), 0.5f, 3), {0}, true,
                     Quant(0.5f, 3));
  EXPECT_EQ(ValuesOf<int8_t>(RunOk(q)), (std::vector<int8_t>{-100}));
  OpTest i64 = Reduce(BO::REDUCE_MIN, I64({2}, {int64_t{1} << 50, -(int64_t{1} << 50)}), {0}, false);
  EXPECT_EQ(ValuesOf<int64_t>(RunOk(i64)), (std::vector<int64_t>{-(int64_t{1} << 50)}));
  OpTest bad = Reduce(BO::REDUCE_MAX, Quantized(I8({2}, {1, 2}), 0.5f, 0), {0}, false, Quant(0.25f, 0));
  EXPECT_NE(bad.Run().status().message().find("same quantization"), std::string::npos);
  OpTest zp = Reduce(BO::REDUCE_MIN, Quantized(I16({2}, {1, 2}), 0.5f, 4), {0}, false, Quant(0.5f, 4));
  EXPECT_NE(zp.Run().status().message().find("zero point 0"), std::string::npos);
}

TEST(ReduceProdTest, FloatAndQuantized) {
  OpTest f = Reduce(BO::REDUCE_PROD, F32({2, 3}, {1, 2, 3, 4, 5, 6}), {1}, false);
  EXPECT_EQ(ValuesOf<float>(RunOk(f)), (std::vector<float>{6, 120}));
  OpTest i = Reduce(BO::REDUCE_PROD, I32({3}, {-2, 3, 7}), {0}, false);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(i)), (std::vector<int32_t>{-42}));
  // Reals 1 and 2 (scale 0.5), product 2 at output scale 0.25 -> 8. The per-step scaling is
  // 0.5 / sqrt(0.25) = 1 (multiplier 2^30, shift 1), so every rescale is exact here.
  OpTest q = Reduce(BO::REDUCE_PROD, Quantized(I8({2}, {2, 4}), 0.5f, 0), {0}, false, Quant(0.25f, 0));
  EXPECT_EQ(ValuesOf<int8_t>(RunOk(q)), (std::vector<int8_t>{8}));
  // Three factors with a zero point: reals (5-1)*0.1=0.4, 0.7, -0.2 -> -0.056 / 0.001 = -56.
  OpTest q3 = Reduce(BO::REDUCE_PROD, Quantized(I8({1, 3}, {5, 8, -1}), 0.1f, 1), {1}, false, Quant(0.001f, 0));
  const int8_t got = ValuesOf<int8_t>(RunOk(q3))[0];
  EXPECT_LE(std::abs(got - (-56)), 1) << int(got);
}

TEST(ReduceAnyTest, Bool) {
  OpTest m = Reduce(BO::REDUCE_ANY, BoolTensor({2, 3}, {0, 0, 0, 0, 1, 0}), {1}, false);
  EXPECT_EQ(ValuesOf<uint8_t>(RunOk(m)), (std::vector<uint8_t>{0, 1}));
  OpTest f = Reduce(BO::REDUCE_ANY, F32({1}, {1}), {0}, false);
  EXPECT_EQ(f.Run().status().code(), absl::StatusCode::kUnimplemented);
}

TEST(ReduceAllTest, BoolKeepDimsAndEmptyReductions) {
  // [2, 3, 2]: over axis 1 only the column (0, *, 1) is all true; over the empty axis 0 of a
  // [0, 2] tensor every result is true, as a conjunction of nothing.
  const std::vector<int> x = {1, 1, 1, 0, 1, 1,  //
                              0, 1, 1, 1, 1, 1};
  OpTest m = Reduce(BO::REDUCE_ALL, BoolTensor({2, 3, 2}, x), {1}, true);
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 1, 2}));
  EXPECT_EQ(ValuesOf<uint8_t>(y), (std::vector<uint8_t>{1, 0, 0, 1}));
  OpTest every = Reduce(BO::REDUCE_ALL, BoolTensor({2, 3, 2}, x), {0, -1, 1}, false);
  EXPECT_EQ(ValuesOf<uint8_t>(RunOk(every)), (std::vector<uint8_t>{0}));
  OpTest empty = Reduce(BO::REDUCE_ALL, BoolTensor({0, 2}, {}), {0}, false);
  EXPECT_EQ(ValuesOf<uint8_t>(RunOk(empty)), (std::vector<uint8_t>{1, 1}));
  OpTest f = Reduce(BO::REDUCE_ALL, F32({1}, {1}), {0}, false);
  EXPECT_EQ(f.Run().status().code(), absl::StatusCode::kUnimplemented);
}

template <typename Options>
OpTest Arg(BO op, const TestTensor& x, int axis, TT out_type) {
  OpTest m(op, Kernels());
  m.Input(x).ConstInput(I32({1}, {axis})).Output(out_type);
  Options o;
  o.output_type = out_type;
  m.Options(o);
  return m;
}

TEST(ArgMinMaxTest, FirstIndexWinsTies) {
  const TestTensor x = F32({2, 3}, {1, 5, 5, 7, 2, 7});
  OpTest mx = Arg<tflite::ArgMaxOptionsT>(BO::ARG_MAX, x, 1, TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(mx)), (std::vector<int32_t>{1, 0}));
  OpTest mn = Arg<tflite::ArgMinOptionsT>(BO::ARG_MIN, x, 0, TT::INT64);
  RtTensor y = RunOk(mn);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{3}));
  EXPECT_EQ(ValuesOf<int64_t>(y), (std::vector<int64_t>{0, 1, 0}));
  OpTest u8 = Arg<tflite::ArgMaxOptionsT>(BO::ARG_MAX, U8({1, 4}, {3, 250, 250, 9}), -1, TT::INT64);
  EXPECT_EQ(ValuesOf<int64_t>(RunOk(u8)), (std::vector<int64_t>{1}));
}

TEST(ArgMinMaxTest, OutputTypeMustMatch) {
  OpTest m(BO::ARG_MAX, Kernels());
  m.Input(F32({3}, {1, 2, 3})).ConstInput(I32({1}, {0})).Output(TT::INT32);
  tflite::ArgMaxOptionsT o;
  o.output_type = TT::INT64;
  m.Options(o);
  EXPECT_NE(m.Run().status().message().find("differs"), std::string::npos);
}

}  // namespace
}  // namespace tfconv
