#include "runtime_check/analyze/analysis.h"

#include <cstring>

#include "absl/strings/match.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/runtime_version.h"
#include "converter/tflite/testing/real_models.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace tfconv {
namespace {

using T = tflite::TensorType;
using json = nlohmann::json;

#define EXPECT_CONTAINS(text, part)                                                  \
  do {                                                                               \
    const std::string _text(text);                                                   \
    EXPECT_TRUE(absl::StrContains(_text, part)) << "'" << part << "' not in:\n" << _text; \
  } while (0)

uint32_t AddBytes(TflModel& m, const std::string& bytes) {
  return m.AddBuffer(ByteBuffer::FromString(bytes));
}

// x [1,8,8,3] (dynamic batch) -> CONV_2D v3 (w per-axis int8, bias int32) -> y
// Buffers: 1 = w, 2 = bias (all zeros), 3 = a copy of w's bytes (unused weights), 4 = metadata.
TflModel SmallModel() {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  g.name = "main";
  const std::string w_bytes(4 * 3 * 3 * 3, '\x07');
  const uint32_t w_buf = AddBytes(m, w_bytes);
  const uint32_t b_buf = AddBytes(m, std::string(16, '\0'));
  const uint32_t copy_buf = AddBytes(m, w_bytes);
  const uint32_t meta_buf = AddBytes(m, std::string("1.5.0\0\0\0\0\0\0\0\0\0\0\0", 16));
  m.metadata.push_back({kMinRuntimeVersionMetadata, meta_buf});

  TflQuantization per_tensor;
  per_tensor.scale = {0.5f};
  per_tensor.zero_point = {-3};
  TflQuantization per_axis;
  per_axis.scale = {0.1f, 0.2f, 0.3f, 0.4f};
  per_axis.zero_point = {0, 0, 0, 0};
  int x = g.AddTensor({.name = "x", .type = T::INT8, .shape = {1, 8, 8, 3},
                       .shape_signature = {-1, 8, 8, 3}, .quantization = per_tensor});
  int w = g.AddTensor({.name = "w", .type = T::INT8, .shape = {4, 3, 3, 3}, .buffer = w_buf,
                       .quantization = per_axis});
  int b = g.AddTensor({.name = "b", .type = T::INT32, .shape = {4}, .buffer = b_buf});
  g.AddTensor({.name = "spare", .type = T::INT8, .shape = {4, 3, 3, 3}, .buffer = copy_buf});
  int y = g.AddTensor({.name = "y", .type = T::INT8, .shape = {1, 8, 8, 4},
                       .quantization = per_tensor});
  TflOperator& op = g.operators.emplace_back();
  op.opcode_index = m.OpcodeIndex(tflite::BuiltinOperator::CONV_2D);
  m.operator_codes[op.opcode_index].version = 3;
  op.inputs = {x, w, b};
  op.outputs = {y};
  tflite::Conv2DOptionsT o;
  o.stride_h = o.stride_w = 1;
  op.builtin_options.Set(std::move(o));
  g.inputs = {x};
  g.outputs = {y};
  return m;
}

TEST(AnalysisTest, TextListsOpsTensorsBuffersAndSummary) {
  const TflModel m = SmallModel();
  std::string text = AnalyzeModelText(m, {.model_path = "small.tflite"});
  EXPECT_CONTAINS(text, "Model small.tflite");
  EXPECT_CONTAINS(text, "Subgraph #0 \"main\": 5 tensors, 1 operators");
  EXPECT_CONTAINS(text, "Op#0 CONV_2D v3 (Conv2DOptions)");
  EXPECT_CONTAINS(text, "in  T#0 'x' INT8 [1,8,8,3] sig [-1,8,8,3] q(scale 0.5, zp -3)");
  EXPECT_CONTAINS(text, "in  T#1 'w' INT8 [4,3,3,3] const 108 B q(per-axis: 4 scales 0.1..0.4, axis 0)");
  EXPECT_CONTAINS(text, "out T#4 'y' INT8 [1,8,8,4]");
  EXPECT_CONTAINS(text, "B#1 108 bytes, used by 'w'\n  B#3 108 bytes, used by 'spare'\n"
                        "  B#2 16 bytes, used by 'b'\n");  // largest first, metadata apart
  EXPECT_CONTAINS(text, "B#2 all zeros, 16 bytes, used by 'b'");
  EXPECT_CONTAINS(text, "B#3 duplicates B#1, 108 bytes, used by 'spare'");
  EXPECT_CONTAINS(text, "B#4 metadata 'min_runtime_version', 16 bytes");
  // w + b + spare; the metadata buffer is not a weight.
  EXPECT_CONTAINS(text, "weights (constant tensors) 232 bytes");
  EXPECT_CONTAINS(text, "min_runtime_version: metadata \"1.5.0\", from the ops \"" +
                            RuntimeVersionOf(tflite::BuiltinOperator::CONV_2D, 3) + "\"");
  EXPECT_CONTAINS(text, "(the metadata is older than the ops need)");
  EXPECT_CONTAINS(text, "ops: CONV_2D x1");
  EXPECT_CONTAINS(text, "tensor types: INT8 x4, INT32 x1");
  // x (192) and y (256) are live together: 448 bytes, nothing to reuse.
  EXPECT_CONTAINS(text, "activation arena: 448 bytes");
  EXPECT_FALSE(absl::StrContains(text, "Profile "));
}

TEST(AnalysisTest, JsonCarriesTheSameFacts) {
  const TflModel m = SmallModel();
  json j = json::parse(AnalyzeModelJson(m, {.model_path = "small.tflite"}), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  const json& op = j["subgraphs"][0]["operators"][0];
  EXPECT_EQ(op["op"], "CONV_2D");
  EXPECT_EQ(op["version"], 3);
  EXPECT_EQ(op["options"], "Conv2DOptions");
  EXPECT_EQ(op["inputs"][0]["shape_signature"], json({-1, 8, 8, 3}));
  EXPECT_EQ(op["inputs"][0]["quantization"]["scale"], 0.5);
  EXPECT_EQ(op["inputs"][0]["quantization"]["zero_point"], -3);
  EXPECT_EQ(op["inputs"][1]["quantization"]["scales"], 4);
  EXPECT_EQ(op["inputs"][1]["constant"], true);
  EXPECT_FALSE(op.contains("profile"));
  EXPECT_EQ(j["buffers"]["all_zero"], json({2}));
  EXPECT_EQ(j["buffers"]["duplicates"], json({{3, 1}}));
  EXPECT_EQ(j["buffers"]["weight_bytes"], 232);
  EXPECT_EQ(j["summary"]["operators"]["CONV_2D"], 1);
  EXPECT_EQ(j["summary"]["tensor_types"]["INT8"], 4);
  EXPECT_EQ(j["min_runtime_version"]["metadata"], "1.5.0");
  EXPECT_EQ(j["subgraphs"][0]["arena"]["arena_bytes"], 448);
  EXPECT_FALSE(j.contains("profile"));
}

TEST(AnalysisTest, ProfileVerdictsAppearPerOpAndInTheSummary) {
  const TflModel m = SmallModel();
  absl::StatusOr<HardwareProfile> tpu = LoadProfile("edgetpu");
  ASSERT_TRUE(tpu.ok()) << tpu.status();
  AnalyzeOptions options{.model_path = "small.tflite", .profile = &*tpu};
  std::string text = AnalyzeModelText(m, options);
  // The conv itself is fine on the Edge TPU; the dynamic input is not.
  EXPECT_CONTAINS(text, "Op#0 CONV_2D v3 (Conv2DOptions)  [ok on edgetpu]");
  EXPECT_CONTAINS(text, "Profile edgetpu (");
  EXPECT_CONTAINS(text, "NOT COMPATIBLE: 1 of 1 operators supported, 1 model-level issue(s)");
  EXPECT_CONTAINS(text, "! dynamic shape [-1,8,8,3] in input 'x': edgetpu needs static shapes");

  absl::StatusOr<HardwareProfile> gpu = LoadProfile("gpu_fp16");
  ASSERT_TRUE(gpu.ok()) << gpu.status();
  options.profile = &*gpu;
  json j = json::parse(AnalyzeModelJson(m, options), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["profile"]["name"], "gpu_fp16");
  EXPECT_EQ(j["profile"]["compatible"], false);
  const json& verdict = j["subgraphs"][0]["operators"][0]["profile"];
  EXPECT_EQ(verdict["allowed"], true);
}

TEST(AnalysisTest, RealModelsAnalyzeWithEveryProfile) {
  RealModels models = FindRealModels();
  if (!models.error.empty()) FAIL() << models.error;
  if (models.paths.empty()) GTEST_SKIP() << models.skip_reason;
  std::vector<HardwareProfile> profiles;
  for (const char* name : {"cpu", "gpu_fp16", "edgetpu", "tflm"}) {
    absl::StatusOr<HardwareProfile> p = LoadProfile(name);
    ASSERT_TRUE(p.ok()) << p.status();
    profiles.push_back(*p);
  }
  int analyzed = 0;
  for (const std::string& path : models.paths) {
    absl::StatusOr<TflModel> m = ReadModelFile(path);
    if (!m.ok()) continue;
    const HardwareProfile& p = profiles[analyzed % profiles.size()];
    json j = json::parse(AnalyzeModelJson(*m, {.model_path = path, .profile = &p}), nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << path;
    size_t ops = 0;
    for (const json& sg : j["subgraphs"]) ops += sg["operators"].size();
    size_t want = 0;
    for (const TflSubgraph& g : m->subgraphs) want += g.operators.size();
    EXPECT_EQ(ops, want) << path;
    EXPECT_EQ(j["profile"]["operators"], want) << path;
    EXPECT_FALSE(AnalyzeModelText(*m, {.model_path = path, .profile = &p}).empty());
    ++analyzed;
  }
  EXPECT_GT(analyzed, 10);
}

}  // namespace
}  // namespace tfconv
