#include "converter/tflite/model_printer.h"

#include <limits>
#include <string>

#include "converter/tflite/testing/json_checker.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

TflModel Example() {
  TflModel m;
  m.description = "example";
  TflSubgraph& g = m.subgraphs.emplace_back();
  g.name = "main";
  TflTensor in;
  in.name = "image";
  in.type = tflite::TensorType::INT8;
  in.shape = {1, 4};
  in.shape_signature = {-1, 4};
  in.quantization.emplace();
  in.quantization->scale = {0.5f};
  in.quantization->zero_point = {-3};
  int x = g.AddTensor(in);
  TflTensor w;
  w.name = "weights \"w\"\xff";  // a quote and a byte that is not UTF-8
  w.type = tflite::TensorType::INT8;
  w.shape = {3, 4};
  w.buffer = m.AddBuffer(ByteBuffer::FromString(std::string(12, '\1')));
  w.quantization.emplace();
  w.quantization->scale = {0.25f, 0.125f, 1e-3f};
  w.quantization->zero_point = {0, 0, 0};
  w.quantization->quantized_dimension = 0;
  int wi = g.AddTensor(w);
  TflTensor out;
  out.name = "logits";
  out.shape = {1, 3};
  int y = g.AddTensor(out);
  TflOperator& fc = g.operators.emplace_back();
  m.operator_codes.push_back(TflOperatorCode{tflite::BuiltinOperator::FULLY_CONNECTED, "", 4});
  fc.opcode_index = 0;
  fc.inputs = {x, wi, -1};
  fc.outputs = {y};
  fc.builtin_options.Set(tflite::FullyConnectedOptionsT());
  TflOperator& custom = g.operators.emplace_back();  // `fc` is invalid from here on
  custom.opcode_index = m.CustomOpcodeIndex("Postprocess");
  custom.inputs = {y};
  custom.outputs = {y};
  custom.custom_options = {1, 2, 3};
  g.inputs = {x};
  g.outputs = {y};
  TflSignatureDef sig;
  sig.signature_key = "serving_default";
  sig.inputs = {{"pixels", 0}};
  sig.outputs = {{"scores", 2}};
  m.signature_defs.push_back(sig);
  std::string version("2.3.0\0\0\0\0\0\0\0\0\0\0\0", 16);
  m.metadata.emplace_back("min_runtime_version", m.AddBuffer(ByteBuffer::FromString(version)));
  return m;
}

void ExpectContains(const std::string& text, const std::string& part) {
  EXPECT_NE(text.find(part), std::string::npos) << "missing: " << part << "\nin:\n" << text;
}

TEST(ModelPrinterTest, TextNamesEverything) {
  const std::string text = DescribeModel(Example());
  ExpectContains(text, "1 subgraph(s), 2 operator(s), 3 buffers holding 28 bytes");
  ExpectContains(text, "description: example");
  ExpectContains(text, "0: FULLY_CONNECTED v4");
  ExpectContains(text, "1: CUSTOM(Postprocess) v1");
  ExpectContains(text, "Subgraph 0 'main': 3 tensors, 2 operators");
  ExpectContains(text, "0: FULLY_CONNECTED v4 (FullyConnectedOptions)");
  ExpectContains(text, "in:  [0] image, [1] weights \"w\"\xff, -");
  ExpectContains(text, "out: [2] logits");
  ExpectContains(text, "custom options 3 bytes");
  ExpectContains(text, "0: 'image' INT8 [1,4] signature [-1,4] quant: scale 0.5 zero_point -3");
  ExpectContains(text, "buffer 1 (12 bytes) quant: per-axis dim 0 scale [0.25, 0.125, 0.001]");
  ExpectContains(text, "2: 'logits' FLOAT32 [1,3]\n");
  ExpectContains(text, "'serving_default' (subgraph 0)");
  ExpectContains(text, "input  'pixels' -> [0] image");
  ExpectContains(text, "output 'scores' -> [2] logits");
  ExpectContains(text, "'min_runtime_version': buffer 2, 16 bytes \"2.3.0\"");
}

TEST(ModelPrinterTest, JsonIsValidAndComplete) {
  const std::string json = DescribeModelJson(Example());
  EXPECT_EQ(JsonChecker(json).FirstError(), std::string::npos) << json;
  ExpectContains(
      json, "\"op\":\"FULLY_CONNECTED\",\"builtin_code\":9,\"custom_code\":\"\",\"version\":4");
  ExpectContains(json, "\"op\":\"CUSTOM(Postprocess)\"");
  ExpectContains(json, "\"name\":\"weights \\\"w\\\"\\ufffd\"");
  ExpectContains(json, "\"shape\":[1,4],\"shape_signature\":[-1,4]");
  ExpectContains(
      json,
      "\"scale\":[0.25,0.125,0.00100000005],\"zero_point\":[0,0,0],\"quantized_dimension\":0");
  ExpectContains(json, "\"inputs\":[0,1,-1],\"outputs\":[2]");
  ExpectContains(json, "{\"name\":\"pixels\",\"tensor\":0,\"tensor_name\":\"image\"}");
  ExpectContains(json,
                 "{\"name\":\"min_runtime_version\",\"buffer\":2,\"size\":16,\"value\":\"2.3.0\"}");
  ExpectContains(json, "\"buffers\":{\"count\":3,\"total_bytes\":28}");
}

TEST(ModelPrinterTest, ToleratesBrokenIndices) {
  TflModel m = Example();
  m.subgraphs[0].operators[0].inputs = {57};
  m.subgraphs[0].operators[1].opcode_index = 9;
  m.subgraphs[0].tensors[0].buffer = 99;
  m.signature_defs[0].subgraph_index = 4;
  m.metadata[0].second = 77;
  const std::string text = DescribeModel(m);
  ExpectContains(text, "[57] <missing>");
  ExpectContains(text, "<opcode 9 out of range>");
  const std::string json = DescribeModelJson(m);
  EXPECT_EQ(JsonChecker(json).FirstError(), std::string::npos) << json;
}

TEST(ModelPrinterTest, NonFiniteScalesStayValidJson) {
  TflModel m = Example();
  m.subgraphs[0].tensors[0].quantization->scale = {std::numeric_limits<float>::quiet_NaN()};
  m.subgraphs[0].tensors[1].quantization->scale = {std::numeric_limits<float>::infinity()};
  const std::string json = DescribeModelJson(m);
  EXPECT_EQ(JsonChecker(json).FirstError(), std::string::npos) << json;
  ExpectContains(json, "\"scale\":[\"NaN\"]");
}

}  // namespace
}  // namespace tfconv
