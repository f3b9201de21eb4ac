// SHAPE (the input's dimensions as INT32 or INT64), RANK (the input's rank as an INT32 scalar),
// BROADCAST_ARGS (the NumPy broadcast of two 1-D INT32/INT64 shapes of one type; a pair of
// dimensions neither equal nor 1 is an error) and RANGE (start, limit, delta scalars; INT32,
// INT64 or FLOAT32, accumulating start + delta + delta... as TFLite does).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status Shape(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const auto* opts = c.op().builtin_options.AsShapeOptions();
  const tflite::TensorType type = y.type();
  if (type != tflite::TensorType::INT32 && type != tflite::TensorType::INT64) return c.UnsupportedType(y);
  if (opts != nullptr && opts->out_type != type) {
    return c.Error(absl::StrCat("out_type ", TfliteTypeName(opts->out_type), " differs from the output type ",
                                TfliteTypeName(type)));
  }
  y.Reset(type, {x.rank()});
  for (int d = 0; d < x.rank(); ++d) {
    if (type == tflite::TensorType::INT32) {
      y.mutable_data<int32_t>()[d] = x.dim(d);
    } else {
      y.mutable_data<int64_t>()[d] = x.dim(d);
    }
  }
  return absl::OkStatus();
}

absl::Status Rank(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  RtTensor& y = c.output(0);
  if (y.type() != tflite::TensorType::INT32) return c.UnsupportedType(y);
  const int rank = c.input(0).rank();
  y.Reset(tflite::TensorType::INT32, {});
  y.mutable_data<int32_t>()[0] = rank;
  return absl::OkStatus();
}

absl::Status BroadcastArgs(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& a = c.input(0);
  const RtTensor& b = c.input(1);
  RtTensor& y = c.output(0);
  const tflite::TensorType type = a.type();
  if (type != tflite::TensorType::INT32 && type != tflite::TensorType::INT64) return c.UnsupportedType(a);
  if (b.type() != type || y.type() != type) return c.Error("both shapes and the output must have one type");
  if (a.rank() != 1 || b.rank() != 1) return c.Error("both shapes must be 1-D");
  const std::vector<int64_t> da = ReadInts(a), db = ReadInts(b);
  const size_t n = std::max(da.size(), db.size());
  std::vector<int64_t> out(n);
  for (size_t i = 0; i < n; ++i) {  // aligned at the end
    const int64_t x = i < n - da.size() ? 1 : da[i - (n - da.size())];
    const int64_t z = i < n - db.size() ? 1 : db[i - (n - db.size())];
    if (x != z && x != 1 && z != 1) {
      return c.Error(absl::StrCat("shapes ", ShapeString({da.begin(), da.end()}), " and ",
                                  ShapeString({db.begin(), db.end()}), " do not broadcast (", x, " vs ", z, ")"));
    }
    out[i] = x == 1 ? z : x;
  }
  y.Reset(type, {static_cast<int32_t>(n)});
  for (size_t i = 0; i < n; ++i) {
    if (type == tflite::TensorType::INT32) {
      y.mutable_data<int32_t>()[i] = static_cast<int32_t>(out[i]);
    } else {
      y.mutable_data<int64_t>()[i] = out[i];
    }
  }
  return absl::OkStatus();
}

template <typename T>
absl::Status RangeOf(KernelContext& c) {
  const T start = c.input(0).data<T>()[0];
  const T limit = c.input(1).data<T>()[0];
  const T delta = c.input(2).data<T>()[0];
  if (delta == 0) return c.Error("delta is zero");
  if (!((start >= limit && delta < 0) || (start <= limit && delta > 0))) {
    return c.Error("delta moves away from the limit");
  }
  double count;
  if constexpr (std::is_integral_v<T>) {
    // ceil(|limit - start| / |delta|) without overflow.
    const uint64_t span = start <= limit ? static_cast<uint64_t>(limit) - static_cast<uint64_t>(start)
                                         : static_cast<uint64_t>(start) - static_cast<uint64_t>(limit);
    const uint64_t step = delta < 0 ? 0 - static_cast<uint64_t>(delta) : static_cast<uint64_t>(delta);
    count = static_cast<double>(span / step + (span % step != 0 ? 1 : 0));
  } else {
    count = std::ceil(std::fabs((limit - start) / delta));
  }
  if (!(count <= static_cast<double>(kMaxElements))) return c.Error("the range has too many elements");
  RtTensor& y = c.output(0);
  y.Reset(c.input(0).type(), {static_cast<int32_t>(count)});
  T value = start;
  for (int64_t i = 0; i < y.num_elements(); ++i) {
    y.mutable_data<T>()[i] = value;
    if (i + 1 < y.num_elements()) value += delta;  // stays within [start, limit]: no overflow
  }
  return absl::OkStatus();
}

absl::Status Range(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(3, 1));
  const tflite::TensorType type = c.input(0).type();
  for (int i = 0; i < 3; ++i) {
    if (c.input(i).type() != type || c.input(i).num_elements() != 1) {
      return c.Error("start, limit and delta must be scalars of one type");
    }
  }
  if (c.output(0).type() != type) return c.Error("the output type must match the inputs");
  switch (type) {
    case tflite::TensorType::INT32: return RangeOf<int32_t>(c);
    case tflite::TensorType::INT64: return RangeOf<int64_t>(c);
    case tflite::TensorType::FLOAT32: return RangeOf<float>(c);
    default: return c.UnsupportedType(c.input(0));
  }
}

}  // namespace

void RegisterShapeKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::SHAPE, Shape);
  registry.AddBuiltin(tflite::BuiltinOperator::RANK, Rank);
  registry.AddBuiltin(tflite::BuiltinOperator::BROADCAST_ARGS, BroadcastArgs);
  registry.AddBuiltin(tflite::BuiltinOperator::RANGE, Range);
}

}  // namespace tfconv
