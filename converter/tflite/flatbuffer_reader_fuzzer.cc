// libFuzzer entry point for the .tflite reader (coverage-guided; the seeded mutation test
// flatbuffer_reader_fuzz_test.cc runs in CI instead). Not a Bazel target, since it needs clang.
// Build and run by hand from the workspace root, after `tools/bazel.sh build
// //converter/schema:tflite_schema` has generated the schema header:
//
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -I. -Ibazel-bin \
//     converter/tflite/flatbuffer_reader_fuzzer.cc \
//     converter/tflite/{flatbuffer_reader,flatbuffer_writer,model_check,model_ir,model_printer,op_version,runtime_version}.cc \
//     converter/graph/{attr,dtype,graph,shape,tensor}.cc \
//     $(grep -o '"-labsl[^"]*"' third_party/BUILD | tr -d '"') -pthread -o /tmp/tflite_fuzzer
//   mkdir -p /tmp/tflite_corpus && find ../shared/testdata/real -name '*.tflite' -exec cp {} /tmp/tflite_corpus/ \;
//   /tmp/tflite_fuzzer -max_total_time=600 -rss_limit_mb=4096 /tmp/tflite_corpus
#include <cstddef>
#include <cstdint>
#include <string>

#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/model_printer.h"
#include "converter/tflite/op_version.h"
#include "converter/tflite/runtime_version.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tfconv;
  // A private copy: the reader keeps pointers into the bytes it was given.
  ByteBuffer bytes = ByteBuffer::Copy(data, size);
  absl::StatusOr<TflModel> model = ReadModel(bytes);
  if (!model.ok()) return 0;
  absl::StatusOr<std::string> written = SerializeModel(*model);
  if (written.ok() && !ReadModel(ByteBuffer::FromString(*std::move(written))).ok()) {
    __builtin_trap();  // the writer produced a file the reader rejects
  }
  (void)DescribeModel(*model);
  (void)DescribeModelJson(*model);
  AssignOperatorVersions(*model);
  (void)MinRuntimeVersion(*model);
  return 0;
}
