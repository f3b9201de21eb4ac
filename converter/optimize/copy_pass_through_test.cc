#include "converter/optimize/copy_pass_through.h"

#include <gtest/gtest.h>

#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

// y = x: one tensor that is both the input and the output, with a signature.
TflModel PassThroughModel() {
  TflModel m;
  TflSubgraph g;
  TflTensor x;
  x.name = "x";
  x.shape = {1, 3};
  x.shape_signature = {-1, 3};
  x.has_rank = true;
  g.inputs = g.outputs = {g.AddTensor(x)};
  m.subgraphs.push_back(std::move(g));
  TflSignatureDef sig;
  sig.signature_key = "serving_default";
  sig.inputs = {{"x", 0}};
  sig.outputs = {{"act", 0}};
  m.signature_defs.push_back(sig);
  return m;
}

TEST(CopyPassThroughTest, OutputGetsItsOwnTensorWrittenByReshape) {
  TflModel m = PassThroughModel();
  EXPECT_EQ(CopyPassThroughOutputs(m), 1);
  const TflSubgraph& g = m.subgraphs[0];
  ASSERT_EQ(g.operators.size(), 1u);
  EXPECT_EQ(m.CodeOf(g.operators[0]).builtin_code, tflite::BuiltinOperator::RESHAPE);
  EXPECT_NE(g.outputs[0], g.inputs[0]);
  EXPECT_EQ(g.tensors[g.inputs[0]].name, "x");
  EXPECT_EQ(g.tensors[g.outputs[0]].name, "act");  // the signature's output key
  EXPECT_EQ(m.signature_defs[0].outputs[0].second, static_cast<uint32_t>(g.outputs[0]));
  EXPECT_EQ(m.signature_defs[0].inputs[0].second, static_cast<uint32_t>(g.inputs[0]));
  // The shape operand keeps the dynamic batch.
  const TflTensor& shape = g.tensors[g.operators[0].inputs[1]];
  const int32_t* dims = reinterpret_cast<const int32_t*>(m.buffers[shape.buffer].data.data());
  EXPECT_EQ(dims[0], -1);
  EXPECT_EQ(dims[1], 3);

  // Runs: the output holds the input's values, in its own buffer.
  auto interp = Interpreter::Create(std::make_shared<TflModel>(m), BuiltinKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  RtTensor in = RtTensor::Make(tflite::TensorType::FLOAT32, {1, 3});
  float* v = in.mutable_data<float>();
  v[0] = 1.5f;
  v[1] = -2.0f;
  v[2] = 7.0f;
  absl::StatusOr<std::vector<RtTensor>> out = (*interp)->Invoke(0, {in});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].data<float>()[2], 7.0f);
  EXPECT_NE((*out)[0].raw(), in.raw());
}

TEST(CopyPassThroughTest, OrdinaryModelsAreLeftAlone) {
  TflModel m = PassThroughModel();
  TflTensor y;
  y.name = "y";
  y.shape = {1, 3};
  m.subgraphs[0].outputs = {m.subgraphs[0].AddTensor(y)};
  EXPECT_EQ(CopyPassThroughOutputs(m), 0);
  EXPECT_TRUE(m.subgraphs[0].operators.empty());
}

}  // namespace
}  // namespace tfconv
