#include "plugins/examples/custom_op/softclip.h"

#include <cmath>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "flatbuffers/flexbuffers.h"

namespace example {
namespace {

using tfconv::DataType;
using tfconv::Node;
using tfconv::NodeError;

// The attribute `c`: absent means the op's default 1.0 (TensorFlow writes defaults into GraphDefs,
// but hand-written or stripped graphs may leave them out). Written locally on purpose: an
// out-of-tree plugin sees only the public plugin headers.
absl::StatusOr<float> ReadC(const Node& node) {
  const tfconv::AttrValue* attr = node.FindAttr("c");
  if (attr == nullptr) return 1.0f;
  const float* c = attr->get_if<float>();
  if (c == nullptr) {
    return NodeError(node, absl::StrCat("attribute 'c' must be a float, got ", attr->DebugString()));
  }
  if (!std::isfinite(*c) || *c <= 0.0f) {
    return NodeError(node, absl::StrCat("attribute 'c' must be a finite number > 0, got ", *c));
  }
  return *c;
}

// The checks every stage shares: one float32 input and a valid `c`.
absl::StatusOr<float> CheckNode(const Node& node, int num_inputs, DataType input_type) {
  if (num_inputs != 1) {
    return NodeError(node, absl::StrCat("SoftClip takes 1 input, got ", num_inputs));
  }
  if (input_type != DataType::kFloat) {
    return NodeError(node, absl::StrCat("SoftClip takes a float32 input, got ",
                                        tfconv::DataTypeName(input_type)));
  }
  return ReadC(node);
}

// Shape rule: elementwise, so the output has the input's type and (possibly partial) shape.
absl::Status InferSoftClip(tfconv::InferenceContext& c) {
  absl::StatusOr<float> clip = CheckNode(c.node(), c.num_inputs(), c.input_type(0));
  if (!clip.ok()) return clip.status();
  c.set_output(0, c.input_type(0), c.input_shape(0));
  return absl::OkStatus();
}

// Reference semantics on host tensors: used to fold constants and to evaluate the source graph.
absl::StatusOr<std::vector<tfconv::Tensor>> EvaluateSoftClip(const tfconv::EvalContext& c) {
  const DataType type = c.num_inputs() > 0 ? c.input(0).dtype() : DataType::kInvalid;
  absl::StatusOr<float> clip = CheckNode(c.node(), c.num_inputs(), type);
  if (!clip.ok()) return clip.status();
  const tfconv::Tensor& x = c.input(0);
  tfconv::Tensor y = tfconv::Tensor::Zeros(DataType::kFloat, x.shape());
  absl::Span<const float> in = x.data<float>();
  absl::Span<float> out = y.mutable_data<float>();
  for (size_t i = 0; i < in.size(); ++i) out[i] = SoftClip(in[i], *clip);
  return std::vector<tfconv::Tensor>{std::move(y)};
}

// Lowering: one TFLite custom op reading the node's input and writing its output.
absl::Status LowerSoftClip(tfconv::LoweringContext& c) {
  absl::StatusOr<float> clip = CheckNode(c.node(), c.num_inputs(), c.input_type(0));
  if (!clip.ok()) return clip.status();
  absl::StatusOr<int32_t> x = c.InputTensor(0);
  if (!x.ok()) return x.status();
  absl::StatusOr<int32_t> y = c.OutputTensor(0);
  if (!y.ok()) return y.status();
  c.AddCustomOp(kSoftClipCustomCode, {*x}, {*y}, SoftClipCustomOptions(*clip));
  return absl::OkStatus();
}

}  // namespace

float SoftClip(float x, float c) { return c * std::tanh(x / c); }

std::vector<uint8_t> SoftClipCustomOptions(float c) {
  flexbuffers::Builder fbb;
  fbb.Map([&]() { fbb.Float("c", c); });
  fbb.Finish();
  return fbb.GetBuffer();
}

absl::Status RunSoftClip(tfconv::KernelContext& c) {
  if (absl::Status s = c.CheckArity(1, 1); !s.ok()) return s;
  const tfconv::RtTensor& x = c.input(0);
  if (x.type() != tflite::TensorType::FLOAT32) return c.UnsupportedType(x);
  float clip = 1.0f;
  const std::vector<uint8_t>& options = c.op().custom_options;
  if (!options.empty()) {
    // Untrusted bytes from a model file: verify before reading.
    if (!flexbuffers::VerifyBuffer(options.data(), options.size())) return c.Error("custom options are not a valid FlexBuffer");
    flexbuffers::Reference root = flexbuffers::GetRoot(options);
    if (!root.IsMap()) return c.Error("custom options must be a FlexBuffer map {\"c\": float}");
    flexbuffers::Reference value = root.AsMap()["c"];
    if (!value.IsNull()) clip = value.AsFloat();
  }
  if (!std::isfinite(clip) || clip <= 0.0f) return c.Error(absl::StrCat("option c must be a finite number > 0, got ", clip));
  tfconv::RtTensor& y = c.output(0);
  y.Reset(tflite::TensorType::FLOAT32, x.shape());
  const float* in = x.data<float>();
  float* out = y.mutable_data<float>();
  for (int64_t i = 0; i < x.num_elements(); ++i) out[i] = SoftClip(in[i], clip);
  return absl::OkStatus();
}

void RegisterSoftClipOp(tfconv::OpRegistry& registry) {
  tfconv::OpRegistration r;
  r.op = kSoftClipOp;
  r.infer = InferSoftClip;
  r.evaluate = EvaluateSoftClip;
  r.lower = LowerSoftClip;
  r.tflite_ops = {absl::StrCat("CUSTOM:", kSoftClipCustomCode)};
  registry.Add(std::move(r));
  registry.AddTfliteKernel(kSoftClipCustomCode, RunSoftClip);
}

}  // namespace example
