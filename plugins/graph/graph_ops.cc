#include "plugins/graph/graph_ops.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace {

// ---- shared pieces --------------------------------------------------------------------------------

absl::Status InferSameAsInputs(InferenceContext& c) {
  for (int i = 0; i < c.num_inputs(); ++i) c.set_output(i, c.input_type(i), c.input_shape(i));
  return absl::OkStatus();
}

absl::Status InferNothing(InferenceContext&) { return absl::OkStatus(); }

absl::StatusOr<std::vector<Tensor>> EvalForwardFirst(const EvalContext& c) {
  if (c.num_inputs() < 1) return c.Error("expects one input");
  return std::vector<Tensor>{c.input(0)};
}

absl::StatusOr<std::vector<Tensor>> EvalForwardAll(const EvalContext& c) {
  return std::vector<Tensor>(c.inputs().begin(), c.inputs().end());
}

absl::StatusOr<std::vector<Tensor>> EvalNothing(const EvalContext&) { return std::vector<Tensor>{}; }

// Identity-like ops emit no operator: the output is the input's TFLite tensor.
absl::Status LowerForwardAll(LoweringContext& c) {
  int n = std::min(c.num_inputs(), c.num_outputs());
  for (int i = 0; i < n; ++i) {
    TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(i));
    TFCONV_RETURN_IF_ERROR(c.ForwardOutput(i, in));
  }
  return absl::OkStatus();
}

absl::Status LowerNothing(LoweringContext&) { return absl::OkStatus(); }

// True when a concrete tensor shape fits a partial shape.
bool ShapeFits(const std::vector<int64_t>& dims, const PartialShape& expected) {
  if (!expected.known_rank()) return true;
  if (static_cast<int>(dims.size()) != expected.rank()) return false;
  for (int i = 0; i < expected.rank(); ++i) {
    if (expected.dim(i) >= 0 && expected.dim(i) != dims[i]) return false;
  }
  return true;
}

// ---- graph inputs and constants -------------------------------------------------------------------

absl::Status InferPlaceholder(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType dtype, GetAttr<DataType>(c.node(), "dtype"));
  TFCONV_ASSIGN_OR_RETURN(PartialShape shape,
                          GetAttrOr<PartialShape>(c.node(), "shape", PartialShape::UnknownRank()));
  c.set_output(0, dtype, std::move(shape));
  return absl::OkStatus();
}

// The shape is the attribute merged with the default's: what the output has when the node forwards
// its default. A converter that makes the node a model input uses the "shape" attribute itself.
absl::Status InferPlaceholderWithDefault(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType dtype, GetAttrOr<DataType>(c.node(), "dtype", c.input_type(0)));
  if (c.input_type(0) != DataType::kInvalid && c.input_type(0) != dtype) {
    return c.Error(absl::StrCat("the default input is ", DataTypeName(c.input_type(0)),
                                " but the dtype attribute says ", DataTypeName(dtype)));
  }
  TFCONV_ASSIGN_OR_RETURN(PartialShape declared,
                          GetAttrOr<PartialShape>(c.node(), "shape", PartialShape::UnknownRank()));
  TFCONV_ASSIGN_OR_RETURN(PartialShape merged, MergeShapes(c.node(), declared, c.input_shape(0)));
  c.set_output(0, dtype, std::move(merged));
  return absl::OkStatus();
}

absl::StatusOr<Tensor> ConstValue(const Node& node) {
  TFCONV_ASSIGN_OR_RETURN(Tensor value, GetAttr<Tensor>(node, "value"));
  TFCONV_ASSIGN_OR_RETURN(DataType dtype, GetAttrOr<DataType>(node, "dtype", value.dtype()));
  if (dtype != value.dtype()) {
    return NodeError(node, absl::StrCat("the value is ", DataTypeName(value.dtype()),
                                        " but the dtype attribute says ", DataTypeName(dtype)));
  }
  if (!value.IsValid()) {
    return NodeError(node, absl::StrCat("the value ", value.DebugString(),
                                        " holds a number of bytes that does not match its shape"));
  }
  return value;
}

absl::Status InferConst(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(Tensor value, ConstValue(c.node()));
  c.set_output(0, value.dtype(), PartialShape(value.shape()));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalConst(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(Tensor value, ConstValue(c.node()));
  return std::vector<Tensor>{std::move(value)};
}

// ---- forwarding ops with a check --------------------------------------------------------------------

absl::Status InferEnsureShape(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(PartialShape expected, GetAttr<PartialShape>(c.node(), "shape"));
  TFCONV_ASSIGN_OR_RETURN(PartialShape merged, MergeShapes(c.node(), c.input_shape(0), expected));
  c.set_output(0, c.input_type(0), std::move(merged));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalEnsureShape(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(PartialShape expected, GetAttr<PartialShape>(c.node(), "shape"));
  if (c.num_inputs() < 1) return c.Error("expects one input");
  if (!ShapeFits(c.input(0).shape(), expected)) {
    return c.Error(absl::StrCat("shape of the input [", absl::StrJoin(c.input(0).shape(), ","),
                                "] is not compatible with the expected shape ", expected.ToString()));
  }
  return std::vector<Tensor>{c.input(0)};
}

template <typename T>
absl::Status CheckFinite(const EvalContext& c, const Tensor& t, const std::string& message) {
  bool nan = false, inf = false;
  for (T v : t.data<T>()) {
    nan |= std::isnan(v);
    inf |= std::isinf(v);
  }
  if (!nan && !inf) return absl::OkStatus();
  const char* what = nan && inf ? "Inf and NaN" : (nan ? "NaN" : "Inf");
  return c.Error(absl::StrCat(message, " : Tensor had ", what, " values"));
}

// TF's CheckNumerics fails on NaN or Inf. The lowering drops the check (TFLite has no such op) and
// forwards the input; the evaluator keeps it so a validation run reports what TF would.
absl::StatusOr<std::vector<Tensor>> EvalCheckNumerics(const EvalContext& c) {
  if (c.num_inputs() < 1) return c.Error("expects one input");
  TFCONV_ASSIGN_OR_RETURN(std::string message, GetAttrOr<std::string>(c.node(), "message", ""));
  const Tensor& t = c.input(0);
  if (t.dtype() == DataType::kFloat) TFCONV_RETURN_IF_ERROR(CheckFinite<float>(c, t, message));
  if (t.dtype() == DataType::kDouble) TFCONV_RETURN_IF_ERROR(CheckFinite<double>(c, t, message));
  return std::vector<Tensor>{t};
}

// ---- ops without outputs ------------------------------------------------------------------------------

std::string SummarizeTensor(const Tensor& t, int64_t limit) {
  if (t.dtype() == DataType::kString) {
    std::vector<std::string> parts;
    for (int64_t i = 0; i < t.NumElements() && i < limit; ++i) parts.push_back(t.strings()[i]);
    return absl::StrCat("[", absl::StrJoin(parts, " "), t.NumElements() > limit ? "..." : "", "]");
  }
  std::vector<std::string> parts;
  for (int64_t i = 0; i < t.NumElements() && i < limit; ++i) {
    parts.push_back(absl::StrCat(IsFloatType(t.dtype()) ? t.ElementAsDouble(i) : t.ElementAsInt64(i)));
  }
  return absl::StrCat("[", absl::StrJoin(parts, " "), t.NumElements() > limit ? "..." : "", "]");
}

// TF's Assert: input 0 is a scalar bool condition, the rest are data printed when it fails.
absl::StatusOr<std::vector<Tensor>> EvalAssert(const EvalContext& c) {
  if (c.num_inputs() < 1) return c.Error("expects a condition input");
  const Tensor& cond = c.input(0);
  if (cond.dtype() != DataType::kBool || cond.NumElements() != 1) {
    return c.Error(absl::StrCat("the condition must be a scalar bool, got ", cond.DebugString()));
  }
  if (cond.data<uint8_t>()[0]) return std::vector<Tensor>{};
  TFCONV_ASSIGN_OR_RETURN(int64_t summarize, GetAttrOr<int64_t>(c.node(), "summarize", 3));
  std::vector<std::string> data;
  for (int i = 1; i < c.num_inputs(); ++i) data.push_back(SummarizeTensor(c.input(i), summarize));
  return c.Error(absl::StrCat("assertion failed: ", absl::StrJoin(data, " ")));
}

// ---- the table ----------------------------------------------------------------------------------------

struct GraphOpSpec {
  const char* op;
  uint32_t traits;
  InferFn infer;
  EvalFn evaluate;
  LowerFn lower;
};

std::vector<GraphOpSpec> GraphOpSpecs() {
  return {
      {"Placeholder", kGraphInput, InferPlaceholder, nullptr, nullptr},
      {"PlaceholderWithDefault", kGraphInput | kForwardsInput, InferPlaceholderWithDefault,
       EvalForwardFirst, LowerForwardAll},
      {"Const", kNoTraits, InferConst, EvalConst, nullptr},
      {"Identity", kForwardsInput, InferSameAsInputs, EvalForwardFirst, LowerForwardAll},
      {"Snapshot", kForwardsInput, InferSameAsInputs, EvalForwardFirst, LowerForwardAll},
      {"StopGradient", kForwardsInput, InferSameAsInputs, EvalForwardFirst, LowerForwardAll},
      {"PreventGradient", kForwardsInput, InferSameAsInputs, EvalForwardFirst, LowerForwardAll},
      {"EnsureShape", kForwardsInput, InferEnsureShape, EvalEnsureShape, LowerForwardAll},
      // Stateful: TF never constant-folds it, so a NaN in a constant does not stop a conversion.
      {"CheckNumerics", kForwardsInput | kStateful, InferSameAsInputs, EvalCheckNumerics,
       LowerForwardAll},
      // Forwards every input, not only input 0, so it does not carry kForwardsInput.
      {"IdentityN", kNoTraits, InferSameAsInputs, EvalForwardAll, LowerForwardAll},
      {"NoOp", kNoTraits, InferNothing, EvalNothing, LowerNothing},
      {"Assert", kStateful, InferNothing, EvalAssert, LowerNothing},
  };
}

}  // namespace

absl::StatusOr<PartialShape> MergeShapes(const Node& node, const PartialShape& a, const PartialShape& b) {
  if (!a.known_rank()) return b;
  if (!b.known_rank()) return a;
  if (a.rank() != b.rank()) {
    return NodeError(node, absl::StrCat("shapes ", a.ToString(), " and ", b.ToString(),
                                        " have different ranks"));
  }
  std::vector<int64_t> dims(a.rank());
  for (int i = 0; i < a.rank(); ++i) {
    int64_t x = a.dim(i), y = b.dim(i);
    if (x >= 0 && y >= 0 && x != y) {
      return NodeError(node, absl::StrCat("shapes ", a.ToString(), " and ", b.ToString(),
                                          " disagree in dimension ", i));
    }
    dims[i] = x >= 0 ? x : y;
  }
  return PartialShape(std::move(dims));
}

void RegisterGraphOps(OpRegistry& registry) {
  for (GraphOpSpec& spec : GraphOpSpecs()) {
    OpRegistration r;
    r.op = spec.op;
    r.traits = spec.traits;
    r.infer = std::move(spec.infer);
    r.evaluate = std::move(spec.evaluate);
    r.lower = std::move(spec.lower);
    registry.Add(std::move(r));
  }
}

}  // namespace tfconv
