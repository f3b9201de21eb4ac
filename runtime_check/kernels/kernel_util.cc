#include "runtime_check/kernels/kernel_util.h"

#include <limits>

#include "absl/strings/str_cat.h"

namespace tfconv {

float ApplyActivation(float x, tflite::ActivationFunctionType act) {
  using A = tflite::ActivationFunctionType;
  switch (act) {
    // Argument order keeps NaN as NaN, as the runtime's min(max(x, lo), hi) does.
    case A::RELU: return std::max(x, 0.f);
    case A::RELU_N1_TO_1: return std::min(std::max(x, -1.f), 1.f);
    case A::RELU6: return std::min(std::max(x, 0.f), 6.f);
    case A::TANH: return std::tanh(x);
    case A::SIGN_BIT: return std::signbit(x) ? 1.f : 0.f;
    default: return x;
  }
}

absl::Status CheckFloatActivation(const KernelContext& c, tflite::ActivationFunctionType act) {
  if (act == tflite::ActivationFunctionType::NONE || act == tflite::ActivationFunctionType::RELU ||
      act == tflite::ActivationFunctionType::RELU_N1_TO_1 || act == tflite::ActivationFunctionType::RELU6 ||
      act == tflite::ActivationFunctionType::TANH || act == tflite::ActivationFunctionType::SIGN_BIT) {
    return absl::OkStatus();
  }
  return c.Error(absl::StrCat("unknown fused activation ", static_cast<int>(act)));
}

absl::Status QuantizedActivationRange(const KernelContext& c, tflite::ActivationFunctionType act,
                                      const RtTensor& output, int32_t* min, int32_t* max) {
  using T = tflite::TensorType;
  switch (output.type()) {
    case T::INT8: *min = -128; *max = 127; break;
    case T::UINT8: *min = 0; *max = 255; break;
    case T::INT16: *min = -32768; *max = 32767; break;
    case T::INT32: *min = std::numeric_limits<int32_t>::min(); *max = std::numeric_limits<int32_t>::max(); break;
    default: return c.UnsupportedType(output);
  }
  using A = tflite::ActivationFunctionType;
  if (act == A::NONE) return absl::OkStatus();
  if (!output.is_quantized()) return c.Error(absl::StrCat("output '", output.name(), "' has no quantization"));
  const float scale = output.scale();
  const int32_t zp = output.zero_point();
  auto quantize = [&](float v) { return zp + static_cast<int32_t>(std::round(v / scale)); };
  switch (act) {
    case A::RELU: *min = std::max(*min, quantize(0.f)); break;
    case A::RELU6:
      *min = std::max(*min, quantize(0.f));
      *max = std::min(*max, quantize(6.f));
      break;
    case A::RELU_N1_TO_1:
      *min = std::max(*min, quantize(-1.f));
      *max = std::min(*max, quantize(1.f));
      break;
    default:
      return c.Unimplemented(absl::StrCat("fused activation ", tflite::EnumNameActivationFunctionType(act),
                                          " on a quantized output"));
  }
  return absl::OkStatus();
}

absl::Status BroadcastShapes(const KernelContext& c, const std::vector<int32_t>& a, const std::vector<int32_t>& b,
                             std::vector<int32_t>* out) {
  const size_t rank = std::max(a.size(), b.size());
  out->assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    const int32_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int32_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) {
      return c.Error(absl::StrCat("shapes ", ShapeString(a), " and ", ShapeString(b), " do not broadcast"));
    }
    (*out)[i] = da == 1 ? db : da;
  }
  return absl::OkStatus();
}

std::vector<int64_t> BroadcastIndexMap(const std::vector<int32_t>& in_shape, const std::vector<int32_t>& out_shape) {
  const size_t rank = out_shape.size();
  std::vector<int64_t> in_stride(rank, 0);
  int64_t stride = 1;
  for (size_t k = 0; k < in_shape.size(); ++k) {
    const size_t i = in_shape.size() - 1 - k;
    const size_t o = rank - 1 - k;
    in_stride[o] = in_shape[i] == 1 ? 0 : stride;
    stride *= in_shape[i];
  }
  const int64_t n = NumElementsOf(out_shape);
  std::vector<int64_t> map(n);
  std::vector<int32_t> idx(rank, 0);
  int64_t offset = 0;
  for (int64_t flat = 0; flat < n; ++flat) {
    map[flat] = offset;
    for (size_t d = rank; d-- > 0;) {  // odometer increment
      offset += in_stride[d];
      if (++idx[d] < out_shape[d]) break;
      offset -= in_stride[d] * idx[d];
      idx[d] = 0;
    }
  }
  return map;
}

bool IsIntegerType(tflite::TensorType type) {
  using T = tflite::TensorType;
  return type == T::INT8 || type == T::UINT8 || type == T::INT16 || type == T::UINT16 || type == T::INT32 ||
         type == T::UINT32 || type == T::INT64 || type == T::UINT64 || type == T::BOOL;
}

int64_t ReadInt(const RtTensor& t, int64_t i) {
  using T = tflite::TensorType;
  switch (t.type()) {
    case T::INT8: return t.data<int8_t>()[i];
    case T::UINT8: return t.data<uint8_t>()[i];
    case T::BOOL: return t.data<uint8_t>()[i] != 0;
    case T::INT16: return t.data<int16_t>()[i];
    case T::UINT16: return t.data<uint16_t>()[i];
    case T::INT32: return t.data<int32_t>()[i];
    case T::UINT32: return t.data<uint32_t>()[i];
    case T::INT64: return t.data<int64_t>()[i];
    case T::UINT64: return static_cast<int64_t>(t.data<uint64_t>()[i]);
    default: return 0;
  }
}

std::vector<int64_t> ReadInts(const RtTensor& t) {
  std::vector<int64_t> out(t.num_elements());
  for (int64_t i = 0; i < t.num_elements(); ++i) out[i] = ReadInt(t, i);
  return out;
}

}  // namespace tfconv
