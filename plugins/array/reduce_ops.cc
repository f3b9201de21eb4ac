// Reductions over the axes given by a (usually constant) index tensor: Mean, Sum, Max, Min, Prod,
// and the boolean Any, All, each with keep_dims. One table row per op; one shape rule, one reference kernel, one lowering.
//
// Reference semantics follow TensorFlow's CPU kernels: integer sums and products wrap around in the
// element type and an integer Mean divides that sum by the count, truncating; floats accumulate in
// double (at least as accurate as TensorFlow's float accumulation); Max/Min propagate NaN; reducing
// zero elements gives the identity (0, 1, lowest, highest) and NaN for a float Mean.
// Lowering: MEAN / SUM / REDUCE_MAX / REDUCE_MIN / REDUCE_PROD with int32 axes and
// ReducerOptions.keep_dims, as in legalize_patterns.td; Any / All: REDUCE_ANY / REDUCE_ALL (their
// reference kernel is Max / Min over the bools seen as 0/1 bytes).
#include <cmath>
#include <limits>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

enum class Reduction { kMean, kSum, kMax, kMin, kProd, kAny, kAll };

struct ReduceRow {
  const char* op;
  BuiltinOperator tflite_op;
  const char* tflite_name;
  Reduction kind;
};

constexpr ReduceRow kReductions[] = {
    {"Mean", BuiltinOperator::MEAN, "MEAN", Reduction::kMean},
    {"Sum", BuiltinOperator::SUM, "SUM", Reduction::kSum},
    {"Max", BuiltinOperator::REDUCE_MAX, "REDUCE_MAX", Reduction::kMax},
    {"Min", BuiltinOperator::REDUCE_MIN, "REDUCE_MIN", Reduction::kMin},
    {"Prod", BuiltinOperator::REDUCE_PROD, "REDUCE_PROD", Reduction::kProd},
    {"Any", BuiltinOperator::REDUCE_ANY, "REDUCE_ANY", Reduction::kAny},
    {"All", BuiltinOperator::REDUCE_ALL, "REDUCE_ALL", Reduction::kAll},
};

// Which dimensions of a rank-`rank` input the axes select (negative axes count from the end;
// repeating an axis is allowed, as in TensorFlow).
absl::StatusOr<std::vector<bool>> ReducedDims(const Node& node, const std::vector<int64_t>& axes, int rank) {
  std::vector<bool> reduced(rank, false);
  for (int64_t axis : axes) {
    TFCONV_ASSIGN_OR_RETURN(int a, NormalizeAxis(node, axis, rank));
    reduced[a] = true;
  }
  return reduced;
}

absl::StatusOr<PartialShape> ReducedShape(const Node& node, const PartialShape& in,
                                          const std::optional<std::vector<int64_t>>& axes, bool keep_dims) {
  if (!in.known_rank()) return PartialShape::UnknownRank();
  if (!axes.has_value()) {
    return keep_dims ? PartialShape(std::vector<int64_t>(in.rank(), -1)) : PartialShape::UnknownRank();
  }
  TFCONV_ASSIGN_OR_RETURN(std::vector<bool> reduced, ReducedDims(node, *axes, in.rank()));
  std::vector<int64_t> dims;
  for (int d = 0; d < in.rank(); ++d) {
    if (!reduced[d]) {
      dims.push_back(in.dim(d));
    } else if (keep_dims) {
      dims.push_back(1);
    }
  }
  return PartialShape(dims);
}

absl::StatusOr<std::vector<int64_t>> ReadAxes(const Node& node, const Tensor& axes) {
  if (axes.rank() > 1) {
    return NodeError(
        node, absl::StrCat("reduction_indices must be a scalar or a vector, got ", axes.DebugString()));
  }
  return ReadInts(node, axes, "reduction_indices");
}

absl::Status InferReduce(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(bool keep_dims, GetAttrOr<bool>(c.node(), "keep_dims", false));
  std::optional<std::vector<int64_t>> axes;
  if (const Tensor* value = c.input_value(1)) {
    TFCONV_ASSIGN_OR_RETURN(axes, ReadAxes(c.node(), *value));
  }
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, ReducedShape(c.node(), c.input_shape(0), axes, keep_dims));
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::Status InferBoolReduce(InferenceContext& c) {
  if (c.input_type(0) != DataType::kBool) {
    return c.Error(absl::StrCat("input must be bool, got ", DataTypeName(c.input_type(0))));
  }
  return InferReduce(c);
}

// The accumulator of T: double for floats; for integers the unsigned type of the same width, so
// that overflow wraps (defined behaviour) exactly as TensorFlow's T arithmetic does.
template <typename T, bool = std::is_floating_point_v<T>>
struct AccumulatorOf {
  using type = double;
};
template <typename T>
struct AccumulatorOf<T, false> {
  using type = std::make_unsigned_t<T>;
};
template <typename T>
using Accumulator = typename AccumulatorOf<T>::type;

template <typename T>
Accumulator<T> Identity(Reduction kind) {
  using Acc = Accumulator<T>;
  switch (kind) {
    case Reduction::kProd:
      return Acc(1);
    case Reduction::kMax:
      if constexpr (std::is_floating_point_v<T>)
        return -std::numeric_limits<double>::infinity();
      else
        return static_cast<Acc>(std::numeric_limits<T>::lowest());
    case Reduction::kMin:
      if constexpr (std::is_floating_point_v<T>)
        return std::numeric_limits<double>::infinity();
      else
        return static_cast<Acc>(std::numeric_limits<T>::max());
    default:
      return Acc(0);
  }
}

template <typename T>
Accumulator<T> Combine(Reduction kind, Accumulator<T> acc, T v) {
  using Acc = Accumulator<T>;
  switch (kind) {
    case Reduction::kMean:
    case Reduction::kSum:
      if constexpr (std::is_floating_point_v<T>) return acc + v;
      // Widened so that small unsigned types are not promoted to (overflowing) int.
      else
        return static_cast<Acc>(uint64_t{acc} + uint64_t{static_cast<Acc>(v)});
    case Reduction::kProd:
      if constexpr (std::is_floating_point_v<T>)
        return acc * v;
      else
        return static_cast<Acc>(uint64_t{acc} * uint64_t{static_cast<Acc>(v)});
    case Reduction::kMax:
    case Reduction::kMin:
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(acc) || std::isnan(v)) return std::numeric_limits<double>::quiet_NaN();
        return kind == Reduction::kMax ? std::max<double>(acc, v) : std::min<double>(acc, v);
      } else {
        const T a = static_cast<T>(acc);
        return static_cast<Acc>(kind == Reduction::kMax ? std::max(a, v) : std::min(a, v));
      }
    case Reduction::kAny:
    case Reduction::kAll:
      break;  // reduced as kMax / kMin (see EvalReduce)
  }
  return acc;
}

template <typename T>
absl::StatusOr<Tensor> ReduceTyped(const Node& node, const Tensor& in, const std::vector<bool>& reduced,
                                   const std::vector<int64_t>& out_dims, Reduction kind) {
  using Acc = Accumulator<T>;
  const int rank = in.rank();
  // Output strides seen from the input: 0 along reduced dimensions.
  std::vector<int64_t> kept_dims;
  for (int d = 0; d < rank; ++d) {
    if (!reduced[d]) kept_dims.push_back(in.dim(d));
  }
  const std::vector<int64_t> kept_strides = StridesOf(kept_dims);
  std::vector<int64_t> to_out(rank, 0);
  for (int d = 0, k = 0; d < rank; ++d) {
    if (!reduced[d]) to_out[d] = kept_strides[k++];
  }
  const int64_t out_count = Product(kept_dims);
  const int64_t in_count = in.NumElements();
  const int64_t group = out_count == 0 ? 0 : in_count / out_count;
  std::vector<Acc> acc(out_count, Identity<T>(kind));
  absl::Span<const T> data = in.data<T>();
  std::vector<int64_t> index(rank, 0);
  int64_t offset = 0;
  for (int64_t i = 0; i < in_count; ++i) {
    acc[offset] = Combine<T>(kind, acc[offset], data[i]);
    for (int d = rank - 1; d >= 0; --d) {
      if (++index[d] < in.dim(d)) {
        offset += to_out[d];
        break;
      }
      offset -= to_out[d] * (in.dim(d) - 1);
      index[d] = 0;
    }
  }
  std::vector<T> out(out_count);
  for (int64_t i = 0; i < out_count; ++i) {
    if (kind == Reduction::kMean) {
      if constexpr (std::is_floating_point_v<T>) {
        out[i] = static_cast<T>(acc[i] / static_cast<double>(group));
      } else {
        const T count = static_cast<T>(group);
        if (count <= 0) {
          return NodeError(node, absl::StrCat("the mean of ", group, " ", DataTypeName(in.dtype()),
                                              " elements is undefined"));
        }
        out[i] = static_cast<T>(static_cast<T>(acc[i]) / count);
      }
    } else {
      out[i] = static_cast<T>(acc[i]);
    }
  }
  return Tensor::FromVector<T>(out_dims, out);
}

absl::StatusOr<std::vector<Tensor>> EvalReduce(const EvalContext& c, Reduction kind) {
  TFCONV_ASSIGN_OR_RETURN(bool keep_dims, GetAttrOr<bool>(c.node(), "keep_dims", false));
  const Tensor& in = c.input(0);
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> axes, ReadAxes(c.node(), c.input(1)));
  TFCONV_ASSIGN_OR_RETURN(std::vector<bool> reduced, ReducedDims(c.node(), axes, in.rank()));
  TFCONV_ASSIGN_OR_RETURN(PartialShape out_shape, ReducedShape(c.node(), ShapeOf(in), axes, keep_dims));
  if (kind == Reduction::kAny || kind == Reduction::kAll) {
    if (in.dtype() != DataType::kBool) {
      return c.Error(absl::StrCat("input must be bool, got ", DataTypeName(in.dtype())));
    }
    // Bools are 0/1 bytes: Any is their max, All their min; the empty max (0) is false and the
    // empty min (255) is true, so normalizing to 0/1 gives TensorFlow's identities.
    Tensor bytes(DataType::kUInt8, in.shape(), in.bytes());
    TFCONV_ASSIGN_OR_RETURN(
        Tensor reduced, ReduceTyped<uint8_t>(c.node(), bytes, reduced,
                                             out_shape.dims(), kind == Reduction::kAny ? Reduction::kMax : Reduction::kMin));
    std::vector<bool> truth;
    for (uint8_t v : reduced.data<uint8_t>()) truth.push_back(v != 0);
    return std::vector<Tensor>{Tensor::FromVector<bool>(out_shape.dims(), truth)};
  }
  absl::StatusOr<Tensor> out = c.Error("unreachable");
  const bool known = VisitNumeric(in.dtype(), [&](auto zero) {
    using T = decltype(zero);
    out = ReduceTyped<T>(c.node(), in, reduced, out_shape.dims(), kind);
  });
  if (!known) {
    return NodeUnsupported(c.node(), absl::StrCat("no reference kernel for ", DataTypeName(in.dtype())));
  }
  if (!out.ok()) return out.status();
  return std::vector<Tensor>{*std::move(out)};
}

absl::Status LowerReduce(LoweringContext& c, BuiltinOperator op) {
  TFCONV_ASSIGN_OR_RETURN(bool keep_dims, GetAttrOr<bool>(c.node(), "keep_dims", false));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t axes, Int32Operand(c, 1, "axes"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::ReducerOptionsT options;
  options.keep_dims = keep_dims;
  c.AddBuiltinOp(op, {in, axes}, {out}, Options(std::move(options)));
  return absl::OkStatus();
}

}  // namespace

void RegisterReduceOps(OpRegistry& registry) {
  for (const ReduceRow& row : kReductions) {
    OpRegistration r;
    r.op = row.op;
    r.infer = InferReduce;
    const Reduction kind = row.kind;
    r.evaluate = [kind](const EvalContext& c) { return EvalReduce(c, kind); };
    const BuiltinOperator op = row.tflite_op;
    r.lower = [op](LoweringContext& c) { return LowerReduce(c, op); };
    r.tflite_ops = {row.tflite_name, "CAST"};
    if (kind == Reduction::kAny || kind == Reduction::kAll) r.infer = InferBoolReduce;
    registry.Add(std::move(r));
  }
}

}  // namespace array
}  // namespace tfconv
