// SEGMENT_SUM and UNSORTED_SEGMENT_SUM/MAX/MIN/PROD against sums, extremes and products worked
// out by hand: empty segments (0, lowest, largest, 1), dropped negative ids, 2-D ids, NaN skipped
// by MAX/MIN, and the refusals.
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/pool_reduce/pool_reduce_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::F32;
using kernel_test::I32;
using kernel_test::I64;
using kernel_test::Iota;
using kernel_test::OpTest;
using kernel_test::RunOk;
using kernel_test::TestTensor;
using kernel_test::ValuesOf;

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterPoolReduceKernels>(); }

OpTest SegmentSum(const TestTensor& data, std::vector<int32_t> ids) {
  OpTest t(BO::SEGMENT_SUM, Kernels());
  const int32_t n = static_cast<int32_t>(ids.size());
  t.Input(data).ConstInput(I32({n}, ids)).Output(data.type);
  return t;
}

OpTest Unsorted(BO op, const TestTensor& data, const TestTensor& ids, int32_t segments) {
  OpTest t(op, Kernels());
  t.Input(data).ConstInput(ids).ConstInput(I32({}, {segments})).Output(data.type);
  return t;
}

TEST(SegmentSumTest, RowsOfSortedSegments) {
  RtTensor y = RunOk(SegmentSum(F32({5, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), {0, 0, 1, 2, 2}));
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{3, 2}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{4, 6, 5, 6, 16, 18}));
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(SegmentSum(I32({3}, {-4, 10, 20}), {0, 1, 1}))), (std::vector<int32_t>{-4, 30}));
  EXPECT_EQ(RunOk(SegmentSum(F32({0, 3}, {}), {})).shape(), (std::vector<int32_t>{0, 3}));
}

TEST(SegmentSumTest, Refusals) {
  EXPECT_NE(SegmentSum(F32({2}, {1, 2}), {1, 1}).Run().status().message().find("start at 0"), std::string::npos);
  EXPECT_FALSE(SegmentSum(F32({2}, {1, 2}), {0, 2}).Run().ok());
  EXPECT_FALSE(SegmentSum(F32({2}, {1, 2}), {0, 1, 1}).Run().ok());
  EXPECT_FALSE(SegmentSum(TestTensor{TT::INT64, {1}, kernel_test::BytesOf<int64_t>({1})}, {0}).Run().ok());
}

// Rows r0..r4 of [5, 2] data go to segments 2, dropped, 0, 2, 2 of 4; segments 1 and 3 are empty.
const TestTensor kData = I32({5, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
const TestTensor kIds = I32({5}, {2, -1, 0, 2, 2});

TEST(UnsortedSegmentTest, SumMaxMinProdWithEmptySegments) {
  const int32_t lo = std::numeric_limits<int32_t>::lowest(), hi = std::numeric_limits<int32_t>::max();
  RtTensor sum = RunOk(Unsorted(BO::UNSORTED_SEGMENT_SUM, kData, kIds, 4));
  EXPECT_EQ(sum.shape(), (std::vector<int32_t>{4, 2}));
  EXPECT_EQ(ValuesOf<int32_t>(sum), (std::vector<int32_t>{5, 6, 0, 0, 17, 20, 0, 0}));
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(Unsorted(BO::UNSORTED_SEGMENT_MAX, kData, kIds, 4))),
            (std::vector<int32_t>{5, 6, lo, lo, 9, 10, lo, lo}));
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(Unsorted(BO::UNSORTED_SEGMENT_MIN, kData, kIds, 4))),
            (std::vector<int32_t>{5, 6, hi, hi, 1, 2, hi, hi}));
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(Unsorted(BO::UNSORTED_SEGMENT_PROD, kData, kIds, 4))),
            (std::vector<int32_t>{5, 6, 1, 1, 63, 160, 1, 1}));
}

TEST(UnsortedSegmentTest, FloatEmptySegmentsAndNaN) {
  const float lowest = std::numeric_limits<float>::lowest();
  const TestTensor data = F32({3}, {std::nanf(""), 2, 1});
  const TestTensor ids = I32({3}, {0, 0, 0});
  EXPECT_EQ(ValuesOf<float>(RunOk(Unsorted(BO::UNSORTED_SEGMENT_MAX, data, ids, 2))),
            (std::vector<float>{2, lowest}));
  EXPECT_EQ(ValuesOf<float>(RunOk(Unsorted(BO::UNSORTED_SEGMENT_MIN, data, ids, 1))), (std::vector<float>{1}));
  const std::vector<float> sum = ValuesOf<float>(RunOk(Unsorted(BO::UNSORTED_SEGMENT_SUM, data, ids, 2)));
  ASSERT_EQ(sum.size(), 2u);
  EXPECT_TRUE(std::isnan(sum[0]));
  EXPECT_EQ(sum[1], 0.f);
}

TEST(UnsortedSegmentTest, TwoDimensionalIdsArePrefixOfData) {
  // data [2, 3, 2] = 0..11; ids [2, 3] = {0, 1, 0; 1, 1, 2}: segments of [2] slices.
  RtTensor y = RunOk(Unsorted(BO::UNSORTED_SEGMENT_SUM, F32({2, 3, 2}, Iota(12)), I32({2, 3}, {0, 1, 0, 1, 1, 2}), 3));
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{3, 2}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{4, 6, 16, 19, 10, 11}));
}

TEST(UnsortedSegmentTest, Refusals) {
  EXPECT_NE(Unsorted(BO::UNSORTED_SEGMENT_SUM, kData, kIds, 2).Run().status().message().find("not below"),
            std::string::npos);
  EXPECT_FALSE(Unsorted(BO::UNSORTED_SEGMENT_SUM, kData, kIds, -1).Run().ok());
  EXPECT_NE(Unsorted(BO::UNSORTED_SEGMENT_MAX, kData, I32({4}, {0, 0, 0, 0}), 1).Run().status().message().find("prefix"),
            std::string::npos);
  OpTest wide(BO::UNSORTED_SEGMENT_PROD, Kernels());
  wide.Input(kData).ConstInput(kIds).ConstInput(I64({}, {4})).Output(TT::INT32);
  EXPECT_NE(wide.Run().status().message().find("num_segments"), std::string::npos);
}

}  // namespace
}  // namespace tfconv
