// TEST ONLY. The Keras model of the SoftClip layer example, written without Python, and a check of
// its conversion against numbers computed by hand (so the test data is code, not committed binaries).
//
//   make_softclip_keras write DIR        # DIR/softclip_keras2.h5             class_name "SoftClip"
//                                        # DIR/softclip_keras2_registered.h5  class_name "MyLayers>SoftClip"
//                                        # DIR/softclip_keras3.keras          "SoftClip", registered_name
//                                        #                                     "MyLayers>SoftClip"
//   make_softclip_keras check MODEL.tflite
//
// The model: InputLayer "x" [None, 2, 3] -> Dense "dense" (3 units, linear) -> SoftClip "soft_clip"
// (c = 2). `check` runs MODEL.tflite in the reference interpreter (built-in kernels plus the example's
// SoftClip kernel) on a fixed input and compares every value with y = c * tanh((x W + b) / c) in
// double. The weights are chosen so that two pre-activations come out as exactly 2 and 4:
// y[0,0,0] = 2 tanh(1) and y[0,1,1] = 2 tanh(2). Exit status 0 when all values agree within 1e-5.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "converter/frontend/keras/storage/h5_writer.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "plugins/examples/custom_op/softclip.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace {

using tfconv::Tensor;

constexpr int kRows = 2, kIn = 3, kUnits = 3;
constexpr double kC = 2.0;
// Dense kernel [in, units] and bias, as Keras stores them.
constexpr float kKernel[kIn][kUnits] = {{0.5f, -1.0f, 2.0f}, {0.25f, 0.5f, -1.5f}, {0.0f, 0.75f, 1.0f}};
constexpr float kBias[kUnits] = {1.0f, -0.25f, 0.125f};
// The input `check` feeds, one batch of [2, 3].
constexpr float kInput[kRows][kIn] = {{1.0f, 2.0f, 3.0f}, {-1.0f, 0.5f, 4.0f}};

// tf.keras 2.x's model_config for the model; `soft_clip_class` is the custom layer's class_name.
std::string Keras2Config(const std::string& soft_clip_class) {
  std::string config = R"({"class_name": "Functional", "config": {"name": "softclip_model", "layers": [
  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 2, 3], "dtype": "float32", "sparse": false,
   "ragged": false, "name": "x"}, "name": "x", "inbound_nodes": []},
  {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 3,
   "activation": "linear", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
   "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null,
   "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null},
   "name": "dense", "inbound_nodes": [[["x", 0, 0, {}]]]},
  {"class_name": "CLASS", "config": {"name": "soft_clip", "trainable": true, "dtype": "float32", "c": 2.0},
   "name": "soft_clip", "inbound_nodes": [[["dense", 0, 0, {}]]]}],
  "input_layers": [["x", 0, 0]], "output_layers": [["soft_clip", 0, 0]]},
  "keras_version": "2.4.0", "backend": "tensorflow"})";
  return absl::StrReplaceAll(config, {{"CLASS", soft_clip_class}});
}

// Keras 3's config.json for the same model: a registered custom class keeps its Python class name
// in class_name and its "package>name" in registered_name.
constexpr char kKeras3Config[] = R"({"module": "keras", "class_name": "Functional", "config": {
  "name": "softclip_model", "trainable": true, "layers": [
  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 2, 3], "dtype": "float32",
   "sparse": false, "name": "x"}, "registered_name": null, "name": "x", "inbound_nodes": []},
  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32",
   "units": 3, "activation": "linear", "use_bias": true}, "registered_name": null,
   "build_config": {"input_shape": [null, 2, 3]}, "name": "dense", "inbound_nodes": [{"args": [
   {"class_name": "__keras_tensor__", "config": {"shape": [null, 2, 3], "dtype": "float32",
    "keras_history": ["x", 0, 0]}}], "kwargs": {}}]},
  {"module": "my_layers", "class_name": "SoftClip", "config": {"name": "soft_clip", "trainable": true,
   "dtype": "float32", "c": 2.0}, "registered_name": "MyLayers>SoftClip",
   "build_config": {"input_shape": [null, 2, 3]}, "name": "soft_clip", "inbound_nodes": [{"args": [
   {"class_name": "__keras_tensor__", "config": {"shape": [null, 2, 3], "dtype": "float32",
    "keras_history": ["dense", 0, 0]}}], "kwargs": {}}]}],
  "input_layers": [["x", 0, 0]], "output_layers": [["soft_clip", 0, 0]]},
  "registered_name": "Functional", "build_config": {"input_shape": null}})";

Tensor KernelTensor() {
  std::vector<float> values;
  for (const auto& row : kKernel) values.insert(values.end(), row, row + kUnits);
  return Tensor::FromVector<float>({kIn, kUnits}, values);
}

Tensor BiasTensor() { return Tensor::FromVector<float>({kUnits}, std::vector<float>(kBias, kBias + kUnits)); }

absl::Status Write(const std::string& dir) {
  const std::vector<tfconv::KerasH5Layer> layers = {
      {"x", {}}, {"dense", {{"kernel", KernelTensor()}, {"bias", BiasTensor()}}}, {"soft_clip", {}}};
  if (absl::Status s = tfconv::WriteKerasH5(dir + "/softclip_keras2.h5", Keras2Config("SoftClip"), layers); !s.ok()) {
    return s;
  }
  if (absl::Status s = tfconv::WriteKerasH5(dir + "/softclip_keras2_registered.h5",
                                            Keras2Config("MyLayers>SoftClip"), layers);
      !s.ok()) {
    return s;
  }
  // Keras 3 numbers the variables in creation order (Dense: kernel, bias); a layer without
  // variables still gets its (empty) group.
  absl::StatusOr<std::string> weights = tfconv::KerasV3WeightsImage(
      {{"layers/dense", {KernelTensor(), BiasTensor()}}, {"layers/soft_clip", {}}});
  if (!weights.ok()) return weights.status();
  return tfconv::WriteKerasArchive(dir + "/softclip_keras3.keras", kKeras3Config, *weights,
                                   R"({"keras_version": "3.3.3", "date_saved": "2024-05-01@12:00:00"})");
}

// c * tanh((x W + b) / c) for one element, in double.
double Expected(int row, int unit) {
  double pre = kBias[unit];
  for (int k = 0; k < kIn; ++k) pre += static_cast<double>(kInput[row][k]) * kKernel[k][unit];
  return kC * std::tanh(pre / kC);
}

int Check(const std::string& path) {
  absl::StatusOr<tfconv::TflModel> model = tfconv::ReadModelFile(path);
  if (!model.ok()) {
    std::fprintf(stderr, "make_softclip_keras: %s\n", std::string(model.status().message()).c_str());
    return 1;
  }
  tfconv::KernelRegistry kernels = tfconv::BuiltinKernels();
  kernels.AddCustom(example::kSoftClipCustomCode, example::RunSoftClip);
  absl::StatusOr<std::unique_ptr<tfconv::Interpreter>> interp =
      tfconv::Interpreter::Create(std::make_shared<const tfconv::TflModel>(*std::move(model)), kernels);
  if (!interp.ok()) {
    std::fprintf(stderr, "make_softclip_keras: %s\n", std::string(interp.status().message()).c_str());
    return 1;
  }
  tfconv::RtTensor x = tfconv::RtTensor::Make(tflite::TensorType::FLOAT32, {1, kRows, kIn});
  for (int r = 0; r < kRows; ++r) {
    for (int k = 0; k < kIn; ++k) x.mutable_data<float>()[r * kIn + k] = kInput[r][k];
  }
  absl::StatusOr<std::vector<tfconv::RtTensor>> out = (*interp)->Invoke(0, {x});
  if (!out.ok()) {
    std::fprintf(stderr, "make_softclip_keras: %s\n", std::string(out.status().message()).c_str());
    return 1;
  }
  if (out->size() != 1 || (*out)[0].type() != tflite::TensorType::FLOAT32 ||
      (*out)[0].num_elements() != kRows * kUnits) {
    std::fprintf(stderr, "make_softclip_keras: %s: expected one float32 output of %d values\n", path.c_str(),
                 kRows * kUnits);
    return 1;
  }
  const float* y = (*out)[0].data<float>();
  double worst = 0;
  for (int r = 0; r < kRows; ++r) {
    for (int u = 0; u < kUnits; ++u) {
      const double want = Expected(r, u), got = y[r * kUnits + u];
      worst = std::max(worst, std::fabs(got - want));
      std::printf("y[0,%d,%d] = %.7f   by hand %.7f\n", r, u, got, want);
    }
  }
  std::printf("max |difference| = %.3g\n", worst);
  return worst <= 1e-5 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc == 3 ? argv[1] : "";
  if (command == "write") {
    absl::Status s = Write(argv[2]);
    if (!s.ok()) std::fprintf(stderr, "make_softclip_keras: %s\n", std::string(s.message()).c_str());
    return s.ok() ? 0 : 1;
  }
  if (command == "check") return Check(argv[2]);
  std::fprintf(stderr, "usage: make_softclip_keras write DIR | make_softclip_keras check MODEL.tflite\n");
  return 2;
}
