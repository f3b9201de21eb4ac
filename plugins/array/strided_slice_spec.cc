#include "plugins/array/strided_slice_spec.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

bool Bit(int64_t mask, int i) { return i < 63 && ((static_cast<uint64_t>(mask) >> i) & 1u) != 0; }

}  // namespace

absl::StatusOr<StridedSliceMasks> ReadStridedSliceMasks(const Node& node) {
  StridedSliceMasks m;
  TFCONV_ASSIGN_OR_RETURN(m.begin, GetAttrOr<int64_t>(node, "begin_mask", 0));
  TFCONV_ASSIGN_OR_RETURN(m.end, GetAttrOr<int64_t>(node, "end_mask", 0));
  TFCONV_ASSIGN_OR_RETURN(m.ellipsis, GetAttrOr<int64_t>(node, "ellipsis_mask", 0));
  TFCONV_ASSIGN_OR_RETURN(m.new_axis, GetAttrOr<int64_t>(node, "new_axis_mask", 0));
  TFCONV_ASSIGN_OR_RETURN(m.shrink, GetAttrOr<int64_t>(node, "shrink_axis_mask", 0));
  return m;
}

absl::StatusOr<StridedSliceSpec> BuildStridedSliceSpec(const Node& node, int input_rank, int sparse_length,
                                                       const std::vector<int64_t>* begin,
                                                       const std::vector<int64_t>* end,
                                                       const std::vector<int64_t>* strides,
                                                       const StridedSliceMasks& masks) {
  const bool values_known = begin != nullptr && end != nullptr && strides != nullptr;
  if (values_known &&
      (static_cast<int>(begin->size()) != sparse_length || static_cast<int>(end->size()) != sparse_length ||
       static_cast<int>(strides->size()) != sparse_length)) {
    return NodeError(node, absl::StrCat("begin, end and strides must have the same length; got ",
                                        begin->size(), ", ", end->size(), " and ", strides->size()));
  }
  // Only the bits of the sparse entries count.
  int64_t ellipsis = 0;
  int ellipses = 0;
  int new_axes_after_ellipsis = 0;
  for (int i = 0; i < sparse_length; ++i) {
    if (ellipses > 0 && Bit(masks.new_axis, i) && !Bit(masks.ellipsis, i)) ++new_axes_after_ellipsis;
    if (Bit(masks.ellipsis, i)) {
      ++ellipses;
      ellipsis |= int64_t{1} << i;
    }
  }
  if (ellipses > 1) return NodeError(node, "a strided slice may hold at most one ellipsis");
  StridedSliceSpec spec;
  spec.has_ellipsis = ellipses == 1;
  spec.dims.resize(input_rank);
  // Without an ellipsis, an implicit one at the end keeps the remaining dimensions whole.
  const int entries = ellipses == 1 ? sparse_length : sparse_length + 1;
  int full = 0;
  for (int i = 0; i < entries; ++i) {
    const bool is_ellipsis = i == sparse_length || Bit(ellipsis, i);
    if (is_ellipsis) {
      const int next = std::min(input_rank - (entries - i) + 1 + new_axes_after_ellipsis, input_rank);
      for (; full < next; ++full) {
        StridedSliceSpec::Dim& d = spec.dims[full];
        d.begin_masked = d.end_masked = true;
        spec.output.push_back(full);
      }
    } else if (Bit(masks.new_axis, i)) {
      spec.output.push_back(StridedSliceSpec::kNewAxis);
      spec.has_new_axis = true;
    } else {
      if (full >= input_rank) {
        return NodeError(node,
                         absl::StrCat("the slice indexes more dimensions than the input's ", input_rank));
      }
      StridedSliceSpec::Dim& d = spec.dims[full];
      d.values_known = values_known;
      if (values_known) {
        d.begin = (*begin)[i];
        d.end = (*end)[i];
        d.stride = (*strides)[i];
      }
      d.begin_masked = Bit(masks.begin, i);
      d.end_masked = Bit(masks.end, i);
      d.shrink = Bit(masks.shrink, i);
      if (!d.shrink) spec.output.push_back(full);
      ++full;
    }
  }
  return spec;
}

absl::StatusOr<std::vector<SliceRange>> CanonicalRanges(const Node& node, const StridedSliceSpec& spec,
                                                        const PartialShape& input) {
  std::vector<SliceRange> ranges(spec.dims.size());
  for (size_t i = 0; i < spec.dims.size(); ++i) {
    const StridedSliceSpec::Dim& d = spec.dims[i];
    SliceRange& r = ranges[i];
    r.stride = d.stride;
    if (d.values_known && d.stride == 0) {
      return NodeError(node, absl::StrCat("the stride of dimension ", i, " must be non-zero"));
    }
    if (d.values_known && d.shrink && d.stride <= 0) {
      return NodeError(node,
                       absl::StrCat("dimension ", i, " takes a single index, which needs a positive stride"));
    }
    const int64_t size = input.known_rank() ? input.dim(i) : -1;
    if (d.shrink) r.count = 1;
    if (size < 0 || !d.values_known) continue;
    if (d.shrink) {
      const int64_t index = d.begin < 0 ? size + d.begin : d.begin;
      if (index < 0 || index >= size) {
        return NodeError(
            node, absl::StrCat("index ", d.begin, " of dimension ", i, " is out of bounds for size ", size));
      }
      r.start = index;
      continue;
    }
    // Valid positions: [0, size] going forward, [-1, size - 1] going backward.
    const int64_t lo = d.stride > 0 ? 0 : -1;
    const int64_t hi = d.stride > 0 ? size : size - 1;
    auto canonical = [&](int64_t x, bool masked, bool is_begin) {
      if (masked) return (d.stride > 0) == is_begin ? lo : hi;
      const int64_t forward = x < 0 ? size + x : x;
      return std::clamp(forward, lo, hi);
    };
    const int64_t b = canonical(d.begin, d.begin_masked, true);
    const int64_t e = canonical(d.end, d.end_masked, false);
    const int64_t interval = e - b;
    r.start = b;
    if (interval == 0 || (interval < 0) != (d.stride < 0)) {
      r.count = 0;
    } else {
      r.count = interval / d.stride + (interval % d.stride != 0 ? 1 : 0);
    }
  }
  return ranges;
}

PartialShape FinalShape(const StridedSliceSpec& spec, const std::vector<SliceRange>& ranges) {
  std::vector<int64_t> dims;
  for (int from : spec.output) dims.push_back(from == StridedSliceSpec::kNewAxis ? 1 : ranges[from].count);
  return PartialShape(dims);
}

}  // namespace array
}  // namespace tfconv
