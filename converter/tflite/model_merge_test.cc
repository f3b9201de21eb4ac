#include "converter/tflite/model_merge.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

// A one-op model: out = OP(in, weight) with a 4-byte constant holding `w`.
TflModel Part(const std::string& key, tflite::BuiltinOperator op, float w) {
  TflModel m;
  TflSubgraph g;
  g.name = "main";
  g.AddTensor({"in"});
  TflTensor weight{"w"};
  weight.buffer = m.AddBuffer(ByteBuffer::Copy(&w, sizeof(w)));
  g.AddTensor(weight);
  g.AddTensor({"out"});
  TflOperator o;
  o.opcode_index = m.OpcodeIndex(op);
  o.inputs = {0, 1};
  o.outputs = {2};
  g.operators.push_back(o);
  g.inputs = {0};
  g.outputs = {2};
  m.subgraphs.push_back(g);
  TflSignatureDef s;
  s.signature_key = key;
  s.inputs = {{"x", 0}};
  s.outputs = {{"y", 2}};
  m.signature_defs.push_back(s);
  m.metadata.push_back({"min_runtime_version", m.AddBuffer(ByteBuffer::Copy("1.5.0", 5))});
  return m;
}

float FloatOf(const TflModel& m, const TflTensor& t) {
  float v;
  std::memcpy(&v, m.buffers[t.buffer].data.data(), sizeof(v));
  return v;
}

TEST(MergeSignatureModels, OneSubgraphPerSignatureWithRenumberedBuffersAndCodes) {
  std::vector<TflModel> parts;
  parts.push_back(Part("serving_default", tflite::BuiltinOperator::ADD, 2.f));
  parts.push_back(Part("times", tflite::BuiltinOperator::MUL, 3.f));
  parts.push_back(Part("plus", tflite::BuiltinOperator::ADD, 5.f));
  absl::StatusOr<TflModel> m = MergeSignatureModels(std::move(parts));
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->subgraphs.size(), 3u);
  ASSERT_EQ(m->signature_defs.size(), 3u);
  EXPECT_EQ(m->operator_codes.size(), 2u);  // ADD shared by two signatures
  EXPECT_TRUE(m->metadata.empty());
  EXPECT_EQ(m->buffers.size(), 4u);  // sentinel + one weight each; metadata buffers dropped
  const float expected[] = {2.f, 3.f, 5.f};
  const tflite::BuiltinOperator ops[] = {tflite::BuiltinOperator::ADD, tflite::BuiltinOperator::MUL,
                                         tflite::BuiltinOperator::ADD};
  const char* keys[] = {"serving_default", "times", "plus"};
  for (int i = 0; i < 3; ++i) {
    const TflSubgraph& g = m->subgraphs[i];
    EXPECT_EQ(g.name, keys[i]);
    EXPECT_EQ(m->signature_defs[i].signature_key, keys[i]);
    EXPECT_EQ(m->signature_defs[i].subgraph_index, static_cast<uint32_t>(i));
    EXPECT_EQ(FloatOf(*m, g.tensors[1]), expected[i]);
    EXPECT_EQ(m->CodeOf(g.operators[0]).builtin_code, ops[i]);
    EXPECT_EQ(g.tensors[0].buffer, 0u);
  }
}

TEST(MergeSignatureModels, RefusesDuplicateKeysAndMalformedParts) {
  std::vector<TflModel> twice;
  twice.push_back(Part("a", tflite::BuiltinOperator::ADD, 1.f));
  twice.push_back(Part("a", tflite::BuiltinOperator::ADD, 1.f));
  EXPECT_FALSE(MergeSignatureModels(std::move(twice)).ok());
  EXPECT_FALSE(MergeSignatureModels({}).ok());
  std::vector<TflModel> no_signature;
  no_signature.push_back(Part("a", tflite::BuiltinOperator::ADD, 1.f));
  no_signature[0].signature_defs.clear();
  EXPECT_FALSE(MergeSignatureModels(std::move(no_signature)).ok());
}

TEST(MergeSignatureModels, ASinglePartKeepsItsSubgraphName) {
  std::vector<TflModel> one;
  one.push_back(Part("serving_default", tflite::BuiltinOperator::ADD, 1.f));
  absl::StatusOr<TflModel> m = MergeSignatureModels(std::move(one));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->subgraphs[0].name, "main");
  EXPECT_TRUE(m->metadata.empty());
}

}  // namespace
}  // namespace tfconv
