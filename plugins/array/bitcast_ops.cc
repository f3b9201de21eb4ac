// Bitcast(input), attr type: the same bytes read as another element type.
//
// Reference semantics (TensorFlow's ops/array_ops.cc): with T the input type and `type` the output
// type, equal sizes keep the shape; a larger T appends a dimension of sizeof(T) / sizeof(type); a
// smaller T needs a last dimension of sizeof(type) / sizeof(T), which disappears. Bytes are
// little-endian on every platform this converter targets, as in TensorFlow and TFLite on them.
// Lowering (legalize_patterns.td LegalizeBitcast): BITCAST, no options; its kernel derives the same
// shapes from the two tensor types (kernels/bitcast.cc).
#include <utility>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

// The element sizes of the input and output types; an error for types without a fixed size.
absl::StatusOr<std::pair<size_t, size_t>> Sizes(const Node& node, DataType in, DataType out) {
  for (DataType t : {in, out}) {
    if (!HasFixedSize(t) || t == DataType::kBool) {
      return NodeError(node, absl::StrCat("cannot bitcast ", DataTypeName(in), " to ", DataTypeName(out),
                                          ": both types need a fixed size and must not be bool"));
    }
  }
  return std::make_pair(DataTypeSize(in), DataTypeSize(out));
}

// The output shape for input shape `dims` (unknown dims as -1).
absl::StatusOr<std::vector<int64_t>> BitcastDims(const Node& node, std::vector<int64_t> dims, size_t in_size,
                                                 size_t out_size) {
  if (in_size > out_size) {
    dims.push_back(static_cast<int64_t>(in_size / out_size));
  } else if (in_size < out_size) {
    const int64_t ratio = static_cast<int64_t>(out_size / in_size);
    if (dims.empty() || (dims.back() >= 0 && dims.back() != ratio)) {
      return NodeError(node, absl::StrCat("the input's last dimension must be ", ratio,
                                          " to bitcast to a type that many times larger"));
    }
    dims.pop_back();
  }
  return dims;
}

absl::Status InferBitcast(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, GetAttr<DataType>(c.node(), "type"));
  const PartialShape& in = c.input_shape(0);
  PartialShape out = PartialShape::UnknownRank();
  if (c.input_type(0) != DataType::kInvalid && in.known_rank()) {
    TFCONV_ASSIGN_OR_RETURN(auto sizes, Sizes(c.node(), c.input_type(0), type));
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, BitcastDims(c.node(), in.dims(), sizes.first, sizes.second));
    out = PartialShape(dims);
  }
  c.set_output(0, type, std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalBitcast(const EvalContext& c) {
  const Tensor& in = c.input(0);
  TFCONV_ASSIGN_OR_RETURN(DataType type, GetAttr<DataType>(c.node(), "type"));
  TFCONV_ASSIGN_OR_RETURN(auto sizes, Sizes(c.node(), in.dtype(), type));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, BitcastDims(c.node(), in.shape(), sizes.first, sizes.second));
  return std::vector<Tensor>{Tensor(type, std::move(dims), in.bytes())};  // shares the bytes
}

absl::Status LowerBitcast(LoweringContext& c) {
  TFCONV_RETURN_IF_ERROR(ToTfliteType(c.node(), c.input_type(0)).status());
  TFCONV_RETURN_IF_ERROR(ToTfliteType(c.node(), c.output_type(0)).status());
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::BITCAST, {in}, {out});
  return absl::OkStatus();
}

}  // namespace

void RegisterBitcastOps(OpRegistry& registry) {
  registry.Add(MakeOp("Bitcast", InferBitcast, EvalBitcast, LowerBitcast, {"BITCAST"}));
}

}  // namespace array
}  // namespace tfconv
