#include "metadata/conversion/conversion_metadata.h"

#include <string>

#include "converter/frontend/shared_testdata.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using conversion::ModelOptimizationMode;
using conversion::ModelType;

// Buffers the official converter wrote; the expected values were decoded with
// `flatc --json --raw-binary` from the buffer bytes (an independent decoder).
TEST(ConversionMetadata, ReadsOfficialKerasInt8Model) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  absl::StatusOr<TflModel> model =
      ReadModelFile(shared + "/testdata/real/tflite_micro/hello_world/hello_world_int8.tflite");
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<ConversionMetadataInfo> info = ReadConversionMetadata(*model);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->tensorflow_version, "2.11.0");
  EXPECT_EQ(info->api_version, 2u);
  EXPECT_EQ(info->model_type, ModelType::KERAS_MODEL);
  ASSERT_EQ(info->optimization_modes.size(), 1u);
  EXPECT_EQ(static_cast<int>(info->optimization_modes[0]), 1003);  // PTQ_FULL_INTEGER
  EXPECT_FALSE(info->allow_custom_ops);
  EXPECT_FALSE(info->enable_select_tf_ops);
}

TEST(ConversionMetadata, ReadsOfficialSessionModelWithSelectOps) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  absl::StatusOr<TflModel> model =
      ReadModelFile(shared + "/testdata/real/tf2onnx/regression/tflite/test_api_model.tflite");
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<ConversionMetadataInfo> info = ReadConversionMetadata(*model);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->tensorflow_version, "2.9.0");
  EXPECT_EQ(info->api_version, 1u);
  EXPECT_EQ(static_cast<int>(info->model_type), 5);  // TF_SESSION
  EXPECT_TRUE(info->optimization_modes.empty());
  EXPECT_TRUE(info->enable_select_tf_ops);
  EXPECT_FALSE(info->force_select_tf_ops);
}

TEST(ConversionMetadata, RoundTripsEveryField) {
  ConversionMetadataInfo info;
  info.api_version = 2;
  info.model_type = ModelType::TF_GRAPH_DEF;
  info.model_hash = 0x1234567890abcdefULL;
  info.optimization_modes = {ModelOptimizationMode::PTQ_DYNAMIC_RANGE, ModelOptimizationMode::BLOCK_SPARSITY};
  info.allow_custom_ops = true;
  info.sparsity_block_sizes = {{1, 4}};
  const std::string bytes = SerializeConversionMetadata(info);
  EXPECT_EQ(bytes, SerializeConversionMetadata(info));  // deterministic
  absl::StatusOr<ConversionMetadataInfo> back =
      ParseConversionMetadata({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->model_type, ModelType::TF_GRAPH_DEF);
  EXPECT_EQ(back->model_hash, info.model_hash);
  ASSERT_EQ(back->optimization_modes.size(), 2u);
  EXPECT_EQ(static_cast<int>(back->optimization_modes[0]), 1002);
  EXPECT_EQ(static_cast<int>(back->optimization_modes[1]), 3002);
  EXPECT_TRUE(back->allow_custom_ops);
  ASSERT_EQ(back->sparsity_block_sizes.size(), 1u);
  EXPECT_EQ(back->sparsity_block_sizes[0], (std::vector<uint32_t>{1, 4}));
}

TEST(ConversionMetadata, RejectsGarbage) {
  const uint8_t junk[] = {0xff, 0xff, 0xff, 0x7f, 1, 2, 3};
  absl::StatusOr<ConversionMetadataInfo> info = ParseConversionMetadata(junk);
  ASSERT_FALSE(info.ok());
  EXPECT_NE(info.status().message().find("CONVERSION_METADATA"), std::string::npos);
}

TEST(ConversionMetadata, SetTwiceKeepsOneEntryThroughTheFile) {
  TflModel model;
  ConversionMetadataInfo info;
  info.model_type = ModelType::TF_SAVED_MODEL;
  SetConversionMetadata(model, info);
  info.optimization_modes = {ModelOptimizationMode::PTQ_FLOAT16};
  SetConversionMetadata(model, info);
  ASSERT_EQ(model.metadata.size(), 1u);
  absl::StatusOr<std::string> bytes = SerializeModel(model);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<TflModel> back = ReadModel(ByteBuffer::FromString(*bytes));
  ASSERT_TRUE(back.ok()) << back.status();
  absl::StatusOr<ConversionMetadataInfo> read = ReadConversionMetadata(*back);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->model_type, ModelType::TF_SAVED_MODEL);
  ASSERT_EQ(read->optimization_modes.size(), 1u);
  EXPECT_EQ(static_cast<int>(read->optimization_modes[0]), 1001);
  EXPECT_EQ(ReadConversionMetadata(TflModel()).status().code(), absl::StatusCode::kNotFound);
}

TEST(ConversionMetadata, OfficialModeNumbers) {
  EXPECT_FALSE(OptimizationModeOf(QuantizationMode::kNone).has_value());
  EXPECT_EQ(static_cast<int>(*OptimizationModeOf(QuantizationMode::kFloat16)), 1001);
  EXPECT_EQ(static_cast<int>(*OptimizationModeOf(QuantizationMode::kDynamicRange)), 1002);
  EXPECT_EQ(static_cast<int>(*OptimizationModeOf(QuantizationMode::kInt8)), 1003);
  EXPECT_EQ(static_cast<int>(*OptimizationModeOf(QuantizationMode::kInt16x8)), 1004);
}

TEST(ConversionMetadata, AddOptimizationModeOnceAndOnlyToAnEntry) {
  TflModel none;
  AddOptimizationMode(none, ModelOptimizationMode::PTQ_INT16);
  EXPECT_TRUE(none.metadata.empty());
  TflModel model;
  SetConversionMetadata(model, ConversionMetadataInfo());
  AddOptimizationMode(model, ModelOptimizationMode::PTQ_INT16);
  AddOptimizationMode(model, ModelOptimizationMode::PTQ_INT16);
  absl::StatusOr<ConversionMetadataInfo> info = ReadConversionMetadata(model);
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_EQ(info->optimization_modes.size(), 1u);
  EXPECT_EQ(static_cast<int>(info->optimization_modes[0]), 1004);
}

}  // namespace
}  // namespace tfconv
