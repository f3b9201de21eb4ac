// Reshape, Squeeze and ExpandDims: ops that change only the shape, never the element order.
//
// Lowering follows the official converter: Reshape keeps its shape operand (as int32, -1 kept);
// Squeeze and ExpandDims become a RESHAPE with a constant shape when the output shape allows it
// (its ConvertSqueezeToReshape / ConvertExpandDimsToReshape rewrites), else SQUEEZE / EXPAND_DIMS.
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

std::string DimsString(const std::vector<int64_t>& dims) {
  return absl::StrCat("[", absl::StrJoin(dims, ","), "]");
}

// The output shape of reshaping a tensor of shape `in` to `target`, where one -1 stands for the
// size that keeps the element count.
absl::StatusOr<PartialShape> ReshapeTarget(const Node& node, const PartialShape& in,
                                           const std::vector<int64_t>& target) {
  int infer_at = -1;
  int64_t known = 1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == -1) {
      if (infer_at >= 0) {
        return NodeError(node, absl::StrCat("shape ", DimsString(target),
                                            " has more than one -1; only one size can be inferred"));
      }
      infer_at = static_cast<int>(i);
    } else if (target[i] < 0) {
      return NodeError(node, absl::StrCat("shape ", DimsString(target), " has the negative size ", target[i],
                                          " at index ", i));
    } else {
      known *= target[i];
    }
  }
  std::vector<int64_t> out = target;
  const std::optional<int64_t> count = in.NumElements();
  if (!count.has_value()) return PartialShape(out);
  auto mismatch = [&]() {
    return NodeError(node, absl::StrCat("cannot reshape a tensor of shape ", in.ToString(), " (", *count,
                                        " elements) to shape ", DimsString(target),
                                        infer_at < 0 ? absl::StrCat(" (", known, " elements)") : ""));
  };
  if (infer_at < 0) {
    if (known != *count) return mismatch();
    return PartialShape(out);
  }
  if (known == 0) {
    return NodeError(node, absl::StrCat("cannot infer the -1 in shape ", DimsString(target),
                                        " because another size is 0"));
  }
  if (*count % known != 0) return mismatch();
  out[infer_at] = *count / known;
  return PartialShape(out);
}

// ---- Reshape ----

absl::Status InferReshape(InferenceContext& c) {
  const PartialShape& in = c.input_shape(0);
  if (const Tensor* shape = c.input_value(1)) {
    if (shape->rank() > 1) return c.Error(absl::StrCat("shape must be a vector, got ", shape->DebugString()));
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> target, ReadInts(c.node(), *shape, "shape"));
    TFCONV_ASSIGN_OR_RETURN(PartialShape out, ReshapeTarget(c.node(), in, target));
    c.set_output(0, c.input_type(0), std::move(out));
    return absl::OkStatus();
  }
  const PartialShape& shape_shape = c.input_shape(1);
  PartialShape out = PartialShape::UnknownRank();
  if (shape_shape.known_rank() && shape_shape.rank() == 1 && shape_shape.dim(0) >= 0) {
    // The rank is the length of the shape vector; a single size must equal the element count.
    const int64_t rank = shape_shape.dim(0);
    std::vector<int64_t> dims(rank, -1);
    if (rank == 1 && in.NumElements().has_value()) dims[0] = *in.NumElements();
    out = PartialShape(dims);
  }
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalReshape(const EvalContext& c) {
  const Tensor& in = c.input(0);
  if (c.input(1).rank() > 1)
    return c.Error(absl::StrCat("shape must be a vector, got ", c.input(1).DebugString()));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> target, ReadInts(c.node(), c.input(1), "shape"));
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, ReshapeTarget(c.node(), ShapeOf(in), target));
  return std::vector<Tensor>{in.Reshaped(out.dims())};
}

absl::Status LowerReshape(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t shape, Int32Operand(c, 1, "shape"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::RESHAPE, {in, shape}, {out});
  return absl::OkStatus();
}

// ---- Squeeze ----

// The squeezed shape: the listed dims (or every size-1 dim when none are listed) are removed.
absl::StatusOr<PartialShape> SqueezeShape(const Node& node, const PartialShape& in) {
  if (!in.known_rank()) return PartialShape::UnknownRank();
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> listed,
                          GetAttrOr<std::vector<int64_t>>(node, "squeeze_dims", {}));
  std::set<int> squeeze;
  for (int64_t d : listed) {
    TFCONV_ASSIGN_OR_RETURN(int axis, NormalizeAxis(node, d, in.rank()));
    squeeze.insert(axis);
  }
  std::vector<int64_t> out;
  for (int i = 0; i < in.rank(); ++i) {
    const int64_t d = in.dim(i);
    if (!squeeze.empty()) {
      if (squeeze.count(i) == 0) {
        out.push_back(d);
      } else if (d >= 0 && d != 1) {
        return NodeError(node, absl::StrCat("cannot squeeze dimension ", i, " of shape ", in.ToString(),
                                            ": its size is ", d, ", not 1"));
      }
    } else if (d < 0) {
      return PartialShape::UnknownRank();  // an unknown size may or may not be squeezed
    } else if (d != 1) {
      out.push_back(d);
    }
  }
  return PartialShape(out);
}

absl::Status InferSqueeze(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, SqueezeShape(c.node(), c.input_shape(0)));
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalSqueeze(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, SqueezeShape(c.node(), ShapeOf(c.input(0))));
  return std::vector<Tensor>{c.input(0).Reshaped(out.dims())};
}

absl::Status LowerSqueeze(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  const PartialShape& out_shape = c.output_shape(0);
  int unknown = 0;
  for (int64_t d : out_shape.dims()) unknown += d < 0 ? 1 : 0;
  if (out_shape.known_rank() && unknown <= 1) return EmitReshape(c, in, out, out_shape, "shape");
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> listed,
                          GetAttrOr<std::vector<int64_t>>(c.node(), "squeeze_dims", {}));
  if (listed.empty()) {
    return c.Unsupported("squeezing every size-1 dimension of an input with unknown sizes");
  }
  tflite::SqueezeOptionsT options;
  const PartialShape& in_shape = c.input_shape(0);
  for (int64_t d : listed) {
    if (in_shape.known_rank()) {
      TFCONV_ASSIGN_OR_RETURN(int axis, NormalizeAxis(c.node(), d, in_shape.rank()));
      d = axis;
    }
    options.squeeze_dims.push_back(static_cast<int32_t>(d));
  }
  c.AddBuiltinOp(BuiltinOperator::SQUEEZE, {in}, {out}, Options(std::move(options)));
  return absl::OkStatus();
}

// ---- ExpandDims ----

absl::StatusOr<PartialShape> ExpandedShape(const Node& node, const PartialShape& in,
                                           const Tensor* axis_value) {
  if (!in.known_rank()) return PartialShape::UnknownRank();
  const int rank = in.rank();
  if (axis_value == nullptr) return PartialShape(std::vector<int64_t>(rank + 1, -1));
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, ReadScalarInt(node, *axis_value, "dim"));
  if (axis < -rank - 1 || axis > rank) {
    return NodeError(node, absl::StrCat("axis ", axis, " is out of range [", -rank - 1, ", ", rank,
                                        "] for an input of rank ", rank));
  }
  if (axis < 0) axis += rank + 1;
  std::vector<int64_t> dims = in.dims();
  dims.insert(dims.begin() + axis, 1);
  return PartialShape(dims);
}

absl::Status InferExpandDims(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, ExpandedShape(c.node(), c.input_shape(0), c.input_value(1)));
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalExpandDims(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, ExpandedShape(c.node(), ShapeOf(c.input(0)), &c.input(1)));
  return std::vector<Tensor>{c.input(0).Reshaped(out.dims())};
}

absl::Status LowerExpandDims(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  if (c.output_shape(0).IsFullyDefined()) return EmitReshape(c, in, out, c.output_shape(0), "shape");
  TFCONV_ASSIGN_OR_RETURN(int32_t axis, Int32Operand(c, 1, "axis"));
  c.AddBuiltinOp(BuiltinOperator::EXPAND_DIMS, {in, axis}, {out}, Options(tflite::ExpandDimsOptionsT()));
  return absl::OkStatus();
}

}  // namespace

void RegisterReshapeOps(OpRegistry& registry) {
  OpRegistration reshape;
  reshape.op = "Reshape";
  reshape.infer = InferReshape;
  reshape.evaluate = EvalReshape;
  reshape.lower = LowerReshape;
  reshape.tflite_ops = {"RESHAPE", "CAST"};
  registry.Add(std::move(reshape));

  OpRegistration squeeze;
  squeeze.op = "Squeeze";
  squeeze.infer = InferSqueeze;
  squeeze.evaluate = EvalSqueeze;
  squeeze.lower = LowerSqueeze;
  squeeze.tflite_ops = {"RESHAPE", "SQUEEZE"};
  registry.Add(std::move(squeeze));

  OpRegistration expand;
  expand.op = "ExpandDims";
  expand.infer = InferExpandDims;
  expand.evaluate = EvalExpandDims;
  expand.lower = LowerExpandDims;
  expand.tflite_ops = {"RESHAPE", "EXPAND_DIMS", "CAST"};
  registry.Add(std::move(expand));
}

}  // namespace array
}  // namespace tfconv
