#include "runtime_check/validate/fp16_emulation.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace tfconv {

void RoundTensorToHalf(RtTensor& tensor) {
  if (tensor.type() != tflite::TensorType::FLOAT32) return;
  const int64_t n = tensor.num_elements();
  if (n == 0) return;
  float* values = tensor.mutable_data<float>();
  for (int64_t i = 0; i < n; ++i) values[i] = RoundToHalf(values[i]);
}

std::shared_ptr<const TflModel> WithConstantsRoundedToHalf(const TflModel& model) {
  // Which buffers FLOAT32 tensors read, and which ones anything else reads.
  std::map<uint32_t, bool> float_only;
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflTensor& t : g.tensors) {
      if (t.buffer == 0 || t.buffer >= model.buffers.size()) continue;
      const bool is_float = t.type == tflite::TensorType::FLOAT32 && !t.sparsity.has_value();
      auto [it, inserted] = float_only.emplace(t.buffer, is_float);
      if (!inserted) it->second = it->second && is_float;
    }
  }
  auto copy = std::make_shared<TflModel>(model);
  for (const auto& [index, only_float] : float_only) {
    const ByteBuffer& data = model.buffers[index].data;
    if (!only_float || data.empty() || data.size() % sizeof(float) != 0) continue;
    std::vector<float> values(data.size() / sizeof(float));
    std::memcpy(values.data(), data.data(), data.size());
    for (float& v : values) v = RoundToHalf(v);
    copy->buffers[index].data = ByteBuffer::Copy(values.data(), data.size());
  }
  return copy;
}

void EmulateHalfOutputs(Interpreter& interpreter) {
  interpreter.set_observer([](int, int, const TflOperator&, KernelContext& ctx) {
    for (int i = 0; i < ctx.num_outputs(); ++i) {
      if (ctx.op().outputs[i] >= 0) RoundTensorToHalf(ctx.output(i));
    }
  });
}

}  // namespace tfconv
