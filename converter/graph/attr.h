// AttrValue: a typed node attribute of the graph IR, the counterpart of TensorFlow's AttrValue.
//
//   AttrValue a = int64_t{3};
//   if (const int64_t* v = a.get_if<int64_t>()) ...
//   AttrValue strides = AttrList::Ints({1, 2, 2, 1});
//   strides.list().i;                       // {1, 2, 2, 1}
//   AttrValue t = DataType::kFloat;
#ifndef TFCONV_CONVERTER_GRAPH_ATTR_H_
#define TFCONV_CONVERTER_GRAPH_ATTR_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "converter/graph/dtype.h"
#include "converter/graph/shape.h"
#include "converter/graph/tensor.h"

namespace tfconv {

class AttrValue;

// A function reference with its own attributes (TF's NameAttrList).
struct FuncAttr {
  std::string name;
  std::map<std::string, AttrValue> attrs;
};

// The list form of an attribute; exactly one member is in use (all empty = an empty list).
struct AttrList {
  std::vector<std::string> s;
  std::vector<int64_t> i;
  std::vector<float> f;
  std::vector<bool> b;
  std::vector<DataType> type;
  std::vector<PartialShape> shape;
  std::vector<Tensor> tensor;
  std::vector<FuncAttr> func;

  static AttrList Ints(std::vector<int64_t> v) { AttrList l; l.i = std::move(v); return l; }
  static AttrList Types(std::vector<DataType> v) { AttrList l; l.type = std::move(v); return l; }
};

class AttrValue {
 public:
  using Variant = std::variant<std::monostate, std::string, int64_t, float, bool, DataType,
                               PartialShape, Tensor, AttrList, std::shared_ptr<FuncAttr>>;

  AttrValue() = default;
  AttrValue(std::string v) : value_(std::move(v)) {}
  AttrValue(const char* v) : value_(std::string(v)) {}
  AttrValue(int64_t v) : value_(v) {}
  AttrValue(int v) : value_(int64_t{v}) {}
  AttrValue(float v) : value_(v) {}
  AttrValue(bool v) : value_(v) {}
  AttrValue(DataType v) : value_(v) {}
  AttrValue(PartialShape v) : value_(std::move(v)) {}
  AttrValue(Tensor v) : value_(std::move(v)) {}
  AttrValue(AttrList v) : value_(std::move(v)) {}
  AttrValue(FuncAttr v) : value_(std::make_shared<FuncAttr>(std::move(v))) {}

  template <typename T>
  const T* get_if() const { return std::get_if<T>(&value_); }
  bool is_list() const { return std::holds_alternative<AttrList>(value_); }
  const AttrList& list() const { return std::get<AttrList>(value_); }
  const FuncAttr* func() const {
    auto* p = std::get_if<std::shared_ptr<FuncAttr>>(&value_);
    return p ? p->get() : nullptr;
  }
  const Variant& variant() const { return value_; }
  // A short rendering for messages: `3`, `"SAME"`, `float32`, `[1,2,2,1]`.
  std::string DebugString() const;

 private:
  Variant value_;
};

using AttrMap = std::map<std::string, AttrValue>;

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_GRAPH_ATTR_H_
