// MatMul and BatchMatMul{,V2,V3}: shape rules, TF reference semantics, and the lowering the official
// converter emits (legalize_tf.cc): MatMul -> FULLY_CONNECTED with weights [N, K] (a TRANSPOSE, or a
// host transpose of a constant, when transpose_b is false), no bias, keep_num_dims false; a batch
// matmul whose y is a constant matrix -> FULLY_CONNECTED keep_num_dims true; otherwise BATCH_MATMUL.
#include <string>
#include <vector>

#include "plugins/common/op_helpers.h"
#include "plugins/nn/lowering_helpers.h"
#include "plugins/nn/nn_ops_internal.h"
#include "plugins/nn/reference_kernels.h"
#include "plugins/nn/tensor_transforms.h"

namespace tfconv {
namespace {

struct MatMulSpec {
  const char* op;
  bool batched;          // BatchMatMul*: rank >= 2, attributes adj_x / adj_y
  bool broadcast_batch;  // V2, V3: the batch dimensions broadcast
  bool typed_output;     // V3: Ta, Tb and Tout attributes
};

constexpr MatMulSpec kMatMulSpecs[] = {
    {"MatMul", false, false, false},
    {"BatchMatMul", true, false, false},
    {"BatchMatMulV2", true, true, false},
    {"BatchMatMulV3", true, true, true},
};

absl::StatusOr<std::pair<bool, bool>> ReadAdjoints(const Node& node, const MatMulSpec& s) {
  TFCONV_ASSIGN_OR_RETURN(bool x, GetAttrOr<bool>(node, s.batched ? "adj_x" : "transpose_a", false));
  TFCONV_ASSIGN_OR_RETURN(bool y, GetAttrOr<bool>(node, s.batched ? "adj_y" : "transpose_b", false));
  return std::make_pair(x, y);
}

absl::StatusOr<DataType> OutputType(const Node& node, const MatMulSpec& s, DataType input) {
  if (!s.typed_output) return input;
  return GetAttrOr<DataType>(node, "Tout", input);
}

// The batch part (all but the last two dimensions) of both operands combined.
absl::StatusOr<PartialShape> BatchShape(const Node& node, const MatMulSpec& s, const PartialShape& x,
                                        const PartialShape& y) {
  PartialShape xb(std::vector<int64_t>(x.dims().begin(), x.dims().end() - 2));
  PartialShape yb(std::vector<int64_t>(y.dims().begin(), y.dims().end() - 2));
  if (s.broadcast_batch) return BroadcastShapes(node, xb, yb);
  if (xb.rank() != yb.rank()) {
    return NodeError(node, absl::StrCat("BatchMatMul needs operands of one rank, got ", x.ToString(), " and ",
                                        y.ToString(), " (BatchMatMulV2 broadcasts)"));
  }
  std::vector<int64_t> dims(xb.rank());
  for (int i = 0; i < xb.rank(); ++i) {
    if (xb.dim(i) >= 0 && yb.dim(i) >= 0 && xb.dim(i) != yb.dim(i)) {
      return NodeError(node, absl::StrCat("batch dimensions differ: ", x.ToString(), " and ", y.ToString()));
    }
    dims[i] = xb.dim(i) >= 0 ? xb.dim(i) : yb.dim(i);
  }
  return PartialShape(std::move(dims));
}

absl::Status InferMatMul(InferenceContext& c, const MatMulSpec& s, int num_inputs = 2) {
  const Node& node = c.node();
  if (c.num_inputs() != num_inputs) {
    return c.Error(num_inputs == 2 ? "expects 2 inputs"
                                   : absl::StrCat("expects ", num_inputs, " inputs (a, b, then ", num_inputs - 2,
                                                  " extra arguments)"));
  }
  TFCONV_ASSIGN_OR_RETURN(auto adj, ReadAdjoints(node, s));
  if (c.input_type(0) != DataType::kInvalid && c.input_type(1) != DataType::kInvalid &&
      c.input_type(0) != c.input_type(1) && !s.typed_output) {
    return c.Error(absl::StrCat("operands of different types: ", DataTypeName(c.input_type(0)), " and ",
                                DataTypeName(c.input_type(1))));
  }
  TFCONV_ASSIGN_OR_RETURN(DataType out_type, OutputType(node, s, c.input_type(0)));
  PartialShape x = c.input_shape(0), y = c.input_shape(1);
  if (!s.batched) {
    TFCONV_RETURN_IF_ERROR(CheckRank(node, x, 2, "a"));
    TFCONV_RETURN_IF_ERROR(CheckRank(node, y, 2, "b"));
    if (!x.known_rank()) x = PartialShape({-1, -1});
    if (!y.known_rank()) y = PartialShape({-1, -1});
  }
  if (!x.known_rank() || !y.known_rank()) {
    c.set_output(0, out_type, PartialShape::UnknownRank());
    return absl::OkStatus();
  }
  if (x.rank() < 2 || y.rank() < 2) {
    return c.Error(absl::StrCat("operands must have rank 2 or more, got ", x.ToString(), " and ", y.ToString()));
  }
  const int rx = x.rank(), ry = y.rank();
  const int64_t m = adj.first ? x.dim(rx - 1) : x.dim(rx - 2);
  const int64_t kx = adj.first ? x.dim(rx - 2) : x.dim(rx - 1);
  const int64_t ky = adj.second ? y.dim(ry - 1) : y.dim(ry - 2);
  const int64_t n = adj.second ? y.dim(ry - 2) : y.dim(ry - 1);
  if (kx >= 0 && ky >= 0 && kx != ky) {
    return c.Error(absl::StrCat("inner dimensions differ: ", x.ToString(), " and ", y.ToString(),
                                " (with the transpose/adjoint attributes applied)"));
  }
  TFCONV_ASSIGN_OR_RETURN(PartialShape batch, BatchShape(node, s, x, y));
  std::vector<int64_t> out = batch.dims();
  out.push_back(m);
  out.push_back(n);
  c.set_output(0, out_type, PartialShape(std::move(out)));
  return absl::OkStatus();
}

absl::StatusOr<Tensor> EvalProduct(const EvalContext& c, const MatMulSpec& s) {
  const Node& node = c.node();
  if (c.num_inputs() < 2) return c.Error("expects 2 operands");
  TFCONV_ASSIGN_OR_RETURN(auto adj, ReadAdjoints(node, s));
  const Tensor& x = c.input(0);
  const Tensor& y = c.input(1);
  TFCONV_ASSIGN_OR_RETURN(DataType out_type, OutputType(node, s, x.dtype()));
  if (x.dtype() != y.dtype() || out_type != x.dtype()) {
    return NodeUnsupported(node, "evaluation needs both operands and the output of one type");
  }
  if (x.rank() < 2 || y.rank() < 2 || (!s.batched && (x.rank() != 2 || y.rank() != 2))) {
    return c.Error(absl::StrCat("operands of the wrong rank: ", x.DebugString(), " and ", y.DebugString()));
  }
  const int64_t kx = adj.first ? x.dim(x.rank() - 2) : x.dim(x.rank() - 1);
  const int64_t ky = adj.second ? y.dim(y.rank() - 1) : y.dim(y.rank() - 2);
  if (kx != ky) return c.Error(absl::StrCat("inner dimensions differ: ", x.DebugString(), " and ", y.DebugString()));
  TFCONV_RETURN_IF_ERROR(BatchShape(node, s, PartialShape(x.shape()), PartialShape(y.shape())).status());
  return DispatchArithmetic(node, x.dtype(), [&](auto tag) {
    return BatchMatMulReference<decltype(tag)>(x, y, adj.first, adj.second);
  });
}

absl::StatusOr<std::vector<Tensor>> EvalMatMul(const EvalContext& c, const MatMulSpec& s) {
  if (c.num_inputs() != 2) return c.Error("expects 2 inputs");
  TFCONV_ASSIGN_OR_RETURN(Tensor z, EvalProduct(c, s));
  return std::vector<Tensor>{std::move(z)};
}

// Permutation swapping the last two of `rank` dimensions.
std::vector<int> SwapLastTwo(int rank) {
  std::vector<int> p(rank);
  for (int i = 0; i < rank; ++i) p[i] = i;
  std::swap(p[rank - 1], p[rank - 2]);
  return p;
}

absl::Status EmitFullyConnected(LoweringContext& c, int32_t lhs, int32_t weights, bool keep_num_dims,
                                const MainOpExtras& extras = {}) {
  int32_t output = extras.output;
  if (output < 0) {
    TFCONV_ASSIGN_OR_RETURN(output, c.OutputTensor(0));
  }
  tflite::FullyConnectedOptionsT o;
  o.fused_activation_function = extras.activation;
  o.weights_format = tflite::FullyConnectedOptionsWeightsFormat::DEFAULT;
  o.keep_num_dims = keep_num_dims;
  tflite::BuiltinOptionsUnion options;
  options.Set(std::move(o));
  // A bias of -1 means none (a later pass may fuse a following Add into it).
  c.AddBuiltinOp(tflite::BuiltinOperator::FULLY_CONNECTED, {lhs, weights, extras.bias}, {output},
                 std::move(options));
  return absl::OkStatus();
}

absl::Status LowerMatMul(LoweringContext& c, const MatMulSpec& s, const MainOpExtras& extras = {}) {
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, s.batched ? "BATCH_MATMUL" : "FULLY_CONNECTED", 0));
  TFCONV_RETURN_IF_ERROR(RequireFloat32(c, s.batched ? "BATCH_MATMUL" : "FULLY_CONNECTED", 1));
  if (c.output_type(0) != DataType::kFloat) return c.Unsupported("the output must be float32");
  TFCONV_ASSIGN_OR_RETURN(auto adj, ReadAdjoints(c.node(), s));
  const bool adj_x = adj.first, adj_y = adj.second;
  if (extras.weight_scale != nullptr) return c.Error("internal: FULLY_CONNECTED takes no weight factors");

  if (!s.batched) {
    int32_t lhs;
    if (adj_x) {
      TFCONV_ASSIGN_OR_RETURN(lhs, TransposedOperand(c, 0, {1, 0}, "a_transposed"));
    } else {
      TFCONV_ASSIGN_OR_RETURN(lhs, c.InputTensor(0));
    }
    // FULLY_CONNECTED wants weights [N, K]: b as given when transpose_b, else transposed.
    int32_t weights;
    if (adj_y) {
      TFCONV_ASSIGN_OR_RETURN(weights, c.InputTensor(1));
    } else {
      TFCONV_ASSIGN_OR_RETURN(weights, TransposedOperand(c, 1, {1, 0}, "weights"));
    }
    return EmitFullyConnected(c, lhs, weights, /*keep_num_dims=*/false, extras);
  }
  if (extras.bias >= 0 || extras.output >= 0 || extras.activation != tflite::ActivationFunctionType::NONE) {
    return c.Error("internal: a fused epilogue is only lowered for MatMul");
  }

  const Tensor* y = c.input_value(1);
  const PartialShape& xs = c.input_shape(0);
  if (y != nullptr && y->rank() == 2 && xs.known_rank() && xs.rank() >= 2) {
    int32_t lhs;
    if (adj_x) {
      TFCONV_ASSIGN_OR_RETURN(lhs, TransposedOperand(c, 0, SwapLastTwo(xs.rank()), "x_adjoint"));
    } else {
      TFCONV_ASSIGN_OR_RETURN(lhs, c.InputTensor(0));
    }
    int32_t weights;
    if (adj_y) {
      TFCONV_ASSIGN_OR_RETURN(weights, c.InputTensor(1));
    } else {
      weights = c.AddConstTensor(TransposeMatrix(*y), "weights");
    }
    return EmitFullyConnected(c, lhs, weights, /*keep_num_dims=*/true);
  }

  TFCONV_ASSIGN_OR_RETURN(int32_t lhs, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t rhs, c.InputTensor(1));
  TFCONV_ASSIGN_OR_RETURN(int32_t output, c.OutputTensor(0));
  tflite::BatchMatMulOptionsT o;
  o.adj_x = adj_x;
  o.adj_y = adj_y;
  tflite::BuiltinOptionsUnion options;
  options.Set(std::move(o));
  c.AddBuiltinOp(tflite::BuiltinOperator::BATCH_MATMUL, {lhs, rhs}, {output}, std::move(options));
  return absl::OkStatus();
}

}  // namespace

absl::Status InferMatMulOp(InferenceContext& c, int num_inputs) { return InferMatMul(c, kMatMulSpecs[0], num_inputs); }

absl::StatusOr<Tensor> EvalMatMulOp(const EvalContext& c) { return EvalProduct(c, kMatMulSpecs[0]); }

absl::Status LowerMatMulOp(LoweringContext& c, const MainOpExtras& extras) {
  return LowerMatMul(c, kMatMulSpecs[0], extras);
}

void RegisterMatMulOps(OpRegistry& registry) {
  for (const MatMulSpec& spec : kMatMulSpecs) {
    const MatMulSpec* s = &spec;
    OpRegistration r;
    r.op = s->op;
    r.infer = [s](InferenceContext& c) { return InferMatMul(c, *s); };
    r.evaluate = [s](const EvalContext& c) { return EvalMatMul(c, *s); };
    r.lower = [s](LoweringContext& c) { return LowerMatMul(c, *s); };
    r.tflite_ops = s->batched ? std::vector<std::string>{"BATCH_MATMUL", "FULLY_CONNECTED", "TRANSPOSE"}
                              : std::vector<std::string>{"FULLY_CONNECTED", "TRANSPOSE"};
    registry.Add(std::move(r));
  }
}

}  // namespace tfconv
