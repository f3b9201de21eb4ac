// Ops that make tensors from shapes and scalars: Shape, Fill, ZerosLike, OnesLike, Range, Tile.
// Most of them run on shape tensors during constant folding, so their reference kernels cover the
// integer types as well as floats.
//
// Lowering: SHAPE (ShapeOptions.out_type), FILL, ZEROS_LIKE, RANGE, TILE, as legalize_patterns.td
// maps them; OnesLike has no builtin and becomes FILL(shape, 1).
#include <cmath>
#include <cstring>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

// A tensor of `dims` with every element equal to the single element of `value`.
Tensor Replicate(const Tensor& value, const std::vector<int64_t>& dims) {
  const size_t elem = DataTypeSize(value.dtype());
  Tensor out = Tensor::Zeros(value.dtype(), dims);
  const int64_t n = out.NumElements();
  if (n == 0) return out;
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * elem, value.bytes().data(), elem);
  return out;
}

// ---- Shape ----

absl::StatusOr<DataType> ShapeOutType(const Node& node) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, GetAttrOr<DataType>(node, "out_type", DataType::kInt32));
  if (type != DataType::kInt32 && type != DataType::kInt64) {
    return NodeError(node, absl::StrCat("out_type must be int32 or int64, got ", DataTypeName(type)));
  }
  return type;
}

absl::Status InferShape(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, ShapeOutType(c.node()));
  const PartialShape& in = c.input_shape(0);
  if (in.IsFullyDefined()) {
    // Static shapes make Shape a constant, so what is computed from it folds too.
    c.set_output_value(0, MakeIntTensor(type, {in.rank()}, in.dims()));
    return absl::OkStatus();
  }
  c.set_output(0, type, PartialShape({in.known_rank() ? in.rank() : -1}));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalShape(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, ShapeOutType(c.node()));
  const Tensor& in = c.input(0);
  return std::vector<Tensor>{MakeIntTensor(type, {in.rank()}, in.shape())};
}

absl::Status LowerShape(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, ShapeOutType(c.node()));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::ShapeOptionsT options;
  options.out_type = type == DataType::kInt64 ? tflite::TensorType::INT64 : tflite::TensorType::INT32;
  c.AddBuiltinOp(BuiltinOperator::SHAPE, {in}, {out}, Options(std::move(options)));
  return absl::OkStatus();
}

// ---- Fill(dims, value) ----

absl::StatusOr<std::vector<int64_t>> ReadDims(const Node& node, const Tensor& dims) {
  if (dims.rank() != 1)
    return NodeError(node, absl::StrCat("dims must be a vector, got ", dims.DebugString()));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> values, ReadInts(node, dims, "dims"));
  for (int64_t d : values) {
    if (d < 0) return NodeError(node, absl::StrCat("dims must be non-negative, got ", d));
  }
  return values;
}

absl::Status InferFill(InferenceContext& c) {
  PartialShape out = PartialShape::UnknownRank();
  if (const Tensor* dims = c.input_value(0)) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> values, ReadDims(c.node(), *dims));
    out = PartialShape(values);
  } else if (c.input_shape(0).known_rank() && c.input_shape(0).rank() == 1 && c.input_shape(0).dim(0) >= 0) {
    out = PartialShape(std::vector<int64_t>(c.input_shape(0).dim(0), -1));
  }
  if (c.input_shape(1).known_rank() && c.input_shape(1).rank() != 0) {
    return c.Error(absl::StrCat("value must be a scalar, got shape ", c.input_shape(1).ToString()));
  }
  c.set_output(0, c.input_type(1), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalFill(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, ReadDims(c.node(), c.input(0)));
  const Tensor& value = c.input(1);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), value));
  if (value.NumElements() != 1)
    return c.Error(absl::StrCat("value must be a scalar, got ", value.DebugString()));
  return std::vector<Tensor>{Replicate(value, dims)};
}

absl::Status LowerFill(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t dims, Int32Operand(c, 0, "dims"));
  TFCONV_ASSIGN_OR_RETURN(int32_t value, c.InputTensor(1));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::FILL, {dims, value}, {out}, Options(tflite::FillOptionsT()));
  return absl::OkStatus();
}

// ---- ZerosLike / OnesLike ----

absl::Status InferLike(InferenceContext& c) {
  c.set_output(0, c.input_type(0), c.input_shape(0));
  return absl::OkStatus();
}

// A scalar one of `type` (true for bool); nullopt for types without a numeric one.
std::optional<Tensor> One(DataType type) {
  if (type == DataType::kBool) return Tensor::Scalar<bool>(true);
  std::optional<Tensor> one;
  VisitNumeric(type, [&](auto zero) { one = Tensor::Scalar<decltype(zero)>(1); });
  return one;
}

absl::StatusOr<std::vector<Tensor>> EvalZerosLike(const EvalContext& c) {
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), c.input(0)));
  return std::vector<Tensor>{Tensor::Zeros(c.input(0).dtype(), c.input(0).shape())};
}

absl::StatusOr<std::vector<Tensor>> EvalOnesLike(const EvalContext& c) {
  std::optional<Tensor> one = One(c.input(0).dtype());
  if (!one.has_value()) {
    return NodeUnsupported(c.node(),
                           absl::StrCat("no reference kernel for ", DataTypeName(c.input(0).dtype())));
  }
  return std::vector<Tensor>{Replicate(*one, c.input(0).shape())};
}

absl::Status LowerZerosLike(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::ZEROS_LIKE, {in}, {out}, Options(tflite::ZerosLikeOptionsT()));
  return absl::OkStatus();
}

absl::Status LowerOnesLike(LoweringContext& c) {
  std::optional<Tensor> one = One(c.input_type(0));
  if (!one.has_value())
    return c.Unsupported(absl::StrCat("no constant one of type ", DataTypeName(c.input_type(0))));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  const PartialShape& shape = c.input_shape(0);
  int32_t dims;
  if (shape.IsFullyDefined()) {
    dims = AddInt32Const(c, {shape.rank()}, shape.dims(), "dims");
  } else {
    dims = c.AddTensor(DataType::kInt32, PartialShape({shape.known_rank() ? shape.rank() : -1}), "dims");
    tflite::ShapeOptionsT shape_options;
    shape_options.out_type = tflite::TensorType::INT32;
    c.AddBuiltinOp(BuiltinOperator::SHAPE, {in}, {dims}, Options(std::move(shape_options)));
  }
  const int32_t value = c.AddConstTensor(*one, "one");
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::FILL, {dims, value}, {out}, Options(tflite::FillOptionsT()));
  return absl::OkStatus();
}

// ---- Range(start, limit, delta) ----

// The element count of a range, after TensorFlow's checks on the arguments.
template <typename T>
absl::StatusOr<int64_t> RangeSize(const Node& node, T start, T limit, T delta) {
  if (delta == T(0)) return NodeError(node, "delta must not be 0");
  if (delta > T(0) && start > limit) {
    return NodeError(node,
                     absl::StrCat("start (", start, ") must not exceed limit (", limit, ") when delta > 0"));
  }
  if (delta < T(0) && start < limit) {
    return NodeError(
        node, absl::StrCat("start (", start, ") must not be below limit (", limit, ") when delta < 0"));
  }
  if constexpr (std::is_integral_v<T>) {
    const int64_t span = std::abs(static_cast<int64_t>(limit) - static_cast<int64_t>(start));
    const int64_t step = std::abs(static_cast<int64_t>(delta));
    return (span + step - 1) / step;
  } else {
    return static_cast<int64_t>(std::ceil(std::abs((limit - start) / delta)));
  }
}

template <typename T>
absl::StatusOr<Tensor> RangeTyped(const Node& node, T start, T limit, T delta) {
  TFCONV_ASSIGN_OR_RETURN(int64_t size, RangeSize<T>(node, start, limit, delta));
  // TensorFlow accumulates in T, so float ranges carry its rounding; so does this.
  std::vector<T> values(size);
  T value = start;
  for (int64_t i = 0; i < size; ++i) {
    values[i] = value;
    value += delta;
  }
  return Tensor::FromVector<T>({size}, values);
}

// Checks that start, limit and delta are scalars of one type.
absl::Status CheckRangeInputs(const Node& node, const Tensor* const (&inputs)[3]) {
  for (int i = 0; i < 3; ++i) {
    if (inputs[i]->NumElements() != 1 || inputs[i]->dtype() != inputs[0]->dtype()) {
      return NodeError(node, absl::StrCat("start, limit and delta must be scalars of one type; input ", i,
                                          " is ", inputs[i]->DebugString()));
    }
  }
  return absl::OkStatus();
}

absl::Status InferRange(InferenceContext& c) {
  int64_t size = -1;
  const Tensor* const inputs[3] = {c.input_value(0), c.input_value(1), c.input_value(2)};
  if (inputs[0] != nullptr && inputs[1] != nullptr && inputs[2] != nullptr) {
    TFCONV_RETURN_IF_ERROR(CheckRangeInputs(c.node(), inputs));
    absl::Status status = absl::OkStatus();
    VisitNumeric(inputs[0]->dtype(), [&](auto zero) {
      using T = decltype(zero);
      absl::StatusOr<int64_t> n =
          RangeSize<T>(c.node(), inputs[0]->data<T>()[0], inputs[1]->data<T>()[0], inputs[2]->data<T>()[0]);
      if (n.ok()) {
        size = *n;
      } else {
        status = n.status();
      }
    });
    TFCONV_RETURN_IF_ERROR(status);
  }
  c.set_output(0, c.input_type(0), PartialShape({size}));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalRange(const EvalContext& c) {
  const Tensor& start = c.input(0);
  const Tensor* const inputs[3] = {&c.input(0), &c.input(1), &c.input(2)};
  TFCONV_RETURN_IF_ERROR(CheckRangeInputs(c.node(), inputs));
  absl::StatusOr<Tensor> out =
      NodeUnsupported(c.node(), absl::StrCat("no reference kernel for ", DataTypeName(start.dtype())));
  VisitNumeric(start.dtype(), [&](auto zero) {
    using T = decltype(zero);
    out = RangeTyped<T>(c.node(), start.data<T>()[0], c.input(1).data<T>()[0], c.input(2).data<T>()[0]);
  });
  if (!out.ok()) return out.status();
  return std::vector<Tensor>{*std::move(out)};
}

absl::Status LowerRange(LoweringContext& c) {
  std::vector<int32_t> inputs;
  for (int i = 0; i < 3; ++i) {
    TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(i));
    inputs.push_back(in);
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::RANGE, std::move(inputs), {out}, Options(tflite::RangeOptionsT()));
  return absl::OkStatus();
}

// ---- Tile(input, multiples) ----

absl::StatusOr<std::vector<int64_t>> ReadMultiples(const Node& node, const Tensor& multiples, int rank) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> m, ReadInts(node, multiples, "multiples"));
  if (multiples.rank() != 1 || (rank >= 0 && static_cast<int>(m.size()) != rank)) {
    return NodeError(node, absl::StrCat("multiples must be a vector with one entry per input dimension (",
                                        rank, "), got ", multiples.DebugString()));
  }
  for (int64_t v : m) {
    if (v < 0) return NodeError(node, absl::StrCat("multiples must be non-negative, got ", v));
  }
  return m;
}

absl::Status InferTile(InferenceContext& c) {
  const PartialShape& in = c.input_shape(0);
  PartialShape out = PartialShape::UnknownRank();
  if (const Tensor* multiples = c.input_value(1)) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> m, ReadMultiples(c.node(), *multiples, in.rank()));
    std::vector<int64_t> dims(m.size(), -1);
    for (size_t d = 0; d < m.size(); ++d) {
      const int64_t size = in.known_rank() ? in.dim(d) : -1;
      dims[d] = m[d] == 0 ? 0 : (size < 0 ? -1 : size * m[d]);
    }
    out = PartialShape(dims);
  } else if (in.known_rank()) {
    out = PartialShape(std::vector<int64_t>(in.rank(), -1));
  }
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalTile(const EvalContext& c) {
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> m, ReadMultiples(c.node(), c.input(1), in.rank()));
  const int rank = in.rank();
  std::vector<int64_t> dims(rank);
  for (int d = 0; d < rank; ++d) dims[d] = in.dim(d) * m[d];
  Tensor out = Tensor::Zeros(in.dtype(), dims);
  const int64_t n = out.NumElements();
  if (n == 0) return std::vector<Tensor>{out};
  const size_t elem = DataTypeSize(in.dtype());
  const std::vector<int64_t> strides = StridesOf(in.shape());
  const uint8_t* src = in.bytes().data();
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  std::vector<int64_t> index(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t offset = 0;
    for (int d = 0; d < rank; ++d) offset += (index[d] % in.dim(d)) * strides[d];
    std::memcpy(dst + k * elem, src + offset * elem, elem);
    for (int d = rank - 1; d >= 0; --d) {
      if (++index[d] < dims[d]) break;
      index[d] = 0;
    }
  }
  return std::vector<Tensor>{out};
}

absl::Status LowerTile(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t multiples, c.InputTensor(1));  // TILE takes int32 or int64 multiples
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::TILE, {in, multiples}, {out}, Options(tflite::TileOptionsT()));
  return absl::OkStatus();
}

OpRegistration Make(const char* op, InferFn infer, EvalFn evaluate, LowerFn lower,
                    std::vector<std::string> tflite_ops) {
  OpRegistration r;
  r.op = op;
  r.infer = std::move(infer);
  r.evaluate = std::move(evaluate);
  r.lower = std::move(lower);
  r.tflite_ops = std::move(tflite_ops);
  return r;
}

}  // namespace

void RegisterFillOps(OpRegistry& registry) {
  registry.Add(Make("Shape", InferShape, EvalShape, LowerShape, {"SHAPE"}));
  registry.Add(Make("Fill", InferFill, EvalFill, LowerFill, {"FILL", "CAST"}));
  registry.Add(Make("ZerosLike", InferLike, EvalZerosLike, LowerZerosLike, {"ZEROS_LIKE"}));
  registry.Add(Make("OnesLike", InferLike, EvalOnesLike, LowerOnesLike, {"FILL", "SHAPE"}));
  registry.Add(Make("Range", InferRange, EvalRange, LowerRange, {"RANGE"}));
  registry.Add(Make("Tile", InferTile, EvalTile, LowerTile, {"TILE"}));
}

}  // namespace array
}  // namespace tfconv
