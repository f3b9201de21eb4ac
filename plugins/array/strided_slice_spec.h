// StridedSliceSpec: TensorFlow's StridedSlice semantics in a form every stage can use. The sparse
// specification (begin/end/strides plus five bit masks, as the Python `x[1:, ..., tf.newaxis, 3]`
// produces it) becomes a dense one with exactly one entry per input dimension: the ellipsis is
// expanded, new axes are set aside as size-1 output dimensions, and shrunk dimensions are marked.
//
//   StridedSliceMasks m{.begin = 1, .shrink = 4};   // x[:, 2:5, 1]
//   StridedSliceSpec spec = BuildStridedSliceSpec(node, /*input_rank=*/3, 3, &b, &e, &s, m).value();
//   std::vector<SliceRange> r = CanonicalRanges(node, spec, input_shape).value();
//   PartialShape out = FinalShape(spec, r);       // [d0, 3]
#ifndef TFCONV_PLUGINS_ARRAY_STRIDED_SLICE_SPEC_H_
#define TFCONV_PLUGINS_ARRAY_STRIDED_SLICE_SPEC_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "ops/op_context.h"

namespace tfconv {
namespace array {

struct StridedSliceMasks {
  int64_t begin = 0;
  int64_t end = 0;
  int64_t ellipsis = 0;
  int64_t new_axis = 0;
  int64_t shrink = 0;
};

// The five *_mask attributes of a StridedSlice node (absent ones are 0).
absl::StatusOr<StridedSliceMasks> ReadStridedSliceMasks(const Node& node);

struct StridedSliceSpec {
  struct Dim {
    int64_t begin = 0;
    int64_t end = 0;
    int64_t stride = 1;
    bool begin_masked = false;
    bool end_masked = false;
    bool shrink = false;
    bool values_known = true;  // false when begin/end/strides were not constants
  };
  static constexpr int kNewAxis = -1;

  std::vector<Dim> dims;    // one per input dimension
  std::vector<int> output;  // per output dimension: the input dimension it comes from, or kNewAxis
  bool has_ellipsis = false;
  bool has_new_axis = false;
};

// Builds the dense spec for an input of rank `input_rank` from `sparse_length` sparse entries.
// begin/end/strides point at the sparse values, or are null when the values are not known (then
// only the masks shape the result). Errors name the node: several ellipses, more indices than the
// input has dimensions.
absl::StatusOr<StridedSliceSpec> BuildStridedSliceSpec(const Node& node, int input_rank, int sparse_length,
                                                       const std::vector<int64_t>* begin,
                                                       const std::vector<int64_t>* end,
                                                       const std::vector<int64_t>* strides,
                                                       const StridedSliceMasks& masks);

// What one input dimension contributes: `count` elements from `start` every `stride`.
// count is -1 when it cannot be known (unknown size or values); start is meaningful only when the
// count is known and positive.
struct SliceRange {
  int64_t start = 0;
  int64_t stride = 1;
  int64_t count = -1;
};

// Resolves negative indices, masks and clamping against the input shape exactly as TensorFlow
// does; errors for a zero stride and for a shrunk index outside its dimension.
absl::StatusOr<std::vector<SliceRange>> CanonicalRanges(const Node& node, const StridedSliceSpec& spec,
                                                        const PartialShape& input);

// The op's output shape: shrunk dimensions dropped, new axes inserted as 1.
PartialShape FinalShape(const StridedSliceSpec& spec, const std::vector<SliceRange>& ranges);

}  // namespace array
}  // namespace tfconv

#endif  // TFCONV_PLUGINS_ARRAY_STRIDED_SLICE_SPEC_H_
