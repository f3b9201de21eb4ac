#include "converter/passes/test_ops.h"

#include <atomic>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

std::atomic<int> random_evaluations{0};

const DataType* TypeAttr(const Node& n, const char* name) {
  const AttrValue* v = n.FindAttr(name);
  return v == nullptr ? nullptr : v->get_if<DataType>();
}

const PartialShape* ShapeAttr(const Node& n, const char* name) {
  const AttrValue* v = n.FindAttr(name);
  return v == nullptr ? nullptr : v->get_if<PartialShape>();
}

absl::Status InferPlaceholder(InferenceContext& c) {
  const DataType* t = TypeAttr(c.node(), "dtype");
  if (t == nullptr) return c.Error("missing attribute 'dtype'");
  const PartialShape* s = ShapeAttr(c.node(), "shape");
  c.set_output(0, *t, s != nullptr ? *s : PartialShape::UnknownRank());
  return absl::OkStatus();
}

absl::Status InferForward(InferenceContext& c) {
  if (c.num_inputs() < 1) return c.Error("needs one input");
  c.set_output(0, c.input_type(0), c.input_shape(0));
  return absl::OkStatus();
}

absl::Status InferConst(InferenceContext& c) {
  const AttrValue* v = c.node().FindAttr("value");
  const Tensor* t = v == nullptr ? nullptr : v->get_if<Tensor>();
  if (t == nullptr) return c.Error("missing tensor attribute 'value'");
  c.set_output(0, t->dtype(), PartialShape(t->shape()));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalConst(const EvalContext& c) {
  return std::vector<Tensor>{*c.node().FindAttr("value")->get_if<Tensor>()};
}

bool IsScalar(const PartialShape& s) { return s.known_rank() && s.rank() == 0; }

absl::Status InferAdd(InferenceContext& c) {
  if (c.num_inputs() != 2) return c.Error("needs two inputs");
  DataType a = c.input_type(0), b = c.input_type(1);
  if (a != DataType::kInvalid && b != DataType::kInvalid && a != b) {
    return c.Error(absl::StrCat("operand types differ: ", DataTypeName(a), " and ", DataTypeName(b)));
  }
  const PartialShape& x = c.input_shape(0);
  const PartialShape& y = c.input_shape(1);
  PartialShape out = PartialShape::UnknownRank();
  if (IsScalar(x)) {
    out = y;
  } else if (IsScalar(y)) {
    out = x;
  } else if (x.known_rank() && y.known_rank()) {
    if (x.rank() != y.rank()) return c.Error("operand ranks differ");
    out = x;
    for (int i = 0; i < x.rank(); ++i) {
      if (x.dim(i) >= 0 && y.dim(i) >= 0 && x.dim(i) != y.dim(i)) {
        return c.Error(absl::StrCat("incompatible shapes ", x.ToString(), " and ", y.ToString()));
      }
      if (out.dim(i) < 0) out.set_dim(i, y.dim(i));
    }
  }
  c.set_output(0, a != DataType::kInvalid ? a : b, out);
  return absl::OkStatus();
}

template <typename T>
Tensor AddValues(const Tensor& a, const Tensor& b, const std::vector<int64_t>& shape) {
  Tensor out = Tensor::Zeros(a.dtype(), shape);
  auto o = out.mutable_data<T>();
  auto x = a.data<T>();
  auto y = b.data<T>();
  for (size_t i = 0; i < o.size(); ++i) {
    o[i] = x[x.size() == 1 ? 0 : i] + y[y.size() == 1 ? 0 : i];
  }
  return out;
}

absl::StatusOr<std::vector<Tensor>> EvalAdd(const EvalContext& c) {
  const Tensor& a = c.input(0);
  const Tensor& b = c.input(1);
  if (a.dtype() != b.dtype()) return c.Error("operand types differ");
  std::vector<int64_t> shape;
  if (a.shape() == b.shape() || b.NumElements() == 1) {
    shape = a.shape();
  } else if (a.NumElements() == 1) {
    shape = b.shape();
  } else {
    return c.Error("operand shapes differ");
  }
  if (a.dtype() == DataType::kFloat) return std::vector<Tensor>{AddValues<float>(a, b, shape)};
  if (a.dtype() == DataType::kInt32) return std::vector<Tensor>{AddValues<int32_t>(a, b, shape)};
  return c.Error(absl::StrCat("no test kernel for ", DataTypeName(a.dtype())));
}

absl::Status InferRandom(InferenceContext& c) {
  c.set_output(0, DataType::kFloat, PartialShape::UnknownRank());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalRandom(const EvalContext&) {
  ++random_evaluations;
  return std::vector<Tensor>{Tensor::Scalar<float>(0.5f)};
}

}  // namespace

Node* AddPlaceholder(Graph& g, const std::string& name, DataType dtype, PartialShape shape) {
  Node* n = g.AddNode(name, "Placeholder");
  n->attrs["dtype"] = dtype;
  n->attrs["shape"] = std::move(shape);
  return n;
}

Node* AddConst(Graph& g, const std::string& name, Tensor value) {
  Node* n = g.AddNode(name, "Const");
  n->attrs["dtype"] = value.dtype();
  n->attrs["value"] = std::move(value);
  return n;
}

Node* AddOp(Graph& g, const std::string& name, const std::string& op, std::vector<Output> inputs) {
  Node* n = g.AddNode(name, op);
  n->inputs = std::move(inputs);
  return n;
}

int RandomUniformEvaluations() { return random_evaluations.load(); }

void RegisterTestOps(OpRegistry& registry) {
  registry.BeginPlugin("tfconv.test", /*may_override=*/false);
  auto add = [&](const char* op, uint32_t traits, InferFn infer, EvalFn eval = nullptr) {
    OpRegistration r;
    r.op = op;
    r.traits = traits;
    r.infer = std::move(infer);
    r.evaluate = std::move(eval);
    registry.Add(std::move(r));
  };
  add("Placeholder", kGraphInput, InferPlaceholder);
  add("PlaceholderWithDefault", kGraphInput | kForwardsInput, InferForward);
  add("Identity", kForwardsInput, InferForward);
  add("Const", kNoTraits, InferConst, EvalConst);
  add("Add", kNoTraits, InferAdd, EvalAdd);
  add("RandomUniform", kStateful, InferRandom, EvalRandom);
  add("NoOp", kNoTraits, [](InferenceContext&) { return absl::OkStatus(); });
  registry.EndPlugin().IgnoreError();
}

}  // namespace tfconv
