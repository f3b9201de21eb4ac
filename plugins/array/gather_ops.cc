// GatherV2 (params, indices, axis; batch_dims) and the older Gather (axis 0): output =
// params[:axis] + indices[batch_dims:] + params[axis+1:], where the leading batch_dims dimensions of
// params and indices are shared.
//
// Lowering: GATHER with the constant axis and batch_dims in GatherOptions (legalize_patterns.td);
// indices pass through (TFLite gathers with int32 or int64 indices).
#include <cstring>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

// The axis operand's value (Gather has none: axis 0), or nullopt when it is not a constant.
absl::StatusOr<std::optional<int64_t>> AxisValue(const Node& node, const Tensor* axis) {
  if (node.op() == "Gather") return std::optional<int64_t>(0);
  if (axis == nullptr) return std::optional<int64_t>();
  TFCONV_ASSIGN_OR_RETURN(int64_t value, ReadScalarInt(node, *axis, "axis"));
  return std::optional<int64_t>(value);
}

struct GatherDims {
  int axis;
  int batch_dims;
};

absl::StatusOr<GatherDims> Normalize(const Node& node, int64_t axis, int params_rank, int indices_rank) {
  TFCONV_ASSIGN_OR_RETURN(int64_t batch_dims, GetAttrOr<int64_t>(node, "batch_dims", 0));
  if (batch_dims < 0) batch_dims += indices_rank;
  if (batch_dims < 0 || batch_dims > indices_rank) {
    return NodeError(node, absl::StrCat("batch_dims is out of range for indices of rank ", indices_rank));
  }
  TFCONV_ASSIGN_OR_RETURN(int a, NormalizeAxis(node, axis, params_rank));
  if (batch_dims > a) {
    return NodeError(node, absl::StrCat("batch_dims (", batch_dims, ") must not exceed the axis (", a, ")"));
  }
  return GatherDims{a, static_cast<int>(batch_dims)};
}

absl::StatusOr<PartialShape> GatherShape(const Node& node, const PartialShape& params,
                                         const PartialShape& indices, const std::optional<int64_t>& axis) {
  if (!params.known_rank() || !indices.known_rank()) return PartialShape::UnknownRank();
  if (!axis.has_value()) {
    TFCONV_ASSIGN_OR_RETURN(int64_t batch_dims, GetAttrOr<int64_t>(node, "batch_dims", 0));
    if (batch_dims < 0) batch_dims += indices.rank();
    return PartialShape(std::vector<int64_t>(params.rank() + indices.rank() - 1 - batch_dims, -1));
  }
  TFCONV_ASSIGN_OR_RETURN(GatherDims g, Normalize(node, *axis, params.rank(), indices.rank()));
  std::vector<int64_t> dims;
  for (int d = 0; d < g.axis; ++d) {
    int64_t size = params.dim(d);
    if (d < g.batch_dims) {
      TFCONV_ASSIGN_OR_RETURN(size,
                              MergeDim(node, size, indices.dim(d), absl::StrCat("batch dimension ", d)));
    }
    dims.push_back(size);
  }
  for (int d = g.batch_dims; d < indices.rank(); ++d) dims.push_back(indices.dim(d));
  for (int d = g.axis + 1; d < params.rank(); ++d) dims.push_back(params.dim(d));
  return PartialShape(dims);
}

absl::Status InferGather(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(std::optional<int64_t> axis,
                          AxisValue(c.node(), c.num_inputs() > 2 ? c.input_value(2) : nullptr));
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, GatherShape(c.node(), c.input_shape(0), c.input_shape(1), axis));
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalGather(const EvalContext& c) {
  const Tensor& params = c.input(0);
  const Tensor& indices = c.input(1);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), params));
  TFCONV_ASSIGN_OR_RETURN(std::optional<int64_t> axis,
                          AxisValue(c.node(), c.num_inputs() > 2 ? &c.input(2) : nullptr));
  TFCONV_ASSIGN_OR_RETURN(PartialShape out_shape,
                          GatherShape(c.node(), ShapeOf(params), ShapeOf(indices), axis));
  TFCONV_ASSIGN_OR_RETURN(GatherDims g, Normalize(c.node(), *axis, params.rank(), indices.rank()));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> index, ReadInts(c.node(), indices, "indices"));
  const size_t elem = DataTypeSize(params.dtype());
  const int64_t batches = Product(params.shape(), 0, g.batch_dims);
  const int64_t outer = Product(params.shape(), g.batch_dims, g.axis);
  const int64_t limit = params.dim(g.axis);
  const size_t inner = static_cast<size_t>(Product(params.shape(), g.axis + 1, params.shape().size())) * elem;
  const int64_t per_batch = Product(indices.shape(), g.batch_dims, indices.shape().size());
  Tensor out = Tensor::Zeros(params.dtype(), out_shape.dims());
  if (out.NumElements() == 0) return std::vector<Tensor>{out};
  const uint8_t* src = params.bytes().data();
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  for (int64_t b = 0; b < batches; ++b) {
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t j = 0; j < per_batch; ++j) {
        const int64_t i = index[b * per_batch + j];
        if (i < 0 || i >= limit) {
          return c.Error(absl::StrCat("index ", i, " (element ", b * per_batch + j,
                                      " of indices) is not in [0, ", limit, ")"));
        }
        if (inner > 0) std::memcpy(dst, src + ((b * outer + o) * limit + i) * inner, inner);
        dst += inner;
      }
    }
  }
  return std::vector<Tensor>{out};
}

absl::Status LowerGather(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(std::optional<int64_t> axis,
                          AxisValue(c.node(), c.num_inputs() > 2 ? c.input_value(2) : nullptr));
  if (!axis.has_value()) return c.Unsupported("the gather axis must be a constant");
  TFCONV_ASSIGN_OR_RETURN(int a, LoweringAxis(c, *axis, c.input_shape(0).rank()));
  TFCONV_ASSIGN_OR_RETURN(int64_t batch_dims, GetAttrOr<int64_t>(c.node(), "batch_dims", 0));
  if (batch_dims < 0) {
    if (!c.input_shape(1).known_rank())
      return c.Unsupported("negative batch_dims with indices of unknown rank");
    batch_dims += c.input_shape(1).rank();
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t params, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t indices, c.InputTensor(1));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::GatherOptionsT options;
  options.axis = a;
  options.batch_dims = static_cast<int32_t>(batch_dims);
  c.AddBuiltinOp(BuiltinOperator::GATHER, {params, indices}, {out}, Options(std::move(options)));
  return absl::OkStatus();
}

}  // namespace

void RegisterGatherOps(OpRegistry& registry) {
  for (const char* name : {"GatherV2", "Gather"}) {
    OpRegistration gather;
    gather.op = name;
    gather.infer = InferGather;
    gather.evaluate = EvalGather;
    gather.lower = LowerGather;
    gather.tflite_ops = {"GATHER"};
    registry.Add(std::move(gather));
  }
}

}  // namespace array
}  // namespace tfconv
