// Golden-data tests, with expected values this project did not compute:
// - tflite_micro hello_world (float and int8): the model approximates sin(x) on [0, 2*pi];
//   for the int8 model also the raw outputs LiteRT.js gives at a few inputs;
// - tflite_micro dtln noise suppression: TFLite Micro's own golden int8 output, bit for bit, when
//   the kernels are chosen by the tflm profile;
// - tflite_support mobilenet_v1_0.25_224_quant on burger-224.png: class 934 ("cheeseburger") with a
//   score of at least 0.90.
// They skip without ../shared/testdata/real, except under CI (CI=true), where they fail.
#include <png.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/testing/real_models.h"
#include "gtest/gtest.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"
#include "runtime_check/profiles/profile.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

// The real model whose path ends with `suffix`; skips or fails (CI) without the shared folder.
std::string ModelPath(const std::string& suffix, bool* skip, std::string* why) {
  RealModels models = FindRealModels();
  *skip = false;
  if (!models.error.empty()) {
    *why = models.error;
    return "";
  }
  if (models.paths.empty()) {
    *skip = true;
    *why = models.skip_reason;
    return "";
  }
  for (const std::string& p : models.paths) {
    if (absl::EndsWith(p, "/" + suffix)) return p;
  }
  *why = "no " + suffix + " among the real models";
  return "";
}

#define LOAD_MODEL_OR_SKIP(var, suffix)                    \
  std::string var;                                         \
  {                                                        \
    bool skip;                                             \
    std::string why;                                       \
    var = ModelPath(suffix, &skip, &why);                  \
    if (skip) GTEST_SKIP() << why;                         \
    if (var.empty()) FAIL() << why;                        \
  }

std::unique_ptr<Interpreter> Load(const std::string& path, const std::string& kernel_numerics = "litert") {
  absl::StatusOr<TflModel> model = ReadModelFile(path);
  EXPECT_TRUE(model.ok()) << model.status();
  if (!model.ok()) return nullptr;
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(
      std::make_shared<const TflModel>(*std::move(model)), BuiltinKernelsWithNumerics(kernel_numerics));
  EXPECT_TRUE(interp.ok()) << interp.status();
  return interp.ok() ? *std::move(interp) : nullptr;
}

// The model's input tensor as the interpreter holds it (type, shape, quantization).
const TflTensor& InputTensor(const Interpreter& interp) {
  const TflSubgraph& g = interp.model().subgraphs[0];
  return g.tensors[g.inputs[0]];
}

constexpr double kPi = 3.14159265358979323846;

TEST(HelloWorld, FloatModelApproximatesSine) {
  LOAD_MODEL_OR_SKIP(path, "tflite_micro/hello_world/hello_world_float.tflite");
  std::unique_ptr<Interpreter> interp = Load(path);
  ASSERT_NE(interp, nullptr);
  ASSERT_EQ(InputTensor(*interp).type, T::FLOAT32);
  double worst = 0;
  for (int k = 0; k <= 100; ++k) {
    const float x = static_cast<float>(2 * kPi * k / 100);
    RtTensor in = RtTensor::Make(T::FLOAT32, {1, 1});
    in.mutable_data<float>()[0] = x;
    absl::StatusOr<std::vector<RtTensor>> out = interp->Invoke(0, {in});
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_EQ((*out)[0].type(), T::FLOAT32);
    const double y = (*out)[0].data<float>()[0];
    EXPECT_NEAR(y, std::sin(x), 0.05) << "x = " << x;
    worst = std::max(worst, std::fabs(y - std::sin(x)));
  }
  std::cout << "max |out - sin(x)| = " << worst << "\n";
}

// The int8 model is coarser than the float one: near 3*pi/2 and 2*pi it is off by up to 0.116
// (LiteRT.js computes the same int8 values, see below), so the whole grid gets a bound of 0.12 and
// the 0.05 of TFLM's own test (hello_world/evaluate.cc) holds at its golden points 0, 1, 3, 5.
TEST(HelloWorld, Int8ModelApproximatesSine) {
  LOAD_MODEL_OR_SKIP(path, "tflite_micro/hello_world/hello_world_int8.tflite");
  std::unique_ptr<Interpreter> interp = Load(path);
  ASSERT_NE(interp, nullptr);
  const TflTensor& input = InputTensor(*interp);
  ASSERT_EQ(input.type, T::INT8);
  ASSERT_TRUE(input.quantization.has_value() && input.quantization->scale.size() == 1);
  const double in_scale = input.quantization->scale[0];
  const int in_zero = static_cast<int>(input.quantization->zero_point[0]);
  auto predict = [&](double x) -> absl::StatusOr<double> {
    const double q = std::round(x / in_scale) + in_zero;
    RtTensor in = RtTensor::Make(T::INT8, {1, 1});
    in.mutable_data<int8_t>()[0] = static_cast<int8_t>(std::max(-128.0, std::min(127.0, q)));
    absl::StatusOr<std::vector<RtTensor>> out = interp->Invoke(0, {in});
    if (!out.ok()) return out.status();
    const RtTensor& y = (*out)[0];
    if (y.type() != T::INT8 || !y.is_quantized()) return absl::InternalError("the output is not quantized int8");
    return y.scale() * (y.data<int8_t>()[0] - y.zero_point());
  };
  double worst = 0;
  for (int k = 0; k <= 100; ++k) {
    const double x = 2 * kPi * k / 100;
    absl::StatusOr<double> y = predict(x);
    ASSERT_TRUE(y.ok()) << y.status();
    EXPECT_NEAR(*y, std::sin(x), 0.12) << "x = " << x;
    worst = std::max(worst, std::fabs(*y - std::sin(x)));
  }
  std::cout << "max |out - sin(x)| = " << worst << "\n";
  for (double x : {0.0, 1.0, 3.0, 5.0}) {
    absl::StatusOr<double> y = predict(x);
    ASSERT_TRUE(y.ok()) << y.status();
    EXPECT_NEAR(*y, std::sin(x), 0.05) << "x = " << x;
  }
}

std::vector<int8_t> ReadInt8File(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  return std::vector<int8_t>(bytes.begin(), bytes.end());
}

// The tflm profile selects TFLite Micro's integer LSTM, whose output on the example's feature frame
// is the golden one TFLM's dtln_test checks (LiteRT's own rounding lands up to 3 steps away).
TEST(Dtln, TflmProfileGivesTheMicroGoldenOutput) {
  LOAD_MODEL_OR_SKIP(path, "tflite_micro/dtln/dtln_noise_suppression.tflite");
  absl::StatusOr<HardwareProfile> tflm = LoadProfile("tflm");
  ASSERT_TRUE(tflm.ok()) << tflm.status();
  ASSERT_EQ(tflm->kernel_numerics, "tflite_micro");
  const std::string dir = path.substr(0, path.rfind('/'));
  const std::vector<int8_t> input = ReadInt8File(dir + "/ref/feature_data.int8.raw");
  const std::vector<int8_t> golden = ReadInt8File(dir + "/ref/golden_ref.int8.raw");
  ASSERT_EQ(input.size(), 257u);
  ASSERT_EQ(golden.size(), 257u);
  std::unique_ptr<Interpreter> interp = Load(path, tflm->kernel_numerics);
  ASSERT_NE(interp, nullptr);
  RtTensor in = RtTensor::Make(T::INT8, {1, 1, 257});
  std::copy(input.begin(), input.end(), in.mutable_data<int8_t>());
  absl::StatusOr<std::vector<RtTensor>> out = interp->Invoke(0, {in});
  ASSERT_TRUE(out.ok()) << out.status();
  const RtTensor& y = (*out)[0];
  ASSERT_EQ(y.type(), T::INT8);
  ASSERT_EQ(y.num_elements(), 257);
  EXPECT_EQ(std::vector<int8_t>(y.data<int8_t>(), y.data<int8_t>() + 257), golden);
}

// Raw int8 in -> int8 out as LiteRT.js 2.5.3 computes them for this model.
TEST(HelloWorld, Int8ModelMatchesLiteRtJsOutputs) {
  LOAD_MODEL_OR_SKIP(path, "tflite_micro/hello_world/hello_world_int8.tflite");
  std::unique_ptr<Interpreter> interp = Load(path);
  ASSERT_NE(interp, nullptr);
  const int8_t in[7] = {-128, -100, -50, 0, 50, 100, 127};
  const int8_t want[7] = {4, 80, 118, 4, -109, -75, -9};
  for (int k = 0; k < 7; ++k) {
    RtTensor x = RtTensor::Make(T::INT8, {1, 1});
    x.mutable_data<int8_t>()[0] = in[k];
    absl::StatusOr<std::vector<RtTensor>> out = interp->Invoke(0, {x});
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ((*out)[0].data<int8_t>()[0], want[k]) << "input " << int{in[k]};
  }
}

// RGB bytes of a PNG (libpng's simplified API converts any colour type).
std::vector<uint8_t> ReadPngRgb(const std::string& path, int* width, int* height) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str())) {
    ADD_FAILURE() << path << ": " << image.message;
    return {};
  }
  image.format = PNG_FORMAT_RGB;
  std::vector<uint8_t> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
    ADD_FAILURE() << path << ": " << image.message;
    png_image_free(&image);
    return {};
  }
  *width = image.width;
  *height = image.height;
  return pixels;
}

TEST(MobilenetQuant, ClassifiesTheBurger) {
  LOAD_MODEL_OR_SKIP(path, "tflite_support/vision/mobilenet_v1_0.25_224_quant.tflite");
  const std::string image = path.substr(0, path.rfind('/')) + "/burger-224.png";
  int width = 0, height = 0;
  std::vector<uint8_t> rgb = ReadPngRgb(image, &width, &height);
  ASSERT_EQ(width, 224);
  ASSERT_EQ(height, 224);
  std::unique_ptr<Interpreter> interp = Load(path);
  ASSERT_NE(interp, nullptr);
  const TflTensor& input = InputTensor(*interp);
  ASSERT_EQ(input.type, T::UINT8);
  ASSERT_EQ(input.shape, (std::vector<int32_t>{1, 224, 224, 3}));
  RtTensor in = RtTensor::Make(T::UINT8, {1, 224, 224, 3});
  std::copy(rgb.begin(), rgb.end(), in.mutable_data<uint8_t>());
  absl::StatusOr<std::vector<RtTensor>> out = interp->Invoke(0, {in});
  ASSERT_TRUE(out.ok()) << out.status();
  const RtTensor& scores = (*out)[0];
  ASSERT_EQ(scores.type(), T::UINT8);
  ASSERT_EQ(scores.num_elements(), 1001);
  ASSERT_TRUE(scores.is_quantized());
  int best = 0;
  for (int i = 1; i < 1001; ++i) {
    if (scores.data<uint8_t>()[i] > scores.data<uint8_t>()[best]) best = i;
  }
  const double score = scores.scale() * (scores.data<uint8_t>()[best] - scores.zero_point());
  EXPECT_EQ(best, 934);
  EXPECT_GE(score, 0.90);
  std::cout << "class " << best << ", score " << score << "\n";
}

}  // namespace
}  // namespace tfconv
