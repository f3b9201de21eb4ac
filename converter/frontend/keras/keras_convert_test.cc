// Keras files through the whole converter with the built-in plugins: the mlperf ResNet-8 against the
// official converter's .tflite (run both in the reference interpreter), Keras 2 .h5 and Keras 3
// .keras giving the same model, determinism, and bad files refused without an output file.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "converter/api/builtin_converter_for_tests.h"
#include "converter/api/converter.h"
#include "converter/frontend/keras/storage/h5_writer.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

using ::testing::HasSubstr;

const Converter& BuiltinConverter() { return BuiltinConverterForTests(/*strict=*/true); }

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool FileExists(const std::string& path) { return std::ifstream(path).good(); }

// Runs subgraph 0 of `model` in the reference interpreter on one float input.
std::vector<float> RunFloat(const TflModel& model, const std::vector<float>& input) {
  auto interp = Interpreter::Create(std::make_shared<TflModel>(model), BuiltinKernels());
  EXPECT_TRUE(interp.ok()) << interp.status();
  if (!interp.ok()) return {};
  const TflSubgraph& g = model.subgraphs[0];
  const TflTensor& in = g.tensors[g.inputs[0]];
  std::vector<int32_t> shape(in.shape.begin(), in.shape.end());
  RtTensor t = RtTensor::Make(tflite::TensorType::FLOAT32, shape);
  size_t n = 1;
  for (int32_t d : shape) n *= d;
  EXPECT_EQ(n, input.size());
  std::copy(input.begin(), input.end(), t.mutable_data<float>());
  absl::StatusOr<std::vector<RtTensor>> out = (*interp)->Invoke(0, {t});
  EXPECT_TRUE(out.ok()) << out.status();
  if (!out.ok()) return {};
  const RtTensor& o = (*out)[0];
  size_t m = 1;
  for (int32_t d : o.shape()) m *= d;
  return std::vector<float>(o.data<float>(), o.data<float>() + m);
}

std::multiset<int> OperatorCodes(const TflModel& m) {
  std::multiset<int> codes;
  for (const TflOperator& op : m.subgraphs[0].operators) {
    codes.insert(static_cast<int>(m.operator_codes[op.opcode_index].builtin_code));
  }
  return codes;
}

TEST(KerasConvert, MlperfResnet8MatchesTheOfficialConversion) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/mlperf_tiny/image_classification/";
  ConversionRequest request;
  request.keras_model_file = dir + "pretrainedResnet.h5";
  std::vector<std::string> warnings;
  absl::StatusOr<TflModel> ours = BuiltinConverter().Convert(request, &warnings);
  ASSERT_TRUE(ours.ok()) << ours.status();
  absl::StatusOr<TflModel> official = ReadModelFile(dir + "pretrainedResnet.tflite");
  ASSERT_TRUE(official.ok()) << official.status();

  // No more operators than the official converter, and the same kinds: 9 CONV_2D, 3 ADD, one each
  // of AVERAGE_POOL_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX.
  EXPECT_LE(ours->subgraphs[0].operators.size(), official->subgraphs[0].operators.size());
  EXPECT_EQ(OperatorCodes(*ours), OperatorCodes(*official));
  // The input keeps the Keras layer's name.
  const TflSubgraph& g = ours->subgraphs[0];
  EXPECT_EQ(g.tensors[g.inputs[0]].name, "input_1");

  // The reference image (uint8 RGB) as floats 0..255, and the validators' default pattern.
  std::string image = ReadBytes(dir + "ref/g_ic_inputs.uint8.raw");
  ASSERT_EQ(image.size(), 32u * 32u * 3u);
  std::vector<std::vector<float>> inputs(2);
  for (unsigned char c : image) inputs[0].push_back(static_cast<float>(c));
  for (int i = 0; i < 32 * 32 * 3; ++i) inputs[1].push_back(static_cast<float>(0.1 * (i % 17) - 0.5));
  for (const std::vector<float>& x : inputs) {
    std::vector<float> a = RunFloat(*ours, x);
    std::vector<float> b = RunFloat(*official, x);
    ASSERT_EQ(a.size(), 10u);
    ASSERT_EQ(b.size(), 10u);
    for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-4 * std::fabs(b[i]) + 1e-6) << "class " << i;
  }
}

TEST(KerasConvert, SameFileSameBytes) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  ConversionRequest request;
  request.keras_model_file = shared + "/testdata/real/mlperf_tiny/image_classification/pretrainedResnet.h5";
  std::string a = TempPath("resnet_a.tflite"), b = TempPath("resnet_b.tflite");
  ASSERT_TRUE(BuiltinConverter().ConvertToFile(request, a).ok());
  ASSERT_TRUE(BuiltinConverter().ConvertToFile(request, b).ok());
  EXPECT_EQ(ReadBytes(a), ReadBytes(b));
}

// A small Functional model: Conv2D (same, stride 2, on 5x5) -> BatchNormalization -> ReLU -> Flatten
// -> Dense(softmax). The same layers as a Keras 2 .h5 and as a Keras 3 .keras.
constexpr char kKeras2Config[] = R"({"class_name": "Functional", "config": {"name": "small", "layers": [
  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5, 5, 2], "dtype": "float32", "name": "img"},
   "name": "img", "inbound_nodes": []},
  {"class_name": "Conv2D", "config": {"name": "conv", "filters": 3, "kernel_size": [3, 3], "strides": [2, 2],
   "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "linear",
   "use_bias": true}, "name": "conv", "inbound_nodes": [[["img", 0, 0, {}]]]},
  {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": [3], "epsilon": 0.001, "center": true,
   "scale": true}, "name": "bn", "inbound_nodes": [[["conv", 0, 0, {}]]]},
  {"class_name": "Activation", "config": {"name": "act", "activation": "relu"}, "name": "act",
   "inbound_nodes": [[["bn", 0, 0, {}]]]},
  {"class_name": "Flatten", "config": {"name": "flat", "data_format": "channels_last"}, "name": "flat",
   "inbound_nodes": [[["act", 0, 0, {}]]]},
  {"class_name": "Dense", "config": {"name": "probs", "units": 4, "activation": "softmax", "use_bias": true},
   "name": "probs", "inbound_nodes": [[["flat", 0, 0, {}]]]}],
  "input_layers": [["img", 0, 0]], "output_layers": [["probs", 0, 0]]}})";

std::string Keras3Config() {
  auto tensor = [](const char* layer) {
    return std::string(R"({"class_name": "__keras_tensor__", "config": {"keras_history": [")") + layer +
           R"(", 0, 0]}})";
  };
  auto layer = [&](const char* cls, const char* name, const std::string& config, const char* input) {
    return std::string(R"({"module": "keras.layers", "class_name": ")") + cls + R"(", "config": )" + config +
           R"(, "registered_name": null, "name": ")" + name + R"(", "inbound_nodes": [{"args": [)" + tensor(input) +
           R"(], "kwargs": {}}]})";
  };
  std::string s = R"({"module": "keras", "class_name": "Functional", "config": {"name": "small", "trainable": true,
    "layers": [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5, 5, 2],
    "dtype": "float32", "sparse": false, "name": "img"}, "registered_name": null, "name": "img", "inbound_nodes": []},)";
  s += layer("Conv2D", "conv",
             R"({"name": "conv", "filters": 3, "kernel_size": [3, 3], "strides": [2, 2], "padding": "same",
                 "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "linear",
                 "use_bias": true})",
             "img") + ",";
  s += layer("BatchNormalization", "bn", R"({"name": "bn", "axis": -1, "epsilon": 0.001, "center": true,
             "scale": true})", "conv") + ",";
  s += layer("Activation", "act", R"({"name": "act", "activation": "relu"})", "bn") + ",";
  s += layer("Flatten", "flat", R"({"name": "flat", "data_format": "channels_last"})", "act") + ",";
  s += layer("Dense", "probs", R"({"name": "probs", "units": 4, "activation": "softmax", "use_bias": true})",
             "flat");
  s += R"(], "input_layers": [["img", 0, 0]], "output_layers": [["probs", 0, 0]]}})";
  return s;
}

std::vector<float> Ramp(size_t n, float scale, float offset) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = scale * static_cast<float>((i * 7) % 11) + offset;
  return v;
}

struct SmallWeights {
  Tensor kernel = Tensor::FromVector<float>({3, 3, 2, 3}, Ramp(54, 0.05f, -0.2f));
  Tensor bias = Tensor::FromVector<float>({3}, {0.1f, -0.2f, 0.3f});
  Tensor gamma = Tensor::FromVector<float>({3}, {1.5f, 0.5f, 1.0f});
  Tensor beta = Tensor::FromVector<float>({3}, {0.0f, 0.1f, -0.1f});
  Tensor mean = Tensor::FromVector<float>({3}, {0.2f, -0.1f, 0.0f});
  Tensor var = Tensor::FromVector<float>({3}, {0.5f, 2.0f, 1.0f});
  Tensor dense = Tensor::FromVector<float>({27, 4}, Ramp(108, 0.03f, -0.15f));
  Tensor dense_bias = Tensor::FromVector<float>({4}, {0.0f, 0.1f, 0.2f, 0.3f});
};

std::string WriteSmallH5(const std::string& name, bool drop_dense_kernel = false) {
  SmallWeights w;
  std::string path = TempPath(name);
  std::vector<std::pair<std::string, Tensor>> dense = {{"kernel", w.dense}, {"bias", w.dense_bias}};
  if (drop_dense_kernel) dense.erase(dense.begin());
  absl::Status s = WriteKerasH5(path, kKeras2Config,
                                {{"img", {}},
                                 {"conv", {{"kernel", w.kernel}, {"bias", w.bias}}},
                                 {"bn", {{"gamma", w.gamma}, {"beta", w.beta}, {"moving_mean", w.mean},
                                         {"moving_variance", w.var}}},
                                 {"act", {}},
                                 {"flat", {}},
                                 {"probs", dense}});
  EXPECT_TRUE(s.ok()) << s;
  return path;
}

std::string WriteSmallKeras(const std::string& name) {
  SmallWeights w;
  absl::StatusOr<std::string> image = KerasV3WeightsImage({{"layers/conv2d", {w.kernel, w.bias}},
                                                          {"layers/batch_normalization",
                                                           {w.gamma, w.beta, w.mean, w.var}},
                                                          {"layers/dense", {w.dense, w.dense_bias}}});
  EXPECT_TRUE(image.ok()) << image.status();
  std::string path = TempPath(name);
  absl::Status s = WriteKerasArchive(path, Keras3Config(), *image, R"({"keras_version": "3.3.3"})");
  EXPECT_TRUE(s.ok()) << s;
  return path;
}

TEST(KerasConvert, Keras2AndKeras3FilesOfOneModelAgree) {
  ConversionRequest h5;
  h5.keras_model_file = WriteSmallH5("small.h5");
  ConversionRequest v3;
  v3.keras_model_file = WriteSmallKeras("small.keras");
  absl::StatusOr<TflModel> a = BuiltinConverter().Convert(h5);
  ASSERT_TRUE(a.ok()) << a.status();
  absl::StatusOr<TflModel> b = BuiltinConverter().Convert(v3);
  ASSERT_TRUE(b.ok()) << b.status();
  // Conv (BN folded in, ReLU fused), RESHAPE, FULLY_CONNECTED, SOFTMAX.
  EXPECT_EQ(a->subgraphs[0].operators.size(), 4u);
  EXPECT_EQ(OperatorCodes(*a), OperatorCodes(*b));
  std::vector<float> x = Ramp(50, 0.2f, -1.0f);
  std::vector<float> ya = RunFloat(*a, x), yb = RunFloat(*b, x);
  ASSERT_EQ(ya.size(), 4u);
  EXPECT_EQ(ya, yb);
  float sum = 0;
  for (float v : ya) sum += v;
  EXPECT_NEAR(sum, 1.0f, 1e-5);
}

// Every bad file: an error naming the file and what to do, and no output file.
void ExpectRefused(const std::string& model, const std::string& want) {
  ConversionRequest request;
  request.keras_model_file = model;
  std::string out = TempPath("refused.tflite");
  std::remove(out.c_str());
  absl::StatusOr<ConversionSummary> s = BuiltinConverter().ConvertToFile(request, out);
  ASSERT_FALSE(s.ok()) << model;
  EXPECT_THAT(std::string(s.status().message()), HasSubstr(want)) << model;
  EXPECT_FALSE(FileExists(out)) << model;
}

TEST(KerasConvert, BadFilesAreRefusedClearly) {
  ExpectRefused(TempPath("does_not_exist.h5"), "does_not_exist.h5");

  std::string good = ReadBytes(WriteSmallH5("for_truncation.h5"));
  std::string truncated = TempPath("truncated.h5");
  std::ofstream(truncated, std::ios::binary) << good.substr(0, good.size() / 3);
  ExpectRefused(truncated, "truncated.h5");

  std::string garbage = TempPath("garbage.h5");
  std::ofstream(garbage, std::ios::binary) << std::string(4096, '\x5a');
  ExpectRefused(garbage, "garbage.h5");

  ExpectRefused(WriteSmallH5("no_kernel.h5", /*drop_dense_kernel=*/true), "needs weight 'kernel'");

  std::string lambda_config = kKeras2Config;
  lambda_config.replace(lambda_config.find(R"("class_name": "Activation")"), 26, R"("class_name": "Lambda")");
  std::string lambda_path = TempPath("lambda.h5");
  ASSERT_TRUE(WriteKerasH5(lambda_path, lambda_config, {}).ok());
  ExpectRefused(lambda_path, "'act' (Lambda)");

  // Weights only (model.save_weights): no architecture.
  std::string weights_only = TempPath("weights_only.h5");
  {
    absl::StatusOr<H5Writer> w = H5Writer::Create(weights_only);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->WriteDataset("/conv/conv/kernel:0", Tensor::FromVector<float>({1}, {1})).ok());
    ASSERT_TRUE(w->Close().ok());
  }
  ExpectRefused(weights_only, "model_config");

  std::string no_config = TempPath("no_config.keras");
  ASSERT_TRUE(WriteZip(no_config, {{"metadata.json", "{}"}, {"model.weights.h5", "x"}}).ok());
  ExpectRefused(no_config, "config.json");

  std::string bad_json = TempPath("bad_json.h5");
  ASSERT_TRUE(WriteKerasH5(bad_json, "{\"class_name\": ", {}).ok());
  ExpectRefused(bad_json, "not valid JSON");
}

}  // namespace
}  // namespace tfconv
