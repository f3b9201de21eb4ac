#include "runtime_check/fuzz/model_mutator.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converter/tflite/model_check.h"
#include "flatbuffers/flatbuffers.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

size_t Below(std::mt19937_64& rng, size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng() % n); }

template <typename V, size_t N>
V Pick(std::mt19937_64& rng, const V (&values)[N]) {
  return values[Below(rng, N)];
}

std::string Shape(const std::vector<int32_t>& shape) { return absl::StrCat("[", absl::StrJoin(shape, ","), "]"); }

std::string TypeName(T type) {
  const char* name = tflite::EnumNameTensorType(type);
  return name != nullptr && *name != '\0' ? name : absl::StrCat("TYPE_", static_cast<int>(type));
}

// A subgraph that has something to mutate (tensors, operators), or -1.
int PickSubgraph(const TflModel& m, std::mt19937_64& rng, bool need_operators) {
  std::vector<int> candidates;
  for (size_t s = 0; s < m.subgraphs.size(); ++s) {
    const TflSubgraph& g = m.subgraphs[s];
    if (need_operators ? !g.operators.empty() : !g.tensors.empty()) candidates.push_back(static_cast<int>(s));
  }
  if (candidates.empty()) return -1;
  // Subgraph 0 is what runs; mutate it more often than loop bodies and branches.
  if (Below(rng, 2) == 0 && std::find(candidates.begin(), candidates.end(), 0) != candidates.end()) return 0;
  return candidates[Below(rng, candidates.size())];
}

std::string TensorLabel(const TflSubgraph& g, int s, int t) {
  return absl::StrCat("subgraph ", s, " tensor ", t, " ('", g.tensors[t].name, "')");
}

std::string OpLabel(const TflModel& m, int s, int o) {
  const TflOperator& op = m.subgraphs[s].operators[o];
  const std::string code =
      op.opcode_index < m.operator_codes.size() ? OperatorCodeName(m.operator_codes[op.opcode_index]) : "?";
  return absl::StrCat("subgraph ", s, " op ", o, " (", code, ")");
}

// A tensor index to put in a list: mostly an existing one, sometimes omitted or out of range.
int32_t PickTensorIndex(const TflSubgraph& g, std::mt19937_64& rng) {
  switch (Below(rng, 10)) {
    case 0: return -1;
    case 1: return static_cast<int32_t>(g.tensors.size());  // refused by the structure check
    default: return static_cast<int32_t>(Below(rng, g.tensors.size()));
  }
}

std::string MutateShape(TflModel& m, std::mt19937_64& rng) {
  const int s = PickSubgraph(m, rng, false);
  if (s < 0) return "";
  TflSubgraph& g = m.subgraphs[s];
  const int t = static_cast<int>(Below(rng, g.tensors.size()));
  TflTensor& tensor = g.tensors[t];
  const std::vector<int32_t> before = tensor.shape;
  std::vector<int32_t>& shape = tensor.shape;
  static const int32_t kDims[] = {0, -1, -7, 1, 2, 3, 1000, 65536, 1 << 20, std::numeric_limits<int32_t>::max(),
                                  std::numeric_limits<int32_t>::min()};
  switch (Below(rng, 6)) {
    case 0:
    case 1:
      if (shape.empty()) {
        shape.push_back(Pick(rng, kDims));
      } else {
        shape[Below(rng, shape.size())] = Pick(rng, kDims);
      }
      break;
    case 2:
      if (!shape.empty()) shape.erase(shape.begin() + Below(rng, shape.size()));
      break;
    case 3:
      shape.insert(shape.begin() + Below(rng, shape.size() + 1), static_cast<int32_t>(1 + Below(rng, 3)));
      break;
    case 4:
      shape.clear();
      break;
    default:
      shape.resize(shape.size() + 3 + Below(rng, 5), 1);  // rank beyond what kernels handle
      break;
  }
  tensor.has_rank = true;
  // The shape signature either follows (a consistent model) or keeps its old rank.
  if (Below(rng, 2) == 0) tensor.shape_signature.clear();
  return absl::StrCat(TensorLabel(g, s, t), ": shape ", Shape(before), " -> ", Shape(shape),
                      tensor.shape_signature.empty() ? "" : absl::StrCat(" (signature ", Shape(tensor.shape_signature), ")"));
}

std::string MutateType(TflModel& m, std::mt19937_64& rng) {
  const int s = PickSubgraph(m, rng, false);
  if (s < 0) return "";
  TflSubgraph& g = m.subgraphs[s];
  const int t = static_cast<int>(Below(rng, g.tensors.size()));
  const T before = g.tensors[t].type;
  const auto& values = tflite::EnumValuesTensorType();
  T type;
  if (Below(rng, 12) == 0) {
    type = static_cast<T>(static_cast<int>(tflite::TensorType::MAX) + 1 + Below(rng, 100));
  } else {
    type = values[Below(rng, sizeof(values) / sizeof(values[0]))];
  }
  g.tensors[t].type = type;
  return absl::StrCat(TensorLabel(g, s, t), ": type ", TypeName(before), " -> ", TypeName(type));
}

std::string MutateBufferIndex(TflModel& m, std::mt19937_64& rng) {
  const int s = PickSubgraph(m, rng, false);
  if (s < 0) return "";
  TflSubgraph& g = m.subgraphs[s];
  const int t = static_cast<int>(Below(rng, g.tensors.size()));
  const uint32_t before = g.tensors[t].buffer;
  uint32_t buffer;
  switch (Below(rng, 6)) {
    case 0: buffer = 0; break;
    case 1: buffer = static_cast<uint32_t>(m.buffers.size() + Below(rng, 3)); break;
    default: buffer = static_cast<uint32_t>(Below(rng, m.buffers.size())); break;
  }
  g.tensors[t].buffer = buffer;
  return absl::StrCat(TensorLabel(g, s, t), ": buffer ", before, " -> ", buffer);
}

// Tensors of subgraph `s` (or any subgraph) whose buffer holds bytes.
std::vector<std::pair<int, int>> ConstantTensors(const TflModel& m) {
  std::vector<std::pair<int, int>> out;
  for (size_t s = 0; s < m.subgraphs.size(); ++s) {
    const TflSubgraph& g = m.subgraphs[s];
    for (size_t t = 0; t < g.tensors.size(); ++t) {
      const uint32_t b = g.tensors[t].buffer;
      if (b < m.buffers.size() && !m.buffers[b].data.empty()) out.emplace_back(s, t);
    }
  }
  return out;
}

std::string TruncateBuffer(TflModel& m, std::mt19937_64& rng) {
  const std::vector<std::pair<int, int>> constants = ConstantTensors(m);
  if (constants.empty()) return "";
  const auto [s, t] = constants[Below(rng, constants.size())];
  const uint32_t b = m.subgraphs[s].tensors[t].buffer;
  const ByteBuffer& old = m.buffers[b].data;
  size_t size;
  switch (Below(rng, 3)) {
    case 0: size = 0; break;
    case 1: size = old.size() - 1; break;
    default: size = Below(rng, old.size()); break;
  }
  const size_t before = old.size();
  m.buffers[b].data = ByteBuffer::Copy(old.data(), size);
  return absl::StrCat(TensorLabel(m.subgraphs[s], s, t), ": buffer ", b, " cut from ", before, " to ", size,
                      " bytes");
}

std::string MutateConstantValue(TflModel& m, std::mt19937_64& rng) {
  // Small constants: index lists, axes, shapes, paddings, perms, multiples, sizes.
  std::vector<std::pair<int, int>> candidates;
  for (const auto& [s, t] : ConstantTensors(m)) {
    const TflTensor& tensor = m.subgraphs[s].tensors[t];
    if (m.buffers[tensor.buffer].data.size() <= 256) candidates.emplace_back(s, t);
  }
  if (candidates.empty()) return "";
  const auto [s, t] = candidates[Below(rng, candidates.size())];
  const TflTensor& tensor = m.subgraphs[s].tensors[t];
  const ByteBuffer& old = m.buffers[tensor.buffer].data;
  std::vector<uint8_t> bytes(old.data(), old.data() + old.size());
  int width;
  bool is_float = false;
  switch (tensor.type) {
    case T::INT8: case T::UINT8: case T::BOOL: width = 1; break;
    case T::INT16: case T::UINT16: case T::FLOAT16: width = 2; break;
    case T::INT64: case T::UINT64: width = 8; break;
    case T::FLOAT32: width = 4; is_float = true; break;
    default: width = 4; break;
  }
  if (bytes.size() < static_cast<size_t>(width)) return "";
  const size_t element = Below(rng, bytes.size() / width);
  std::string value;
  if (is_float) {
    static const float kFloats[] = {0.f, -0.f, -1.f, 1e30f, -1e30f, 1e-40f, std::numeric_limits<float>::infinity(),
                                    -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()};
    const float v = Pick(rng, kFloats);
    std::memcpy(&bytes[element * 4], &v, 4);
    value = absl::StrCat(v);
  } else {
    static const int64_t kInts[] = {0, 1, -1, 2, -2, 3, 4, 5, 6, 7, 8, 9, 100, -100, 65536, -65536,
                                    std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min(),
                                    std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()};
    const int64_t v = Pick(rng, kInts);
    std::memcpy(&bytes[element * width], &v, width);  // little-endian: the low bytes
    value = absl::StrCat(v, " (low ", width, " bytes)");
  }
  const uint32_t b = m.AddBuffer(ByteBuffer::Copy(bytes.data(), bytes.size()));
  m.subgraphs[s].tensors[t].buffer = b;  // a private copy: other tensors sharing the buffer keep theirs
  return absl::StrCat(TensorLabel(m.subgraphs[s], s, t), ": element ", element, " = ", value);
}

std::string MutateList(std::vector<int32_t>& list, const TflSubgraph& g, std::mt19937_64& rng) {
  const std::string before = Shape(list);
  switch (list.empty() ? 4 : Below(rng, 6)) {
    case 0:
      if (list.size() >= 2) std::swap(list[Below(rng, list.size())], list[Below(rng, list.size())]);
      break;
    case 1:
    case 2:
      list[Below(rng, list.size())] = PickTensorIndex(g, rng);
      break;
    case 3:
      list.erase(list.begin() + Below(rng, list.size()));
      break;
    default:
      list.push_back(PickTensorIndex(g, rng));
      break;
  }
  return absl::StrCat(before, " -> ", Shape(list));
}

std::string MutateOperatorTensors(TflModel& m, std::mt19937_64& rng, bool inputs) {
  const int s = PickSubgraph(m, rng, true);
  if (s < 0) return "";
  TflSubgraph& g = m.subgraphs[s];
  const int o = static_cast<int>(Below(rng, g.operators.size()));
  std::vector<int32_t>& list = inputs ? g.operators[o].inputs : g.operators[o].outputs;
  if (!inputs && !list.empty() && Below(rng, 6) == 0) {
    // An output that is also an input of the same operator, or a constant: kernels resize outputs
    // and must not read what they just resized.
    const auto& ins = g.operators[o].inputs;
    const std::string before = Shape(list);
    if (!ins.empty()) list[Below(rng, list.size())] = ins[Below(rng, ins.size())];
    return absl::StrCat(OpLabel(m, s, o), ": outputs ", before, " -> ", Shape(list), " (aliasing an input)");
  }
  const std::string what = MutateList(list, g, rng);
  return absl::StrCat(OpLabel(m, s, o), inputs ? ": inputs " : ": outputs ", what);
}

std::string MutateOrder(TflModel& m, std::mt19937_64& rng) {
  const int s = PickSubgraph(m, rng, true);
  if (s < 0) return "";
  std::vector<TflOperator>& ops = m.subgraphs[s].operators;
  const size_t a = Below(rng, ops.size()), b = Below(rng, ops.size());
  switch (Below(rng, 3)) {
    case 0:
      std::swap(ops[a], ops[b]);
      return absl::StrCat("subgraph ", s, ": operators ", a, " and ", b, " swapped");
    case 1:
      ops.erase(ops.begin() + a);
      return absl::StrCat("subgraph ", s, ": operator ", a, " removed");
    default: {
      TflOperator copy = ops[a];
      ops.insert(ops.begin() + b, std::move(copy));
      return absl::StrCat("subgraph ", s, ": operator ", a, " duplicated before ", b);
    }
  }
}

// An options table of `type` with every field at its default, as a model file could hold it.
tflite::BuiltinOptionsUnion DefaultOptions(tflite::BuiltinOptions type) {
  flatbuffers::FlatBufferBuilder fbb;
  const flatbuffers::uoffset_t start = fbb.StartTable();
  fbb.Finish(flatbuffers::Offset<void>(fbb.EndTable(start)));
  tflite::BuiltinOptionsUnion u;
  u.type = type;
  u.value = tflite::BuiltinOptionsUnion::UnPack(flatbuffers::GetRoot<void>(fbb.GetBufferPointer()), type, nullptr);
  if (u.value == nullptr) u.type = tflite::BuiltinOptions::NONE;
  return u;
}

std::string RemoveOptions(TflModel& m, std::mt19937_64& rng) {
  const int s = PickSubgraph(m, rng, true);
  if (s < 0) return "";
  TflOperator& op = m.subgraphs[s].operators[Below(rng, m.subgraphs[s].operators.size())];
  const int o = static_cast<int>(&op - m.subgraphs[s].operators.data());
  const char* before = tflite::EnumNameBuiltinOptions(op.builtin_options.type);
  if (Below(rng, 2) == 0) {
    op.builtin_options.Reset();
    op.builtin_options_2.Reset();
    op.custom_options.clear();
    return absl::StrCat(OpLabel(m, s, o), ": options ", before, " removed");
  }
  const auto type = static_cast<tflite::BuiltinOptions>(1 + Below(rng, static_cast<int>(tflite::BuiltinOptions::MAX)));
  op.builtin_options = DefaultOptions(type);
  return absl::StrCat(OpLabel(m, s, o), ": options ", before, " -> default ",
                      tflite::EnumNameBuiltinOptions(op.builtin_options.type));
}

// Packs the options with every field written, overwrites one field with an extreme value, and
// unpacks the result if the verifier accepts it (a poked offset field may point anywhere).
std::string MutateOptionField(TflModel& m, std::mt19937_64& rng) {
  std::vector<std::pair<int, int>> candidates;
  for (size_t s = 0; s < m.subgraphs.size(); ++s) {
    for (size_t o = 0; o < m.subgraphs[s].operators.size(); ++o) {
      if (m.subgraphs[s].operators[o].builtin_options.value != nullptr) candidates.emplace_back(s, o);
    }
  }
  if (candidates.empty()) return "";
  const auto [s, o] = candidates[Below(rng, candidates.size())];
  TflOperator& op = m.subgraphs[s].operators[o];
  flatbuffers::FlatBufferBuilder fbb;
  fbb.ForceDefaults(true);
  fbb.Finish(op.builtin_options.Pack(fbb));
  std::vector<uint8_t> bytes(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
  uint32_t table;
  std::memcpy(&table, bytes.data(), 4);
  int32_t vtable_delta;
  std::memcpy(&vtable_delta, &bytes[table], 4);
  const size_t vtable = table - vtable_delta;
  uint16_t vtable_size;
  std::memcpy(&vtable_size, &bytes[vtable], 2);
  std::vector<std::pair<int, uint16_t>> fields;  // field id, offset in the table
  for (int id = 0; 4 + 2 * id + 2 <= vtable_size; ++id) {
    uint16_t offset;
    std::memcpy(&offset, &bytes[vtable + 4 + 2 * id], 2);
    if (offset != 0) fields.emplace_back(id, offset);
  }
  if (fields.empty()) return "";
  const auto [id, offset] = fields[Below(rng, fields.size())];
  static const int64_t kValues[] = {0, 1, -1, 2, 3, 4, 5, 7, 8, 100, 127, 128, 255, -128, 65535, -65536,
                                    std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min()};
  static const int kWidths[] = {1, 1, 4, 4, 2};
  const int64_t value = Pick(rng, kValues);
  int width = Pick(rng, kWidths);
  const size_t at = table + offset;
  width = static_cast<int>(std::min<size_t>(width, bytes.size() - at));
  std::memcpy(&bytes[at], &value, width);
  if (Below(rng, 8) == 0 && at + 4 <= bytes.size()) {
    const float f = Below(rng, 2) == 0 ? std::numeric_limits<float>::quiet_NaN() : -1e30f;  // float fields
    std::memcpy(&bytes[at], &f, 4);
  }
  flatbuffers::Verifier verifier(bytes.data(), bytes.size());
  const void* root = flatbuffers::GetRoot<void>(bytes.data());
  const tflite::BuiltinOptions type = op.builtin_options.type;
  if (!tflite::VerifyBuiltinOptions(verifier, root, type)) return "";
  tflite::BuiltinOptionsUnion u;
  u.type = type;
  u.value = tflite::BuiltinOptionsUnion::UnPack(root, type, nullptr);
  if (u.value == nullptr) return "";
  op.builtin_options = std::move(u);
  return absl::StrCat(OpLabel(m, s, o), ": ", tflite::EnumNameBuiltinOptions(type), " field ", id, " = ", value,
                      " (", width, " bytes)");
}

std::string MutateQuantization(TflModel& m, std::mt19937_64& rng) {
  const int s = PickSubgraph(m, rng, false);
  if (s < 0) return "";
  TflSubgraph& g = m.subgraphs[s];
  // Prefer quantized tensors: that is where kernels read scales and zero points.
  std::vector<int> quantized;
  for (size_t t = 0; t < g.tensors.size(); ++t) {
    if (g.tensors[t].quantization && !g.tensors[t].quantization->scale.empty()) quantized.push_back(t);
  }
  const int t = !quantized.empty() && Below(rng, 4) != 0 ? quantized[Below(rng, quantized.size())]
                                                          : static_cast<int>(Below(rng, g.tensors.size()));
  TflTensor& tensor = g.tensors[t];
  if (!tensor.quantization) tensor.quantization.emplace();
  TflQuantization& q = *tensor.quantization;
  const std::string label = TensorLabel(g, s, t);
  static const float kScales[] = {0.f, -1.f, 1e-30f, 1e30f, std::numeric_limits<float>::quiet_NaN(),
                                  std::numeric_limits<float>::infinity(), 1e-45f};
  static const int64_t kZeroPoints[] = {-129, 128, 256, 1000, -32769, 65536, std::numeric_limits<int64_t>::min()};
  switch (Below(rng, 8)) {
    case 0:
      q.scale.clear();
      return absl::StrCat(label, ": scale removed (", q.zero_point.size(), " zero points kept)");
    case 1: {
      if (q.scale.empty()) q.scale.push_back(1.f);
      const size_t i = Below(rng, q.scale.size());
      q.scale[i] = Pick(rng, kScales);
      return absl::StrCat(label, ": scale[", i, "] = ", q.scale[i]);
    }
    case 2:
      q.scale.resize(q.scale.size() + 1 + Below(rng, 3), 0.5f);
      return absl::StrCat(label, ": ", q.scale.size(), " scales, ", q.zero_point.size(), " zero points");
    case 3:
      if (q.zero_point.empty()) q.zero_point.push_back(0);
      q.zero_point.resize(Below(rng, 2) == 0 ? 0 : q.zero_point.size() + 2, 0);
      return absl::StrCat(label, ": ", q.scale.size(), " scales, ", q.zero_point.size(), " zero points");
    case 4: {
      if (q.zero_point.empty()) q.zero_point.push_back(0);
      const size_t i = Below(rng, q.zero_point.size());
      q.zero_point[i] = Pick(rng, kZeroPoints);
      return absl::StrCat(label, ": zero_point[", i, "] = ", q.zero_point[i]);
    }
    case 5: {
      static const int32_t kAxes[] = {-1, -5, 1, 3, 4, 100, std::numeric_limits<int32_t>::max()};
      q.quantized_dimension = Pick(rng, kAxes);
      return absl::StrCat(label, ": quantized_dimension = ", q.quantized_dimension);
    }
    case 6: {
      // Per-channel along some dimension, one scale too many or too few.
      const int32_t dim = tensor.shape.empty() ? 0 : static_cast<int32_t>(Below(rng, tensor.shape.size()));
      const int32_t channels = tensor.shape.empty() ? 1 : std::max(0, tensor.shape[dim]);
      const size_t n = std::min<int64_t>(std::max<int64_t>(0, channels + (Below(rng, 2) == 0 ? -1 : 1)), 4096);
      q.quantized_dimension = dim;
      q.scale.assign(n, 0.25f);
      q.zero_point.assign(Below(rng, 2) == 0 ? n : channels < 4096 ? std::max(0, channels) : 1, 0);
      return absl::StrCat(label, ": per-channel on dimension ", dim, ", ", q.scale.size(), " scales, ",
                          q.zero_point.size(), " zero points");
    }
    default:
      tensor.quantization.reset();
      return absl::StrCat(label, ": quantization removed");
  }
}

std::string MutateVersion(TflModel& m, std::mt19937_64& rng) {
  if (m.operator_codes.empty()) return "";
  const size_t c = Below(rng, m.operator_codes.size());
  static const int32_t kVersions[] = {0, -1, 1, 2, 3, 4, 5, 7, 100, std::numeric_limits<int32_t>::max()};
  const int32_t before = m.operator_codes[c].version;
  m.operator_codes[c].version = Pick(rng, kVersions);
  return absl::StrCat("operator code ", c, " (", OperatorCodeName(m.operator_codes[c]), "): version ", before,
                      " -> ", m.operator_codes[c].version);
}

std::string MutateBuiltinCode(TflModel& m, std::mt19937_64& rng) {
  if (m.operator_codes.empty()) return "";
  const size_t c = Below(rng, m.operator_codes.size());
  TflOperatorCode& code = m.operator_codes[c];
  const std::string before = OperatorCodeName(code);
  const auto& values = tflite::EnumValuesBuiltinOperator();
  const size_t count = sizeof(values) / sizeof(values[0]);
  switch (Below(rng, 10)) {
    case 0:
      code.builtin_code = tflite::BuiltinOperator::CUSTOM;
      code.custom_code = Below(rng, 2) == 0 ? "" : "FuzzUnknownOp";
      break;
    case 1:
      code.builtin_code = static_cast<tflite::BuiltinOperator>(static_cast<int>(tflite::BuiltinOperator::MAX) + 1 +
                                                               Below(rng, 50));
      break;
    default:
      code.builtin_code = values[Below(rng, count)];
      break;
  }
  return absl::StrCat("operator code ", c, ": ", before, " -> ", OperatorCodeName(code));
}

std::string MutateSubgraphIo(TflModel& m, std::mt19937_64& rng) {
  const int s = PickSubgraph(m, rng, false);
  if (s < 0) return "";
  TflSubgraph& g = m.subgraphs[s];
  const bool inputs = Below(rng, 2) == 0;
  std::vector<int32_t>& list = inputs ? g.inputs : g.outputs;
  const std::string what = MutateList(list, g, rng);
  return absl::StrCat("subgraph ", s, inputs ? " inputs " : " outputs ", what);
}

std::string ToggleVariable(TflModel& m, std::mt19937_64& rng) {
  const int s = PickSubgraph(m, rng, false);
  if (s < 0) return "";
  TflSubgraph& g = m.subgraphs[s];
  const int t = static_cast<int>(Below(rng, g.tensors.size()));
  g.tensors[t].is_variable = !g.tensors[t].is_variable;
  return absl::StrCat(TensorLabel(g, s, t), g.tensors[t].is_variable ? ": made variable" : ": made non-variable");
}

}  // namespace

const char* MutationName(Mutation m) {
  switch (m) {
    case Mutation::kTensorShape: return "tensor_shape";
    case Mutation::kTensorType: return "tensor_type";
    case Mutation::kBufferIndex: return "buffer_index";
    case Mutation::kTruncateBuffer: return "truncate_buffer";
    case Mutation::kConstantValue: return "constant_value";
    case Mutation::kOperatorInputs: return "operator_inputs";
    case Mutation::kOperatorOutputs: return "operator_outputs";
    case Mutation::kOperatorOrder: return "operator_order";
    case Mutation::kRemoveOptions: return "remove_options";
    case Mutation::kOptionField: return "option_field";
    case Mutation::kQuantization: return "quantization";
    case Mutation::kOpcodeVersion: return "opcode_version";
    case Mutation::kBuiltinCode: return "builtin_code";
    case Mutation::kSubgraphIo: return "subgraph_io";
    case Mutation::kVariableFlag: return "variable_flag";
    case Mutation::kCount: break;
  }
  return "?";
}

std::string MutateModel(TflModel& model, Mutation kind, std::mt19937_64& rng) {
  switch (kind) {
    case Mutation::kTensorShape: return MutateShape(model, rng);
    case Mutation::kTensorType: return MutateType(model, rng);
    case Mutation::kBufferIndex: return MutateBufferIndex(model, rng);
    case Mutation::kTruncateBuffer: return TruncateBuffer(model, rng);
    case Mutation::kConstantValue: return MutateConstantValue(model, rng);
    case Mutation::kOperatorInputs: return MutateOperatorTensors(model, rng, /*inputs=*/true);
    case Mutation::kOperatorOutputs: return MutateOperatorTensors(model, rng, /*inputs=*/false);
    case Mutation::kOperatorOrder: return MutateOrder(model, rng);
    case Mutation::kRemoveOptions: return RemoveOptions(model, rng);
    case Mutation::kOptionField: return MutateOptionField(model, rng);
    case Mutation::kQuantization: return MutateQuantization(model, rng);
    case Mutation::kOpcodeVersion: return MutateVersion(model, rng);
    case Mutation::kBuiltinCode: return MutateBuiltinCode(model, rng);
    case Mutation::kSubgraphIo: return MutateSubgraphIo(model, rng);
    case Mutation::kVariableFlag: return ToggleVariable(model, rng);
    case Mutation::kCount: break;
  }
  return "";
}

ByteSeed MakeByteSeed(std::string bytes) {
  ByteSeed seed;
  seed.bytes = std::move(bytes);
  std::vector<std::pair<size_t, size_t>> data;
  const auto* base = reinterpret_cast<const uint8_t*>(seed.bytes.data());
  const tflite::Model* model = tflite::GetModel(base);
  if (model->buffers() != nullptr) {
    for (const tflite::Buffer* b : *model->buffers()) {
      if (b->data() != nullptr && b->data()->size() > 0) {
        const size_t begin = b->data()->data() - base;
        data.emplace_back(begin, begin + b->data()->size());
      }
    }
  }
  std::sort(data.begin(), data.end());
  size_t cursor = 0;
  for (const auto& [begin, end] : data) {
    if (begin > cursor) seed.structure.emplace_back(cursor, begin);
    cursor = std::max(cursor, end);
  }
  if (cursor < seed.bytes.size()) seed.structure.emplace_back(cursor, seed.bytes.size());
  for (const auto& [begin, end] : seed.structure) seed.structure_bytes += end - begin;
  return seed;
}

std::string MutateBytes(const ByteSeed& seed, std::mt19937_64& rng, std::string* recipe) {
  std::string bytes = seed.bytes;
  auto position = [&](size_t size) -> size_t {
    if (seed.structure_bytes > 0 && Below(rng, 10) < 9) {
      size_t k = Below(rng, seed.structure_bytes);
      for (const auto& [begin, end] : seed.structure) {
        if (k < end - begin) return std::min(begin + k, size - 1);
        k -= end - begin;
      }
    }
    return Below(rng, size);
  };
  const int rounds = 1 + static_cast<int>(Below(rng, 4));
  for (int r = 0; r < rounds && !bytes.empty(); ++r) {
    switch (Below(rng, 10)) {
      case 0:
      case 1:
      case 2: {
        const int flips = 1 + static_cast<int>(Below(rng, 16));
        for (int i = 0; i < flips; ++i) bytes[position(bytes.size())] ^= static_cast<char>(1 << Below(rng, 8));
        absl::StrAppend(recipe, "flip ", flips, " bits; ");
        break;
      }
      case 3: {
        const size_t size = Below(rng, bytes.size());
        absl::StrAppend(recipe, "truncate to ", size, "; ");
        bytes.resize(size);
        break;
      }
      case 4:
      case 5: {
        static const uint8_t kSpecial[] = {0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe};
        const size_t at = position(bytes.size());
        const size_t run = std::min<size_t>(1 + Below(rng, 8), bytes.size() - at);
        for (size_t i = 0; i < run; ++i) {
          bytes[at + i] = static_cast<char>(Below(rng, 2) == 0 ? Pick(rng, kSpecial) : Below(rng, 256));
        }
        absl::StrAppend(recipe, "overwrite ", run, " bytes at ", at, "; ");
        break;
      }
      default: {
        if (bytes.size() < 4) break;
        const size_t at = std::min(position(bytes.size()) & ~size_t{3}, bytes.size() - 4);
        uint32_t v;
        std::memcpy(&v, &bytes[at], 4);
        const uint32_t size = static_cast<uint32_t>(bytes.size());
        const uint32_t kValues[] = {0, 1, 0xffffffffu, 2, 3, 4, 7, 8, 127, 128, 255, 256, 1000, 65535,
                                    size, size - 4, size + 4, 0x7fffffffu, 0x80000000u, 0xfffffffeu};
        switch (Below(rng, 3)) {
          case 0: v = kValues[Below(rng, sizeof(kValues) / sizeof(kValues[0]))]; break;
          case 1: v += static_cast<uint32_t>(Below(rng, 33)) - 16u; break;
          default: v = static_cast<uint32_t>(rng()); break;
        }
        std::memcpy(&bytes[at], &v, 4);
        absl::StrAppend(recipe, "poke ", v, " at ", at, "; ");
        break;
      }
    }
  }
  return bytes;
}

}  // namespace tfconv
