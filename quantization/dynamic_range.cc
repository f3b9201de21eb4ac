#include "quantization/dynamic_range.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/tflite/op_version.h"
#include "quantization/quant_utils.h"
#include "quantization/weight_rewrite.h"

namespace tfconv {
namespace {

using Op = tflite::BuiltinOperator;
using TT = tflite::TensorType;

// How an operator reads its quantized weight.
enum class Kernel {
  kHybrid,      // float activations with int8 weights (LiteRT has the kernel)
  kWeightOnly,  // a DEQUANTIZE feeds the float kernel
  kGatherInt8,  // the int8 rows are gathered, a DEQUANTIZE follows the gather
};

// What to do when only some weights of a multi-weight hybrid operator can be quantized.
enum class Partial {
  kWeightOnly,  // the quantizable ones go behind DEQUANTIZE (the older official rule)
  kSkip,        // the operator stays float (the official rule for UNIDIRECTIONAL_SEQUENCE_LSTM)
};

struct Rule {
  Op op;
  std::vector<int> weights;  // operator inputs that hold weights
  int channel_dim;           // per-channel dimension, -1 for per tensor
  Kernel kernel;
  Partial partial;
};

// The official dynamic-range table (the ops with DynamicRangeQuantizedOpInterface in LiteRT's
// tfl_ops.td, their quantizable operands and whether a hybrid kernel exists). RNN and
// BIDIRECTIONAL_SEQUENCE_RNN come from the older tools/optimize list.
const std::vector<Rule>& Rules() {
  static const auto* rules = new std::vector<Rule>{
      {Op::CONV_2D, {1}, 0, Kernel::kHybrid, Partial::kWeightOnly},
      {Op::DEPTHWISE_CONV_2D, {1}, 3, Kernel::kHybrid, Partial::kWeightOnly},
      {Op::FULLY_CONNECTED, {1}, -1, Kernel::kHybrid, Partial::kWeightOnly},
      {Op::BATCH_MATMUL, {1}, -1, Kernel::kHybrid, Partial::kWeightOnly},
      {Op::EMBEDDING_LOOKUP, {1}, -1, Kernel::kHybrid, Partial::kWeightOnly},
      {Op::TRANSPOSE_CONV, {1}, 0, Kernel::kWeightOnly, Partial::kWeightOnly},
      {Op::GATHER, {0}, -1, Kernel::kGatherInt8, Partial::kWeightOnly},
      {Op::SVDF, {1, 2}, -1, Kernel::kHybrid, Partial::kWeightOnly},
      {Op::RNN, {1, 2}, -1, Kernel::kHybrid, Partial::kWeightOnly},
      {Op::UNIDIRECTIONAL_SEQUENCE_RNN, {1, 2}, -1, Kernel::kHybrid, Partial::kWeightOnly},
      {Op::BIDIRECTIONAL_SEQUENCE_RNN, {1, 2, 5, 6, 10, 11}, -1, Kernel::kHybrid, Partial::kWeightOnly},
      {Op::LSTM, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16}, -1, Kernel::kHybrid, Partial::kWeightOnly},
      {Op::UNIDIRECTIONAL_SEQUENCE_LSTM,
       {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16},
       -1,
       Kernel::kHybrid,
       Partial::kSkip},
      {Op::BIDIRECTIONAL_SEQUENCE_LSTM,
       {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 33, 40, 41, 42, 43, 44, 45,
        46, 47},
       -1,
       Kernel::kHybrid,
       Partial::kWeightOnly},
  };
  return *rules;
}

const Rule* FindRule(Op op) {
  for (const Rule& r : Rules()) {
    if (r.op == op) return &r;
  }
  return nullptr;
}

// The operator's options of type T, created with schema defaults when absent.
template <typename T>
T* MutableOptions(TflOperator& op) {
  constexpr auto kType = tflite::BuiltinOptionsUnionTraits<T>::enum_value;
  if (op.builtin_options.type == kType && op.builtin_options.value != nullptr) {
    return static_cast<T*>(op.builtin_options.value);
  }
  if (op.builtin_options.type != tflite::BuiltinOptions::NONE && op.builtin_options.type != kType) return nullptr;
  op.builtin_options.Set(T());
  return static_cast<T*>(op.builtin_options.value);
}

// Hybrid kernels quantize the float input on the fly; the official quantizer asks for asymmetric
// input quantization wherever the options have the field (CONV_2D, DEPTHWISE_CONV_2D and
// EMBEDDING_LOOKUP have none).
void SetAsymmetricInputs(Op code, TflOperator& op) {
  auto set = [](auto* o) {
    if (o != nullptr) o->asymmetric_quantize_inputs = true;
  };
  switch (code) {
    case Op::FULLY_CONNECTED: set(MutableOptions<tflite::FullyConnectedOptionsT>(op)); break;
    case Op::BATCH_MATMUL: set(MutableOptions<tflite::BatchMatMulOptionsT>(op)); break;
    case Op::SVDF: set(MutableOptions<tflite::SVDFOptionsT>(op)); break;
    case Op::RNN: set(MutableOptions<tflite::RNNOptionsT>(op)); break;
    case Op::UNIDIRECTIONAL_SEQUENCE_RNN: set(MutableOptions<tflite::SequenceRNNOptionsT>(op)); break;
    case Op::BIDIRECTIONAL_SEQUENCE_RNN: set(MutableOptions<tflite::BidirectionalSequenceRNNOptionsT>(op)); break;
    case Op::LSTM: set(MutableOptions<tflite::LSTMOptionsT>(op)); break;
    case Op::UNIDIRECTIONAL_SEQUENCE_LSTM: set(MutableOptions<tflite::UnidirectionalSequenceLSTMOptionsT>(op)); break;
    case Op::BIDIRECTIONAL_SEQUENCE_LSTM: set(MutableOptions<tflite::BidirectionalSequenceLSTMOptionsT>(op)); break;
    default: break;
  }
}

bool IsFloat(const TflSubgraph& g, const std::vector<int32_t>& list, size_t i) {
  return i < list.size() && list[i] >= 0 && static_cast<size_t>(list[i]) < g.tensors.size() &&
         g.tensors[list[i]].type == TT::FLOAT32;
}

struct WeightUse {
  int op = 0;
  int input = 0;
  int axis = -1;
  Kernel kernel = Kernel::kHybrid;
};

class DynamicRangePass {
 public:
  DynamicRangePass(TflModel& model, const QuantizeOptions& options, const Denylist& deny)
      : model_(model), options_(options), deny_(deny), buffer_uses_(BufferUseCounts(model)) {}

  QuantizeReport Run() {
    for (TflSubgraph& g : model_.subgraphs) RunSubgraph(g);
    return std::move(report_);
  }

 private:
  // Empty when the weight can be quantized, else why not.
  std::string WhyFloat(const TflSubgraph& g, int t) {
    const TflTensor& w = g.tensors[t];
    const std::string name = absl::StrCat("weight '", w.name, "'");
    if (w.is_variable) return name + " is a variable";
    if (w.sparsity.has_value()) return name + " is sparse";
    std::optional<std::vector<float>> values = WeightFloatValues(model_, w);
    if (!values.has_value()) return name + " is not a constant";
    const int64_t n = static_cast<int64_t>(values->size());
    if (n < options_.weights_min_num_elements) {
      return absl::StrCat(name, " has ", n, " elements, fewer than ", options_.weights_min_num_elements);
    }
    if (deny_.MatchesTensor(w)) return name + " matches the denylist";
    for (float v : *values) {
      if (!std::isfinite(v)) return name + " holds non-finite values";
    }
    return "";
  }

  void PlanOperator(TflSubgraph& g, int o, std::vector<WeightUse>& uses) {
    TflOperator& op = g.operators[o];
    if (op.opcode_index >= model_.operator_codes.size()) return;
    const Op code = model_.operator_codes[op.opcode_index].builtin_code;
    const Rule* rule = FindRule(code);
    if (rule == nullptr) return;
    std::vector<int> present;
    for (int idx : rule->weights) {
      // A zero-element tensor stands for an omitted optional input (as LSTM peepholes often do).
      if (IsFloat(g, op.inputs, idx) && ElementCount(g.tensors[op.inputs[idx]]) != 0) present.push_back(idx);
    }
    if (present.empty()) return;
    const std::string label = OperatorLabel(model_, g, op);
    if (deny_.MatchesOperator(g, op)) {
      report_.float_operators.push_back(label + " (matches the denylist)");
      return;
    }
    Kernel kernel = rule->kernel;
    if (kernel == Kernel::kHybrid) {
      // A hybrid kernel takes float activations; an already integer operator is left alone.
      if (!IsFloat(g, op.inputs, 0) || !IsFloat(g, op.outputs, 0)) return;
      if (code == Op::LSTM) {
        const auto* o_lstm = op.builtin_options.AsLSTMOptions();
        if (o_lstm != nullptr && o_lstm->kernel_type != tflite::LSTMKernelType::FULL) kernel = Kernel::kWeightOnly;
      }
      // LiteRT's hybrid depthwise kernel needs per-channel scales.
      if (code == Op::DEPTHWISE_CONV_2D && options_.disable_per_channel) kernel = Kernel::kWeightOnly;
    }
    std::vector<int> quantizable;
    std::string first_reason;
    for (int idx : present) {
      std::string why = WhyFloat(g, op.inputs[idx]);
      if (why.empty()) {
        quantizable.push_back(idx);
      } else if (first_reason.empty()) {
        first_reason = why;
      }
    }
    if (quantizable.empty()) {
      report_.float_operators.push_back(absl::StrCat(label, " (", first_reason, ")"));
      return;
    }
    if (kernel == Kernel::kHybrid && quantizable.size() < present.size()) {
      if (rule->partial == Partial::kSkip) {
        report_.float_operators.push_back(
            absl::StrCat(label, " (its hybrid kernel needs every weight quantized: ", first_reason, ")"));
        return;
      }
      kernel = Kernel::kWeightOnly;
      report_.warnings.push_back(absl::StrCat(label, ": ", first_reason,
                                              ", so its other weights are dequantized for the float kernel"));
    }
    for (int idx : quantizable) {
      const TflTensor& w = g.tensors[op.inputs[idx]];
      int axis = options_.disable_per_channel ? -1 : rule->channel_dim;
      if (axis >= static_cast<int>(w.shape.size())) axis = -1;
      uses.push_back({o, idx, axis, kernel});
    }
    if (kernel == Kernel::kHybrid) {
      SetAsymmetricInputs(code, op);
      ++report_.quantized_operators;
    } else if (kernel == Kernel::kGatherInt8) {
      ++report_.quantized_operators;
    } else {
      report_.float_operators.push_back(label + " (no hybrid kernel: int8 weights behind DEQUANTIZE)");
    }
  }

  void RunSubgraph(TflSubgraph& g) {
    std::vector<WeightUse> uses;
    for (size_t o = 0; o < g.operators.size(); ++o) PlanOperator(g, static_cast<int>(o), uses);
    if (uses.empty()) return;

    // Per weight, in order of first use.
    std::vector<int> order;
    std::map<int, std::vector<WeightUse>> by_tensor;
    for (const WeightUse& u : uses) {
      const int t = g.operators[u.op].inputs[u.input];
      if (by_tensor.find(t) == by_tensor.end()) order.push_back(t);
      by_tensor[t].push_back(u);
    }
    const std::vector<std::vector<TensorUse>> readers = ReadersOf(g);
    OperatorInserter inserter;
    for (int t : order) QuantizeWeight(g, t, by_tensor[t], readers[t], inserter);
    inserter.Apply(g);
  }

  void QuantizeWeight(TflSubgraph& g, int t, const std::vector<WeightUse>& uses,
                      const std::vector<TensorUse>& readers, OperatorInserter& inserter) {
    const bool float_readers_remain = readers.size() > uses.size() || IsGraphInputOrOutput(g, t);
    std::vector<int> axes;  // distinct scale layouts, in order of first use
    for (const WeightUse& u : uses) {
      if (std::find(axes.begin(), axes.end(), u.axis) == axes.end()) axes.push_back(u.axis);
    }
    const std::vector<float> values = *WeightFloatValues(model_, g.tensors[t]);
    const std::vector<int32_t> shape = g.tensors[t].shape;
    for (size_t k = 0; k < axes.size(); ++k) {
      const int axis = axes[k];
      absl::StatusOr<QuantizedWeights> q = QuantizeSymmetric(values, shape, axis);
      if (!q.ok()) {
        report_.warnings.push_back(absl::StrCat("weight '", g.tensors[t].name, "' stays float: ", q.status().message()));
        continue;
      }
      int target = t;
      if (k > 0 || float_readers_remain) {
        TflTensor copy;
        copy.name = g.tensors[t].name + (axis < 0 ? "_int8" : absl::StrCat("_int8_axis", axis));
        copy.shape = shape;
        copy.shape_signature = g.tensors[t].shape_signature;
        copy.has_rank = g.tensors[t].has_rank;
        target = g.AddTensor(std::move(copy));
      }
      TflTensor& w = g.tensors[target];
      w.type = TT::INT8;
      TflQuantization qp;
      qp.scale = q->scales;
      qp.zero_point.assign(q->scales.size(), 0);
      qp.quantized_dimension = axis < 0 ? 0 : axis;
      w.quantization = std::move(qp);
      SetTensorData(model_, buffer_uses_, w, ByteBuffer::Copy(q->values.data(), q->values.size()));

      int dequantized = -1;
      for (const WeightUse& u : uses) {
        if (u.axis != axis) continue;
        if (u.kernel == Kernel::kWeightOnly) {
          if (dequantized < 0) dequantized = AddDequantize(model_, g, target, u.op, inserter);
          g.operators[u.op].inputs[u.input] = dequantized;
        } else {
          g.operators[u.op].inputs[u.input] = target;
          if (u.kernel == Kernel::kGatherInt8) GatherInt8(g, u.op, target, inserter);
        }
      }
    }
  }

  // GATHER now reads int8: its output becomes a new int8 tensor with the weight's scale, and a
  // DEQUANTIZE after it writes the original float output (which keeps its index and name).
  void GatherInt8(TflSubgraph& g, int o, int weight, OperatorInserter& inserter) {
    if (g.operators[o].outputs.empty()) return;
    const int out = g.operators[o].outputs[0];
    TflTensor q;
    q.name = g.tensors[out].name + "_int8";
    q.type = TT::INT8;
    q.shape = g.tensors[out].shape;
    q.shape_signature = g.tensors[out].shape_signature;
    q.has_rank = g.tensors[out].has_rank;
    q.quantization = g.tensors[weight].quantization;
    const int qi = g.AddTensor(std::move(q));
    g.operators[o].outputs[0] = qi;
    TflOperator dq;
    dq.opcode_index = model_.OpcodeIndex(Op::DEQUANTIZE);
    dq.inputs = {qi};
    dq.outputs = {out};
    inserter.InsertBefore(o + 1, std::move(dq));
  }

  TflModel& model_;
  const QuantizeOptions& options_;
  const Denylist& deny_;
  std::vector<int> buffer_uses_;
  QuantizeReport report_;
};

}  // namespace

absl::StatusOr<QuantizeReport> QuantizeDynamicRange(TflModel& model, const QuantizeOptions& options) {
  absl::StatusOr<Denylist> deny = Denylist::Create(options.denylist_regex);
  if (!deny.ok()) return deny.status();
  // Nothing below fails, so the model is only changed on success.
  QuantizeReport report = DynamicRangePass(model, options, *deny).Run();
  AssignOperatorVersions(model);
  return report;
}

}  // namespace tfconv
