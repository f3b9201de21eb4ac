// Conversion throughput on a generated 50-layer Conv2D network with about 25 MB of weights:
// read the .pb, run the passes, lower through the plugins and write the .tflite, once per iteration.
// Reports bytes of weights converted per second. Whole-process figures (peak RSS) come from
// `/usr/bin/time -v bazel-bin/converter/tflite_convert ...` on the file `make_conv_stack` writes.
#include <cstdio>
#include <fstream>
#include <string>

#include "benchmark/benchmark.h"
#include "benchmarks/conv_stack_graph.h"
#include "converter/api/converter.h"
#include "converter/tflite/flatbuffer_writer.h"

namespace tfconv {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

const Converter& SharedConverter() {
  static const Converter* converter = [] {
    absl::StatusOr<std::unique_ptr<Converter>> c = Converter::Create(PluginSearchOptions{});
    if (!c.ok()) {
      std::fprintf(stderr, "cannot create the converter: %s\n", std::string(c.status().message()).c_str());
      std::exit(1);
    }
    return c->release();
  }();
  return *converter;
}

void BM_ConvertConvStack(benchmark::State& state) {
  ConvStackSpec spec;
  spec.layers = static_cast<int>(state.range(0));
  spec.channels = static_cast<int>(state.range(1));
  std::string pb = TempPath("conv_stack_" + std::to_string(spec.layers) + ".pb");
  {
    std::ofstream out(pb, std::ios::binary);
    MakeConvStackGraph(spec).SerializeToOstream(&out);
  }
  std::string tflite = pb + ".tflite";
  ConversionRequest request;
  request.graph_def_file = pb;
  const Converter& converter = SharedConverter();
  for (auto _ : state) {
    absl::StatusOr<ConversionSummary> s = converter.ConvertToFile(request, tflite);
    if (!s.ok()) {
      state.SkipWithError(std::string(s.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(s->file_bytes);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(ConvStackWeightBytes(spec)));
  state.counters["weight_MB"] = ConvStackWeightBytes(spec) / 1e6;
  std::remove(pb.c_str());
  std::remove(tflite.c_str());
}
// The same without the file system: parse, convert and serialize into memory.
void BM_ConvertConvStackInMemory(benchmark::State& state) {
  ConvStackSpec spec;
  spec.layers = static_cast<int>(state.range(0));
  spec.channels = static_cast<int>(state.range(1));
  std::string pb = TempPath("conv_stack_mem_" + std::to_string(spec.layers) + ".pb");
  {
    std::ofstream out(pb, std::ios::binary);
    MakeConvStackGraph(spec).SerializeToOstream(&out);
  }
  ConversionRequest request;
  request.graph_def_file = pb;
  const Converter& converter = SharedConverter();
  for (auto _ : state) {
    absl::StatusOr<TflModel> model = converter.Convert(request);
    if (!model.ok()) {
      state.SkipWithError(std::string(model.status().message()).c_str());
      break;
    }
    absl::StatusOr<std::string> bytes = SerializeModel(*model);
    benchmark::DoNotOptimize(bytes->data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(ConvStackWeightBytes(spec)));
  std::remove(pb.c_str());
}
BENCHMARK(BM_ConvertConvStackInMemory)->Args({50, 120})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK(BM_ConvertConvStack)->Args({50, 120})->Args({10, 64})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace tfconv

BENCHMARK_MAIN();
