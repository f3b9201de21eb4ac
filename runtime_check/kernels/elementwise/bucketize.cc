// BUCKETIZE: for each element the number of boundaries (the option's float list, which must be
// sorted) less than or equal to it, as INT32, the same shape. Input FLOAT32, FLOAT64, INT32 or
// INT64, compared with the float boundaries the way TFLite's std::upper_bound compares them
// (integers are converted to float, so int32 values above 2^24 round first; a NaN lands after
// every boundary).
#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/elementwise/elementwise_ops.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace elementwise {
namespace {

using TT = tflite::TensorType;

template <typename T>
void Buckets(const RtTensor& x, const std::vector<float>& bounds, RtTensor& y) {
  const T* in = x.data<T>();
  int32_t* out = y.mutable_data<int32_t>();
  for (int64_t i = 0; i < x.num_elements(); ++i) {
    out[i] = static_cast<int32_t>(std::upper_bound(bounds.begin(), bounds.end(), in[i]) - bounds.begin());
  }
}

absl::Status Bucketize(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const auto* opts = c.op().builtin_options.AsBucketizeOptions();
  const std::vector<float> bounds = opts != nullptr ? opts->boundaries : std::vector<float>{};
  if (!std::is_sorted(bounds.begin(), bounds.end())) return c.Error("the boundaries are not sorted");
  if (y.type() != TT::INT32) return c.UnsupportedType(y);
  y.Reset(TT::INT32, x.shape());
  switch (x.type()) {
    case TT::FLOAT32: Buckets<float>(x, bounds, y); break;
    case TT::FLOAT64: Buckets<double>(x, bounds, y); break;
    case TT::INT32: Buckets<int32_t>(x, bounds, y); break;
    case TT::INT64: Buckets<int64_t>(x, bounds, y); break;
    default: return c.UnsupportedType(x);
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterBucketize(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::BUCKETIZE, Bucketize);
}

}  // namespace elementwise
}  // namespace tfconv
