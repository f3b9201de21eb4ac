#include "plugins/math/elementwise_eval.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

using Dims = std::vector<int64_t>;

TEST(BroadcastDimsTest, AlignsTrailingDimensionsAndStretchesOnes) {
  EXPECT_EQ(BroadcastDims({3, 5}, {5}), Dims({3, 5}));
  EXPECT_EQ(BroadcastDims({2, 1, 3}, {4, 1}), Dims({2, 4, 3}));
  EXPECT_EQ(BroadcastDims({}, {2, 3}), Dims({2, 3}));
  EXPECT_EQ(BroadcastDims({1}, {0}), Dims({0}));
  EXPECT_EQ(BroadcastDims({7, 1, 1}, {1, 6, 1}), Dims({7, 6, 1}));
}

TEST(BroadcastDimsTest, RejectsMismatchedDimensions) {
  EXPECT_FALSE(BroadcastDims({3, 5}, {4}).has_value());
  EXPECT_FALSE(BroadcastDims({2, 3}, {3, 3}).has_value());
}

TEST(BinaryMapTest, RowPlusColumnBroadcastsBothWays) {
  // a: [2,1,3] holds 100*i + k; b: [4,1] holds 10*j. out[i,j,k] = 100*i + 10*j + k.
  std::vector<int32_t> av, bv;
  for (int i = 0; i < 2; ++i)
    for (int k = 0; k < 3; ++k) av.push_back(100 * i + k);
  for (int j = 0; j < 4; ++j) bv.push_back(10 * j);
  Tensor a = Tensor::FromVector<int32_t>({2, 1, 3}, av);
  Tensor b = Tensor::FromVector<int32_t>({4, 1}, bv);
  Tensor out =
      BinaryMap<int32_t, int32_t>(a, b, {2, 4, 3}, [](int32_t x, int32_t y) { return x + y; });
  ASSERT_EQ(out.shape(), Dims({2, 4, 3}));
  auto v = out.data<int32_t>();
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 4; ++j)
      for (int k = 0; k < 3; ++k) EXPECT_EQ(v[(i * 4 + j) * 3 + k], 100 * i + 10 * j + k);
}

TEST(BinaryMapTest, ScalarOperandAndBoolOutput) {
  Tensor a = Tensor::FromVector<float>({2, 2}, {1, 5, 3, 7});
  Tensor b = Tensor::Scalar<float>(4);
  Tensor out = BinaryMap<float, bool>(a, b, {2, 2}, [](float x, float y) { return x < y; });
  EXPECT_EQ(out.dtype(), DataType::kBool);
  ASSERT_EQ(out.NumElements(), 4);
  std::vector<uint8_t> got(out.bytes().data(), out.bytes().data() + 4);
  EXPECT_EQ(got, std::vector<uint8_t>({1, 0, 1, 0}));
}

TEST(BinaryMapTest, EmptyOutput) {
  Tensor a = Tensor::FromVector<float>({0, 3}, {});
  Tensor b = Tensor::FromVector<float>({3}, {1, 2, 3});
  Tensor out = BinaryMap<float, float>(a, b, {0, 3}, [](float x, float y) { return x * y; });
  EXPECT_EQ(out.shape(), Dims({0, 3}));
  EXPECT_EQ(out.NumElements(), 0);
}

TEST(UnaryMapTest, KeepsShape) {
  Tensor x = Tensor::FromVector<int64_t>({3, 1}, {-2, 0, 5});
  Tensor out = UnaryMap<int64_t, int64_t>(x, [](int64_t v) { return v * v; });
  EXPECT_EQ(out.shape(), Dims({3, 1}));
  auto v = out.data<int64_t>();
  EXPECT_EQ(std::vector<int64_t>(v.begin(), v.end()), std::vector<int64_t>({4, 0, 25}));
}

TEST(UnaryMapTest, ReadsBoolBytes) {
  Tensor x = Tensor::FromVector<bool>({3}, {true, false, true});
  Tensor out = UnaryMap<bool, bool>(x, [](bool v) { return !v; });
  std::vector<uint8_t> got(out.bytes().data(), out.bytes().data() + 3);
  EXPECT_EQ(got, std::vector<uint8_t>({0, 1, 0}));
}

}  // namespace
}  // namespace tfconv
