// Conversion of a TensorFlow AttrValue proto to the graph IR's AttrValue. The proto is consumed:
// tensors inside it give up their bytes (see tensor_proto.h).
//
//   absl::StatusOr<AttrValue> v = AttrValueFromProto(node_def.mutable_attr()->at("value"), limits);
#ifndef TFCONV_CONVERTER_FRONTEND_ATTR_VALUE_PROTO_H_
#define TFCONV_CONVERTER_FRONTEND_ATTR_VALUE_PROTO_H_

#include "absl/status/statusor.h"
#include "converter/frontend/tensor_proto.h"
#include "converter/graph/attr.h"
#include "converter/proto/attr_value.pb.h"

namespace tfconv {

// Every kind converts: s, i, f, b, type, shape, tensor, list (each member), func (recursively) and
// an unset value (std::monostate). A function-body placeholder ("$T") is an error, since only
// function definitions may hold one. Errors say what is wrong; the caller names node and attr.
absl::StatusOr<AttrValue> AttrValueFromProto(tensorflow::AttrValue& proto, const TensorLimits& limits);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_ATTR_VALUE_PROTO_H_
