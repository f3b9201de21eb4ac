// The validators' tensor file format (../shared/validators/README.md), read and written with the
// converter's host Tensor, and their default input pattern. The same files feed LiteRT.js, tfjs,
// the source-graph evaluator and the reference interpreter, so all of them see identical inputs.
//
//   [{"name": "x", "shape": [1, 3], "dtype": "float32", "data": [0.5, "NaN", -1]}]
//   {"x": {"shape": [1, 3], "dtype": "float32", "data": [[0.5, "NaN", -1]]}}   (also read)
//
//   absl::StatusOr<std::vector<NamedTensor>> in = ReadTensorsFile("inputs.json");
//   absl::Status s = WriteTensorsFile(outputs, "outputs.json");
//   absl::StatusOr<Tensor> x = DefaultPatternTensor(DataType::kFloat, {1, 28, 28, 1});
//
// Non-finite floats are the strings "NaN", "Infinity" and "-Infinity". "data" may be nested and
// is read in row-major order; without it an entry gets the default pattern for its shape. dtype
// defaults to float32. Readable types: float32/64, (u)int8/16/32/64 and bool; writable also
// float16 and string.
#ifndef TFCONV_RUNTIME_CHECK_COMPARE_TENSOR_IO_H_
#define TFCONV_RUNTIME_CHECK_COMPARE_TENSOR_IO_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/graph/tensor.h"

namespace tfconv {

struct NamedTensor {
  std::string name;
  Tensor tensor;
};

// "float32" → kFloat...: the names DataTypeName gives (the numpy spelling the validators use).
absl::StatusOr<DataType> DataTypeFromName(absl::string_view name);

// The default pattern, by flat index i: floats 0.1*(i%17) - 0.5 computed in double (and rounded to
// float32 for float32), integers (i%7) - 3 wrapped to the type (uint8: 253, 254, 255, 0, 1, ...),
// bool (i%7) != 3. Dimensions must be known (>= 0).
absl::StatusOr<Tensor> DefaultPatternTensor(DataType dtype, const std::vector<int64_t>& shape);

absl::StatusOr<std::vector<NamedTensor>> TensorsFromJson(const nlohmann::json& json);
absl::StatusOr<std::vector<NamedTensor>> ReadTensorsFile(const std::string& path);

// A list [{name, shape, dtype, data}] with flat data.
absl::StatusOr<nlohmann::json> TensorsToJson(const std::vector<NamedTensor>& tensors);
absl::Status WriteTensorsFile(const std::vector<NamedTensor>& tensors, const std::string& path);

// A JSON number, or "NaN" / "Infinity" / "-Infinity" for the values JSON cannot hold.
nlohmann::json JsonNumber(double value);

// IEEE half (bits) to float, exactly.
float HalfToFloat(uint16_t bits);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_COMPARE_TENSOR_IO_H_
