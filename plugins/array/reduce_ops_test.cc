#include <cmath>
#include <limits>

#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class ReduceOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
  // x[i][j][k] = 12i + 4j + k, shape [2, 3, 4].
  Tensor x = Tensor::FromVector<float>({2, 3, 4}, Iota<float>(24));
};

TEST_F(ReduceOpsTest, MeanOverAMiddleAxis) {
  // mean_j (12i + 4j + k) = 12i + 4 + k
  auto out = t.Run("Mean", {x, Tensor::FromVector<int32_t>({1}, {1})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{4, 5, 6, 7, 16, 17, 18, 19}));
}

TEST_F(ReduceOpsTest, MeanKeepDimsWithNegativeAndUnorderedAxes) {
  // mean over i and k of (12i + 4j + k) = 6 + 4j + 1.5
  auto out = t.Run("Mean", {x, Tensor::FromVector<int64_t>({2}, {-1, 0})}, {{"keep_dims", true}});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{1, 3, 1}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{7.5f, 11.5f, 15.5f}));
}

TEST_F(ReduceOpsTest, GlobalAveragePoolOverABatch) {
  // Mean over H and W of an NHWC batch: per image and channel.
  Tensor img = Tensor::FromVector<float>({2, 2, 2, 2}, {1, 10, 2, 20, 3, 30, 4, 40,  //
                                                        5, 50, 6, 60, 7, 70, 8, 80});
  auto out = t.Run("Mean", {img, Tensor::FromVector<int32_t>({2}, {1, 2})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{2.5f, 25, 6.5f, 65}));
}

TEST_F(ReduceOpsTest, SumProdMaxMin) {
  Tensor m = Tensor::FromVector<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  auto sum = t.Run("Sum", {m, Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(sum.ok()) << sum.status();
  EXPECT_EQ(Values<int32_t>((*sum)[0]), (std::vector<int32_t>{5, 7, 9}));
  auto prod = t.Run("Prod", {m, Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(prod.ok()) << prod.status();
  EXPECT_EQ(Values<int32_t>((*prod)[0]), (std::vector<int32_t>{6, 120}));
  Tensor f = Tensor::FromVector<float>({2, 2}, {-1.5f, 3, -7, 0.25f});
  auto max = t.Run("Max", {f, Tensor::FromVector<int32_t>({1}, {-1})}, {{"keep_dims", true}});
  ASSERT_TRUE(max.ok()) << max.status();
  EXPECT_EQ((*max)[0].shape(), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(Values<float>((*max)[0]), (std::vector<float>{3, 0.25f}));
  auto min = t.Run("Min", {f, Tensor::FromVector<int32_t>({2}, {0, 1})});
  ASSERT_TRUE(min.ok()) << min.status();
  EXPECT_EQ((*min)[0].rank(), 0);
  EXPECT_EQ(Values<float>((*min)[0]), (std::vector<float>{-7}));
}

TEST_F(ReduceOpsTest, ProdOfAShapeGivesTheElementCount) {
  // Folding tf.reduce_prod(tf.shape(x)) on an int64 shape vector.
  auto out = t.Run("Prod", {Tensor::FromVector<int64_t>({4}, {8, 224, 224, 3}), Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int64_t>((*out)[0]), (std::vector<int64_t>{8 * 224 * 224 * 3}));
}

TEST_F(ReduceOpsTest, IntegerMeanTruncatesTowardZero) {
  auto out =
      t.Run("Mean", {Tensor::FromVector<int32_t>({3, 2}, {1, 2, 3, 5, -3, -2}), Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{1, 4, -2}));
}

TEST_F(ReduceOpsTest, IntegerSumWrapsAround) {
  auto out = t.Run("Sum", {Tensor::FromVector<int32_t>({2}, {std::numeric_limits<int32_t>::max(), 1}),
                           Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{std::numeric_limits<int32_t>::min()}));
  auto bytes = t.Run("Sum", {Tensor::FromVector<uint8_t>({3}, {200, 100, 1}), Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(Values<uint8_t>((*bytes)[0]), (std::vector<uint8_t>{45}));  // 301 mod 256
}

TEST_F(ReduceOpsTest, EmptyAxesAndEmptyInputs) {
  auto none = t.Run("Sum", {x, Tensor::FromVector<int32_t>({0}, {})});
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ((*none)[0].shape(), x.shape());
  EXPECT_EQ(Values<float>((*none)[0]), Iota<float>(24));

  Tensor empty = Tensor::FromVector<float>({2, 0}, {});
  auto sum = t.Run("Sum", {empty, Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(sum.ok()) << sum.status();
  EXPECT_EQ(Values<float>((*sum)[0]), (std::vector<float>{0, 0}));
  auto max = t.Run("Max", {empty, Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(max.ok()) << max.status();
  EXPECT_EQ(Values<float>((*max)[0])[0], -std::numeric_limits<float>::infinity());
  auto mean = t.Run("Mean", {empty, Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(mean.ok()) << mean.status();
  EXPECT_TRUE(std::isnan(Values<float>((*mean)[0])[0]));
}

TEST_F(ReduceOpsTest, MaxPropagatesNaN) {
  auto out =
      t.Run("Max", {Tensor::FromVector<float>({3}, {1, std::nanf(""), 2}), Tensor::Scalar<int32_t>(0)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(std::isnan(Values<float>((*out)[0])[0]));
}

TEST_F(ReduceOpsTest, AxisOutOfRangeNamesTheNode) {
  Node* n = t.AddNode("head/Mean", "Mean", {t.Const("x", x), t.Const("axes", Tensor::Scalar<int32_t>(3))});
  absl::Status st = t.Infer(n);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(HasMessage(st, "head/Mean")) << st;
  EXPECT_TRUE(HasMessage(st, "out of range")) << st;
  EXPECT_FALSE(t.Run("Sum", {x, Tensor::Scalar<int32_t>(-4)}).ok());
}

TEST_F(ReduceOpsTest, InfersPartialShapes) {
  Output in = t.Input("in", DataType::kFloat, PartialShape({-1, 5, 3}));
  Output axes = t.Const("axes", Tensor::FromVector<int32_t>({1}, {1}));
  Node* keep = t.AddNode("keep", "Sum", {in, axes}, {{"keep_dims", true}});
  ASSERT_TRUE(t.Infer(keep).ok());
  EXPECT_EQ(keep->outputs[0].shape, PartialShape({-1, 1, 3}));
  Node* drop = t.AddNode("drop", "Sum", {in, axes});
  ASSERT_TRUE(t.Infer(drop).ok());
  EXPECT_EQ(drop->outputs[0].shape, PartialShape({-1, 3}));
  Output dyn = t.Input("dyn", DataType::kInt32, PartialShape({1}));
  Node* keep_dyn = t.AddNode("keep_dyn", "Max", {in, dyn}, {{"keep_dims", true}});
  ASSERT_TRUE(t.Infer(keep_dyn).ok());
  EXPECT_EQ(keep_dyn->outputs[0].shape, PartialShape({-1, -1, -1}));
  Node* drop_dyn = t.AddNode("drop_dyn", "Max", {in, dyn});
  ASSERT_TRUE(t.Infer(drop_dyn).ok());
  EXPECT_FALSE(drop_dyn->outputs[0].shape.known_rank());
}

TEST_F(ReduceOpsTest, Lowering) {
  Output in = t.Input("in", DataType::kFloat, PartialShape({-1, 7, 7, 32}));
  auto mean = t.Lower(t.AddNode("m", "Mean", {in, t.Const("axes", Tensor::FromVector<int64_t>({2}, {1, 2}))},
                                {{"keep_dims", true}}));
  ASSERT_TRUE(mean.ok()) << mean.status();
  ASSERT_EQ(mean->ops.size(), 1u);
  EXPECT_EQ(mean->ops[0].op, BuiltinOperator::MEAN);
  const Tensor* axes = mean->value(mean->ops[0].inputs[1]);
  ASSERT_NE(axes, nullptr);
  EXPECT_EQ(axes->dtype(), DataType::kInt32);
  EXPECT_EQ(Values<int32_t>(*axes), (std::vector<int32_t>{1, 2}));
  ASSERT_NE(mean->ops[0].options.AsReducerOptions(), nullptr);
  EXPECT_TRUE(mean->ops[0].options.AsReducerOptions()->keep_dims);
  EXPECT_EQ(mean->tensors[mean->ops[0].outputs[0]].shape, PartialShape({-1, 1, 1, 32}));

  struct Row {
    const char* op;
    BuiltinOperator builtin;
  };
  for (const Row& row :
       {Row{"Sum", BuiltinOperator::SUM}, Row{"Max", BuiltinOperator::REDUCE_MAX},
        Row{"Min", BuiltinOperator::REDUCE_MIN}, Row{"Prod", BuiltinOperator::REDUCE_PROD}}) {
    auto low = t.Lower(t.AddNode(std::string("r_") + row.op, row.op,
                                 {in, t.Const(std::string("a_") + row.op, Tensor::Scalar<int32_t>(-1))}));
    ASSERT_TRUE(low.ok()) << low.status();
    EXPECT_EQ(low->ops[0].op, row.builtin) << row.op;
    ASSERT_NE(low->ops[0].options.AsReducerOptions(), nullptr);
    EXPECT_FALSE(low->ops[0].options.AsReducerOptions()->keep_dims);
  }
}

}  // namespace
}  // namespace tfconv
