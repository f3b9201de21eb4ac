#include "plugins/nn/tensor_transforms.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

std::vector<float> Iota(int n) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = static_cast<float>(i);
  return v;
}

template <typename T>
std::vector<T> Values(const Tensor& t) {
  auto d = t.data<T>();
  return std::vector<T>(d.begin(), d.end());
}

TEST(TensorTransformsTest, ConvFilterHwioToOhwi) {
  // HWIO [1, 2, 2, 3] holding 0..11: element (h, w, i, o) = (w * 2 + i) * 3 + o.
  Tensor hwio = Tensor::FromVector<float>({1, 2, 2, 3}, Iota(12));
  Tensor ohwi = ConvFilterHwioToOhwi(hwio);
  EXPECT_EQ(ohwi.shape(), std::vector<int64_t>({3, 1, 2, 2}));
  // Output channel o lists (w0,i0) (w0,i1) (w1,i0) (w1,i1).
  EXPECT_EQ(Values<float>(ohwi), std::vector<float>({0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11}));
}

TEST(TensorTransformsTest, DepthwiseFilterKeepsBytesAndFoldsMultiplier) {
  Tensor hwcm = Tensor::FromVector<float>({2, 2, 3, 2}, Iota(24));
  Tensor dw = DepthwiseFilterToTflite(hwcm);
  EXPECT_EQ(dw.shape(), std::vector<int64_t>({1, 2, 2, 6}));
  EXPECT_EQ(Values<float>(dw), Iota(24));  // channel c*M + m is already where TFLite reads it
}

TEST(TensorTransformsTest, TransposeConvFilter) {
  // [H=1, W=2, O=3, I=2] holding 0..11: element (0, w, o, i) = (w * 3 + o) * 2 + i.
  Tensor hwoi = Tensor::FromVector<float>({1, 2, 3, 2}, Iota(12));
  Tensor ohwi = TransposeConvFilterToTflite(hwoi);
  EXPECT_EQ(ohwi.shape(), std::vector<int64_t>({3, 1, 2, 2}));
  EXPECT_EQ(Values<float>(ohwi), std::vector<float>({0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11}));
}

TEST(TensorTransformsTest, TransposeMatrix) {
  Tensor m = Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor t = TransposeMatrix(m);
  EXPECT_EQ(t.shape(), std::vector<int64_t>({3, 2}));
  EXPECT_EQ(Values<float>(t), std::vector<float>({1, 4, 2, 5, 3, 6}));
}

TEST(TensorTransformsTest, LayoutMoves) {
  // NCHW [1, 2, 2, 2]: channel 0 = 0 1 2 3, channel 1 = 4 5 6 7.
  Tensor nchw = Tensor::FromVector<float>({1, 2, 2, 2}, Iota(8));
  Tensor nhwc = NchwToNhwc(nchw);
  EXPECT_EQ(nhwc.shape(), std::vector<int64_t>({1, 2, 2, 2}));
  EXPECT_EQ(Values<float>(nhwc), std::vector<float>({0, 4, 1, 5, 2, 6, 3, 7}));
  EXPECT_EQ(Values<float>(NhwcToNchw(nhwc)), Iota(8));

  Tensor wide = Tensor::FromVector<float>({1, 3, 1, 2}, Iota(6));  // NCHW, C=3 H=1 W=2
  Tensor moved = NchwToNhwc(wide);
  EXPECT_EQ(moved.shape(), std::vector<int64_t>({1, 1, 2, 3}));
  EXPECT_EQ(Values<float>(moved), std::vector<float>({0, 2, 4, 1, 3, 5}));
}

TEST(TensorTransformsTest, PermuteAnyElementSize) {
  Tensor t = Tensor::FromVector<int64_t>({2, 1, 3}, {1, 2, 3, 4, 5, 6});
  Tensor p = Permute(t, {2, 0, 1});
  EXPECT_EQ(p.shape(), std::vector<int64_t>({3, 2, 1}));
  EXPECT_EQ(Values<int64_t>(p), std::vector<int64_t>({1, 4, 2, 5, 3, 6}));
  Tensor b = Tensor::FromVector<uint8_t>({2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(Values<uint8_t>(Permute(b, {1, 0})), std::vector<uint8_t>({1, 3, 2, 4}));
  Tensor s = Tensor::Scalar<float>(3);
  EXPECT_EQ(Values<float>(Permute(s, {})), std::vector<float>({3}));
}

}  // namespace
}  // namespace tfconv
