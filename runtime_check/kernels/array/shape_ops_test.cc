// RESHAPE, SQUEEZE, EXPAND_DIMS, CONCATENATION, PACK, UNPACK, SPLIT, SPLIT_V, TRANSPOSE, TILE,
// BROADCAST_TO, SHAPE, RANGE, REVERSE_V2, WHERE and ONE_HOT on small odd shapes; expected values
// are written out by hand or computed by a plain loop over indices.
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

// Runs the model and returns its single output; fails the test on error.
RtTensor RunOne(OpModel& m) {
  auto out = m.Run(Registry());
  EXPECT_TRUE(out.ok()) << out.status();
  if (!out.ok() || out->empty()) return RtTensor();
  return (*out)[0];
}

absl::Status RunStatus(OpModel& m) { return m.Run(Registry()).status(); }

TEST(ReshapeTest, ShapeOperandWithInferredDimension) {
  OpModel m(BO::RESHAPE);
  m.Input(F32({2, 3}, Iota(6))).Const(I32({3}, {3, -1, 1})).Output(TT::FLOAT32);
  RtTensor y = RunOne(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{3, 2, 1}));
  EXPECT_EQ(Values<float>(y), Iota(6));
}

TEST(ReshapeTest, Int64ShapeOperandAndOptionsFallback) {
  OpModel m(BO::RESHAPE);
  m.Input(I16({1, 5}, {1, 2, 3, 4, 5})).Const(I64({1}, {-1})).Output(TT::INT16);
  EXPECT_EQ(RunOne(m).shape(), (std::vector<int32_t>{5}));
  tflite::ReshapeOptionsT o;
  o.new_shape = {5, 1};
  OpModel n(BO::RESHAPE);
  n.Input(I16({1, 5}, {1, 2, 3, 4, 5})).Output(TT::INT16).WithOptions(o);
  RtTensor y = RunOne(n);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{5, 1}));
  EXPECT_EQ(Values<int16_t>(y), (std::vector<int16_t>{1, 2, 3, 4, 5}));
}

TEST(ReshapeTest, Errors) {
  OpModel two(BO::RESHAPE);
  two.Input(F32({6}, Iota(6))).Const(I32({2}, {-1, -1})).Output(TT::FLOAT32);
  EXPECT_NE(RunStatus(two).message().find("more than one -1"), std::string::npos);
  OpModel count(BO::RESHAPE);
  count.Input(F32({6}, Iota(6))).Const(I32({2}, {4, 2})).Output(TT::FLOAT32);
  EXPECT_FALSE(RunStatus(count).ok());
  OpModel quant(BO::RESHAPE);
  quant.Input(Quantized(I8({2}, {1, 2}), 0.5f, 0)).Const(I32({1}, {2})).Output(TT::INT8, {{0.25f, 0}});
  EXPECT_NE(RunStatus(quant).message().find("same quantization"), std::string::npos);
}

TEST(SqueezeTest, AllOrListedDimensions) {
  OpModel all(BO::SQUEEZE);
  all.Input(F32({1, 3, 1, 2}, Iota(6))).Output(TT::FLOAT32);
  EXPECT_EQ(RunOne(all).shape(), (std::vector<int32_t>{3, 2}));
  tflite::SqueezeOptionsT o;
  o.squeeze_dims = {-2};
  OpModel some(BO::SQUEEZE);
  some.Input(F32({1, 3, 1, 2}, Iota(6))).Output(TT::FLOAT32).WithOptions(o);
  EXPECT_EQ(RunOne(some).shape(), (std::vector<int32_t>{1, 3, 2}));
  o.squeeze_dims = {1};
  OpModel bad(BO::SQUEEZE);
  bad.Input(F32({1, 3, 1, 2}, Iota(6))).Output(TT::FLOAT32).WithOptions(o);
  EXPECT_NE(RunStatus(bad).message().find("cannot squeeze"), std::string::npos);
}

TEST(ExpandDimsTest, PositiveAndNegativeAxis) {
  OpModel last(BO::EXPAND_DIMS);
  last.Input(F32({2, 3}, Iota(6))).Const(I32({}, {-1})).Output(TT::FLOAT32);
  EXPECT_EQ(RunOne(last).shape(), (std::vector<int32_t>{2, 3, 1}));
  OpModel first(BO::EXPAND_DIMS);
  first.Input(F32({2, 3}, Iota(6))).Const(I64({1}, {0})).Output(TT::FLOAT32);
  EXPECT_EQ(RunOne(first).shape(), (std::vector<int32_t>{1, 2, 3}));
  OpModel bad(BO::EXPAND_DIMS);
  bad.Input(F32({2, 3}, Iota(6))).Const(I32({}, {3})).Output(TT::FLOAT32);
  EXPECT_FALSE(RunStatus(bad).ok());
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
    OpModel m(BO::CONCATENATION);
    m.Input(F32({2, 1}, {1, 2})).Input(F32({2, 3}, {3, 4, 5, 6, 7, 8})).Output(TT::FLOAT32);
    m.WithOptions(ConcatOptions(axis));
    RtTensor y = RunOne(m);
    EXPECT_EQ(y.shape(), (std::vector<int32_t>{2, 4}));
    EXPECT_EQ(Values<float>(y), (std::vector<float>{1, 3, 4, 5, 2, 6, 7, 8}));
  }
}

TEST(ConcatenationTest, ScalarsAndInt64) {
  OpModel m(BO::CONCATENATION);
  m.Input(I64({}, {7})).Input(I64({}, {-9})).Output(TT::INT64).WithOptions(ConcatOptions(0));
  RtTensor y = RunOne(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{2}));
  EXPECT_EQ(Values<int64_t>(y), (std::vector<int64_t>{7, -9}));
}

TEST(ConcatenationTest, Uint8InputsAreRequantized) {
  // Input a: scale 0.5, zero point 128 (reals 0, 1, -64, 63.5); output: scale 1, zero point 100.
  OpModel m(BO::CONCATENATION);
  m.Input(Quantized(U8({4}, {128, 130, 0, 255}), 0.5f, 128));
  m.Input(Quantized(U8({2}, {100, 101}), 1.f, 100));
  m.Output(TT::UINT8, {{1.f, 100}}).WithOptions(ConcatOptions(0));
  // 63.5 rounds half away from zero to 64.
  EXPECT_EQ(Values<uint8_t>(RunOne(m)), (std::vector<uint8_t>{100, 101, 36, 164, 100, 101}));
}

TEST(ConcatenationTest, Int8RequantizationSaturates) {
  OpModel m(BO::CONCATENATION);
  m.Input(Quantized(I8({3}, {-128, 127, 10}), 1.f, 0)).Input(Quantized(I8({1}, {3}), 0.5f, 0));
  m.Output(TT::INT8, {{0.5f, 0}}).WithOptions(ConcatOptions(0));
  EXPECT_EQ(Values<int8_t>(RunOne(m)), (std::vector<int8_t>{-128, 127, 20, 3}));
}

TEST(ConcatenationTest, FusedActivations) {
  OpModel f(BO::CONCATENATION);
  f.Input(F32({2}, {-1, 7})).Input(F32({1}, {3})).Output(TT::FLOAT32);
  f.WithOptions(ConcatOptions(0, tflite::ActivationFunctionType::RELU6));
  EXPECT_EQ(Values<float>(RunOne(f)), (std::vector<float>{0, 6, 3}));
  // RELU on scale 0.1, zero point 50 clamps below quantize(0) = 50.
  OpModel q(BO::CONCATENATION);
  q.Input(Quantized(U8({2}, {40, 60}), 0.1f, 50)).Input(Quantized(U8({1}, {49}), 0.1f, 50));
  q.Output(TT::UINT8, {{0.1f, 50}}).WithOptions(ConcatOptions(0, tflite::ActivationFunctionType::RELU));
  EXPECT_EQ(Values<uint8_t>(RunOne(q)), (std::vector<uint8_t>{50, 60, 50}));
}

TEST(ConcatenationTest, MismatchedShapesAreRefused) {
  OpModel m(BO::CONCATENATION);
  m.Input(F32({2, 2}, Iota(4))).Input(F32({3, 2}, Iota(6))).Output(TT::FLOAT32).WithOptions(ConcatOptions(1));
  EXPECT_NE(RunStatus(m).message().find("incompatible"), std::string::npos);
}

TEST(PackTest, AlongEachAxis) {
  tflite::PackOptionsT o;
  o.values_count = 3;
  o.axis = 0;
  OpModel m0(BO::PACK);
  m0.Input(F32({2}, {1, 2})).Input(F32({2}, {3, 4})).Input(F32({2}, {5, 6})).Output(TT::FLOAT32).WithOptions(o);
  RtTensor y0 = RunOne(m0);
  EXPECT_EQ(y0.shape(), (std::vector<int32_t>{3, 2}));
  EXPECT_EQ(Values<float>(y0), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  o.axis = -1;
  OpModel m1(BO::PACK);
  m1.Input(F32({2}, {1, 2})).Input(F32({2}, {3, 4})).Input(F32({2}, {5, 6})).Output(TT::FLOAT32).WithOptions(o);
  RtTensor y1 = RunOne(m1);
  EXPECT_EQ(y1.shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(Values<float>(y1), (std::vector<float>{1, 3, 5, 2, 4, 6}));
}

TEST(UnpackTest, AlongInnerAxis) {
  tflite::UnpackOptionsT o;
  o.num = 3;
  o.axis = 1;
  OpModel m(BO::UNPACK);
  m.Input(I32({2, 3}, {1, 2, 3, 4, 5, 6})).Output(TT::INT32).Output(TT::INT32).Output(TT::INT32).WithOptions(o);
  auto out = m.Run(Registry());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>((*out)[0]), (std::vector<int32_t>{1, 4}));
  EXPECT_EQ(Values<int32_t>((*out)[1]), (std::vector<int32_t>{2, 5}));
  EXPECT_EQ(Values<int32_t>((*out)[2]), (std::vector<int32_t>{3, 6}));
  EXPECT_EQ((*out)[2].shape(), (std::vector<int32_t>{2}));
}

TEST(SplitTest, AxisIsTheFirstInput) {
  tflite::SplitOptionsT o;
  o.num_splits = 2;
  OpModel m(BO::SPLIT);
  m.Const(I32({}, {1})).Input(F32({2, 4}, Iota(8))).Output(TT::FLOAT32).Output(TT::FLOAT32).WithOptions(o);
  auto out = m.Run(Registry());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<float>((*out)[0]), (std::vector<float>{0, 1, 4, 5}));
  EXPECT_EQ(Values<float>((*out)[1]), (std::vector<float>{2, 3, 6, 7}));
  o.num_splits = 3;
  OpModel bad(BO::SPLIT);
  bad.Const(I32({}, {1})).Input(F32({2, 4}, Iota(8)));
  bad.Output(TT::FLOAT32).Output(TT::FLOAT32).Output(TT::FLOAT32).WithOptions(o);
  EXPECT_FALSE(RunStatus(bad).ok());
}

TEST(SplitVTest, InferredSize) {
  tflite::SplitVOptionsT o;
  o.num_splits = 2;
  OpModel m(BO::SPLIT_V);
  m.Input(I8({5, 1}, {0, 1, 2, 3, 4})).Const(I32({2}, {2, -1})).Const(I32({}, {-2}));
  m.Output(TT::INT8).Output(TT::INT8).WithOptions(o);
  auto out = m.Run(Registry());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int8_t>((*out)[0]), (std::vector<int8_t>{0, 1}));
  EXPECT_EQ(Values<int8_t>((*out)[1]), (std::vector<int8_t>{2, 3, 4}));
  EXPECT_EQ((*out)[1].shape(), (std::vector<int32_t>{3, 1}));
  OpModel bad(BO::SPLIT_V);
  bad.Input(I8({5}, {0, 1, 2, 3, 4})).Const(I32({2}, {2, 2})).Const(I32({}, {0}));
  bad.Output(TT::INT8).Output(TT::INT8).WithOptions(o);
  EXPECT_NE(RunStatus(bad).message().find("do not add up"), std::string::npos);
}

TEST(TransposeTest, ThreeDimensions) {
  OpModel m(BO::TRANSPOSE);
  m.Input(F32({2, 3, 4}, Iota(24))).Const(I32({3}, {2, 0, 1})).Output(TT::FLOAT32);
  RtTensor y = RunOne(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{4, 2, 3}));
  std::vector<float> expected;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 3; ++k) expected.push_back(j * 12 + k * 4 + i);  // out[i][j][k] = in[j][k][i]
  EXPECT_EQ(Values<float>(y), expected);
  OpModel bad(BO::TRANSPOSE);
  bad.Input(F32({2, 3}, Iota(6))).Const(I32({2}, {1, 1})).Output(TT::FLOAT32);
  EXPECT_NE(RunStatus(bad).message().find("not a permutation"), std::string::npos);
}

TEST(TileTest, Multiples) {
  OpModel m(BO::TILE);
  m.Input(I16({2, 3}, {1, 2, 3, 4, 5, 6})).Const(I64({2}, {2, 2})).Output(TT::INT16);
  RtTensor y = RunOne(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{4, 6}));
  std::vector<int16_t> expected;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 6; ++j) expected.push_back(static_cast<int16_t>((i % 2) * 3 + j % 3 + 1));
  EXPECT_EQ(Values<int16_t>(y), expected);
}

TEST(BroadcastToTest, AddsAndStretchesDimensions) {
  OpModel m(BO::BROADCAST_TO);
  m.Input(F32({3, 1}, {1, 2, 3})).Const(I32({3}, {2, 3, 4})).Output(TT::FLOAT32);
  RtTensor y = RunOne(m);
  std::vector<float> expected;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 4; ++c) expected.push_back(b + 1);
  EXPECT_EQ(Values<float>(y), expected);
  OpModel bad(BO::BROADCAST_TO);
  bad.Input(F32({3, 2}, Iota(6))).Const(I32({2}, {3, 4})).Output(TT::FLOAT32);
  EXPECT_FALSE(RunStatus(bad).ok());
}

TEST(ShapeTest, Int32AndInt64) {
  OpModel m(BO::SHAPE);
  m.Input(I8({2, 3, 5}, std::vector<int8_t>(30, 0))).Output(TT::INT32);
  EXPECT_EQ(Values<int32_t>(RunOne(m)), (std::vector<int32_t>{2, 3, 5}));
  tflite::ShapeOptionsT o;
  o.out_type = TT::INT64;
  OpModel n(BO::SHAPE);
  n.Input(F32({7}, Iota(7))).Output(TT::INT64).WithOptions(o);
  EXPECT_EQ(Values<int64_t>(RunOne(n)), (std::vector<int64_t>{7}));
}

TEST(RangeTest, IntFloatAndDescending) {
  OpModel i(BO::RANGE);
  i.Input(I32({}, {1})).Input(I32({}, {10})).Input(I32({}, {3})).Output(TT::INT32);
  EXPECT_EQ(Values<int32_t>(RunOne(i)), (std::vector<int32_t>{1, 4, 7}));
  OpModel f(BO::RANGE);
  f.Input(F32({}, {0})).Input(F32({}, {1})).Input(F32({}, {0.25f})).Output(TT::FLOAT32);
  EXPECT_EQ(Values<float>(RunOne(f)), (std::vector<float>{0, 0.25f, 0.5f, 0.75f}));
  OpModel d(BO::RANGE);
  d.Input(I64({}, {10})).Input(I64({}, {1})).Input(I64({}, {-4})).Output(TT::INT64);
  EXPECT_EQ(Values<int64_t>(RunOne(d)), (std::vector<int64_t>{10, 6, 2}));
  OpModel zero(BO::RANGE);
  zero.Input(I32({}, {1})).Input(I32({}, {10})).Input(I32({}, {0})).Output(TT::INT32);
  EXPECT_FALSE(RunStatus(zero).ok());
  OpModel away(BO::RANGE);
  away.Input(I32({}, {1})).Input(I32({}, {10})).Input(I32({}, {-1})).Output(TT::INT32);
  EXPECT_FALSE(RunStatus(away).ok());
}

TEST(ReverseV2Test, OneOrTwoAxes) {
  OpModel a(BO::REVERSE_V2);
  a.Input(I32({2, 3}, {1, 2, 3, 4, 5, 6})).Const(I32({1}, {1})).Output(TT::INT32);
  EXPECT_EQ(Values<int32_t>(RunOne(a)), (std::vector<int32_t>{3, 2, 1, 6, 5, 4}));
  OpModel b(BO::REVERSE_V2);
  b.Input(I32({2, 3}, {1, 2, 3, 4, 5, 6})).Const(I32({1}, {-2})).Output(TT::INT32);
  EXPECT_EQ(Values<int32_t>(RunOne(b)), (std::vector<int32_t>{4, 5, 6, 1, 2, 3}));
  OpModel both(BO::REVERSE_V2);
  both.Input(I32({2, 3}, {1, 2, 3, 4, 5, 6})).Const(I64({2}, {0, 1})).Output(TT::INT32);
  EXPECT_EQ(Values<int32_t>(RunOne(both)), (std::vector<int32_t>{6, 5, 4, 3, 2, 1}));
}

TEST(WhereTest, CoordinatesOfTrueElements) {
  OpModel m(BO::WHERE);
  m.Input(BoolTensor({2, 3}, {0, 1, 0, 1, 1, 0})).Output(TT::INT64);
  RtTensor y = RunOne(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{3, 2}));
  EXPECT_EQ(Values<int64_t>(y), (std::vector<int64_t>{0, 1, 1, 0, 1, 1}));
  OpModel f(BO::WHERE);
  f.Input(F32({4}, {0, -2, 0, 0.5f})).Output(TT::INT64);
  EXPECT_EQ(Values<int64_t>(RunOne(f)), (std::vector<int64_t>{1, 3}));
}

TEST(OneHotTest, LastAndFirstAxis) {
  tflite::OneHotOptionsT o;
  o.axis = -1;
  OpModel m(BO::ONE_HOT);
  m.Input(I32({3}, {0, 2, 5})).Const(I32({}, {3})).Const(F32({}, {1})).Const(F32({}, {0})).Output(TT::FLOAT32);
  m.WithOptions(o);
  RtTensor y = RunOne(m);
  EXPECT_EQ(y.shape(), (std::vector<int32_t>{3, 3}));
  EXPECT_EQ(Values<float>(y), (std::vector<float>{1, 0, 0, 0, 0, 1, 0, 0, 0}));
  o.axis = 0;
  OpModel n(BO::ONE_HOT);
  n.Input(I64({3}, {0, 2, -1})).Const(I32({}, {3})).Const(I32({}, {7})).Const(I32({}, {-1})).Output(TT::INT32);
  n.WithOptions(o);
  EXPECT_EQ(Values<int32_t>(RunOne(n)), (std::vector<int32_t>{7, -1, -1, -1, -1, -1, -1, 7, -1}));
}

TEST(ArrayKernelsTest, UnsupportedTypeIsRefusedNotGuessed) {
  OpModel m(BO::RESHAPE);
  m.Input(TestTensor{TT::STRING, {1}, {}, std::nullopt}).Const(I32({1}, {1})).Output(TT::STRING);
  absl::Status s = RunStatus(m);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
}

}  // namespace
}  // namespace tfconv
