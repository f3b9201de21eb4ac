#include "converter/graph/attr.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

std::string ListString(const AttrList& l) {
  if (!l.s.empty()) return absl::StrCat("[\"", absl::StrJoin(l.s, "\",\""), "\"]");
  if (!l.i.empty()) return absl::StrCat("[", absl::StrJoin(l.i, ","), "]");
  if (!l.f.empty()) return absl::StrCat("[", absl::StrJoin(l.f, ","), "]");
  if (!l.b.empty()) return absl::StrCat("[", absl::StrJoin(l.b, ","), "]");
  if (!l.type.empty()) {
    return absl::StrCat("[", absl::StrJoin(l.type, ",", [](std::string* out, DataType t) {
                          out->append(DataTypeName(t));
                        }), "]");
  }
  if (!l.shape.empty()) {
    return absl::StrCat("[", absl::StrJoin(l.shape, ",", [](std::string* out, const PartialShape& s) {
                          out->append(s.ToString());
                        }), "]");
  }
  if (!l.tensor.empty()) return absl::StrCat("[", l.tensor.size(), " tensors]");
  if (!l.func.empty()) return absl::StrCat("[", l.func.size(), " functions]");
  return "[]";
}

}  // namespace

std::string AttrValue::DebugString() const {
  struct Render {
    std::string operator()(std::monostate) const { return "<none>"; }
    std::string operator()(const std::string& s) const { return absl::StrCat("\"", s, "\""); }
    std::string operator()(int64_t v) const { return absl::StrCat(v); }
    std::string operator()(float v) const { return absl::StrCat(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(DataType t) const { return DataTypeName(t); }
    std::string operator()(const PartialShape& s) const { return s.ToString(); }
    std::string operator()(const Tensor& t) const { return t.DebugString(); }
    std::string operator()(const AttrList& l) const { return ListString(l); }
    std::string operator()(const std::shared_ptr<FuncAttr>& f) const { return f ? f->name : "<null>"; }
  };
  return std::visit(Render{}, value_);
}

}  // namespace tfconv
