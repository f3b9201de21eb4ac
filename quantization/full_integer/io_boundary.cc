// The model's input and output types (inference_input_type / inference_output_type), as the
// official quantizer sets them: a FLOAT32 boundary gets a QUANTIZE at each input and a DEQUANTIZE at
// each output (the integer tensor is renamed "<name>_int8", the new float one keeps the name); UINT8
// gets a QUANTIZE that shifts the zero point by 128; INT8 (INT16 in 16x8) leaves the integer tensors
// as the model's inputs and outputs.
#include "absl/strings/str_cat.h"
#include "quantization/full_integer/subgraph_pass.h"

namespace tfconv {
namespace full_integer {
namespace {

using Op = tflite::BuiltinOperator;
using TT = tflite::TensorType;

TflOperator MakeOp(TflModel& model, Op code, int input, int output) {
  TflOperator o;
  o.opcode_index = model.OpcodeIndex(code);
  o.inputs = {input};
  o.outputs = {output};
  return o;
}

void Retarget(std::vector<std::pair<std::string, uint32_t>>& entries, int from, int to) {
  for (auto& [name, index] : entries) {
    if (static_cast<int>(index) == from) index = to;
  }
}

}  // namespace

int SubgraphPass::FloatInputTensor(int t) {
  auto it = float_input_of_.find(t);
  if (it != float_input_of_.end()) return it->second;
  const int f = AddTensor(W(t), Orig(t).name, TT::FLOAT32);
  float_input_of_[t] = f;
  return f;
}

absl::Status SubgraphPass::SetBoundaryTypes() {
  const TT in_type = options_.inference_input_type;
  const TT out_type = options_.inference_output_type;
  auto check = [&](TT type, const char* what) -> absl::Status {
    const bool ok = type == TT::FLOAT32 || type == act_ || (!int16_ && type == TT::UINT8);
    if (ok) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(
        what, " ", tflite::EnumNameTensorType(type), " does not fit ",
        int16_ ? "16x8 quantization: use FLOAT32 or INT16"
               : "int8 quantization: use FLOAT32, INT8 or UINT8"));
  };
  absl::Status s = check(in_type, "inference_input_type");
  if (s.ok()) s = check(out_type, "inference_output_type");
  if (!s.ok()) return s;

  std::vector<TflSignatureDef*> signatures;
  for (TflSignatureDef& sig : model_.signature_defs) {
    if (static_cast<int>(sig.subgraph_index) == sub_) signatures.push_back(&sig);
  }
  const std::vector<int32_t> inputs = g().inputs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int t = inputs[i];
    if (t < 0 || t >= static_cast<int>(num_orig_) || !IsFloatActivation(t) || !home_int_[t]) continue;
    if (!quantized_[t]) {  // read only by float operators, but the boundary is integer
      s = QuantizeInPlace(t, "model input");
      if (!s.ok()) return s;
    }
    if (in_type == act_) continue;
    const std::string name = Orig(t).name;
    int outer = -1;
    if (in_type == TT::FLOAT32) {
      outer = FloatInputTensor(t);
    } else {  // UINT8: same scale, zero point + 128
      outer = AddTensor(W(t), name, TT::UINT8);
      AffineParams p = ParamsOf(t);
      p.zero_point += 128;
      SetParams(outer, TT::UINT8, p);
    }
    W(t).name = absl::StrCat(name, "_", act_suffix_);
    head_ops_.push_back(MakeOp(model_, Op::QUANTIZE, outer, t));
    g().inputs[i] = outer;
    for (TflSignatureDef* sig : signatures) Retarget(sig->inputs, t, outer);
  }

  const std::vector<int32_t> outputs = g().outputs;
  std::map<int, int> replaced;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const int t = outputs[i];
    if (t < 0 || t >= static_cast<int>(num_orig_) || !IsFloat(t) || IsConst(t)) continue;
    if (auto it = replaced.find(t); it != replaced.end()) {
      g().outputs[i] = it->second;
      continue;
    }
    const std::string name = Orig(t).name;
    int outer = -1;
    if (home_int_[t]) {
      if (out_type == act_) continue;
      if (out_type == TT::FLOAT32) {
        outer = AddTensor(W(t), name, TT::FLOAT32);
        tail_ops_.push_back(MakeOp(model_, Op::DEQUANTIZE, t, outer));
      } else {
        outer = AddTensor(W(t), name, TT::UINT8);
        AffineParams p = ParamsOf(t);
        p.zero_point += 128;
        SetParams(outer, TT::UINT8, p);
        tail_ops_.push_back(MakeOp(model_, Op::QUANTIZE, t, outer));
      }
      W(t).name = absl::StrCat(name, "_", act_suffix_);
    } else {
      if (out_type == TT::FLOAT32) continue;
      // A float operator computes this output but the boundary is integer: quantize it here.
      absl::StatusOr<std::pair<float, float>> range = RangeOf(t, "model output");
      if (!range.ok()) return range.status();
      AffineParams p = ActivationParams(range->first, range->second);
      if (out_type == TT::UINT8) p.zero_point += 128;
      outer = AddTensor(W(t), name, out_type);
      SetParams(outer, out_type, p);
      tail_ops_.push_back(MakeOp(model_, Op::QUANTIZE, t, outer));
      W(t).name = absl::StrCat(name, "_float");
    }
    replaced[t] = outer;
    g().outputs[i] = outer;
    for (TflSignatureDef* sig : signatures) Retarget(sig->outputs, t, outer);
  }
  return absl::OkStatus();
}

}  // namespace full_integer
}  // namespace tfconv
