#include <cmath>
#include <limits>

#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class CastOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }

  absl::StatusOr<Tensor> Cast(Tensor in, DataType to) {
    const DataType from = in.dtype();
    auto out = t.Run("Cast", {std::move(in)}, {{"SrcT", from}, {"DstT", to}});
    if (!out.ok()) return out.status();
    return (*out)[0];
  }

  OpTester t{RegisterArrayOps};
};

TEST_F(CastOpsTest, FloatToIntTruncatesTowardZero) {
  auto out = Cast(Tensor::FromVector<float>({2, 2}, {1.7f, -1.7f, 2.5f, -0.5f}), DataType::kInt32);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(Values<int32_t>(*out), (std::vector<int32_t>{1, -1, 2, 0}));
}

TEST_F(CastOpsTest, FloatToIntSaturatesAndMapsNaNToZero) {
  auto out = Cast(Tensor::FromVector<float>({3}, {std::nanf(""), 1e10f, -1e10f}), DataType::kInt32);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>(*out), (std::vector<int32_t>{0, std::numeric_limits<int32_t>::max(),
                                                         std::numeric_limits<int32_t>::min()}));
  auto big = Cast(Tensor::FromVector<double>({1}, {1e300}), DataType::kInt64);
  ASSERT_TRUE(big.ok()) << big.status();
  EXPECT_EQ(Values<int64_t>(*big), (std::vector<int64_t>{std::numeric_limits<int64_t>::max()}));
}

TEST_F(CastOpsTest, BoolConversions) {
  auto to_bool = Cast(Tensor::FromVector<float>({3}, {0, 0.5f, -1}), DataType::kBool);
  ASSERT_TRUE(to_bool.ok()) << to_bool.status();
  EXPECT_EQ(Values<bool>(*to_bool), (std::vector<bool>{false, true, true}));
  auto from_bool = Cast(Tensor::FromVector<bool>({2}, {true, false}), DataType::kFloat);
  ASSERT_TRUE(from_bool.ok()) << from_bool.status();
  EXPECT_EQ(Values<float>(*from_bool), (std::vector<float>{1, 0}));
}

TEST_F(CastOpsTest, IntegerNarrowingWraps) {
  auto narrow = Cast(Tensor::FromVector<int64_t>({2}, {4294967297LL, -1}), DataType::kInt32);
  ASSERT_TRUE(narrow.ok()) << narrow.status();
  EXPECT_EQ(Values<int32_t>(*narrow), (std::vector<int32_t>{1, -1}));
  auto bytes = Cast(Tensor::FromVector<int32_t>({2}, {300, -1}), DataType::kUInt8);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(Values<uint8_t>(*bytes), (std::vector<uint8_t>{44, 255}));
}

TEST_F(CastOpsTest, IntToFloatRounds) {
  auto out = Cast(Tensor::FromVector<int32_t>({2}, {16777217, -3}), DataType::kFloat);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<float>(*out), (std::vector<float>{16777216.0f, -3.0f}));
  auto d = Cast(Tensor::FromVector<double>({1}, {0.1}), DataType::kFloat);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(Values<float>(*d), (std::vector<float>{0.1f}));
}

TEST_F(CastOpsTest, EveryNumericPairAndBool) {
  const DataType types[] = {DataType::kFloat, DataType::kDouble, DataType::kInt8,  DataType::kUInt8,
                            DataType::kInt16, DataType::kUInt16, DataType::kInt32, DataType::kUInt32,
                            DataType::kInt64, DataType::kUInt64, DataType::kBool};
  for (DataType from : types) {
    // 3 in every numeric type (true for bool), built through the int64 -> from cast itself.
    auto source = Cast(Tensor::FromVector<int64_t>({2}, {3, 0}), from);
    ASSERT_TRUE(source.ok()) << DataTypeName(from) << ": " << source.status();
    for (DataType to : types) {
      auto out = Cast(*source, to);
      ASSERT_TRUE(out.ok()) << DataTypeName(from) << "->" << DataTypeName(to) << ": " << out.status();
      ASSERT_EQ(out->dtype(), to);
      const double expected = (from == DataType::kBool || to == DataType::kBool) ? 1.0 : 3.0;
      EXPECT_EQ(out->ElementAsDouble(0), expected) << DataTypeName(from) << "->" << DataTypeName(to);
      EXPECT_EQ(out->ElementAsDouble(1), 0.0) << DataTypeName(from) << "->" << DataTypeName(to);
    }
  }
}

TEST_F(CastOpsTest, InferKeepsTheShape) {
  Node* n = t.AddNode("c", "Cast", {t.Input("x", DataType::kFloat, PartialShape({-1, 3}))},
                      {{"SrcT", DataType::kFloat}, {"DstT", DataType::kInt64}});
  ASSERT_TRUE(t.Infer(n).ok());
  EXPECT_EQ(n->outputs[0].dtype, DataType::kInt64);
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 3}));
  Node* bad = t.AddNode("bad", "Cast", {t.Input("y", DataType::kFloat, PartialShape({1}))});
  absl::Status st = t.Infer(bad);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(HasMessage(st, "DstT")) << st;
}

TEST_F(CastOpsTest, Lowering) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 3}));
  auto cast = t.Lower(t.AddNode("c", "Cast", {x}, {{"SrcT", DataType::kFloat}, {"DstT", DataType::kInt32}}));
  ASSERT_TRUE(cast.ok()) << cast.status();
  ASSERT_EQ(cast->ops.size(), 1u);
  EXPECT_EQ(cast->ops[0].op, BuiltinOperator::CAST);
  EXPECT_EQ(cast->ops[0].options.type, tflite::BuiltinOptions::NONE);  // as the official converter writes it
  EXPECT_EQ(cast->tensors[cast->ops[0].outputs[0]].dtype, DataType::kInt32);

  auto same =
      t.Lower(t.AddNode("same", "Cast", {x}, {{"SrcT", DataType::kFloat}, {"DstT", DataType::kFloat}}));
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_TRUE(same->ops.empty());
  ASSERT_EQ(same->forwarded.count(0), 1u);
  EXPECT_EQ(same->tensors[same->forwarded.at(0)].name, "x");
}

}  // namespace
}  // namespace tfconv
