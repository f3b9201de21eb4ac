#include "runtime_check/profiles/profile.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

namespace fs = std::filesystem;

// gmock is not linked here; a substring check with the whole text on failure.
#define EXPECT_CONTAINS(text, part)                                              \
  do {                                                                           \
    const std::string _text(text);                                               \
    EXPECT_NE(_text.find(part), std::string::npos) << "'" << part << "' not in: " << _text; \
  } while (0)

// A small valid profile; tests replace "OPS" and add fields.
std::string MinimalProfile(const std::string& ops = R"({"op": "CONV_2D", "max_version": 3})",
                           const std::string& extra = "") {
  return absl::StrCat(R"({"schema": "tfconv-hardware-profile/1", "name": "mini",
    "description": "test", "numeric_mode": "fp32",
    "tolerances": {"float": {"max_abs": 1e-5}, "quantized": {"max_lsb": 1}},)",
                      extra, R"( "ops": [)", ops, "]}");
}

std::string ErrorOf(const std::string& json) {
  absl::StatusOr<HardwareProfile> p = ParseProfile(json, "mini.json");
  return p.ok() ? "OK" : std::string(p.status().message());
}

TEST(ProfileTest, ParsesAMinimalProfile) {
  absl::StatusOr<HardwareProfile> p = ParseProfile(MinimalProfile(), "mini.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "mini");
  ASSERT_EQ(p->ops.size(), 1u);
  EXPECT_EQ(p->ops[0].op, tflite::BuiltinOperator::CONV_2D);
  EXPECT_EQ(p->ops[0].min_version, 1);
  EXPECT_EQ(p->ops[0].max_version, 3);
  EXPECT_EQ(p->float_tolerance.max_abs, 1e-5);
  EXPECT_EQ(p->quantized_tolerance.max_lsb, 1);
  EXPECT_TRUE(p->dynamic_shapes);
  EXPECT_EQ(p->FindOp(tflite::BuiltinOperator::ADD), nullptr);
}

TEST(ProfileTest, LoadsTheShippedProfilesByName) {
  for (const char* name : {"cpu", "gpu_fp16", "edgetpu", "tflm"}) {
    absl::StatusOr<HardwareProfile> p = LoadProfile(name);
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_EQ(p->name, name);
    EXPECT_FALSE(p->ops.empty()) << name;
    EXPECT_FALSE(p->sources.empty()) << name;
    EXPECT_CONTAINS(p->file, (absl::StrCat(name, ".json")));
  }
  std::vector<std::string> known = KnownProfiles();
  for (const char* name : {"cpu", "edgetpu", "gpu_fp16", "tflm"}) {
    EXPECT_NE(std::find(known.begin(), known.end(), name), known.end()) << name;
  }
}

TEST(ProfileTest, ShippedProfilesHoldTheSourcedFacts) {
  absl::StatusOr<HardwareProfile> cpu = LoadProfile("cpu");
  ASSERT_TRUE(cpu.ok()) << cpu.status();
  const OpRule* conv = cpu->FindOp(tflite::BuiltinOperator::CONV_2D);
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->max_version, 8);
  EXPECT_EQ(cpu->FindOp(tflite::BuiltinOperator::BROADCAST_TO)->min_version, 2);

  absl::StatusOr<HardwareProfile> tpu = LoadProfile("edgetpu");
  ASSERT_TRUE(tpu.ok()) << tpu.status();
  EXPECT_EQ(tpu->numeric_mode, "int8_only");
  EXPECT_EQ(tpu->tensor_types, (std::vector<tflite::TensorType>{tflite::TensorType::INT8,
                                                                 tflite::TensorType::UINT8}));
  EXPECT_FALSE(tpu->dynamic_shapes);
  EXPECT_EQ(tpu->max_non_unit_dims, 3);
  EXPECT_EQ(tpu->FindOp(tflite::BuiltinOperator::SOFTMAX)->max_input_elements, 16000);
  EXPECT_EQ(tpu->FindOp(tflite::BuiltinOperator::SIN), nullptr);

  absl::StatusOr<HardwareProfile> gpu = LoadProfile("gpu_fp16");
  ASSERT_TRUE(gpu.ok()) << gpu.status();
  EXPECT_EQ(gpu->max_rank, 4);
  EXPECT_EQ(gpu->numeric_mode, "fp16_emulated");
  EXPECT_EQ(gpu->FindOp(tflite::BuiltinOperator::FULLY_CONNECTED)->max_version, 9);

  absl::StatusOr<HardwareProfile> tflm = LoadProfile("tflm");
  ASSERT_TRUE(tflm.ok()) << tflm.status();
  EXPECT_EQ(tflm->arena_bytes, 136 * 1024);
  EXPECT_FALSE(tflm->dynamic_shapes);
  EXPECT_EQ(tflm->kernel_numerics, "tflite_micro");
  EXPECT_EQ(cpu->kernel_numerics, "litert");  // the default when the field is absent
}

TEST(ProfileTest, UnknownProfileNameListsTheKnownOnes) {
  absl::StatusOr<HardwareProfile> p = LoadProfile("no_such_target");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kNotFound);
  EXPECT_CONTAINS(p.status().message(), ("unknown profile 'no_such_target'"));
  EXPECT_CONTAINS(p.status().message(), ("known profiles: cpu, edgetpu, gpu_fp16, tflm"));
}

TEST(ProfileTest, RejectsANameThatIsNeitherNameNorPath) {
  absl::StatusOr<HardwareProfile> p = LoadProfile("Edge TPU");
  ASSERT_FALSE(p.ok());
  EXPECT_CONTAINS(p.status().message(), ("neither a profile name"));
}

TEST(ProfileTest, LoadsByPathAndNamesMissingFiles) {
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "/my_target.json";
  std::ofstream(path) << MinimalProfile();
  absl::StatusOr<HardwareProfile> p = LoadProfile(path);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "mini");
  EXPECT_EQ(p->file, path);

  absl::StatusOr<HardwareProfile> missing = LoadProfile(dir + "/absent.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_CONTAINS(missing.status().message(), ("absent.json"));
}

TEST(ProfileTest, SearchDirectoriesComeFirstAndNamesMustMatch) {
  const fs::path dir = fs::path(::testing::TempDir()) / "profile_dir";
  fs::create_directories(dir);
  std::ofstream(dir / "mini.json") << MinimalProfile();
  std::ofstream(dir / "other.json") << MinimalProfile();  // says "mini" inside
  ProfileSearch search;
  search.dirs = {dir.string()};
  absl::StatusOr<HardwareProfile> p = LoadProfile("mini", search);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->file, (dir / "mini.json").string());
  absl::StatusOr<HardwareProfile> q = LoadProfile("other", search);
  ASSERT_FALSE(q.ok());
  EXPECT_CONTAINS(q.status().message(), ("'mini' differs from the file name 'other'"));
}

TEST(ProfileTest, MalformedJsonNamesFileAndPosition) {
  std::string msg = ErrorOf("{\n  \"schema\": \"x\",\n  \"name\" \"mini\"\n}");
  EXPECT_CONTAINS(msg, ("profile mini.json: not valid JSON at line 3"));
  EXPECT_CONTAINS(ErrorOf("[1, 2]"), ("expected a JSON object, got an array"));
}

TEST(ProfileTest, UnknownFieldsAreErrors) {
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "ADD"})", R"("dynamic_shape": false,)")), ("unknown field 'dynamic_shape' in the top-level object"));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "CONV_2D", "max_strde": 2})")), ("unknown field 'max_strde' in ops[0] (CONV_2D)"));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "ADD"})",
                                     R"("memory": {"arena": 5},)")), ("unknown field 'arena' in memory"));
}

TEST(ProfileTest, WrongTypesNameTheField) {
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "CONV_2D", "max_stride": "2"})")), ("profile mini.json: ops[0] (CONV_2D).max_stride: expected an integer, "
                        "got a string"));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "ADD"})", R"("dynamic_shapes": 0,)")), ("dynamic_shapes: expected true or false, got an integer"));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "ADD", "input_types": ["FLOAT"]})")), ("ops[0] (ADD).input_types[0]: unknown tensor type 'FLOAT'"));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "ADD", "fused_activations": ["SIGMOID"]})")), ("fused_activations[0]: unknown activation 'SIGMOID'"));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "ADD"})", R"("max_rank": -1,)")), ("max_rank: value -1 is out of range"));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"("ADD")")), ("ops[0]: expected an object"));
}

TEST(ProfileTest, SemanticErrorsAreNamed) {
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "CONV2D"})")), ("ops[0] (CONV2D).op: unknown builtin op 'CONV2D'"));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "ADD"}, {"op": "ADD"})")), ("ops[1] (ADD): the op is listed twice"));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "ADD", "min_version": 3, "max_version": 2})")), ("max_version: 2 is below min_version 3"));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "ADD", "requires": ["beta_is_one"]})")), ("requires[0]: unknown requirement 'beta_is_one' (known: "));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "CONV_2D", "no_batch_axis": true})")), ("no_batch_axis: is not defined for CONV_2D"));
  EXPECT_CONTAINS(ErrorOf(absl::StrReplaceAll(MinimalProfile(), {{"tfconv-hardware-profile/1",
                                                               "tfconv-hardware-profile/9"}})), ("schema: 'tfconv-hardware-profile/9' is not supported"));
  EXPECT_CONTAINS(ErrorOf(absl::StrReplaceAll(MinimalProfile(), {{"\"fp32\"", "\"fp8\""}})), ("numeric_mode: 'fp8' is not one of"));
  EXPECT_CONTAINS(ErrorOf(absl::StrReplaceAll(MinimalProfile(), {{"\"numeric_mode\"", "\"kernel_numerics\": \"cmsis\", \"numeric_mode\""}})),
                  ("kernel_numerics: 'cmsis' is not one of litert, tflite_micro"));
  EXPECT_CONTAINS(ErrorOf(MinimalProfile(R"({"op": "ADD"})", R"("memory": {"alignment": 12},)")), ("memory.alignment: 12 is not a power of two"));
  EXPECT_CONTAINS(ErrorOf(absl::StrReplaceAll(MinimalProfile(), {{"\"quantized\": {\"max_lsb\": 1}", ""},
                                                              {"1e-5},", "1e-5}"}})), ("tolerances.quantized: missing"));
}

TEST(ProfileTest, NameHelpersRoundTrip) {
  EXPECT_EQ(TensorTypeName(tflite::TensorType::INT16), "INT16");
  EXPECT_EQ(TensorTypeFromName("UINT8"), tflite::TensorType::UINT8);
  EXPECT_EQ(TensorTypeFromName("uint8"), std::nullopt);
  EXPECT_EQ(BuiltinName(tflite::BuiltinOperator::DEPTHWISE_CONV_2D), "DEPTHWISE_CONV_2D");
  EXPECT_EQ(BuiltinFromName("STABLEHLO_CASE"), tflite::BuiltinOperator::STABLEHLO_CASE);
  EXPECT_EQ(TensorTypeBytes(tflite::TensorType::FLOAT16), 2);
  EXPECT_EQ(TensorTypeBytes(tflite::TensorType::STRING), 0);
}

}  // namespace
}  // namespace tfconv
