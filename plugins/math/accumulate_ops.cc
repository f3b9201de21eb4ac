#include "plugins/math/accumulate_ops.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "plugins/common/op_helpers.h"
#include "plugins/math/math_functors.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

// Calls fn(T{}) for the C++ type of `type` (float, double, int32, int64).
template <typename Fn>
absl::StatusOr<Tensor> Dispatch(const Node& node, DataType type, Fn&& fn) {
  switch (type) {
    case DataType::kFloat: return fn(float{});
    case DataType::kDouble: return fn(double{});
    case DataType::kInt32: return fn(int32_t{});
    case DataType::kInt64: return fn(int64_t{});
    default:
      return NodeUnsupported(node, absl::StrCat("no reference evaluation for ", DataTypeName(type)));
  }
}

// ---- AddN: all operands of one type and one shape (TF does not broadcast here) ----

absl::Status InferAddN(InferenceContext& c) {
  if (c.num_inputs() < 1) return c.Error("expects at least 1 input");
  DataType type = DataType::kInvalid;
  PartialShape shape = PartialShape::UnknownRank();
  for (int i = 0; i < c.num_inputs(); ++i) {
    const DataType t = c.input_type(i);
    if (t != DataType::kInvalid && type != DataType::kInvalid && t != type) {
      return c.Error(absl::StrCat("input ", i, " is ", DataTypeName(t), " but input 0 is ",
                                  DataTypeName(type), "; AddN adds tensors of one type"));
    }
    if (t != DataType::kInvalid) type = t;
    const PartialShape& s = c.input_shape(i);
    if (!s.known_rank()) continue;
    if (!shape.known_rank()) {
      shape = s;
      continue;
    }
    if (s.rank() != shape.rank()) {
      return c.Error(absl::StrCat("input ", i, " has shape ", s.ToString(), ", others ",
                                  shape.ToString(), "; AddN needs equal shapes"));
    }
    for (int d = 0; d < s.rank(); ++d) {
      if (s.dim(d) >= 0 && shape.dim(d) >= 0 && s.dim(d) != shape.dim(d)) {
        return c.Error(absl::StrCat("input ", i, " has shape ", s.ToString(), ", others ",
                                    shape.ToString(), "; AddN needs equal shapes"));
      }
      if (shape.dim(d) < 0) shape.set_dim(d, s.dim(d));
    }
  }
  c.set_output(0, type, std::move(shape));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalAddN(const EvalContext& c) {
  if (c.num_inputs() < 1) return c.Error("expects at least 1 input");
  const Tensor& first = c.input(0);
  for (int i = 1; i < c.num_inputs(); ++i) {
    if (c.input(i).dtype() != first.dtype() || c.input(i).shape() != first.shape()) {
      return c.Error(absl::StrCat("input ", i, " (", c.input(i).DebugString(),
                                  ") differs in type or shape from input 0 (", first.DebugString(),
                                  ")"));
    }
  }
  TFCONV_ASSIGN_OR_RETURN(Tensor out, Dispatch(c.node(), first.dtype(), [&](auto tag) {
                            using T = decltype(tag);
                            std::vector<T> sum(first.data<T>().begin(), first.data<T>().end());
                            for (int i = 1; i < c.num_inputs(); ++i) {
                              auto v = c.input(i).data<T>();
                              for (size_t k = 0; k < sum.size(); ++k) sum[k] = math::AddFn{}(sum[k], v[k]);
                            }
                            return Tensor::FromVector<T>(first.shape(), sum);
                          }));
  return std::vector<Tensor>{std::move(out)};
}

absl::Status LowerAddN(LoweringContext& c) {
  const DataType type = c.input_type(0);
  if (c.num_inputs() == 1) {
    TFCONV_ASSIGN_OR_RETURN(int32_t x, c.InputTensor(0));
    return c.ForwardOutput(0, x);
  }
  if (type != DataType::kFloat && type != DataType::kInt32 && type != DataType::kInt64) {
    return c.Unsupported(absl::StrCat("TFLite ADD_N has no kernel for ", DataTypeName(type)));
  }
  std::vector<int32_t> inputs;
  for (int i = 0; i < c.num_inputs(); ++i) {
    TFCONV_ASSIGN_OR_RETURN(int32_t t, c.InputTensor(i));
    inputs.push_back(t);
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::BuiltinOptionsUnion options;
  options.Set(tflite::AddNOptionsT{});
  c.AddBuiltinOp(BuiltinOperator::ADD_N, std::move(inputs), {out}, std::move(options));
  return absl::OkStatus();
}

// ---- Cumsum(x, axis), attrs exclusive and reverse ----

struct CumsumAttrs {
  bool exclusive = false;
  bool reverse = false;
};

absl::StatusOr<CumsumAttrs> ReadCumsumAttrs(const Node& node) {
  CumsumAttrs a;
  TFCONV_ASSIGN_OR_RETURN(a.exclusive, GetAttrOr<bool>(node, "exclusive", false));
  TFCONV_ASSIGN_OR_RETURN(a.reverse, GetAttrOr<bool>(node, "reverse", false));
  return a;
}

absl::StatusOr<int> ScalarAxis(const Node& node, const Tensor& axis, int rank) {
  if (axis.NumElements() != 1 || axis.rank() > 1 ||
      (axis.dtype() != DataType::kInt32 && axis.dtype() != DataType::kInt64)) {
    return NodeError(node, absl::StrCat("the axis must be an int32 or int64 scalar, got ",
                                        axis.DebugString()));
  }
  return NormalizeAxis(node, axis.ElementAsInt64(0), rank);
}

absl::Status InferCumsum(InferenceContext& c) {
  if (c.num_inputs() != 2) return c.Error("expects 2 inputs (x, axis)");
  const PartialShape& x = c.input_shape(0);
  if (x.known_rank() && x.rank() < 1) return c.Error("the input must have rank >= 1, got a scalar");
  if (const Tensor* axis = c.input_value(1); axis != nullptr && x.known_rank()) {
    TFCONV_RETURN_IF_ERROR(ScalarAxis(c.node(), *axis, x.rank()).status());
  }
  TFCONV_RETURN_IF_ERROR(ReadCumsumAttrs(c.node()).status());
  c.set_output(0, c.input_type(0), x);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalCumsum(const EvalContext& c) {
  if (c.num_inputs() != 2) return c.Error("expects 2 inputs (x, axis)");
  const Tensor& x = c.input(0);
  if (x.rank() < 1) return c.Error("the input must have rank >= 1, got a scalar");
  TFCONV_ASSIGN_OR_RETURN(int axis, ScalarAxis(c.node(), c.input(1), x.rank()));
  TFCONV_ASSIGN_OR_RETURN(CumsumAttrs a, ReadCumsumAttrs(c.node()));
  // x viewed as [outer, n, inner] around the axis.
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= x.dim(d);
  for (int d = axis + 1; d < x.rank(); ++d) inner *= x.dim(d);
  const int64_t n = x.dim(axis);
  TFCONV_ASSIGN_OR_RETURN(Tensor out, Dispatch(c.node(), x.dtype(), [&](auto tag) {
                            using T = decltype(tag);
                            auto in = x.data<T>();
                            std::vector<T> y(in.size());
                            for (int64_t o = 0; o < outer; ++o) {
                              for (int64_t i = 0; i < inner; ++i) {
                                T running = 0;
                                for (int64_t step = 0; step < n; ++step) {
                                  const int64_t k = a.reverse ? n - 1 - step : step;
                                  const int64_t at = (o * n + k) * inner + i;
                                  if (a.exclusive) {
                                    y[at] = running;
                                    running = math::AddFn{}(running, in[at]);
                                  } else {
                                    running = math::AddFn{}(running, in[at]);
                                    y[at] = running;
                                  }
                                }
                              }
                            }
                            return Tensor::FromVector<T>(x.shape(), y);
                          }));
  return std::vector<Tensor>{std::move(out)};
}

absl::Status LowerCumsum(LoweringContext& c) {
  const DataType type = c.input_type(0);
  if (type != DataType::kFloat && type != DataType::kInt32 && type != DataType::kInt64) {
    return c.Unsupported(absl::StrCat("TFLite CUMSUM has no kernel for ", DataTypeName(type)));
  }
  TFCONV_ASSIGN_OR_RETURN(CumsumAttrs a, ReadCumsumAttrs(c.node()));
  TFCONV_ASSIGN_OR_RETURN(int32_t x, c.InputTensor(0));
  // CUMSUM takes an int32 axis; a constant int64 one is narrowed on the host.
  int32_t axis;
  const Tensor* axis_value = c.input_value(1);
  if (axis_value != nullptr) {
    if (axis_value->NumElements() != 1) return c.Error("the axis must be a scalar");
    axis = c.AddConstTensor(
        Tensor::Scalar<int32_t>(static_cast<int32_t>(axis_value->ElementAsInt64(0))), "axis");
  } else if (c.input_type(1) == DataType::kInt32) {
    TFCONV_ASSIGN_OR_RETURN(axis, c.InputTensor(1));
  } else {
    return c.Unsupported("CUMSUM takes an int32 axis; this one is a computed int64 tensor");
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::CumsumOptionsT o;
  o.exclusive = a.exclusive;
  o.reverse = a.reverse;
  tflite::BuiltinOptionsUnion options;
  options.Set(std::move(o));
  c.AddBuiltinOp(BuiltinOperator::CUMSUM, {x, axis}, {out}, std::move(options));
  return absl::OkStatus();
}

}  // namespace

void RegisterAccumulateOps(OpRegistry& registry) {
  OpRegistration add_n;
  add_n.op = "AddN";
  add_n.infer = InferAddN;
  add_n.evaluate = EvalAddN;
  add_n.lower = LowerAddN;
  add_n.tflite_ops = {"ADD_N"};
  registry.Add(std::move(add_n));

  OpRegistration cumsum;
  cumsum.op = "Cumsum";
  cumsum.infer = InferCumsum;
  cumsum.evaluate = EvalCumsum;
  cumsum.lower = LowerCumsum;
  cumsum.tflite_ops = {"CUMSUM"};
  registry.Add(std::move(cumsum));
}

}  // namespace tfconv
