#include "plugins/nn/testing/run_lowered.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {

absl::StatusOr<std::vector<float>> RunLowered(FakeLoweringContext& c,
                                              const std::vector<std::pair<int32_t, Tensor>>& inputs,
                                              int32_t output) {
  TflSubgraph& g = c.subgraph();
  g.inputs.clear();
  std::vector<RtTensor> feeds;
  for (const auto& [tensor, value] : inputs) {
    if (tensor < 0 || value.dtype() != DataType::kFloat) {
      return absl::InvalidArgumentError("RunLowered: inputs must be created float32 tensors");
    }
    g.inputs.push_back(tensor);
    std::vector<int32_t> shape(value.shape().begin(), value.shape().end());
    RtTensor t = RtTensor::Make(tflite::TensorType::FLOAT32, shape);
    auto v = value.data<float>();
    std::copy(v.begin(), v.end(), t.mutable_data<float>());
    feeds.push_back(std::move(t));
  }
  if (output < 0) return absl::InvalidArgumentError("RunLowered: no output tensor");
  g.outputs = {output};
  absl::StatusOr<std::unique_ptr<Interpreter>> interp =
      Interpreter::Create(std::make_shared<TflModel>(c.model()), BuiltinKernels());
  if (!interp.ok()) return interp.status();
  absl::StatusOr<std::vector<RtTensor>> out = (*interp)->Invoke(0, feeds);
  if (!out.ok()) return out.status();
  const RtTensor& y = (*out)[0];
  return std::vector<float>(y.data<float>(), y.data<float>() + y.num_elements());
}

}  // namespace tfconv
