// PartialShape: a tensor shape that may be partly or wholly unknown, as TensorFlow's shape
// inference sees it. A dimension of -1 is unknown; an unknown rank has no dimensions at all.
//
//   PartialShape s({-1, 224, 224, 3});
//   s.IsFullyDefined();          // false
//   s.rank();                    // 4
//   s.ToString();                // "[?,224,224,3]"
//   PartialShape::UnknownRank(); // "<unknown>"
#ifndef TFCONV_CONVERTER_GRAPH_SHAPE_H_
#define TFCONV_CONVERTER_GRAPH_SHAPE_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace tfconv {

class PartialShape {
 public:
  PartialShape() = default;  // rank 0: a scalar
  explicit PartialShape(std::vector<int64_t> dims) : dims_(std::move(dims)) {}
  PartialShape(std::initializer_list<int64_t> dims) : dims_(dims) {}
  static PartialShape UnknownRank();

  bool known_rank() const { return known_rank_; }
  int rank() const { return known_rank_ ? static_cast<int>(dims_.size()) : -1; }
  const std::vector<int64_t>& dims() const { return dims_; }
  int64_t dim(int i) const { return dims_[i]; }
  void set_dim(int i, int64_t value) { dims_[i] = value; }

  bool IsFullyDefined() const;
  // Product of the dimensions, or nullopt when any is unknown.
  std::optional<int64_t> NumElements() const;
  std::string ToString() const;

  bool operator==(const PartialShape& other) const {
    return known_rank_ == other.known_rank_ && dims_ == other.dims_;
  }
  bool operator!=(const PartialShape& other) const { return !(*this == other); }

 private:
  bool known_rank_ = true;
  std::vector<int64_t> dims_;
};

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_GRAPH_SHAPE_H_
