// Bucketize: bucket indices worked out by hand from TensorFlow's documentation (boundaries
// [0, 10, 100]: -5 -> 0, 10000 -> 3, 150 -> 3, 10 -> 2, 5 -> 1, 100 -> 3).
#include "plugins/math/bucketize_ops.h"

#include <limits>

#include "gtest/gtest.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

class BucketizeTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterBucketizeOps};
};

AttrMap Bounds(std::vector<float> b) {
  AttrList list;
  list.f = std::move(b);
  return {{"boundaries", list}};
}

TEST_F(BucketizeTest, DocumentedExample) {
  auto out = t.Run("Bucketize", {Tensor::FromVector<int32_t>({3, 2}, {-5, 10000, 150, 10, 5, 100})},
                   Bounds({0, 10, 100}));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].dtype(), DataType::kInt32);
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{0, 3, 3, 2, 1, 3}));
}

TEST_F(BucketizeTest, FloatsEdgesAndOtherTypes) {
  // A value equal to a boundary goes above it; -inf below all, NaN compares false (last bucket).
  const float inf = std::numeric_limits<float>::infinity();
  auto f = t.Run("Bucketize", {Tensor::FromVector<float>({5}, {-0.5f, 0.0f, 0.25f, 1.0f, -inf})},
                 Bounds({-0.5f, 0.25f, 0.75f}));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(Values<int32_t>((*f)[0]), (std::vector<int32_t>{1, 1, 2, 3, 0}));
  auto d = t.Run("Bucketize", {Tensor::FromVector<double>({2}, {2.5, 7.0})}, Bounds({3}));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(Values<int32_t>((*d)[0]), (std::vector<int32_t>{0, 1}));
  auto l = t.Run("Bucketize", {Tensor::FromVector<int64_t>({3}, {-4, 3, 9})}, Bounds({}));
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(Values<int32_t>((*l)[0]), (std::vector<int32_t>{0, 0, 0}));
}

TEST_F(BucketizeTest, RejectsUnsortedBoundariesAndOtherTypes) {
  EXPECT_FALSE(t.Run("Bucketize", {Tensor::FromVector<float>({1}, {1})}, Bounds({2, 1})).ok());
  EXPECT_FALSE(t.Run("Bucketize", {Tensor::FromVector<uint8_t>({1}, {1})}, Bounds({2})).ok());
}

TEST_F(BucketizeTest, LowersWithBoundariesInOptions) {
  Node* n = t.AddNode("b", "Bucketize", {t.Input("x", DataType::kFloat, PartialShape({-1, 7}))},
                      Bounds({-1, 0, 2.5f}));
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].dtype, DataType::kInt32);
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 7}));
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, tflite::BuiltinOperator::BUCKETIZE);
  const tflite::BucketizeOptionsT* o = low->ops[0].options.AsBucketizeOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->boundaries, (std::vector<float>{-1, 0, 2.5f}));
}

}  // namespace
}  // namespace tfconv
