// Segment reductions of FLOAT32 or INT32 data with INT32 segment ids, as TFLite's kernels:
// - SEGMENT_SUM(data, ids): ids 1-D, one per row of data, starting at 0 and rising by 0 or 1;
//   output [ids.back() + 1] + data.shape[1:], each row the sum of its segment's rows.
// - UNSORTED_SEGMENT_SUM/MAX/MIN/PROD(data, ids, num_segments): ids' shape is a prefix of data's,
//   num_segments one INT32 >= 0 above every id; output [num_segments] + data.shape[rank(ids):].
//   Negative ids drop their slice. An empty segment holds the reduction's start value: 0, the
//   type's lowest value, its largest value, 1. MAX/MIN combine with std::max/std::min(acc, x), so
//   a NaN after the start value is skipped, as in TFLite.
// Integer sums and products wrap around.
#include <algorithm>
#include <limits>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/kernels/pool_reduce/pool_reduce_ops.h"

namespace tfconv {
namespace {

using TT = tflite::TensorType;

enum class Seg { kSum, kMax, kMin, kProd };

template <typename T>
T Start(Seg op) {
  switch (op) {
    case Seg::kMax: return std::numeric_limits<T>::lowest();
    case Seg::kMin: return std::numeric_limits<T>::max();
    case Seg::kProd: return T(1);
    default: return T(0);
  }
}

template <typename T>
T Combine(Seg op, T acc, T x) {
  switch (op) {
    case Seg::kMax: return std::max(acc, x);
    case Seg::kMin: return std::min(acc, x);
    case Seg::kProd:
      if constexpr (std::is_integral_v<T>) {
        return static_cast<T>(static_cast<uint32_t>(acc) * static_cast<uint32_t>(x));
      } else {
        return acc * x;
      }
    default:
      if constexpr (std::is_integral_v<T>) {
        return static_cast<T>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(x));
      } else {
        return acc + x;
      }
  }
}

// out[ids[i]] = op(out[ids[i]], slice i of data) for every id >= 0; `y` is sized already.
template <typename T>
void Accumulate(Seg op, const RtTensor& data, const RtTensor& ids, RtTensor& y) {
  T* out = y.mutable_data<T>();
  for (int64_t i = 0; i < y.num_elements(); ++i) out[i] = Start<T>(op);
  const int64_t n_ids = ids.num_elements();
  const int64_t slice = n_ids == 0 ? 0 : data.num_elements() / n_ids;
  const T* in = data.data<T>();
  const int32_t* id = ids.data<int32_t>();
  for (int64_t i = 0; i < n_ids; ++i) {
    if (id[i] < 0) continue;
    for (int64_t j = 0; j < slice; ++j) out[id[i] * slice + j] = Combine(op, out[id[i] * slice + j], in[i * slice + j]);
  }
}

absl::Status CheckTypes(const KernelContext& c, const RtTensor& data, const RtTensor& ids, const RtTensor& y) {
  if (data.type() != TT::FLOAT32 && data.type() != TT::INT32) return c.UnsupportedType(data);
  if (y.type() != data.type()) return c.Error("data and output types differ");
  if (ids.type() != TT::INT32) return c.Error(absl::StrCat("segment ids '", ids.name(), "' must be INT32"));
  return absl::OkStatus();
}

absl::Status Run(Seg op, const RtTensor& data, const RtTensor& ids, RtTensor& y) {
  if (data.type() == TT::FLOAT32) {
    Accumulate<float>(op, data, ids, y);
  } else {
    Accumulate<int32_t>(op, data, ids, y);
  }
  return absl::OkStatus();
}

absl::Status SegmentSum(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& data = c.input(0);
  const RtTensor& ids = c.input(1);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckTypes(c, data, ids, y));
  if (data.rank() < 1 || ids.rank() != 1 || ids.dim(0) != data.dim(0)) {
    return c.Error(absl::StrCat("segment ids must be 1-D with one id per row of data (ids ", ShapeString(ids.shape()),
                                ", data ", ShapeString(data.shape()), ")"));
  }
  const int32_t* id = ids.data<int32_t>();
  for (int64_t i = 0; i < ids.num_elements(); ++i) {
    const int64_t step = i == 0 ? id[0] : int64_t{id[i]} - id[i - 1];
    if (i == 0 ? step != 0 : (step != 0 && step != 1)) {
      return c.Error(absl::StrCat("segment ids must start at 0 and rise by 0 or 1 (TFLite's rule); id ", i, " is ",
                                  id[i]));
    }
  }
  std::vector<int32_t> shape = data.shape();
  shape[0] = ids.num_elements() == 0 ? 0 : id[ids.num_elements() - 1] + 1;
  y.Reset(data.type(), shape);
  return Run(Seg::kSum, data, ids, y);
}

template <Seg kOp>
absl::Status UnsortedSegment(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(3, 1));
  const RtTensor& data = c.input(0);
  const RtTensor& ids = c.input(1);
  const RtTensor& count = c.input(2);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckTypes(c, data, ids, y));
  bool prefix = ids.rank() <= data.rank();
  for (int d = 0; prefix && d < ids.rank(); ++d) prefix = ids.dim(d) == data.dim(d);
  if (!prefix) {
    return c.Error(absl::StrCat("the segment ids' shape ", ShapeString(ids.shape()), " must be a prefix of data's ",
                                ShapeString(data.shape())));
  }
  if (count.type() != TT::INT32 || count.num_elements() != 1 || count.rank() > 1) {
    return c.Error(absl::StrCat("num_segments '", count.name(), "' must be one INT32 value"));
  }
  const int32_t segments = count.data<int32_t>()[0];
  if (segments < 0) return c.Error(absl::StrCat("num_segments is ", segments));
  const int32_t* id = ids.data<int32_t>();
  for (int64_t i = 0; i < ids.num_elements(); ++i) {
    if (id[i] >= segments) {
      return c.Error(absl::StrCat("segment id ", id[i], " (entry ", i, ") is not below num_segments ", segments));
    }
  }
  std::vector<int32_t> shape = {segments};
  shape.insert(shape.end(), data.shape().begin() + ids.rank(), data.shape().end());
  if (NumElementsOf(shape) > (int64_t{1} << 31) - 1) return c.Error("the output is too large");
  y.Reset(data.type(), shape);
  return Run(kOp, data, ids, y);
}

}  // namespace

void RegisterSegmentKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::SEGMENT_SUM, SegmentSum);
  registry.AddBuiltin(tflite::BuiltinOperator::UNSORTED_SEGMENT_SUM, UnsortedSegment<Seg::kSum>);
  registry.AddBuiltin(tflite::BuiltinOperator::UNSORTED_SEGMENT_MAX, UnsortedSegment<Seg::kMax>);
  registry.AddBuiltin(tflite::BuiltinOperator::UNSORTED_SEGMENT_MIN, UnsortedSegment<Seg::kMin>);
  registry.AddBuiltin(tflite::BuiltinOperator::UNSORTED_SEGMENT_PROD, UnsortedSegment<Seg::kProd>);
}

}  // namespace tfconv
