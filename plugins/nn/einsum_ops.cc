// Einsum: shape rule, TF reference semantics (any equation TF accepts, on float and integer
// tensors), and the lowering the official converter's einsum rewrite makes of one or two operands
// (its ConvertTFEinsumOp: transposes and reshapes around one batch matmul):
//
//   each label is a batch label (both operands and the output), a contracted one (both operands,
//   not the output), free (one operand and the output) or summed (one operand only: SUM first);
//   lhs -> [batch..., free..., contracted...] reshaped to [batch..., M, K]   (or [.., K, M] with adj_x
//   rhs -> [batch..., contracted..., free...] reshaped to [batch..., K, N]    when that saves a transpose
//                                                                              or keeps the innermost
//                                                                              dim; likewise adj_y)
//   (leading ellipsis dims that only the higher-rank operand has stay batch dims: BATCH_MATMUL
//   broadcasts them)
//   BATCH_MATMUL -> RESHAPE [batch..., free_lhs..., free_rhs...] -> TRANSPOSE to the output order.
//   With no batch label and a constant operand it is FULLY_CONNECTED instead: the constant becomes
//   [N, K] weights on the host (operands swap when the constant is the left one).
//
// Steps that would not change anything are left out, so "abc,cd->abd" with constant weights is one
// FULLY_CONNECTED and "bij,bjk->bik" one BATCH_MATMUL. One operand: SUM and TRANSPOSE. Repeated
// labels in a term (diagonals), three or more operands and non-float32 types are refused with the
// equation named.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "plugins/common/op_helpers.h"
#include "plugins/nn/einsum_equation.h"
#include "plugins/nn/lowering_helpers.h"
#include "plugins/nn/nn_ops_internal.h"
#include "plugins/nn/tensor_transforms.h"

namespace tfconv {
namespace {

absl::StatusOr<EinsumEquation> ReadEquation(const Node& node) {
  TFCONV_ASSIGN_OR_RETURN(std::string equation, GetAttr<std::string>(node, "equation"));
  return ParseEinsumEquation(node, equation, node.num_inputs());
}

absl::Status InferEinsum(InferenceContext& c) {
  const Node& node = c.node();
  if (c.num_inputs() < 1) return c.Error("expects at least 1 input");
  TFCONV_ASSIGN_OR_RETURN(EinsumEquation eq, ReadEquation(node));
  DataType type = DataType::kInvalid;
  for (int i = 0; i < c.num_inputs(); ++i) {
    const DataType t = c.input_type(i);
    if (t == DataType::kInvalid) continue;
    if (type != DataType::kInvalid && t != type) {
      return c.Error(absl::StrCat("operands of different types: ", DataTypeName(type), " and ", DataTypeName(t)));
    }
    type = t;
  }
  std::vector<int> ranks;
  std::vector<std::vector<int64_t>> shapes;
  for (int i = 0; i < c.num_inputs(); ++i) {
    const PartialShape& s = c.input_shape(i);
    const bool ellipsis = eq.inputs[i].find('.') != std::string::npos;
    if (!s.known_rank() && ellipsis) {
      c.set_output(0, type, PartialShape::UnknownRank());
      return absl::OkStatus();
    }
    // Without an ellipsis the term gives the rank.
    const int rank = s.known_rank() ? s.rank() : static_cast<int>(eq.inputs[i].size());
    ranks.push_back(rank);
    shapes.push_back(s.known_rank() ? s.dims() : std::vector<int64_t>(rank, -1));
  }
  TFCONV_ASSIGN_OR_RETURN(EinsumLabels labels, ResolveEinsumLabels(node, eq, ranks));
  TFCONV_ASSIGN_OR_RETURN(auto sizes, EinsumLabelSizes(node, labels, shapes));
  std::vector<int64_t> out;
  for (int l : labels.output) out.push_back(sizes.at(l));
  c.set_output(0, type, PartialShape(std::move(out)));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalEinsum(const EvalContext& c) {
  const Node& node = c.node();
  TFCONV_ASSIGN_OR_RETURN(EinsumEquation eq, ReadEquation(node));
  if (c.num_inputs() != static_cast<int>(eq.inputs.size())) return c.Error("operand count differs from the equation");
  std::vector<int> ranks;
  for (const Tensor& t : c.inputs()) ranks.push_back(t.rank());
  TFCONV_ASSIGN_OR_RETURN(EinsumLabels labels, ResolveEinsumLabels(node, eq, ranks));
  TFCONV_ASSIGN_OR_RETURN(Tensor y, EinsumReference(node, labels, c.inputs()));
  return std::vector<Tensor>{std::move(y)};
}

// ---- lowering -----------------------------------------------------------------------------------------------

// One operand on its way to the matmul: a constant rearranged on the host, or a tensor.
struct Operand {
  std::optional<Tensor> value;
  int32_t tensor = -1;
  std::vector<int64_t> dims;
  std::vector<int> labels;
};

int64_t Product(const std::vector<int64_t>& dims) {
  int64_t p = 1;
  for (int64_t d : dims) {
    if (d < 0) return -1;
    p *= d;
  }
  return p;
}

bool Contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

class EinsumLowering {
 public:
  EinsumLowering(LoweringContext& c, const EinsumEquation& eq, std::map<int, int64_t> sizes)
      : c_(c), eq_(eq), sizes_(std::move(sizes)) {}

  absl::Status Materialize(Operand& op, absl::string_view suffix) {
    if (op.tensor >= 0) return absl::OkStatus();
    op.tensor = c_.AddConstTensor(*op.value, suffix);
    op.value.reset();
    return absl::OkStatus();
  }

  // Reorders the operand's dimensions to the labels `order` (a permutation of its labels).
  absl::Status Permute(Operand& op, const std::vector<int>& order, absl::string_view suffix, int32_t output = -1) {
    std::vector<int> perm;
    for (int l : order) perm.push_back(static_cast<int>(std::find(op.labels.begin(), op.labels.end(), l) -
                                                        op.labels.begin()));
    bool identity = true;
    for (size_t i = 0; i < perm.size(); ++i) identity = identity && perm[i] == static_cast<int>(i);
    if (identity && output < 0) return absl::OkStatus();
    std::vector<int64_t> dims;
    for (int p : perm) dims.push_back(op.dims[p]);
    if (op.value.has_value() && output < 0) {
      op.value = tfconv::Permute(*op.value, perm);
    } else {
      TFCONV_RETURN_IF_ERROR(Materialize(op, suffix));
      TFCONV_ASSIGN_OR_RETURN(op.tensor, EmitTranspose(c_, op.tensor, DataType::kFloat, PartialShape(op.dims), perm,
                                                       suffix, output));
    }
    op.dims = std::move(dims);
    op.labels = order;
    return absl::OkStatus();
  }

  // Gives the operand the shape `dims` (labels are the caller's business afterwards).
  absl::Status Reshape(Operand& op, const std::vector<int64_t>& dims, absl::string_view suffix, int32_t output = -1) {
    if (dims == op.dims && output < 0) return absl::OkStatus();
    if (op.value.has_value() && output < 0) {
      op.value = op.value->Reshaped(dims);
    } else {
      if (std::count(dims.begin(), dims.end(), -1) > 1) {
        return c_.Unsupported(absl::StrCat("equation '", eq_.text, "': RESHAPE to ", PartialShape(dims).ToString(),
                                           " needs all but one dimension static"));
      }
      TFCONV_RETURN_IF_ERROR(Materialize(op, suffix));
      TFCONV_ASSIGN_OR_RETURN(op.tensor, EmitReshape(c_, op.tensor, DataType::kFloat, dims, suffix, output));
    }
    op.dims = dims;
    return absl::OkStatus();
  }

  // SUM over the operand's dimensions whose labels are in `summed`.
  absl::Status Sum(Operand& op, const std::vector<int>& summed, absl::string_view suffix, int32_t output = -1) {
    std::vector<int32_t> axes;
    Operand result;
    for (size_t d = 0; d < op.labels.size(); ++d) {
      if (Contains(summed, op.labels[d])) {
        axes.push_back(static_cast<int32_t>(d));
      } else {
        result.dims.push_back(op.dims[d]);
        result.labels.push_back(op.labels[d]);
      }
    }
    if (axes.empty() && output < 0) return absl::OkStatus();
    TFCONV_RETURN_IF_ERROR(Materialize(op, suffix));
    int32_t axes_tensor =
        AddInt32Const(c_, axes, {static_cast<int64_t>(axes.size())}, absl::StrCat(suffix, "/axes"));
    result.tensor = output >= 0 ? output : c_.AddTensor(DataType::kFloat, PartialShape(result.dims), suffix);
    tflite::ReducerOptionsT o;
    o.keep_dims = false;
    tflite::BuiltinOptionsUnion options;
    options.Set(std::move(o));
    c_.AddBuiltinOp(tflite::BuiltinOperator::SUM, {op.tensor, axes_tensor}, {result.tensor}, std::move(options));
    op = std::move(result);
    return absl::OkStatus();
  }

  std::vector<int64_t> SizesOf(const std::vector<int>& labels) const {
    std::vector<int64_t> out;
    for (int l : labels) out.push_back(sizes_.at(l));
    return out;
  }

  // The operand's own sizes of `labels` (a broadcast batch label may be 1 here).
  static std::vector<int64_t> DimsOf(const Operand& op, const std::vector<int>& labels) {
    std::vector<int64_t> out;
    for (int l : labels) out.push_back(op.dims[std::find(op.labels.begin(), op.labels.end(), l) - op.labels.begin()]);
    return out;
  }

  // The labels of `labels` that the operand has, in that order.
  static std::vector<int> OwnLabels(const Operand& op, const std::vector<int>& labels) {
    std::vector<int> out;
    for (int l : labels) {
      if (Contains(op.labels, l)) out.push_back(l);
    }
    return out;
  }

  // After the main op: `result` holds `labels` in a flat layout `dims`; reshape to one dimension
  // per label, then transpose to the output order, the last step writing TF output 0.
  absl::Status Finish(Operand& result, const std::vector<int>& labels, const std::vector<int>& output_labels) {
    const std::vector<int64_t> full = SizesOf(labels);
    const bool reshape = result.dims != full;
    const bool transpose = labels != output_labels;
    TFCONV_ASSIGN_OR_RETURN(int32_t out, c_.OutputTensor(0));
    if (reshape) TFCONV_RETURN_IF_ERROR(Reshape(result, full, "result", transpose ? -1 : out));
    result.labels = labels;
    if (transpose) TFCONV_RETURN_IF_ERROR(Permute(result, output_labels, "result_transposed", out));
    return absl::OkStatus();
  }

  absl::Status Unary(Operand op, const std::vector<int>& output_labels) {
    std::vector<int> summed;
    for (int l : op.labels) {
      if (!Contains(output_labels, l)) summed.push_back(l);
    }
    const bool transpose = [&] {
      std::vector<int> kept;
      for (int l : op.labels) {
        if (!Contains(summed, l)) kept.push_back(l);
      }
      return kept != output_labels;
    }();
    if (summed.empty() && !transpose) {
      TFCONV_RETURN_IF_ERROR(Materialize(op, "input"));
      return c_.ForwardOutput(0, op.tensor);
    }
    TFCONV_ASSIGN_OR_RETURN(int32_t out, c_.OutputTensor(0));
    if (!summed.empty()) TFCONV_RETURN_IF_ERROR(Sum(op, summed, "summed", transpose ? -1 : out));
    if (transpose) TFCONV_RETURN_IF_ERROR(Permute(op, output_labels, "transposed", out));
    return absl::OkStatus();
  }

  absl::Status Binary(Operand lhs, Operand rhs, const std::vector<int>& output_labels) {
    // Labels of one operand only that the output drops: summed away first.
    for (Operand* op : {&lhs, &rhs}) {
      const Operand& other = op == &lhs ? rhs : lhs;
      std::vector<int> summed;
      for (int l : op->labels) {
        if (!Contains(other.labels, l) && !Contains(output_labels, l)) summed.push_back(l);
      }
      TFCONV_RETURN_IF_ERROR(Sum(*op, summed, op == &lhs ? "lhs_summed" : "rhs_summed"));
    }
    auto in_both = [&](int l) { return Contains(lhs.labels, l) && Contains(rhs.labels, l); };
    std::vector<int> batch;
    for (int l : output_labels) {
      if (in_both(l)) batch.push_back(l);
    }
    // Ellipsis dims that a lower-rank operand lacks are batch dims too when BATCH_MATMUL's own
    // broadcasting (batch dims aligned from the right) lines them up: the labels an operand lacks
    // must lead the batch order.
    if (!batch.empty()) {
      std::vector<int> wide;
      for (int l : output_labels) {
        if (in_both(l) || l >= kEllipsisLabel) wide.push_back(l);
      }
      auto lacks_only_leading = [&](const Operand& op) {
        bool seen = false;
        for (int l : wide) {
          if (Contains(op.labels, l)) seen = true;
          else if (seen) return false;
        }
        return true;
      };
      if (lacks_only_leading(lhs) && lacks_only_leading(rhs)) batch = wide;
    }
    // FULLY_CONNECTED wants the constant on the right.
    if (batch.empty() && lhs.value.has_value() && !rhs.value.has_value()) std::swap(lhs, rhs);

    std::vector<int> contracted, m, n;
    for (int l : lhs.labels) {
      if (Contains(batch, l)) continue;
      if (!in_both(l)) m.push_back(l);
      else if (!Contains(output_labels, l)) contracted.push_back(l);
    }
    for (int l : rhs.labels) {
      if (!in_both(l) && !Contains(batch, l)) n.push_back(l);
    }
    auto concat = [](std::vector<int> a, const std::vector<int>& b, const std::vector<int>& c = {}) {
      a.insert(a.end(), b.begin(), b.end());
      a.insert(a.end(), c.begin(), c.end());
      return a;
    };
    const int64_t pm = Product(DimsOf(lhs, m)), pk = Product(DimsOf(lhs, contracted)),
                  pn = Product(DimsOf(rhs, n));
    const std::vector<int> result_labels = concat(batch, m, n);

    if (batch.empty() && rhs.value.has_value()) {
      // FULLY_CONNECTED: weights [N, K] on the host, lhs [M..., K] (at least 2-D).
      TFCONV_RETURN_IF_ERROR(Permute(rhs, concat(n, contracted), "weights"));
      TFCONV_RETURN_IF_ERROR(Reshape(rhs, {pn, pk}, "weights"));
      TFCONV_RETURN_IF_ERROR(Materialize(rhs, "weights"));
      TFCONV_RETURN_IF_ERROR(Permute(lhs, concat(m, contracted), "lhs_transposed"));
      std::vector<int64_t> rows = m.empty() ? std::vector<int64_t>{1} : DimsOf(lhs, m);
      std::vector<int64_t> lhs_dims = rows;
      lhs_dims.push_back(pk);
      TFCONV_RETURN_IF_ERROR(Reshape(lhs, lhs_dims, "lhs_reshaped"));
      TFCONV_RETURN_IF_ERROR(Materialize(lhs, "lhs"));
      Operand result;
      result.dims = rows;
      result.dims.push_back(pn);
      const std::vector<int64_t> full = SizesOf(result_labels);
      const bool direct = result.dims == full && result_labels == output_labels;
      if (direct) {
        TFCONV_ASSIGN_OR_RETURN(result.tensor, c_.OutputTensor(0));
      } else {
        result.tensor = c_.AddTensor(DataType::kFloat, PartialShape(result.dims), "product");
      }
      tflite::FullyConnectedOptionsT o;
      o.fused_activation_function = tflite::ActivationFunctionType::NONE;
      o.keep_num_dims = lhs_dims.size() > 2;
      tflite::BuiltinOptionsUnion options;
      options.Set(std::move(o));
      c_.AddBuiltinOp(tflite::BuiltinOperator::FULLY_CONNECTED, {lhs.tensor, rhs.tensor, -1}, {result.tensor},
                      std::move(options));
      if (direct) return absl::OkStatus();
      return Finish(result, result_labels, output_labels);
    }

    // BATCH_MATMUL. Each operand's batch labels are the ones it has (a suffix of `batch`). The
    // adjoint flags pick the layout that needs no transpose, or else the one that keeps the operand's
    // innermost dimension innermost.
    const std::vector<int> lhs_batch = OwnLabels(lhs, batch), rhs_batch = OwnLabels(rhs, batch);
    const std::vector<int> lhs_plain = concat(lhs_batch, m, contracted), lhs_adj = concat(lhs_batch, contracted, m);
    const std::vector<int> rhs_plain = concat(rhs_batch, contracted, n), rhs_adj = concat(rhs_batch, n, contracted);
    const bool adj_x = lhs.labels != lhs_plain &&
                       (lhs.labels == lhs_adj || (!lhs.labels.empty() && Contains(m, lhs.labels.back())));
    const bool adj_y = rhs.labels != rhs_plain &&
                       (rhs.labels == rhs_adj || (!rhs.labels.empty() && Contains(contracted, rhs.labels.back())));
    TFCONV_RETURN_IF_ERROR(Permute(lhs, adj_x ? lhs_adj : lhs_plain, "lhs_transposed"));
    TFCONV_RETURN_IF_ERROR(Permute(rhs, adj_y ? rhs_adj : rhs_plain, "rhs_transposed"));
    std::vector<int64_t> lhs_dims = DimsOf(lhs, lhs_batch), rhs_dims = DimsOf(rhs, rhs_batch);
    lhs_dims.push_back(adj_x ? pk : pm);
    lhs_dims.push_back(adj_x ? pm : pk);
    rhs_dims.push_back(adj_y ? pn : pk);
    rhs_dims.push_back(adj_y ? pk : pn);
    if (std::max(lhs_dims.size(), rhs_dims.size()) > 5) {
      return c_.Unsupported(absl::StrCat("equation '", eq_.text, "' has ", batch.size(),
                                         " batch labels; BATCH_MATMUL takes at most 3"));
    }
    TFCONV_RETURN_IF_ERROR(Reshape(lhs, lhs_dims, "lhs_reshaped"));
    TFCONV_RETURN_IF_ERROR(Reshape(rhs, rhs_dims, "rhs_reshaped"));
    TFCONV_RETURN_IF_ERROR(Materialize(lhs, "lhs"));
    TFCONV_RETURN_IF_ERROR(Materialize(rhs, "rhs"));
    Operand result;
    result.dims = SizesOf(batch);
    result.dims.push_back(pm);
    result.dims.push_back(pn);
    const bool direct = result.dims == SizesOf(result_labels) && result_labels == output_labels;
    if (direct) {
      TFCONV_ASSIGN_OR_RETURN(result.tensor, c_.OutputTensor(0));
    } else {
      result.tensor = c_.AddTensor(DataType::kFloat, PartialShape(result.dims), "product");
    }
    tflite::BatchMatMulOptionsT o;
    o.adj_x = adj_x;
    o.adj_y = adj_y;
    tflite::BuiltinOptionsUnion options;
    options.Set(std::move(o));
    c_.AddBuiltinOp(tflite::BuiltinOperator::BATCH_MATMUL, {lhs.tensor, rhs.tensor}, {result.tensor},
                    std::move(options));
    if (direct) return absl::OkStatus();
    return Finish(result, result_labels, output_labels);
  }

 private:
  LoweringContext& c_;
  const EinsumEquation& eq_;
  std::map<int, int64_t> sizes_;
};

absl::Status LowerEinsum(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(EinsumEquation eq, ReadEquation(c.node()));
  const int n = c.num_inputs();
  if (n > 2) {
    return c.Unsupported(absl::StrCat("equation '", eq.text, "' has ", n,
                                      " operands; one or two are lowered (split it into pairwise Einsums)"));
  }
  for (int i = 0; i < n; ++i) TFCONV_RETURN_IF_ERROR(RequireFloat32(c, n == 2 ? "BATCH_MATMUL" : "SUM", i));
  std::vector<int> ranks;
  std::vector<std::vector<int64_t>> shapes;
  for (int i = 0; i < n; ++i) {
    const PartialShape& s = c.input_shape(i);
    if (!s.known_rank()) {
      return c.Unsupported(absl::StrCat("equation '", eq.text, "': input ", i, " has unknown rank"));
    }
    ranks.push_back(s.rank());
    shapes.push_back(s.dims());
  }
  TFCONV_ASSIGN_OR_RETURN(EinsumLabels labels, ResolveEinsumLabels(c.node(), eq, ranks));
  TFCONV_ASSIGN_OR_RETURN(auto sizes, EinsumLabelSizes(c.node(), labels, shapes));
  std::vector<Operand> ops(n);
  for (int i = 0; i < n; ++i) {
    const std::vector<int>& term = labels.inputs[i];
    for (size_t d = 0; d < term.size(); ++d) {
      if (std::count(term.begin(), term.end(), term[d]) > 1) {
        return c.Unsupported(absl::StrCat("equation '", eq.text, "': label '", EinsumLabelName(term[d]),
                                          "' repeats in input ", i, " (a diagonal), which is not lowered"));
      }
    }
    ops[i].dims = shapes[i];
    ops[i].labels = term;
    if (const Tensor* v = c.input_value(i)) {
      ops[i].value = *v;
    } else {
      TFCONV_ASSIGN_OR_RETURN(ops[i].tensor, c.InputTensor(i));
    }
  }
  EinsumLowering lowering(c, eq, std::move(sizes));
  if (n == 1) return lowering.Unary(std::move(ops[0]), labels.output);
  return lowering.Binary(std::move(ops[0]), std::move(ops[1]), labels.output);
}

}  // namespace

void RegisterEinsumOps(OpRegistry& registry) {
  OpRegistration r;
  r.op = "Einsum";
  r.infer = InferEinsum;
  r.evaluate = EvalEinsum;
  r.lower = LowerEinsum;
  r.tflite_ops = {"BATCH_MATMUL", "FULLY_CONNECTED", "TRANSPOSE", "RESHAPE", "SUM"};
  registry.Add(std::move(r));
}

}  // namespace tfconv
