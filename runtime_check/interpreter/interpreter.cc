#include "runtime_check/interpreter/interpreter.h"

#include <cstring>
#include <new>
#include <utility>

#include "absl/strings/str_cat.h"
#include "converter/tflite/model_check.h"

namespace tfconv {
namespace {

std::string SubgraphLabel(const TflModel& model, int subgraph) {
  const std::string& name = model.subgraphs[subgraph].name;
  return name.empty() ? absl::StrCat("subgraph ", subgraph) : absl::StrCat("subgraph ", subgraph, " ('", name, "')");
}

}  // namespace

absl::StatusOr<std::unique_ptr<Interpreter>> Interpreter::Create(std::shared_ptr<const TflModel> model,
                                                                 const KernelRegistry& kernels) {
  if (model == nullptr) return absl::InvalidArgumentError("no model");
  if (absl::Status s = CheckModelStructure(*model); !s.ok()) return s;
  if (model->subgraphs.empty()) return absl::InvalidArgumentError("the model has no subgraphs");
  std::vector<std::vector<KernelFn>> fns(model->subgraphs.size());
  for (size_t s = 0; s < model->subgraphs.size(); ++s) {
    const TflSubgraph& g = model->subgraphs[s];
    // Kernels read constants by their shape: a buffer shorter than that would be read past its end.
    for (const TflTensor& t : g.tensors) {
      const size_t have = model->buffers[t.buffer].data.size();
      const int size = TfliteTypeSize(t.type);
      bool negative = false;
      for (int32_t d : t.shape) negative |= d < 0;
      if (have == 0 || size == 0) continue;
      const size_t need = static_cast<size_t>(NumElementsOf(t.shape)) * size;
      if (negative || have < need) {
        return absl::InvalidArgumentError(absl::StrCat(
            SubgraphLabel(*model, s), ", tensor '", t.name, "': constant ", TfliteTypeName(t.type), " ",
            ShapeString(t.shape), " needs ", need, " bytes but its buffer ", t.buffer, " holds ", have,
            "; the model file is inconsistent"));
      }
    }
    for (size_t i = 0; i < g.operators.size(); ++i) {
      const TflOperatorCode& code = model->operator_codes[g.operators[i].opcode_index];
      KernelFn fn = kernels.Find(code);
      if (fn == nullptr) {
        return absl::UnimplementedError(absl::StrCat(
            SubgraphLabel(*model, s), ", operator ", i, ": the reference interpreter has no kernel for ",
            OperatorCodeName(code), " v", code.version,
            code.builtin_code == tflite::BuiltinOperator::CUSTOM
                ? "; a plugin can register one for this custom op"
                : "; see runtime_check/README.md for the ops it covers"));
      }
      for (int32_t out : g.operators[i].outputs) {
        for (int32_t in : g.operators[i].inputs) {
          if (in == out) {
            return absl::InvalidArgumentError(absl::StrCat(
                SubgraphLabel(*model, s), ", operator ", i, " (", OperatorCodeName(code), "): tensor ", out, " ('",
                g.tensors[out].name, "') is both an input and an output; the model file is inconsistent"));
          }
        }
      }
      fns[s].push_back(fn);
    }
  }
  std::unique_ptr<Interpreter> interp(new Interpreter(std::move(model), std::move(fns)));
  try {
    for (size_t s = 0; s < interp->state_.size(); ++s) interp->InitTensors(s);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("the model's tensors do not fit in memory (declared shapes too large?)");
  }
  return interp;
}

Interpreter::Interpreter(std::shared_ptr<const TflModel> model, std::vector<std::vector<KernelFn>> kernels)
    : model_(std::move(model)), kernels_(std::move(kernels)) {
  state_.resize(model_->subgraphs.size());
  depth_.assign(model_->subgraphs.size(), 0);
}

void Interpreter::InitTensors(int subgraph) {
  const TflSubgraph& g = model_->subgraphs[subgraph];
  std::vector<RtTensor>& state = state_[subgraph];
  state.clear();
  state.reserve(g.tensors.size());
  for (const TflTensor& t : g.tensors) {
    const ByteBuffer& data = model_->buffers[t.buffer].data;
    RtTensor rt;
    if (!data.empty()) {
      rt = RtTensor::Constant(t.type, t.shape, data);
      if (t.is_variable) rt.mutable_raw();  // variables start from their buffer and are then written
    } else {
      rt = RtTensor::Make(t.type, t.shape);
      // Variable state with no initial value starts at zero (the zero point for quantized state).
      if (t.is_variable) {
        if (rt.byte_size() > 0) std::memset(rt.mutable_raw(), 0, rt.byte_size());
        if (t.quantization && !t.quantization->zero_point.empty() && t.quantization->zero_point[0] != 0) {
          const int64_t zp = t.quantization->zero_point[0];
          for (int64_t i = 0; i < rt.num_elements(); ++i) {
            if (t.type == tflite::TensorType::INT8) rt.mutable_data<int8_t>()[i] = static_cast<int8_t>(zp);
            if (t.type == tflite::TensorType::UINT8) rt.mutable_data<uint8_t>()[i] = static_cast<uint8_t>(zp);
            if (t.type == tflite::TensorType::INT16) rt.mutable_data<int16_t>()[i] = static_cast<int16_t>(zp);
          }
        }
      }
    }
    rt.set_name(t.name);
    if (t.quantization && !t.quantization->scale.empty()) rt.set_quantization(&*t.quantization);
    state.push_back(std::move(rt));
  }
}

void Interpreter::ResetVariables() {
  for (size_t s = 0; s < state_.size(); ++s) InitTensors(s);
  resource_variables_.clear();
  call_once_done_.clear();
}

int32_t Interpreter::ResourceId(const std::string& container, const std::string& shared_name) {
  auto [it, inserted] = resource_ids_.emplace(std::make_pair(container, shared_name),
                                              static_cast<int32_t>(resource_ids_.size()));
  return it->second;
}

absl::StatusOr<int> Interpreter::SubgraphOfSignature(const std::string& key) const {
  const auto& sigs = model_->signature_defs;
  if (key.empty()) return sigs.size() == 1 ? static_cast<int>(sigs[0].subgraph_index) : 0;
  std::string known;
  for (const TflSignatureDef& sig : sigs) {
    if (sig.signature_key == key) return static_cast<int>(sig.subgraph_index);
    absl::StrAppend(&known, known.empty() ? "" : ", ", "'", sig.signature_key, "'");
  }
  return absl::NotFoundError(absl::StrCat("the model has no signature '", key, "'; its signatures: ",
                                          known.empty() ? "none" : known));
}

absl::StatusOr<std::vector<RtTensor>> Interpreter::Invoke(int subgraph, absl::Span<const RtTensor> inputs) {
  if (subgraph < 0 || subgraph >= static_cast<int>(state_.size())) {
    return absl::InvalidArgumentError(absl::StrCat("no subgraph ", subgraph, "; the model has ", state_.size()));
  }
  const TflSubgraph& g = model_->subgraphs[subgraph];
  if (inputs.size() != g.inputs.size()) {
    return absl::InvalidArgumentError(absl::StrCat(SubgraphLabel(*model_, subgraph), " takes ", g.inputs.size(),
                                                   " inputs, got ", inputs.size()));
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TflTensor& t = g.tensors[g.inputs[i]];
    const std::vector<int32_t>& expected = t.shape_signature.empty() ? t.shape : t.shape_signature;
    const std::vector<int32_t>& got = inputs[i].shape();
    bool match = expected.size() == got.size();
    for (size_t d = 0; match && d < got.size(); ++d) match = expected[d] < 0 || expected[d] == got[d];
    if (!match || inputs[i].type() != t.type) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input ", i, " ('", t.name, "') of ", SubgraphLabel(*model_, subgraph), " must be ",
          TfliteTypeName(t.type), " ", ShapeString(expected), ", got ", TfliteTypeName(inputs[i].type()), " ",
          ShapeString(got)));
    }
    if (TfliteTypeSize(t.type) != 0 &&
        inputs[i].byte_size() != static_cast<size_t>(inputs[i].num_elements()) * TfliteTypeSize(t.type)) {
      return absl::InvalidArgumentError(absl::StrCat("input ", i, " ('", t.name, "') holds ",
                                                     inputs[i].byte_size(), " bytes, its shape needs ",
                                                     inputs[i].num_elements() * TfliteTypeSize(t.type)));
    }
  }
  return InvokeSubgraph(subgraph, inputs);
}

absl::StatusOr<std::vector<RtTensor>> Interpreter::InvokeSubgraph(int subgraph, absl::Span<const RtTensor> inputs) {
  if (subgraph < 0 || subgraph >= static_cast<int>(state_.size())) {
    return absl::InvalidArgumentError(absl::StrCat("no subgraph ", subgraph, "; the model has ", state_.size()));
  }
  const TflSubgraph& g = model_->subgraphs[subgraph];
  if (inputs.size() != g.inputs.size()) {
    return absl::InvalidArgumentError(absl::StrCat(SubgraphLabel(*model_, subgraph), " takes ", g.inputs.size(),
                                                   " inputs, got ", inputs.size()));
  }
  if (depth_[subgraph] > 0) {
    return absl::UnimplementedError(absl::StrCat(SubgraphLabel(*model_, subgraph),
                                                 " calls itself; recursive subgraphs are not supported"));
  }
  std::vector<RtTensor>& state = state_[subgraph];
  for (size_t i = 0; i < inputs.size(); ++i) {
    RtTensor& slot = state[g.inputs[i]];
    if (inputs[i].type() != slot.type()) {
      return absl::InvalidArgumentError(absl::StrCat("input ", i, " of ", SubgraphLabel(*model_, subgraph),
                                                     " must be ", TfliteTypeName(slot.type()), ", got ",
                                                     TfliteTypeName(inputs[i].type())));
    }
    slot.SetBytes(inputs[i].shape(), inputs[i].raw(), inputs[i].byte_size());
  }
  ++depth_[subgraph];
  absl::Status status = Run(subgraph);
  --depth_[subgraph];
  if (!status.ok()) return status;
  std::vector<RtTensor> outputs;
  outputs.reserve(g.outputs.size());
  for (int32_t index : g.outputs) {
    const RtTensor& t = state[index];
    RtTensor copy = RtTensor::Make(t.type(), {});
    copy.SetBytes(t.shape(), t.raw(), t.byte_size());
    copy.set_name(t.name());
    copy.set_quantization(t.quantization());
    outputs.push_back(std::move(copy));
  }
  return outputs;
}

absl::Status Interpreter::Run(int subgraph) {
  const TflSubgraph& g = model_->subgraphs[subgraph];
  std::vector<RtTensor>& state = state_[subgraph];
  for (size_t i = 0; i < g.operators.size(); ++i) {
    const TflOperator& op = g.operators[i];
    KernelContext ctx(*this, subgraph, static_cast<int>(i), op, model_->operator_codes[op.opcode_index], state);
    absl::Status status;
    // Sizes computed from model data can exceed memory: a clean error, not an abort.
    try {
      status = kernels_[subgraph][i](ctx);
    } catch (const std::bad_alloc&) {
      status = ctx.Error("the output does not fit in memory (sizes computed from the model are too large)");
    }
    if (!status.ok()) return status;
    if (observer_) observer_(subgraph, static_cast<int>(i), op, ctx);
  }
  return absl::OkStatus();
}

}  // namespace tfconv
