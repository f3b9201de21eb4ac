#include "plugins/common/op_helpers.h"

#include <type_traits>

namespace tfconv {
namespace {

template <typename T>
absl::StatusOr<T> Convert(const Node& node, absl::string_view name, const AttrValue& v) {
  auto wrong = [&]() {
    return NodeError(node, absl::StrCat("attribute '", name, "' has an unexpected kind: ", v.DebugString()));
  };
  if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
    if (!v.is_list()) return wrong();
    return v.list().i;
  } else if constexpr (std::is_same_v<T, std::vector<float>>) {
    if (!v.is_list()) return wrong();
    return v.list().f;
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    if (!v.is_list()) return wrong();
    return v.list().s;
  } else if constexpr (std::is_same_v<T, std::vector<DataType>>) {
    if (!v.is_list()) return wrong();
    return v.list().type;
  } else if constexpr (std::is_same_v<T, float>) {
    if (const float* f = v.get_if<float>()) return *f;
    if (const int64_t* i = v.get_if<int64_t>()) return static_cast<float>(*i);
    return wrong();
  } else {
    if (const T* p = v.get_if<T>()) return *p;
    return wrong();
  }
}

}  // namespace

template <typename T>
absl::StatusOr<T> GetAttr(const Node& node, absl::string_view name) {
  const AttrValue* v = node.FindAttr(name);
  if (v == nullptr) {
    return NodeError(node, absl::StrCat("missing attribute '", name,
                                        "' (the graph may come from an older TensorFlow; re-export it)"));
  }
  return Convert<T>(node, name, *v);
}

template <typename T>
absl::StatusOr<T> GetAttrOr(const Node& node, absl::string_view name, T fallback) {
  const AttrValue* v = node.FindAttr(name);
  if (v == nullptr) return fallback;
  return Convert<T>(node, name, *v);
}

#define TFCONV_INSTANTIATE_ATTR(T)                                                   \
  template absl::StatusOr<T> GetAttr<T>(const Node&, absl::string_view);             \
  template absl::StatusOr<T> GetAttrOr<T>(const Node&, absl::string_view, T);
TFCONV_INSTANTIATE_ATTR(std::string)
TFCONV_INSTANTIATE_ATTR(int64_t)
TFCONV_INSTANTIATE_ATTR(float)
TFCONV_INSTANTIATE_ATTR(bool)
TFCONV_INSTANTIATE_ATTR(DataType)
TFCONV_INSTANTIATE_ATTR(PartialShape)
TFCONV_INSTANTIATE_ATTR(Tensor)
TFCONV_INSTANTIATE_ATTR(std::vector<int64_t>)
TFCONV_INSTANTIATE_ATTR(std::vector<float>)
TFCONV_INSTANTIATE_ATTR(std::vector<std::string>)
TFCONV_INSTANTIATE_ATTR(std::vector<DataType>)
#undef TFCONV_INSTANTIATE_ATTR

absl::StatusOr<PartialShape> BroadcastShapes(const Node& node, const PartialShape& a,
                                             const PartialShape& b) {
  if (!a.known_rank() || !b.known_rank()) return PartialShape::UnknownRank();
  int rank = std::max(a.rank(), b.rank());
  std::vector<int64_t> out(rank);
  for (int i = 0; i < rank; ++i) {
    int ia = a.rank() - rank + i, ib = b.rank() - rank + i;
    int64_t da = ia >= 0 ? a.dim(ia) : 1;
    int64_t db = ib >= 0 ? b.dim(ib) : 1;
    if (da == 1) {
      out[i] = db;
    } else if (db == 1) {
      out[i] = da;
    } else if (da < 0 || db < 0) {
      out[i] = da < 0 ? db : da;
    } else if (da == db) {
      out[i] = da;
    } else {
      return NodeError(node, absl::StrCat("shapes ", a.ToString(), " and ", b.ToString(),
                                          " cannot be broadcast together"));
    }
  }
  return PartialShape(std::move(out));
}

PartialShape ShapeOf(const Tensor& t) { return PartialShape(t.shape()); }

std::vector<int32_t> ToTfliteDims(const PartialShape& shape) {
  std::vector<int32_t> out;
  for (int64_t d : shape.dims()) out.push_back(static_cast<int32_t>(d));
  return out;
}

std::vector<int64_t> StridesOf(const std::vector<int64_t>& shape) {
  std::vector<int64_t> s(shape.size(), 1);
  for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

absl::StatusOr<int> NormalizeAxis(const Node& node, int64_t axis, int rank) {
  if (axis < -rank || axis >= rank) {
    return NodeError(node, absl::StrCat("axis ", axis, " is out of range for rank ", rank));
  }
  return static_cast<int>(axis < 0 ? axis + rank : axis);
}

absl::StatusOr<tflite::TensorType> ToTfliteType(const Node& node, DataType type) {
  std::optional<tflite::TensorType> t = TfliteTypeOf(type);
  if (!t) return NodeError(node, absl::StrCat("TFLite has no tensor type for ", DataTypeName(type)));
  return *t;
}

}  // namespace tfconv
