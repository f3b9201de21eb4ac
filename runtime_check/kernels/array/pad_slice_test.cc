// PAD, PADV2, MIRROR_PAD, SLICE and STRIDED_SLICE. Expected values come from hand-written lists
// or a plain Python-style slicing loop.
#include <algorithm>

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
using kernel_test::TestTensor;
using kernel_test::U8;
using kernel_test::ValuesOf;

using BO = tflite::BuiltinOperator;
using TT = tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterArrayKernels>(); }

TEST(PadTest, FloatWithZeros) {
  OpTest m(BO::PAD, Kernels());
  m.Input(F32({1, 2, 3}, {1, 2, 3, 4, 5, 6})).ConstInput(I32({3, 2}, {0, 0, 1, 0, 0, 2})).Output(TT::FLOAT32);
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{1, 3, 5}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 4, 5, 6, 0, 0}));
}

TEST(PadTest, QuantizedPadsWithZeroPoint) {
  OpTest m(BO::PAD, Kernels());
  m.Input(Quantized(I8({2}, {7, 8}), 0.5f, -3)).ConstInput(I64({1, 2}, {1, 2})).Output(TT::INT8, Quant(0.5f, -3));
  EXPECT_EQ(ValuesOf<int8_t>(RunOk(m)), (std::vector<int8_t>{-3, 7, 8, -3, -3}));
  OpTest u(BO::PAD, Kernels());
  u.Input(Quantized(U8({1, 1}, {200}), 0.1f, 128)).ConstInput(I32({2, 2}, {1, 0, 0, 1}))
      .Output(TT::UINT8, Quant(0.1f, 128));
  EXPECT_EQ(ValuesOf<uint8_t>(RunOk(u)), (std::vector<uint8_t>{128, 128, 200, 128}));
}

TEST(PadTest, PadV2ConstantValue) {
  OpTest m(BO::PADV2, Kernels());
  m.Input(I16({2}, {1, 2})).ConstInput(I32({1, 2}, {2, 1})).ConstInput(I16({}, {9})).Output(TT::INT16);
  EXPECT_EQ(ValuesOf<int16_t>(RunOk(m)), (std::vector<int16_t>{9, 9, 1, 2, 9}));
  OpTest q(BO::PADV2, Kernels());
  q.Input(Quantized(I8({1}, {1}), 0.5f, 0)).ConstInput(I32({1, 2}, {1, 0}))
      .ConstInput(Quantized(I8({}, {4}), 0.25f, 0));
  q.Output(TT::INT8, Quant(0.5f, 0));
  EXPECT_NE(q.Run().status().message().find("same scale"), std::string::npos);
}

TEST(PadTest, BadPaddings) {
  OpTest neg(BO::PAD, Kernels());
  neg.Input(F32({2}, {1, 2})).ConstInput(I32({1, 2}, {-1, 0})).Output(TT::FLOAT32);
  EXPECT_NE(neg.Run().status().message().find("negative padding"), std::string::npos);
  OpTest rows(BO::PAD, Kernels());
  rows.Input(F32({2}, {1, 2})).ConstInput(I32({2, 2}, {0, 0, 0, 0})).Output(TT::FLOAT32);
  EXPECT_FALSE(rows.Run().status().ok());
}

tflite::MirrorPadOptionsT Mode(tflite::MirrorPadMode mode) {
  tflite::MirrorPadOptionsT o;
  o.mode = mode;
  return o;
}

TEST(MirrorPadTest, ReflectAndSymmetric1D) {
  OpTest r(BO::MIRROR_PAD, Kernels());
  r.Input(F32({3}, {1, 2, 3})).ConstInput(I32({1, 2}, {2, 2})).Output(TT::FLOAT32);
  r.Options(Mode(tflite::MirrorPadMode::REFLECT));
  EXPECT_EQ(ValuesOf<float>(RunOk(r)), (std::vector<float>{3, 2, 1, 2, 3, 2, 1}));
  OpTest s(BO::MIRROR_PAD, Kernels());
  s.Input(F32({3}, {1, 2, 3})).ConstInput(I32({1, 2}, {3, 2})).Output(TT::FLOAT32);
  s.Options(Mode(tflite::MirrorPadMode::SYMMETRIC));
  EXPECT_EQ(ValuesOf<float>(RunOk(s)), (std::vector<float>{3, 2, 1, 1, 2, 3, 3, 2}));
  OpTest bad(BO::MIRROR_PAD, Kernels());
  bad.Input(F32({3}, {1, 2, 3})).ConstInput(I32({1, 2}, {3, 0})).Output(TT::FLOAT32);
  bad.Options(Mode(tflite::MirrorPadMode::REFLECT));
  EXPECT_NE(bad.Run().status().message().find("must be in [0, 2]"), std::string::npos);
}

// NumPy's reflect (offset 1) / symmetric (offset 0) index for position i of a padded axis.
int MirrorIndex(int i, int before, int n, int offset) {
  int k = i - before;
  if (k < 0) k = -k - 1 + offset;
  if (k >= n) k = 2 * n - k - 1 - offset;
  return k;
}

TEST(MirrorPadTest, TwoDimensionalAgainstLoop) {
  const int h = 3, w = 4;
  for (auto mode : {tflite::MirrorPadMode::REFLECT, tflite::MirrorPadMode::SYMMETRIC}) {
    const int offset = mode == tflite::MirrorPadMode::REFLECT ? 1 : 0;
    OpTest m(BO::MIRROR_PAD, Kernels());
    m.Input(Quantized(I8({h, w}, {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23}), 1.f, 0));
    m.ConstInput(I32({2, 2}, {2, 1, 1, 3})).Output(TT::INT8, Quant(1.f, 0)).Options(Mode(mode));
    RtTensor y = RunOk(m);
    ASSERT_EQ(y.shape(), (std::vector<int32_t>{6, 8}));
    std::vector<int8_t> expected;
    for (int i = 0; i < 6; ++i)
      for (int j = 0; j < 8; ++j)
        expected.push_back(static_cast<int8_t>(10 * MirrorIndex(i, 2, h, offset) + MirrorIndex(j, 1, w, offset)));
    EXPECT_EQ(ValuesOf<int8_t>(y), expected);
  }
}

TEST(SliceTest, BeginAndSizeWithMinusOne) {
  OpTest m(BO::SLICE, Kernels());
  m.Input(F32({3, 4}, Iota(12))).ConstInput(I32({2}, {1, 1})).ConstInput(I64({2}, {2, -1})).Output(TT::FLOAT32);
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{5, 6, 7, 9, 10, 11}));
  OpTest bad(BO::SLICE, Kernels());
  bad.Input(F32({3, 4}, Iota(12))).ConstInput(I32({2}, {2, 0})).ConstInput(I32({2}, {2, 1})).Output(TT::FLOAT32);
  EXPECT_NE(bad.Run().status().message().find("out of range"), std::string::npos);
}

struct SliceSpec {
  std::vector<int32_t> begin, end, strides;
  int begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_mask = 0;
  bool offset = false;
};

OpTest StridedSliceModel(const TestTensor& x, const SliceSpec& s) {
  OpTest m(BO::STRIDED_SLICE, Kernels());
  const int n = static_cast<int>(s.begin.size());
  m.Input(x).ConstInput(I32({n}, s.begin)).ConstInput(I32({n}, s.end)).ConstInput(I32({n}, s.strides)).Output(x.type);
  tflite::StridedSliceOptionsT o;
  o.begin_mask = s.begin_mask;
  o.end_mask = s.end_mask;
  o.ellipsis_mask = s.ellipsis_mask;
  o.new_axis_mask = s.new_axis_mask;
  o.shrink_axis_mask = s.shrink_mask;
  o.offset = s.offset;
  m.Options(o);
  return m;
}

TEST(StridedSliceTest, PositiveAndNegativeStrides) {
  OpTest a = StridedSliceModel(F32({10}, Iota(10)), {{1}, {8}, {3}});
  EXPECT_EQ(ValuesOf<float>(RunOk(a)), (std::vector<float>{1, 4, 7}));
  OpTest b = StridedSliceModel(F32({10}, Iota(10)), {{-1}, {0}, {-1}});
  EXPECT_EQ(ValuesOf<float>(RunOk(b)), (std::vector<float>{9, 8, 7, 6, 5, 4, 3, 2, 1}));
  SliceSpec masked{{3}, {5}, {-2}};
  masked.begin_mask = masked.end_mask = 1;
  OpTest c = StridedSliceModel(F32({10}, Iota(10)), masked);
  EXPECT_EQ(ValuesOf<float>(RunOk(c)), (std::vector<float>{9, 7, 5, 3, 1}));
  OpTest empty = StridedSliceModel(F32({10}, Iota(10)), {{5}, {2}, {1}});
  RtTensor e = RunOk(empty);
  EXPECT_EQ(e.shape(), (std::vector<int32_t>{0}));
}

TEST(StridedSliceTest, ShrinkAxis) {
  SliceSpec s{{1, 0}, {2, 4}, {1, 1}};
  s.shrink_mask = 1;
  OpTest a = StridedSliceModel(F32({3, 4}, Iota(12)), s);
  RtTensor y = RunOk(a);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{4}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{4, 5, 6, 7}));
  SliceSpec last{{-1, -1}, {0, 0}, {1, 1}};
  last.shrink_mask = 3;
  OpTest b = StridedSliceModel(F32({3, 4}, Iota(12)), last);
  RtTensor z = RunOk(b);
  EXPECT_EQ(z.shape(), (std::vector<int32_t>{}));
  EXPECT_EQ(ValuesOf<float>(z), (std::vector<float>{11}));
  SliceSpec out_of_range{{3, 0}, {4, 4}, {1, 1}};
  out_of_range.shrink_mask = 1;
  OpTest c = StridedSliceModel(F32({3, 4}, Iota(12)), out_of_range);
  EXPECT_NE(c.Run().status().message().find("out of range"), std::string::npos);
}

TEST(StridedSliceTest, EllipsisAndNewAxis) {
  SliceSpec e{{0, 1}, {0, 3}, {1, 1}};
  e.ellipsis_mask = 1;  // x[..., 1:3]
  OpTest a = StridedSliceModel(F32({2, 3, 4}, Iota(24)), e);
  RtTensor y = RunOk(a);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 3, 2}));
  std::vector<float> expected;
  for (int i = 0; i < 6; ++i) {
    expected.push_back(i * 4 + 1);
    expected.push_back(i * 4 + 2);
  }
  EXPECT_EQ(ValuesOf<float>(y), expected);
  SliceSpec n{{0, 0}, {0, 2}, {1, 1}};
  n.new_axis_mask = 1;  // x[None, 0:2]
  OpTest b = StridedSliceModel(F32({3}, Iota(3)), n);
  RtTensor z = RunOk(b);
  EXPECT_EQ(z.shape(), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(ValuesOf<float>(z), (std::vector<float>{0, 1}));
}

TEST(StridedSliceTest, OffsetMeansSize) {
  SliceSpec s{{2}, {3}, {1}};
  s.offset = true;
  OpTest a = StridedSliceModel(I32({10}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), s);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(a)), (std::vector<int32_t>{2, 3, 4}));
  SliceSpec past{{8}, {5}, {1}};
  past.offset = true;
  OpTest b = StridedSliceModel(I32({10}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), past);
  EXPECT_NE(b.Run().status().message().find("does not fit"), std::string::npos);
}

TEST(StridedSliceTest, ZeroStrideIsRefused) {
  OpTest a = StridedSliceModel(F32({4}, Iota(4)), {{0}, {4}, {0}});
  EXPECT_NE(a.Run().status().message().find("zero"), std::string::npos);
}

// Python's slice(begin, end, stride).indices(n) for one axis (None where a mask bit is set).
std::vector<int> PythonRange(int n, int b, int e, int s, bool b_none, bool e_none) {
  auto fix = [&](int v, bool none, bool is_begin) {
    if (none) return s > 0 ? (is_begin ? 0 : n) : (is_begin ? n - 1 : -1);
    if (v < 0) v += n;
    return s > 0 ? std::clamp(v, 0, n) : std::clamp(v, -1, n - 1);
  };
  std::vector<int> r;
  for (int i = fix(b, b_none, true), end = fix(e, e_none, false); s > 0 ? i < end : i > end; i += s) r.push_back(i);
  return r;
}

TEST(StridedSliceTest, ThreeDimensionsAgainstPythonSlicing) {
  const std::vector<int32_t> shape = {4, 5, 6};
  const std::vector<SliceSpec> specs = {
      {{0, 1, -1}, {4, -1, -7}, {2, 2, -2}},
      {{-3, 4, 2}, {-1, 0, 100}, {1, -1, 3}, 0b010, 0b100},
      {{3, -10, 5}, {0, 10, 0}, {-1, 3, -4}, 0b001, 0b001},
      {{1, 2, 0}, {1, 2, 6}, {1, 1, 1}},
  };
  std::vector<int16_t> values(120);
  for (int i = 0; i < 120; ++i) values[i] = static_cast<int16_t>(i * 7 - 300);
  for (const SliceSpec& s : specs) {
    OpTest m = StridedSliceModel(I16(shape, values), s);
    RtTensor y = RunOk(m);
    std::vector<std::vector<int>> r;
    std::vector<int32_t> expected_shape;
    for (int d = 0; d < 3; ++d) {
      r.push_back(PythonRange(shape[d], s.begin[d], s.end[d], s.strides[d], (s.begin_mask >> d) & 1,
                              (s.end_mask >> d) & 1));
      expected_shape.push_back(static_cast<int32_t>(r.back().size()));
    }
    std::vector<int16_t> expected;
    for (int i : r[0])
      for (int j : r[1])
        for (int k : r[2]) expected.push_back(values[(i * 5 + j) * 6 + k]);
    EXPECT_EQ(y.shape(), expected_shape);
    EXPECT_EQ(ValuesOf<int16_t>(y), expected);
  }
}

}  // namespace
}  // namespace tfconv
