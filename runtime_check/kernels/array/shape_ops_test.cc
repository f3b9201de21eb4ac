// RESHAPE, SQUEEZE, EXPAND_DIMS, CONCATENATION, PACK, UNPACK, SPLIT, SPLIT_V, TRANSPOSE, TILE,
// BROADCAST_TO, SHAPE, RANGE, REVERSE_V2, WHERE and ONE_HOT on small odd shapes; expected values
// are written out by hand or computed by a plain loop over indices.
#include "gtest/gtest.h"
#include "runtime_check/kernels/array/array_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::BoolTensor;
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

// Runs the model and returns its single output; fails the test on error.

TEST(ReshapeTest, ShapeOperandWithInferredDimension) {
  OpTest m(BO::RESHAPE, Kernels());
  m.Input(F32({2, 3}, Iota(6))).ConstInput(I32({3}, {3, -1, 1})).Output(TT::FLOAT32);
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{3, 2, 1}));
  EXPECT_EQ(ValuesOf<float>(y), Iota(6));
}

TEST(ReshapeTest, Int64ShapeOperandAndOptionsFallback) {
  OpTest m(BO::RESHAPE, Kernels());
  m.Input(I16({1, 5}, {1, 2, 3, 4, 5})).ConstInput(I64({1}, {-1})).Output(TT::INT16);
  EXPECT_EQ(RunOk(m).shape(), (std::vector<int32_t>{5}));
  tflite::ReshapeOptionsT o;
  o.new_shape = {5, 1};
  OpTest n(BO::RESHAPE, Kernels());
  n.Input(I16({1, 5}, {1, 2, 3, 4, 5})).Output(TT::INT16).Options(o);
  RtTensor y = RunOk(n);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{5, 1}));
  EXPECT_EQ(ValuesOf<int16_t>(y), (std::vector<int16_t>{1, 2, 3, 4, 5}));
}

TEST(ReshapeTest, Errors) {
  OpTest two(BO::RESHAPE, Kernels());
  two.Input(F32({6}, Iota(6))).ConstInput(I32({2}, {-1, -1})).Output(TT::FLOAT32);
  EXPECT_NE(two.Run().status().message().find("more than one -1"), std::string::npos);
  OpTest count(BO::RESHAPE, Kernels());
  count.Input(F32({6}, Iota(6))).ConstInput(I32({2}, {4, 2})).Output(TT::FLOAT32);
  EXPECT_FALSE(count.Run().status().ok());
  OpTest quant(BO::RESHAPE, Kernels());
  quant.Input(Quantized(I8({2}, {1, 2}), 0.5f, 0)).ConstInput(I32({1}, {2})).Output(TT::INT8, Quant(0.25f, 0));
  EXPECT_NE(quant.Run().status().message().find("same quantization"), std::string::npos);
}

TEST(SqueezeTest, AllOrListedDimensions) {
  OpTest all(BO::SQUEEZE, Kernels());
  all.Input(F32({1, 3, 1, 2}, Iota(6))).Output(TT::FLOAT32);
  EXPECT_EQ(RunOk(all).shape(), (std::vector<int32_t>{3, 2}));
  tflite::SqueezeOptionsT o;
  o.squeeze_dims = {-2};
  OpTest some(BO::SQUEEZE, Kernels());
  some.Input(F32({1, 3, 1, 2}, Iota(6))).Output(TT::FLOAT32).Options(o);
  EXPECT_EQ(RunOk(some).shape(), (std::vector<int32_t>{1, 3, 2}));
  o.squeeze_dims = {1};
  OpTest bad(BO::SQUEEZE, Kernels());
  bad.Input(F32({1, 3, 1, 2}, Iota(6))).Output(TT::FLOAT32).Options(o);
  EXPECT_NE(bad.Run().status().message().find("cannot squeeze"), std::string::npos);
}

TEST(ExpandDimsTest, PositiveAndNegativeAxis) {
  OpTest last(BO::EXPAND_DIMS, Kernels());
  last.Input(F32({2, 3}, Iota(6))).ConstInput(I32({}, {-1})).Output(TT::FLOAT32);
  EXPECT_EQ(RunOk(last).shape(), (std::vector<int32_t>{2, 3, 1}));
  OpTest first(BO::EXPAND_DIMS, Kernels());
  first.Input(F32({2, 3}, Iota(6))).ConstInput(I64({1}, {0})).Output(TT::FLOAT32);
  EXPECT_EQ(RunOk(first).shape(), (std::vector<int32_t>{1, 2, 3}));
  OpTest bad(BO::EXPAND_DIMS, Kernels());
  bad.Input(F32({2, 3}, Iota(6))).ConstInput(I32({}, {3})).Output(TT::FLOAT32);
  EXPECT_FALSE(bad.Run().status().ok());
}

tflite::ConcatenationOptionsT ConcatOptions(int axis, tflite::ActivationFunctionType act =
                                                          tflite::ActivationFunctionType::NONE) {
  tflite::ConcatenationOptionsT o;
  o.axis = axis;
  o.fused_activation_function = act;
  return o;
}

TEST(ConcatenationTest, FloatAlongInnerAxis) {
  for (int axis : {1, -1}) {
    OpTest m(BO::CONCATENATION, Kernels());
    m.Input(F32({2, 1}, {1, 2})).Input(F32({2, 3}, {3, 4, 5, 6, 7, 8})).Output(TT::FLOAT32);
    m.Options(ConcatOptions(axis));
    RtTensor y = RunOk(m);
    EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 4}));
    EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{1, 3, 4, 5, 2, 6, 7, 8}));
  }
}

TEST(ConcatenationTest, ScalarsAndInt64) {
  OpTest m(BO::CONCATENATION, Kernels());
  m.Input(I64({}, {7})).Input(I64({}, {-9})).Output(TT::INT64).Options(ConcatOptions(0));
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2}));
  EXPECT_EQ(ValuesOf<int64_t>(y), (std::vector<int64_t>{7, -9}));
}

TEST(ConcatenationTest, Uint8InputsAreRequantized) {
  // Input a: scale 0.5, zero point 128 (reals 0, 1, -64, 63.5); output: scale 1, zero point 100.
  OpTest m(BO::CONCATENATION, Kernels());
  m.Input(Quantized(U8({4}, {128, 130, 0, 255}), 0.5f, 128));
  m.Input(Quantized(U8({2}, {100, 101}), 1.f, 100));
  m.Output(TT::UINT8, Quant(1.f, 100)).Options(ConcatOptions(0));
  // 63.5 rounds half away from zero to 64.
  EXPECT_EQ(ValuesOf<uint8_t>(RunOk(m)), (std::vector<uint8_t>{100, 101, 36, 164, 100, 101}));
}

TEST(ConcatenationTest, Int8RequantizationSaturates) {
  OpTest m(BO::CONCATENATION, Kernels());
  m.Input(Quantized(I8({3}, {-128, 127, 10}), 1.f, 0)).Input(Quantized(I8({1}, {3}), 0.5f, 0));
  m.Output(TT::INT8, Quant(0.5f, 0)).Options(ConcatOptions(0));
  EXPECT_EQ(ValuesOf<int8_t>(RunOk(m)), (std::vector<int8_t>{-128, 127, 20, 3}));
}

TEST(ConcatenationTest, FusedActivations) {
  OpTest f(BO::CONCATENATION, Kernels());
  f.Input(F32({2}, {-1, 7})).Input(F32({1}, {3})).Output(TT::FLOAT32);
  f.Options(ConcatOptions(0, tflite::ActivationFunctionType::RELU6));
  EXPECT_EQ(ValuesOf<float>(RunOk(f)), (std::vector<float>{0, 6, 3}));
  // RELU on scale 0.1, zero point 50 clamps below quantize(0) = 50.
  OpTest q(BO::CONCATENATION, Kernels());
  q.Input(Quantized(U8({2}, {40, 60}), 0.1f, 50)).Input(Quantized(U8({1}, {49}), 0.1f, 50));
  q.Output(TT::UINT8, Quant(0.1f, 50)).Options(ConcatOptions(0, tflite::ActivationFunctionType::RELU));
  EXPECT_EQ(ValuesOf<uint8_t>(RunOk(q)), (std::vector<uint8_t>{50, 60, 50}));
}

TEST(ConcatenationTest, MismatchedShapesAreRefused) {
  OpTest m(BO::CONCATENATION, Kernels());
  m.Input(F32({2, 2}, Iota(4))).Input(F32({3, 2}, Iota(6))).Output(TT::FLOAT32).Options(ConcatOptions(1));
  EXPECT_NE(m.Run().status().message().find("incompatible"), std::string::npos);
}

TEST(PackTest, AlongEachAxis) {
  tflite::PackOptionsT o;
  o.values_count = 3;
  o.axis = 0;
  OpTest m0(BO::PACK, Kernels());
  m0.Input(F32({2}, {1, 2})).Input(F32({2}, {3, 4})).Input(F32({2}, {5, 6})).Output(TT::FLOAT32).Options(o);
  RtTensor y0 = RunOk(m0);
  EXPECT_EQ(y0.shape(), (std::vector<int32_t>{3, 2}));
  EXPECT_EQ(ValuesOf<float>(y0), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  o.axis = -1;
  OpTest m1(BO::PACK, Kernels());
  m1.Input(F32({2}, {1, 2})).Input(F32({2}, {3, 4})).Input(F32({2}, {5, 6})).Output(TT::FLOAT32).Options(o);
  RtTensor y1 = RunOk(m1);
  EXPECT_EQ(y1.shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(ValuesOf<float>(y1), (std::vector<float>{1, 3, 5, 2, 4, 6}));
}

TEST(UnpackTest, AlongInnerAxis) {
  tflite::UnpackOptionsT o;
  o.num = 3;
  o.axis = 1;
  OpTest m(BO::UNPACK, Kernels());
  m.Input(I32({2, 3}, {1, 2, 3, 4, 5, 6})).Output(TT::INT32).Output(TT::INT32).Output(TT::INT32).Options(o);
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<int32_t>((*out)[0]), (std::vector<int32_t>{1, 4}));
  EXPECT_EQ(ValuesOf<int32_t>((*out)[1]), (std::vector<int32_t>{2, 5}));
  EXPECT_EQ(ValuesOf<int32_t>((*out)[2]), (std::vector<int32_t>{3, 6}));
  EXPECT_EQ((*out)[2].shape(), (std::vector<int32_t>{2}));
}

TEST(SplitTest, AxisIsTheFirstInput) {
  tflite::SplitOptionsT o;
  o.num_splits = 2;
  OpTest m(BO::SPLIT, Kernels());
  m.ConstInput(I32({}, {1})).Input(F32({2, 4}, Iota(8))).Output(TT::FLOAT32).Output(TT::FLOAT32).Options(o);
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<float>((*out)[0]), (std::vector<float>{0, 1, 4, 5}));
  EXPECT_EQ(ValuesOf<float>((*out)[1]), (std::vector<float>{2, 3, 6, 7}));
  o.num_splits = 3;
  OpTest bad(BO::SPLIT, Kernels());
  bad.ConstInput(I32({}, {1})).Input(F32({2, 4}, Iota(8)));
  bad.Output(TT::FLOAT32).Output(TT::FLOAT32).Output(TT::FLOAT32).Options(o);
  EXPECT_FALSE(bad.Run().status().ok());
}

TEST(SplitVTest, InferredSize) {
  tflite::SplitVOptionsT o;
  o.num_splits = 2;
  OpTest m(BO::SPLIT_V, Kernels());
  m.Input(I8({5, 1}, {0, 1, 2, 3, 4})).ConstInput(I32({2}, {2, -1})).ConstInput(I32({}, {-2}));
  m.Output(TT::INT8).Output(TT::INT8).Options(o);
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<int8_t>((*out)[0]), (std::vector<int8_t>{0, 1}));
  EXPECT_EQ(ValuesOf<int8_t>((*out)[1]), (std::vector<int8_t>{2, 3, 4}));
  EXPECT_EQ((*out)[1].shape(), (std::vector<int32_t>{3, 1}));
  OpTest bad(BO::SPLIT_V, Kernels());
  bad.Input(I8({5}, {0, 1, 2, 3, 4})).ConstInput(I32({2}, {2, 2})).ConstInput(I32({}, {0}));
  bad.Output(TT::INT8).Output(TT::INT8).Options(o);
  EXPECT_NE(bad.Run().status().message().find("do not add up"), std::string::npos);
}

TEST(TransposeTest, ThreeDimensions) {
  OpTest m(BO::TRANSPOSE, Kernels());
  m.Input(F32({2, 3, 4}, Iota(24))).ConstInput(I32({3}, {2, 0, 1})).Output(TT::FLOAT32);
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{4, 2, 3}));
  std::vector<float> expected;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 3; ++k) expected.push_back(j * 12 + k * 4 + i);  // out[i][j][k] = in[j][k][i]
  EXPECT_EQ(ValuesOf<float>(y), expected);
  OpTest bad(BO::TRANSPOSE, Kernels());
  bad.Input(F32({2, 3}, Iota(6))).ConstInput(I32({2}, {1, 1})).Output(TT::FLOAT32);
  EXPECT_NE(bad.Run().status().message().find("not a permutation"), std::string::npos);
}

TEST(TileTest, Multiples) {
  OpTest m(BO::TILE, Kernels());
  m.Input(I16({2, 3}, {1, 2, 3, 4, 5, 6})).ConstInput(I64({2}, {2, 2})).Output(TT::INT16);
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{4, 6}));
  std::vector<int16_t> expected;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 6; ++j) expected.push_back(static_cast<int16_t>((i % 2) * 3 + j % 3 + 1));
  EXPECT_EQ(ValuesOf<int16_t>(y), expected);
}

TEST(BroadcastToTest, AddsAndStretchesDimensions) {
  OpTest m(BO::BROADCAST_TO, Kernels());
  m.Input(F32({3, 1}, {1, 2, 3})).ConstInput(I32({3}, {2, 3, 4})).Output(TT::FLOAT32);
  RtTensor y = RunOk(m);
  std::vector<float> expected;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 4; ++c) expected.push_back(b + 1);
  EXPECT_EQ(ValuesOf<float>(y), expected);
  OpTest bad(BO::BROADCAST_TO, Kernels());
  bad.Input(F32({3, 2}, Iota(6))).ConstInput(I32({2}, {3, 4})).Output(TT::FLOAT32);
  EXPECT_FALSE(bad.Run().status().ok());
}

TEST(ShapeTest, Int32AndInt64) {
  OpTest m(BO::SHAPE, Kernels());
  m.Input(I8({2, 3, 5}, std::vector<int8_t>(30, 0))).Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(m)), (std::vector<int32_t>{2, 3, 5}));
  tflite::ShapeOptionsT o;
  o.out_type = TT::INT64;
  OpTest n(BO::SHAPE, Kernels());
  n.Input(F32({7}, Iota(7))).Output(TT::INT64).Options(o);
  EXPECT_EQ(ValuesOf<int64_t>(RunOk(n)), (std::vector<int64_t>{7}));
}

TEST(RangeTest, IntFloatAndDescending) {
  OpTest i(BO::RANGE, Kernels());
  i.Input(I32({}, {1})).Input(I32({}, {10})).Input(I32({}, {3})).Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(i)), (std::vector<int32_t>{1, 4, 7}));
  OpTest f(BO::RANGE, Kernels());
  f.Input(F32({}, {0})).Input(F32({}, {1})).Input(F32({}, {0.25f})).Output(TT::FLOAT32);
  EXPECT_EQ(ValuesOf<float>(RunOk(f)), (std::vector<float>{0, 0.25f, 0.5f, 0.75f}));
  OpTest d(BO::RANGE, Kernels());
  d.Input(I64({}, {10})).Input(I64({}, {1})).Input(I64({}, {-4})).Output(TT::INT64);
  EXPECT_EQ(ValuesOf<int64_t>(RunOk(d)), (std::vector<int64_t>{10, 6, 2}));
  OpTest zero(BO::RANGE, Kernels());
  zero.Input(I32({}, {1})).Input(I32({}, {10})).Input(I32({}, {0})).Output(TT::INT32);
  EXPECT_FALSE(zero.Run().status().ok());
  OpTest away(BO::RANGE, Kernels());
  away.Input(I32({}, {1})).Input(I32({}, {10})).Input(I32({}, {-1})).Output(TT::INT32);
  EXPECT_FALSE(away.Run().status().ok());
}

TEST(ReverseV2Test, OneOrTwoAxes) {
  OpTest a(BO::REVERSE_V2, Kernels());
  a.Input(I32({2, 3}, {1, 2, 3, 4, 5, 6})).ConstInput(I32({1}, {1})).Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(a)), (std::vector<int32_t>{3, 2, 1, 6, 5, 4}));
  OpTest b(BO::REVERSE_V2, Kernels());
  b.Input(I32({2, 3}, {1, 2, 3, 4, 5, 6})).ConstInput(I32({1}, {-2})).Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(b)), (std::vector<int32_t>{4, 5, 6, 1, 2, 3}));
  OpTest both(BO::REVERSE_V2, Kernels());
  both.Input(I32({2, 3}, {1, 2, 3, 4, 5, 6})).ConstInput(I32({2}, {-1, 0})).Output(TT::INT32);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(both)), (std::vector<int32_t>{6, 5, 4, 3, 2, 1}));
}

TEST(ReverseV2Test, RefusesWhatTfliteRefuses) {
  // Axes 0 and 2 of a rank-3 tensor are not contiguous: LiteRT 2.5.3 fails to invoke.
  OpTest gap(BO::REVERSE_V2, Kernels());
  gap.Input(F32({2, 3, 4}, Iota(24))).ConstInput(I32({2}, {2, 0})).Output(TT::FLOAT32);
  EXPECT_NE(gap.Run().status().message().find("non-contiguous"), std::string::npos);
  OpTest wide(BO::REVERSE_V2, Kernels());
  wide.Input(I32({2, 3}, {1, 2, 3, 4, 5, 6})).ConstInput(I64({1}, {0})).Output(TT::INT32);
  EXPECT_NE(wide.Run().status().message().find("must be INT32"), std::string::npos);
}

TEST(WhereTest, CoordinatesOfTrueElements) {
  OpTest m(BO::WHERE, Kernels());
  m.Input(BoolTensor({2, 3}, {0, 1, 0, 1, 1, 0})).Output(TT::INT64);
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{3, 2}));
  EXPECT_EQ(ValuesOf<int64_t>(y), (std::vector<int64_t>{0, 1, 1, 0, 1, 1}));
  OpTest f(BO::WHERE, Kernels());
  f.Input(F32({4}, {0, -2, 0, 0.5f})).Output(TT::INT64);
  EXPECT_EQ(ValuesOf<int64_t>(RunOk(f)), (std::vector<int64_t>{1, 3}));
}

TEST(OneHotTest, LastAndFirstAxis) {
  tflite::OneHotOptionsT o;
  o.axis = -1;
  OpTest m(BO::ONE_HOT, Kernels());
  m.Input(I32({3}, {0, 2, 5})).ConstInput(I32({}, {3})).ConstInput(F32({}, {1})).ConstInput(F32({}, {0}))
      .Output(TT::FLOAT32);
  m.Options(o);
  RtTensor y = RunOk(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{3, 3}));
  EXPECT_EQ(ValuesOf<float>(y), (std::vector<float>{1, 0, 0, 0, 0, 1, 0, 0, 0}));
  o.axis = 0;
  OpTest n(BO::ONE_HOT, Kernels());
  n.Input(I64({3}, {0, 2, -1})).ConstInput(I32({}, {3})).ConstInput(I32({}, {7})).ConstInput(I32({}, {-1}))
      .Output(TT::INT32);
  n.Options(o);
  EXPECT_EQ(ValuesOf<int32_t>(RunOk(n)), (std::vector<int32_t>{7, -1, -1, -1, -1, -1, -1, 7, -1}));
}

TEST(ArrayKernelsTest, UnsupportedTypeIsRefusedNotGuessed) {
  OpTest m(BO::RESHAPE, Kernels());
  m.Input(TestTensor{TT::STRING, {1}, {}, std::nullopt}).ConstInput(I32({1}, {1})).Output(TT::STRING);
  absl::Status s = m.Run().status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
}

}  // namespace
}  // namespace tfconv
