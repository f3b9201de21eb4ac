// Helpers shared by the elementwise kernels: broadcasting of two or three operands, fused
// activation ranges with TFLite's semantics, quantized-multiplier set-up that reports errors
// instead of aborting, and wrapping integer arithmetic.
//
//   Broadcast bc;
//   TFCONV_KERNEL_RETURN_IF_ERROR(bc.Init(c, a.shape(), b.shape()));
//   y.Reset(a.type(), bc.shape());
//   for (int64_t i = 0; i < bc.size(); ++i) out[i] = pa[bc.a(i)] + pb[bc.b(i)];
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_ELEMENTWISE_UTIL_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_ELEMENTWISE_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {
namespace elementwise {

// NumPy broadcasting of up to three operands; index maps are only built when a shape differs
// from the output's.
class Broadcast {
 public:
  absl::Status Init(const KernelContext& c, const std::vector<int32_t>& a, const std::vector<int32_t>& b);
  absl::Status Init(const KernelContext& c, const std::vector<int32_t>& a, const std::vector<int32_t>& b,
                    const std::vector<int32_t>& d);
  const std::vector<int32_t>& shape() const { return shape_; }
  int64_t size() const { return size_; }
  int64_t a(int64_t i) const { return map_[0].empty() ? i : map_[0][i]; }
  int64_t b(int64_t i) const { return map_[1].empty() ? i : map_[1][i]; }
  int64_t d(int64_t i) const { return map_[2].empty() ? i : map_[2][i]; }

 private:
  // Index maps for the operands whose shape differs from the output's.
  void SetMaps(std::initializer_list<const std::vector<int32_t>*> operands);
  std::vector<int32_t> shape_;
  int64_t size_ = 0;
  std::vector<int64_t> map_[3];
};

// min(max(x, lo), hi): a NaN passes through, as in TFLite's ActivationFunctionWithMinMax.
template <typename T>
T ClampTo(T x, T lo, T hi) {
  return std::min(std::max(x, lo), hi);
}

// The clamp range TFLite's CalculateActivationRange gives a float output (NONE, RELU, RELU6,
// RELU_N1_TO_1). NONE clamps to [lowest, max], so +-inf become +-FLT_MAX as in the reference
// kernels. Other activations are refused: TFLite silently ignores them on most operators (the
// conv, pooling and arithmetic kernels) and FULLY_CONNECTED rejects them. Shared by every family.
absl::Status FloatActivationRange(const KernelContext& c, tflite::ActivationFunctionType act, float* lo, float* hi);

// The same for plain (not quantized) integer outputs.
template <typename T>
absl::Status IntActivationRange(const KernelContext& c, tflite::ActivationFunctionType act, T* lo, T* hi) {
  float flo, fhi;
  if (absl::Status s = FloatActivationRange(c, act, &flo, &fhi); !s.ok()) return s;
  *lo = act == tflite::ActivationFunctionType::NONE ? std::numeric_limits<T>::lowest() : static_cast<T>(flo);
  *hi = act == tflite::ActivationFunctionType::NONE || act == tflite::ActivationFunctionType::RELU
            ? std::numeric_limits<T>::max()
            : static_cast<T>(fhi);
  return absl::OkStatus();
}

// QuantizeMultiplier for a real multiplier in [0, 1) (shift <= 0); an error names `what` otherwise.
absl::Status MultiplierBelowOne(const KernelContext& c, double real, absl::string_view what, int32_t* multiplier,
                                int* shift);

// TFLite's CheckedLog2: true when x is a power of two (within 1e-3 in log2), its exponent in *log2.
bool CheckedLog2(float x, int* log2);

// The zero point and scale of a per-tensor quantized operand; an error when it is not quantized
// or quantized per axis.
absl::Status PerTensorQuant(const KernelContext& c, const RtTensor& t, float* scale, int32_t* zero_point);

// Two's-complement wrapping arithmetic (the overflow that is undefined in TFLite's C++).
template <typename T>
T WrapAdd(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}
template <typename T>
T WrapSub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
}
template <typename T>
T WrapMul(T a, T b) {
  using U = std::make_unsigned_t<T>;
  using P = std::common_type_t<U, unsigned int>;  // avoid promotion back to signed int
  return static_cast<T>(static_cast<U>(static_cast<P>(static_cast<U>(a)) * static_cast<P>(static_cast<U>(b))));
}

// The start of a binary op: two inputs and one output, the inputs of one type (an error naming
// both types otherwise).
absl::Status CheckBinaryInputs(KernelContext& c);
// The same, then the broadcast of the two inputs.
absl::Status PrepareBinary(KernelContext& c, Broadcast* bc);

// Plain (not quantized) arithmetic over a broadcast: y[i] = f(a, b) clamped to the fused
// activation's range for a float or an integer output. `y` must be sized already.
template <typename T, typename F>
absl::Status PlainBinary(const KernelContext& c, tflite::ActivationFunctionType act, const Broadcast& bc,
                         const RtTensor& a, const RtTensor& b, RtTensor& y, F f) {
  T lo, hi;
  absl::Status range;
  if constexpr (std::is_floating_point_v<T>) {
    range = FloatActivationRange(c, act, &lo, &hi);
  } else {
    range = IntActivationRange(c, act, &lo, &hi);
  }
  if (!range.ok()) return range;
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  T* out = y.mutable_data<T>();
  for (int64_t i = 0; i < bc.size(); ++i) out[i] = ClampTo<T>(f(pa[bc.a(i)], pb[bc.b(i)]), lo, hi);
  return absl::OkStatus();
}

// Reads the fused activation of options that may be absent.
template <typename OptionsT>
tflite::ActivationFunctionType ActivationOf(const OptionsT* options) {
  return options == nullptr ? tflite::ActivationFunctionType::NONE : options->fused_activation_function;
}

}  // namespace elementwise
}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_ELEMENTWISE_ELEMENTWISE_UTIL_H_
