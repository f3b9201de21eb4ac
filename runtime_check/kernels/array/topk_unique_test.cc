// TOPK_V2 and UNIQUE against values worked out by hand: ties, k at its bounds, rank 1 and 3,
// -0.0 against 0.0, the index output types and the refusals.
#include <cmath>
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
using kernel_test::I8;
using kernel_test::OpTest;
using kernel_test::Quant;
using kernel_test::Quantized;
using kernel_test::ValuesOf;

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterArrayKernels>(); }

std::vector<RtTensor> RunAll(const OpTest& t) {
  absl::StatusOr<std::vector<RtTensor>> out = t.Run();
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *out : std::vector<RtTensor>(2);
}

TEST(TopKTest, RowsInDecreasingOrderTiesKeepTheLowerIndex) {
  OpTest t(BO::TOPK_V2, Kernels());
  t.Input(F32({2, 5}, {3, 1, 4, 1, 5, 2, 7, 7, -1, 7})).ConstInput(I32({}, {3})).Output(TT::FLOAT32).Output(TT::INT32);
  std::vector<RtTensor> out = RunAll(t);
  EXPECT_EQ(out[0].shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(ValuesOf<float>(out[0]), (std::vector<float>{5, 4, 3, 7, 7, 7}));
  EXPECT_EQ(ValuesOf<int32_t>(out[1]), (std::vector<int32_t>{4, 2, 0, 1, 2, 4}));
}

TEST(TopKTest, KAtItsBoundsAndRankThree) {
  OpTest none(BO::TOPK_V2, Kernels());
  none.Input(I32({4}, {1, 2, 3, 4})).ConstInput(I32({1}, {0})).Output(TT::INT32).Output(TT::INT32);
  EXPECT_EQ(RunAll(none)[0].shape(), (std::vector<int32_t>{0}));

  OpTest all(BO::TOPK_V2, Kernels());
  all.Input(I32({4}, {-5, 9, 0, 9})).ConstInput(I32({1}, {4})).Output(TT::INT32).Output(TT::INT32);
  std::vector<RtTensor> out = RunAll(all);
  EXPECT_EQ(ValuesOf<int32_t>(out[0]), (std::vector<int32_t>{9, 9, 0, -5}));
  EXPECT_EQ(ValuesOf<int32_t>(out[1]), (std::vector<int32_t>{1, 3, 2, 0}));

  OpTest deep(BO::TOPK_V2, Kernels());
  deep.Input(I64({2, 1, 3}, {int64_t{1} << 40, -3, 8, 0, 0, -1}))
      .ConstInput(I32({}, {2}))
      .Output(TT::INT64)
      .Output(TT::INT32);
  out = RunAll(deep);
  EXPECT_EQ(out[0].shape(), (std::vector<int32_t>{2, 1, 2}));
  EXPECT_EQ(ValuesOf<int64_t>(out[0]), (std::vector<int64_t>{int64_t{1} << 40, 8, 0, 0}));
  EXPECT_EQ(ValuesOf<int32_t>(out[1]), (std::vector<int32_t>{0, 2, 0, 1}));
}

TEST(TopKTest, QuantizedValuesAreCopied) {
  OpTest t(BO::TOPK_V2, Kernels());
  t.Input(Quantized(I8({3}, {-128, 5, 127}), 0.5f, -3)).ConstInput(I32({}, {2}));
  t.Output(TT::INT8, Quant(0.5f, -3)).Output(TT::INT32);
  std::vector<RtTensor> out = RunAll(t);
  EXPECT_EQ(ValuesOf<int8_t>(out[0]), (std::vector<int8_t>{127, 5}));
  EXPECT_EQ(ValuesOf<int32_t>(out[1]), (std::vector<int32_t>{2, 1}));
}

TEST(TopKTest, Refusals) {
  OpTest big(BO::TOPK_V2, Kernels());
  big.Input(F32({2, 3}, {1, 2, 3, 4, 5, 6})).ConstInput(I32({}, {4})).Output(TT::FLOAT32).Output(TT::INT32);
  EXPECT_NE(big.Run().status().message().find("outside [0, 3]"), std::string::npos);
  OpTest negative(BO::TOPK_V2, Kernels());
  negative.Input(F32({3}, {1, 2, 3})).ConstInput(I32({}, {-1})).Output(TT::FLOAT32).Output(TT::INT32);
  EXPECT_FALSE(negative.Run().ok());
  OpTest k64(BO::TOPK_V2, Kernels());
  k64.Input(F32({3}, {1, 2, 3})).ConstInput(I64({}, {1})).Output(TT::FLOAT32).Output(TT::INT32);
  EXPECT_NE(k64.Run().status().message().find("must be INT32"), std::string::npos);
  OpTest nan(BO::TOPK_V2, Kernels());
  nan.Input(F32({3}, {1, std::nanf(""), 3})).ConstInput(I32({}, {1})).Output(TT::FLOAT32).Output(TT::INT32);
  EXPECT_NE(nan.Run().status().message().find("NaN"), std::string::npos);
  OpTest scalar(BO::TOPK_V2, Kernels());
  scalar.Input(F32({}, {1})).ConstInput(I32({}, {1})).Output(TT::FLOAT32).Output(TT::INT32);
  EXPECT_FALSE(scalar.Run().ok());
}

TEST(UniqueTest, FirstAppearanceOrderAndMinusZeroIsZero) {
  OpTest t(BO::UNIQUE, Kernels());
  t.Input(F32({7}, {2, -0.0f, 3, 0, 2, 3, 5})).Output(TT::FLOAT32).Output(TT::INT32);
  std::vector<RtTensor> out = RunAll(t);
  const std::vector<float> values = ValuesOf<float>(out[0]);
  EXPECT_EQ(values, (std::vector<float>{2, 0, 3, 5}));
  ASSERT_EQ(values.size(), 4u);
  EXPECT_TRUE(std::signbit(values[1])) << "the first of -0.0 and 0.0 is kept";
  EXPECT_EQ(ValuesOf<int32_t>(out[1]), (std::vector<int32_t>{0, 1, 2, 1, 0, 2, 3}));
}

TEST(UniqueTest, Int64IndicesOptionAndEmptyInput) {
  tflite::UniqueOptionsT o;
  o.idx_out_type = TT::INT64;
  OpTest t(BO::UNIQUE, Kernels());
  t.Input(I8({3}, {-1, -1, 4})).Output(TT::INT8).Output(TT::INT64).Options(o);
  std::vector<RtTensor> out = RunAll(t);
  EXPECT_EQ(ValuesOf<int8_t>(out[0]), (std::vector<int8_t>{-1, 4}));
  EXPECT_EQ(ValuesOf<int64_t>(out[1]), (std::vector<int64_t>{0, 0, 1}));

  OpTest empty(BO::UNIQUE, Kernels());
  empty.Input(I32({0}, {})).Output(TT::INT32).Output(TT::INT32);
  out = RunAll(empty);
  EXPECT_EQ(out[0].shape(), (std::vector<int32_t>{0}));
  EXPECT_EQ(out[1].shape(), (std::vector<int32_t>{0}));
}

TEST(UniqueTest, Refusals) {
  OpTest rank2(BO::UNIQUE, Kernels());
  rank2.Input(F32({2, 2}, {1, 1, 2, 2})).Output(TT::FLOAT32).Output(TT::INT32);
  EXPECT_NE(rank2.Run().status().message().find("1-D"), std::string::npos);
  OpTest nan(BO::UNIQUE, Kernels());
  nan.Input(F32({2}, {1, std::nanf("")})).Output(TT::FLOAT32).Output(TT::INT32);
  EXPECT_NE(nan.Run().status().message().find("NaN"), std::string::npos);
  OpTest mismatch(BO::UNIQUE, Kernels());  // idx_out_type defaults to INT32
  mismatch.Input(I32({2}, {1, 1})).Output(TT::INT32).Output(TT::INT64);
  EXPECT_NE(mismatch.Run().status().message().find("idx_out_type"), std::string::npos);
}

}  // namespace
}  // namespace tfconv
