// An override plugin: replaces the built-in lowering of TF "Square" (TFLite SQUARE) with
// MUL(x, x), e.g. for a runtime or delegate that lacks SQUARE. Loaded with
//
//   tflite_convert ... --override_plugin=libsquare_as_mul.so
//
// An override takes over the whole registration of the op, so it brings the shape rule and the
// reference semantics too, not only the lowering. Loaded as an ordinary plugin (--plugin) it is
// refused, because the built-in math plugin already owns "Square".
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ops/op_registry.h"
#include "ops/plugin_api.h"

namespace {

using tfconv::DataType;

bool IsSupportedType(DataType type) {
  return type == DataType::kFloat || type == DataType::kInt32 || type == DataType::kInt64;
}

absl::Status CheckNode(const tfconv::Node& node, int num_inputs, DataType type) {
  if (num_inputs != 1) {
    return tfconv::NodeError(node, absl::StrCat("Square takes 1 input, got ", num_inputs));
  }
  if (!IsSupportedType(type)) {
    return tfconv::NodeError(node, absl::StrCat("this Square override handles float32, int32 and "
                                                "int64, got ", tfconv::DataTypeName(type)));
  }
  return absl::OkStatus();
}

absl::Status InferSquare(tfconv::InferenceContext& c) {
  absl::Status s = CheckNode(c.node(), c.num_inputs(), c.input_type(0));
  if (!s.ok()) return s;
  c.set_output(0, c.input_type(0), c.input_shape(0));
  return absl::OkStatus();
}

// Integer squares wrap around on overflow as TensorFlow's kernels do; unsigned math keeps that
// defined in C++.
template <typename T, typename U>
tfconv::Tensor SquareOf(const tfconv::Tensor& x) {
  tfconv::Tensor y = tfconv::Tensor::Zeros(x.dtype(), x.shape());
  absl::Span<const T> in = x.data<T>();
  absl::Span<T> out = y.mutable_data<T>();
  for (size_t i = 0; i < in.size(); ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      out[i] = in[i] * in[i];
    } else {
      out[i] = static_cast<T>(static_cast<U>(in[i]) * static_cast<U>(in[i]));
    }
  }
  return y;
}

absl::StatusOr<std::vector<tfconv::Tensor>> EvaluateSquare(const tfconv::EvalContext& c) {
  const DataType type = c.num_inputs() > 0 ? c.input(0).dtype() : DataType::kInvalid;
  absl::Status s = CheckNode(c.node(), c.num_inputs(), type);
  if (!s.ok()) return s;
  const tfconv::Tensor& x = c.input(0);
  switch (type) {
    case DataType::kFloat:
      return std::vector<tfconv::Tensor>{SquareOf<float, float>(x)};
    case DataType::kInt32:
      return std::vector<tfconv::Tensor>{SquareOf<int32_t, uint32_t>(x)};
    default:
      return std::vector<tfconv::Tensor>{SquareOf<int64_t, uint64_t>(x)};
  }
}

absl::Status LowerSquareAsMul(tfconv::LoweringContext& c) {
  absl::Status s = CheckNode(c.node(), c.num_inputs(), c.input_type(0));
  if (!s.ok()) return s;
  absl::StatusOr<int32_t> x = c.InputTensor(0);
  if (!x.ok()) return x.status();
  absl::StatusOr<int32_t> y = c.OutputTensor(0);
  if (!y.ok()) return y.status();
  tflite::BuiltinOptionsUnion options;
  options.Set(tflite::MulOptionsT{});  // fused_activation_function NONE
  c.AddBuiltinOp(tflite::BuiltinOperator::MUL, {*x, *x}, {*y}, std::move(options));
  return absl::OkStatus();
}

void RegisterSquareAsMul(TfconvRegistryHandle* handle) {
  tfconv::OpRegistration r;
  r.op = "Square";
  r.infer = InferSquare;
  r.evaluate = EvaluateSquare;
  r.lower = LowerSquareAsMul;
  r.tflite_ops = {"MUL"};
  tfconv::OpRegistry::FromHandle(handle).Add(std::move(r));
}

}  // namespace

TFCONV_DEFINE_PLUGIN("example.square_as_mul", "1.0.0", RegisterSquareAsMul)
