// GATHER, GATHER_ND, SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND, DEPTH_TO_SPACE and SPACE_TO_DEPTH;
// the block-op expectations are the examples of TensorFlow's op documentation.
#include "gtest/gtest.h"
#include "runtime_check/kernels/array/array_kernels.h"
#include "runtime_check/kernels/array/op_test_util.h"

namespace tfconv {
namespace {

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;

KernelRegistry Registry() {
  KernelRegistry r;
  RegisterArrayKernels(r);
  return r;
}

std::vector<float> Iota(int n, float start = 0) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = start + i;
  return v;
}

RtTensor RunOne(OpModel& m) {
  auto out = m.Run(Registry());
  EXPECT_TRUE(out.ok()) << out.status();
  if (!out.ok() || out->empty()) return RtTensor();
  return (*out)[0];
}

absl::Status RunStatus(OpModel& m) { return m.Run(Registry()).status(); }

tflite::GatherOptionsT GatherOptions(int axis, int batch_dims = 0) {
  tflite::GatherOptionsT o;
  o.axis = axis;
  o.batch_dims = batch_dims;
  return o;
}

TEST(GatherTest, AxisZeroAndOne) {
  OpModel a(BO::GATHER);
  a.Input(F32({3, 2}, {1, 2, 3, 4, 5, 6})).Const(I32({2}, {2, 0})).Output(TT::FLOAT32).WithOptions(GatherOptions(0));
  RtTensor y = RunOne(a);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(Values<float>(y), (std::vector<float>{5, 6, 1, 2}));
  OpModel b(BO::GATHER);
  b.Input(F32({3, 2}, {1, 2, 3, 4, 5, 6})).Const(I64({1}, {1})).Output(TT::FLOAT32).WithOptions(GatherOptions(-1));
  RtTensor z = RunOne(b);
  EXPECT_EQ(z.shape(), (std::vector<int32_t>{3, 1}));
  EXPECT_EQ(Values<float>(z), (std::vector<float>{2, 4, 6}));
  OpModel scalar(BO::GATHER);
  scalar.Input(I8({3, 2}, {1, 2, 3, 4, 5, 6})).Const(I16({}, {1})).Output(TT::INT8).WithOptions(GatherOptions(0));
  RtTensor s = RunOne(scalar);
  EXPECT_EQ(s.shape(), (std::vector<int32_t>{2}));
  EXPECT_EQ(Values<int8_t>(s), (std::vector<int8_t>{3, 4}));
}

TEST(GatherTest, BatchDims) {
  OpModel m(BO::GATHER);
  m.Input(I32({2, 3}, {1, 2, 3, 4, 5, 6})).Input(I32({2, 2}, {0, 2, 1, 1})).Output(TT::INT32);
  m.WithOptions(GatherOptions(1, 1));
  RtTensor y = RunOne(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(Values<int32_t>(y), (std::vector<int32_t>{1, 3, 5, 5}));
}

TEST(GatherTest, OutOfRangeIndicesAreErrors) {
  for (int32_t bad : {3, -1}) {
    OpModel m(BO::GATHER);
    m.Input(F32({3, 2}, Iota(6))).Input(I32({2}, {0, bad})).Output(TT::FLOAT32).WithOptions(GatherOptions(0));
    absl::Status s = RunStatus(m);
    EXPECT_NE(s.message().find("out of range"), std::string::npos) << s;
  }
}

TEST(GatherNdTest, ElementsAndSlices) {
  OpModel a(BO::GATHER_ND);
  a.Input(F32({2, 2}, {1, 2, 3, 4})).Const(I32({2, 2}, {0, 1, 1, 0})).Output(TT::FLOAT32);
  EXPECT_EQ(Values<float>(RunOne(a)), (std::vector<float>{2, 3}));
  OpModel b(BO::GATHER_ND);
  b.Input(F32({2, 2}, {1, 2, 3, 4})).Const(I64({1, 1}, {1})).Output(TT::FLOAT32);
  RtTensor y = RunOne(b);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(Values<float>(y), (std::vector<float>{3, 4}));
  OpModel bad(BO::GATHER_ND);
  bad.Input(F32({2, 2}, {1, 2, 3, 4})).Input(I32({1, 2}, {0, 2})).Output(TT::FLOAT32);
  EXPECT_NE(RunStatus(bad).message().find("out of range"), std::string::npos);
}

TEST(SpaceToBatchNdTest, TensorFlowExamples) {
  OpModel a(BO::SPACE_TO_BATCH_ND);
  a.Input(F32({1, 4, 4, 1}, Iota(16, 1))).Const(I32({2}, {2, 2})).Const(I32({2, 2}, {0, 0, 0, 0}));
  a.Output(TT::FLOAT32);
  RtTensor y = RunOne(a);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{4, 2, 2, 1}));
  EXPECT_EQ(Values<float>(y), (std::vector<float>{1, 3, 9, 11, 2, 4, 10, 12, 5, 7, 13, 15, 6, 8, 14, 16}));
  OpModel b(BO::SPACE_TO_BATCH_ND);
  b.Input(F32({2, 2, 4, 1}, Iota(16, 1))).Const(I32({2}, {2, 2})).Const(I32({2, 2}, {0, 0, 0, 0}));
  b.Output(TT::FLOAT32);
  RtTensor z = RunOne(b);
  EXPECT_EQ(z.shape(), (std::vector<int32_t>{8, 1, 2, 1}));
  EXPECT_EQ(Values<float>(z), (std::vector<float>{1, 3, 9, 11, 2, 4, 10, 12, 5, 7, 13, 15, 6, 8, 14, 16}));
}

TEST(SpaceToBatchNdTest, PadsWithTheZeroPoint) {
  // Height 2 padded [1,1] to [pad,1,2,pad], block 2: offset 0 takes rows 0,2; offset 1 rows 1,3.
  OpModel m(BO::SPACE_TO_BATCH_ND);
  m.Input(Quantized(I8({1, 2, 1, 1}, {1, 2}), 0.5f, 5)).Const(I32({2}, {2, 1})).Const(I32({2, 2}, {1, 1, 0, 0}));
  m.Output(TT::INT8, {{0.5f, 5}});
  RtTensor y = RunOne(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 2, 1, 1}));
  EXPECT_EQ(Values<int8_t>(y), (std::vector<int8_t>{5, 2, 1, 5}));
}

TEST(BatchToSpaceNdTest, InverseAndCrops) {
  OpModel a(BO::BATCH_TO_SPACE_ND);
  a.Input(F32({4, 2, 2, 1}, {1, 3, 9, 11, 2, 4, 10, 12, 5, 7, 13, 15, 6, 8, 14, 16}));
  a.Const(I32({2}, {2, 2})).Const(I32({2, 2}, {0, 0, 0, 0})).Output(TT::FLOAT32);
  RtTensor y = RunOne(a);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{1, 4, 4, 1}));
  EXPECT_EQ(Values<float>(y), Iota(16, 1));
  OpModel b(BO::BATCH_TO_SPACE_ND);
  b.Input(F32({4, 1, 1, 1}, {1, 2, 3, 4})).Const(I32({2}, {2, 2})).Const(I32({2, 2}, {0, 1, 0, 0}));
  b.Output(TT::FLOAT32);
  RtTensor z = RunOne(b);
  EXPECT_EQ(z.shape(), (std::vector<int32_t>{1, 1, 2, 1}));
  EXPECT_EQ(Values<float>(z), (std::vector<float>{1, 2}));
  OpModel bad(BO::BATCH_TO_SPACE_ND);
  bad.Input(F32({3, 1, 1, 1}, {1, 2, 3})).Const(I32({2}, {2, 2})).Const(I32({2, 2}, {0, 0, 0, 0}));
  bad.Output(TT::FLOAT32);
  EXPECT_FALSE(RunStatus(bad).ok());
}

TEST(DepthToSpaceTest, TensorFlowExample) {
  tflite::DepthToSpaceOptionsT o;
  o.block_size = 2;
  OpModel m(BO::DEPTH_TO_SPACE);
  m.Input(F32({1, 2, 2, 4}, Iota(16, 1))).Output(TT::FLOAT32).WithOptions(o);
  RtTensor y = RunOne(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{1, 4, 4, 1}));
  EXPECT_EQ(Values<float>(y), (std::vector<float>{1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16}));
  OpModel deep(BO::DEPTH_TO_SPACE);
  deep.Input(F32({1, 1, 1, 12}, Iota(12, 1))).Output(TT::FLOAT32).WithOptions(o);
  RtTensor z = RunOne(deep);
  EXPECT_EQ(z.shape(), (std::vector<int32_t>{1, 2, 2, 3}));
  EXPECT_EQ(Values<float>(z), Iota(12, 1));
}

TEST(SpaceToDepthTest, TensorFlowExample) {
  tflite::SpaceToDepthOptionsT o;
  o.block_size = 2;
  OpModel m(BO::SPACE_TO_DEPTH);
  m.Input(U8({1, 4, 4, 1}, {1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16})).Output(TT::UINT8);
  m.WithOptions(o);
  RtTensor y = RunOne(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{1, 2, 2, 4}));
  std::vector<uint8_t> expected;
  for (int i = 1; i <= 16; ++i) expected.push_back(static_cast<uint8_t>(i));
  EXPECT_EQ(Values<uint8_t>(y), expected);
  OpModel bad(BO::SPACE_TO_DEPTH);
  bad.Input(U8({1, 3, 4, 1}, std::vector<uint8_t>(12, 0))).Output(TT::UINT8).WithOptions(o);
  EXPECT_FALSE(RunStatus(bad).ok());
}

}  // namespace
}  // namespace tfconv
