#include "quantization/tools/quantization_request.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

using tflite::TensorType;

// The expectations follow the official TFLiteConverter's QuantizationMode (tflite/python/lite.py).
QuantizationRequest Ok(const QuantizationFlags& flags) {
  absl::StatusOr<QuantizationRequest> r = QuantizationRequestFromFlags(flags);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : QuantizationRequest{};
}

std::string Error(const QuantizationFlags& flags) {
  absl::StatusOr<QuantizationRequest> r = QuantizationRequestFromFlags(flags);
  EXPECT_FALSE(r.ok()) << "accepted, mode " << QuantizationModeName(r->options.mode);
  return r.ok() ? "" : std::string(r.status().message());
}

TEST(ModeDecisionTest, NoFlagsNoQuantization) {
  EXPECT_EQ(Ok({}).options.mode, QuantizationMode::kNone);
  // A calibrated model alone asks for nothing either.
  EXPECT_EQ(Ok({.model_calibrated = true}).options.mode, QuantizationMode::kNone);
}

TEST(ModeDecisionTest, DefaultWithoutDatasetIsDynamicRange) {
  EXPECT_EQ(Ok({.optimizations = "DEFAULT"}).options.mode, QuantizationMode::kDynamicRange);
  // The deprecated aliases and the Python spellings.
  EXPECT_EQ(Ok({.optimizations = "OPTIMIZE_FOR_SIZE"}).options.mode, QuantizationMode::kDynamicRange);
  EXPECT_EQ(Ok({.optimizations = "tf.lite.Optimize.OPTIMIZE_FOR_LATENCY"}).options.mode,
            QuantizationMode::kDynamicRange);
  EXPECT_EQ(Ok({.optimizations = "default"}).options.mode, QuantizationMode::kDynamicRange);
}

TEST(ModeDecisionTest, Float16) {
  EXPECT_EQ(Ok({.optimizations = "DEFAULT", .supported_types = "float16"}).options.mode, QuantizationMode::kFloat16);
  // A dataset does not change it (the official converter ignores it; ApplyQuantization warns).
  EXPECT_EQ(Ok({.optimizations = "DEFAULT", .representative_dataset = "d", .supported_types = "tf.float16"}).options.mode,
            QuantizationMode::kFloat16);
  // int8 among the types: the smallest type decides.
  EXPECT_EQ(Ok({.optimizations = "DEFAULT", .supported_types = "float16,int8"}).options.mode,
            QuantizationMode::kDynamicRange);
}

TEST(ModeDecisionTest, DatasetGivesInt8WithFloatFallback) {
  QuantizationRequest r = Ok({.optimizations = "DEFAULT", .representative_dataset = "calib"});
  EXPECT_EQ(r.options.mode, QuantizationMode::kInt8);
  EXPECT_FALSE(r.options.integer_only);
  EXPECT_EQ(r.representative_dataset, "calib");
  r = Ok({.optimizations = "DEFAULT", .representative_dataset = "calib", .target_ops = "TFLITE_BUILTINS,TFLITE_BUILTINS_INT8"});
  EXPECT_EQ(r.options.mode, QuantizationMode::kInt8);
  EXPECT_FALSE(r.options.integer_only);
  // A calibrated model counts as a dataset.
  EXPECT_EQ(Ok({.optimizations = "DEFAULT", .model_calibrated = true}).options.mode, QuantizationMode::kInt8);
}

TEST(ModeDecisionTest, Int8Only) {
  QuantizationRequest r = Ok({.optimizations = "DEFAULT", .representative_dataset = "calib",
                              .target_ops = "TFLITE_BUILTINS_INT8", .inference_input_type = "INT8",
                              .inference_output_type = "uint8"});
  EXPECT_EQ(r.options.mode, QuantizationMode::kInt8);
  EXPECT_TRUE(r.options.integer_only);
  EXPECT_EQ(r.options.inference_input_type, TensorType::INT8);
  EXPECT_EQ(r.options.inference_output_type, TensorType::UINT8);
  // supported_types={int8} makes the int8 op set the only target, as the official converter does.
  r = Ok({.optimizations = "DEFAULT", .representative_dataset = "calib", .supported_types = "int8"});
  EXPECT_EQ(r.options.mode, QuantizationMode::kInt8);
  EXPECT_TRUE(r.options.integer_only);
  r = Ok({.optimizations = "DEFAULT", .representative_dataset = "calib",
          .target_ops = "tf.lite.OpsSet.TFLITE_BUILTINS_INT8", .inference_input_type = "QUANTIZED_UINT8"});
  EXPECT_EQ(r.options.inference_input_type, TensorType::UINT8);
}

TEST(ModeDecisionTest, Int16x8) {
  const std::string t16 = "EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8";
  QuantizationRequest r = Ok({.optimizations = "DEFAULT", .representative_dataset = "c", .target_ops = t16,
                              .inference_input_type = "INT16"});
  EXPECT_EQ(r.options.mode, QuantizationMode::kInt16x8);
  EXPECT_TRUE(r.options.integer_only);
  EXPECT_EQ(r.options.inference_input_type, TensorType::INT16);
  r = Ok({.optimizations = "DEFAULT", .representative_dataset = "c", .target_ops = t16 + ",TFLITE_BUILTINS"});
  EXPECT_EQ(r.options.mode, QuantizationMode::kInt16x8);
  EXPECT_FALSE(r.options.integer_only);
  EXPECT_NE(Error({.optimizations = "DEFAULT", .target_ops = t16}).find("needs calibration data"), std::string::npos);
  EXPECT_NE(Error({.optimizations = "DEFAULT", .representative_dataset = "c", .target_ops = t16,
                   .inference_output_type = "INT8"})
                .find("--inference_output_type=INT8: 16x8 quantization allows FLOAT32 or INT16"),
            std::string::npos);
}

TEST(ModeDecisionTest, DenylistIsPassedOnAndChecked) {
  EXPECT_EQ(Ok({.optimizations = "DEFAULT", .quantize_denylist = "head/.*"}).options.denylist_regex, "head/.*");
  const std::string e = Error({.optimizations = "DEFAULT", .quantize_denylist = "conv(["});
  EXPECT_NE(e.find("--quantize_denylist='conv(['"), std::string::npos) << e;
  EXPECT_NE(e.find("RE2"), std::string::npos) << e;
}

TEST(ModeDecisionTest, InconsistentCombinationsNameTheFlag) {
  EXPECT_NE(Error({.representative_dataset = "calib"}).find("--representative_dataset needs --optimizations=DEFAULT"),
            std::string::npos);
  EXPECT_NE(Error({.target_ops = "TFLITE_BUILTINS_INT8", .model_calibrated = true})
                .find("--target_ops=TFLITE_BUILTINS_INT8 needs --optimizations=DEFAULT"),
            std::string::npos);
  EXPECT_NE(Error({.supported_types = "float16"}).find("--supported_types=float16 needs --optimizations"),
            std::string::npos);
  EXPECT_NE(Error({.inference_input_type = "INT8"}).find("--inference_input_type=INT8 needs --optimizations"),
            std::string::npos);
  EXPECT_NE(Error({.quantize_denylist = "x"}).find("--quantize_denylist needs --optimizations"), std::string::npos);
  // Integer I/O without a dataset (dynamic range) or with float16.
  std::string e = Error({.optimizations = "DEFAULT", .inference_input_type = "INT8"});
  EXPECT_NE(e.find("--inference_input_type=INT8 needs full integer quantization"), std::string::npos) << e;
  EXPECT_NE(e.find("--representative_dataset"), std::string::npos) << e;
  e = Error({.optimizations = "DEFAULT", .supported_types = "float16", .inference_output_type = "UINT8"});
  EXPECT_NE(e.find("--inference_output_type=UINT8 needs full integer"), std::string::npos) << e;
  EXPECT_NE(Error({.optimizations = "DEFAULT", .representative_dataset = "c", .inference_input_type = "INT16"})
                .find("--inference_input_type=INT16 needs 16x8"),
            std::string::npos);
  // The int8 target without a dataset.
  e = Error({.optimizations = "DEFAULT", .target_ops = "TFLITE_BUILTINS_INT8"});
  EXPECT_NE(e.find("needs calibration data: give --representative_dataset=PATH"), std::string::npos) << e;
  EXPECT_NE(Error({.optimizations = "DEFAULT", .supported_types = "int8"}).find("needs calibration data"),
            std::string::npos);
  // The int8 op set alone with float16.
  EXPECT_NE(Error({.optimizations = "DEFAULT", .representative_dataset = "c", .target_ops = "TFLITE_BUILTINS_INT8",
                   .supported_types = "float16"})
                .find("leave --supported_types out or set it to int8"),
            std::string::npos);
  EXPECT_NE(Error({.optimizations = "DEFAULT", .representative_dataset_signature = "serving_default"})
                .find("needs --representative_dataset"),
            std::string::npos);
}

TEST(ModeDecisionTest, UnknownValues) {
  EXPECT_NE(Error({.optimizations = "FASTEST"}).find("unknown optimization 'FASTEST'"), std::string::npos);
  EXPECT_NE(Error({.optimizations = "EXPERIMENTAL_SPARSITY"}).find("not supported"), std::string::npos);
  EXPECT_NE(Error({.optimizations = "DEFAULT", .target_ops = "TFLITE_BUILTINS,INT4"}).find("unknown op set 'INT4'"),
            std::string::npos);
  EXPECT_NE(Error({.optimizations = "DEFAULT", .target_ops = "SELECT_TF_OPS"}).find("no Select-TF (Flex) ops"),
            std::string::npos);
  EXPECT_NE(Error({.optimizations = "DEFAULT", .supported_types = "bfloat16"}).find("'bfloat16' is not supported"),
            std::string::npos);
  EXPECT_NE(Error({.optimizations = "DEFAULT", .representative_dataset = "c", .inference_input_type = "INT4"})
                .find("--inference_input_type=INT4: unknown type"),
            std::string::npos);
}

TEST(CalibratedRangesTest, OnlyActivationsWithMinAndMaxCount) {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  const float w = 1;
  const uint32_t b = m.AddBuffer(ByteBuffer::Copy(&w, sizeof(w)));
  g.AddTensor({.name = "w", .type = TensorType::FLOAT32, .shape = {1}, .buffer = b,
               .quantization = TflQuantization{.min = {-1}, .max = {1}}});
  g.AddTensor({.name = "x", .type = TensorType::FLOAT32, .shape = {1}});
  g.AddTensor({.name = "y", .type = TensorType::FLOAT32, .shape = {1}});
  g.AddTensor({.name = "unused", .type = TensorType::FLOAT32, .shape = {1}});
  TflOperator& op = g.operators.emplace_back();
  op.opcode_index = m.OpcodeIndex(tflite::BuiltinOperator::ADD);
  op.inputs = {1, 0};
  op.outputs = {2};
  EXPECT_FALSE(HasCalibratedRanges(m));
  g.tensors[1].quantization = TflQuantization{.min = {-1}};
  EXPECT_FALSE(HasCalibratedRanges(m));
  g.tensors[1].quantization->max = {1};
  EXPECT_FALSE(HasCalibratedRanges(m));  // y has no range yet: only some tensors calibrated
  g.tensors[2].quantization = TflQuantization{.min = {-2}, .max = {2}};
  EXPECT_TRUE(HasCalibratedRanges(m));   // the unused tensor does not count
}

}  // namespace
}  // namespace tfconv
