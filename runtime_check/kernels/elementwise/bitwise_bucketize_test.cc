// BITWISE_XOR, RIGHT_SHIFT and BUCKETIZE against values worked out by hand: broadcasting, signed
// and unsigned shifts, shift amounts clamped to [0, bits - 1], boundaries hit exactly, NaN, the
// int-to-float comparison of TFLite's BUCKETIZE, and the refusals.
#include <cmath>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/elementwise/elementwise_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::F32;
using kernel_test::I16;
using kernel_test::I32;
using kernel_test::I64;
using kernel_test::I8;
using kernel_test::OpTest;
using kernel_test::RunOk;
using kernel_test::TensorOf;
using kernel_test::TestTensor;
using kernel_test::U8;
using kernel_test::ValuesOf;

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterElementwiseKernels>(); }

OpTest Binary(BO op, const TestTensor& a, const TestTensor& b) {
  OpTest t(op, Kernels());
  t.Input(a).Input(b).Output(a.type);
  return t;
}

TEST(BitwiseXorTest, BroadcastAndTypes) {
  RtTensor y = RunOk(Binary(BO::BITWISE_XOR, I32({2, 3}, {5, -1, 12, 0, 7, 255}), I32({3}, {3, 1, 10})));
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(ValuesOf<int32_t>(y), (std::vector<int32_t>{6, -2, 6, 3, 6, 245}));
  EXPECT_EQ(ValuesOf<uint8_t>(RunOk(Binary(BO::BITWISE_XOR, U8({2}, {0xF0, 0x0F}), U8({2}, {0xFF, 0x0F})))),
            (std::vector<uint8_t>{0x0F, 0x00}));
  EXPECT_EQ(ValuesOf<int16_t>(RunOk(Binary(BO::BITWISE_XOR, I16({3}, {1, 2, 3}), I16({}, {-32768})))),
            (std::vector<int16_t>{-32767, -32766, -32765}));
  const TestTensor u32 = TensorOf<uint32_t>(TT::UINT32, {1}, {0xFFFF0000u});
  EXPECT_EQ(ValuesOf<uint32_t>(RunOk(Binary(BO::BITWISE_XOR, u32, TensorOf<uint32_t>(TT::UINT32, {1}, {0xFFFFFFFFu})))),
            (std::vector<uint32_t>{0x0000FFFFu}));
}

TEST(BitwiseXorTest, Refusals) {
  EXPECT_FALSE(Binary(BO::BITWISE_XOR, F32({1}, {1}), F32({1}, {2})).Run().ok());
  EXPECT_FALSE(Binary(BO::BITWISE_XOR, I64({1}, {1}), I64({1}, {2})).Run().ok());  // not in TFLite's list
  EXPECT_FALSE(Binary(BO::BITWISE_XOR, I32({1}, {1}), I8({1}, {2})).Run().ok());
  const std::vector<int32_t> ones(16, 1);
  EXPECT_NE(Binary(BO::BITWISE_XOR, I32({2, 1, 2, 2, 2}, ones), I32({2}, {1, 2})).Run().status().message().find(
                "rank 5"),
            std::string::npos);
  // Equal shapes need no broadcasting and run at any rank.
  EXPECT_TRUE(Binary(BO::BITWISE_XOR, I32({2, 1, 2, 2, 2}, ones), I32({2, 1, 2, 2, 2}, ones)).Run().ok());
}

TEST(RightShiftTest, ArithmeticForSignedClampedAmounts) {
  RtTensor y = RunOk(Binary(BO::RIGHT_SHIFT, I32({6}, {-8, -7, 7, -1, 100, 1 << 30}), I32({6}, {1, 1, 1, 5, 40, -3})));
  EXPECT_EQ(ValuesOf<int32_t>(y), (std::vector<int32_t>{-4, -4, 3, -1, 0, 1 << 30}));
  EXPECT_EQ(ValuesOf<int8_t>(RunOk(Binary(BO::RIGHT_SHIFT, I8({3}, {-128, 127, -3}), I8({3}, {7, 9, 1})))),
            (std::vector<int8_t>{-1, 0, -2}));
  EXPECT_EQ(ValuesOf<uint8_t>(RunOk(Binary(BO::RIGHT_SHIFT, U8({2}, {0x80, 0xFF}), U8({2}, {7, 4})))),
            (std::vector<uint8_t>{1, 15}));
  const TestTensor u32 = TensorOf<uint32_t>(TT::UINT32, {1}, {0x80000000u});
  EXPECT_EQ(ValuesOf<uint32_t>(RunOk(Binary(BO::RIGHT_SHIFT, u32, TensorOf<uint32_t>(TT::UINT32, {1}, {31})))),
            (std::vector<uint32_t>{1}));
}

TEST(RightShiftTest, Broadcast) {
  RtTensor y = RunOk(Binary(BO::RIGHT_SHIFT, I16({2, 1}, {16, -16}), I16({1, 3}, {0, 2, 4})));
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(ValuesOf<int16_t>(y), (std::vector<int16_t>{16, 4, 1, -16, -4, -1}));
}

OpTest Bucketize(const TestTensor& x, std::vector<float> boundaries) {
  OpTest t(BO::BUCKETIZE, Kernels());
  tflite::BucketizeOptionsT o;
  o.boundaries = std::move(boundaries);
  t.Input(x).Output(TT::INT32).Options(o);
  return t;
}

TEST(BucketizeTest, CountsBoundariesAtOrBelow) {
  RtTensor y = RunOk(Bucketize(F32({2, 3}, {-5, 0, 5, 10, 150, std::nanf("")}), {0, 10, 100}));
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(ValuesOf<int32_t>(y), (std::vector<int32_t>{0, 1, 1, 2, 3, 3}));
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(Bucketize(I64({4}, {-1, 0, 99, 100}), {0, 10, 100}))),
            (std::vector<int32_t>{0, 1, 2, 3}));
  // 16777219 becomes the float 16777220 before the comparison, so it is not below the boundary.
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(Bucketize(I32({1}, {16777219}), {16777220.0f}))), (std::vector<int32_t>{1}));
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(Bucketize(F32({2}, {-1, 1}), {}))), (std::vector<int32_t>{0, 0}));
  const TestTensor f64 = TensorOf<double>(TT::FLOAT64, {2}, {0.5, 2.0});
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(Bucketize(f64, {0.5f, 1.0f}))), (std::vector<int32_t>{1, 2}));
}

TEST(BucketizeTest, Refusals) {
  EXPECT_NE(Bucketize(F32({1}, {1}), {2, 1}).Run().status().message().find("not sorted"), std::string::npos);
  EXPECT_FALSE(Bucketize(I8({1}, {1}), {0}).Run().ok());
}

}  // namespace
}  // namespace tfconv
