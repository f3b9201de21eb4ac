// Every expectation here was worked out by hand (the arithmetic is in the comments) or is an
// algebraic identity; none comes from running the kernels.
#include "plugins/nn/reference_kernels.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

template <typename T>
std::vector<T> Values(const Tensor& t) {
  auto d = t.data<T>();
  return std::vector<T>(d.begin(), d.end());
}

class ReferenceKernelsTest : public ::testing::Test {
 protected:
  Window2D Geometry(Padding p, int64_t in_h, int64_t in_w, int64_t k_h, int64_t k_w, int64_t stride = 1,
                    int64_t dilation = 1) {
    Window2DAttrs a;
    a.padding = p;
    a.stride_h = a.stride_w = stride;
    a.dilation_h = a.dilation_w = dilation;
    absl::StatusOr<Window2D> g = ComputeWindow2D(*node_, a, in_h, in_w, k_h, k_w);
    EXPECT_TRUE(g.ok()) << g.status();
    return *g;
  }
  Graph graph_;
  Node* node_ = graph_.AddNode("op", "Op");

  // 1x3x3x1 image 1..9 and a 2x2 filter [[1, 2], [3, 4]] (HWIO [2, 2, 1, 1]).
  Tensor image_ = Tensor::FromVector<float>({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  Tensor filter_ = Tensor::FromVector<float>({2, 2, 1, 1}, {1, 2, 3, 4});
};

TEST_F(ReferenceKernelsTest, Conv2DValid) {
  Tensor y = Conv2DReference<float>(image_, filter_, Geometry(Padding::kValid, 3, 3, 2, 2));
  EXPECT_EQ(y.shape(), std::vector<int64_t>({1, 2, 2, 1}));
  // 1*1+2*2+4*3+5*4 = 37, 2+6+15+24 = 47, 4+10+21+32 = 67, 5+12+24+36 = 77.
  EXPECT_EQ(Values<float>(y), std::vector<float>({37, 47, 67, 77}));
}

TEST_F(ReferenceKernelsTest, Conv2DSamePadsAfter) {
  // in 3, k 2: one row/column of padding, after (TF puts floor(1/2) = 0 before).
  Tensor y = Conv2DReference<float>(image_, filter_, Geometry(Padding::kSame, 3, 3, 2, 2));
  EXPECT_EQ(y.shape(), std::vector<int64_t>({1, 3, 3, 1}));
  // Right column: 3*1+6*3 = 21, 6*1+9*3 = 33; bottom row: 7+8*2 = 23, 8+9*2 = 26; corner 9.
  EXPECT_EQ(Values<float>(y), std::vector<float>({37, 47, 21, 67, 77, 33, 23, 26, 9}));
}

TEST_F(ReferenceKernelsTest, Conv2DSameStride2) {
  // Output 2x2 at window origins (0,0) (0,2) (2,0) (2,2) of the SAME result above.
  Tensor y = Conv2DReference<float>(image_, filter_, Geometry(Padding::kSame, 3, 3, 2, 2, 2));
  EXPECT_EQ(y.shape(), std::vector<int64_t>({1, 2, 2, 1}));
  EXPECT_EQ(Values<float>(y), std::vector<float>({37, 21, 23, 9}));
}

TEST_F(ReferenceKernelsTest, Conv2DDilation2) {
  // Effective 3x3 window, taps at the corners: 1*1 + 3*2 + 7*3 + 9*4 = 64.
  Tensor valid = Conv2DReference<float>(image_, filter_, Geometry(Padding::kValid, 3, 3, 2, 2, 1, 2));
  EXPECT_EQ(Values<float>(valid), std::vector<float>({64}));
  // SAME pads 1 on each side; output (i, j) taps rows i-1, i+1 and columns j-1, j+1.
  Tensor same = Conv2DReference<float>(image_, filter_, Geometry(Padding::kSame, 3, 3, 2, 2, 1, 2));
  ASSERT_EQ(same.shape(), std::vector<int64_t>({1, 3, 3, 1}));
  std::vector<float> v = Values<float>(same);
  EXPECT_EQ(v[0], 5 * 4);          // only (1,1) * f[1][1]
  EXPECT_EQ(v[1], 4 * 3 + 6 * 4);  // (1,0) * f[1][0] + (1,2) * f[1][1]
  EXPECT_EQ(v[4], 64);             // all four corners
  EXPECT_EQ(v[8], 5 * 1);          // only (1,1) * f[0][0]
}

TEST_F(ReferenceKernelsTest, Conv2DBatchAndChannels) {
  // Batch 2 (second image = 10 x the first), 2 input channels (the second = 100 x the first) and
  // 2 output channels: out0 = f * (ch0) , out1 = f * (ch1) through a 2x2x2x2 filter that routes
  // ch0 -> out0 with weights [1,2,3,4] and ch1 -> out1 with weights [1,1,1,1].
  std::vector<float> x;
  for (int b = 0; b < 2; ++b) {
    for (int i = 1; i <= 9; ++i) {
      x.push_back(static_cast<float>(i * (b ? 10 : 1)));
      x.push_back(static_cast<float>(i * (b ? 10 : 1) * 100));
    }
  }
  Tensor input = Tensor::FromVector<float>({2, 3, 3, 2}, x);
  // HWIO index ((h*2 + w)*2 + i)*2 + o.
  std::vector<float> f(16, 0);
  const float w0[4] = {1, 2, 3, 4};
  for (int hw = 0; hw < 4; ++hw) {
    f[(hw * 2 + 0) * 2 + 0] = w0[hw];
    f[(hw * 2 + 1) * 2 + 1] = 1;
  }
  Tensor filter = Tensor::FromVector<float>({2, 2, 2, 2}, f);
  Tensor y = Conv2DReference<float>(input, filter, Geometry(Padding::kValid, 3, 3, 2, 2));
  ASSERT_EQ(y.shape(), std::vector<int64_t>({2, 2, 2, 2}));
  // Window sums of 1..9: 12, 16, 24, 28; times 100 for channel 1; times 10 for batch 1.
  EXPECT_EQ(Values<float>(y), std::vector<float>({37, 1200, 47, 1600, 67, 2400, 77, 2800,  //
                                                  370, 12000, 470, 16000, 670, 24000, 770, 28000}));
}

TEST_F(ReferenceKernelsTest, Conv2DOddSizeCountsInBoundsTaps) {
  // 5x7 ones, 3x3 ones filter, SAME stride 2: each output counts the taps inside the image.
  // Rows centered at 0, 2, 4 see 2, 3, 2 rows; columns centered at 0, 2, 4, 6 see 2, 3, 3, 2.
  Tensor ones = Tensor::FromVector<float>({1, 5, 7, 1}, std::vector<float>(35, 1));
  Tensor f = Tensor::FromVector<float>({3, 3, 1, 1}, std::vector<float>(9, 1));
  Tensor y = Conv2DReference<float>(ones, f, Geometry(Padding::kSame, 5, 7, 3, 3, 2));
  EXPECT_EQ(y.shape(), std::vector<int64_t>({1, 3, 4, 1}));
  EXPECT_EQ(Values<float>(y), std::vector<float>({4, 6, 6, 4, 6, 9, 9, 6, 4, 6, 6, 4}));
}

TEST_F(ReferenceKernelsTest, Conv2DOddSizeAsymmetricSame) {
  // x[r][c] = 10r + c on 5x7; 2x2 ones filter, SAME stride 2: padding 0 before, 1 after.
  std::vector<float> x;
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 7; ++c) x.push_back(static_cast<float>(10 * r + c));
  Tensor input = Tensor::FromVector<float>({1, 5, 7, 1}, x);
  Tensor f = Tensor::FromVector<float>({2, 2, 1, 1}, {1, 1, 1, 1});
  Tensor y = Conv2DReference<float>(input, f, Geometry(Padding::kSame, 5, 7, 2, 2, 2));
  ASSERT_EQ(y.shape(), std::vector<int64_t>({1, 3, 4, 1}));
  std::vector<float> v = Values<float>(y);
  EXPECT_EQ(v[0], 0 + 1 + 10 + 11);   // (0,0)
  EXPECT_EQ(v[3], 6 + 16);            // (0,3): column 7 is padding
  EXPECT_EQ(v[7], 26 + 36);           // (1,3)
  EXPECT_EQ(v[8], 40 + 41);           // (2,0): row 5 is padding
  EXPECT_EQ(v[11], 46);               // (2,3)
}

TEST_F(ReferenceKernelsTest, GroupedConv2D) {
  // 2 input channels, filter input depth 1: two groups; 1x1 weights 2 (group 0) and 3 (group 1).
  Tensor input = Tensor::FromVector<float>({1, 1, 2, 2}, {1, 5, 2, 7});
  Tensor f = Tensor::FromVector<float>({1, 1, 1, 2}, {2, 3});
  Tensor y = Conv2DReference<float>(input, f, Geometry(Padding::kValid, 1, 2, 1, 1));
  EXPECT_EQ(Values<float>(y), std::vector<float>({2, 15, 4, 21}));
}

TEST_F(ReferenceKernelsTest, DepthwiseMultiplier) {
  // C = 2, M = 2, 1x1 filter: out channel c*2 + m = x_c * f[c][m].
  Tensor input = Tensor::FromVector<float>({1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  Tensor f = Tensor::FromVector<float>({1, 1, 2, 2}, {1, 10, 100, 1000});
  Tensor y = DepthwiseConv2DReference<float>(input, f, Geometry(Padding::kValid, 2, 2, 1, 1));
  EXPECT_EQ(y.shape(), std::vector<int64_t>({1, 2, 2, 4}));
  EXPECT_EQ(Values<float>(y), std::vector<float>({1, 10, 200, 2000, 3, 30, 400, 4000,  //
                                                  5, 50, 600, 6000, 7, 70, 800, 8000}));
}

TEST_F(ReferenceKernelsTest, DepthwiseChannelsStaySeparate) {
  // Channel 0 = 1..9 with weights [1,2,3,4]; channel 1 = 10..90 with weights all 1 (M = 1).
  std::vector<float> x;
  for (int i = 1; i <= 9; ++i) {
    x.push_back(static_cast<float>(i));
    x.push_back(static_cast<float>(10 * i));
  }
  Tensor input = Tensor::FromVector<float>({1, 3, 3, 2}, x);
  Tensor f = Tensor::FromVector<float>({2, 2, 2, 1}, {1, 1, 2, 1, 3, 1, 4, 1});
  Tensor y = DepthwiseConv2DReference<float>(input, f, Geometry(Padding::kValid, 3, 3, 2, 2));
  // Channel 1 window sums: 10*(1+2+4+5) = 120, 160, 240, 280.
  EXPECT_EQ(Values<float>(y), std::vector<float>({37, 120, 47, 160, 67, 240, 77, 280}));
}

TEST_F(ReferenceKernelsTest, DepthwiseSameWithDilation) {
  // One channel, M = 1: the same as Conv2D; SAME, dilation 2 at the center sees the four corners.
  Tensor y = DepthwiseConv2DReference<float>(image_, filter_, Geometry(Padding::kSame, 3, 3, 2, 2, 1, 2));
  EXPECT_EQ(Values<float>(y)[4], 64);
}

TEST_F(ReferenceKernelsTest, MaxPoolIgnoresPadding) {
  Tensor neg = Tensor::FromVector<float>({1, 3, 3, 1}, {-1, -2, -3, -4, -5, -6, -7, -8, -9});
  Window2D g = Geometry(Padding::kSame, 3, 3, 2, 2, 2);
  EXPECT_EQ(Values<float>(MaxPoolReference<float>(image_, 2, 2, g)), std::vector<float>({5, 6, 8, 9}));
  // Zero padding would win every border window; TF's max ignores the padding.
  EXPECT_EQ(Values<float>(MaxPoolReference<float>(neg, 2, 2, g)), std::vector<float>({-1, -3, -7, -9}));
}

TEST_F(ReferenceKernelsTest, AvgPoolSameDividesByInBoundsCount) {
  // 2x2 stride 2 SAME on 3x3: windows of 4, 2, 2 and 1 elements.
  Tensor y = AvgPoolReference<float>(image_, 2, 2, Geometry(Padding::kSame, 3, 3, 2, 2, 2));
  EXPECT_EQ(Values<float>(y), std::vector<float>({(1 + 2 + 4 + 5) / 4.0f, (3 + 6) / 2.0f, (7 + 8) / 2.0f, 9}));
  // 3x3 stride 1 SAME: corners average 4 elements, edges 6, the center 9.
  Tensor z = AvgPoolReference<float>(image_, 3, 3, Geometry(Padding::kSame, 3, 3, 3, 3));
  std::vector<float> v = Values<float>(z);
  EXPECT_EQ(v[0], (1 + 2 + 4 + 5) / 4.0f);
  EXPECT_EQ(v[1], (1 + 2 + 3 + 4 + 5 + 6) / 6.0f);
  EXPECT_EQ(v[4], 45 / 9.0f);
  EXPECT_EQ(v[8], (5 + 6 + 8 + 9) / 4.0f);
}

TEST_F(ReferenceKernelsTest, AvgPoolValidAndBatch) {
  std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  for (int i = 1; i <= 9; ++i) x.push_back(static_cast<float>(-i));
  Tensor two = Tensor::FromVector<float>({2, 3, 3, 1}, x);
  Tensor y = AvgPoolReference<float>(two, 2, 2, Geometry(Padding::kValid, 3, 3, 2, 2));
  EXPECT_EQ(Values<float>(y), std::vector<float>({3, 4, 6, 7, -3, -4, -6, -7}));
}

TEST_F(ReferenceKernelsTest, MatMulWithAdjoints) {
  Tensor a = Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = Tensor::FromVector<float>({3, 2}, {7, 8, 9, 10, 11, 12});
  // [[1*7+2*9+3*11, 1*8+2*10+3*12], [4*7+5*9+6*11, 4*8+5*10+6*12]]
  const std::vector<float> ab = {58, 64, 139, 154};
  EXPECT_EQ(Values<float>(BatchMatMulReference<float>(a, b, false, false)), ab);
  Tensor at = Tensor::FromVector<float>({3, 2}, {1, 4, 2, 5, 3, 6});
  Tensor bt = Tensor::FromVector<float>({2, 3}, {7, 9, 11, 8, 10, 12});
  EXPECT_EQ(Values<float>(BatchMatMulReference<float>(at, b, true, false)), ab);
  EXPECT_EQ(Values<float>(BatchMatMulReference<float>(a, bt, false, true)), ab);
  Tensor z = BatchMatMulReference<float>(at, bt, true, true);
  EXPECT_EQ(z.shape(), std::vector<int64_t>({2, 2}));
  EXPECT_EQ(Values<float>(z), ab);
}

TEST_F(ReferenceKernelsTest, BatchMatMulBroadcastsBatchDimensions) {
  // x [2, 1, 2, 2] = {I, 2I}; y [3, 2, 2] = {[[1,2],[3,4]], [[0,1],[1,0]], ones}.
  Tensor x = Tensor::FromVector<int32_t>({2, 1, 2, 2}, {1, 0, 0, 1, 2, 0, 0, 2});
  Tensor y = Tensor::FromVector<int32_t>({3, 2, 2}, {1, 2, 3, 4, 0, 1, 1, 0, 1, 1, 1, 1});
  Tensor z = BatchMatMulReference<int32_t>(x, y, false, false);
  EXPECT_EQ(z.shape(), std::vector<int64_t>({2, 3, 2, 2}));
  EXPECT_EQ(Values<int32_t>(z), std::vector<int32_t>({1, 2, 3, 4, 0, 1, 1, 0, 1, 1, 1, 1,  //
                                                      2, 4, 6, 8, 0, 2, 2, 0, 2, 2, 2, 2}));
}

TEST_F(ReferenceKernelsTest, BiasAdd) {
  Tensor v = Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = Tensor::FromVector<float>({3}, {10, 20, 30});
  EXPECT_EQ(Values<float>(BiasAddReference<float>(v, b, 1)), std::vector<float>({11, 22, 33, 14, 25, 36}));
  // NCHW [1, 2, 2, 2]: channel 1 of 2, bias per channel.
  Tensor nchw = Tensor::FromVector<int64_t>({1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  Tensor nb = Tensor::FromVector<int64_t>({2}, {100, 200});
  EXPECT_EQ(Values<int64_t>(BiasAddReference<int64_t>(nchw, nb, 1)),
            std::vector<int64_t>({101, 102, 103, 104, 205, 206, 207, 208}));
}

TEST_F(ReferenceKernelsTest, Conv2DBackpropInputValid) {
  // All-ones gradient of a VALID 2x2 conv on 3x3: each input gathers the filter taps that read it.
  Tensor dy = Tensor::FromVector<float>({1, 2, 2, 1}, {1, 1, 1, 1});
  Tensor dx = Conv2DBackpropInputReference<float>(dy, filter_, {1, 3, 3, 1}, Geometry(Padding::kValid, 3, 3, 2, 2));
  EXPECT_EQ(dx.shape(), std::vector<int64_t>({1, 3, 3, 1}));
  EXPECT_EQ(Values<float>(dx), std::vector<float>({1, 3, 2, 4, 10, 6, 3, 7, 4}));
}

TEST_F(ReferenceKernelsTest, Conv2DBackpropInputSameStride2) {
  // Forward: 3x3 input, 2x2 filter, SAME stride 2 (padding after); dx[iy][ix] = dy[oy][ox] * f[iy-2oy][ix-2ox].
  Tensor dy = Tensor::FromVector<float>({1, 2, 2, 1}, {1, 2, 3, 4});
  Tensor dx = Conv2DBackpropInputReference<float>(dy, filter_, {1, 3, 3, 1},
                                                  Geometry(Padding::kSame, 3, 3, 2, 2, 2));
  EXPECT_EQ(Values<float>(dx), std::vector<float>({1, 2, 2, 3, 4, 6, 3, 6, 4}));
}

TEST_F(ReferenceKernelsTest, Conv2DBackpropInputIsTheAdjointOfConv2D) {
  // <conv(x), dy> == <x, conv_backprop_input(dy)> for any x, dy (exact in small integers).
  std::vector<float> xv, fv, dyv;
  for (int i = 0; i < 2 * 5 * 4 * 3; ++i) xv.push_back(static_cast<float>((i * 7) % 5 - 2));
  for (int i = 0; i < 3 * 2 * 3 * 2; ++i) fv.push_back(static_cast<float>((i * 3) % 4 - 1));
  Tensor x = Tensor::FromVector<float>({2, 5, 4, 3}, xv);
  Tensor f = Tensor::FromVector<float>({3, 2, 3, 2}, fv);
  Window2DAttrs a;
  a.padding = Padding::kSame;
  a.stride_h = 2;
  a.stride_w = 1;
  a.dilation_w = 2;
  Window2D g = *ComputeWindow2D(*node_, a, 5, 4, 3, 2);
  Tensor y = Conv2DReference<float>(x, f, g);
  for (int64_t i = 0; i < y.NumElements(); ++i) dyv.push_back(static_cast<float>((i * 5) % 3 - 1));
  Tensor dy = Tensor::FromVector<float>(y.shape(), dyv);
  Tensor dx = Conv2DBackpropInputReference<float>(dy, f, {2, 5, 4, 3}, g);
  double lhs = 0, rhs = 0;
  for (int64_t i = 0; i < y.NumElements(); ++i) lhs += y.data<float>()[i] * dy.data<float>()[i];
  for (int64_t i = 0; i < x.NumElements(); ++i) rhs += x.data<float>()[i] * dx.data<float>()[i];
  EXPECT_EQ(lhs, rhs);
  EXPECT_NE(lhs, 0);
}

TEST_F(ReferenceKernelsTest, DoubleInstantiation) {
  Tensor x = Tensor::FromVector<double>({1, 1, 2, 1}, {0.5, 0.25});
  Tensor f = Tensor::FromVector<double>({1, 2, 1, 1}, {2, 4});
  EXPECT_EQ(Values<double>(Conv2DReference<double>(x, f, Geometry(Padding::kValid, 1, 2, 1, 2))),
            std::vector<double>({2.0}));
}

}  // namespace
}  // namespace tfconv
