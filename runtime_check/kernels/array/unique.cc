// UNIQUE of a 1-D tensor: the distinct values in order of first appearance, and for each input
// element the position of its value among them (INT32 or INT64, as the idx_out_type option says).
// Values are compared with <, as TFLite's std::map does, so -0.0 and 0.0 are one value (the first
// seen is kept). A NaN is refused: it is no value std::map can order.
#include <cmath>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

using TT = tflite::TensorType;

template <typename T>
absl::Status UniqueOf(KernelContext& c, const RtTensor& x, RtTensor& values, RtTensor& idx) {
  const T* in = x.data<T>();
  const int64_t n = x.num_elements();
  std::map<T, int64_t> position;
  std::vector<T> kept;
  std::vector<int64_t> where(n);
  for (int64_t i = 0; i < n; ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(in[i])) return c.Error(absl::StrCat("element ", i, " is NaN; UNIQUE cannot order it"));
    }
    auto [it, inserted] = position.emplace(in[i], static_cast<int64_t>(kept.size()));
    if (inserted) kept.push_back(in[i]);
    where[i] = it->second;
  }
  values.Reset(x.type(), {static_cast<int32_t>(kept.size())});
  for (size_t j = 0; j < kept.size(); ++j) values.mutable_data<T>()[j] = kept[j];
  idx.Reset(idx.type(), {static_cast<int32_t>(n)});
  for (int64_t i = 0; i < n; ++i) {
    if (idx.type() == TT::INT32) {
      idx.mutable_data<int32_t>()[i] = static_cast<int32_t>(where[i]);
    } else {
      idx.mutable_data<int64_t>()[i] = where[i];
    }
  }
  return absl::OkStatus();
}

absl::Status Unique(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 2));
  const RtTensor& x = c.input(0);
  RtTensor& values = c.output(0);
  RtTensor& idx = c.output(1);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, values));
  const TT idx_type = OptionsOr(c.op().builtin_options.AsUniqueOptions()).idx_out_type;
  if (idx_type != TT::INT32 && idx_type != TT::INT64) {
    return c.Error(absl::StrCat("idx_out_type ", TfliteTypeName(idx_type), " must be INT32 or INT64"));
  }
  if (idx.type() != idx_type) {
    return c.Error(absl::StrCat("the index output is ", TfliteTypeName(idx.type()), " but idx_out_type says ",
                                TfliteTypeName(idx_type)));
  }
  if (x.rank() != 1) return c.Error(absl::StrCat("the input must be 1-D, it has shape ", ShapeString(x.shape())));
  switch (x.type()) {
    case TT::FLOAT32: return UniqueOf<float>(c, x, values, idx);
    case TT::INT8: return UniqueOf<int8_t>(c, x, values, idx);
    case TT::UINT8: return UniqueOf<uint8_t>(c, x, values, idx);
    case TT::INT16: return UniqueOf<int16_t>(c, x, values, idx);
    case TT::INT32: return UniqueOf<int32_t>(c, x, values, idx);
    case TT::INT64: return UniqueOf<int64_t>(c, x, values, idx);
    default: return c.UnsupportedType(x);
  }
}

}  // namespace

void RegisterUniqueKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::UNIQUE, Unique);
}

}  // namespace tfconv
