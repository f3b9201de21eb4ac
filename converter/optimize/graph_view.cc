#include "converter/optimize/graph_view.h"

#include <cstring>
#include <memory>

namespace tfconv {

GraphView::GraphView(const TflModel& model, int subgraph) {
  const TflSubgraph& g = model.subgraphs[subgraph];
  const size_t n = g.tensors.size();
  producer_.assign(n, -1);
  readers_.assign(n, 0);
  pinned_.assign(n, false);
  last_reader_.assign(n, -1);
  for (size_t i = 0; i < g.operators.size(); ++i) {
    const TflOperator& op = g.operators[i];
    for (int32_t t : op.inputs) {
      if (t < 0) continue;
      ++readers_[t];
      last_reader_[t] = static_cast<int>(i);
    }
    // Intermediates belong to their operator (LSTM state): nobody else may take them over.
    for (int32_t t : op.intermediates) {
      if (t >= 0) pinned_[t] = true;
    }
    for (int32_t t : op.outputs) {
      if (t >= 0 && producer_[t] < 0) producer_[t] = static_cast<int>(i);
    }
  }
  for (int32_t t : g.inputs) {
    if (t >= 0) pinned_[t] = true;
  }
  for (int32_t t : g.outputs) {
    if (t >= 0) pinned_[t] = true;
  }
  for (const TflSignatureDef& sig : model.signature_defs) {
    if (static_cast<int>(sig.subgraph_index) != subgraph) continue;
    for (const auto& [name, t] : sig.inputs) {
      if (t < n) pinned_[t] = true;
    }
    for (const auto& [name, t] : sig.outputs) {
      if (t < n) pinned_[t] = true;
    }
  }
}

bool GraphView::SoleReaderIs(int tensor, int op) const {
  return !pinned_[tensor] && readers_[tensor] == 1 && last_reader_[tensor] == op;
}

tflite::BuiltinOperator BuiltinOf(const TflModel& model, const TflOperator& op) {
  return model.operator_codes[op.opcode_index].builtin_code;
}

bool IsPlainFloat(const TflTensor& t) {
  return t.type == tflite::TensorType::FLOAT32 && (!t.quantization.has_value() || t.quantization->empty()) &&
         !t.sparsity.has_value();
}

std::optional<std::vector<int32_t>> StaticShape(const TflTensor& t) {
  if (t.shape.empty() && !t.has_rank) return std::nullopt;
  for (int32_t d : t.shape) {
    if (d < 0) return std::nullopt;
  }
  if (!t.shape_signature.empty()) {
    if (t.shape_signature.size() != t.shape.size()) return std::nullopt;
    for (int32_t d : t.shape_signature) {
      if (d < 0) return std::nullopt;
    }
  }
  return t.shape;
}

int64_t NumElements(const std::vector<int32_t>& shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

const ByteBuffer* ConstantBytes(const TflModel& model, const TflTensor& t) {
  if (t.buffer == 0 || t.buffer >= model.buffers.size() || t.is_variable) return nullptr;
  const ByteBuffer& bytes = model.buffers[t.buffer].data;
  if (bytes.empty()) return nullptr;
  return &bytes;
}

std::optional<std::vector<float>> ConstantFloats(const TflModel& model, const TflTensor& t) {
  if (!IsPlainFloat(t)) return std::nullopt;
  const ByteBuffer* bytes = ConstantBytes(model, t);
  std::optional<std::vector<int32_t>> shape = StaticShape(t);
  if (bytes == nullptr || !shape.has_value()) return std::nullopt;
  const int64_t n = NumElements(*shape);
  if (static_cast<int64_t>(bytes->size()) != n * static_cast<int64_t>(sizeof(float))) return std::nullopt;
  std::vector<float> values(static_cast<size_t>(n));
  if (n > 0) std::memcpy(values.data(), bytes->data(), bytes->size());
  return values;
}

std::optional<std::vector<int64_t>> ConstantInts(const TflModel& model, const TflTensor& t) {
  const ByteBuffer* bytes = ConstantBytes(model, t);
  std::optional<std::vector<int32_t>> shape = StaticShape(t);
  if (bytes == nullptr || !shape.has_value()) return std::nullopt;
  const int64_t n = NumElements(*shape);
  std::vector<int64_t> values(static_cast<size_t>(n));
  if (t.type == tflite::TensorType::INT32 && static_cast<int64_t>(bytes->size()) == n * 4) {
    for (int64_t i = 0; i < n; ++i) {
      int32_t v;
      std::memcpy(&v, bytes->data() + i * 4, 4);
      values[i] = v;
    }
    return values;
  }
  if (t.type == tflite::TensorType::INT64 && static_cast<int64_t>(bytes->size()) == n * 8) {
    if (n > 0) std::memcpy(values.data(), bytes->data(), bytes->size());
    return values;
  }
  return std::nullopt;
}

int32_t AddFloatConstant(TflModel& model, TflSubgraph& g, std::string name, std::vector<int32_t> shape,
                         const std::vector<float>& values) {
  TflTensor t;
  t.name = std::move(name);
  t.type = tflite::TensorType::FLOAT32;
  t.shape = std::move(shape);
  t.has_rank = true;
  t.buffer = model.AddBuffer(ByteBuffer::Copy(values.data(), values.size() * sizeof(float)));
  return g.AddTensor(std::move(t));
}

int32_t AddInt32Constant(TflModel& model, TflSubgraph& g, std::string name, std::vector<int32_t> shape,
                         const std::vector<int32_t>& values) {
  TflTensor t;
  t.name = std::move(name);
  t.type = tflite::TensorType::INT32;
  t.shape = std::move(shape);
  t.has_rank = true;
  t.buffer = model.AddBuffer(ByteBuffer::Copy(values.data(), values.size() * sizeof(int32_t)));
  return g.AddTensor(std::move(t));
}

namespace {

template <typename Options>
tflite::ActivationFunctionType* Field(TflOperator& op, tflite::BuiltinOptions type, bool create) {
  if (op.builtin_options.type == tflite::BuiltinOptions::NONE && create) op.builtin_options.Set(Options{});
  if (op.builtin_options.type != type || op.builtin_options.value == nullptr) return nullptr;
  return &static_cast<Options*>(op.builtin_options.value)->fused_activation_function;
}

}  // namespace

tflite::ActivationFunctionType* FusedActivationOf(const TflModel& model, TflOperator& op, bool create) {
  using B = tflite::BuiltinOperator;
  using O = tflite::BuiltinOptions;
  switch (BuiltinOf(model, op)) {
    case B::CONV_2D: return Field<tflite::Conv2DOptionsT>(op, O::Conv2DOptions, create);
    case B::DEPTHWISE_CONV_2D: return Field<tflite::DepthwiseConv2DOptionsT>(op, O::DepthwiseConv2DOptions, create);
    case B::FULLY_CONNECTED: return Field<tflite::FullyConnectedOptionsT>(op, O::FullyConnectedOptions, create);
    case B::ADD: return Field<tflite::AddOptionsT>(op, O::AddOptions, create);
    case B::SUB: return Field<tflite::SubOptionsT>(op, O::SubOptions, create);
    case B::MUL: return Field<tflite::MulOptionsT>(op, O::MulOptions, create);
    case B::DIV: return Field<tflite::DivOptionsT>(op, O::DivOptions, create);
    case B::AVERAGE_POOL_2D:
    case B::MAX_POOL_2D: return Field<tflite::Pool2DOptionsT>(op, O::Pool2DOptions, create);
    case B::CONCATENATION: return Field<tflite::ConcatenationOptionsT>(op, O::ConcatenationOptions, create);
    default: return nullptr;
  }
}

std::optional<tflite::ActivationFunctionType> FusedActivation(const TflModel& model, const TflOperator& op) {
  // Absent options read as the defaults; probing on a copy keeps `op` untouched.
  if (op.builtin_options.type == tflite::BuiltinOptions::NONE) {
    TflOperator probe;
    probe.opcode_index = op.opcode_index;
    tflite::ActivationFunctionType* act = FusedActivationOf(model, probe, /*create=*/true);
    if (act == nullptr) return std::nullopt;
    return *act;
  }
  tflite::ActivationFunctionType* act = FusedActivationOf(model, const_cast<TflOperator&>(op), /*create=*/false);
  if (act == nullptr) return std::nullopt;
  return *act;
}

void ReplaceReads(TflSubgraph& g, int32_t from, int32_t to) {
  for (TflOperator& op : g.operators) {
    for (int32_t& t : op.inputs) {
      if (t == from) t = to;
    }
  }
}

void EraseOperators(TflSubgraph& g, const std::vector<bool>& dead) {
  size_t kept = 0;
  for (size_t i = 0; i < g.operators.size(); ++i) {
    if (dead[i]) continue;
    if (kept != i) g.operators[kept] = std::move(g.operators[i]);
    ++kept;
  }
  g.operators.resize(kept);
}

}  // namespace tfconv
