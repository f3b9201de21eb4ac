#include "runtime_check/kernels/array/array_util.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {

absl::Status CheckFixedSize(const KernelContext& c, const RtTensor& t) {
  if (TfliteTypeSize(t.type()) == 0) return c.UnsupportedType(t);
  return absl::OkStatus();
}

absl::Status CheckIndexType(const KernelContext& c, const RtTensor& t, absl::string_view what) {
  using T = tflite::TensorType;
  if (t.type() != T::INT16 && t.type() != T::INT32 && t.type() != T::INT64) {
    return c.Error(absl::StrCat(what, " '", t.name(), "' must be INT16, INT32 or INT64, not ",
                                TfliteTypeName(t.type())));
  }
  return absl::OkStatus();
}

absl::Status CheckSameType(const KernelContext& c, const RtTensor& in, const RtTensor& out) {
  if (in.type() != out.type()) {
    return c.Error(absl::StrCat("input '", in.name(), "' is ", TfliteTypeName(in.type()), " but output '",
                                out.name(), "' is ", TfliteTypeName(out.type())));
  }
  return absl::OkStatus();
}

absl::Status CheckSameQuantization(const KernelContext& c, const RtTensor& in, const RtTensor& out) {
  if (!in.is_quantized() || !out.is_quantized()) return absl::OkStatus();
  bool same = in.num_channels() == out.num_channels();
  for (int i = 0; same && i < in.num_channels(); ++i) {
    const float a = in.scale(i), b = out.scale(i);
    same = std::fabs(a - b) <= 1e-6f * std::max(std::fabs(a), std::fabs(b)) && in.zero_point(i) == out.zero_point(i);
  }
  if (!same) {
    return c.Error(absl::StrCat("input '", in.name(), "' (scale ", in.scale(), ", zero point ", in.zero_point(),
                                ") and output '", out.name(), "' (scale ", out.scale(), ", zero point ",
                                out.zero_point(), ") must have the same quantization: this op copies values"));
  }
  return absl::OkStatus();
}

absl::Status CheckMovementWithIndices(KernelContext& c, absl::string_view index_name) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, c.input(0), c.output(0)));
  return CheckIndexType(c, c.input(1), index_name);
}

absl::Status CheckDataMovement(const KernelContext& c, const RtTensor& in, const RtTensor& out) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckFixedSize(c, in));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckSameType(c, in, out));
  return CheckSameQuantization(c, in, out);
}

absl::Status NormalizeAxis(const KernelContext& c, int64_t axis, int rank, absl::string_view what, int* out) {
  const int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    return c.Error(absl::StrCat(what, " ", axis, " is out of range for rank ", rank));
  }
  *out = static_cast<int>(a);
  return absl::OkStatus();
}

absl::Status ToShape(const KernelContext& c, const std::vector<int64_t>& dims, absl::string_view what,
                     std::vector<int32_t>* shape) {
  shape->clear();
  int64_t count = 1;
  for (int64_t d : dims) {
    if (d < 0 || d > kMaxElements) {
      return c.Error(absl::StrCat(what, " dimension ", d, " is invalid"));
    }
    shape->push_back(static_cast<int32_t>(d));
    if (d != 0 && count > kMaxElements / d) {
      return c.Error(absl::StrCat(what, " shape has more than ", kMaxElements, " elements"));
    }
    count *= d;
  }
  return absl::OkStatus();
}

absl::Status ReadScalarInt(const KernelContext& c, const RtTensor& t, absl::string_view what, int64_t* value) {
  if (!IsIntegerType(t.type()) || t.type() == tflite::TensorType::BOOL) {
    return c.Error(absl::StrCat(what, " '", t.name(), "' must be an integer tensor, not ", TfliteTypeName(t.type())));
  }
  if (t.num_elements() != 1) {
    return c.Error(absl::StrCat(what, " '", t.name(), "' must hold one value, it has shape ", ShapeString(t.shape())));
  }
  *value = ReadInt(t, 0);
  return absl::OkStatus();
}

absl::Status ReadPairs(const KernelContext& c, const RtTensor& t, int rows, absl::string_view what,
                       std::vector<std::pair<int64_t, int64_t>>* pairs) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckIndexType(c, t, what));
  if (t.rank() != 2 || t.dim(0) != rows || t.dim(1) != 2) {
    return c.Error(absl::StrCat(what, " '", t.name(), "' must have shape [", rows, ",2], it has ",
                                ShapeString(t.shape())));
  }
  pairs->clear();
  for (int i = 0; i < 2 * rows; i += 2) {
    const int64_t a = ReadInt(t, i), b = ReadInt(t, i + 1);
    if (std::max(std::llabs(a), std::llabs(b)) > kMaxElements) {
      return c.Error(absl::StrCat(what, " value out of range: [", a, ",", b, "]"));
    }
    pairs->emplace_back(a, b);
  }
  return absl::OkStatus();
}

std::vector<int64_t> Strides(const std::vector<int32_t>& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
  return strides;
}

std::vector<uint8_t> ZeroElement(const RtTensor& out) {
  std::vector<uint8_t> bytes(TfliteTypeSize(out.type()), 0);
  if (!out.is_quantized()) return bytes;
  const int32_t zp = out.zero_point();
  switch (out.type()) {
    case tflite::TensorType::INT8: {
      const int8_t v = static_cast<int8_t>(zp);
      std::memcpy(bytes.data(), &v, 1);
      break;
    }
    case tflite::TensorType::UINT8: {
      const uint8_t v = static_cast<uint8_t>(zp);
      std::memcpy(bytes.data(), &v, 1);
      break;
    }
    case tflite::TensorType::INT16: {
      const int16_t v = static_cast<int16_t>(zp);
      std::memcpy(bytes.data(), &v, 2);
      break;
    }
    default:
      break;
  }
  return bytes;
}

}  // namespace tfconv
