// LOCAL_RESPONSE_NORMALIZATION of a rank-4 FLOAT32 tensor over its last (channel) axis:
//   y[c] = x[c] * (bias + alpha * sum of x[j]^2 for j in [c - radius, c + radius])^-beta,
// the window clipped to the channels. This is TF's LRN and TFLite's registered (optimized)
// kernel; TFLite's reference_ops version stops the window one channel short (j < c + radius), which
// the runtime does not use and TFLite's own tests (radius 2) contradict. Sums run in float in
// channel order.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/activation/activation_ops.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace activation {
namespace {

absl::Status LocalResponseNormalization(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  if (x.type() != tflite::TensorType::FLOAT32) return c.UnsupportedType(x);
  if (y.type() != x.type()) return c.Error("the output must be FLOAT32");
  if (x.rank() != 4) return c.Error(absl::StrCat("the input must have rank 4, it has shape ", ShapeString(x.shape())));
  const auto* opts = c.op().builtin_options.AsLocalResponseNormalizationOptions();
  if (opts == nullptr) return c.Error("LocalResponseNormalizationOptions are missing");
  if (opts->radius < 0) return c.Error(absl::StrCat("radius ", opts->radius, " is negative"));
  y.Reset(x.type(), x.shape());
  const int64_t depth = x.dim(3);
  const int64_t outer = depth == 0 ? 0 : x.num_elements() / depth;
  const float* in = x.data<float>();
  float* out = y.mutable_data<float>();
  for (int64_t r = 0; r < outer; ++r) {
    const float* row = in + r * depth;
    for (int64_t ch = 0; ch < depth; ++ch) {
      const int64_t begin = std::max<int64_t>(0, ch - opts->radius);
      const int64_t end = std::min<int64_t>(depth - 1, ch + opts->radius);
      float squares = 0.f;
      for (int64_t j = begin; j <= end; ++j) squares += row[j] * row[j];
      out[r * depth + ch] = row[ch] * std::pow(opts->bias + opts->alpha * squares, -opts->beta);
    }
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterLocalResponseNormalization(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::LOCAL_RESPONSE_NORMALIZATION, LocalResponseNormalization);
}

}  // namespace activation
}  // namespace tfconv
