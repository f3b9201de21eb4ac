#include "plugins/activation/activation_kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tfconv {
namespace activation {
namespace {

// SELU's constants (Klambauer et al. 2017), as TensorFlow defines them.
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

template <typename T>
Tensor MapFloat(const Tensor& x, ScalarFn fn, double alpha) {
  absl::Span<const T> in = x.data<T>();
  std::vector<T> out(in.size());
  for (size_t i = 0; i < in.size(); ++i) out[i] = static_cast<T>(fn(static_cast<double>(in[i]), alpha));
  return Tensor::FromVector<T>(x.shape(), out);
}

template <typename T>
Tensor MapInteger(const Tensor& x, IntegerFn fn) {
  absl::Span<const T> in = x.data<T>();
  std::vector<T> out(in.size());
  for (size_t i = 0; i < in.size(); ++i) out[i] = static_cast<T>(fn(static_cast<int64_t>(in[i])));
  return Tensor::FromVector<T>(x.shape(), out);
}

template <typename T>
Tensor SoftmaxTyped(const Tensor& x, bool log) {
  const int64_t depth = x.shape().back();
  absl::Span<const T> in = x.data<T>();
  std::vector<T> out(in.size());
  for (size_t row = 0; depth > 0 && row < in.size(); row += depth) {
    double max = -std::numeric_limits<double>::infinity();
    for (int64_t k = 0; k < depth; ++k) max = std::max(max, static_cast<double>(in[row + k]));
    double sum = 0;
    for (int64_t k = 0; k < depth; ++k) sum += std::exp(static_cast<double>(in[row + k]) - max);
    for (int64_t k = 0; k < depth; ++k) {
      const double shifted = static_cast<double>(in[row + k]) - max;
      out[row + k] = static_cast<T>(log ? shifted - std::log(sum) : std::exp(shifted) / sum);
    }
  }
  return Tensor::FromVector<T>(x.shape(), out);
}

}  // namespace

double ReluRef(double x, double) { return x > 0 ? x : 0; }
double Relu6Ref(double x, double) { return std::min(std::max(x, 0.0), 6.0); }
double EluRef(double x, double) { return x < 0 ? std::expm1(x) : x; }
double SeluRef(double x, double) { return x < 0 ? kSeluScale * kSeluAlpha * std::expm1(x) : kSeluScale * x; }
double LeakyReluRef(double x, double alpha) { return x > 0 ? x : x * alpha; }
double SigmoidRef(double x, double) { return 1.0 / (1.0 + std::exp(-x)); }
double TanhRef(double x, double) { return std::tanh(x); }
// log(1 + e^x), rearranged so that neither branch overflows.
double SoftplusRef(double x, double) {
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}
double SoftsignRef(double x, double) { return x / (1.0 + std::abs(x)); }

int64_t ReluInt(int64_t x) { return x > 0 ? x : 0; }
int64_t Relu6Int(int64_t x) { return std::min<int64_t>(std::max<int64_t>(x, 0), 6); }

absl::StatusOr<Tensor> ApplyElementwise(const Tensor& x, ScalarFn fn, double alpha, IntegerFn int_fn) {
  switch (x.dtype()) {
    case DataType::kFloat:
      return MapFloat<float>(x, fn, alpha);
    case DataType::kDouble:
      return MapFloat<double>(x, fn, alpha);
    default:
      break;
  }
  if (int_fn != nullptr) {
    switch (x.dtype()) {
      case DataType::kInt8:
        return MapInteger<int8_t>(x, int_fn);
      case DataType::kUInt8:
        return MapInteger<uint8_t>(x, int_fn);
      case DataType::kInt16:
        return MapInteger<int16_t>(x, int_fn);
      case DataType::kInt32:
        return MapInteger<int32_t>(x, int_fn);
      case DataType::kInt64:
        return MapInteger<int64_t>(x, int_fn);
      default:
        break;
    }
  }
  return absl::UnimplementedError(
      absl::StrCat("no reference kernel for ", DataTypeName(x.dtype()), " tensors"));
}

absl::StatusOr<Tensor> SoftmaxLastAxis(const Tensor& x, bool log) {
  if (x.rank() < 1) return absl::InvalidArgumentError("the input must have rank >= 1, got a scalar");
  switch (x.dtype()) {
    case DataType::kFloat:
      return SoftmaxTyped<float>(x, log);
    case DataType::kDouble:
      return SoftmaxTyped<double>(x, log);
    default:
      return absl::UnimplementedError(
          absl::StrCat("no reference kernel for ", DataTypeName(x.dtype()), " tensors"));
  }
}

}  // namespace activation
}  // namespace tfconv
