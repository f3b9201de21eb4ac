// Reference semantics and lowerings of the index, space, resize, broadcast and scatter groups and of
// Any/All. Expected values are worked out by hand from TensorFlow's op documentation.
#include "gtest/gtest.h"
#include "plugins/array/array_ops.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

class MoreArrayOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }
  OpTester t{RegisterArrayOps};
};

TEST_F(MoreArrayOpsTest, ArgMaxArgMinFirstExtremeNegativeAxis) {
  Tensor x = Tensor::FromVector<float>({2, 3}, {1, 5, 5, -2, -7, -7});
  auto mx = t.Run("ArgMax", {x, Tensor::Scalar<int32_t>(-1)});
  ASSERT_TRUE(mx.ok()) << mx.status();
  EXPECT_EQ((*mx)[0].dtype(), DataType::kInt64);
  EXPECT_EQ(Values<int64_t>((*mx)[0]), (std::vector<int64_t>{1, 0}));
  auto mn = t.Run("ArgMin", {x, Tensor::Scalar<int32_t>(0)}, {{"output_type", DataType::kInt32}});
  ASSERT_TRUE(mn.ok()) << mn.status();
  EXPECT_EQ(Values<int32_t>((*mn)[0]), (std::vector<int32_t>{1, 1, 1}));
  Node* n = t.AddNode("am", "ArgMax", {t.Input("x", DataType::kFloat, PartialShape({-1, 4, 5})),
                                       t.Const("ax", Tensor::Scalar<int32_t>(-2))});
  auto low = t.Lower(n);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 5}));
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::ARG_MAX);
  EXPECT_EQ(Values<int32_t>(*low->value(low->ops[0].inputs[1])), (std::vector<int32_t>{1}));
  EXPECT_EQ(low->ops[0].options.AsArgMaxOptions()->output_type, tflite::TensorType::INT64);
}

TEST_F(MoreArrayOpsTest, TopKSortsDescendingTiesByIndex) {
  auto out = t.Run("TopKV2", {Tensor::FromVector<float>({2, 4}, {3, 1, 3, 2, 0, 9, 8, 9}), Tensor::Scalar<int32_t>(3)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{3, 3, 2, 9, 9, 8}));
  EXPECT_EQ(Values<int32_t>((*out)[1]), (std::vector<int32_t>{0, 2, 3, 1, 3, 2}));
  EXPECT_FALSE(t.Run("TopKV2", {Tensor::FromVector<float>({2}, {1, 2}), Tensor::Scalar<int32_t>(3)}).ok());
}

TEST_F(MoreArrayOpsTest, WhereListsCoordinates) {
  auto out = t.Run("Where", {Tensor::FromVector<bool>({2, 3}, {false, true, false, true, false, true})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(Values<int64_t>((*out)[0]), (std::vector<int64_t>{0, 1, 1, 0, 1, 2}));
  auto none = t.Run("Where", {Tensor::FromVector<float>({3}, {0, 0, 0})});
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ((*none)[0].shape(), (std::vector<int64_t>{0, 1}));
}

TEST_F(MoreArrayOpsTest, UniqueKeepsFirstOccurrences) {
  auto out = t.Run("Unique", {Tensor::FromVector<int32_t>({7}, {4, 1, 4, 2, 1, 1, 7})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{4, 1, 2, 7}));
  EXPECT_EQ(Values<int32_t>((*out)[1]), (std::vector<int32_t>{0, 1, 0, 2, 1, 1, 3}));
}

TEST_F(MoreArrayOpsTest, DepthToSpaceAndBack) {
  // 1x1x1x8, block 2 -> 1x2x2x2: channel pairs fill the 2x2 block row-major.
  Tensor x = Tensor::FromVector<float>({1, 1, 1, 8}, Iota<float>(8));
  auto d2s = t.Run("DepthToSpace", {x}, {{"block_size", int64_t{2}}});
  ASSERT_TRUE(d2s.ok()) << d2s.status();
  EXPECT_EQ((*d2s)[0].shape(), (std::vector<int64_t>{1, 2, 2, 2}));
  EXPECT_EQ(Values<float>((*d2s)[0]), Iota<float>(8));
  // 1x2x4x1 -> 1x1x2x4: out[0,0,w,(i*2+j)] = in[0,i,2w+j].
  Tensor y = Tensor::FromVector<int32_t>({1, 2, 4, 1}, {0, 1, 2, 3, 4, 5, 6, 7});
  auto s2d = t.Run("SpaceToDepth", {y}, {{"block_size", int64_t{2}}});
  ASSERT_TRUE(s2d.ok()) << s2d.status();
  EXPECT_EQ((*s2d)[0].shape(), (std::vector<int64_t>{1, 1, 2, 4}));
  EXPECT_EQ(Values<int32_t>((*s2d)[0]), (std::vector<int32_t>{0, 1, 4, 5, 2, 3, 6, 7}));
  auto back = t.Run("DepthToSpace", {(*s2d)[0]}, {{"block_size", int64_t{2}}});
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(Values<int32_t>((*back)[0]), Values<int32_t>(y));
  EXPECT_FALSE(t.Run("DepthToSpace", {Tensor::Zeros(DataType::kFloat, {1, 1, 1, 6})}, {{"block_size", int64_t{2}}}).ok());
}

TEST_F(MoreArrayOpsTest, SpaceToBatchPadsAndBatchToSpaceCrops) {
  // [1, 3, 1] with block 2, paddings [1, 0]: padded [0, a, b, c] -> batch 0 gets [0, b], batch 1 [a, c].
  Tensor x = Tensor::FromVector<float>({1, 3, 1}, {1, 2, 3});
  auto s2b = t.Run("SpaceToBatchND", {x, Tensor::FromVector<int32_t>({1}, {2}),
                                      Tensor::FromVector<int32_t>({1, 2}, {1, 0})});
  ASSERT_TRUE(s2b.ok()) << s2b.status();
  EXPECT_EQ((*s2b)[0].shape(), (std::vector<int64_t>{2, 2, 1}));
  EXPECT_EQ(Values<float>((*s2b)[0]), (std::vector<float>{0, 2, 1, 3}));
  auto b2s = t.Run("BatchToSpaceND", {(*s2b)[0], Tensor::FromVector<int32_t>({1}, {2}),
                                      Tensor::FromVector<int64_t>({1, 2}, {1, 0})});
  ASSERT_TRUE(b2s.ok()) << b2s.status();
  EXPECT_EQ((*b2s)[0].shape(), (std::vector<int64_t>{1, 3, 1}));
  EXPECT_EQ(Values<float>((*b2s)[0]), (std::vector<float>{1, 2, 3}));
  // 2-D block on batch 2: TF doc example shape [1,2,2,1] -> [4,1,1,1] with values in block order.
  auto s2b2 = t.Run("SpaceToBatchND", {Tensor::FromVector<float>({1, 2, 2, 1}, {1, 2, 3, 4}),
                                       Tensor::FromVector<int32_t>({2}, {2, 2}),
                                       Tensor::FromVector<int32_t>({2, 2}, {0, 0, 0, 0})});
  ASSERT_TRUE(s2b2.ok()) << s2b2.status();
  EXPECT_EQ((*s2b2)[0].shape(), (std::vector<int64_t>{4, 1, 1, 1}));
  EXPECT_EQ(Values<float>((*s2b2)[0]), (std::vector<float>{1, 2, 3, 4}));
}

TEST_F(MoreArrayOpsTest, ResizeBilinearModes) {
  // 1x1x2x1 [0, 1] to width 4.
  Tensor x = Tensor::FromVector<float>({1, 1, 2, 1}, {0, 1});
  Tensor size = Tensor::FromVector<int32_t>({2}, {1, 4});
  auto legacy = t.Run("ResizeBilinear", {x, size});  // x = i * 0.5
  ASSERT_TRUE(legacy.ok()) << legacy.status();
  EXPECT_EQ(Values<float>((*legacy)[0]), (std::vector<float>{0, 0.5f, 1, 1}));
  auto aligned = t.Run("ResizeBilinear", {x, size}, {{"align_corners", true}});  // x = i / 3
  ASSERT_TRUE(aligned.ok()) << aligned.status();
  std::vector<float> a = Values<float>((*aligned)[0]);
  EXPECT_NEAR(a[1], 1.0f / 3, 1e-6);
  EXPECT_NEAR(a[3], 1.0f, 1e-6);
  auto half = t.Run("ResizeBilinear", {x, size}, {{"half_pixel_centers", true}});  // x = (i+.5)/2 - .5
  ASSERT_TRUE(half.ok()) << half.status();
  EXPECT_EQ(Values<float>((*half)[0]), (std::vector<float>{0, 0.25f, 0.75f, 1}));
  auto ints = t.Run("ResizeBilinear", {Tensor::FromVector<int32_t>({1, 1, 2, 1}, {0, 4}), size});
  ASSERT_TRUE(ints.ok()) << ints.status();
  EXPECT_EQ((*ints)[0].dtype(), DataType::kFloat);
  EXPECT_EQ(Values<float>((*ints)[0]), (std::vector<float>{0, 2, 4, 4}));
}

TEST_F(MoreArrayOpsTest, ResizeNearestModes) {
  Tensor x = Tensor::FromVector<int32_t>({1, 1, 3, 1}, {10, 20, 30});
  Tensor size = Tensor::FromVector<int32_t>({2}, {1, 5});
  auto legacy = t.Run("ResizeNearestNeighbor", {x, size});  // floor(i * 0.6)
  ASSERT_TRUE(legacy.ok()) << legacy.status();
  EXPECT_EQ(Values<int32_t>((*legacy)[0]), (std::vector<int32_t>{10, 10, 20, 20, 30}));
  auto aligned = t.Run("ResizeNearestNeighbor", {x, size}, {{"align_corners", true}});  // round(i * 0.5)
  ASSERT_TRUE(aligned.ok()) << aligned.status();
  EXPECT_EQ(Values<int32_t>((*aligned)[0]), (std::vector<int32_t>{10, 20, 20, 30, 30}));
  auto half = t.Run("ResizeNearestNeighbor", {x, size}, {{"half_pixel_centers", true}});  // floor((i+.5)*.6)
  ASSERT_TRUE(half.ok()) << half.status();
  EXPECT_EQ(Values<int32_t>((*half)[0]), (std::vector<int32_t>{10, 10, 20, 30, 30}));
}

TEST_F(MoreArrayOpsTest, RankSizeShapeNFoldOnStaticShapes) {
  Node* r = t.AddNode("r", "Rank", {t.Input("x", DataType::kFloat, PartialShape({-1, 3}))});
  ASSERT_TRUE(t.Infer(r).ok());
  ASSERT_TRUE(r->outputs[0].value.has_value());
  EXPECT_EQ(Values<int32_t>(*r->outputs[0].value), (std::vector<int32_t>{2}));
  Node* s = t.AddNode("s", "Size", {t.Input("y", DataType::kFloat, PartialShape({-1, 3}))},
                      {{"out_type", DataType::kInt64}});
  auto low = t.Lower(s);
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 2u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::SHAPE);
  EXPECT_EQ(low->ops[1].op, BuiltinOperator::REDUCE_PROD);
  auto size = t.Run("Size", {Tensor::Zeros(DataType::kFloat, {2, 0, 3})});
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(Values<int32_t>((*size)[0]), (std::vector<int32_t>{0}));
  auto shapes = t.Run("ShapeN", {Tensor::Zeros(DataType::kFloat, {2, 5}), Tensor::Scalar<int32_t>(1)},
                      {{"N", int64_t{2}}});
  ASSERT_TRUE(shapes.ok()) << shapes.status();
  EXPECT_EQ(Values<int32_t>((*shapes)[0]), (std::vector<int32_t>{2, 5}));
  EXPECT_EQ((*shapes)[1].shape(), (std::vector<int64_t>{0}));
}

TEST_F(MoreArrayOpsTest, BroadcastToAndArgs) {
  auto out = t.Run("BroadcastTo", {Tensor::FromVector<float>({3, 1}, {1, 2, 3}), Tensor::FromVector<int32_t>({3}, {2, 3, 2})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}));
  EXPECT_FALSE(t.Run("BroadcastTo", {Tensor::FromVector<float>({2}, {1, 2}), Tensor::FromVector<int32_t>({1}, {3})}).ok());
  auto args = t.Run("BroadcastArgs", {Tensor::FromVector<int32_t>({3}, {2, 1, 5}), Tensor::FromVector<int32_t>({2}, {4, 1})});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(Values<int32_t>((*args)[0]), (std::vector<int32_t>{2, 4, 5}));
}

TEST_F(MoreArrayOpsTest, GatherNdAndScatterNd) {
  Tensor params = Tensor::FromVector<float>({2, 2, 2}, Iota<float>(8));
  auto rows = t.Run("GatherNd", {params, Tensor::FromVector<int32_t>({2, 2}, {1, 0, 0, 1})});
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ((*rows)[0].shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(Values<float>((*rows)[0]), (std::vector<float>{4, 5, 2, 3}));
  EXPECT_FALSE(t.Run("GatherNd", {params, Tensor::FromVector<int32_t>({1, 1}, {2})}).ok());
  auto scattered = t.Run("ScatterNd", {Tensor::FromVector<int32_t>({3, 1}, {4, 0, 4}),
                                       Tensor::FromVector<float>({3}, {1.5f, 2, 3}),
                                       Tensor::FromVector<int32_t>({1}, {6})});
  ASSERT_TRUE(scattered.ok()) << scattered.status();
  EXPECT_EQ(Values<float>((*scattered)[0]), (std::vector<float>{2, 0, 0, 0, 4.5f, 0}));
}

TEST_F(MoreArrayOpsTest, OneHotAxes) {
  Tensor idx = Tensor::FromVector<int32_t>({3}, {0, 2, -1});
  auto last = t.Run("OneHot", {idx, Tensor::Scalar<int32_t>(3), Tensor::Scalar<float>(5), Tensor::Scalar<float>(-1)});
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ((*last)[0].shape(), (std::vector<int64_t>{3, 3}));
  EXPECT_EQ(Values<float>((*last)[0]), (std::vector<float>{5, -1, -1, -1, -1, 5, -1, -1, -1}));
  auto first = t.Run("OneHot", {idx, Tensor::Scalar<int32_t>(3), Tensor::Scalar<float>(1), Tensor::Scalar<float>(0)},
                     {{"axis", int64_t{0}}});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(Values<float>((*first)[0]), (std::vector<float>{1, 0, 0, 0, 0, 0, 0, 1, 0}));
}

TEST_F(MoreArrayOpsTest, ReverseV2AndReverseSequence) {
  Tensor x = Tensor::FromVector<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  auto both = t.Run("ReverseV2", {x, Tensor::FromVector<int32_t>({2}, {0, -1})});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(Values<int32_t>((*both)[0]), (std::vector<int32_t>{6, 5, 4, 3, 2, 1}));
  auto seq = t.Run("ReverseSequence", {x, Tensor::FromVector<int64_t>({2}, {2, 3})},
                   {{"seq_dim", int64_t{1}}, {"batch_dim", int64_t{0}}});
  ASSERT_TRUE(seq.ok()) << seq.status();
  EXPECT_EQ(Values<int32_t>((*seq)[0]), (std::vector<int32_t>{2, 1, 3, 6, 5, 4}));
}

TEST_F(MoreArrayOpsTest, AnyAllWithEmptyReductions) {
  Tensor b = Tensor::FromVector<bool>({2, 2}, {true, false, false, false});
  auto any = t.Run("Any", {b, Tensor::FromVector<int32_t>({1}, {1})});
  ASSERT_TRUE(any.ok()) << any.status();
  EXPECT_EQ(Values<bool>((*any)[0]), (std::vector<bool>{true, false}));
  auto all = t.Run("All", {b, Tensor::FromVector<int32_t>({1}, {0})}, {{"keep_dims", true}});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ((*all)[0].shape(), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(Values<bool>((*all)[0]), (std::vector<bool>{false, false}));
  auto empty_all = t.Run("All", {Tensor::Zeros(DataType::kBool, {0, 2}), Tensor::FromVector<int32_t>({1}, {0})});
  ASSERT_TRUE(empty_all.ok()) << empty_all.status();
  EXPECT_EQ(Values<bool>((*empty_all)[0]), (std::vector<bool>{true, true}));
  EXPECT_FALSE(t.Run("Any", {Tensor::FromVector<float>({1}, {1}), Tensor::FromVector<int32_t>({1}, {0})}).ok());
}

}  // namespace
}  // namespace tfconv
