// Sliding-window geometry shared by the convolutions and the pools: reading the TF attributes
// (data_format, strides, dilations, ksize, padding, explicit_paddings) and TF's rule for the output
// size and the padding of each spatial dimension.
//
//   TFCONV_ASSIGN_OR_RETURN(Window2DAttrs a, ReadWindow2DAttrs(node, WindowKind::kConv));
//   TFCONV_ASSIGN_OR_RETURN(Window2D g, ComputeWindow2D(node, a, /*in_h=*/5, /*in_w=*/7,
//                                                       /*filter_h=*/3, /*filter_w=*/3));
//   g.h.out;         // output height
//   g.h.pad_before;  // rows of zeros above (SAME: floor(total / 2), as TF pads)
#ifndef TFCONV_PLUGINS_NN_WINDOW_H_
#define TFCONV_PLUGINS_NN_WINDOW_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/graph/graph.h"

namespace tfconv {

enum class Padding { kSame, kValid, kExplicit };

// Where the dimensions of a 4-D image tensor are, for data_format NHWC or NCHW.
struct ImageLayout {
  bool nchw = false;
  int batch = 0, height = 1, width = 2, channels = 3;
  static ImageLayout Nhwc() { return {}; }
  static ImageLayout Nchw() { return {true, 0, 2, 3, 1}; }
};

// The attributes of a 2-D windowed op, in height/width terms whatever the data_format.
struct Window2DAttrs {
  ImageLayout layout;
  Padding padding = Padding::kValid;
  int64_t stride_h = 1, stride_w = 1;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t ksize_h = 0, ksize_w = 0;  // pools only (convolutions take them from the filter)
  // EXPLICIT padding only.
  int64_t pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
};

enum class WindowKind {
  kConv,  // strides, optional dilations, padding (SAME/VALID/EXPLICIT), explicit_paddings
  kPool,  // ksize, strides, padding (SAME/VALID/EXPLICIT), explicit_paddings
};

// Reads and checks the attributes; errors name the node and the attribute.
absl::StatusOr<Window2DAttrs> ReadWindow2DAttrs(const Node& node, WindowKind kind);

// The same, with ksize and strides given as values instead of attributes when not null (MaxPoolV2
// takes them as inputs); they get the same checks as the attributes.
absl::StatusOr<Window2DAttrs> ReadWindow2DAttrsWith(const Node& node, WindowKind kind,
                                                    const std::vector<int64_t>* ksize,
                                                    const std::vector<int64_t>* strides);

// One spatial dimension: its output size and the padding added before and after. All three are -1
// when the input size is unknown.
struct Window1D {
  int64_t out = -1;
  int64_t pad_before = -1;
  int64_t pad_after = -1;
};

// TF's windowed output size: effective filter size (filter - 1) * dilation + 1, then
//   VALID     out = (in - effective + stride) / stride, no padding
//   SAME      out = (in + stride - 1) / stride, padding max(0, (out - 1) * stride + effective - in) split with
//             the smaller half before
//   EXPLICIT  out = (in + before + after - effective + stride) / stride
// (integer division as TF does it); a negative output size is an error, as in TF.
absl::StatusOr<Window1D> ComputeWindow1D(const Node& node, int64_t in, int64_t filter, int64_t dilation,
                                         int64_t stride, Padding padding, int64_t explicit_before = 0,
                                         int64_t explicit_after = 0);

struct Window2D {
  int64_t stride_h = 1, stride_w = 1;
  int64_t dilation_h = 1, dilation_w = 1;
  Window1D h, w;
};

absl::StatusOr<Window2D> ComputeWindow2D(const Node& node, const Window2DAttrs& attrs, int64_t in_h,
                                         int64_t in_w, int64_t filter_h, int64_t filter_w);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_NN_WINDOW_H_
