// LOCAL_RESPONSE_NORMALIZATION against windows summed by hand: a window wider than the channels
// (then the op is x / sqrt(bias + alpha * sum of all squares)), radius 2 clipped at both ends (the
// window includes c + radius, as TF's LRN), beta 1 on a batch, and the refusals.
#include <cmath>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/activation/activation_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::F32;
using kernel_test::I32;
using kernel_test::OpTest;
using kernel_test::RunOk;
using kernel_test::TestTensor;
using kernel_test::ValuesOf;

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterActivationKernels>(); }

OpTest Lrn(const TestTensor& x, int radius, float bias, float alpha, float beta) {
  OpTest t(BO::LOCAL_RESPONSE_NORMALIZATION, Kernels());
  tflite::LocalResponseNormalizationOptionsT o;
  o.radius = radius;
  o.bias = bias;
  o.alpha = alpha;
  o.beta = beta;
  t.Input(x).Output(x.type).Options(o);
  return t;
}

void ExpectNear(const std::vector<float>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 2e-7 + 1e-6 * std::fabs(want[i])) << i;
}

const std::vector<float> kX = {-1.1f, 0.6f, 0.7f, 1.2f, -0.7f, 0.1f};  // squares sum to 4

TEST(LocalResponseNormTest, WideWindowIsAScaledL2Norm) {
  std::vector<double> half, quarter, fifth;
  for (float v : kX) {
    half.push_back(v / 2.0);     // sqrt(0 + 1 * 4)
    quarter.push_back(v / 4.0);  // sqrt(0 + 4 * 4)
    fifth.push_back(v / 5.0);    // sqrt(9 + 4 * 4)
  }
  ExpectNear(ValuesOf<float>(RunOk(Lrn(F32({1, 1, 1, 6}, kX), 20, 0, 1, 0.5f))), half);
  ExpectNear(ValuesOf<float>(RunOk(Lrn(F32({1, 1, 1, 6}, kX), 20, 0, 4, 0.5f))), quarter);
  ExpectNear(ValuesOf<float>(RunOk(Lrn(F32({1, 1, 1, 6}, kX), 20, 9, 4, 0.5f))), fifth);
}

TEST(LocalResponseNormTest, RadiusTwoIncludesBothEnds) {
  // Window sums of squares: c0 [0,2] 2.06, c1 [0,3] 3.5, c2 [0,4] 3.99, c3 [1,5] 2.79,
  // c4 [2,5] 2.43, c5 [3,5] 1.94.
  const double sums[6] = {2.06, 3.5, 3.99, 2.79, 2.43, 1.94};
  std::vector<double> want;
  for (int c = 0; c < 6; ++c) want.push_back(kX[c] / std::sqrt(9 + 4 * sums[c]));
  ExpectNear(ValuesOf<float>(RunOk(Lrn(F32({1, 1, 1, 6}, kX), 2, 9, 4, 0.5f))), want);
  EXPECT_NEAR(want[0], -0.264926, 1e-6);  // TFLite's own expected values for this case
  EXPECT_NEAR(want[5], 0.0244266, 1e-6);
}

TEST(LocalResponseNormTest, BetaOneOnABatch) {
  // radius 1, bias 1, alpha 1, beta 1: y = x / (1 + window sum of squares).
  RtTensor y = RunOk(Lrn(F32({2, 1, 2, 3}, {1, 2, 3, 0, 0, 0, -1, 0, 1, 2, 0, 0}), 1, 1, 1, 1));
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 1, 2, 3}));
  ExpectNear(ValuesOf<float>(y), {1.0 / 6, 2.0 / 15, 3.0 / 14, 0, 0, 0, -1.0 / 2, 0, 1.0 / 2, 2.0 / 5, 0, 0});
}

TEST(LocalResponseNormTest, Refusals) {
  EXPECT_NE(Lrn(F32({1, 6}, kX), 1, 1, 1, 1).Run().status().message().find("rank 4"), std::string::npos);
  EXPECT_FALSE(Lrn(I32({1, 1, 1, 2}, {1, 2}), 1, 1, 1, 1).Run().ok());
  EXPECT_FALSE(Lrn(F32({1, 1, 1, 6}, kX), -1, 1, 1, 1).Run().ok());
}

}  // namespace
}  // namespace tfconv
