// Reading a checkpoint: Open (index parse) plus Read of every tensor (map + CRC-32C), in bytes
// per second. Uses $TFCONV_BENCH_CHECKPOINT (a prefix) when set, else writes a synthetic 256 MiB
// SavedModel under $TMPDIR (default /tmp) first. Page-cache warm after the first iteration.
#include <cstdlib>
#include <string>

#include "benchmark/benchmark.h"
#include "converter/frontend/checkpoint/checkpoint_reader.h"
#include "converter/frontend/checkpoint/synthetic_saved_model.h"

namespace tfconv {
namespace {

std::string Prefix() {
  if (const char* p = std::getenv("TFCONV_BENCH_CHECKPOINT"); p != nullptr && *p != '\0') return p;
  const char* tmp = std::getenv("TMPDIR");
  const std::string dir =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/tfconv_ckpt_bench";
  SyntheticSavedModelOptions o;
  o.num_variables = 16;
  o.variable_elements = int64_t{1} << 22;  // 16 x 16 MiB
  if (!WriteSyntheticSavedModel(dir, o).ok()) return "";
  return dir + "/variables/variables";
}

void BM_ReadWholeCheckpoint(benchmark::State& state) {
  static const std::string prefix = Prefix();
  int64_t bytes = 0;
  for (auto _ : state) {
    auto r = CheckpointReader::Open(prefix);
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      return;
    }
    bytes = 0;
    for (const std::string& key : (*r)->Keys()) {
      absl::StatusOr<Tensor> t = (*r)->Read(key);
      if (!t.ok()) {
        state.SkipWithError(std::string(t.status().message()).c_str());
        return;
      }
      bytes += static_cast<int64_t>(t->ByteSize());
      benchmark::DoNotOptimize(t->bytes().data());
    }
  }
  state.SetBytesProcessed(bytes * static_cast<int64_t>(state.iterations()));
}

BENCHMARK(BM_ReadWholeCheckpoint)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tfconv
