// Tensors in and out of the reference interpreter, in the forms the validators of ../shared use:
// the shared JSON form ([{name, shape, dtype, data}] or {name: {shape, dtype, data}}, non-finite
// values as "NaN"/"Infinity"/"-Infinity"), .npy files and raw bytes; plus the shared default input
// pattern, bit-identical to run_litert.mjs.
//
//   absl::StatusOr<std::vector<TensorSource>> given = ReadTensorFile("in.json");
//   absl::StatusOr<std::vector<RtTensor>> inputs = MakeSubgraphInputs(model, subgraph, signature, *given);
//   ...outputs = interp->Invoke(subgraph, *inputs)...
//   absl::StatusOr<std::string> json = TensorsToJson(*outputs, /*signature_names=*/{});
//   absl::Status s = WriteTensorsFile("out.json", *outputs);
//   absl::StatusOr<std::vector<RtTensor>> reference = TensorsAsGiven(*ReadTensorFile("ref.json"));
//
// Every parser takes untrusted bytes: any defect comes back as a status naming the file and what
// is wrong, never as a crash.
#ifndef TFCONV_RUNTIME_CHECK_IO_TENSOR_IO_H_
#define TFCONV_RUNTIME_CHECK_IO_TENSOR_IO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "converter/tflite/model_ir.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

// The dtype names LiteRT.js writes ("float32", "int32", "uint8", "int8", "int16", "int64", "bool",
// "float64"), and numpy-style names for the types it lacks ("float16", "uint16", "uint32",
// "uint64", "complex64", "string"...).
std::string DtypeName(tflite::TensorType type);
absl::StatusOr<tflite::TensorType> TypeOfDtypeName(absl::string_view name);

// The shared default input pattern for flat index i: float types get float(0.1*(i%17) - 0.5)
// computed in double, integer types (i%7) - 3 wrapped to the type, bool (i%7) != 3. Dims of -1
// become 1. Fails for types without a pattern (string, complex, resource...).
absl::StatusOr<RtTensor> DefaultPatternTensor(tflite::TensorType type, std::vector<int32_t> shape);

// One number of a JSON "data" array: integers keep their exact value (int64 inputs), everything
// else is a double ("NaN", "Infinity" and "-Infinity" included); true/false are 1/0.
struct InputNumber {
  double value = 0;
  int64_t exact = 0;
  bool is_integer = false;
};

// A tensor as an input file gives it; its type and shape may be left to the model.
struct TensorSource {
  std::string name;    // empty when the file has no names (.npy, raw)
  std::string origin;  // for messages: "in.json entry 2", "x.npy"
  std::optional<std::vector<int32_t>> shape;
  std::optional<tflite::TensorType> type;
  // The values: at most one of these is set (none: the default pattern for the shape).
  std::optional<std::vector<InputNumber>> numbers;  // JSON "data", flattened
  std::optional<std::vector<std::string>> strings;  // JSON "data" of a string tensor
  std::optional<RtTensor> tensor;                   // .npy: typed and shaped
  std::optional<std::string> raw;                   // raw file: bytes in the model's type
};

// The JSON form, either a list [{name, shape, dtype, data}] or a map {name: {shape, dtype, data}};
// "data" may be nested lists. `origin` names the file in messages.
absl::StatusOr<std::vector<TensorSource>> ParseTensorsJson(absl::string_view text, absl::string_view origin);
// .npy version 1, 2 or 3, little-endian (or byte-order free), C order.
absl::StatusOr<RtTensor> ParseNpy(absl::string_view bytes, absl::string_view origin);
absl::StatusOr<std::string> SerializeNpy(const RtTensor& tensor);
// By extension: .json, .npy, anything else is raw bytes (its type and shape are the model's).
absl::StatusOr<std::vector<TensorSource>> ReadTensorFile(const std::string& path);
// The sources of every file of a comma-separated list (an --inputs flag), in order.
absl::StatusOr<std::vector<TensorSource>> ReadTensorFiles(absl::string_view comma_separated_paths);

// `source` as a tensor of `type` and, when the source gives no shape, `shape` (-1 dims become 1).
// Values must be representable in the type (no silent wrap or truncation).
absl::StatusOr<RtTensor> TensorFromSource(const TensorSource& source, tflite::TensorType type,
                                          std::vector<int32_t> shape);

// Which of `given` feeds each of n inputs; `names[k]` are the names input k answers to (its tensor
// name, a signature name...; "x" and "x:0" are the same name). By name when any source names an
// input (then every source must name one, and none twice), otherwise by position; nullptr where
// no source is given. Messages list the inputs by their first name.
absl::StatusOr<std::vector<const TensorSource*>> MatchSources(const std::vector<std::vector<std::string>>& names,
                                                              absl::Span<const TensorSource> given);

// The inputs of `subgraph` in its input order. Sources are matched by name (the TFLite tensor name
// or, with `signature`, the signature's input name) when any source name matches, otherwise by
// position; inputs no source gives get the default pattern. Checks type and shape against the
// model (dims the shape signature marks -1 may take any size).
absl::StatusOr<std::vector<RtTensor>> MakeSubgraphInputs(const TflModel& model, int subgraph,
                                                         const TflSignatureDef* signature,
                                                         absl::Span<const TensorSource> given);

// Each source as a tensor on its own, without a model to say what it should be (a file of
// reference outputs): the dtype it names (float32 when none), the shape it gives (a scalar when
// none), its name.
absl::StatusOr<std::vector<RtTensor>> TensorsAsGiven(absl::Span<const TensorSource> sources);

// The JSON list form; `signature_names`, when not empty, adds "signature_name" to each tensor.
absl::StatusOr<std::string> TensorsToJson(absl::Span<const RtTensor> tensors,
                                          absl::Span<const std::string> signature_names = {});
// The same, written to `path`.
absl::Status WriteTensorsFile(const std::string& path, absl::Span<const RtTensor> tensors,
                              absl::Span<const std::string> signature_names = {});

// Element i as a double (0 for types without numbers); float16 is widened.
double ElementAsDouble(const RtTensor& tensor, int64_t i);

// The strings of a TFLite string tensor (int32 count, count+1 int32 offsets, bytes).
absl::StatusOr<std::vector<std::string>> DecodeStringTensor(const RtTensor& tensor);
RtTensor EncodeStringTensor(const std::vector<std::string>& strings, std::vector<int32_t> shape);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_IO_TENSOR_IO_H_
