#include "converter/optimize/optimize_test_util.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "converter/optimize/graph_view.h"
#include "converter/tflite/model_check.h"
#include "gtest/gtest.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace optimize_test {

Builder::Builder() { model_.subgraphs.emplace_back().name = "main"; }

int Builder::Tensor(const std::string& name, std::vector<int32_t> shape, tflite::TensorType type) {
  TflTensor t;
  t.name = name;
  t.type = type;
  t.shape = std::move(shape);
  t.has_rank = true;
  return graph().AddTensor(std::move(t));
}

int Builder::Input(const std::string& name, std::vector<int32_t> shape) {
  const int t = Tensor(name, std::move(shape));
  graph().inputs.push_back(t);
  return t;
}

int Builder::Const(const std::string& name, std::vector<int32_t> shape, const std::vector<float>& values) {
  const int t = Tensor(name, std::move(shape));
  graph().tensors[t].buffer = kernel_test::BufferOf(model_, values);
  return t;
}

int Builder::ConstInt(const std::string& name, std::vector<int32_t> shape, const std::vector<int32_t>& values) {
  const int t = Tensor(name, std::move(shape), tflite::TensorType::INT32);
  graph().tensors[t].buffer = kernel_test::BufferOf(model_, values);
  return t;
}

int Builder::ConstSharing(const std::string& name, std::vector<int32_t> shape, int other_tensor) {
  const uint32_t buffer = graph().tensors[other_tensor].buffer;
  const int t = Tensor(name, std::move(shape));
  graph().tensors[t].buffer = buffer;
  return t;
}

Builder& Builder::Op(tflite::BuiltinOperator op, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                     tflite::BuiltinOptionsUnion options) {
  TflOperator& o = graph().operators.emplace_back();
  o.opcode_index = model_.OpcodeIndex(op);
  o.inputs = std::move(inputs);
  o.outputs = std::move(outputs);
  o.builtin_options = std::move(options);
  return *this;
}

Builder& Builder::Outputs(std::vector<int32_t> outputs) {
  graph().outputs = std::move(outputs);
  return *this;
}

std::vector<float> Builder::Random(size_t n) { return kernel_test::RandomFloats(rng_, n, -1.0f, 1.0f); }

namespace {

template <typename T>
tflite::BuiltinOptionsUnion Union(T options) {
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(options));
  return u;
}

}  // namespace

tflite::BuiltinOptionsUnion ConvOptions(tflite::ActivationFunctionType act) {
  tflite::Conv2DOptionsT o;
  o.padding = tflite::Padding::SAME;
  o.stride_w = o.stride_h = 1;
  o.fused_activation_function = act;
  return Union(o);
}

tflite::BuiltinOptionsUnion DepthwiseOptions(int multiplier, tflite::ActivationFunctionType act) {
  tflite::DepthwiseConv2DOptionsT o;
  o.padding = tflite::Padding::VALID;
  o.stride_w = o.stride_h = 1;
  o.depth_multiplier = multiplier;
  o.fused_activation_function = act;
  return Union(o);
}

tflite::BuiltinOptionsUnion FullyConnectedOptions(tflite::ActivationFunctionType act) {
  tflite::FullyConnectedOptionsT o;
  o.fused_activation_function = act;
  return Union(o);
}

tflite::BuiltinOptionsUnion AddOptions(tflite::ActivationFunctionType act) {
  tflite::AddOptionsT o;
  o.fused_activation_function = act;
  return Union(o);
}

tflite::BuiltinOptionsUnion SubOptions(tflite::ActivationFunctionType act) {
  tflite::SubOptionsT o;
  o.fused_activation_function = act;
  return Union(o);
}

tflite::BuiltinOptionsUnion MulOptions(tflite::ActivationFunctionType act) {
  tflite::MulOptionsT o;
  o.fused_activation_function = act;
  return Union(o);
}

tflite::BuiltinOptionsUnion DivOptions(tflite::ActivationFunctionType act) {
  tflite::DivOptionsT o;
  o.fused_activation_function = act;
  return Union(o);
}

tflite::BuiltinOptionsUnion PoolOptions(int size) {
  tflite::Pool2DOptionsT o;
  o.padding = tflite::Padding::VALID;
  o.stride_w = o.stride_h = 1;
  o.filter_width = o.filter_height = size;
  return Union(o);
}

Ops OpList(const TflModel& model) {
  Ops ops;
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflOperator& op : g.operators) {
      std::string s = OperatorCodeName(model.CodeOf(op));
      std::optional<tflite::ActivationFunctionType> act = FusedActivation(model, op);
      if (act.has_value() && *act != tflite::ActivationFunctionType::NONE) {
        s += std::string("+") + tflite::EnumNameActivationFunctionType(*act);
      }
      ops.push_back(s);
    }
  }
  return ops;
}

absl::StatusOr<std::vector<RtTensor>> Run(const TflModel& model, const std::vector<RtTensor>& inputs) {
  std::shared_ptr<const TflModel> file = kernel_test::RoundTrip(model);
  if (file == nullptr) return absl::InternalError("the model did not survive a flatbuffer round trip");
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(file, BuiltinKernels());
  if (!interp.ok()) return interp.status();
  return (*interp)->Invoke(0, inputs);
}

std::vector<RtTensor> RandomInputs(const TflModel& model, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<RtTensor> inputs;
  const TflSubgraph& g = model.subgraphs[0];
  for (int32_t t : g.inputs) {
    RtTensor x = RtTensor::Make(g.tensors[t].type, g.tensors[t].shape);
    const std::vector<float> v = kernel_test::RandomFloats(rng, static_cast<size_t>(x.num_elements()), -2.0f, 2.0f);
    std::copy(v.begin(), v.end(), x.mutable_data<float>());
    inputs.push_back(std::move(x));
  }
  return inputs;
}

double MaxRelativeDiff(const std::vector<RtTensor>& a, const std::vector<RtTensor>& b) {
  if (a.size() != b.size()) return std::numeric_limits<double>::infinity();
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].shape() != b[i].shape() || a[i].type() != b[i].type()) return std::numeric_limits<double>::infinity();
    if (a[i].type() != tflite::TensorType::FLOAT32) continue;
    const float* x = a[i].data<float>();
    const float* y = b[i].data<float>();
    double scale = 1;
    for (int64_t e = 0; e < a[i].num_elements(); ++e) scale = std::max(scale, std::fabs(static_cast<double>(x[e])));
    for (int64_t e = 0; e < a[i].num_elements(); ++e) {
      const double d = std::fabs(static_cast<double>(x[e]) - y[e]) / scale;
      if (std::isnan(d)) return std::numeric_limits<double>::infinity();
      worst = std::max(worst, d);
    }
  }
  return worst;
}

void ExpectSameOutputs(const TflModel& before, const TflModel& after, uint32_t seed) {
  ExpectSameOutputsOn(before, after, RandomInputs(before, seed));
}

RtTensor FloatTensor(const std::vector<int32_t>& shape, const std::vector<float>& values) {
  RtTensor t = RtTensor::Make(tflite::TensorType::FLOAT32, shape);
  EXPECT_EQ(t.num_elements(), static_cast<int64_t>(values.size()));
  std::copy_n(values.begin(), std::min<size_t>(values.size(), static_cast<size_t>(t.num_elements())),
              t.mutable_data<float>());
  return t;
}

std::vector<float> Linspace(float lo, float hi, size_t n) {
  std::vector<float> v(n, lo);
  for (size_t i = 0; n > 1 && i < n; ++i) v[i] = lo + (hi - lo) * static_cast<float>(i) / static_cast<float>(n - 1);
  return v;
}

void ExpectSameOutputsOn(const TflModel& before, const TflModel& after, const std::vector<RtTensor>& inputs) {
  absl::StatusOr<std::vector<RtTensor>> a = Run(before, inputs);
  absl::StatusOr<std::vector<RtTensor>> b = Run(after, inputs);
  ASSERT_TRUE(a.ok()) << "before: " << a.status();
  ASSERT_TRUE(b.ok()) << "after: " << b.status();
  EXPECT_LE(MaxRelativeDiff(*a, *b), 1e-5);
}

}  // namespace optimize_test
}  // namespace tfconv
