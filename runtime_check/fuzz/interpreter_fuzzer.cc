// libFuzzer entry point for the reference interpreter (coverage-guided, for long runs; the seeded
// interpreter_fuzz_test.cc runs in CI instead). Each input is a .tflite file: it is read, run
// (Create with the built-in kernels, Invoke on the default input pattern), then run once more
// after one IR-level mutation chosen from the input's hash (option fields, quantization,
// shapes... which byte flips rarely reach). Every run must end with OK or a status.
// Not a Bazel target, since it needs clang. Build and run by hand from the workspace root, after
// `tools/bazel.sh build //converter/schema:tflite_schema` has generated the schema header:
//
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -I. -Ibazel-bin \
//     runtime_check/fuzz/{interpreter_fuzzer,model_mutator,run_model}.cc \
//     converter/tflite/{flatbuffer_reader,model_check,model_ir}.cc \
//     $(ls converter/graph/*.cc | grep -v _test.cc) \
//     runtime_check/interpreter/{interpreter,kernel,rt_tensor,quant_math}.cc \
//     $(find runtime_check/io runtime_check/numeric runtime_check/kernels -name '*.cc' ! -name '*_test.cc' \
//         ! -path '*/testing/*' ! -name '*_main.cc' ! -name 'write_identity_model.cc') \
//     $(grep -o '"-labsl[^"]*"' third_party/BUILD | tr -d '"') -lflatbuffers -pthread -o /tmp/interpreter_fuzzer
//   mkdir -p /tmp/interpreter_corpus && find ../shared/testdata/real -size -300k \
//     \( -name '*.tflite' -o -name '*.bin' \) -exec cp {} /tmp/interpreter_corpus/ \;
//   /tmp/interpreter_fuzzer -max_total_time=600 -timeout=10 -rss_limit_mb=4096 /tmp/interpreter_corpus
//
// Models declaring more than 256 MB of
// tensors are skipped, so that the run goes on to new findings. A timeout on a model with WHILE
// is most likely a loop that never ends (the kernel gives up only after 100M iterations).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <string_view>

#include "converter/tflite/flatbuffer_reader.h"
#include "runtime_check/fuzz/model_mutator.h"
#include "runtime_check/fuzz/run_model.h"

namespace {

constexpr int64_t kMaxDeclaredBytes = int64_t{256} << 20;

void Run(const tfconv::TflModel& model) {
  tfconv::RunOutcome r = tfconv::RunModel(std::make_shared<const tfconv::TflModel>(model), kMaxDeclaredBytes);
  if (!r.status.ok() && r.status.message().empty()) __builtin_trap();  // errors must say what is wrong
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tfconv;
  // A private copy: the model keeps pointers into the bytes it was read from.
  absl::StatusOr<TflModel> model = ReadModel(ByteBuffer::Copy(data, size));
  if (!model.ok()) return 0;
  Run(*model);
  std::mt19937_64 rng(std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(data), size)));
  const auto kind = static_cast<Mutation>(rng() % static_cast<int>(Mutation::kCount));
  if (!MutateModel(*model, kind, rng).empty()) Run(*model);
  return 0;
}
