// GATHER, GATHER_ND, SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND, DEPTH_TO_SPACE and SPACE_TO_DEPTH;
// the block-op expectations are the examples of TensorFlow's op documentation.
#include "gtest/gtest.h"
#include "runtime_check/kernels/array/array_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::F32;
using kernel_test::I16;
using kernel_test::I32;
using kernel_test::I64;
using kernel_test::I8;
using kernel_test::Iota;
using kernel_test::OpTest;
using kernel_test::Quant;
using kernel_test::Quantized;
using kernel_test::RunOk;
using kernel_test::U8;
using kernel_test::ValuesOf;

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterArrayKernels>(); }

tflite::GatherOptionsT GatherOptions(int axis, int batch_dims = 0) {
  tflite::GatherOptionsT o;
  o.axis = axis;
  o.batch_dims = batch_dims;
  return o;
}

TEST(GatherTest, AxisZeroAndOne) {
  OpTest a(BO::GATHER, Kernels());
  a.Input(F32({3, 2}, {1, 2, 3, 4, 5, 6})).ConstInput(I32({2}, {2, 0})).Output(TT::FLOAT32).Options(GatherOptions(0));
  RtTensor y = RunOk(a);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{5, 6, 1, 2}));
  OpTest b(BO::GATHER, Kernels());
  b.Input(F32({3, 2}, {1, 2, 3, 4, 5, 6})).ConstInput(I64({1}, {1})).Output(TT::FLOAT32).Options(GatherOptions(-1));
  RtTensor z = RunOk(b);
  EXPECT_EQ(z.shape(), (std::vector<int32_t>{3, 1}));
  EXPECT_EQ(ValuesOf<float>(z), (std::vector<float>{2, 4, 6}));
  OpTest scalar(BO::GATHER, Kernels());
  scalar.Input(I8({3, 2}, {1, 2, 3, 4, 5, 6})).ConstInput(I16({}, {1})).Output(TT::INT8).Options(GatherOptions(0));
  RtTensor s = RunOk(scalar);
  EXPECT_EQ(s.shape(), (std::vector<int32_t>{2}));
  EXPECT_EQ(ValuesOf<int8_t>(s), (std::vector<int8_t>{3, 4}));
}

TEST(GatherTest, BatchDims) {
  OpTest m(BO::GATHER, Kernels());
  m.Input(I32({2, 3}, {1, 2, 3, 4, 5, 6})).Input(I32({2, 2}, {0, 2, 1, 1})).Output(TT::INT32);
  m.Options(GatherOptions(1, 1));
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(ValuesOf<int32_t>(y), (std::vector<int32_t>{1, 3, 5, 5}));
}

TEST(GatherTest, OutOfRangeIndicesAreErrors) {
  for (int32_t bad : {3, -1}) {
    OpTest m(BO::GATHER, Kernels());
    m.Input(F32({3, 2}, Iota(6))).Input(I32({2}, {0, bad})).Output(TT::FLOAT32).Options(GatherOptions(0));
    absl::Status s = m.Run().status();
    EXPECT_NE(s.message().find("out of range"), std::string::npos) << s;
  }
}

TEST(GatherNdTest, ElementsAndSlices) {
  OpTest a(BO::GATHER_ND, Kernels());
  a.Input(F32({2, 2}, {1, 2, 3, 4})).ConstInput(I32({2, 2}, {0, 1, 1, 0})).Output(TT::FLOAT32);
  EXPECT_EQ(ValuesOf<float>(RunOk(a)), (std::vector<float>{2, 3}));
  OpTest b(BO::GATHER_ND, Kernels());
  b.Input(F32({2, 2}, {1, 2, 3, 4})).ConstInput(I64({1, 1}, {1})).Output(TT::FLOAT32);
  RtTensor y = RunOk(b);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{3, 4}));
  OpTest bad(BO::GATHER_ND, Kernels());
  bad.Input(F32({2, 2}, {1, 2, 3, 4})).Input(I32({1, 2}, {0, 2})).Output(TT::FLOAT32);
  EXPECT_NE(bad.Run().status().message().find("out of range"), std::string::npos);
}

TEST(SpaceToBatchNdTest, TensorFlowExamples) {
  OpTest a(BO::SPACE_TO_BATCH_ND, Kernels());
  a.Input(F32({1, 4, 4, 1}, Iota(16, 1))).ConstInput(I32({2}, {2, 2})).ConstInput(I32({2, 2}, {0, 0, 0, 0}));
  a.Output(TT::FLOAT32);
  RtTensor y = RunOk(a);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{4, 2, 2, 1}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{1, 3, 9, 11, 2, 4, 10, 12, 5, 7, 13, 15, 6, 8, 14, 16}));
  OpTest b(BO::SPACE_TO_BATCH_ND, Kernels());
  b.Input(F32({2, 2, 4, 1}, Iota(16, 1))).ConstInput(I32({2}, {2, 2})).ConstInput(I32({2, 2}, {0, 0, 0, 0}));
  b.Output(TT::FLOAT32);
  RtTensor z = RunOk(b);
  EXPECT_EQ(z.shape(), (std::vector<int32_t>{8, 1, 2, 1}));
  EXPECT_EQ(ValuesOf<float>(z), (std::vector<float>{1, 3, 9, 11, 2, 4, 10, 12, 5, 7, 13, 15, 6, 8, 14, 16}));
}

TEST(SpaceToBatchNdTest, PadsWithTheZeroPoint) {
  // Height 2 padded [1,1] to [pad,1,2,pad], block 2: offset 0 takes rows 0,2; offset 1 rows 1,3.
  OpTest m(BO::SPACE_TO_BATCH_ND, Kernels());
  m.Input(Quantized(I8({1, 2, 1, 1}, {1, 2}), 0.5f, 5)).ConstInput(I32({2}, {2, 1}))
      .ConstInput(I32({2, 2}, {1, 1, 0, 0}));
  m.Output(TT::INT8, Quant(0.5f, 5));
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 2, 1, 1}));
  EXPECT_EQ(ValuesOf<int8_t>(y), (std::vector<int8_t>{5, 2, 1, 5}));
}

TEST(BatchToSpaceNdTest, InverseAndCrops) {
  OpTest a(BO::BATCH_TO_SPACE_ND, Kernels());
  a.Input(F32({4, 2, 2, 1}, {1, 3, 9, 11, 2, 4, 10, 12, 5, 7, 13, 15, 6, 8, 14, 16}));
  a.ConstInput(I32({2}, {2, 2})).ConstInput(I32({2, 2}, {0, 0, 0, 0})).Output(TT::FLOAT32);
  RtTensor y = RunOk(a);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{1, 4, 4, 1}));
  EXPECT_EQ(ValuesOf<float>(y), Iota(16, 1));
  OpTest b(BO::BATCH_TO_SPACE_ND, Kernels());
  b.Input(F32({4, 1, 1, 1}, {1, 2, 3, 4})).ConstInput(I32({2}, {2, 2})).ConstInput(I32({2, 2}, {0, 1, 0, 0}));
  b.Output(TT::FLOAT32);
  RtTensor z = RunOk(b);
  EXPECT_EQ(z.shape(), (std::vector<int32_t>{1, 1, 2, 1}));
  EXPECT_EQ(ValuesOf<float>(z), (std::vector<float>{1, 2}));
  OpTest bad(BO::BATCH_TO_SPACE_ND, Kernels());
  bad.Input(F32({3, 1, 1, 1}, {1, 2, 3})).ConstInput(I32({2}, {2, 2})).ConstInput(I32({2, 2}, {0, 0, 0, 0}));
  bad.Output(TT::FLOAT32);
  EXPECT_FALSE(bad.Run().status().ok());
}

TEST(DepthToSpaceTest, TensorFlowExample) {
  tflite::DepthToSpaceOptionsT o;
  o.block_size = 2;
  OpTest m(BO::DEPTH_TO_SPACE, Kernels());
  m.Input(F32({1, 2, 2, 4}, Iota(16, 1))).Output(TT::FLOAT32).Options(o);
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{1, 4, 4, 1}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16}));
  OpTest deep(BO::DEPTH_TO_SPACE, Kernels());
  deep.Input(F32({1, 1, 1, 12}, Iota(12, 1))).Output(TT::FLOAT32).Options(o);
  RtTensor z = RunOk(deep);
  EXPECT_EQ(z.shape(), (std::vector<int32_t>{1, 2, 2, 3}));
  EXPECT_EQ(ValuesOf<float>(z), Iota(12, 1));
}

TEST(SpaceToDepthTest, TensorFlowExample) {
  tflite::SpaceToDepthOptionsT o;
  o.block_size = 2;
  OpTest m(BO::SPACE_TO_DEPTH, Kernels());
  m.Input(U8({1, 4, 4, 1}, {1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16})).Output(TT::UINT8);
  m.Options(o);
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{1, 2, 2, 4}));
  std::vector<uint8_t> expected;
  for (int i = 1; i <= 16; ++i) expected.push_back(static_cast<uint8_t>(i));
  EXPECT_EQ(ValuesOf<uint8_t>(y), expected);
  OpTest bad(BO::SPACE_TO_DEPTH, Kernels());
  bad.Input(U8({1, 3, 4, 1}, std::vector<uint8_t>(12, 0))).Output(TT::UINT8).Options(o);
  EXPECT_FALSE(bad.Run().status().ok());
}

}  // namespace
}  // namespace tfconv
