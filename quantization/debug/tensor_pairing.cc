#include "quantization/debug/tensor_pairing.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

// Suffixes the official quantizers (tools/optimize and the MLIR quantizer's I/O rewriting) and ours
// append to a tensor that gets a new type; longest first so "_dequantized" wins over "_quantized".
constexpr const char* kSuffixes[] = {"_dequantized", "_dequantize", "_requantized", "_quantized", "_float16",
                                     "_float32", "_uint8", "_int16", "_int32", "_int8", "_fp16", "_f16",
                                     "/dequantize", "/quantize"};

bool IsIntegerQuantized(const TflTensor& t) {
  return t.type != tflite::TensorType::FLOAT32 && t.type != tflite::TensorType::FLOAT16 && t.quantization &&
         !t.quantization->scale.empty();
}

std::vector<int> Producers(const TflSubgraph& g) {
  std::vector<int> producer(g.tensors.size(), -1);
  for (size_t i = 0; i < g.operators.size(); ++i) {
    for (int32_t out : g.operators[i].outputs) {
      if (out >= 0 && out < static_cast<int>(producer.size())) producer[out] = static_cast<int>(i);
    }
  }
  return producer;
}

}  // namespace

std::string WithoutQuantSuffix(const std::string& name) {
  for (const char* suffix : kSuffixes) {
    if (absl::EndsWith(name, suffix) && name.size() > std::char_traits<char>::length(suffix)) {
      return name.substr(0, name.size() - std::char_traits<char>::length(suffix));
    }
  }
  return name;
}

TensorPairing PairTensors(const TflModel& float_model, int float_subgraph, const TflModel& quant_model,
                          int quant_subgraph) {
  TensorPairing p;
  if (float_subgraph < 0 || float_subgraph >= static_cast<int>(float_model.subgraphs.size()) ||
      quant_subgraph < 0 || quant_subgraph >= static_cast<int>(quant_model.subgraphs.size())) {
    return p;
  }
  const TflSubgraph& fg = float_model.subgraphs[float_subgraph];
  const TflSubgraph& qg = quant_model.subgraphs[quant_subgraph];
  p.float_of_quant.assign(qg.tensors.size(), -1);
  p.preferred.assign(fg.tensors.size(), -1);
  p.float_producer = Producers(fg);
  p.quant_producer = Producers(qg);
  std::vector<std::string> how(qg.tensors.size());

  std::map<std::string, int> float_by_name;
  for (size_t i = 0; i < fg.tensors.size(); ++i) float_by_name.emplace(fg.tensors[i].name, static_cast<int>(i));

  // 1 and 2: names.
  for (size_t q = 0; q < qg.tensors.size(); ++q) {
    const std::string& name = qg.tensors[q].name;
    if (auto it = float_by_name.find(name); it != float_by_name.end() && !name.empty()) {
      p.float_of_quant[q] = it->second;
      how[q] = "name";
      continue;
    }
    const std::string stripped = WithoutQuantSuffix(name);
    if (stripped != name) {
      if (auto it = float_by_name.find(stripped); it != float_by_name.end()) {
        p.float_of_quant[q] = it->second;
        how[q] = absl::StrCat("name without '", name.substr(stripped.size()), "'");
      }
    }
  }
  // 3: model I/O by position (before the conversions, which then follow them).
  auto by_position = [&](const std::vector<int32_t>& fio, const std::vector<int32_t>& qio, const char* what) {
    if (fio.size() != qio.size()) return;
    for (size_t k = 0; k < qio.size(); ++k) {
      const int q = qio[k], f = fio[k];
      if (q < 0 || f < 0 || q >= static_cast<int>(qg.tensors.size()) || f >= static_cast<int>(fg.tensors.size())) {
        continue;
      }
      if (p.float_of_quant[q] >= 0) continue;
      bool float_taken = false;
      for (int other : qio) float_taken |= other >= 0 && other < static_cast<int>(qg.tensors.size()) &&
                                           p.float_of_quant[other] == f;
      if (float_taken) continue;
      p.float_of_quant[q] = f;
      how[q] = absl::StrCat(what, " position ", k);
    }
  };
  by_position(fg.inputs, qg.inputs, "input");
  by_position(fg.outputs, qg.outputs, "output");

  // 4: QUANTIZE / DEQUANTIZE outputs follow their input, in operator order so that chains work.
  for (const TflOperator& op : qg.operators) {
    if (op.opcode_index >= quant_model.operator_codes.size()) continue;
    const tflite::BuiltinOperator code = quant_model.operator_codes[op.opcode_index].builtin_code;
    if (code != tflite::BuiltinOperator::QUANTIZE && code != tflite::BuiltinOperator::DEQUANTIZE) continue;
    if (op.inputs.size() != 1 || op.outputs.size() != 1) continue;
    const int in = op.inputs[0], out = op.outputs[0];
    if (in < 0 || out < 0 || in >= static_cast<int>(qg.tensors.size()) ||
        out >= static_cast<int>(qg.tensors.size())) {
      continue;
    }
    if (p.float_of_quant[out] < 0 && p.float_of_quant[in] >= 0) {
      p.float_of_quant[out] = p.float_of_quant[in];
      how[out] = code == tflite::BuiltinOperator::QUANTIZE ? "QUANTIZE output" : "DEQUANTIZE output";
    } else if (p.float_of_quant[in] < 0 && p.float_of_quant[out] >= 0) {
      // A QUANTIZE right after a float model input ("x" -> QUANTIZE -> "x"): the input follows.
      p.float_of_quant[in] = p.float_of_quant[out];
      how[in] = code == tflite::BuiltinOperator::QUANTIZE ? "QUANTIZE input" : "DEQUANTIZE input";
    }
  }
  std::vector<int> best_score(fg.tensors.size(), -1);
  for (size_t q = 0; q < qg.tensors.size(); ++q) {
    const int f = p.float_of_quant[q];
    if (f < 0) continue;
    p.pairs.push_back({f, static_cast<int>(q), how[q]});
    const int score = (IsIntegerQuantized(qg.tensors[q]) ? 2 : 0) + (how[q] == "name" ? 1 : 0);
    if (score > best_score[f]) {
      best_score[f] = score;
      p.preferred[f] = static_cast<int>(q);
    }
  }
  return p;
}

}  // namespace tfconv
