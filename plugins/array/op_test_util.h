// OpTester: unit-test support for op plugins. It builds small graphs by hand and runs a node's
// infer, evaluate and lower functions the way the converter does, recording what the lowering emits
// in a fake LoweringContext.
//
//   OpTester t(RegisterArrayOps);
//   Output x = t.Const("x", Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6}));
//   Output s = t.Const("s", Tensor::FromVector<int32_t>({1}, {6}));
//   Node* r = t.AddNode("r", "Reshape", {x, s});
//   absl::StatusOr<std::vector<Tensor>> out = t.Evaluate(r);   // infers first, checks agreement
//   Output y = t.Input("y", DataType::kFloat, PartialShape({-1, 3}));
//   absl::StatusOr<Lowered> low = t.Lower(t.AddNode("r2", "Reshape", {y, s}));
//   low->ops[0].op;                                            // tflite::BuiltinOperator::RESHAPE
#ifndef TFCONV_PLUGINS_ARRAY_OP_TEST_UTIL_H_
#define TFCONV_PLUGINS_ARRAY_OP_TEST_UTIL_H_

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ops/op_context.h"
#include "ops/op_registry.h"

namespace tfconv {

// One TFLite tensor the fake lowering context created.
struct LoweredTensor {
  std::string name;
  DataType dtype = DataType::kInvalid;
  PartialShape shape;
  std::optional<Tensor> value;  // set for constants
};

// One operator the lowering emitted.
struct LoweredOp {
  tflite::BuiltinOperator op = tflite::BuiltinOperator::ADD;
  std::string custom_code;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  tflite::BuiltinOptionsUnion options;
};

struct Lowered {
  std::vector<LoweredTensor> tensors;
  std::vector<LoweredOp> ops;
  std::map<int, int32_t> outputs;    // TF output index -> TFLite tensor
  std::map<int, int32_t> forwarded;  // outputs set by ForwardOutput
  // The constant value of tensor `index`, or nullptr.
  const Tensor* value(int32_t index) const {
    const auto& v = tensors.at(index).value;
    return v.has_value() ? &*v : nullptr;
  }
};

class OpTester {
 public:
  using RegisterFn = void (*)(OpRegistry&);
  explicit OpTester(RegisterFn register_ops);

  // OK when the plugin registered without errors.
  const absl::Status& registration_status() const { return registration_status_; }
  OpRegistry& registry() { return registry_; }
  Graph& graph() { return graph_; }

  // A constant producer (value known to inference, folded into lowering as a buffer).
  Output Const(const std::string& name, Tensor value);
  // A non-constant producer with a known type and (partial) shape.
  Output Input(const std::string& name, DataType type, PartialShape shape);
  Node* AddNode(const std::string& name, const std::string& op, std::vector<Output> inputs,
                AttrMap attrs = {});

  // Runs the op's shape function on `node`.
  absl::Status Infer(Node* node);
  // Infers, then evaluates with the constant values of the inputs (every input must be a Const).
  // An Internal error when the evaluated outputs disagree with the inferred dtype or shape.
  absl::StatusOr<std::vector<Tensor>> Evaluate(Node* node);
  // Infers, then lowers into a fake context.
  absl::StatusOr<Lowered> Lower(Node* node, LoweringOptions options = {});

  // Shorthand: constants named in0, in1... feeding one node of `op`, evaluated.
  absl::StatusOr<std::vector<Tensor>> Run(const std::string& op, std::vector<Tensor> inputs,
                                          AttrMap attrs = {});

 private:
  const OpRegistration* Find(const Node& node, absl::Status* error) const;

  OpRegistry registry_;
  absl::Status registration_status_;
  Graph graph_;
  int run_count_ = 0;
};

// The data of a tensor as a vector (for EXPECT_EQ against hand-computed values).
template <typename T>
std::vector<T> Values(const Tensor& t) {
  if constexpr (std::is_same_v<T, bool>) {
    std::vector<bool> out;
    for (uint8_t b : t.data<uint8_t>()) out.push_back(b != 0);
    return out;
  } else {
    absl::Span<const T> d = t.data<T>();
    return std::vector<T>(d.begin(), d.end());
  }
}

// 0, 1, 2, ... n-1 (plus `start`) as T.
template <typename T>
std::vector<T> Iota(int64_t n, T start = T(0)) {
  std::vector<T> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[i] = static_cast<T>(start + static_cast<T>(i));
  return v;
}

// True when the status message contains `text`.
inline bool HasMessage(const absl::Status& status, absl::string_view text) {
  return status.message().find(text) != absl::string_view::npos;
}

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_ARRAY_OP_TEST_UTIL_H_
