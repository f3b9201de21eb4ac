// Helpers shared by the op plugins: typed attribute access with errors that name the node,
// NumPy/TF broadcasting of shapes, and small shape utilities. Compiled into each plugin against the
// plugin headers only (see //ops:plugin_headers).
//
//   absl::StatusOr<std::string> padding = GetAttr<std::string>(node, "padding");
//   std::vector<int64_t> strides = GetAttrOr<std::vector<int64_t>>(node, "strides", {1, 1, 1, 1});
//   absl::StatusOr<PartialShape> out = BroadcastShapes(node, a.shape, b.shape);
#ifndef TFCONV_PLUGINS_COMMON_OP_HELPERS_H_
#define TFCONV_PLUGINS_COMMON_OP_HELPERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ops/op_context.h"

namespace tfconv {

// Reads a scalar or list attribute. Supported T: std::string, int64_t, float, bool, DataType,
// PartialShape, Tensor, std::vector<int64_t>, std::vector<float>, std::vector<std::string>,
// std::vector<DataType>.
template <typename T>
absl::StatusOr<T> GetAttr(const Node& node, absl::string_view name);

// The same, with a default when the attribute is absent (a present attribute of the wrong kind is
// still an error).
template <typename T>
absl::StatusOr<T> GetAttrOr(const Node& node, absl::string_view name, T fallback);

// TF/NumPy broadcasting of two shapes; an error names the node when they are incompatible.
absl::StatusOr<PartialShape> BroadcastShapes(const Node& node, const PartialShape& a,
                                             const PartialShape& b);

// Tensor shape (all dims known) as a PartialShape, and back.
PartialShape ShapeOf(const Tensor& t);
// Converts a fully defined PartialShape to int32 dims for TFLite, -1 kept for unknown dims.
std::vector<int32_t> ToTfliteDims(const PartialShape& shape);

// Row-major strides of a shape.
std::vector<int64_t> StridesOf(const std::vector<int64_t>& shape);

// Normalizes a possibly negative axis for rank `rank`; error if out of range.
absl::StatusOr<int> NormalizeAxis(const Node& node, int64_t axis, int rank);

// TF element type → TFLite tensor type; error for types TFLite has no tensor type for.
absl::StatusOr<tflite::TensorType> ToTfliteType(const Node& node, DataType type);

// Macros used by the plugins to keep status plumbing short.
#define TFCONV_RETURN_IF_ERROR(expr)             \
  do {                                           \
    ::absl::Status _tfconv_status = (expr);      \
    if (!_tfconv_status.ok()) return _tfconv_status; \
  } while (0)

#define TFCONV_CONCAT_INNER(a, b) a##b
#define TFCONV_CONCAT(a, b) TFCONV_CONCAT_INNER(a, b)
#define TFCONV_ASSIGN_OR_RETURN(lhs, expr) \
  TFCONV_ASSIGN_OR_RETURN_IMPL(TFCONV_CONCAT(_tfconv_or_, __LINE__), lhs, expr)
#define TFCONV_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_COMMON_OP_HELPERS_H_
