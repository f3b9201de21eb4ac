#include "quantization/calibration/calibrate.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "gtest/gtest.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

using tflite::TensorType;

RtTensor Floats(std::vector<int32_t> shape, std::vector<float> values) {
  RtTensor t = RtTensor::Make(TensorType::FLOAT32, std::move(shape));
  std::memcpy(t.mutable_raw(), values.data(), values.size() * sizeof(float));
  return t;
}

std::vector<RtTensor> Sample(std::vector<float> values) {
  std::vector<RtTensor> s;
  s.push_back(Floats({1, 4}, std::move(values)));
  return s;
}

// x [1,4] -> ADD(x, c) -> a -> RELU -> y, with c = [1, -2, 0.5, 0].
TflModel AddReluModel() {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  const float c[4] = {1, -2, 0.5f, 0};
  const uint32_t buffer = m.AddBuffer(ByteBuffer::Copy(c, sizeof(c)));
  const int x = g.AddTensor({.name = "x", .type = TensorType::FLOAT32, .shape = {1, 4}});
  const int ct = g.AddTensor({.name = "c", .type = TensorType::FLOAT32, .shape = {4}, .buffer = buffer});
  const int a = g.AddTensor({.name = "a", .type = TensorType::FLOAT32, .shape = {1, 4}});
  const int y = g.AddTensor({.name = "y", .type = TensorType::FLOAT32, .shape = {1, 4}});
  TflOperator& add = g.operators.emplace_back();
  add.opcode_index = m.OpcodeIndex(tflite::BuiltinOperator::ADD);
  add.inputs = {x, ct};
  add.outputs = {a};
  tflite::AddOptionsT options;
  add.builtin_options.Set(options);
  TflOperator& relu = g.operators.emplace_back();
  relu.opcode_index = m.OpcodeIndex(tflite::BuiltinOperator::RELU);
  relu.inputs = {a};
  relu.outputs = {y};
  g.inputs = {x};
  g.outputs = {y};
  return m;
}

// Three samples whose ranges are worked out by hand:
//   x: [0.5 1 -1 2], [-3 4 0 -0.25], [1.5 -1 2.5 0.75]           -> min -3, max 4
//   a = x + c: [1.5 -1 -0.5 2], [-2 2 0.5 -0.25], [2.5 -3 3 0.75] -> min -3, max 3
//   y = relu(a)                                                   -> min 0,  max 3
std::vector<std::vector<RtTensor>> ThreeSamples() {
  return {Sample({0.5f, 1, -1, 2}), Sample({-3, 4, 0, -0.25f}), Sample({1.5f, -1, 2.5f, 0.75f})};
}

void ExpectRange(const TflTensor& t, float min, float max) {
  ASSERT_TRUE(t.quantization.has_value()) << t.name;
  ASSERT_EQ(t.quantization->min.size(), 1u) << t.name;
  ASSERT_EQ(t.quantization->max.size(), 1u) << t.name;
  EXPECT_EQ(t.quantization->min[0], min) << t.name;
  EXPECT_EQ(t.quantization->max[0], max) << t.name;
  EXPECT_TRUE(t.quantization->scale.empty()) << t.name;
}

TEST(CalibrateTest, AddReluRangesOverThreeSamples) {
  TflModel m = AddReluModel();
  ASSERT_TRUE(CalibrateModel(m, ThreeSamples()).ok());
  const TflSubgraph& g = m.subgraphs[0];
  ExpectRange(g.tensors[0], -3, 4);
  EXPECT_FALSE(g.tensors[1].quantization.has_value()) << "constants get no range";
  ExpectRange(g.tensors[2], -3, 3);
  ExpectRange(g.tensors[3], 0, 3);
}

TEST(CalibrateTest, DeterministicAndIndependentOfSampleOrder) {
  TflModel m1 = AddReluModel(), m2 = AddReluModel();
  std::vector<std::vector<RtTensor>> samples = ThreeSamples();
  ASSERT_TRUE(CalibrateModel(m1, samples).ok());
  std::swap(samples[0], samples[2]);
  ASSERT_TRUE(CalibrateModel(m2, samples).ok());
  for (size_t t = 0; t < m1.subgraphs[0].tensors.size(); ++t) {
    const auto& q1 = m1.subgraphs[0].tensors[t].quantization;
    const auto& q2 = m2.subgraphs[0].tensors[t].quantization;
    ASSERT_EQ(q1.has_value(), q2.has_value());
    if (q1) {
      EXPECT_EQ(q1->min, q2->min);
      EXPECT_EQ(q1->max, q2->max);
    }
  }
}

TEST(CalibrateTest, ReplacesRangesTheModelHad) {
  TflModel m = AddReluModel();
  m.subgraphs[0].tensors[2].quantization = TflQuantization{.min = {-100}, .max = {100}};
  ASSERT_TRUE(CalibrateModel(m, ThreeSamples()).ok());
  ExpectRange(m.subgraphs[0].tensors[2], -3, 3);
}

TEST(CalibrateTest, AlwaysNegativeTensorKeepsItsTrueMax) {
  TflModel m = AddReluModel();
  std::vector<std::vector<RtTensor>> samples = {Sample({-4, -3, -2, -1}), Sample({-1.5f, -6, -2, -0.5f})};
  ASSERT_TRUE(CalibrateModel(m, samples).ok());
  ExpectRange(m.subgraphs[0].tensors[0], -6, -0.5f);
  ExpectRange(m.subgraphs[0].tensors[3], 0, 0);  // relu: all zero
}

TEST(CalibrateTest, ProgressAfterEverySample) {
  TflModel m = AddReluModel();
  std::vector<std::pair<size_t, size_t>> calls;
  CalibrationOptions options;
  options.progress = [&](size_t done, size_t total) { calls.emplace_back(done, total); };
  ASSERT_TRUE(CalibrateModel(m, ThreeSamples(), options).ok());
  EXPECT_EQ(calls, (std::vector<std::pair<size_t, size_t>>{{1, 3}, {2, 3}, {3, 3}}));
}

TEST(CalibrateTest, NonFiniteValuesAreSkippedWithAWarning) {
  TflModel m = AddReluModel();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<std::vector<RtTensor>> samples = {Sample({nan, 1, -1, 2}), Sample({-3, inf, 0, -0.25f})};
  std::vector<std::string> warnings;
  CalibrationOptions options;
  options.warnings = &warnings;
  ASSERT_TRUE(CalibrateModel(m, samples, options).ok());
  ExpectRange(m.subgraphs[0].tensors[0], -3, 2);
  bool named_x = false;
  for (const std::string& w : warnings) named_x |= w.find("'x' held 2 NaN or infinite") != std::string::npos;
  EXPECT_TRUE(named_x) << (warnings.empty() ? "no warnings" : warnings[0]);
}

TEST(CalibrateTest, InputWithOneValueInEverySampleIsWarnedAbout) {
  TflModel m = AddReluModel();
  std::vector<std::vector<RtTensor>> samples = {Sample({0, 0, 0, 0}), Sample({0, 0, 0, 0})};
  std::vector<std::string> warnings;
  CalibrationOptions options;
  options.warnings = &warnings;
  ASSERT_TRUE(CalibrateModel(m, samples, options).ok());
  bool named_x = false;
  for (const std::string& w : warnings) named_x |= w.find("input 'x' held the same value (0)") != std::string::npos;
  EXPECT_TRUE(named_x) << (warnings.empty() ? "no warnings" : warnings[0]);
  warnings.clear();
  ASSERT_TRUE(CalibrateModel(m, ThreeSamples(), options).ok());
  EXPECT_TRUE(warnings.empty()) << warnings[0];
}

TEST(CalibrateTest, EmptyDatasetIsAnError) {
  TflModel m = AddReluModel();
  absl::Status s = CalibrateModel(m, {});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("empty"), absl::string_view::npos) << s.message();
}

TEST(CalibrateTest, SampleThatDoesNotFitNamesSampleInputAndShapes) {
  TflModel m = AddReluModel();
  std::vector<std::vector<RtTensor>> samples = ThreeSamples();
  samples[1][0] = Floats({1, 3}, {1, 2, 3});
  absl::Status s = CalibrateModel(m, samples);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("sample 1"), absl::string_view::npos) << s.message();
  EXPECT_NE(s.message().find("'x'"), absl::string_view::npos) << s.message();
  EXPECT_NE(s.message().find("FLOAT32 [1,4]"), absl::string_view::npos) << s.message();
  EXPECT_NE(s.message().find("FLOAT32 [1,3]"), absl::string_view::npos) << s.message();
  // The model is unchanged: no range was written.
  for (const TflTensor& t : m.subgraphs[0].tensors) EXPECT_FALSE(t.quantization.has_value()) << t.name;

  samples = ThreeSamples();
  samples[2].push_back(Floats({1, 4}, {0, 0, 0, 0}));
  s = CalibrateModel(m, samples);
  EXPECT_NE(s.message().find("sample 2 gives 2 tensor(s)"), absl::string_view::npos) << s.message();
}

TEST(CalibrateTest, WrongDtypeNamesTheInput) {
  TflModel m = AddReluModel();
  std::vector<std::vector<RtTensor>> samples(1);
  samples[0].push_back(RtTensor::Make(TensorType::INT8, {1, 4}));
  absl::Status s = CalibrateModel(m, samples);
  EXPECT_NE(s.message().find("input 0 ('x')"), absl::string_view::npos) << s.message();
  EXPECT_NE(s.message().find("INT8"), absl::string_view::npos) << s.message();
}

// A custom op adding its input into a variable tensor: state carried from one run to the next.
absl::Status Accumulate(KernelContext& c) {
  RtTensor& state = c.mutable_input(1);
  const RtTensor& x = c.input(0);
  for (int64_t i = 0; i < x.num_elements(); ++i) state.mutable_data<float>()[i] += x.data<float>()[i];
  RtTensor& y = c.output(0);
  y.Reset(state.type(), state.shape());
  std::memcpy(y.mutable_raw(), state.raw(), state.byte_size());
  return absl::OkStatus();
}

TEST(CalibrateTest, VariablesKeepStateAcrossSamplesAndLogTheirInitialValue) {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  const int x = g.AddTensor({.name = "x", .type = TensorType::FLOAT32, .shape = {1, 2}});
  const int state = g.AddTensor({.name = "state", .type = TensorType::FLOAT32, .shape = {1, 2}, .is_variable = true});
  const int y = g.AddTensor({.name = "y", .type = TensorType::FLOAT32, .shape = {1, 2}});
  TflOperator& op = g.operators.emplace_back();
  op.opcode_index = m.CustomOpcodeIndex("ACC");
  op.inputs = {x, state};
  op.outputs = {y};
  g.inputs = {x};
  g.outputs = {y};
  KernelRegistry kernels = BuiltinKernels();
  kernels.AddCustom("ACC", Accumulate);
  CalibrationOptions options;
  options.kernels = &kernels;
  // State: 0 0 (initial), 1 2, then 4 7 (not reset between samples, as the official calibrator).
  std::vector<std::vector<RtTensor>> samples(2);
  samples[0].push_back(Floats({1, 2}, {1, 2}));
  samples[1].push_back(Floats({1, 2}, {3, 5}));
  ASSERT_TRUE(CalibrateModel(m, samples, options).ok());
  ExpectRange(m.subgraphs[0].tensors[state], 0, 7);
  ExpectRange(m.subgraphs[0].tensors[y], 1, 7);
  ExpectRange(m.subgraphs[0].tensors[x], 1, 5);
}

TEST(CalibrateTest, ModelWithoutKernelIsRefusedClearly) {
  TflModel m = AddReluModel();
  m.operator_codes[m.subgraphs[0].operators[1].opcode_index].builtin_code = tflite::BuiltinOperator::CUSTOM;
  m.operator_codes[m.subgraphs[0].operators[1].opcode_index].custom_code = "Frob";
  absl::Status s = CalibrateModel(m, ThreeSamples());
  EXPECT_NE(s.message().find("reference interpreter"), absl::string_view::npos) << s.message();
  EXPECT_NE(s.message().find("Frob"), absl::string_view::npos) << s.message();
}

}  // namespace
}  // namespace tfconv
