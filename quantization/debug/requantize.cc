#include "quantization/debug/requantize.h"

#include "absl/strings/str_cat.h"
#include "converter/tflite/op_version.h"
#include "quantization/calibration/calibrate.h"
#include "quantization/quantize.h"

namespace tfconv {
namespace {

using tflite::TensorType;

bool IsConstant(const TflModel& model, const TflTensor& t) {
  return t.buffer != 0 && t.buffer < model.buffers.size() && !model.buffers[t.buffer].data.empty();
}

bool HasScale(const TflTensor& t) { return t.quantization && !t.quantization->scale.empty(); }

// Whether any float activation carries a calibrated range.
bool HasRanges(const TflModel& model, int subgraph) {
  for (const TflTensor& t : model.subgraphs[subgraph].tensors) {
    if (t.type == TensorType::FLOAT32 && !IsConstant(model, t) && t.quantization && !t.quantization->min.empty()) {
      return true;
    }
  }
  return false;
}

TensorType IoType(const TflTensor& t) {
  switch (t.type) {
    case TensorType::INT8:
    case TensorType::UINT8:
    case TensorType::INT16:
      return t.type;
    default:
      return TensorType::FLOAT32;
  }
}

}  // namespace

QuantizeOptions InferQuantizeOptions(const TflModel& quant_model, int subgraph) {
  QuantizeOptions o;
  const TflSubgraph& g = quant_model.subgraphs[subgraph];
  bool int16 = false, int8 = false, fp16_weights = false, int8_weights = false;
  for (const TflTensor& t : g.tensors) {
    const bool constant = IsConstant(quant_model, t);
    if (!constant && HasScale(t)) {
      int16 |= t.type == TensorType::INT16;
      int8 |= t.type == TensorType::INT8 || t.type == TensorType::UINT8;
    }
    if (constant) {
      fp16_weights |= t.type == TensorType::FLOAT16;
      int8_weights |= t.type == TensorType::INT8 && HasScale(t);
    }
  }
  o.mode = int16          ? QuantizationMode::kInt16x8
           : int8         ? QuantizationMode::kInt8
           : fp16_weights ? QuantizationMode::kFloat16
           : int8_weights ? QuantizationMode::kDynamicRange
                          : QuantizationMode::kNone;
  if (o.mode == QuantizationMode::kInt8 || o.mode == QuantizationMode::kInt16x8) {
    if (!g.inputs.empty() && g.inputs[0] >= 0) o.inference_input_type = IoType(g.tensors[g.inputs[0]]);
    if (!g.outputs.empty() && g.outputs[0] >= 0) o.inference_output_type = IoType(g.tensors[g.outputs[0]]);
  }
  return o;
}

absl::StatusOr<Requantizer> MakeRequantizer(std::shared_ptr<const TflModel> float_model,
                                            std::shared_ptr<const TflModel> quant_model,
                                            const std::vector<std::vector<RtTensor>>& samples, int float_subgraph,
                                            int quant_subgraph) {
  const QuantizeOptions options = InferQuantizeOptions(*quant_model, quant_subgraph);
  if (options.mode == QuantizationMode::kNone) {
    return absl::InvalidArgumentError("the quantized model shows no quantization to redo");
  }
  auto base = std::make_shared<TflModel>(*float_model);
  const bool full_integer = options.mode == QuantizationMode::kInt8 || options.mode == QuantizationMode::kInt16x8;
  if (full_integer && !HasRanges(*base, float_subgraph)) {
    CalibrationOptions c;
    c.subgraph = float_subgraph;
    if (absl::Status s = CalibrateModel(*base, samples, c); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat("calibrating the float model on the samples: ", s.message()));
    }
  }
  std::shared_ptr<const TflModel> calibrated = base;
  return Requantizer([calibrated, options](const std::string& denylist) -> absl::StatusOr<std::shared_ptr<const TflModel>> {
    auto m = std::make_shared<TflModel>(*calibrated);
    QuantizeOptions o = options;
    o.denylist_regex = denylist;
    absl::StatusOr<QuantizeReport> r = QuantizeModel(*m, o);
    if (!r.ok()) return r.status();
    AssignOperatorVersions(*m);
    return std::shared_ptr<const TflModel>(std::move(m));
  });
}

}  // namespace tfconv
