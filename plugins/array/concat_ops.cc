// ConcatV2 / Concat (join along an existing axis), Pack (join along a new axis) and Unpack.
//
// Lowering as the official converter does (legalize_tf.cc): CONCATENATION with the constant axis
// in its options and no fused activation; PACK / UNPACK with values_count / num and the axis.
// Axes are written normalized (non-negative) whenever the rank is known.
#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

// Where the values and the axis sit among a concat node's inputs.
struct ConcatInputs {
  int first_value;
  int num_values;
  int axis;
};

ConcatInputs ConcatLayout(const Node& node) {
  const int n = node.num_inputs();
  if (node.op() == "Concat") return {1, n - 1, 0};  // Concat(axis, values...)
  return {0, n - 1, n - 1};                         // ConcatV2(values..., axis)
}

// The rank shared by all known shapes, -1 when none is known; an error when two differ.
absl::StatusOr<int> CommonRank(const Node& node, const std::vector<PartialShape>& shapes) {
  int rank = -1;
  for (size_t k = 0; k < shapes.size(); ++k) {
    if (!shapes[k].known_rank()) continue;
    if (rank < 0) {
      rank = shapes[k].rank();
    } else if (shapes[k].rank() != rank) {
      return NodeError(node, absl::StrCat("all inputs must have the same rank; input ", k, " has shape ",
                                          shapes[k].ToString(), ", an earlier one has rank ", rank));
    }
  }
  return rank;
}

absl::StatusOr<PartialShape> ConcatShape(const Node& node, const std::vector<PartialShape>& shapes,
                                         const std::optional<int64_t>& axis) {
  if (shapes.empty()) return NodeError(node, "needs at least one value to concatenate");
  TFCONV_ASSIGN_OR_RETURN(int rank, CommonRank(node, shapes));
  if (rank < 0) return PartialShape::UnknownRank();
  if (rank == 0) return NodeError(node, "cannot concatenate scalars (stack them with Pack instead)");
  if (!axis.has_value()) return PartialShape(std::vector<int64_t>(rank, -1));
  TFCONV_ASSIGN_OR_RETURN(int a, NormalizeAxis(node, *axis, rank));
  std::vector<int64_t> out(rank, -1);
  out[a] = 0;
  for (size_t k = 0; k < shapes.size(); ++k) {
    const PartialShape& s = shapes[k];
    if (!s.known_rank() || s.dim(a) < 0) {
      out[a] = -1;
    } else if (out[a] >= 0) {
      out[a] += s.dim(a);
    }
    if (!s.known_rank()) continue;
    for (int d = 0; d < rank; ++d) {
      if (d == a) continue;
      TFCONV_ASSIGN_OR_RETURN(
          out[d], MergeDim(node, out[d], s.dim(d), absl::StrCat("dimension ", d, " of input ", k)));
    }
  }
  return PartialShape(out);
}

absl::Status InferConcat(InferenceContext& c) {
  const ConcatInputs layout = ConcatLayout(c.node());
  std::vector<PartialShape> shapes;
  for (int k = 0; k < layout.num_values; ++k) shapes.push_back(c.input_shape(layout.first_value + k));
  std::optional<int64_t> axis;
  if (const Tensor* a = c.input_value(layout.axis)) {
    TFCONV_ASSIGN_OR_RETURN(axis, ReadScalarInt(c.node(), *a, "axis"));
  }
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, ConcatShape(c.node(), shapes, axis));
  c.set_output(0, c.input_type(layout.first_value), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalConcat(const EvalContext& c) {
  const ConcatInputs layout = ConcatLayout(c.node());
  std::vector<Tensor> parts;
  std::vector<PartialShape> shapes;
  for (int k = 0; k < layout.num_values; ++k) {
    const Tensor& v = c.input(layout.first_value + k);
    TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), v));
    if (v.dtype() != c.input(layout.first_value).dtype()) {
      return c.Error(absl::StrCat("input ", k, " is ", v.DebugString(), ", input 0 is ",
                                  c.input(layout.first_value).DebugString()));
    }
    parts.push_back(v);
    shapes.push_back(ShapeOf(v));
  }
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, ReadScalarInt(c.node(), c.input(layout.axis), "axis"));
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, ConcatShape(c.node(), shapes, axis));
  TFCONV_ASSIGN_OR_RETURN(int a, NormalizeAxis(c.node(), axis, out.rank()));
  return std::vector<Tensor>{JoinAlong(parts, a, parts[0].dtype())};
}

absl::Status LowerConcat(LoweringContext& c) {
  const ConcatInputs layout = ConcatLayout(c.node());
  const Tensor* axis_value = c.input_value(layout.axis);
  if (axis_value == nullptr) return c.Unsupported("the concatenation axis must be a constant");
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, ReadScalarInt(c.node(), *axis_value, "axis"));
  TFCONV_ASSIGN_OR_RETURN(int a, LoweringAxis(c, axis, c.output_shape(0).rank()));
  std::vector<int32_t> inputs;
  for (int k = 0; k < layout.num_values; ++k) {
    TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(layout.first_value + k));
    inputs.push_back(in);
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::ConcatenationOptionsT options;
  options.axis = a;
  options.fused_activation_function = tflite::ActivationFunctionType::NONE;
  c.AddBuiltinOp(BuiltinOperator::CONCATENATION, std::move(inputs), {out}, Options(std::move(options)));
  return absl::OkStatus();
}

// ---- Pack ----

// The common shape of the packed values (sizes merged), then the output with N inserted at axis.
absl::StatusOr<PartialShape> PackShape(const Node& node, const std::vector<PartialShape>& shapes,
                                       int64_t axis, int* normalized_axis) {
  TFCONV_ASSIGN_OR_RETURN(int rank, CommonRank(node, shapes));
  if (rank < 0) return PartialShape::UnknownRank();
  std::vector<int64_t> common(rank, -1);
  for (size_t k = 0; k < shapes.size(); ++k) {
    if (!shapes[k].known_rank()) continue;
    for (int d = 0; d < rank; ++d) {
      TFCONV_ASSIGN_OR_RETURN(common[d], MergeDim(node, common[d], shapes[k].dim(d),
                                                  absl::StrCat("dimension ", d, " of input ", k)));
    }
  }
  TFCONV_ASSIGN_OR_RETURN(int a, NormalizeAxis(node, axis, rank + 1));
  if (normalized_axis != nullptr) *normalized_axis = a;
  common.insert(common.begin() + a, static_cast<int64_t>(shapes.size()));
  return PartialShape(common);
}

absl::Status InferPack(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, GetAttrOr<int64_t>(c.node(), "axis", 0));
  std::vector<PartialShape> shapes;
  for (int k = 0; k < c.num_inputs(); ++k) shapes.push_back(c.input_shape(k));
  if (shapes.empty()) return c.Error("needs at least one value to pack");
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, PackShape(c.node(), shapes, axis, nullptr));
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalPack(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, GetAttrOr<int64_t>(c.node(), "axis", 0));
  if (c.num_inputs() == 0) return c.Error("needs at least one value to pack");
  std::vector<PartialShape> shapes;
  for (const Tensor& v : c.inputs()) {
    TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), v));
    if (v.dtype() != c.input(0).dtype()) {
      return c.Error(
          absl::StrCat("values differ in type: ", v.DebugString(), " and ", c.input(0).DebugString()));
    }
    shapes.push_back(ShapeOf(v));
  }
  int a = 0;
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, PackShape(c.node(), shapes, axis, &a));
  // Packing is concatenating the values after giving each a size-1 dimension at the axis.
  std::vector<Tensor> parts;
  std::vector<int64_t> unit = c.input(0).shape();
  unit.insert(unit.begin() + a, 1);
  for (const Tensor& v : c.inputs()) parts.push_back(v.Reshaped(unit));
  return std::vector<Tensor>{JoinAlong(parts, a, c.input(0).dtype())};
}

absl::Status LowerPack(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, GetAttrOr<int64_t>(c.node(), "axis", 0));
  TFCONV_ASSIGN_OR_RETURN(int a, LoweringAxis(c, axis, c.output_shape(0).rank()));
  std::vector<int32_t> inputs;
  for (int k = 0; k < c.num_inputs(); ++k) {
    TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(k));
    inputs.push_back(in);
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::PackOptionsT options;
  options.values_count = c.num_inputs();
  options.axis = a;
  c.AddBuiltinOp(BuiltinOperator::PACK, std::move(inputs), {out}, Options(std::move(options)));
  return absl::OkStatus();
}

// ---- Unpack ----

absl::Status InferUnpack(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t num, GetAttr<int64_t>(c.node(), "num"));
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, GetAttrOr<int64_t>(c.node(), "axis", 0));
  if (num < 0) return c.Error(absl::StrCat("num must be non-negative, got ", num));
  const PartialShape& in = c.input_shape(0);
  PartialShape piece = PartialShape::UnknownRank();
  if (in.known_rank()) {
    TFCONV_ASSIGN_OR_RETURN(int a, NormalizeAxis(c.node(), axis, in.rank()));
    if (in.dim(a) >= 0 && in.dim(a) != num) {
      return c.Error(absl::StrCat("dimension ", a, " of shape ", in.ToString(), " must equal num = ", num));
    }
    std::vector<int64_t> dims = in.dims();
    dims.erase(dims.begin() + a);
    piece = PartialShape(dims);
  }
  for (int k = 0; k < num; ++k) c.set_output(k, c.input_type(0), piece);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalUnpack(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t num, GetAttr<int64_t>(c.node(), "num"));
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, GetAttrOr<int64_t>(c.node(), "axis", 0));
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(int a, NormalizeAxis(c.node(), axis, in.rank()));
  if (in.dim(a) != num) {
    return c.Error(absl::StrCat("dimension ", a, " of ", in.DebugString(), " must equal num = ", num));
  }
  std::vector<Tensor> pieces = SplitAlong(in, a, std::vector<int64_t>(num, 1));
  std::vector<int64_t> dims = in.shape();
  dims.erase(dims.begin() + a);
  for (Tensor& p : pieces) p = p.Reshaped(dims);
  return pieces;
}

absl::Status LowerUnpack(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t num, GetAttr<int64_t>(c.node(), "num"));
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, GetAttrOr<int64_t>(c.node(), "axis", 0));
  TFCONV_ASSIGN_OR_RETURN(int a, LoweringAxis(c, axis, c.input_shape(0).rank()));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  std::vector<int32_t> outputs;
  for (int k = 0; k < num; ++k) {
    TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(k));
    outputs.push_back(out);
  }
  tflite::UnpackOptionsT options;
  options.num = static_cast<int32_t>(num);
  options.axis = a;
  c.AddBuiltinOp(BuiltinOperator::UNPACK, {in}, std::move(outputs), Options(std::move(options)));
  return absl::OkStatus();
}

}  // namespace

void RegisterConcatOps(OpRegistry& registry) {
  for (const char* name : {"ConcatV2", "Concat"}) {
    OpRegistration concat;
    concat.op = name;
    concat.infer = InferConcat;
    concat.evaluate = EvalConcat;
    concat.lower = LowerConcat;
    concat.tflite_ops = {"CONCATENATION"};
    registry.Add(std::move(concat));
  }

  OpRegistration pack;
  pack.op = "Pack";
  pack.infer = InferPack;
  pack.evaluate = EvalPack;
  pack.lower = LowerPack;
  pack.tflite_ops = {"PACK"};
  registry.Add(std::move(pack));

  OpRegistration unpack;
  unpack.op = "Unpack";
  unpack.infer = InferUnpack;
  unpack.evaluate = EvalUnpack;
  unpack.lower = LowerUnpack;
  unpack.tflite_ops = {"UNPACK"};
  registry.Add(std::move(unpack));
}

}  // namespace array
}  // namespace tfconv
