// Post-training quantization figures on the real models: calibration throughput (samples per second
// through the reference interpreter, ResNet-8 and KWS) and the time QuantizeModel takes per mode on
// the KWS DS-CNN (the model converted from its SavedModel; int8 after calibrating on 8 samples).
// A model whose data is missing is skipped with the reason.
//
//   tools/bazel.sh run //benchmarks/quantization:quantization_benchmark
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "benchmarks/real_graphs/real_graphs.h"
#include "converter/api/converter.h"
#include "quantization/calibration/calibrate.h"
#include "quantization/quantize.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {
namespace {

// The float model of a real graph, converted once per process.
absl::StatusOr<TflModel> FloatModel(const std::string& name) {
  static std::map<std::string, absl::StatusOr<TflModel>>* cache = new std::map<std::string, absl::StatusOr<TflModel>>;
  auto it = cache->find(name);
  if (it != cache->end()) return it->second;
  absl::StatusOr<TflModel> result = absl::NotFoundError("no real graph named " + name);
  for (const RealGraph& g : RealGraphs()) {
    if (name != g.name) continue;
    absl::StatusOr<ConversionRequest> request = RequestFor(g, SharedDir());
    if (!request.ok()) {
      result = request.status();
    } else if (const Converter* c = BuiltinConverter(); c == nullptr) {
      result = absl::InternalError("the built-in plugins did not load");
    } else {
      request->batch_size = 1;
      result = c->Convert(*request);
    }
  }
  return cache->emplace(name, std::move(result)).first->second;
}

// `count` samples of the subgraph's inputs: the shared default pattern, shifted per sample so that
// the ranges grow as a real dataset's would.
absl::StatusOr<std::vector<std::vector<RtTensor>>> Samples(const TflModel& model, int count) {
  std::vector<std::vector<RtTensor>> samples;
  const TflSubgraph& g = model.subgraphs[0];
  for (int k = 0; k < count; ++k) {
    std::vector<RtTensor>& sample = samples.emplace_back();
    for (int input : g.inputs) {
      const TflTensor& t = g.tensors[input];
      absl::StatusOr<RtTensor> x = DefaultPatternTensor(t.type, t.shape);
      if (!x.ok()) return x.status();
      float* v = x->mutable_data<float>();
      for (int64_t i = 0; i < x->num_elements(); ++i) v[i] = v[i] * (1.0f + 0.25f * k) + 0.1f * k;
      sample.push_back(*std::move(x));
    }
  }
  return samples;
}

void BM_Calibrate(benchmark::State& state, const std::string& name) {
  absl::StatusOr<TflModel> model = FloatModel(name);
  if (!model.ok()) return state.SkipWithError(std::string(model.status().message()).c_str());
  const int count = static_cast<int>(state.range(0));
  absl::StatusOr<std::vector<std::vector<RtTensor>>> samples = Samples(*model, count);
  if (!samples.ok()) return state.SkipWithError(std::string(samples.status().message()).c_str());
  for (auto _ : state) {
    TflModel copy = *model;
    absl::Status s = CalibrateModel(copy, *samples);
    if (!s.ok()) return state.SkipWithError(std::string(s.message()).c_str());
    benchmark::DoNotOptimize(copy.subgraphs[0].tensors.data());
  }
  state.SetItemsProcessed(state.iterations() * count);  // items/s = samples per second
}

void BM_Quantize(benchmark::State& state, const std::string& name, QuantizationMode mode) {
  absl::StatusOr<TflModel> model = FloatModel(name);
  if (!model.ok()) return state.SkipWithError(std::string(model.status().message()).c_str());
  TflModel source = *model;
  if (mode == QuantizationMode::kInt8 || mode == QuantizationMode::kInt16x8) {
    absl::StatusOr<std::vector<std::vector<RtTensor>>> samples = Samples(source, 8);
    if (!samples.ok()) return state.SkipWithError(std::string(samples.status().message()).c_str());
    if (absl::Status s = CalibrateModel(source, *samples); !s.ok()) {
      return state.SkipWithError(std::string(s.message()).c_str());
    }
  }
  QuantizeOptions options;
  options.mode = mode;
  for (auto _ : state) {
    state.PauseTiming();
    TflModel copy = source;
    state.ResumeTiming();
    absl::StatusOr<QuantizeReport> report = QuantizeModel(copy, options);
    if (!report.ok()) return state.SkipWithError(std::string(report.status().message()).c_str());
    benchmark::DoNotOptimize(copy.buffers.data());
  }
}

BENCHMARK_CAPTURE(BM_Calibrate, mlperf_resnet8_keras, std::string("mlperf_resnet8_keras"))
    ->Arg(16)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Calibrate, kws_ref_model, std::string("kws_ref_model"))->Arg(16)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Quantize, kws_dynamic_range, std::string("kws_ref_model"), QuantizationMode::kDynamicRange)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Quantize, kws_float16, std::string("kws_ref_model"), QuantizationMode::kFloat16)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Quantize, kws_int8, std::string("kws_ref_model"), QuantizationMode::kInt8)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Quantize, kws_int16x8, std::string("kws_ref_model"), QuantizationMode::kInt16x8)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tfconv

BENCHMARK_MAIN();
