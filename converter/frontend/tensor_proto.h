// Conversions from TensorFlow's value protos (DataType, TensorShapeProto, TensorProto) to the graph
// IR. A TensorProto is consumed: its tensor_content bytes move into the Tensor without a copy.
//
//   absl::StatusOr<Tensor> t = TensorFromProto(*attr.mutable_tensor(), TensorLimits{});
//   absl::StatusOr<PartialShape> s = ShapeFromProto(attr.shape());   // [?,224,224,3]
//   DataType d = DataTypeFromProto(tensorflow::DT_FLOAT_REF);         // DataType::kFloat
#ifndef TFCONV_CONVERTER_FRONTEND_TENSOR_PROTO_H_
#define TFCONV_CONVERTER_FRONTEND_TENSOR_PROTO_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "converter/graph/dtype.h"
#include "converter/graph/shape.h"
#include "converter/graph/tensor.h"
#include "converter/proto/tensor.pb.h"
#include "converter/proto/tensor_shape.pb.h"
#include "converter/proto/types.pb.h"

namespace tfconv {

struct TensorLimits {
  // A TensorProto may list fewer values than its shape holds (TF repeats the last one); expanding
  // it allocates the full tensor, so a larger result is refused instead of exhausting memory.
  int64_t max_expanded_bytes = int64_t{4} << 30;
};

// TF's enum value as a DataType. Reference types (DT_FLOAT_REF...) map to their value type. Types
// the IR does not name (float8, int4...) keep their number, so DataTypeName shows "invalid(24)" and
// a later stage reports them; TensorFromProto refuses them.
DataType DataTypeFromProto(int proto_dtype);

// A shape attribute: unknown_rank gives PartialShape::UnknownRank(), a dim of -1 is unknown.
// Errors for dims below -1.
absl::StatusOr<PartialShape> ShapeFromProto(const tensorflow::TensorShapeProto& proto);

// A constant. tensor_content (when set) is moved out of `proto`; otherwise the typed value list
// matching the dtype (float_val, int_val, ...) is expanded to the full shape, repeating its last
// value when it is shorter (an empty list means zeros). Errors say what is wrong with the proto;
// the caller adds the node name.
absl::StatusOr<Tensor> TensorFromProto(tensorflow::TensorProto& proto, const TensorLimits& limits);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_TENSOR_PROTO_H_
