// AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D: float results against a plain window loop,
// integer rounding against hand-computed values.
#include <cmath>
#include <limits>

#include "gtest/gtest.h"
#include "runtime_check/kernels/pool_reduce/pool_reduce_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::F32;
using kernel_test::I16;
using kernel_test::I32;
using kernel_test::I8;
using kernel_test::OpTest;
using kernel_test::Quant;
using kernel_test::Quantized;
using kernel_test::RunOk;
using kernel_test::TestTensor;
using kernel_test::U8;
using kernel_test::ValuesOf;

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;
using Act = tflite::ActivationFunctionType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterPoolReduceKernels>(); }

tflite::Pool2DOptionsT PoolOptions(tflite::Padding padding, int sh, int sw, int fh, int fw, Act act = Act::NONE) {
  tflite::Pool2DOptionsT o;
  o.padding = padding;
  o.stride_h = sh;
  o.stride_w = sw;
  o.filter_height = fh;
  o.filter_width = fw;
  o.fused_activation_function = act;
  return o;
}

OpTest Pool(BO op, const TestTensor& x, const tflite::Pool2DOptionsT& o,
             std::optional<TflQuantization> q = std::nullopt) {
  OpTest m(op, Kernels());
  m.Input(x).Output(x.type, q).Options(o);
  return m;
}

TEST(AveragePoolTest, FloatValidAndSame) {
  OpTest valid = Pool(BO::AVERAGE_POOL_2D, F32({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9}),
                       PoolOptions(tflite::Padding::VALID, 1, 1, 2, 2));
  RtTensor y = RunOk(valid);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{1, 2, 2, 1}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{3, 4, 6, 7}));
  // SAME, stride 2 on 3x3: windows clipped at the far edge, padding not counted.
  OpTest same = Pool(BO::AVERAGE_POOL_2D, F32({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9}),
                      PoolOptions(tflite::Padding::SAME, 2, 2, 2, 2));
  EXPECT_EQ(ValuesOf<float>(RunOk(same)), (std::vector<float>{3, 4.5f, 7.5f, 9}));
}

// A plain window loop for single-batch float pooling with TFLite's SAME/VALID geometry.
std::vector<float> LoopPool(const std::vector<float>& x, int h, int w, int d, int sh, int sw, int fh, int fw,
                            bool same, int kind) {
  const int oh = same ? (h + sh - 1) / sh : (h - fh + sh) / sh;
  const int ow = same ? (w + sw - 1) / sw : (w - fw + sw) / sw;
  const int ph = std::max(0, ((oh - 1) * sh + fh - h) / 2), pw = std::max(0, ((ow - 1) * sw + fw - w) / 2);
  std::vector<float> out;
  for (int oy = 0; oy < oh; ++oy)
    for (int ox = 0; ox < ow; ++ox)
      for (int c = 0; c < d; ++c) {
        double sum = 0, sq = 0, mx = -1e30;
        int n = 0;
        for (int iy = oy * sh - ph; iy < oy * sh - ph + fh; ++iy)
          for (int ix = ox * sw - pw; ix < ox * sw - pw + fw; ++ix) {
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            const double v = x[(iy * w + ix) * d + c];
            sum += v;
            sq += v * v;
            mx = std::max(mx, v);
            ++n;
          }
        out.push_back(static_cast<float>(kind == 0 ? sum / n : kind == 1 ? mx : std::sqrt(sq / n)));
      }
  return out;
}

TEST(PoolTest, FloatAgainstLoopOnOddShapes) {
  const int h = 5, w = 7, d = 3;
  std::vector<float> x;
  for (int i = 0; i < h * w * d; ++i) x.push_back(static_cast<float>((i * 37 % 23) - 11) * 0.25f);
  struct Case {
    int sh, sw, fh, fw;
    bool same;
  };
  const BO ops[] = {BO::AVERAGE_POOL_2D, BO::MAX_POOL_2D, BO::L2_POOL_2D};
  for (int kind = 0; kind < 3; ++kind) {
    for (const Case& k : {Case{1, 1, 3, 3, true}, Case{2, 3, 3, 2, true}, Case{2, 2, 3, 4, false},
                          Case{3, 1, 1, 5, false}}) {
      OpTest m = Pool(ops[kind], F32({1, h, w, d}, x),
                       PoolOptions(k.same ? tflite::Padding::SAME : tflite::Padding::VALID, k.sh, k.sw, k.fh, k.fw));
      const std::vector<float> got = ValuesOf<float>(RunOk(m));
      const std::vector<float> want = LoopPool(x, h, w, d, k.sh, k.sw, k.fh, k.fw, k.same, kind);
      ASSERT_EQ(got.size(), want.size()) << kind;
      for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5) << kind << " " << i;
    }
  }
}

TEST(PoolTest, FloatActivations) {
  OpTest relu6 = Pool(BO::MAX_POOL_2D, F32({1, 1, 4, 1}, {-5, -4, 7, 9}),
                       PoolOptions(tflite::Padding::VALID, 1, 2, 1, 2, Act::RELU6));
  EXPECT_EQ(ValuesOf<float>(RunOk(relu6)), (std::vector<float>{0, 6}));
  OpTest n1 = Pool(BO::AVERAGE_POOL_2D, F32({1, 1, 4, 1}, {-5, -4, 0.25f, 0.75f}),
                    PoolOptions(tflite::Padding::VALID, 1, 2, 1, 2, Act::RELU_N1_TO_1));
  EXPECT_EQ(ValuesOf<float>(RunOk(n1)), (std::vector<float>{-1, 0.5f}));
  OpTest tanh = Pool(BO::AVERAGE_POOL_2D, F32({1, 1, 2, 1}, {1, 2}),
                      PoolOptions(tflite::Padding::VALID, 1, 1, 1, 1, Act::TANH));
  EXPECT_EQ(tanh.Run().status().code(), absl::StatusCode::kUnimplemented);
}

TEST(AveragePoolTest, IntegerRoundingHalfAwayFromZero) {
  // int8: {-3,-2} -> -2.5 -> -3; {1,2} -> 1.5 -> 2.
  OpTest i8 = Pool(BO::AVERAGE_POOL_2D, Quantized(I8({1, 1, 4, 1}, {-3, -2, 1, 2}), 0.5f, 0),
                    PoolOptions(tflite::Padding::VALID, 1, 2, 1, 2), Quant(0.5f, 0));
  EXPECT_EQ(ValuesOf<int8_t>(RunOk(i8)), (std::vector<int8_t>{-3, 2}));
  // uint8: {1,2} -> 2, {3,4} -> 4 (3.5 up), {1,1,2} -> 1 (4/3).
  OpTest u8 = Pool(BO::AVERAGE_POOL_2D, Quantized(U8({1, 1, 4, 1}, {1, 2, 3, 4}), 1.f, 0),
                    PoolOptions(tflite::Padding::VALID, 1, 2, 1, 2), Quant(1.f, 0));
  EXPECT_EQ(ValuesOf<uint8_t>(RunOk(u8)), (std::vector<uint8_t>{2, 4}));
  OpTest u3 = Pool(BO::AVERAGE_POOL_2D, Quantized(U8({1, 1, 3, 1}, {1, 1, 2}), 1.f, 0),
                    PoolOptions(tflite::Padding::VALID, 1, 1, 1, 3), Quant(1.f, 0));
  EXPECT_EQ(ValuesOf<uint8_t>(RunOk(u3)), (std::vector<uint8_t>{1}));
  // int16: {-1, 0} -> -0.5 -> -1; {-32768, -32767} stays in range.
  OpTest i16 = Pool(BO::AVERAGE_POOL_2D, Quantized(I16({1, 1, 4, 1}, {-1, 0, -32768, -32767}), 0.001f, 0),
                     PoolOptions(tflite::Padding::VALID, 1, 2, 1, 2), Quant(0.001f, 0));
  EXPECT_EQ(ValuesOf<int16_t>(RunOk(i16)), (std::vector<int16_t>{-1, -32768}));
}

TEST(PoolTest, QuantizedActivationClamps) {
  // RELU on scale 0.5, zero point -10 clamps below -10.
  OpTest avg = Pool(BO::AVERAGE_POOL_2D, Quantized(I8({1, 1, 4, 1}, {-20, -30, 0, 2}), 0.5f, -10),
                     PoolOptions(tflite::Padding::VALID, 1, 2, 1, 2, Act::RELU), Quant(0.5f, -10));
  EXPECT_EQ(ValuesOf<int8_t>(RunOk(avg)), (std::vector<int8_t>{-10, 1}));
  // RELU6 on scale 0.1: [0, 60].
  OpTest mx = Pool(BO::MAX_POOL_2D, Quantized(I8({1, 2, 2, 1}, {-5, 100, 3, 4}), 0.1f, 0),
                    PoolOptions(tflite::Padding::SAME, 1, 1, 1, 1, Act::RELU6), Quant(0.1f, 0));
  EXPECT_EQ(ValuesOf<int8_t>(RunOk(mx)), (std::vector<int8_t>{0, 60, 3, 4}));
}

TEST(MaxPoolTest, IntegerTypes) {
  OpTest u8 = Pool(BO::MAX_POOL_2D, Quantized(U8({1, 2, 3, 1}, {5, 1, 9, 200, 7, 3}), 1.f, 0),
                    PoolOptions(tflite::Padding::VALID, 1, 1, 2, 2), Quant(1.f, 0));
  EXPECT_EQ(ValuesOf<uint8_t>(RunOk(u8)), (std::vector<uint8_t>{200, 9}));
  OpTest i16 = Pool(BO::MAX_POOL_2D, Quantized(I16({1, 1, 3, 2}, {-9, 4, -7, -8, -32768, 5}), 0.01f, 0),
                     PoolOptions(tflite::Padding::SAME, 1, 2, 1, 2), Quant(0.01f, 0));
  EXPECT_EQ(ValuesOf<int16_t>(RunOk(i16)), (std::vector<int16_t>{-7, 4, -32768, 5}));
}

TEST(PoolTest, Errors) {
  OpTest quant = Pool(BO::MAX_POOL_2D, Quantized(I8({1, 1, 2, 1}, {1, 2}), 0.5f, 0),
                       PoolOptions(tflite::Padding::VALID, 1, 1, 1, 1), Quant(0.25f, 0));
  EXPECT_NE(quant.Run().status().message().find("share their quantization"), std::string::npos);
  OpTest stride =
      Pool(BO::AVERAGE_POOL_2D, F32({1, 1, 2, 1}, {1, 2}), PoolOptions(tflite::Padding::VALID, 0, 1, 1, 1));
  EXPECT_FALSE(stride.Run().status().ok());
  OpTest rank = Pool(BO::AVERAGE_POOL_2D, F32({1, 2, 1}, {1, 2}), PoolOptions(tflite::Padding::VALID, 1, 1, 1, 1));
  EXPECT_FALSE(rank.Run().status().ok());
  OpTest l2 = Pool(BO::L2_POOL_2D, Quantized(I8({1, 1, 2, 1}, {1, 2}), 0.5f, 0),
                    PoolOptions(tflite::Padding::VALID, 1, 1, 1, 1), Quant(0.5f, 0));
  EXPECT_EQ(l2.Run().status().code(), absl::StatusCode::kUnimplemented);
  OpTest i32 = Pool(BO::MAX_POOL_2D, I32({1, 1, 2, 1}, {1, 2}), PoolOptions(tflite::Padding::VALID, 1, 1, 1, 1));
  EXPECT_EQ(i32.Run().status().code(), absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace tfconv
