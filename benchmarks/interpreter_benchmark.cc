// Google Benchmark of the reference interpreter on real models from ../shared/testdata/real, on the
// shared default input pattern (the one LiteRT.js and Arm NN runners use, so timings compare).
// Run: tools/bazel.sh run //benchmarks:interpreter_benchmark  (benchmarks/compare_runtimes.sh puts
// the figures next to LiteRT.js and Arm NN CpuRef on the same inputs).
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/io/tensor_io.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

std::string SharedDir() {
  const char* dir = std::getenv("TFCONV_SHARED_DIR");
  return dir != nullptr && *dir != '\0' ? dir : "/work/shared";
}

void BM_Invoke(benchmark::State& state, const std::string& relative_path) {
  const std::string path = SharedDir() + "/testdata/real/" + relative_path;
  absl::StatusOr<TflModel> model = ReadModelFile(path);
  if (!model.ok()) {
    state.SkipWithError(std::string(model.status().message()).c_str());
    return;
  }
  auto shared = std::make_shared<TflModel>(*std::move(model));
  auto interp = Interpreter::Create(shared, BuiltinKernels());
  if (!interp.ok()) {
    state.SkipWithError(std::string(interp.status().message()).c_str());
    return;
  }
  absl::StatusOr<std::vector<RtTensor>> inputs = MakeSubgraphInputs(*shared, 0, nullptr, {});
  if (!inputs.ok()) {
    state.SkipWithError(std::string(inputs.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    auto outputs = (*interp)->Invoke(0, *inputs);
    if (!outputs.ok()) {
      state.SkipWithError(std::string(outputs.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(outputs->data());
  }
}

BENCHMARK_CAPTURE(BM_Invoke, resnet8_float, std::string("mlperf_tiny/image_classification/pretrainedResnet.tflite"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Invoke, resnet8_int8, std::string("mlperf_tiny/image_classification/pretrainedResnet_quant.tflite"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Invoke, mobilenet_v1_025_uint8,
                  std::string("tflite_support/vision/mobilenet_v1_0.25_224_quant.tflite"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Invoke, mobilenet_v1_025_float,
                  std::string("tflite_support/vision/mobilenet_v1_0.25_224_1_default_1.tflite"))
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tfconv

BENCHMARK_MAIN();
