// Conversion of SavedModels through the C++ API, in memory (no file written): the MLPerf Tiny KWS
// SavedModel of ../shared (skipped without it) and synthetic TF1 models of growing variable bytes.
//   tools/bazel.sh run //benchmarks/saved_model:saved_model_benchmark
#include <cstdlib>
#include <string>

#include "benchmark/benchmark.h"
#include "converter/api/converter.h"
#include "converter/frontend/checkpoint/synthetic_saved_model.h"

namespace tfconv {
namespace {

const Converter* BuiltinConverter() {
  static const Converter* converter = [] {
    absl::StatusOr<std::unique_ptr<Converter>> c = Converter::Create(PluginSearchOptions{});
    return c.ok() ? c->release() : nullptr;
  }();
  return converter;
}

std::string SharedDir() {
  // $TFCONV_SHARED_DIR, else ../shared beside the workspace (`bazel run` sets the workspace path).
  if (const char* d = std::getenv("TFCONV_SHARED_DIR"); d != nullptr && *d != '\0') return d;
  const char* ws = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  return ws != nullptr ? std::string(ws) + "/../shared" : "../shared";
}

void Convert(benchmark::State& state, const ConversionRequest& request, int64_t variable_bytes) {
  const Converter* c = BuiltinConverter();
  if (c == nullptr) return state.SkipWithError("the built-in plugins did not load");
  for (auto _ : state) {
    absl::StatusOr<TflModel> m = c->Convert(request);
    if (!m.ok()) return state.SkipWithError(std::string(m.status().message()).c_str());
    benchmark::DoNotOptimize(m->buffers.size());
  }
  state.SetBytesProcessed(state.iterations() * variable_bytes);
}

void BM_ConvertKws(benchmark::State& state) {
  ConversionRequest r;
  r.saved_model_dir = SharedDir() + "/testdata/real/mlperf_tiny/keyword_spotting/kws_ref_model";
  if (std::system(("test -d " + r.saved_model_dir).c_str()) != 0) {
    return state.SkipWithError("no KWS SavedModel (set TFCONV_SHARED_DIR)");
  }
  // The KWS variables: ~ 150 KB of float32 (bytes/s counts the checkpoint shard).
  const std::string shard = r.saved_model_dir + "/variables/variables.data-00000-of-00001";
  FILE* f = std::fopen(shard.c_str(), "rb");
  int64_t bytes = 0;
  if (f != nullptr) {
    std::fseek(f, 0, SEEK_END);
    bytes = std::ftell(f);
    std::fclose(f);
  }
  Convert(state, r, bytes);
}
BENCHMARK(BM_ConvertKws)->Unit(benchmark::kMillisecond);

// 4 variables of 2^k floats, converted in memory.
void BM_ConvertSynthetic(benchmark::State& state) {
  const char* tmp = std::getenv("TMPDIR");
  const std::string dir = std::string(tmp != nullptr ? tmp : "/tmp") + "/tfconv_sm_bench_" +
                          std::to_string(state.range(0));
  SyntheticSavedModelOptions o;
  o.num_variables = 4;
  o.variable_elements = state.range(0);
  if (absl::Status s = WriteSyntheticSavedModel(dir, o); !s.ok()) {
    return state.SkipWithError(std::string(s.message()).c_str());
  }
  ConversionRequest r;
  r.saved_model_dir = dir;
  Convert(state, r, 4 * 4 * state.range(0));
}
BENCHMARK(BM_ConvertSynthetic)->RangeMultiplier(16)->Range(1 << 10, 1 << 22)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tfconv

BENCHMARK_MAIN();
