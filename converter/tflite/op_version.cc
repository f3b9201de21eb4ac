#include "converter/tflite/op_version.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace tfconv {
namespace {

using Op = tflite::BuiltinOperator;
using TT = tflite::TensorType;

// One operand as the rules see it; an omitted (-1) or dangling index is "no tensor".
class Operand {
 public:
  explicit Operand(const TflTensor* t) : t_(t) {}
  bool present() const { return t_ != nullptr; }
  bool is(TT type) const { return t_ != nullptr && t_->type == type; }
  size_t rank() const { return t_ == nullptr ? 0 : t_->shape.size(); }
  const std::vector<int32_t>& dims() const {
    static const std::vector<int32_t> kNone;
    return t_ == nullptr ? kNone : t_->shape;
  }
  // Dimension i, or -1 when the tensor or the dimension is missing.
  int64_t dim(int64_t i) const {
    if (t_ == nullptr || i < 0 || i >= static_cast<int64_t>(t_->shape.size())) return -1;
    return t_->shape[i];
  }
  bool quantized() const {
    return t_ != nullptr && t_->quantization.has_value() && !t_->quantization->empty();
  }
  size_t num_scales() const { return quantized() ? t_->quantization->scale.size() : 0; }
  float first_scale() const { return num_scales() > 0 ? t_->quantization->scale[0] : 0.0f; }
  int32_t quantized_dimension() const {
    return quantized() ? t_->quantization->quantized_dimension : 0;
  }
  bool sparse() const { return t_ != nullptr && t_->sparsity.has_value(); }

 private:
  const TflTensor* t_;
};

// Per-axis quantization along `dim`: more than one scale, one per element of that dimension.
bool PerAxis(const Operand& t, int64_t dim) {
  return t.num_scales() > 1 && static_cast<int64_t>(t.num_scales()) == t.dim(dim);
}
// One scale per element of `dim` (also when that dimension has size 1).
bool ScalePerElementOf(const Operand& t, int64_t dim) {
  return t.num_scales() > 0 && static_cast<int64_t>(t.num_scales()) == t.dim(dim);
}

class Signature {
 public:
  Signature(const TflSubgraph& g, const TflOperator& op) : g_(g), op_(op) {}

  Operand in(size_t i) const { return Lookup(op_.inputs, i); }
  Operand out(size_t i) const { return Lookup(op_.outputs, i); }
  size_t num_inputs() const { return op_.inputs.size(); }

  // The operator's options of type T, or T's schema defaults when absent or of another type.
  template <typename T>
  const T& options() const {
    static const T kDefaults;
    if (op_.builtin_options.type == tflite::BuiltinOptionsUnionTraits<T>::enum_value &&
        op_.builtin_options.value != nullptr) {
      return *static_cast<const T*>(op_.builtin_options.value);
    }
    return kDefaults;
  }

  // The first two inputs have different shapes (the kernel broadcasts).
  bool broadcasts() const { return num_inputs() >= 2 && in(0).dims() != in(1).dims(); }
  size_t max_input_rank() const {
    size_t r = 0;
    for (size_t i = 0; i < num_inputs(); ++i) r = std::max(r, in(i).rank());
    return r;
  }

 private:
  Operand Lookup(const std::vector<int32_t>& list, size_t i) const {
    if (i >= list.size() || list[i] < 0 || static_cast<size_t>(list[i]) >= g_.tensors.size()) {
      return Operand(nullptr);
    }
    return Operand(&g_.tensors[list[i]]);
  }

  const TflSubgraph& g_;
  const TflOperator& op_;
};

bool Hybrid(const Signature& s, size_t weight_input) {  // float activations, int8 weights
  return s.in(0).is(TT::FLOAT32) && s.in(weight_input).is(TT::INT8) && s.out(0).is(TT::FLOAT32);
}

int Conv2DVersion(const Signature& s) {
  const Operand input = s.in(0), filter = s.in(1), output = s.out(0);
  if (input.is(TT::INT16) && filter.is(TT::INT8) && output.is(TT::INT16) &&
      s.options<tflite::Conv2DOptionsT>().quantized_bias_type != TT::FLOAT32) {
    return 8;
  }
  if (input.rank() >= 4 && filter.rank() >= 4 && input.dim(3) != filter.dim(3))
    return 6;  // grouped
  if (input.is(TT::INT16) && filter.is(TT::INT16) && s.out(1).is(TT::INT16)) return 4;
  if (input.is(TT::INT8) && filter.is(TT::INT8) && output.is(TT::INT8)) return 3;
  if (input.is(TT::INT8) && filter.is(TT::INT4) && output.is(TT::INT8)) return 7;
  if (Hybrid(s, 1)) return ScalePerElementOf(filter, 0) ? 5 : 2;
  return 1;
}

int DepthwiseConv2DVersion(const Signature& s) {
  const Operand input = s.in(0), filter = s.in(1), output = s.out(0);
  if (input.is(TT::INT16) && filter.is(TT::INT16) && s.out(1).is(TT::INT16)) return 5;
  if (Hybrid(s, 1)) return ScalePerElementOf(filter, 3) ? 6 : 4;
  if (input.is(TT::INT8) && filter.is(TT::INT8) && output.is(TT::INT8)) return 3;
  if (input.is(TT::INT8) && filter.is(TT::INT4) && output.is(TT::INT8)) return 7;
  const auto& o = s.options<tflite::DepthwiseConv2DOptionsT>();
  if (o.dilation_w_factor != 1 || o.dilation_h_factor != 1) return 2;
  return 1;
}

int FullyConnectedVersion(const Signature& s) {
  const Operand input = s.in(0), weights = s.in(1), output = s.out(0);
  const auto& o = s.options<tflite::FullyConnectedOptionsT>();
  if (weights.is(TT::INT2)) return 14;
  if (input.is(TT::INT16) && weights.is(TT::INT4) && output.is(TT::INT16)) return 13;
  if (Hybrid(s, 1) && ScalePerElementOf(weights, 0)) return 12;
  if (input.is(TT::INT16) && weights.is(TT::INT8) && output.is(TT::INT16) &&
      o.quantized_bias_type != TT::FLOAT32) {
    return 11;
  }
  if (weights.sparse()) return 8;
  if (input.is(TT::INT16) && weights.is(TT::INT16) && output.is(TT::INT16)) return 7;
  if (s.num_inputs() == 2) return 6;  // no bias operand at all
  if (o.keep_num_dims) return 5;
  if (input.is(TT::INT8) && weights.is(TT::INT8) && output.is(TT::INT8)) return 4;
  if (input.is(TT::INT8) && weights.is(TT::INT4) && output.is(TT::INT8)) return 10;
  if (Hybrid(s, 1)) return o.asymmetric_quantize_inputs ? 9 : 3;
  if (o.weights_format == tflite::FullyConnectedOptionsWeightsFormat::SHUFFLED4x16INT8) return 2;
  return 1;
}

int MulVersion(const Signature& s) {
  const Operand a = s.in(0), b = s.in(1), out = s.out(0);
  const bool inputs_quantized = a.quantized() || b.quantized();
  if ((a.is(TT::INT16) && !inputs_quantized) || a.is(TT::UINT32)) return 7;
  if (a.is(TT::COMPLEX64)) return 6;
  if (a.is(TT::INT64)) return 5;
  if (a.is(TT::INT16)) return 4;
  const float sa = a.first_scale(), sb = b.first_scale(), so = out.first_scale();
  if (sa != 0 && sb != 0 && so != 0 && sa * sb / so >= 1.0f) return 3;  // rescale >= 1
  if (a.is(TT::INT8)) return 2;
  return 1;
}

int AddVersion(const Signature& s) {
  const Operand a = s.in(0);
  if (a.is(TT::INT16) && !a.quantized()) return 5;
  if (a.is(TT::INT64)) return 4;
  if (a.is(TT::INT16) && s.out(0).is(TT::INT16) &&
      !s.options<tflite::AddOptionsT>().pot_scale_int16) {
    return 3;
  }
  if (a.is(TT::INT8)) return 2;
  return 1;
}

int SubVersion(const Signature& s) {
  const Operand a = s.in(0);
  if (a.is(TT::INT16) && s.out(0).is(TT::INT16) &&
      !s.options<tflite::SubOptionsT>().pot_scale_int16) {
    return 5;
  }
  if (a.is(TT::INT64)) return 4;
  if (s.broadcasts() && s.max_input_rank() > 4) return 3;
  if (a.is(TT::INT8)) return 2;
  return 1;
}

int StridedSliceVersion(const Signature& s) {
  const Operand a = s.in(0);
  const auto& o = s.options<tflite::StridedSliceOptionsT>();
  if (o.offset) return 8;
  if (a.is(TT::UINT32)) return 7;
  if (o.ellipsis_mask != 0 || o.new_axis_mask != 0) return 6;
  if (a.is(TT::STRING)) return 5;
  if (a.rank() > 4) return 4;
  if (a.is(TT::BOOL)) return 3;
  if (a.is(TT::INT8)) return 2;
  return 1;
}

int CastVersion(const Signature& s) {
  const Operand a = s.in(0), b = s.out(0);
  auto either = [&](TT t) { return a.is(t) || b.is(t); };
  if (either(TT::INT2)) return 8;
  if (either(TT::BFLOAT16)) return 7;
  if (a.is(TT::INT4) && b.is(TT::FLOAT32)) return 6;
  if (either(TT::FLOAT64) || either(TT::FLOAT16)) return 5;
  if (either(TT::UINT16)) return 4;
  if (either(TT::INT8)) return 3;
  if (either(TT::UINT32)) return 2;
  return 1;
}

int LstmVersion(const Signature& s) {
  const auto& o = s.options<tflite::LSTMOptionsT>();
  const bool full = o.kernel_type == tflite::LSTMKernelType::FULL;
  if (full && s.in(0).is(TT::INT16) && s.in(2).is(TT::INT8) && s.out(0).is(TT::INT16)) return 5;
  if (full && Hybrid(s, 2)) return o.asymmetric_quantize_inputs ? 4 : 3;
  if (o.kernel_type == tflite::LSTMKernelType::BASIC) return 2;
  return 1;
}

// Recurrent ops whose hybrid form (int8 weights at input 1, float output) is version 2, or 3 with
// asymmetric input quantization.
template <typename Options>
int HybridRecurrentVersion(const Signature& s) {
  if (s.in(1).is(TT::INT8) && s.out(0).is(TT::FLOAT32)) {
    return s.options<Options>().asymmetric_quantize_inputs ? 3 : 2;
  }
  return 1;
}

int UnidirectionalLstmVersion(const Signature& s) {
  const auto& o = s.options<tflite::UnidirectionalSequenceLSTMOptionsT>();
  if (s.in(0).is(TT::INT16) && s.in(2).is(TT::INT8) && s.out(0).is(TT::INT16)) return 5;
  if (o.diagonal_recurrent_tensors) return 4;
  if (Hybrid(s, 2)) return o.asymmetric_quantize_inputs ? 3 : 2;
  return 1;
}

int Version(const Signature& s, Op op) {
  const Operand a = s.in(0), out = s.out(0);
  switch (op) {
    case Op::CONV_2D:
      return Conv2DVersion(s);
    case Op::DEPTHWISE_CONV_2D:
      return DepthwiseConv2DVersion(s);
    case Op::FULLY_CONNECTED:
      return FullyConnectedVersion(s);
    case Op::MUL:
      return MulVersion(s);
    case Op::ADD:
      return AddVersion(s);
    case Op::SUB:
      return SubVersion(s);
    case Op::STRIDED_SLICE:
      return StridedSliceVersion(s);
    case Op::CAST:
      return CastVersion(s);
    case Op::LSTM:
      return LstmVersion(s);
    case Op::UNIDIRECTIONAL_SEQUENCE_LSTM:
      return UnidirectionalLstmVersion(s);
    case Op::RNN:
      return HybridRecurrentVersion<tflite::RNNOptionsT>(s);
    case Op::UNIDIRECTIONAL_SEQUENCE_RNN:
      return HybridRecurrentVersion<tflite::SequenceRNNOptionsT>(s);
    case Op::BIDIRECTIONAL_SEQUENCE_RNN:
      return HybridRecurrentVersion<tflite::BidirectionalSequenceRNNOptionsT>(s);
    case Op::BIDIRECTIONAL_SEQUENCE_LSTM:
      return HybridRecurrentVersion<tflite::BidirectionalSequenceLSTMOptionsT>(s);

    case Op::EMBEDDING_LOOKUP:
      return s.in(1).is(TT::INT4) || PerAxis(s.in(1), 0) ? 4 : 1;
    case Op::FAKE_QUANT:
      return s.options<tflite::FakeQuantOptionsT>().narrow_range ? 2 : 1;
    case Op::GATHER:
      if (a.is(TT::INT4)) return 7;
      if (s.in(1).is(TT::INT16)) return 6;
      if (s.options<tflite::GatherOptionsT>().batch_dims != 0) return 5;
      if (a.is(TT::INT16)) return 4;
      if (a.is(TT::BOOL)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::SVDF:
      if (a.is(TT::INT8)) return 3;
      if (Hybrid(s, 1)) return s.options<tflite::SVDFOptionsT>().asymmetric_quantize_inputs ? 4 : 2;
      return 1;
    case Op::SIGN:
      return a.is(TT::INT32) ? 2 : 1;
    case Op::MAX_POOL_2D:
    case Op::AVERAGE_POOL_2D:
      if (a.is(TT::INT16) && out.is(TT::INT16)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::TRANSPOSE:
      if (a.is(TT::INT4)) return 7;
      if (a.rank() > 5) return 6;
      if (a.is(TT::INT16)) return 5;
      if (a.rank() > 4) return 4;
      if (a.is(TT::BOOL)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::TRANSPOSE_CONV: {
      const auto& o = s.options<tflite::TransposeConvOptionsT>();
      if (a.is(TT::INT16) && s.in(1).is(TT::INT8) && out.is(TT::INT16) &&
          o.quantized_bias_type != TT::FLOAT32) {
        return 5;
      }
      if (o.fused_activation_function != tflite::ActivationFunctionType::NONE) return 4;
      if (s.num_inputs() == 4 && s.in(3).present()) return 3;  // with bias
      return s.in(1).is(TT::INT8) ? 2 : 1;
    }
    case Op::SPLIT:  // input 0 is the axis, the data is input 1
      if (s.in(1).is(TT::INT16)) return 4;
      if (s.in(1).is(TT::INT32)) return 3;
      return s.in(1).is(TT::INT8) ? 2 : 1;
    case Op::SPARSE_TO_DENSE:
      if (s.in(2).is(TT::INT8) || s.in(2).is(TT::UINT8)) return 3;
      return s.in(2).is(TT::INT64) ? 2 : 1;
    case Op::SLICE:
      if (a.is(TT::INT4)) return 7;
      if (a.is(TT::UINT32)) return 6;
      if (a.rank() > 4) return 5;
      if (a.is(TT::INT16)) return 4;
      if (a.is(TT::STRING)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::UNPACK:
      if (a.is(TT::INT8) || a.is(TT::UINT8)) return 2;
      if (a.is(TT::BOOL)) return 3;
      return a.is(TT::INT16) && out.is(TT::INT16) ? 4 : 1;
    case Op::DEQUANTIZE:
      if (a.is(TT::INT2)) return 7;
      if (a.is(TT::INT4)) return 6;
      if (a.is(TT::INT16) || a.is(TT::FLOAT16)) return 3;
      if (a.is(TT::INT8)) return PerAxis(a, a.quantized_dimension()) ? 5 : 2;
      return 1;
    case Op::QUANTIZE:
      if (a.is(TT::INT4) || out.is(TT::INT4)) return 4;
      if (PerAxis(out, out.quantized_dimension())) return 3;
      return out.is(TT::INT16) ? 2 : 1;
    case Op::FLOOR_DIV:
      if (a.is(TT::INT16) || a.is(TT::INT8)) return 3;
      return a.is(TT::FLOAT32) ? 2 : 1;
    case Op::FLOOR_MOD:
      return a.is(TT::INT16) || a.is(TT::INT8) ? 2 : 1;
    case Op::L2_NORMALIZATION:
      return out.is(TT::INT8) ? 2 : 1;
    case Op::ABS:
      if (a.is(TT::INT32)) return 5;
      if (a.is(TT::INT16)) return a.quantized() ? 3 : 4;
      return a.is(TT::INT8) || a.is(TT::UINT8) ? 2 : 1;
    case Op::RELU:
      if (a.is(TT::INT16)) return 3;
      return a.is(TT::INT8) || a.is(TT::UINT8) ? 2 : 1;
    case Op::REVERSE_V2:
      if (a.is(TT::INT8)) return 3;
      return a.is(TT::BOOL) ? 2 : 1;
    case Op::RESIZE_BILINEAR:
      if (a.is(TT::INT16)) return 4;
      if (s.options<tflite::ResizeBilinearOptionsT>().half_pixel_centers) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::RESIZE_NEAREST_NEIGHBOR: {
      if (a.is(TT::INT16)) return 4;
      const auto& o = s.options<tflite::ResizeNearestNeighborOptionsT>();
      if (o.half_pixel_centers || o.align_corners) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    }
    case Op::MAXIMUM:
    case Op::MINIMUM:
      if (a.is(TT::INT16) && out.is(TT::INT16)) return 4;
      if (s.broadcasts() && s.max_input_rank() > 4) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::PACK:
      if (a.is(TT::INT8)) return 2;
      if (a.is(TT::INT16) && out.is(TT::INT16)) return 3;
      return a.is(TT::UINT32) ? 4 : 1;
    case Op::TILE:
      if (a.is(TT::INT8)) return 3;
      return a.is(TT::STRING) ? 2 : 1;
    case Op::SQUEEZE:
      return a.is(TT::STRING) ? 2 : 1;
    case Op::SPACE_TO_BATCH_ND:
    case Op::BATCH_TO_SPACE_ND:
      if (a.is(TT::INT16)) return 4;
      if (a.rank() != 4) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::GATHER_ND:
      if (a.is(TT::BOOL)) return 5;
      if (s.in(1).is(TT::INT16)) return 4;
      if (a.is(TT::INT16)) return 3;
      return a.is(TT::STRING) ? 2 : 1;
    case Op::DIV:
      return s.broadcasts() && s.max_input_rank() > 4 ? 2 : 1;
    case Op::TANH:
    case Op::LOGISTIC:
      if (a.is(TT::INT16) && out.is(TT::INT16)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::FILL: {
      const Operand value = s.in(1);
      if (value.is(TT::FLOAT16)) return 4;
      if (value.is(TT::INT8) || value.is(TT::INT16)) return 3;
      return value.is(TT::BOOL) || value.is(TT::STRING) ? 2 : 1;
    }
    case Op::EQUAL:
      if (a.is(TT::INT16)) return 5;
      if (a.is(TT::STRING)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::NOT_EQUAL:
      if (a.is(TT::INT16)) return 4;
      if (a.is(TT::STRING)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::LEAKY_RELU:
      return a.is(TT::INT16) ? 2 : 1;
    case Op::RANGE:
      return a.is(TT::INT64) ? 2 : 1;
    case Op::BATCH_MATMUL:
      if (a.is(TT::INT16)) return 3;
      if (a.is(TT::INT8)) return 2;
      if (Hybrid(s, 1) && s.options<tflite::BatchMatMulOptionsT>().asymmetric_quantize_inputs) {
        return 4;
      }
      return 1;
    case Op::PAD:
    case Op::PADV2:
      if (a.is(TT::BOOL)) return 5;
      if (a.rank() > 4) return 4;
      if (a.is(TT::INT16)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::CONCATENATION:
      if (a.is(TT::UINT32)) return 4;
      if (a.is(TT::INT16)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::SOFTMAX:
    case Op::MEAN:
    case Op::MIRROR_PAD:
    case Op::REDUCE_MAX:
    case Op::REDUCE_MIN:
    case Op::RELU6:
    case Op::RSQRT:
    case Op::LESS:
    case Op::GREATER_EQUAL:
      if (a.is(TT::INT16)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::ARG_MAX:
    case Op::ARG_MIN:
      if (a.is(TT::BOOL)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::SELECT:
      if (a.is(TT::UINT32)) return 4;
      if (a.rank() == 5 || s.in(1).rank() == 5 || s.in(2).rank() == 5) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::SELECT_V2:
      return a.is(TT::UINT32) ? 2 : 1;
    case Op::SPACE_TO_DEPTH:
    case Op::SPLIT_V:
    case Op::SUM:
    case Op::LOG_SOFTMAX:
    case Op::GREATER:
    case Op::LESS_EQUAL:
    case Op::SQUARED_DIFFERENCE:
    case Op::DEPTH_TO_SPACE:
      return a.is(TT::INT8) ? 2 : 1;
    case Op::TOPK_V2:
      if (a.is(TT::INT16) || s.in(1).is(TT::INT16) || s.out(1).is(TT::INT16)) return 3;
      return a.is(TT::INT8) ? 2 : 1;
    case Op::EXP:
    case Op::LOG:
    case Op::REDUCE_PROD:
    case Op::SQRT:
      return a.is(TT::INT8) || a.is(TT::INT16) ? 2 : 1;
    case Op::DYNAMIC_UPDATE_SLICE:
      if (a.is(TT::INT16)) return 4;
      if (a.is(TT::FLOAT16)) return 3;
      return s.in(2).is(TT::INT64) ? 2 : 1;
    case Op::BROADCAST_TO:  // version 1 was withdrawn, the op starts at 2
      return a.is(TT::INT8) || a.is(TT::INT16) ? 3 : 2;
    case Op::WHERE:
      return a.is(TT::BOOL) ? 1 : 2;
    case Op::GELU:
      return a.is(TT::INT8) || a.is(TT::UINT8) ? 2 : 1;
    default:
      return 1;
  }
}

}  // namespace

int BuiltinOperatorVersion(const TflModel& model, const TflSubgraph& graph, const TflOperator& op) {
  if (op.opcode_index >= model.operator_codes.size()) return 1;
  const Op code = model.operator_codes[op.opcode_index].builtin_code;
  if (code == Op::CUSTOM) return 1;
  return Version(Signature(graph, op), code);
}

void AssignOperatorVersions(TflModel& model) {
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflOperator& op : g.operators) {
      if (op.opcode_index >= model.operator_codes.size()) return;
    }
  }
  std::vector<TflOperatorCode> codes;
  std::map<std::tuple<int32_t, std::string, int32_t>, uint32_t> index_of;
  for (TflSubgraph& g : model.subgraphs) {
    for (TflOperator& op : g.operators) {
      TflOperatorCode code = model.operator_codes[op.opcode_index];
      if (code.builtin_code != Op::CUSTOM) {
        code.version = std::max(code.version, BuiltinOperatorVersion(model, g, op));
      }
      auto key =
          std::make_tuple(static_cast<int32_t>(code.builtin_code), code.custom_code, code.version);
      auto [it, inserted] = index_of.emplace(key, static_cast<uint32_t>(codes.size()));
      if (inserted) codes.push_back(std::move(code));
      op.opcode_index = it->second;
    }
  }
  model.operator_codes = std::move(codes);
}

}  // namespace tfconv
