// In-memory conversion of the real models of real_graphs.h (parse, passes, lowering, optimizer,
// serialization to bytes; no file written), one benchmark per model. A model whose data is missing
// is skipped with the reason. Counters: our operator count, the official .tflite's (where one
// exists), the weights converted per second.
//
//   tools/bazel.sh run //benchmarks/real_graphs:real_graphs_benchmark
//   real_graphs_benchmark --print_models    # the models as tflite_convert flags (for the table script)
#include <cstdio>
#include <cstring>
#include <string>

#include "absl/strings/str_join.h"
#include "benchmark/benchmark.h"
#include "benchmarks/real_graphs/real_graphs.h"
#include "converter/api/converter.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"

namespace tfconv {
namespace {

size_t OperatorCount(const TflModel& m) {
  size_t n = 0;
  for (const TflSubgraph& g : m.subgraphs) n += g.operators.size();
  return n;
}

void BM_Convert(benchmark::State& state, const RealGraph& graph) {
  const std::string shared = SharedDir();
  absl::StatusOr<ConversionRequest> request = RequestFor(graph, shared);
  if (!request.ok()) return state.SkipWithError(std::string(request.status().message()).c_str());
  const Converter* converter = BuiltinConverter();
  if (converter == nullptr) return state.SkipWithError("the built-in plugins did not load");
  size_t operators = 0, weight_bytes = 0, file_bytes = 0;
  for (auto _ : state) {
    absl::StatusOr<TflModel> model = converter->Convert(*request);
    if (!model.ok()) return state.SkipWithError(std::string(model.status().message()).c_str());
    operators = OperatorCount(*model);
    weight_bytes = 0;
    for (const TflBuffer& b : model->buffers) weight_bytes += b.data.size();
    absl::StatusOr<std::string> bytes = SerializeModel(*model);
    if (!bytes.ok()) return state.SkipWithError(std::string(bytes.status().message()).c_str());
    file_bytes = bytes->size();
    benchmark::DoNotOptimize(bytes->data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * weight_bytes));
  state.counters["ops"] = static_cast<double>(operators);
  state.counters["file_KB"] = file_bytes / 1024.0;
  if (const std::string official = OfficialPath(graph, shared); !official.empty()) {
    absl::StatusOr<TflModel> m = ReadModelFile(official);
    if (m.ok()) state.counters["official_ops"] = static_cast<double>(OperatorCount(*m));
  }
}

// One line per model, tab-separated: name, the official .tflite or "-", then tflite_convert's flags;
// or name, "SKIP", the reason.
int PrintModels() {
  const std::string shared = SharedDir();
  for (const RealGraph& g : RealGraphs()) {
    absl::StatusOr<std::vector<std::string>> flags = ConvertFlags(g, shared);
    if (!flags.ok()) {
      std::printf("%s\tSKIP\t%s\n", g.name, std::string(flags.status().message()).c_str());
      continue;
    }
    const std::string official = OfficialPath(g, shared);
    std::printf("%s\t%s\t%s\n", g.name, official.empty() ? "-" : official.c_str(), absl::StrJoin(*flags, "\t").c_str());
  }
  return 0;
}

}  // namespace
}  // namespace tfconv

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--print_models") == 0) return tfconv::PrintModels();
  }
  for (const tfconv::RealGraph& g : tfconv::RealGraphs()) {
    benchmark::RegisterBenchmark((std::string("BM_Convert/") + g.name).c_str(), tfconv::BM_Convert, g)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
