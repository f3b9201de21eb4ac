#include "converter/lowering/custom_op_options.h"

#include "flatbuffers/flexbuffers.h"

namespace tfconv {

std::vector<uint8_t> AttributesAsFlexbuffer(const Node& node) {
  flexbuffers::Builder fbb;
  fbb.Map([&]() {
    for (const auto& [name, value] : node.attrs) {  // std::map: sorted, so deterministic
      if (name.empty() || name[0] == '_') continue;
      const char* key = name.c_str();
      if (const int64_t* i = value.get_if<int64_t>()) {
        fbb.Int(key, *i);
      } else if (const float* f = value.get_if<float>()) {
        fbb.Float(key, *f);
      } else if (const bool* b = value.get_if<bool>()) {
        fbb.Bool(key, *b);
      } else if (const std::string* s = value.get_if<std::string>()) {
        fbb.String(key, *s);
      } else if (const DataType* t = value.get_if<DataType>()) {
        fbb.Int(key, static_cast<int64_t>(*t));
      } else if (const PartialShape* sh = value.get_if<PartialShape>()) {
        fbb.Vector(key, [&]() {
          for (int64_t d : sh->dims()) fbb.Int(d);
        });
      } else if (value.is_list()) {
        const AttrList& l = value.list();
        if (!l.i.empty()) {
          fbb.Vector(key, [&]() { for (int64_t v : l.i) fbb.Int(v); });
        } else if (!l.f.empty()) {
          fbb.Vector(key, [&]() { for (float v : l.f) fbb.Float(v); });
        } else if (!l.s.empty()) {
          fbb.Vector(key, [&]() { for (const std::string& v : l.s) fbb.String(v); });
        } else if (!l.type.empty()) {
          fbb.Vector(key, [&]() { for (DataType v : l.type) fbb.Int(static_cast<int64_t>(v)); });
        }
      }
    }
  });
  fbb.Finish();
  return fbb.GetBuffer();
}

}  // namespace tfconv
