#include "quantization/debug/float_fallback.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "converter/tflite/model_check.h"
#include "converter/tflite/op_version.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;
using tflite::TensorType;

bool IsConstant(const TflModel& model, const TflTensor& t) {
  return t.buffer != 0 && t.buffer < model.buffers.size() && !model.buffers[t.buffer].data.empty();
}

bool IsIntegerQuantized(const TflTensor& t) {
  return t.type != TensorType::FLOAT32 && t.type != TensorType::FLOAT16 && t.quantization &&
         !t.quantization->scale.empty();
}

// Reduced-precision storage a float fallback would undo: integer with a scale, or float16.
bool IsReduced(const TflTensor& t) { return IsIntegerQuantized(t) || t.type == TensorType::FLOAT16; }

bool IsStatefulOrControl(BuiltinOperator op) {
  switch (op) {
    case BuiltinOperator::WHILE:
    case BuiltinOperator::IF:
    case BuiltinOperator::CALL_ONCE:
    case BuiltinOperator::VAR_HANDLE:
    case BuiltinOperator::READ_VARIABLE:
    case BuiltinOperator::ASSIGN_VARIABLE:
    case BuiltinOperator::QUANTIZE:
    case BuiltinOperator::DEQUANTIZE:
      return true;
    default:
      return false;
  }
}

bool InRange(int index, size_t size) { return index >= 0 && index < static_cast<int>(size); }

}  // namespace

absl::StatusOr<int> FallbackOriginal(const TflModel& float_model, int float_subgraph, const TflModel& quant_model,
                                     int quant_subgraph, const TensorPairing& pairing, int quant_op) {
  const TflSubgraph& fg = float_model.subgraphs[float_subgraph];
  const TflSubgraph& qg = quant_model.subgraphs[quant_subgraph];
  if (!InRange(quant_op, qg.operators.size())) {
    return absl::InvalidArgumentError(absl::StrCat("no operator ", quant_op, " in the quantized model"));
  }
  const TflOperator& q = qg.operators[quant_op];
  const TflOperatorCode& qcode = quant_model.CodeOf(q);
  const std::string label = absl::StrCat("operator ", quant_op, " (", OperatorCodeName(qcode), ")");
  if (IsStatefulOrControl(qcode.builtin_code)) {
    return absl::FailedPreconditionError(absl::StrCat(label, ": conversions, control flow and state stay as they are"));
  }
  if (q.outputs.empty() || !InRange(q.outputs[0], qg.tensors.size())) {
    return absl::FailedPreconditionError(absl::StrCat(label, " has no output"));
  }
  const int f_out = pairing.float_of_quant[q.outputs[0]];
  const int f_op = f_out < 0 ? -1 : pairing.float_producer[f_out];
  if (f_op < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(label, ": its output '", qg.tensors[q.outputs[0]].name, "' has no float counterpart"));
  }
  const TflOperator& f = fg.operators[f_op];
  const TflOperatorCode& fcode = float_model.CodeOf(f);
  if (fcode.builtin_code != qcode.builtin_code || fcode.custom_code != qcode.custom_code) {
    return absl::FailedPreconditionError(absl::StrCat(label, ": the float model computes its output with ",
                                                      OperatorCodeName(fcode), " (operator ", f_op, ")"));
  }
  if (!q.intermediates.empty() || !f.intermediates.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(label, " has intermediate tensors (state of a recurrent op)"));
  }
  if (f.outputs.size() != q.outputs.size()) {
    return absl::FailedPreconditionError(absl::StrCat(label, ": ", q.outputs.size(), " outputs, the float operator ",
                                                      f.outputs.size()));
  }
  bool reduced = false;
  for (size_t k = 0; k < q.outputs.size(); ++k) {
    if (!InRange(q.outputs[k], qg.tensors.size()) || pairing.float_of_quant[q.outputs[k]] != f.outputs[k]) {
      return absl::FailedPreconditionError(absl::StrCat(label, ": output ", k, " does not correspond"));
    }
    reduced |= IsReduced(qg.tensors[q.outputs[k]]);
  }
  for (size_t j = 0; j < f.inputs.size(); ++j) {
    const int fi = f.inputs[j];
    const int qi = j < q.inputs.size() ? q.inputs[j] : -1;
    if (InRange(qi, qg.tensors.size())) reduced |= IsReduced(qg.tensors[qi]);
    if (fi < 0) continue;
    if (!InRange(fi, fg.tensors.size())) return absl::FailedPreconditionError(absl::StrCat(label, ": bad float input"));
    if (fg.tensors[fi].is_variable) {
      return absl::FailedPreconditionError(absl::StrCat(label, " updates a variable tensor"));
    }
    if (IsConstant(float_model, fg.tensors[fi])) continue;
    if (!InRange(qi, qg.tensors.size()) || pairing.float_of_quant[qi] != fi) {
      return absl::FailedPreconditionError(absl::StrCat(label, ": input ", j, " ('", fg.tensors[fi].name,
                                                        "') has no quantized counterpart at the same position"));
    }
  }
  if (!reduced) return absl::FailedPreconditionError(absl::StrCat(label, " is already float"));
  return f_op;
}

absl::StatusOr<TflModel> WithFloatFallback(const TflModel& float_model, int float_subgraph,
                                           const TflModel& quant_model, int quant_subgraph,
                                           const TensorPairing& pairing, const std::vector<int>& quant_ops) {
  std::map<int, int> original;  // quantized op -> float op
  for (int q : quant_ops) {
    absl::StatusOr<int> f = FallbackOriginal(float_model, float_subgraph, quant_model, quant_subgraph, pairing, q);
    if (!f.ok()) return f.status();
    original[q] = *f;
  }
  TflModel out = quant_model;
  const TflSubgraph& fg = float_model.subgraphs[float_subgraph];
  TflSubgraph& g = out.subgraphs[quant_subgraph];
  std::vector<TflOperator> ops;
  ops.reserve(g.operators.size() + 4 * original.size());
  std::map<int, int> dequantized;     // quantized tensor -> its DEQUANTIZE output
  std::map<int, int> float_constant;  // float model tensor -> copy in `out`
  // Quantized tensor -> a float tensor with its value before quantization: the float input of a
  // QUANTIZE, the float output of a fallback operator. A float operator reads it directly, as a
  // quantizer keeps the tensor between two float operators (or after a float input) float.
  std::map<int, int> float_value;
  std::set<int> dropped;  // DEQUANTIZE operators a fallback operator now replaces
  auto is_op = [&](const TflOperator& op, tflite::BuiltinOperator code) {
    return op.opcode_index < out.operator_codes.size() && out.operator_codes[op.opcode_index].builtin_code == code &&
           op.inputs.size() == 1 && op.outputs.size() == 1 && op.inputs[0] >= 0 && op.outputs[0] >= 0;
  };
  for (const TflOperator& op : g.operators) {
    if (is_op(op, tflite::BuiltinOperator::QUANTIZE) && g.tensors[op.inputs[0]].type == TensorType::FLOAT32) {
      float_value.emplace(op.outputs[0], op.inputs[0]);
    }
  }
  for (size_t i = 0; i < g.operators.size(); ++i) {
    if (dropped.count(static_cast<int>(i))) continue;
    auto it = original.find(static_cast<int>(i));
    if (it == original.end()) {
      ops.push_back(g.operators[i]);
      continue;
    }
    const TflOperator q = g.operators[i];
    const TflOperator& f = fg.operators[it->second];
    TflOperator copy;
    const TflOperatorCode& fcode = float_model.CodeOf(f);
    out.operator_codes.push_back(TflOperatorCode{fcode.builtin_code, fcode.custom_code, 1});
    copy.opcode_index = static_cast<uint32_t>(out.operator_codes.size() - 1);
    copy.builtin_options = f.builtin_options;
    copy.builtin_options_2 = f.builtin_options_2;
    copy.custom_options = f.custom_options;
    copy.mutating_variable_inputs = f.mutating_variable_inputs;
    for (size_t j = 0; j < f.inputs.size(); ++j) {
      const int fi = f.inputs[j];
      if (fi < 0) {
        copy.inputs.push_back(-1);
        continue;
      }
      const TflTensor& ft = fg.tensors[fi];
      if (IsConstant(float_model, ft)) {
        auto [c, inserted] = float_constant.emplace(fi, -1);
        if (inserted) {
          TflTensor t = ft;
          t.name = absl::StrCat(ft.name, "/float_fallback");
          t.buffer = out.AddBuffer(float_model.buffers[ft.buffer].data);
          c->second = g.AddTensor(std::move(t));
        }
        copy.inputs.push_back(c->second);
        continue;
      }
      const int qi = q.inputs[j];
      if (!IsReduced(g.tensors[qi])) {
        copy.inputs.push_back(qi);
        continue;
      }
      if (auto v = float_value.find(qi); v != float_value.end()) {
        copy.inputs.push_back(v->second);
        continue;
      }
      auto [d, inserted] = dequantized.emplace(qi, -1);
      if (inserted) {
        TflTensor t;
        t.name = absl::StrCat(g.tensors[qi].name, "/dequantized");
        t.type = TensorType::FLOAT32;
        t.shape = g.tensors[qi].shape;
        t.shape_signature = g.tensors[qi].shape_signature;
        t.has_rank = g.tensors[qi].has_rank;
        d->second = g.AddTensor(std::move(t));
        TflOperator deq;
        deq.opcode_index = out.OpcodeIndex(tflite::BuiltinOperator::DEQUANTIZE);
        deq.inputs = {qi};
        deq.outputs = {d->second};
        ops.push_back(std::move(deq));
      }
      copy.inputs.push_back(d->second);
    }
    std::vector<TflOperator> requantize;
    for (size_t k = 0; k < q.outputs.size(); ++k) {
      const int qo = q.outputs[k];
      if (!IsReduced(g.tensors[qo])) {
        copy.outputs.push_back(qo);
        continue;
      }
      // A DEQUANTIZE of this output (to a float model output) is what the float operator now writes.
      int fo = -1;
      for (size_t d = i + 1; d < g.operators.size() && fo < 0; ++d) {
        const TflOperator& op = g.operators[d];
        if (is_op(op, tflite::BuiltinOperator::DEQUANTIZE) && op.inputs[0] == qo && !dropped.count(d) &&
            g.tensors[op.outputs[0]].type == TensorType::FLOAT32) {
          fo = op.outputs[0];
          dropped.insert(static_cast<int>(d));
        }
      }
      if (fo < 0) {
        TflTensor t;
        t.name = absl::StrCat(g.tensors[qo].name, "/float");
        t.type = TensorType::FLOAT32;
        t.shape = g.tensors[qo].shape;
        t.shape_signature = g.tensors[qo].shape_signature;
        t.has_rank = g.tensors[qo].has_rank;
        fo = g.AddTensor(std::move(t));
      }
      float_value[qo] = fo;
      copy.outputs.push_back(fo);
      TflOperator quant;
      quant.opcode_index = out.OpcodeIndex(g.tensors[qo].type == TensorType::FLOAT16
                                               ? tflite::BuiltinOperator::CAST
                                               : tflite::BuiltinOperator::QUANTIZE);
      quant.inputs = {fo};
      quant.outputs = {qo};
      requantize.push_back(std::move(quant));
    }
    ops.push_back(std::move(copy));
    for (TflOperator& r : requantize) ops.push_back(std::move(r));
  }
  g.operators = std::move(ops);
  AssignOperatorVersions(out);
  return out;
}

}  // namespace tfconv
