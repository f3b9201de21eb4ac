// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR: float results against an independent bilinear
// formula in double, integer results against hand-computed TFLite fixed-point values.
#include <cmath>

#include "gtest/gtest.h"
#include "runtime_check/kernels/array/array_kernels.h"
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

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterArrayKernels>(); }

OpTest Bilinear(const TestTensor& x, int h, int w, bool align, bool half, TT out_type,
                 std::optional<TflQuantization> q = std::nullopt) {
  OpTest m(BO::RESIZE_BILINEAR, Kernels());
  m.Input(x).ConstInput(I32({2}, {h, w})).Output(out_type, q);
  tflite::ResizeBilinearOptionsT o;
  o.align_corners = align;
  o.half_pixel_centers = half;
  m.Options(o);
  return m;
}

// Textbook bilinear sampling of a single-channel image (source coordinate clamped to the image).
std::vector<double> Reference(const std::vector<double>& img, int ih, int iw, int oh, int ow, bool align, bool half) {
  auto src = [&](int o, int in, int out) {
    double scale = align && out > 1 ? double(in - 1) / (out - 1) : double(in) / out;
    double s = half ? (o + 0.5) * scale - 0.5 : o * scale;
    return std::min(std::max(s, 0.0), double(in - 1));
  };
  std::vector<double> r;
  for (int y = 0; y < oh; ++y) {
    const double sy = src(y, ih, oh);
    const int y0 = int(std::floor(sy)), y1 = std::min(y0 + 1, ih - 1);
    for (int x = 0; x < ow; ++x) {
      const double sx = src(x, iw, ow);
      const int x0 = int(std::floor(sx)), x1 = std::min(x0 + 1, iw - 1);
      const double fy = sy - y0, fx = sx - x0;
      r.push_back(img[y0 * iw + x0] * (1 - fy) * (1 - fx) + img[y0 * iw + x1] * (1 - fy) * fx +
                  img[y1 * iw + x0] * fy * (1 - fx) + img[y1 * iw + x1] * fy * fx);
    }
  }
  return r;
}

TEST(ResizeBilinearTest, FloatMatchesTextbookFormula) {
  const std::vector<float> img = {1, 2.5f, -3, 4, 0.5f, 7, -2, 8, 3, 1, 0, -1};  // 3x4
  const std::vector<double> imgd(img.begin(), img.end());
  struct Case {
    int h, w;
    bool align, half;
  };
  for (const Case& k : {Case{5, 7, false, false}, Case{5, 7, true, false}, Case{5, 7, false, true},
                        Case{2, 3, false, true}, Case{1, 1, true, false}}) {
    OpTest m = Bilinear(F32({1, 3, 4, 1}, img), k.h, k.w, k.align, k.half, TT::FLOAT32);
    RtTensor y = RunOk(m);
    ASSERT_EQ(y.shape(), (std::vector<int32_t>{1, k.h, k.w, 1}));
    const std::vector<double> ref = Reference(imgd, 3, 4, k.h, k.w, k.align, k.half);
    const std::vector<float> got = ValuesOf<float>(y);
    for (size_t i = 0; i < ref.size(); ++i) {
      EXPECT_NEAR(got[i], ref[i], 1e-5) << "case " << k.h << "x" << k.w << " " << i;
    }
  }
}

TEST(ResizeBilinearTest, ChannelsAndBatchesAreIndependent) {
  // Two batches, two channels: channel c of batch b holds (b * 10 + c) + position.
  std::vector<float> x;
  for (int b = 0; b < 2; ++b)
    for (int p = 0; p < 4; ++p)
      for (int c = 0; c < 2; ++c) x.push_back(b * 10 + c + p);
  OpTest m = Bilinear(F32({2, 2, 2, 2}, x), 3, 3, true, false, TT::FLOAT32);
  std::vector<float> got = ValuesOf<float>(RunOk(m));
  // align_corners: the centre of each 3x3 image is the mean of the four corners.
  EXPECT_FLOAT_EQ(got[(0 * 9 + 4) * 2 + 0], 1.5f);
  EXPECT_FLOAT_EQ(got[(0 * 9 + 4) * 2 + 1], 2.5f);
  EXPECT_FLOAT_EQ(got[(1 * 9 + 4) * 2 + 1], 12.5f);
  EXPECT_FLOAT_EQ(got[(1 * 9 + 8) * 2 + 0], 13.f);
}

TEST(ResizeBilinearTest, Uint8RoundsHalfUpWithinOneOfFloat) {
  const std::vector<uint8_t> img = {0, 255, 100, 1, 17, 200};  // 2x3
  OpTest m = Bilinear(Quantized(U8({1, 2, 3, 1}, img), 1.f, 0), 5, 4, false, true, TT::UINT8, Quant(1.f, 0));
  std::vector<uint8_t> got = ValuesOf<uint8_t>(RunOk(m));
  const std::vector<double> ref = Reference(std::vector<double>(img.begin(), img.end()), 2, 3, 5, 4, false, true);
  ASSERT_EQ(got.size(), ref.size());
  for (size_t i = 0; i < ref.size(); ++i) EXPECT_LE(std::fabs(got[i] - std::floor(ref[i] + 0.5)), 1) << i;
  EXPECT_EQ(got[0], 0);  // the top-left sample sits on the first pixel
}

TEST(ResizeBilinearTest, Int8FixedPointRoundsHalfAwayFromZero) {
  // Width 2 -> 4: scale_10 = 512, samples at 0, 0.5, 1, 1.5 (clamped): a, (a+b)/2, b, b.
  OpTest m = Bilinear(Quantized(I8({1, 1, 2, 2}, {-3, 3, 0, 0}), 0.1f, 0), 1, 4, false, false, TT::INT8,
                       Quant(0.1f, 0));
  // Channel 0: -3, -1.5 -> -2, 0, 0; channel 1: 3, 1.5 -> 2, 0, 0.
  EXPECT_EQ(ValuesOf<int8_t>(RunOk(m)), (std::vector<int8_t>{-3, 3, -2, 2, 0, 0, 0, 0}));
  OpTest w = Bilinear(Quantized(I16({1, 1, 2, 1}, {-100, 100}), 0.1f, 0), 1, 4, false, false, TT::INT16,
                       Quant(0.1f, 0));
  EXPECT_EQ(ValuesOf<int16_t>(RunOk(w)), (std::vector<int16_t>{-100, 0, 100, 100}));
}

TEST(ResizeBilinearTest, Errors) {
  OpTest both = Bilinear(F32({1, 1, 1, 1}, {1}), 2, 2, true, true, TT::FLOAT32);
  EXPECT_FALSE(both.Run().ok());
  OpTest zero = Bilinear(F32({1, 1, 1, 1}, {1}), 0, 2, false, false, TT::FLOAT32);
  EXPECT_FALSE(zero.Run().ok());
  OpTest rank = Bilinear(F32({1, 1, 1}, {1}), 2, 2, false, false, TT::FLOAT32);
  EXPECT_FALSE(rank.Run().ok());
  OpTest quant = Bilinear(Quantized(I8({1, 1, 1, 1}, {1}), 0.5f, 0), 2, 2, false, false, TT::INT8, Quant(0.25f, 0));
  EXPECT_FALSE(quant.Run().ok());
}

OpTest Nearest(const TestTensor& x, int h, int w, bool align, bool half) {
  OpTest m(BO::RESIZE_NEAREST_NEIGHBOR, Kernels());
  m.Input(x).ConstInput(I32({2}, {h, w})).Output(x.type);
  tflite::ResizeNearestNeighborOptionsT o;
  o.align_corners = align;
  o.half_pixel_centers = half;
  m.Options(o);
  return m;
}

TEST(ResizeNearestNeighborTest, Modes) {
  const TestTensor x = I32({1, 2, 2, 1}, {1, 2, 3, 4});
  OpTest plain = Nearest(x, 4, 4, false, false);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(plain)),
            (std::vector<int32_t>{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}));
  // align_corners: scale 1/2, rounded: 0, round(0.5) = 1, 1.
  OpTest align = Nearest(x, 3, 3, true, false);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(align)), (std::vector<int32_t>{1, 2, 2, 3, 4, 4, 3, 4, 4}));
  // half_pixel_centers: floor((i + 0.5) * 2/3) = 0, 1, 1.
  OpTest half = Nearest(x, 3, 3, false, true);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(half)), (std::vector<int32_t>{1, 2, 2, 3, 4, 4, 3, 4, 4}));
  // Downscaling 2 -> 1 with half pixels samples index floor(0.5 * 2) = 1.
  OpTest down = Nearest(x, 1, 1, false, true);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(down)), (std::vector<int32_t>{4}));
}

TEST(ResizeNearestNeighborTest, CopiesWholeChannelVectors) {
  OpTest m = Nearest(Quantized(I16({1, 1, 2, 3}, {1, 2, 3, 4, 5, 6}), 0.5f, 0), 1, 3, false, false);
  EXPECT_EQ(ValuesOf<int16_t>(RunOk(m)), (std::vector<int16_t>{1, 2, 3, 1, 2, 3, 4, 5, 6}));
}

}  // namespace
}  // namespace tfconv
