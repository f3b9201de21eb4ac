// Runs the real SEANet PAD and STRIDED_SLICE models from the tflite-micro test data on their CSV
// inputs and compares every output value exactly with the golden CSV (INT16, written by the
// TFLite Micro reference kernels). Data root: $TFCONV_SHARED_DIR (default /work/shared); without
// it the test skips, except under CI=true, where it fails.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "converter/tflite/flatbuffer_reader.h"
#include "gtest/gtest.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/array/array_kernels.h"

namespace tfconv {
namespace {

namespace fs = std::filesystem;

fs::path SeanetDir() {
  const char* env = std::getenv("TFCONV_SHARED_DIR");
  const fs::path shared = env != nullptr && *env != '\0' ? fs::path(env) : fs::path("/work/shared");
  return shared / "testdata" / "real" / "tflite_micro" / "seanet";
}

bool InCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

// Comma-separated integers; line breaks and a trailing comma are allowed.
bool ReadCsv(const fs::path& path, std::vector<int16_t>* values) {
  std::ifstream in(path);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  std::string token;
  values->clear();
  for (char ch : text.str() + ",") {
    if (ch == ',' || ch == '\n' || ch == '\r' || ch == ' ') {
      if (!token.empty()) {
        const long v = std::strtol(token.c_str(), nullptr, 10);
        if (v < -32768 || v > 32767) return false;
        values->push_back(static_cast<int16_t>(v));
        token.clear();
      }
    } else {
      token += ch;
    }
  }
  return true;
}

void RunFamily(const std::string& family) {
  const fs::path dir = SeanetDir() / family;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    if (InCi()) FAIL() << "missing test data folder " << dir << " (set TFCONV_SHARED_DIR)";
    GTEST_SKIP() << "no test data at " << dir << " (set TFCONV_SHARED_DIR)";
  }
  std::vector<fs::path> models;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".tflite") models.push_back(entry.path());
  }
  std::sort(models.begin(), models.end());
  ASSERT_FALSE(models.empty()) << "no .tflite files in " << dir;
  KernelRegistry registry;
  RegisterArrayKernels(registry);
  int checked = 0;
  for (const fs::path& path : models) {
    SCOPED_TRACE(path.string());
    const std::string stem = path.stem().string();
    std::vector<int16_t> input, golden;
    ASSERT_TRUE(ReadCsv(dir / (stem + "_input0_int16.csv"), &input));
    ASSERT_TRUE(ReadCsv(dir / (stem + "_golden_int16.csv"), &golden));
    absl::StatusOr<TflModel> model = ReadModelFile(path.string());
    ASSERT_TRUE(model.ok()) << model.status();
    auto interp = Interpreter::Create(std::make_shared<TflModel>(*std::move(model)), registry);
    ASSERT_TRUE(interp.ok()) << interp.status();
    const TflSubgraph& g = (*interp)->model().subgraphs[0];
    ASSERT_EQ(g.inputs.size(), 1u);
    const TflTensor& in_t = g.tensors[g.inputs[0]];
    ASSERT_EQ(in_t.type, tflite::TensorType::INT16);
    ASSERT_EQ(static_cast<int64_t>(input.size()), NumElementsOf(in_t.shape));
    RtTensor x = RtTensor::Make(tflite::TensorType::INT16, {});
    x.SetBytes(in_t.shape, reinterpret_cast<const uint8_t*>(input.data()), input.size() * sizeof(int16_t));
    auto out = (*interp)->Invoke(0, {x});
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_EQ(out->size(), 1u);
    const RtTensor& y = (*out)[0];
    const TflTensor& out_t = g.tensors[g.outputs[0]];
    EXPECT_EQ(y.shape(), out_t.shape);
    ASSERT_EQ(y.num_elements(), static_cast<int64_t>(golden.size()));
    int mismatches = 0;
    for (size_t i = 0; i < golden.size(); ++i) {
      if (y.data<int16_t>()[i] != golden[i] && ++mismatches <= 5) {
        ADD_FAILURE() << "element " << i << ": got " << y.data<int16_t>()[i] << ", golden " << golden[i];
      }
    }
    EXPECT_EQ(mismatches, 0);
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(models.size()));
  std::cout << family << ": " << checked << " models match their goldens exactly\n";
}

TEST(SeanetTest, PadModelsMatchGoldens) { RunFamily("pad"); }

TEST(SeanetTest, StridedSliceModelsMatchGoldens) { RunFamily("strided_slice"); }

}  // namespace
}  // namespace tfconv
