// Validate() on tiny models built here: y = x + c (ADD with a constant), run on the default pattern
// x[i] = float(0.1*(i%17) - 0.5), so every expected number is worked out in the test itself.
#include "runtime_check/validate/validation.h"

#include <cmath>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "gtest/gtest.h"
#include "runtime_check/io/tensor_io.h"
#include "runtime_check/numeric/half.h"

namespace tfconv {
namespace {

constexpr int kN = 20;

HardwareProfile Profile(const std::string& mode, const std::string& ops = R"({"op": "ADD"}, {"op": "SUB"})") {
  absl::StatusOr<HardwareProfile> p = ParseProfile(
      absl::StrCat(R"({"schema": "tfconv-hardware-profile/1", "name": "test", "description": "test",
        "numeric_mode": ")", mode, R"(",
        "tolerances": {"float": {"max_abs": 1e-5, "max_rel": 1e-5, "min_cosine": 0.99999},
                       "quantized": {"max_lsb": 2, "min_cosine": 0.99}},
        "ops": [)", ops, "]}"),
      "test.json");
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : HardwareProfile{};
}

// Written to a flatbuffer and read back, as a file on disk would be.
std::shared_ptr<const TflModel> RoundTrip(const TflModel& m) {
  absl::StatusOr<std::string> bytes = SerializeModel(m);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<TflModel> read = ReadModel(ByteBuffer::FromString(*bytes));
  EXPECT_TRUE(read.ok()) << read.status();
  return std::make_shared<const TflModel>(*std::move(read));
}

// inputs[0] <op> inputs[1] -> y, float32 [1,kN]; a constant second operand when `c` is given.
std::shared_ptr<const TflModel> BinaryModel(tflite::BuiltinOperator op, std::vector<std::string> inputs,
                                            std::optional<float> c = std::nullopt) {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  std::vector<int32_t> operands;
  for (const std::string& name : inputs) operands.push_back(g.AddTensor({.name = name, .shape = {1, kN}, .has_rank = true}));
  g.inputs = operands;
  if (c.has_value()) {
    std::vector<float> values(kN, *c);
    const uint32_t buffer = m.AddBuffer(ByteBuffer::Copy(values.data(), values.size() * sizeof(float)));
    operands.push_back(g.AddTensor({.name = "c", .shape = {1, kN}, .buffer = buffer, .has_rank = true}));
  }
  const int32_t y = g.AddTensor({.name = "y", .shape = {1, kN}, .has_rank = true});
  TflOperator& o = g.operators.emplace_back();
  o.opcode_index = m.OpcodeIndex(op);
  o.inputs = operands;
  o.outputs = {y};
  if (op == tflite::BuiltinOperator::ADD) o.builtin_options.Set(tflite::AddOptionsT{});
  if (op == tflite::BuiltinOperator::SUB) o.builtin_options.Set(tflite::SubOptionsT{});
  g.outputs = {y};
  return RoundTrip(m);
}

float Pattern(int i) { return static_cast<float>(0.1 * (i % 17) - 0.5); }

ValidationSetup AgainstTflite(std::shared_ptr<const TflModel> ours, std::shared_ptr<const TflModel> reference,
                              HardwareProfile profile) {
  ValidationSetup s;
  s.model = std::move(ours);
  s.model_name = "ours.tflite";
  s.reference_model = std::move(reference);
  s.reference_name = "reference.tflite";
  s.profile = std::move(profile);
  return s;
}

TEST(ValidateTest, SameModelPassesWithZeroError) {
  auto m = BinaryModel(tflite::BuiltinOperator::ADD, {"x"}, 0.3f);
  absl::StatusOr<ValidationReport> r = Validate(AgainstTflite(m, m, Profile("fp32")));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->passed()) << r->ToText();
  ASSERT_EQ(r->outputs.size(), 1u);
  EXPECT_EQ(r->outputs[0].comparison.max_abs_error, 0);
  EXPECT_EQ(r->outputs[0].comparison.num_elements, kN);
  EXPECT_EQ(r->inputs, (std::vector<std::string>{"x FLOAT32[1,20]"}));
  EXPECT_EQ(r->inputs_from, "default pattern");
  EXPECT_NE(r->ToText().find("\nPASS\n"), std::string::npos) << r->ToText();
  EXPECT_EQ(r->ToJson()["passed"], true);
}

TEST(ValidateTest, DifferentConstantFailsWithItsError) {
  auto ours = BinaryModel(tflite::BuiltinOperator::ADD, {"x"}, 0.3f);
  auto reference = BinaryModel(tflite::BuiltinOperator::ADD, {"x"}, 0.8f);
  absl::StatusOr<ValidationReport> r = Validate(AgainstTflite(ours, reference, Profile("fp32")));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->passed());
  EXPECT_TRUE(r->compat.compatible());
  const TensorComparison& c = r->outputs[0].comparison;
  EXPECT_NEAR(c.max_abs_error, 0.5, 1e-6);
  EXPECT_EQ(c.num_mismatches, kN);
  EXPECT_NE(r->ToText().find("FAIL: 1 of 1 outputs out of tolerance"), std::string::npos) << r->ToText();
}

TEST(ValidateTest, Fp16EmulationShowsTheHalfRoundingError) {
  const float c = 0.3f;
  auto m = BinaryModel(tflite::BuiltinOperator::ADD, {"x"}, c);
  absl::StatusOr<ValidationReport> r = Validate(AgainstTflite(m, m, Profile("fp16_emulated")));
  ASSERT_TRUE(r.ok()) << r.status();
  // Input, constant and sum each rounded to half (numeric/half.h, tested on its own), against float32.
  auto half = [](float v) { return RoundToHalf(v); };
  double want = 0;
  for (int i = 0; i < kN; ++i) {
    const float got = half(half(Pattern(i)) + half(c));
    want = std::max(want, std::fabs(static_cast<double>(got) - static_cast<double>(Pattern(i) + c)));
  }
  ASSERT_GT(want, 1e-5);  // the case is only a test if half precision loses something here
  EXPECT_DOUBLE_EQ(r->outputs[0].comparison.max_abs_error, want);
  EXPECT_FALSE(r->passed());  // 1e-5 is tighter than half precision
  EXPECT_EQ(r->numeric_mode, "fp16_emulated");
}

TEST(ValidateTest, OpOutsideTheProfileFailsNamingIt) {
  auto m = BinaryModel(tflite::BuiltinOperator::ADD, {"x"}, 0.3f);
  absl::StatusOr<ValidationReport> r = Validate(AgainstTflite(m, m, Profile("fp32", R"({"op": "SUB"})")));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->numerics_passed());
  EXPECT_FALSE(r->passed());
  ASSERT_EQ(r->compat.ops.size(), 1u);
  ASSERT_FALSE(r->compat.ops[0].allowed());
  const std::string text = r->ToText();
  EXPECT_NE(text.find("REFUSED #0 ADD v1: "), std::string::npos) << text;
  EXPECT_NE(text.find("1 of 1 operators not allowed by test"), std::string::npos) << text;
  EXPECT_EQ(r->ToJson()["operators"][0]["allowed"], false);
}

TEST(ValidateTest, InputsArePairedByName) {
  // ours: a - b; the reference takes (b, a) in the other order and computes a - b too.
  auto ours = BinaryModel(tflite::BuiltinOperator::SUB, {"a", "b"});
  TflModel swapped = *BinaryModel(tflite::BuiltinOperator::SUB, {"a", "b"});
  std::swap(swapped.subgraphs[0].inputs[0], swapped.subgraphs[0].inputs[1]);
  absl::StatusOr<ValidationReport> r = Validate(AgainstTflite(ours, RoundTrip(swapped), Profile("fp32")));
  ASSERT_TRUE(r.ok()) << r.status();
  // Both inputs get the same default pattern, so feed different values to make the order matter.
  ValidationSetup s = AgainstTflite(ours, RoundTrip(swapped), Profile("fp32"));
  absl::StatusOr<std::vector<TensorSource>> given =
      ParseTensorsJson(R"([{"name": "b", "shape": [1, 20], "data": [)" + std::string("1,2,3,4,5,6,7,8,9,10,"
                       "11,12,13,14,15,16,17,18,19,20") + "]}]", "in.json");
  ASSERT_TRUE(given.ok()) << given.status();
  s.inputs = *given;
  s.inputs_name = "in.json";
  r = Validate(s);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->passed()) << r->ToText();
  EXPECT_EQ(r->inputs_from, "in.json");

  // With names that say nothing, inputs pair by position: the reference then computes b - a.
  for (TflTensor& t : swapped.subgraphs[0].tensors) {
    if (t.name == "a") t.name = "p";
    if (t.name == "b") t.name = "q";
  }
  s.reference_model = RoundTrip(swapped);
  r = Validate(s);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->passed());
}

TEST(ValidateTest, BadInputsAreErrors) {
  auto m = BinaryModel(tflite::BuiltinOperator::ADD, {"x"}, 0.3f);
  ValidationSetup s = AgainstTflite(m, m, Profile("fp32"));
  absl::StatusOr<std::vector<TensorSource>> given =
      ParseTensorsJson(R"([{"name": "x", "shape": [1, 3], "data": [1, 2, 3]}])", "in.json");
  ASSERT_TRUE(given.ok());
  s.inputs = *given;
  absl::StatusOr<ValidationReport> r = Validate(s);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("ours.tflite"), std::string::npos) << r.status();

  s = AgainstTflite(m, nullptr, Profile("fp32"));
  EXPECT_FALSE(Validate(s).ok());  // no reference
  s = AgainstTflite(m, m, Profile("fp32"));
  s.profile.numeric_mode = "fp64";  // the parser refuses it; a profile built in code may not
  r = Validate(s);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("numeric_mode 'fp64'"), std::string::npos) << r.status();
}

TEST(ToleranceForTest, QuantizedOutputsAreHeldToLsbSteps) {
  HardwareProfile p = Profile("fp32");
  CompareOperand q = CompareOperand::Of(Tensor::Zeros(DataType::kInt8, {4}), "q", QuantParams{{0.25, 0.5}, {}, 0});
  CompareOperand f = CompareOperand::Of(Tensor::Zeros(DataType::kFloat, {4}), "f");
  Tolerance t = ToleranceFor(q, f, p);
  EXPECT_DOUBLE_EQ(t.max_abs, 1.0);  // 2 LSB of the largest scale
  EXPECT_EQ(t.max_rel, 0);
  EXPECT_DOUBLE_EQ(*t.min_cosine, 0.99);
  t = ToleranceFor(f, f, p);
  EXPECT_DOUBLE_EQ(t.max_abs, 1e-5);
  EXPECT_DOUBLE_EQ(t.max_rel, 1e-5);
  EXPECT_DOUBLE_EQ(*t.min_cosine, 0.99999);
}

}  // namespace
}  // namespace tfconv
