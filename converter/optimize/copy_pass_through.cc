#include "converter/optimize/copy_pass_through.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"

namespace tfconv {

int CopyPassThroughOutputs(TflModel& model) {
  int copies = 0;
  for (size_t s = 0; s < model.subgraphs.size(); ++s) {
    TflSubgraph& g = model.subgraphs[s];
    std::set<int32_t> inputs(g.inputs.begin(), g.inputs.end());
    for (int32_t& out : g.outputs) {
      if (inputs.count(out) == 0) continue;
      const int32_t source = out;
      TflTensor copy = g.tensors[source];
      copy.buffer = 0;
      copy.is_variable = false;
      // The input keeps its name; the copy takes the output's signature key when it has one (one
      // tensor could not carry both names), else the input's name with "_copy".
      copy.name = absl::StrCat(copy.name, "_copy");
      for (const TflSignatureDef& sig : model.signature_defs) {
        if (sig.subgraph_index != s) continue;
        for (const auto& [key, tensor] : sig.outputs) {
          if (tensor == static_cast<uint32_t>(source)) copy.name = key;
        }
      }
      // The shape operand: the signature's -1 kept when there is exactly one, so batches still resize.
      const std::vector<int32_t>& dims = copy.shape_signature.empty() ? copy.shape : copy.shape_signature;
      std::vector<int32_t> new_shape = std::count(dims.begin(), dims.end(), -1) <= 1 ? dims : copy.shape;
      TflTensor shape_tensor;
      shape_tensor.name = absl::StrCat(copy.name, "/copy_shape");
      shape_tensor.type = tflite::TensorType::INT32;
      shape_tensor.shape = {static_cast<int32_t>(new_shape.size())};
      shape_tensor.has_rank = true;
      shape_tensor.buffer = model.AddBuffer(ByteBuffer::Copy(new_shape.data(), new_shape.size() * sizeof(int32_t)));
      const int32_t shape_index = g.AddTensor(std::move(shape_tensor));
      const int32_t copy_index = g.AddTensor(std::move(copy));
      TflOperator reshape;
      reshape.opcode_index = model.OpcodeIndex(tflite::BuiltinOperator::RESHAPE);
      reshape.inputs = {source, shape_index};
      reshape.outputs = {copy_index};
      g.operators.push_back(std::move(reshape));
      for (TflSignatureDef& sig : model.signature_defs) {
        if (sig.subgraph_index != s) continue;
        for (auto& [key, tensor] : sig.outputs) {
          if (tensor == static_cast<uint32_t>(source)) tensor = static_cast<uint32_t>(copy_index);
        }
      }
      out = copy_index;
      ++copies;
    }
  }
  return copies;
}

}  // namespace tfconv
