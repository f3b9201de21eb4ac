// The converter's metadata: CONVERSION_METADATA (source type, options, quantization mode) unless
// excluded, min_runtime_version from the op versions, and TFLITE_METADATA + packed files from a
// --metadata description.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>

#include "converter/api/builtin_converter_for_tests.h"
#include "converter/api/converter.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/runtime_version.h"
#include "gtest/gtest.h"
#include "metadata/archive/associated_files.h"
#include "metadata/conversion/conversion_metadata.h"
#include "metadata/display/metadata_display.h"
#include "metadata/writer/file_io.h"
#include "metadata/writer/model_metadata_entry.h"
#include "nlohmann/json.hpp"

namespace tfconv {
namespace {

std::string Tmp() {
  const char* tmp = std::getenv("TEST_TMPDIR");
  return tmp != nullptr ? tmp : "/tmp";
}

// r = Relu(x + c), x: [1, 4].
std::string WriteGraph() {
  const std::string path = Tmp() + "/relu.pbtxt";
  std::ofstream(path) << R"(
node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "shape" value { shape { dim { size: 1 } dim { size: 4 } } } } }
node { name: "c" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 4 } }
         float_val: [1, -1, 0.5, 2] } } } }
node { name: "y" op: "AddV2" input: "x" input: "c" attr { key: "T" value { type: DT_FLOAT } } }
node { name: "r" op: "Relu" input: "y" attr { key: "T" value { type: DT_FLOAT } } }
)";
  return path;
}

ConversionRequest Request() {
  ConversionRequest r;
  r.graph_def_file = WriteGraph();
  r.input_arrays = {"x"};
  r.output_arrays = {"r"};
  return r;
}

TEST(ConverterMetadata, ConversionMetadataDescribesTheRequest) {
  absl::StatusOr<TflModel> model = BuiltinConverterForTests(false).Convert(Request());
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<ConversionMetadataInfo> info = ReadConversionMetadata(*model);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(static_cast<int>(info->model_type), 4);  // TF_GRAPH_DEF
  EXPECT_EQ(info->api_version, 2u);
  EXPECT_TRUE(info->optimization_modes.empty());
  EXPECT_FALSE(info->allow_custom_ops);
  // min_runtime_version comes from the ops: ADD v1 and RELU v1 are in TFLite 1.5.0.
  const ByteBuffer* runtime = FindMetadataEntry(*model, kMinRuntimeVersionMetadata);
  ASSERT_NE(runtime, nullptr);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(runtime->data())), "1.5.0");
}

TEST(ConverterMetadata, RecordsTheOptions) {
  ConversionRequest r = Request();
  r.lowering.allow_custom_ops = true;
  absl::StatusOr<TflModel> model = BuiltinConverterForTests(false).Convert(r);
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<ConversionMetadataInfo> info = ReadConversionMetadata(*model);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_TRUE(info->allow_custom_ops);
  EXPECT_FALSE(info->enable_select_tf_ops);
}

TEST(ConverterMetadata, RecordsTheQuantizationMode) {
  // The numbers of TensorFlow's conversion_metadata.fbs: PTQ_FLOAT16 1001, PTQ_DYNAMIC_RANGE 1002.
  for (auto [mode, expected] : {std::pair{QuantizationMode::kFloat16, 1001},
                                std::pair{QuantizationMode::kDynamicRange, 1002}}) {
    ConversionRequest r = Request();
    r.quantization.options.mode = mode;
    r.quantization.options.weights_min_num_elements = 1;
    absl::StatusOr<TflModel> model = BuiltinConverterForTests(false).Convert(r);
    ASSERT_TRUE(model.ok()) << model.status();
    absl::StatusOr<ConversionMetadataInfo> info = ReadConversionMetadata(*model);
    ASSERT_TRUE(info.ok()) << info.status();
    ASSERT_EQ(info->optimization_modes.size(), 1u) << QuantizationModeName(mode);
    EXPECT_EQ(static_cast<int>(info->optimization_modes[0]), expected);
  }
}

TEST(ConverterMetadata, ExcludeConversionMetadata) {
  ConversionRequest r = Request();
  r.exclude_conversion_metadata = true;
  absl::StatusOr<TflModel> model = BuiltinConverterForTests(false).Convert(r);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(FindMetadataEntry(*model, kConversionMetadataName), nullptr);
  EXPECT_NE(FindMetadataEntry(*model, kMinRuntimeVersionMetadata), nullptr);
}

TEST(ConverterMetadata, MetadataDescriptionIsWrittenWithItsFiles) {
  ConversionRequest r = Request();
  const std::string dir = Tmp() + "/desc";
  ASSERT_EQ(std::system(("mkdir -p '" + dir + "'").c_str()), 0);
  ASSERT_TRUE(WriteFileAtomically(dir + "/labels.txt", "a\nb\nc\nd\n").ok());
  ASSERT_TRUE(WriteFileAtomically(dir + "/desc.json", R"({
    "name": "shifted relu", "version": "1", "author": "tests",
    "inputs": [{"description": "four features", "content": {"type": "feature"}}],
    "outputs": [{"associated_files": [{"path": "labels.txt", "type": "TENSOR_AXIS_LABELS"}]}]
  })").ok());
  r.metadata_file = dir + "/desc.json";
  const std::string out = Tmp() + "/with_metadata.tflite";
  absl::StatusOr<ConversionSummary> summary = BuiltinConverterForTests(false).ConvertToFile(r, out);
  ASSERT_TRUE(summary.ok()) << summary.status();

  absl::StatusOr<MetadataDisplay> shown = DisplayMetadataFile(out);
  ASSERT_TRUE(shown.ok()) << shown.status();
  nlohmann::json j = nlohmann::json::parse(shown->json, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << shown->json;
  EXPECT_EQ(j["name"], "shifted relu");
  EXPECT_EQ(j["min_parser_version"], "1.0.0");
  const nlohmann::json& sg = j["subgraph_metadata"][0];
  EXPECT_EQ(sg["input_tensor_metadata"][0]["name"], "x");  // named after the model's tensor
  EXPECT_EQ(sg["input_tensor_metadata"][0]["description"], "four features");
  EXPECT_EQ(sg["output_tensor_metadata"][0]["associated_files"][0]["name"], "labels.txt");
  EXPECT_EQ(shown->packed_files, std::vector<std::string>{"labels.txt"});
  absl::StatusOr<TflModel> model = ReadModelFile(out);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_NE(FindMetadataEntry(*model, kConversionMetadataName), nullptr);
  EXPECT_NE(FindMetadataEntry(*model, kMinRuntimeVersionMetadata), nullptr);
}

TEST(ConverterMetadata, BadDescriptionLeavesNoOutput) {
  ConversionRequest r = Request();
  const std::string desc = Tmp() + "/bad.json";
  ASSERT_TRUE(WriteFileAtomically(desc, R"({"outputs": [{}, {}]})").ok());
  r.metadata_file = desc;
  const std::string out = Tmp() + "/bad.tflite";
  absl::StatusOr<ConversionSummary> summary = BuiltinConverterForTests(false).ConvertToFile(r, out);
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.status().message().find("describes 2 output tensors but subgraph 0 has 1 output ('r')"),
            std::string::npos) << summary.status();
  EXPECT_NE(access(out.c_str(), F_OK), 0);
}

}  // namespace
}  // namespace tfconv
