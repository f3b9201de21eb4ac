// MATRIX_DIAG, MATRIX_SET_DIAG, REVERSE_SEQUENCE, RANK and BROADCAST_ARGS against outputs
// written out by hand, on batches, non-square matrices and both orders of seq_dim/batch_dim.
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/array/array_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::F32;
using kernel_test::I16;
using kernel_test::I32;
using kernel_test::I64;
using kernel_test::Iota;
using kernel_test::OpTest;
using kernel_test::RunOk;
using kernel_test::ValuesOf;

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterArrayKernels>(); }

TEST(MatrixDiagTest, BatchOfDiagonals) {
  OpTest t(BO::MATRIX_DIAG, Kernels());
  t.Input(F32({2, 3}, {1, 2, 3, 4, 5, 6})).Output(TT::FLOAT32);
  RtTensor y = RunOk(t);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 3, 3}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{1, 0, 0, 0, 2, 0, 0, 0, 3,  //
                                                    4, 0, 0, 0, 5, 0, 0, 0, 6}));
  OpTest v(BO::MATRIX_DIAG, Kernels());
  v.Input(I16({2}, {7, -2})).Output(TT::INT16);
  EXPECT_EQ(ValuesOf<int16_t>(RunOk(v)), (std::vector<int16_t>{7, 0, 0, -2}));
  OpTest bad(BO::MATRIX_DIAG, Kernels());
  bad.Input(F32({}, {1})).Output(TT::FLOAT32);
  EXPECT_FALSE(bad.Run().ok());
}

TEST(MatrixSetDiagTest, WideAndTallMatrices) {
  OpTest wide(BO::MATRIX_SET_DIAG, Kernels());  // 2 x 3: the diagonal has 2 entries
  wide.Input(F32({2, 3}, Iota(6))).Input(F32({2}, {-1, -2})).Output(TT::FLOAT32);
  EXPECT_EQ(ValuesOf<float>(RunOk(wide)), (std::vector<float>{-1, 1, 2, 3, -2, 5}));

  OpTest tall(BO::MATRIX_SET_DIAG, Kernels());  // a batch of two 3 x 2 matrices
  tall.Input(I32({2, 3, 2}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
      .Input(I32({2, 2}, {100, 101, 102, 103}))
      .Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(tall)), (std::vector<int32_t>{100, 1, 2, 101, 4, 5, 102, 7, 8, 103, 10, 11}));

  OpTest bad(BO::MATRIX_SET_DIAG, Kernels());
  bad.Input(F32({2, 3}, Iota(6))).Input(F32({3}, {1, 2, 3})).Output(TT::FLOAT32);
  EXPECT_NE(bad.Run().status().message().find("[2] expected"), std::string::npos);
}

tflite::ReverseSequenceOptionsT SeqOptions(int seq_dim, int batch_dim) {
  tflite::ReverseSequenceOptionsT o;
  o.seq_dim = seq_dim;
  o.batch_dim = batch_dim;
  return o;
}

TEST(ReverseSequenceTest, BatchBeforeSequence) {
  OpTest t(BO::REVERSE_SEQUENCE, Kernels());
  t.Input(F32({3, 4}, Iota(12))).ConstInput(I32({3}, {2, 0, 4})).Output(TT::FLOAT32).Options(SeqOptions(1, 0));
  EXPECT_EQ(ValuesOf<float>(RunOk(t)), (std::vector<float>{1, 0, 2, 3, 4, 5, 6, 7, 11, 10, 9, 8}));
}

TEST(ReverseSequenceTest, SequenceBeforeBatchWithInt64Lengths) {
  // x[s, b, k] = 4s + 2b + k; batch 0 reverses all 3 steps, batch 1 keeps its single step.
  OpTest t(BO::REVERSE_SEQUENCE, Kernels());
  t.Input(I64({3, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
      .ConstInput(I64({2}, {3, 1}))
      .Output(TT::INT64)
      .Options(SeqOptions(0, 1));
  EXPECT_EQ(ValuesOf<int64_t>(RunOk(t)), (std::vector<int64_t>{8, 9, 2, 3, 4, 5, 6, 7, 0, 1, 10, 11}));
}

TEST(ReverseSequenceTest, Refusals) {
  OpTest longer(BO::REVERSE_SEQUENCE, Kernels());
  longer.Input(F32({2, 4}, Iota(8))).ConstInput(I32({2}, {1, 5})).Output(TT::FLOAT32).Options(SeqOptions(1, 0));
  EXPECT_NE(longer.Run().status().message().find("seq_lengths[1] = 5"), std::string::npos);
  OpTest negative(BO::REVERSE_SEQUENCE, Kernels());
  negative.Input(F32({2, 4}, Iota(8))).ConstInput(I32({2}, {-1, 2})).Output(TT::FLOAT32).Options(SeqOptions(1, 0));
  EXPECT_FALSE(negative.Run().ok());
  OpTest same(BO::REVERSE_SEQUENCE, Kernels());
  same.Input(F32({2, 4}, Iota(8))).ConstInput(I32({2}, {1, 1})).Output(TT::FLOAT32).Options(SeqOptions(0, 0));
  EXPECT_FALSE(same.Run().ok());
  OpTest count(BO::REVERSE_SEQUENCE, Kernels());
  count.Input(F32({2, 4}, Iota(8))).ConstInput(I32({3}, {1, 1, 1})).Output(TT::FLOAT32).Options(SeqOptions(1, 0));
  EXPECT_FALSE(count.Run().ok());
}

TEST(RankTest, ScalarOutput) {
  OpTest t(BO::RANK, Kernels());
  t.Input(F32({2, 1, 3}, Iota(6))).Output(TT::INT32);
  RtTensor y = RunOk(t);
  EXPECT_TRUE(y.shape().empty());
  EXPECT_EQ(ValuesOf<int32_t>(y), (std::vector<int32_t>{3}));
  OpTest scalar(BO::RANK, Kernels());
  scalar.Input(F32({}, {1})).Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(scalar)), (std::vector<int32_t>{0}));
}

TEST(BroadcastArgsTest, ShapesOfDifferentRanks) {
  OpTest t(BO::BROADCAST_ARGS, Kernels());
  t.Input(I32({3}, {2, 1, 3})).Input(I32({2}, {4, 1})).Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(t)), (std::vector<int32_t>{2, 4, 3}));
  OpTest empty(BO::BROADCAST_ARGS, Kernels());
  empty.Input(I64({0}, {})).Input(I64({1}, {5})).Output(TT::INT64);
  EXPECT_EQ(ValuesOf<int64_t>(RunOk(empty)), (std::vector<int64_t>{5}));
  OpTest zero(BO::BROADCAST_ARGS, Kernels());
  zero.Input(I32({2}, {3, 0})).Input(I32({2}, {1, 1})).Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(zero)), (std::vector<int32_t>{3, 0}));
  OpTest bad(BO::BROADCAST_ARGS, Kernels());
  bad.Input(I32({2}, {2, 3})).Input(I32({2}, {4, 3})).Output(TT::INT32);
  EXPECT_NE(bad.Run().status().message().find("do not broadcast"), std::string::npos);
  OpTest mixed(BO::BROADCAST_ARGS, Kernels());
  mixed.Input(I32({1}, {2})).Input(I64({1}, {2})).Output(TT::INT32);
  EXPECT_FALSE(mixed.Run().ok());
}

}  // namespace
}  // namespace tfconv
