// CUMSUM against running sums worked out by hand: each of exclusive/reverse, both together, a
// negative and a middle axis, integer wrap-around and the refusals.
#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/pool_reduce/pool_reduce_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::BoolTensor;
using kernel_test::F32;
using kernel_test::I32;
using kernel_test::I64;
using kernel_test::OpTest;
using kernel_test::RunOk;
using kernel_test::TestTensor;
using kernel_test::ValuesOf;

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterPoolReduceKernels>(); }

OpTest Cumsum(const TestTensor& x, int32_t axis, bool exclusive, bool reverse) {
  OpTest t(BO::CUMSUM, Kernels());
  tflite::CumsumOptionsT o;
  o.exclusive = exclusive;
  o.reverse = reverse;
  t.Input(x).ConstInput(I32({}, {axis})).Output(x.type).Options(o);
  return t;
}

TEST(CumsumTest, ExclusiveAndReverseAlongTheLastAxis) {
  const TestTensor x = F32({2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(ValuesOf<float>(RunOk(Cumsum(x, 1, false, false))), (std::vector<float>{1, 3, 6, 4, 9, 15}));
  EXPECT_EQ(ValuesOf<float>(RunOk(Cumsum(x, 1, true, false))), (std::vector<float>{0, 1, 3, 0, 4, 9}));
  EXPECT_EQ(ValuesOf<float>(RunOk(Cumsum(x, -1, false, true))), (std::vector<float>{6, 5, 3, 15, 11, 6}));
  EXPECT_EQ(ValuesOf<float>(RunOk(Cumsum(x, 1, true, true))), (std::vector<float>{5, 3, 0, 11, 6, 0}));
  RtTensor first = RunOk(Cumsum(x, -2, false, false));
  EXPECT_EQ(first.shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(ValuesOf<float>(first), (std::vector<float>{1, 2, 3, 5, 7, 9}));
}

TEST(CumsumTest, MiddleAxisInt64AndInt32WrapAround) {
  // x[o, k, i] = 1..8; sums run over k.
  EXPECT_EQ(ValuesOf<int64_t>(RunOk(Cumsum(I64({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}), 1, false, false))),
            (std::vector<int64_t>{1, 2, 4, 6, 5, 6, 12, 14}));
  const int32_t max = std::numeric_limits<int32_t>::max();
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(Cumsum(I32({2}, {max, 1}), 0, false, false))),
            (std::vector<int32_t>{max, std::numeric_limits<int32_t>::min()}));
  RtTensor empty = RunOk(Cumsum(F32({0, 3}, {}), 1, true, true));
  EXPECT_EQ(empty.shape(), (std::vector<int32_t>{0, 3}));
}

TEST(CumsumTest, Refusals) {
  EXPECT_NE(Cumsum(F32({2}, {1, 2}), 1, false, false).Run().status().message().find("out of range"),
            std::string::npos);
  EXPECT_FALSE(Cumsum(F32({}, {1}), 0, false, false).Run().ok());
  EXPECT_FALSE(Cumsum(BoolTensor({2}, {1, 0}), 0, false, false).Run().ok());
  OpTest wide(BO::CUMSUM, Kernels());
  wide.Input(F32({2}, {1, 2})).ConstInput(I64({}, {0})).Output(TT::FLOAT32);
  EXPECT_NE(wide.Run().status().message().find("INT32"), std::string::npos);
}

}  // namespace
}  // namespace tfconv
