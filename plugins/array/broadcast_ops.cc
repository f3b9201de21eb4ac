// Ops about shapes: Rank, Size, ShapeN, BroadcastTo, BroadcastArgs.
//
// Rank and Size are constants whenever the input's rank (size) is known, so they fold away in
// inference like Shape; otherwise Rank lowers to RANK and Size to SHAPE + REDUCE_PROD (TFLite has
// no size op). ShapeN is one SHAPE per input. BroadcastTo / BroadcastArgs lower to BROADCAST_TO /
// BROADCAST_ARGS; their reference semantics are NumPy broadcasting.
#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

absl::StatusOr<DataType> OutType(const Node& node) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, GetAttrOr<DataType>(node, "out_type", DataType::kInt32));
  if (type != DataType::kInt32 && type != DataType::kInt64) {
    return NodeError(node, absl::StrCat("out_type must be int32 or int64, got ", DataTypeName(type)));
  }
  return type;
}

tflite::BuiltinOptionsUnion ShapeOptions(DataType type) {
  tflite::ShapeOptionsT options;
  options.out_type = type == DataType::kInt64 ? tflite::TensorType::INT64 : tflite::TensorType::INT32;
  return Options(std::move(options));
}

// ---- Rank ----

absl::Status InferRank(InferenceContext& c) {
  const PartialShape& in = c.input_shape(0);
  if (in.known_rank()) {
    c.set_output_value(0, Tensor::Scalar<int32_t>(in.rank()));
  } else {
    c.set_output(0, DataType::kInt32, PartialShape());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalRank(const EvalContext& c) {
  return std::vector<Tensor>{Tensor::Scalar<int32_t>(c.input(0).rank())};
}

absl::Status LowerRank(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::RANK, {in}, {out}, Options(tflite::RankOptionsT()));
  return absl::OkStatus();
}

// ---- Size ----

absl::Status InferSize(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, OutType(c.node()));
  if (std::optional<int64_t> n = c.input_shape(0).NumElements(); n.has_value() && c.input_shape(0).known_rank()) {
    c.set_output_value(0, MakeIntTensor(type, {}, {*n}));
  } else {
    c.set_output(0, type, PartialShape());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalSize(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, OutType(c.node()));
  return std::vector<Tensor>{MakeIntTensor(type, {}, {c.input(0).NumElements()})};
}

absl::Status LowerSize(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, OutType(c.node()));
  const PartialShape& in_shape = c.input_shape(0);
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  const int32_t shape = c.AddTensor(type, PartialShape({in_shape.known_rank() ? in_shape.rank() : -1}), "shape");
  c.AddBuiltinOp(BuiltinOperator::SHAPE, {in}, {shape}, ShapeOptions(type));
  const int32_t axis = AddInt32Const(c, {1}, {0}, "axis");
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::ReducerOptionsT options;
  options.keep_dims = false;
  c.AddBuiltinOp(BuiltinOperator::REDUCE_PROD, {shape, axis}, {out}, Options(std::move(options)));
  return absl::OkStatus();
}

// ---- ShapeN ----

absl::Status InferShapeN(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, OutType(c.node()));
  for (int i = 0; i < c.num_inputs(); ++i) {
    const PartialShape& in = c.input_shape(i);
    if (in.IsFullyDefined()) {
      c.set_output_value(i, MakeIntTensor(type, {in.rank()}, in.dims()));
    } else {
      c.set_output(i, type, PartialShape({in.known_rank() ? in.rank() : -1}));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalShapeN(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, OutType(c.node()));
  std::vector<Tensor> out;
  for (const Tensor& in : c.inputs()) out.push_back(MakeIntTensor(type, {in.rank()}, in.shape()));
  return out;
}

absl::Status LowerShapeN(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, OutType(c.node()));
  for (int i = 0; i < c.num_inputs(); ++i) {
    TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(i));
    TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(i));
    c.AddBuiltinOp(BuiltinOperator::SHAPE, {in}, {out}, ShapeOptions(type));
  }
  return absl::OkStatus();
}

// ---- BroadcastTo (input, shape) ----

absl::Status InferBroadcastTo(InferenceContext& c) {
  PartialShape target = PartialShape::UnknownRank();
  if (const Tensor* shape = c.input_value(1)) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, ReadInts(c.node(), *shape, "shape"));
    target = PartialShape(dims);
  } else if (c.input_shape(1).known_rank() && c.input_shape(1).rank() == 1 && c.input_shape(1).dim(0) >= 0) {
    target = PartialShape(std::vector<int64_t>(c.input_shape(1).dim(0), -1));
  }
  if (target.known_rank()) {
    TFCONV_ASSIGN_OR_RETURN(PartialShape both, BroadcastShapes(c.node(), c.input_shape(0), target));
    if (c.input_value(1) == nullptr) {
      target = both;
    } else if (c.input_shape(0).IsFullyDefined() && both != target) {
      return c.Error(absl::StrCat("input shape ", c.input_shape(0).ToString(), " does not broadcast to ",
                                  target.ToString()));
    }
  }
  c.set_output(0, c.input_type(0), std::move(target));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalBroadcastTo(const EvalContext& c) {
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, ReadInts(c.node(), c.input(1), "shape"));
  for (int64_t d : dims) {
    if (d < 0) return c.Error(absl::StrCat("shape entries must be non-negative, got ", d));
  }
  TFCONV_ASSIGN_OR_RETURN(Tensor out, BroadcastTensor(c.node(), in, dims));
  return std::vector<Tensor>{std::move(out)};
}

absl::Status LowerBroadcastTo(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t shape, Int32Operand(c, 1, "shape"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::BROADCAST_TO, {in, shape}, {out}, Options(tflite::BroadcastToOptionsT()));
  return absl::OkStatus();
}

// ---- BroadcastArgs (s0, s1) ----

absl::Status InferBroadcastArgs(InferenceContext& c) {
  int64_t n = -1;
  const PartialShape& a = c.input_shape(0);
  const PartialShape& b = c.input_shape(1);
  if (a.known_rank() && b.known_rank() && a.rank() == 1 && b.rank() == 1 && a.dim(0) >= 0 && b.dim(0) >= 0) {
    n = std::max(a.dim(0), b.dim(0));
  }
  c.set_output(0, c.input_type(0), PartialShape({n}));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalBroadcastArgs(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> a, ReadInts(c.node(), c.input(0), "s0"));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> b, ReadInts(c.node(), c.input(1), "s1"));
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, BroadcastShapes(c.node(), PartialShape(a), PartialShape(b)));
  return std::vector<Tensor>{
      MakeIntTensor(c.input(0).dtype(), {static_cast<int64_t>(out.rank())}, out.dims())};
}

absl::Status LowerBroadcastArgs(LoweringContext& c) {
  if (c.input_type(0) != c.input_type(1)) return c.Error("s0 and s1 must have one type");
  TFCONV_ASSIGN_OR_RETURN(int32_t a, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t b, c.InputTensor(1));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::BROADCAST_ARGS, {a, b}, {out});
  return absl::OkStatus();
}

}  // namespace

void RegisterBroadcastOps(OpRegistry& registry) {
  registry.Add(MakeOp("Rank", InferRank, EvalRank, LowerRank, {"RANK"}));
  registry.Add(MakeOp("Size", InferSize, EvalSize, LowerSize, {"SHAPE", "REDUCE_PROD"}));
  registry.Add(MakeOp("ShapeN", InferShapeN, EvalShapeN, LowerShapeN, {"SHAPE"}));
  registry.Add(MakeOp("BroadcastTo", InferBroadcastTo, EvalBroadcastTo, LowerBroadcastTo, {"BROADCAST_TO", "CAST"}));
  registry.Add(MakeOp("BroadcastArgs", InferBroadcastArgs, EvalBroadcastArgs, LowerBroadcastArgs, {"BROADCAST_ARGS"}));
}

}  // namespace array
}  // namespace tfconv
