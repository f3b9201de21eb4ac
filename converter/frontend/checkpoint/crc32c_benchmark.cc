// Throughput of the CRC-32C implementations (bytes per second), from 64 B to 64 MiB.
#include <cstdint>
#include <vector>

#include "benchmark/benchmark.h"
#include "converter/frontend/checkpoint/crc32c.h"

namespace tfconv {
namespace {

std::vector<uint8_t> Buffer(size_t n) {
  std::vector<uint8_t> b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i * 131 + 7);
  return b;
}

void Run(benchmark::State& state, uint32_t (*fn)(uint32_t, const void*, size_t)) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<uint8_t> data = Buffer(n);
  uint32_t crc = 0;
  for (auto _ : state) {
    crc = fn(crc, data.data(), n);
    benchmark::DoNotOptimize(crc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(n));
}

void BM_Crc32cDispatch(benchmark::State& state) { Run(state, &Crc32cExtend); }
void BM_Crc32cTable(benchmark::State& state) { Run(state, &Crc32cExtendTable); }
void BM_Crc32cHardware(benchmark::State& state) {
  if (!Crc32cHasHardware()) {
    state.SkipWithError("no SSE4.2 on this CPU");
    return;
  }
  Run(state, &Crc32cExtendHardware);
}

BENCHMARK(BM_Crc32cDispatch)->Range(64, 64 << 20);
BENCHMARK(BM_Crc32cTable)->Range(64, 64 << 20);
BENCHMARK(BM_Crc32cHardware)->Range(64, 64 << 20);

}  // namespace
}  // namespace tfconv
