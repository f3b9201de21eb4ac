#include "runtime_check/interpreter/interpreter.h"

#include <cstring>

#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

// Test kernels: ADD of two float tensors of one shape, and an accumulator that adds its input into a
// variable tensor (state that must persist between runs).
absl::Status TestAdd(KernelContext& c) {
  const RtTensor& a = c.input(0);
  const RtTensor& b = c.input(1);
  if (a.type() != tflite::TensorType::FLOAT32) return c.UnsupportedType(a);
  if (a.shape() != b.shape()) return c.Error("shape mismatch");
  RtTensor& y = c.output(0);
  y.Reset(a.type(), a.shape());
  for (int64_t i = 0; i < a.num_elements(); ++i) y.mutable_data<float>()[i] = a.data<float>()[i] + b.data<float>()[i];
  return absl::OkStatus();
}

absl::Status TestAccumulate(KernelContext& c) {
  RtTensor& state = c.mutable_input(1);
  const RtTensor& x = c.input(0);
  for (int64_t i = 0; i < x.num_elements(); ++i) state.mutable_data<float>()[i] += x.data<float>()[i];
  RtTensor& y = c.output(0);
  y.Reset(state.type(), state.shape());
  std::memcpy(y.mutable_raw(), state.raw(), state.byte_size());
  return absl::OkStatus();
}

// x [-1,3] -> ADD(x, const c) -> ACC(., var state) -> y
std::shared_ptr<const TflModel> BuildModel() {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  const float c_values[3] = {1, 2, 3};
  const uint32_t c_buffer = m.AddBuffer(ByteBuffer::Copy(c_values, sizeof(c_values)));
  int x = g.AddTensor({.name = "x", .shape = {1, 3}, .shape_signature = {-1, 3}, .has_rank = true});
  int c = g.AddTensor({.name = "c", .shape = {3}, .buffer = c_buffer, .has_rank = true});
  int sum = g.AddTensor({.name = "sum", .shape = {1, 3}, .has_rank = true});
  int state = g.AddTensor({.name = "state", .shape = {1, 3}, .is_variable = true, .has_rank = true});
  int y = g.AddTensor({.name = "y", .shape = {1, 3}, .has_rank = true});
  TflOperator& add = g.operators.emplace_back();
  add.opcode_index = m.OpcodeIndex(tflite::BuiltinOperator::ADD);
  add.inputs = {x, x};
  add.outputs = {sum};
  TflOperator& acc = g.operators.emplace_back();
  acc.opcode_index = m.CustomOpcodeIndex("Accumulate");
  acc.inputs = {sum, state};
  acc.outputs = {y};
  g.inputs = {x};
  g.outputs = {y};
  (void)c;
  // Round-trip through the flatbuffer: the interpreter runs what a device would load.
  absl::StatusOr<std::string> bytes = SerializeModel(m);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<TflModel> read = ReadModel(ByteBuffer::FromString(*bytes));
  EXPECT_TRUE(read.ok()) << read.status();
  return std::make_shared<TflModel>(*std::move(read));
}

KernelRegistry TestKernels() {
  KernelRegistry r;
  r.AddBuiltin(tflite::BuiltinOperator::ADD, TestAdd);
  r.AddCustom("Accumulate", TestAccumulate);
  return r;
}

RtTensor FloatTensor(std::vector<int32_t> shape, std::vector<float> values) {
  RtTensor t = RtTensor::Make(tflite::TensorType::FLOAT32, std::move(shape));
  std::memcpy(t.mutable_raw(), values.data(), values.size() * sizeof(float));
  return t;
}

TEST(InterpreterTest, RunsAndKeepsVariableState) {
  auto interp = Interpreter::Create(BuildModel(), TestKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  std::vector<RtTensor> in = {FloatTensor({1, 3}, {1, 2, 3})};
  auto out = (*interp)->Invoke(0, in);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].name(), "y");
  EXPECT_FLOAT_EQ((*out)[0].data<float>()[2], 6);
  out = (*interp)->Invoke(0, in);  // the variable accumulated the first run
  ASSERT_TRUE(out.ok());
  EXPECT_FLOAT_EQ((*out)[0].data<float>()[2], 12);
  (*interp)->ResetVariables();
  out = (*interp)->Invoke(0, in);
  ASSERT_TRUE(out.ok());
  EXPECT_FLOAT_EQ((*out)[0].data<float>()[2], 6);
}

TEST(InterpreterTest, ObserverSeesEveryOperator) {
  auto interp = Interpreter::Create(BuildModel(), TestKernels());
  ASSERT_TRUE(interp.ok());
  std::vector<std::string> seen;
  (*interp)->set_observer([&](int, int, const TflOperator&, KernelContext& c) { seen.push_back(c.output(0).name()); });
  ASSERT_TRUE((*interp)->Invoke(0, {FloatTensor({1, 3}, {0, 0, 0})}).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"sum", "y"}));
}

TEST(InterpreterTest, MissingKernelIsRefusedAtCreation) {
  KernelRegistry r;
  r.AddBuiltin(tflite::BuiltinOperator::ADD, TestAdd);
  auto interp = Interpreter::Create(BuildModel(), r);
  ASSERT_FALSE(interp.ok());
  EXPECT_EQ(interp.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_NE(interp.status().message().find("CUSTOM(Accumulate)"), std::string::npos) << interp.status();
  EXPECT_NE(interp.status().message().find("operator 1"), std::string::npos) << interp.status();
}

TEST(InterpreterTest, InputsAreCheckedAgainstTheShapeSignature) {
  auto interp = Interpreter::Create(BuildModel(), TestKernels());
  ASSERT_TRUE(interp.ok());
  // A batch of 2 is allowed by the -1 in the signature; but the kernel's shape check then refuses it
  // (the constant is [3] only in our test ADD), with the operator named.
  auto out = (*interp)->Invoke(0, {FloatTensor({2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_TRUE(out.ok()) << out.status();
  auto bad = (*interp)->Invoke(0, {FloatTensor({1, 4}, {1, 2, 3, 4})});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("input 0 ('x')"), std::string::npos) << bad.status();
  EXPECT_NE(bad.status().message().find("[-1,3]"), std::string::npos) << bad.status();
  auto wrong_type = (*interp)->Invoke(0, {RtTensor::Make(tflite::TensorType::INT32, {1, 3})});
  ASSERT_FALSE(wrong_type.ok());
  auto wrong_count = (*interp)->Invoke(0, {});
  ASSERT_FALSE(wrong_count.ok());
  auto no_subgraph = (*interp)->Invoke(3, {});
  ASSERT_FALSE(no_subgraph.ok());
}

TEST(InterpreterTest, ShortConstantBufferIsRefused) {
  TflModel m = *BuildModel();
  m.subgraphs[0].tensors[1].shape = {4};  // the constant holds 3 floats
  auto interp = Interpreter::Create(std::make_shared<TflModel>(std::move(m)), TestKernels());
  ASSERT_FALSE(interp.ok());
  EXPECT_NE(interp.status().message().find("tensor 'c'"), std::string::npos) << interp.status();
  EXPECT_NE(interp.status().message().find("needs 16 bytes"), std::string::npos) << interp.status();
}

TEST(InterpreterTest, UnknownSignatureListsTheKnownOnes) {
  auto interp = Interpreter::Create(BuildModel(), TestKernels());
  ASSERT_TRUE(interp.ok());
  EXPECT_EQ(*(*interp)->SubgraphOfSignature(""), 0);
  auto s = (*interp)->SubgraphOfSignature("serving_default");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("none"), std::string::npos);
}

}  // namespace
}  // namespace tfconv
