// Runs real single-operator models from the shared test data through the reference kernels:
//   - TFLite Micro's SEANet int16 ADD, SUB, LEAKY_RELU and QUANTIZE models on their CSV inputs,
//     compared exactly with the golden CSV outputs that come with them;
//   - LiteRT's add_quantized.bin (uint8) and add_quantized_int8.bin (ADD of the input to itself,
//     then again), compared exactly with the hand-derived clamp(clamp(2x) + x);
//   - TFLite Micro's simple_add_model.tflite (int8, three scales), compared with float arithmetic.
// The data root is $TFCONV_SHARED_DIR, else /work/shared. Without it the tests skip, except under CI=true.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "converter/tflite/flatbuffer_reader.h"
#include "gtest/gtest.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/activation/activation_kernels.h"
#include "runtime_check/kernels/elementwise/elementwise_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

namespace fs = std::filesystem;
using tflite::TensorType;

const KernelRegistry& Kernels() {
  return kernel_test::Kernels<RegisterElementwiseKernels, RegisterActivationKernels>();
}

// The shared data root, or an empty path with the test skipped (or failed under CI).
fs::path DataRoot() {
  const char* env = std::getenv("TFCONV_SHARED_DIR");
  const fs::path shared = env != nullptr && *env != '\0' ? fs::path(env) : fs::path("/work/shared");
  const fs::path root = shared / "testdata" / "real";
  std::error_code ec;
  if (fs::is_directory(root, ec)) return root;
  const char* ci = std::getenv("CI");
  if (ci != nullptr && std::string(ci) == "true") {
    ADD_FAILURE() << "no shared test data at '" << root.string() << "' (set TFCONV_SHARED_DIR)";
  }
  return {};
}

#define REQUIRE_DATA(root)          \
  const fs::path root = DataRoot(); \
  if (root.empty()) GTEST_SKIP() << "no shared test data (set TFCONV_SHARED_DIR)"

std::vector<int64_t> ReadCsv(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  std::replace(s.begin(), s.end(), ',', ' ');
  std::istringstream tokens(s);
  std::vector<int64_t> values;
  for (int64_t v; tokens >> v;) values.push_back(v);
  return values;
}

std::shared_ptr<const TflModel> LoadModel(const fs::path& path) {
  absl::StatusOr<TflModel> model = ReadModelFile(path.string());
  EXPECT_TRUE(model.ok()) << path << ": " << model.status();
  if (!model.ok()) return nullptr;
  return std::make_shared<TflModel>(*std::move(model));
}

RtTensor MakeInput(const TflTensor& t, const std::vector<int64_t>& values) {
  RtTensor r = RtTensor::Make(t.type, t.shape);
  for (size_t i = 0; i < values.size() && static_cast<int64_t>(i) < r.num_elements(); ++i) {
    switch (t.type) {
      case TensorType::INT8: r.mutable_data<int8_t>()[i] = static_cast<int8_t>(values[i]); break;
      case TensorType::UINT8: r.mutable_data<uint8_t>()[i] = static_cast<uint8_t>(values[i]); break;
      case TensorType::INT16: r.mutable_data<int16_t>()[i] = static_cast<int16_t>(values[i]); break;
      case TensorType::INT32: r.mutable_data<int32_t>()[i] = static_cast<int32_t>(values[i]); break;
      default: ADD_FAILURE() << "unexpected input type " << TfliteTypeName(t.type);
    }
  }
  return r;
}

int64_t ElementAt(const RtTensor& t, int64_t i) {
  switch (t.type()) {
    case TensorType::INT8: return t.data<int8_t>()[i];
    case TensorType::UINT8: return t.data<uint8_t>()[i];
    case TensorType::INT16: return t.data<int16_t>()[i];
    case TensorType::INT32: return t.data<int32_t>()[i];
    default: return 0;
  }
}

// Runs <dir>/<stem>.tflite on <stem>_input<k>_*.csv and compares with <stem>_golden_*.csv.
void RunGoldenModel(const fs::path& model_path) {
  SCOPED_TRACE(model_path.string());
  const std::string stem = model_path.stem().string();
  const fs::path dir = model_path.parent_path();
  auto find = [&](const std::string& prefix) -> fs::path {
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".csv") return entry.path();
    }
    return {};
  };
  auto model = LoadModel(model_path);
  ASSERT_NE(model, nullptr);
  const TflSubgraph& g = model->subgraphs[0];
  std::vector<RtTensor> inputs;
  for (size_t k = 0; k < g.inputs.size(); ++k) {
    const fs::path csv = find(stem + "_input" + std::to_string(k) + "_");
    ASSERT_FALSE(csv.empty()) << "no CSV for input " << k;
    const std::vector<int64_t> values = ReadCsv(csv);
    const TflTensor& t = g.tensors[g.inputs[k]];
    ASSERT_EQ(static_cast<int64_t>(values.size()), NumElementsOf(t.shape)) << csv;
    inputs.push_back(MakeInput(t, values));
  }
  const fs::path golden_csv = find(stem + "_golden_");
  ASSERT_FALSE(golden_csv.empty());
  const std::vector<int64_t> golden = ReadCsv(golden_csv);
  auto interp = Interpreter::Create(model, Kernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  auto out = (*interp)->Invoke(0, inputs);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 1u);
  const RtTensor& y = (*out)[0];
  ASSERT_EQ(y.num_elements(), static_cast<int64_t>(golden.size()));
  int mismatches = 0;
  for (int64_t i = 0; i < y.num_elements(); ++i) {
    if (ElementAt(y, i) != golden[i] && ++mismatches <= 5) {
      ADD_FAILURE() << "element " << i << ": got " << ElementAt(y, i) << ", golden " << golden[i];
    }
  }
  EXPECT_EQ(mismatches, 0);
}

void RunGoldenFolder(const fs::path& dir, int expected_models) {
  std::vector<fs::path> models;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".tflite") models.push_back(entry.path());
  }
  std::sort(models.begin(), models.end());
  EXPECT_GE(static_cast<int>(models.size()), expected_models) << dir;
  for (const fs::path& m : models) RunGoldenModel(m);
}

TEST(SeanetTest, Int16AddMatchesGolden) {
  REQUIRE_DATA(root);
  RunGoldenFolder(root / "tflite_micro/seanet/add", 17);
}

TEST(SeanetTest, Int16SubMatchesGolden) {
  REQUIRE_DATA(root);
  RunGoldenFolder(root / "tflite_micro/seanet/sub", 5);
}

TEST(SeanetTest, Int16LeakyReluMatchesGolden) {
  REQUIRE_DATA(root);
  RunGoldenFolder(root / "tflite_micro/seanet/leaky_relu", 23);
}

TEST(SeanetTest, QuantizeBetweenInt16AndInt32MatchesGolden) {
  REQUIRE_DATA(root);
  RunGoldenFolder(root / "tflite_micro/seanet/quantize", 2);
}

// x + x, then (x + x) + x, all on one scale with zero point 0: clamp(clamp(2x) + x) exactly.
template <typename T>
void RunDoubleAdd(const fs::path& path) {
  auto model = LoadModel(path);
  ASSERT_NE(model, nullptr);
  const TflTensor& in = model->subgraphs[0].tensors[model->subgraphs[0].inputs[0]];
  RtTensor x = RtTensor::Make(in.type, in.shape);
  for (int64_t i = 0; i < x.num_elements(); ++i) {
    x.mutable_data<T>()[i] = static_cast<T>(std::numeric_limits<T>::min() + (i * 7) % 256);
  }
  auto interp = Interpreter::Create(model, Kernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  auto out = (*interp)->Invoke(0, {x});
  ASSERT_TRUE(out.ok()) << out.status();
  const RtTensor& y = (*out)[0];
  ASSERT_EQ(y.num_elements(), x.num_elements());
  const int lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  for (int64_t i = 0; i < x.num_elements(); ++i) {
    const int v = x.data<T>()[i];
    const int expected = std::clamp(std::clamp(2 * v, lo, hi) + v, lo, hi);
    ASSERT_EQ(int{y.data<T>()[i]}, expected) << "x = " << v;
  }
}

TEST(LiteRtTestdataTest, QuantizedAddModels) {
  REQUIRE_DATA(root);
  RunDoubleAdd<uint8_t>(root / "litert/testdata/add_quantized.bin");
  RunDoubleAdd<int8_t>(root / "litert/testdata/add_quantized_int8.bin");
}

TEST(TfliteMicroTest, SimpleAddInt8AgainstFloat) {
  REQUIRE_DATA(root);
  auto model = LoadModel(root / "tflite_micro/simple_add/simple_add_model.tflite");
  ASSERT_NE(model, nullptr);
  const TflSubgraph& g = model->subgraphs[0];
  std::vector<RtTensor> inputs;
  for (int k = 0; k < 2; ++k) {
    RtTensor x = RtTensor::Make(TensorType::INT8, g.tensors[g.inputs[k]].shape);
    for (int64_t i = 0; i < x.num_elements(); ++i)
      x.mutable_data<int8_t>()[i] = static_cast<int8_t>((i * (5 + k)) % 256);
    inputs.push_back(std::move(x));
  }
  auto interp = Interpreter::Create(model, Kernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  auto out = (*interp)->Invoke(0, inputs);
  ASSERT_TRUE(out.ok()) << out.status();
  const TflQuantization& q0 = *g.tensors[g.inputs[0]].quantization;
  const TflQuantization& q1 = *g.tensors[g.inputs[1]].quantization;
  const TflQuantization& qo = *g.tensors[g.outputs[0]].quantization;
  const RtTensor& y = (*out)[0];
  for (int64_t i = 0; i < y.num_elements(); ++i) {
    const double real = q0.scale[0] * (inputs[0].data<int8_t>()[i] - q0.zero_point[0]) +
                        q1.scale[0] * (inputs[1].data<int8_t>()[i] - q1.zero_point[0]);
    const double expected = std::clamp(std::round(real / qo.scale[0]) + qo.zero_point[0], -128.0, 127.0);
    ASSERT_LE(std::abs(y.data<int8_t>()[i] - expected), 1) << i;
  }
}

}  // namespace
}  // namespace tfconv
