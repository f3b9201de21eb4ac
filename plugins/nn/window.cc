#include "plugins/nn/window.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace {

// A 4-element NHWC/NCHW list whose batch and channel entries must be 1; returns (h, w). `name`
// says where the list came from (an attribute, or an input of MaxPoolV2).
absl::StatusOr<std::pair<int64_t, int64_t>> CheckSpatialPair(const Node& node, const char* name,
                                                             const ImageLayout& layout,
                                                             const std::vector<int64_t>& v) {
  if (v.size() != 4) {
    return NodeError(node, absl::StrCat("attribute '", name, "' must have 4 entries, got [",
                                        absl::StrJoin(v, ","), "]"));
  }
  if (v[layout.batch] != 1 || v[layout.channels] != 1) {
    return NodeError(node, absl::StrCat("attribute '", name, "' = [", absl::StrJoin(v, ","),
                                        "] must be 1 in the batch and channel dimensions"));
  }
  if (v[layout.height] < 1 || v[layout.width] < 1) {
    return NodeError(node, absl::StrCat("attribute '", name, "' = [", absl::StrJoin(v, ","),
                                        "] must be positive"));
  }
  return std::make_pair(v[layout.height], v[layout.width]);
}

// The same for a list attribute, with a default when it is absent.
absl::StatusOr<std::pair<int64_t, int64_t>> ReadSpatialPair(const Node& node, const char* name,
                                                            const ImageLayout& layout,
                                                            std::vector<int64_t> fallback) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> v, GetAttrOr<std::vector<int64_t>>(node, name, fallback));
  return CheckSpatialPair(node, name, layout, v);
}

}  // namespace

absl::StatusOr<Window2DAttrs> ReadWindow2DAttrs(const Node& node, WindowKind kind) {
  return ReadWindow2DAttrsWith(node, kind, nullptr, nullptr);
}

absl::StatusOr<Window2DAttrs> ReadWindow2DAttrsWith(const Node& node, WindowKind kind,
                                                    const std::vector<int64_t>* ksize,
                                                    const std::vector<int64_t>* strides) {
  Window2DAttrs a;
  TFCONV_ASSIGN_OR_RETURN(std::string format, GetAttrOr<std::string>(node, "data_format", "NHWC"));
  if (format == "NHWC") {
    a.layout = ImageLayout::Nhwc();
  } else if (format == "NCHW") {
    a.layout = ImageLayout::Nchw();
  } else {
    return NodeError(node, absl::StrCat("data_format '", format, "' is not NHWC or NCHW"));
  }

  TFCONV_ASSIGN_OR_RETURN(std::string padding, GetAttr<std::string>(node, "padding"));
  if (padding == "SAME") {
    a.padding = Padding::kSame;
  } else if (padding == "VALID") {
    a.padding = Padding::kValid;
  } else if (padding == "EXPLICIT") {
    a.padding = Padding::kExplicit;
  } else {
    return NodeError(node, absl::StrCat("padding '", padding, "' is not SAME, VALID or EXPLICIT"));
  }

  std::pair<int64_t, int64_t> stride_hw;
  if (strides != nullptr) {
    TFCONV_ASSIGN_OR_RETURN(stride_hw, CheckSpatialPair(node, "strides (input 2)", a.layout, *strides));
  } else {
    TFCONV_ASSIGN_OR_RETURN(stride_hw, ReadSpatialPair(node, "strides", a.layout, {}));
  }
  a.stride_h = stride_hw.first;
  a.stride_w = stride_hw.second;
  if (kind == WindowKind::kConv) {
    TFCONV_ASSIGN_OR_RETURN(auto dilations, ReadSpatialPair(node, "dilations", a.layout, {1, 1, 1, 1}));
    a.dilation_h = dilations.first;
    a.dilation_w = dilations.second;
  } else {
    std::pair<int64_t, int64_t> k;
    if (ksize != nullptr) {
      TFCONV_ASSIGN_OR_RETURN(k, CheckSpatialPair(node, "ksize (input 1)", a.layout, *ksize));
    } else {
      TFCONV_ASSIGN_OR_RETURN(k, ReadSpatialPair(node, "ksize", a.layout, {}));
    }
    a.ksize_h = k.first;
    a.ksize_w = k.second;
  }

  if (a.padding == Padding::kExplicit) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> p,
                            GetAttrOr<std::vector<int64_t>>(node, "explicit_paddings", {}));
    if (p.size() != 8) {
      return NodeError(node, absl::StrCat("padding EXPLICIT needs 8 explicit_paddings, got ", p.size()));
    }
    for (int64_t v : p) {
      if (v < 0) return NodeError(node, "explicit_paddings must not be negative");
    }
    const ImageLayout& l = a.layout;
    if (p[2 * l.batch] || p[2 * l.batch + 1] || p[2 * l.channels] || p[2 * l.channels + 1]) {
      return NodeError(node, "explicit_paddings must be 0 in the batch and channel dimensions");
    }
    a.pad_top = p[2 * l.height];
    a.pad_bottom = p[2 * l.height + 1];
    a.pad_left = p[2 * l.width];
    a.pad_right = p[2 * l.width + 1];
  }
  return a;
}

absl::StatusOr<Window1D> ComputeWindow1D(const Node& node, int64_t in, int64_t filter, int64_t dilation,
                                         int64_t stride, Padding padding, int64_t explicit_before,
                                         int64_t explicit_after) {
  if (stride < 1 || dilation < 1) {
    return NodeError(node, absl::StrCat("stride ", stride, " and dilation ", dilation, " must be positive"));
  }
  if (in < 0 || filter < 0) return Window1D{};
  const int64_t effective = (filter - 1) * dilation + 1;
  Window1D w;
  switch (padding) {
    case Padding::kValid:
      w.out = (in - effective + stride) / stride;
      w.pad_before = w.pad_after = 0;
      break;
    case Padding::kSame: {
      w.out = (in + stride - 1) / stride;
      int64_t total = std::max<int64_t>(0, (w.out - 1) * stride + effective - in);
      w.pad_before = total / 2;
      w.pad_after = total - w.pad_before;
      break;
    }
    case Padding::kExplicit:
      w.out = (in + explicit_before + explicit_after - effective + stride) / stride;
      w.pad_before = explicit_before;
      w.pad_after = explicit_after;
      break;
  }
  if (w.out < 0) {
    return NodeError(node, absl::StrCat("the input size ", in, " is smaller than the window (filter ", filter,
                                        ", dilation ", dilation,
                                        "): the output size would be negative; check the input shape"));
  }
  return w;
}

absl::StatusOr<Window2D> ComputeWindow2D(const Node& node, const Window2DAttrs& a, int64_t in_h,
                                         int64_t in_w, int64_t filter_h, int64_t filter_w) {
  Window2D g;
  g.stride_h = a.stride_h;
  g.stride_w = a.stride_w;
  g.dilation_h = a.dilation_h;
  g.dilation_w = a.dilation_w;
  TFCONV_ASSIGN_OR_RETURN(g.h, ComputeWindow1D(node, in_h, filter_h, a.dilation_h, a.stride_h, a.padding,
                                               a.pad_top, a.pad_bottom));
  TFCONV_ASSIGN_OR_RETURN(g.w, ComputeWindow1D(node, in_w, filter_w, a.dilation_w, a.stride_w, a.padding,
                                               a.pad_left, a.pad_right));
  return g;
}

}  // namespace tfconv
