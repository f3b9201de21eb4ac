// LRN: shape rule, TF semantics worked out by hand from
//   y[c] = x[c] / (bias + alpha * sum_{j = c - r .. c + r} x[j]^2)^beta,
// and the LOCAL_RESPONSE_NORMALIZATION it lowers to (run in the reference interpreter when that
// has the kernel).
#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/nn/nn_ops.h"
#include "plugins/nn/testing/fake_lowering_context.h"
#include "plugins/nn/testing/op_test_fixture.h"
#include "plugins/nn/testing/run_lowered.h"

namespace tfconv {
namespace {

class LrnOpsTest : public OpTestFixture {
 protected:
  void SetUp() override { Register("tfconv.nn", RegisterNnOps); }

  static AttrMap LrnAttrs(int64_t radius, float bias, float alpha, float beta) {
    return {{"depth_radius", radius}, {"bias", bias}, {"alpha", alpha}, {"beta", beta}, {"T", DataType::kFloat}};
  }
};

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6f) << "element " << i;
}

TEST_F(LrnOpsTest, SumsSquaresOverTheChannelWindow) {
  // Two pixels (batch 2) of three channels; radius 1, bias 1, alpha 1, beta 1.
  // Pixel (1, 2, 3): windows {1,2}, {1,2,3}, {2,3}: sums 5, 14, 13 -> 1/6, 2/15, 3/14.
  // Pixel (0, -1, 2): sums 1, 5, 5 -> 0, -1/6, 2/6.
  Node* x = Source("x", DataType::kFloat, {2, 1, 1, 3});
  Node* lrn = Op("lrn", "LRN", {x}, LrnAttrs(1, 1, 1, 1));
  ASSERT_TRUE(Infer(lrn).ok());
  EXPECT_EQ(lrn->outputs[0].shape, PartialShape({2, 1, 1, 3}));
  const Tensor xv = Tensor::FromVector<float>({2, 1, 1, 3}, {1, 2, 3, 0, -1, 2});
  absl::StatusOr<Tensor> y = Eval1(lrn, {xv});
  ASSERT_TRUE(y.ok()) << y.status();
  const std::vector<float> want = {1.0f / 6, 2.0f / 15, 3.0f / 14, 0, -1.0f / 6, 2.0f / 6};
  ExpectNear(Floats(*y), want);

  // Radius 0, bias 2, alpha 0.5, beta 0.5: y = x / sqrt(2 + x^2 / 2); x = 2 -> 2 / 2 = 1.
  Node* lrn0 = Op("lrn0", "LRN", {x}, LrnAttrs(0, 2, 0.5f, 0.5f));
  ASSERT_TRUE(Infer(lrn0).ok());
  y = Eval1(lrn0, {xv});
  ASSERT_TRUE(y.ok()) << y.status();
  auto expect = [](float v) { return v / std::sqrt(2.0f + v * v / 2); };
  ExpectNear(Floats(*y), {expect(1), 1, expect(3), 0, expect(-1), 1});

  // A radius wider than the depth covers every channel: defaults (radius 5, bias 1, alpha 1,
  // beta 0.5) on (1, 2, 3) give x / sqrt(15).
  Node* dflt = Op("dflt", "LRN", {x});
  y = Eval1(dflt, {xv});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_NEAR(Floats(*y)[2], 3 / std::sqrt(15.0f), 1e-6f);
}

TEST_F(LrnOpsTest, LowersToLocalResponseNormalizationWithTfsAttributes) {
  Node* x = Source("x", DataType::kFloat, {2, 3, 5, 7});
  Node* lrn = Op("lrn", "LRN", {x}, LrnAttrs(2, 1.5f, 1e-4f, 0.75f));
  ASSERT_TRUE(Infer(lrn).ok());
  FakeLoweringContext c(*lrn);
  ASSERT_TRUE(Reg("LRN").lower(c).ok());
  ASSERT_EQ(c.ops().size(), 1u);
  EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::LOCAL_RESPONSE_NORMALIZATION);
  const tflite::LocalResponseNormalizationOptionsT* o = c.ops()[0].builtin_options.AsLocalResponseNormalizationOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->radius, 2);
  EXPECT_FLOAT_EQ(o->bias, 1.5f);
  EXPECT_FLOAT_EQ(o->alpha, 1e-4f);
  EXPECT_FLOAT_EQ(o->beta, 0.75f);

  // Where the reference interpreter has the kernel, the numbers must match the hand-worked ones.
  Node* small = Op("small", "LRN", {Source("s", DataType::kFloat, {2, 1, 1, 3})}, LrnAttrs(1, 1, 1, 1));
  ASSERT_TRUE(Infer(small).ok());
  FakeLoweringContext c2(*small);
  ASSERT_TRUE(Reg("LRN").lower(c2).ok());
  absl::StatusOr<std::vector<float>> y =
      RunLowered(c2, {{c2.input_tensor_if_created(0), Tensor::FromVector<float>({2, 1, 1, 3}, {1, 2, 3, 0, -1, 2})}},
                 *c2.OutputTensor(0));
  if (!y.ok() && y.status().message().find("LOCAL_RESPONSE_NORMALIZATION") != std::string::npos) {
    GTEST_SKIP() << "reference interpreter has no LOCAL_RESPONSE_NORMALIZATION kernel yet: " << y.status();
  }
  ASSERT_TRUE(y.ok()) << y.status();
  ExpectNear(*y, {1.0f / 6, 2.0f / 15, 3.0f / 14, 0, -1.0f / 6, 2.0f / 6});
}

TEST_F(LrnOpsTest, Refusals) {
  EXPECT_FALSE(Infer(Op("rank3", "LRN", {Source("x3", DataType::kFloat, {2, 3, 4})})).ok());
  EXPECT_FALSE(Infer(Op("neg", "LRN", {Source("x4", DataType::kFloat, {1, 1, 1, 4})}, LrnAttrs(-1, 1, 1, 1))).ok());
  Node* d = Op("dbl", "LRN", {Source("xd", DataType::kDouble, {1, 1, 1, 2})});
  ASSERT_TRUE(Infer(d).ok());
  FakeLoweringContext c(*d);
  EXPECT_TRUE(absl::IsUnimplemented(Reg("LRN").lower(c)));
}

}  // namespace
}  // namespace tfconv
