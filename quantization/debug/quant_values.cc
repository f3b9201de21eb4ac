#include "quantization/debug/quant_values.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "absl/strings/str_cat.h"
#include "runtime_check/io/tensor_io.h"
#include "runtime_check/numeric/half.h"

namespace tfconv {
namespace {

using tflite::TensorType;

bool IsIntegerType(TensorType type) {
  switch (type) {
    case TensorType::INT8:
    case TensorType::UINT8:
    case TensorType::INT16:
    case TensorType::INT32:
    case TensorType::INT64:
      return true;
    default:
      return false;
  }
}

// Scale and zero point of element i: one per channel along the quantized dimension when the tensor
// has as many scales as that dimension, otherwise the first ones.
struct ElementParams {
  const RtTensor& t;
  int64_t inner = 1;
  int64_t channels = 1;
  explicit ElementParams(const RtTensor& tensor) : t(tensor) {
    const TflQuantization& q = *t.quantization();
    const int axis = q.quantized_dimension;
    if (q.scale.size() > 1 && axis >= 0 && axis < t.rank() && t.dim(axis) == static_cast<int32_t>(q.scale.size())) {
      channels = q.scale.size();
      for (int d = axis + 1; d < t.rank(); ++d) inner *= t.dim(d);
    }
  }
  int64_t Channel(int64_t i) const { return channels == 1 ? 0 : (i / inner) % channels; }
  double Scale(int64_t i) const { return t.quantization()->scale[Channel(i)]; }
  double ZeroPoint(int64_t i) const {
    const std::vector<int64_t>& zp = t.quantization()->zero_point;
    if (zp.empty()) return 0;
    const int64_t c = Channel(i);
    return static_cast<double>(c < static_cast<int64_t>(zp.size()) ? zp[c] : zp[0]);
  }
};

template <typename T>
void StoreRounded(absl::Span<const double> values, const ElementParams* params, RtTensor& t) {
  T* out = t.mutable_data<T>();
  constexpr double lo = static_cast<double>(std::numeric_limits<T>::min());
  constexpr double hi = static_cast<double>(std::numeric_limits<T>::max());
  for (size_t i = 0; i < values.size(); ++i) {
    double q = values[i];
    if (params != nullptr) {
      // As TFLite's QUANTIZE: the division in float, rounded half away from zero, then the zero point.
      const float scaled = static_cast<float>(values[i]) / static_cast<float>(params->Scale(i));
      q = std::round(static_cast<double>(scaled)) + params->ZeroPoint(i);
    } else {
      q = std::round(q);
    }
    if (std::isnan(q)) q = params != nullptr ? params->ZeroPoint(i) : 0;
    out[i] = static_cast<T>(std::clamp(q, lo, hi));
  }
}

}  // namespace

bool HasIntegerQuantization(const RtTensor& tensor) {
  return IsIntegerType(tensor.type()) && tensor.is_quantized();
}

std::vector<double> RealValues(const RtTensor& tensor) {
  std::vector<double> out;
  const int64_t n = tensor.num_elements();
  if (TfliteTypeSize(tensor.type()) == 0 || tensor.byte_size() < static_cast<size_t>(n) * TfliteTypeSize(tensor.type())) {
    return out;
  }
  out.resize(n);
  if (HasIntegerQuantization(tensor)) {
    ElementParams params(tensor);
    for (int64_t i = 0; i < n; ++i) out[i] = params.Scale(i) * (ElementAsDouble(tensor, i) - params.ZeroPoint(i));
    return out;
  }
  for (int64_t i = 0; i < n; ++i) out[i] = ElementAsDouble(tensor, i);
  return out;
}

std::vector<double> ElementScales(const RtTensor& tensor) {
  std::vector<double> out;
  if (!HasIntegerQuantization(tensor)) return out;
  ElementParams params(tensor);
  out.resize(tensor.num_elements());
  for (int64_t i = 0; i < tensor.num_elements(); ++i) out[i] = params.Scale(i);
  return out;
}

absl::Status StoreRealValues(absl::Span<const double> values, RtTensor& tensor) {
  if (static_cast<int64_t>(values.size()) != tensor.num_elements()) {
    return absl::InvalidArgumentError(absl::StrCat("tensor '", tensor.name(), "' ", ShapeString(tensor.shape()),
                                                   " cannot take ", values.size(), " values"));
  }
  const bool quantized = HasIntegerQuantization(tensor);
  std::optional<ElementParams> params;
  if (quantized) params.emplace(tensor);
  const ElementParams* p = quantized ? &*params : nullptr;
  switch (tensor.type()) {
    case TensorType::FLOAT32: {
      float* out = tensor.mutable_data<float>();
      for (size_t i = 0; i < values.size(); ++i) out[i] = static_cast<float>(values[i]);
      return absl::OkStatus();
    }
    case TensorType::FLOAT16: {
      uint16_t* out = tensor.mutable_data<uint16_t>();
      for (size_t i = 0; i < values.size(); ++i) out[i] = FloatToHalf(static_cast<float>(values[i]));
      return absl::OkStatus();
    }
    case TensorType::INT8: StoreRounded<int8_t>(values, p, tensor); return absl::OkStatus();
    case TensorType::UINT8: StoreRounded<uint8_t>(values, p, tensor); return absl::OkStatus();
    case TensorType::INT16: StoreRounded<int16_t>(values, p, tensor); return absl::OkStatus();
    case TensorType::INT32: StoreRounded<int32_t>(values, p, tensor); return absl::OkStatus();
    default:
      return absl::InvalidArgumentError(absl::StrCat("tensor '", tensor.name(), "' of type ",
                                                     TfliteTypeName(tensor.type()), " cannot hold real values"));
  }
}

}  // namespace tfconv
