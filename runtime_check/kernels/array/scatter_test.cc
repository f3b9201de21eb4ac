// SCATTER_ND and SPARSE_TO_DENSE against outputs written out by hand: duplicate indices (added by
// SCATTER_ND, overwritten by SPARSE_TO_DENSE), row slices and single elements, rank-2 index
// batches, a scalar value broadcast to several indices, integer wrap-around and the refusals.
#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/array/array_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::F32;
using kernel_test::I32;
using kernel_test::I64;
using kernel_test::OpTest;
using kernel_test::RunOk;
using kernel_test::ValuesOf;

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterArrayKernels>(); }

TEST(ScatterNdTest, RowSlicesWithADuplicateAddUp) {
  OpTest t(BO::SCATTER_ND, Kernels());
  t.ConstInput(I32({3, 1}, {1, 3, 1}))
      .Input(F32({3, 2}, {1, 2, 10, 20, 100, 200}))
      .ConstInput(I32({2}, {5, 2}))
      .Output(TT::FLOAT32);
  RtTensor y = RunOk(t);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{5, 2}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{0, 0, 101, 202, 0, 0, 10, 20, 0, 0}));
}

TEST(ScatterNdTest, SingleElementsAndRank3Indices) {
  OpTest elements(BO::SCATTER_ND, Kernels());
  elements.ConstInput(I32({2, 2}, {0, 2, 1, 0})).Input(I32({2}, {5, -3})).ConstInput(I32({2}, {2, 3}));
  elements.Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(elements)), (std::vector<int32_t>{0, 0, 5, -3, 0, 0}));

  // indices [2, 1, 2]: two index rows, each picking a [3] slice of a [2, 2, 3] output.
  OpTest deep(BO::SCATTER_ND, Kernels());
  deep.ConstInput(I32({2, 1, 2}, {1, 1, 0, 1}))
      .Input(I64({2, 1, 3}, {1, 2, 3, 4, 5, 6}))
      .ConstInput(I32({3}, {2, 2, 3}))
      .Output(TT::INT64);
  EXPECT_EQ(ValuesOf<int64_t>(RunOk(deep)), (std::vector<int64_t>{0, 0, 0, 4, 5, 6, 0, 0, 0, 1, 2, 3}));
}

TEST(ScatterNdTest, IntegerDuplicatesWrapAround) {
  const int32_t max = std::numeric_limits<int32_t>::max();
  OpTest t(BO::SCATTER_ND, Kernels());
  t.ConstInput(I32({2, 1}, {0, 0})).Input(I32({2}, {max, 1})).ConstInput(I32({1}, {1})).Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(t)), (std::vector<int32_t>{std::numeric_limits<int32_t>::min()}));
}

TEST(ScatterNdTest, Refusals) {
  OpTest range(BO::SCATTER_ND, Kernels());
  range.ConstInput(I32({1, 1}, {4})).Input(F32({1}, {1})).ConstInput(I32({1}, {4})).Output(TT::FLOAT32);
  EXPECT_NE(range.Run().status().message().find("outside [0, 4)"), std::string::npos);
  OpTest fit(BO::SCATTER_ND, Kernels());
  fit.ConstInput(I32({2, 1}, {0, 1})).Input(F32({2, 3}, {1, 2, 3, 4, 5, 6})).ConstInput(I32({2}, {2, 2}));
  fit.Output(TT::FLOAT32);
  EXPECT_NE(fit.Run().status().message().find("do not fit"), std::string::npos);
  OpTest wide(BO::SCATTER_ND, Kernels());
  wide.ConstInput(I64({1, 1}, {0})).Input(F32({1}, {1})).ConstInput(I64({1}, {2})).Output(TT::FLOAT32);
  EXPECT_NE(wide.Run().status().message().find("INT32"), std::string::npos);
}

TEST(SparseToDenseTest, Rank2IndicesWithADefault) {
  OpTest t(BO::SPARSE_TO_DENSE, Kernels());
  t.ConstInput(I32({3, 2}, {0, 1, 2, 0, 1, 3}))
      .ConstInput(I32({2}, {3, 4}))
      .Input(F32({3}, {1.5f, 2.5f, 3.5f}))
      .ConstInput(F32({}, {-1}))
      .Output(TT::FLOAT32);
  RtTensor y = RunOk(t);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{3, 4}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{-1, 1.5f, -1, -1, -1, -1, -1, 3.5f, 2.5f, -1, -1, -1}));
}

TEST(SparseToDenseTest, VectorAndScalarIndicesAndDuplicates) {
  OpTest vec(BO::SPARSE_TO_DENSE, Kernels());
  vec.ConstInput(I64({2}, {4, 0})).ConstInput(I64({1}, {6})).Input(I64({2}, {7, 9})).ConstInput(I64({1}, {0}));
  vec.Output(TT::INT64);
  EXPECT_EQ(ValuesOf<int64_t>(RunOk(vec)), (std::vector<int64_t>{9, 0, 0, 0, 7, 0}));

  OpTest one(BO::SPARSE_TO_DENSE, Kernels());
  one.ConstInput(I32({}, {2})).ConstInput(I32({1}, {4})).Input(I32({}, {5})).ConstInput(I32({}, {1}));
  one.Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(one)), (std::vector<int32_t>{1, 1, 5, 1}));

  OpTest broadcast(BO::SPARSE_TO_DENSE, Kernels());  // LiteRT.js 2.5.3 gives 5, 1, 5, 1 too
  broadcast.ConstInput(I32({2}, {0, 2})).ConstInput(I32({1}, {4})).Input(F32({}, {5})).ConstInput(F32({}, {1}));
  broadcast.Output(TT::FLOAT32);
  EXPECT_EQ(ValuesOf<float>(RunOk(broadcast)), (std::vector<float>{5, 1, 5, 1}));

  OpTest dup(BO::SPARSE_TO_DENSE, Kernels());  // the later value wins
  dup.ConstInput(I32({2}, {1, 1})).ConstInput(I32({1}, {3})).Input(F32({2}, {3, 4})).ConstInput(F32({}, {0}));
  dup.Output(TT::FLOAT32);
  EXPECT_EQ(ValuesOf<float>(RunOk(dup)), (std::vector<float>{0, 4, 0}));
}

TEST(SparseToDenseTest, Refusals) {
  OpTest range(BO::SPARSE_TO_DENSE, Kernels());
  range.ConstInput(I32({1}, {3})).ConstInput(I32({1}, {3})).Input(F32({1}, {1})).ConstInput(F32({}, {0}));
  range.Output(TT::FLOAT32);
  EXPECT_NE(range.Run().status().message().find("outside [0, 3)"), std::string::npos);
  OpTest rank5(BO::SPARSE_TO_DENSE, Kernels());
  rank5.ConstInput(I32({1, 5}, {0, 0, 0, 0, 0}))
      .ConstInput(I32({5}, {1, 1, 1, 1, 1}))
      .Input(F32({1}, {1}))
      .ConstInput(F32({}, {0}))
      .Output(TT::FLOAT32);
  EXPECT_NE(rank5.Run().status().message().find("limit of 4"), std::string::npos);
  OpTest count(BO::SPARSE_TO_DENSE, Kernels());
  count.ConstInput(I32({2}, {0, 1})).ConstInput(I32({1}, {3})).Input(F32({3}, {1, 2, 3})).ConstInput(F32({}, {0}));
  count.Output(TT::FLOAT32);
  EXPECT_FALSE(count.Run().ok());
}

}  // namespace
}  // namespace tfconv
