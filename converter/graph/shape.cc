#include "converter/graph/shape.h"

namespace tfconv {

PartialShape PartialShape::UnknownRank() {
  PartialShape s;
  s.known_rank_ = false;
  return s;
}

bool PartialShape::IsFullyDefined() const {
  if (!known_rank_) return false;
  for (int64_t d : dims_) {
    if (d < 0) return false;
  }
  return true;
}

std::optional<int64_t> PartialShape::NumElements() const {
  if (!IsFullyDefined()) return std::nullopt;
  int64_t n = 1;
  for (int64_t d : dims_) n *= d;
  return n;
}

std::string PartialShape::ToString() const {
  if (!known_rank_) return "<unknown>";
  std::string out = "[";
  for (size_t i = 0; i < dims_.size(); ++i) {
    if (i > 0) out += ",";
    out += dims_[i] < 0 ? "?" : std::to_string(dims_[i]);
  }
  return out + "]";
}

}  // namespace tfconv
