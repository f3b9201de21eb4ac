// Bitcast: the bit patterns of IEEE-754 floats and little-endian integers, worked out by hand.
#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class BitcastOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

TEST_F(BitcastOpsTest, SameSizeKeepsTheShape) {
  // 1.0f = 0x3F800000, -2.0f = 0xC0000000, 0.5f = 0x3F000000.
  auto out = t.Run("Bitcast", {Tensor::FromVector<float>({3}, {1.0f, -2.0f, 0.5f})}, {{"type", DataType::kInt32}});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].dtype(), DataType::kInt32);
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{0x3F800000, -0x40000000, 0x3F000000}));
}

TEST_F(BitcastOpsTest, LargerToSmallerAddsADimension) {
  auto out = t.Run("Bitcast", {Tensor::FromVector<int32_t>({2}, {0x01020304, -1})}, {{"type", DataType::kUInt8}});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(Values<uint8_t>((*out)[0]), (std::vector<uint8_t>{4, 3, 2, 1, 255, 255, 255, 255}));
}

TEST_F(BitcastOpsTest, SmallerToLargerDropsTheLastDimension) {
  auto out =
      t.Run("Bitcast", {Tensor::FromVector<uint8_t>({3, 2}, {1, 0, 0, 1, 255, 255})}, {{"type", DataType::kInt16}});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{3}));
  EXPECT_EQ(Values<int16_t>((*out)[0]), (std::vector<int16_t>{1, 256, -1}));
  // The last dimension must be the size ratio; bool is not bitcastable.
  EXPECT_FALSE(t.Run("Bitcast", {Tensor::Zeros(DataType::kUInt8, {3})}, {{"type", DataType::kInt32}}).ok());
  EXPECT_FALSE(t.Run("Bitcast", {Tensor::Zeros(DataType::kUInt8, {2})}, {{"type", DataType::kBool}}).ok());
}

TEST_F(BitcastOpsTest, LowersToBitcast) {
  Node* n =
      t.AddNode("b", "Bitcast", {t.Input("x", DataType::kInt8, PartialShape({-1, 4}))}, {{"type", DataType::kFloat}});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].dtype, DataType::kFloat);
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1}));
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::BITCAST);
  EXPECT_EQ(low->ops[0].options.type, tflite::BuiltinOptions::NONE);
}

}  // namespace
}  // namespace tfconv
