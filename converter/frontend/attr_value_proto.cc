#include "converter/frontend/attr_value_proto.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

absl::StatusOr<FuncAttr> FuncFromProto(tensorflow::NameAttrList& proto, const TensorLimits& limits) {
  FuncAttr func;
  func.name = proto.name();
  // Sorted keys, so the first error reported does not depend on the proto map's hash order.
  std::vector<std::string> keys;
  for (const auto& [key, value] : proto.attr()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  for (const std::string& key : keys) {
    absl::StatusOr<AttrValue> v = AttrValueFromProto(proto.mutable_attr()->at(key), limits);
    if (!v.ok()) {
      return absl::Status(v.status().code(), absl::StrCat("function '", proto.name(), "' attr '",
                                                          key, "': ", v.status().message()));
    }
    func.attrs.emplace(key, *std::move(v));
  }
  return func;
}

absl::StatusOr<AttrList> ListFromProto(tensorflow::AttrValue::ListValue& proto,
                                       const TensorLimits& limits) {
  AttrList list;
  list.s.assign(proto.s().begin(), proto.s().end());
  list.i.assign(proto.i().begin(), proto.i().end());
  list.f.assign(proto.f().begin(), proto.f().end());
  list.b.assign(proto.b().begin(), proto.b().end());
  for (int t : proto.type()) list.type.push_back(DataTypeFromProto(t));
  for (const auto& shape : proto.shape()) {
    absl::StatusOr<PartialShape> s = ShapeFromProto(shape);
    if (!s.ok()) return s.status();
    list.shape.push_back(*std::move(s));
  }
  for (int k = 0; k < proto.tensor_size(); ++k) {
    absl::StatusOr<Tensor> t = TensorFromProto(*proto.mutable_tensor(k), limits);
    if (!t.ok()) {
      return absl::Status(t.status().code(),
                          absl::StrCat("tensor #", k, " of the list: ", t.status().message()));
    }
    list.tensor.push_back(*std::move(t));
  }
  for (auto& func : *proto.mutable_func()) {
    absl::StatusOr<FuncAttr> f = FuncFromProto(func, limits);
    if (!f.ok()) return f.status();
    list.func.push_back(*std::move(f));
  }
  return list;
}

}  // namespace

absl::StatusOr<AttrValue> AttrValueFromProto(tensorflow::AttrValue& proto, const TensorLimits& limits) {
  switch (proto.value_case()) {
    case tensorflow::AttrValue::kS:
      return AttrValue(std::move(*proto.mutable_s()));
    case tensorflow::AttrValue::kI:
      return AttrValue(static_cast<int64_t>(proto.i()));
    case tensorflow::AttrValue::kF:
      return AttrValue(proto.f());
    case tensorflow::AttrValue::kB:
      return AttrValue(proto.b());
    case tensorflow::AttrValue::kType:
      return AttrValue(DataTypeFromProto(proto.type()));
    case tensorflow::AttrValue::kShape: {
      absl::StatusOr<PartialShape> s = ShapeFromProto(proto.shape());
      if (!s.ok()) return s.status();
      return AttrValue(*std::move(s));
    }
    case tensorflow::AttrValue::kTensor: {
      absl::StatusOr<Tensor> t = TensorFromProto(*proto.mutable_tensor(), limits);
      if (!t.ok()) return t.status();
      return AttrValue(*std::move(t));
    }
    case tensorflow::AttrValue::kList: {
      absl::StatusOr<AttrList> l = ListFromProto(*proto.mutable_list(), limits);
      if (!l.ok()) return l.status();
      return AttrValue(*std::move(l));
    }
    case tensorflow::AttrValue::kFunc: {
      absl::StatusOr<FuncAttr> f = FuncFromProto(*proto.mutable_func(), limits);
      if (!f.ok()) return f.status();
      return AttrValue(*std::move(f));
    }
    case tensorflow::AttrValue::kPlaceholder:
      return absl::InvalidArgumentError(absl::StrCat(
          "holds the function-body placeholder '$", proto.placeholder(),
          "', which only a function definition may use"));
    case tensorflow::AttrValue::VALUE_NOT_SET:
      break;
  }
  return AttrValue();
}

}  // namespace tfconv
