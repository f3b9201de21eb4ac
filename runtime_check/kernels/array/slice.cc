// SLICE and STRIDED_SLICE. STRIDED_SLICE follows TFLite's index logic: ellipsis and new-axis
// masks are expanded into an "effective" input shape first; begin/end are then wrapped
// (negative + size), clamped, and overridden by the begin/end masks; with the `offset` option the
// end operand is a size relative to begin. Unlike TFLite, a slice that would leave output
// elements unwritten (a shrunk index out of range, a shrink with a negative stride, an `offset`
// slice running past the end) is an error.
#include <algorithm>
#include <cstdlib>
#include <limits>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

// Copies the elements start[d] + k * step[d], k < count[d], of every dimension, in row-major order.
void Gather(const RtTensor& x, const std::vector<int64_t>& in_strides, const std::vector<int64_t>& start,
            const std::vector<int64_t>& step, const std::vector<int32_t>& count, RtTensor& y) {
  const int size = TfliteTypeSize(x.type());
  if (NumElementsOf(count) == 0) return;
  std::vector<int32_t> k(count.size(), 0);
  int64_t to = 0;
  do {
    int64_t from = 0;
    for (size_t d = 0; d < count.size(); ++d) from += (start[d] + k[d] * step[d]) * in_strides[d];
    CopyElements(y.mutable_raw(), to++, x.raw(), from, 1, size);
  } while (NextIndex(count, k));
}

absl::Status Slice(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(3, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckIndexType(c, c.input(1), "begin"));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckIndexType(c, c.input(2), "size"));
  const std::vector<int64_t> begin = ReadInts(c.input(1));
  const std::vector<int64_t> size = ReadInts(c.input(2));
  if (static_cast<int>(begin.size()) != x.rank() || static_cast<int>(size.size()) != x.rank()) {
    return c.Error(absl::StrCat("begin and size must have ", x.rank(), " values, they have ", begin.size(), " and ",
                                size.size()));
  }
  std::vector<int64_t> count(x.rank()), step(x.rank(), 1);
  for (int d = 0; d < x.rank(); ++d) {
    if (std::llabs(begin[d]) > kMaxElements || std::llabs(size[d]) > kMaxElements) {
      return c.Error(absl::StrCat("slice begin ", begin[d], " or size ", size[d], " is out of range"));
    }
    count[d] = size[d] == -1 ? x.dim(d) - begin[d] : size[d];
    if (begin[d] < 0 || count[d] < 0 || begin[d] + count[d] > x.dim(d)) {
      return c.Error(absl::StrCat("slice begin ", begin[d], " size ", size[d], " is out of range for dimension ", d,
                                  " of size ", x.dim(d)));
    }
  }
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, count, "SLICE output", &shape));
  y.Reset(x.type(), shape);
  Gather(x, Strides(x.shape()), begin, step, shape, y);
  return absl::OkStatus();
}

struct EffectiveDim {
  int64_t size = 1;       // of the effective input dimension
  int64_t begin = 0, end = 0, stride = 1;
  int source = -1;        // index into begin/end/strides, -1 for dimensions the masks added
  bool begin_masked = false, end_masked = false, shrink = false;
};

bool Bit(int32_t mask, int i) { return i < 32 && ((static_cast<uint32_t>(mask) >> i) & 1) != 0; }

// TFLite's expansion of ellipsis_mask and new_axis_mask (BuildStridedSliceParams).
// The input dimension `k`, or -1 when masks and indices point past the input's rank.
int32_t DimOrInvalid(const std::vector<int32_t>& shape, int k) {
  return k >= 0 && k < static_cast<int>(shape.size()) ? shape[k] : -1;
}

std::vector<EffectiveDim> EffectiveDims(const tflite::StridedSliceOptionsT& o, const std::vector<int32_t>& in_shape,
                                        int begin_count) {
  const int input_dims = static_cast<int>(in_shape.size());
  int num_add_axis = 0;
  for (int i = 0; i < begin_count; ++i) {
    if (!Bit(o.ellipsis_mask, i) && Bit(o.new_axis_mask, i)) ++num_add_axis;
  }
  const int effective_dims = input_dims + num_add_axis;
  int64_t ellipsis_bits = 0, new_axis_bits = 0;
  int ellipsis_start = effective_dims, expanded = 0;
  for (int i = 0; i < effective_dims;) {
    if (Bit(o.ellipsis_mask, i)) {
      ellipsis_start = i;
      const int end = std::max(i + 1, std::min(i + 1 + num_add_axis + input_dims - begin_count, effective_dims));
      expanded = end - ellipsis_start - 1;
      for (; i < end; ++i) ellipsis_bits |= int64_t{1} << i;
      continue;
    }
    if (Bit(o.new_axis_mask, i - expanded)) new_axis_bits |= int64_t{1} << i;
    ++i;
  }
  std::vector<EffectiveDim> dims(effective_dims);
  int added_ellipsis = 0, added_axes = 0;
  for (int i = 0; i < effective_dims; ++i) {
    EffectiveDim& e = dims[i];
    if ((ellipsis_bits >> i) & 1) {
      added_ellipsis = std::max(0, i - ellipsis_start);
      e.begin_masked = e.end_masked = true;
      e.size = DimOrInvalid(in_shape, i - added_axes);
    } else if ((new_axis_bits >> i) & 1) {
      e.end = 1;
      e.size = 1;
      ++added_axes;
    } else if (i >= begin_count + expanded) {
      e.begin_masked = e.end_masked = true;
      e.size = DimOrInvalid(in_shape, i - added_axes);
    } else {
      e.source = i - added_ellipsis;
      e.begin_masked = Bit(o.begin_mask, e.source);
      e.end_masked = Bit(o.end_mask, e.source);
      e.shrink = Bit(o.shrink_axis_mask, e.source);
      e.size = DimOrInvalid(in_shape, i - added_axes);
    }
  }
  return dims;
}

absl::Status StridedSlice(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(4, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
  for (int i = 1; i <= 3; ++i) {
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckIndexType(c, c.input(i), i == 1 ? "begin" : i == 2 ? "end" : "strides"));
  }
  const std::vector<int64_t> begin = ReadInts(c.input(1));
  const std::vector<int64_t> end = ReadInts(c.input(2));
  const std::vector<int64_t> strides = ReadInts(c.input(3));
  if (begin.size() != end.size() || begin.size() != strides.size() || begin.size() > 31) {
    return c.Error(absl::StrCat("begin, end and strides must have one length (at most 31), they have ", begin.size(),
                                ", ", end.size(), " and ", strides.size()));
  }
  for (const std::vector<int64_t>* v : {&begin, &end, &strides}) {
    for (int64_t e : *v) {
      if (e < std::numeric_limits<int32_t>::min() || e > std::numeric_limits<int32_t>::max()) {
        return c.Error(absl::StrCat("slice index ", e, " does not fit in 32 bits"));
      }
    }
  }
  const auto o = OptionsOr(c.op().builtin_options.AsStridedSliceOptions());
  if (x.rank() > 31) return c.Unimplemented("inputs of rank above 31");
  std::vector<EffectiveDim> dims = EffectiveDims(o, x.shape(), static_cast<int>(begin.size()));
  if (o.ellipsis_mask == 0 && begin.size() > dims.size()) {
    return c.Error(absl::StrCat(begin.size(), " slice indices for an input of rank ", x.rank()));
  }
  for (const EffectiveDim& e : dims) {
    if (e.size < 0) {
      return c.Error(absl::StrCat("the masks and ", begin.size(), " slice indices do not fit an input of rank ",
                                  x.rank()));
    }
  }

  std::vector<int64_t> start(dims.size()), step(dims.size());
  std::vector<int32_t> count(dims.size());
  std::vector<int32_t> shape;
  for (size_t i = 0; i < dims.size(); ++i) {
    EffectiveDim& e = dims[i];
    if (e.source >= static_cast<int>(begin.size())) {
      return c.Error("the ellipsis mask does not match the number of slice indices");
    }
    if (e.source >= 0) {
      e.begin = begin[e.source];
      e.end = end[e.source];
      e.stride = strides[e.source];
    }
    if (e.stride == 0) return c.Error(absl::StrCat("stride of dimension ", i, " is zero"));
    const int64_t n = e.size;
    // Start: wrap negatives, clamp to the range iteration can begin from, then apply the mask.
    int64_t s = e.begin < 0 ? e.begin + n : e.begin;
    s = e.stride > 0 ? std::clamp<int64_t>(s, 0, n) : std::clamp<int64_t>(s, -1, n - 1);
    if (e.begin_masked) s = e.stride > 0 ? 0 : n - 1;
    int64_t k;
    if (e.shrink) {
      if (e.stride < 0) return c.Error(absl::StrCat("dimension ", i, " is shrunk with a negative stride"));
      if (s < 0 || s >= n) {
        return c.Error(absl::StrCat("index ", e.begin, " of shrunk dimension ", i, " is out of range for size ", n));
      }
      k = 1;
    } else {
      int64_t t = o.offset ? e.end + s : e.end;
      if (t < 0) t += n;
      t = e.stride > 0 ? std::clamp<int64_t>(t, 0, n) : std::clamp<int64_t>(t, -1, n - 1);
      if (e.end_masked) t = e.stride > 0 ? n : -1;
      const int64_t span = e.stride > 0 ? t - s : s - t;
      const int64_t abs_stride = e.stride > 0 ? e.stride : -e.stride;
      k = span > 0 ? (span + abs_stride - 1) / abs_stride : 0;
      if (o.offset && e.source >= 0) {
        // TFLite sizes this dimension from the end operand alone (ceil(end / stride)).
        const int64_t declared = std::max<int64_t>(0, (e.end + e.stride - (e.stride > 0 ? 1 : -1)) / e.stride);
        if (declared != k) {
          return c.Error(absl::StrCat("offset slice of size ", e.end, " from ", s, " does not fit dimension ", i,
                                      " of size ", n));
        }
      }
      shape.push_back(static_cast<int32_t>(k));
    }
    start[i] = s;
    step[i] = e.stride;
    count[i] = static_cast<int32_t>(k);
  }
  // The effective input has the same layout as the input (added axes have size 1).
  std::vector<int32_t> effective_shape;
  for (const EffectiveDim& e : dims) effective_shape.push_back(static_cast<int32_t>(e.size));
  y.Reset(x.type(), shape);
  Gather(x, Strides(effective_shape), start, step, count, y);
  return absl::OkStatus();
}

}  // namespace

void RegisterSliceKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::SLICE, Slice);
  registry.AddBuiltin(tflite::BuiltinOperator::STRIDED_SLICE, StridedSlice);
}

}  // namespace tfconv
