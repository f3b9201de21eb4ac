#include "converter/frontend/tensor_proto.h"

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

// TF numbers reference types as value type + 100.
constexpr int kRefOffset = 100;

absl::StatusOr<std::vector<int64_t>> StaticDims(const tensorflow::TensorShapeProto& proto) {
  if (proto.unknown_rank()) {
    return absl::InvalidArgumentError("a constant tensor has an unknown rank");
  }
  std::vector<int64_t> dims;
  dims.reserve(proto.dim_size());
  for (const auto& d : proto.dim()) {
    if (d.size() < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("a constant tensor has an unknown dimension (", d.size(), ")"));
    }
    dims.push_back(d.size());
  }
  return dims;
}

// Element count, or an error when the product does not fit the byte budget arithmetic.
absl::StatusOr<int64_t> CountElements(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / 64 / d) {
      return absl::InvalidArgumentError(
          absl::StrCat("the shape [", absl::StrJoin(dims, ","), "] has too many elements"));
    }
    n *= d;
  }
  return n;
}

std::string Describe(DataType dtype, const std::vector<int64_t>& dims) {
  return absl::StrCat(DataTypeName(dtype), "[", absl::StrJoin(dims, ","), "]");
}

absl::Status CheckExpansion(DataType dtype, const std::vector<int64_t>& dims, int64_t listed,
                            int64_t n, int64_t bytes, const TensorLimits& limits) {
  if (listed > n) {
    return absl::InvalidArgumentError(absl::StrCat("the tensor lists ", listed, " values but ",
                                                   Describe(dtype, dims), " holds ", n));
  }
  if (listed < n && bytes > limits.max_expanded_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "expanding the ", listed, " listed value(s) to ", Describe(dtype, dims), " would take ",
        bytes, " bytes, over the limit of ", limits.max_expanded_bytes));
  }
  return absl::OkStatus();
}

// Fills a tensor from a repeated field holding `components` values per element (2 for complex),
// repeating the last listed element up to the full shape (TF's rule for short lists).
template <typename Dst, typename Field>
absl::StatusOr<Tensor> FromTypedField(DataType dtype, std::vector<int64_t> dims, int64_t n,
                                      const Field& values, int components,
                                      const TensorLimits& limits) {
  const int64_t size = values.size();
  if (size % components != 0) {
    return absl::InvalidArgumentError(absl::StrCat("the tensor lists ", size,
                                                   " component values, not a multiple of ",
                                                   components, " for ", DataTypeName(dtype)));
  }
  const int64_t listed = size / components;
  absl::Status s = CheckExpansion(dtype, dims, listed, n,
                                  n * static_cast<int64_t>(DataTypeSize(dtype)), limits);
  if (!s.ok()) return s;
  Tensor t = Tensor::Zeros(dtype, std::move(dims));
  if (listed == 0) return t;  // TF: no values means zeros.
  absl::Span<Dst> out = t.mutable_data<Dst>();
  for (int64_t e = 0; e < n; ++e) {
    const int64_t src = e < listed ? e : listed - 1;
    for (int c = 0; c < components; ++c) {
      out[e * components + c] = static_cast<Dst>(values.Get(src * components + c));
    }
  }
  return t;
}

absl::StatusOr<Tensor> FromStringField(std::vector<int64_t> dims, int64_t n,
                                       tensorflow::TensorProto& proto,
                                       const TensorLimits& limits) {
  auto* values = proto.mutable_string_val();
  const int64_t listed = values->size();
  int64_t bytes = n * static_cast<int64_t>(sizeof(std::string));
  if (listed > 0 && listed < n) {
    const int64_t last = static_cast<int64_t>(values->Get(listed - 1).size());
    if (last > 0 && n - listed > (limits.max_expanded_bytes - bytes) / last) {
      bytes = limits.max_expanded_bytes + 1;
    } else {
      bytes += (n - listed) * last;
    }
  }
  absl::Status s = CheckExpansion(DataType::kString, dims, listed, n, bytes, limits);
  if (!s.ok()) return s;
  std::vector<std::string> strings;
  strings.reserve(n);
  for (int64_t i = 0; i < listed; ++i) strings.push_back(std::move(*values->Mutable(i)));
  while (static_cast<int64_t>(strings.size()) < n) {
    strings.push_back(listed == 0 ? std::string() : strings.back());
  }
  return Tensor(std::move(dims), std::move(strings));
}

}  // namespace

DataType DataTypeFromProto(int proto_dtype) {
  if (proto_dtype > kRefOffset) proto_dtype -= kRefOffset;
  return static_cast<DataType>(proto_dtype);
}

absl::StatusOr<PartialShape> ShapeFromProto(const tensorflow::TensorShapeProto& proto) {
  if (proto.unknown_rank()) return PartialShape::UnknownRank();
  std::vector<int64_t> dims;
  dims.reserve(proto.dim_size());
  for (const auto& d : proto.dim()) {
    if (d.size() < -1) {
      return absl::InvalidArgumentError(
          absl::StrCat("shape has dimension ", d.size(), "; only -1 (unknown) may be negative"));
    }
    dims.push_back(d.size());
  }
  return PartialShape(std::move(dims));
}

absl::StatusOr<Tensor> TensorFromProto(tensorflow::TensorProto& proto, const TensorLimits& limits) {
  const DataType dtype = DataTypeFromProto(proto.dtype());
  if (dtype == DataType::kInvalid) {
    return absl::InvalidArgumentError("the tensor has no dtype (DT_INVALID)");
  }
  absl::StatusOr<std::vector<int64_t>> dims = StaticDims(proto.tensor_shape());
  if (!dims.ok()) return dims.status();
  absl::StatusOr<int64_t> count = CountElements(*dims);
  if (!count.ok()) return count.status();
  const int64_t n = *count;

  if (dtype == DataType::kString) {
    if (!proto.tensor_content().empty()) {
      return absl::UnimplementedError(
          "a string tensor stored in tensor_content (TF's encoded form) is not supported; "
          "re-export the graph with string_val");
    }
    return FromStringField(*std::move(dims), n, proto, limits);
  }
  const size_t element_size = DataTypeSize(dtype);
  if (element_size == 0) {
    return absl::UnimplementedError(absl::StrCat("constant tensors of type ", DataTypeName(dtype),
                                                 " are not supported"));
  }
  if (!proto.tensor_content().empty()) {
    const size_t expected = static_cast<size_t>(n) * element_size;
    if (proto.tensor_content().size() != expected) {
      return absl::InvalidArgumentError(absl::StrCat(
          "tensor_content holds ", proto.tensor_content().size(), " bytes but ",
          Describe(dtype, *dims), " needs ", expected));
    }
    // Take the bytes without copying: the string's heap buffer becomes the tensor's storage.
    std::string bytes;
    bytes.swap(*proto.mutable_tensor_content());
    return Tensor(dtype, *std::move(dims), ByteBuffer::FromString(std::move(bytes)));
  }

  switch (dtype) {
    case DataType::kFloat:
      return FromTypedField<float>(dtype, *std::move(dims), n, proto.float_val(), 1, limits);
    case DataType::kDouble:
      return FromTypedField<double>(dtype, *std::move(dims), n, proto.double_val(), 1, limits);
    case DataType::kInt32:
    case DataType::kQInt32:
      return FromTypedField<int32_t>(dtype, *std::move(dims), n, proto.int_val(), 1, limits);
    case DataType::kInt16:
    case DataType::kQInt16:
      return FromTypedField<int16_t>(dtype, *std::move(dims), n, proto.int_val(), 1, limits);
    case DataType::kUInt16:
    case DataType::kQUInt16:
      return FromTypedField<uint16_t>(dtype, *std::move(dims), n, proto.int_val(), 1, limits);
    case DataType::kInt8:
    case DataType::kQInt8:
      return FromTypedField<int8_t>(dtype, *std::move(dims), n, proto.int_val(), 1, limits);
    case DataType::kUInt8:
    case DataType::kQUInt8:
      return FromTypedField<uint8_t>(dtype, *std::move(dims), n, proto.int_val(), 1, limits);
    case DataType::kInt64:
      return FromTypedField<int64_t>(dtype, *std::move(dims), n, proto.int64_val(), 1, limits);
    case DataType::kUInt32:
      return FromTypedField<uint32_t>(dtype, *std::move(dims), n, proto.uint32_val(), 1, limits);
    case DataType::kUInt64:
      return FromTypedField<uint64_t>(dtype, *std::move(dims), n, proto.uint64_val(), 1, limits);
    case DataType::kBool:
      return FromTypedField<uint8_t>(dtype, *std::move(dims), n, proto.bool_val(), 1, limits);
    case DataType::kHalf:
    case DataType::kBFloat16:
      // half_val holds the 16-bit pattern in the low bits of each int32.
      return FromTypedField<uint16_t>(dtype, *std::move(dims), n, proto.half_val(), 1, limits);
    case DataType::kComplex64:
      return FromTypedField<float>(dtype, *std::move(dims), n, proto.scomplex_val(), 2, limits);
    case DataType::kComplex128:
      return FromTypedField<double>(dtype, *std::move(dims), n, proto.dcomplex_val(), 2, limits);
    default:
      return absl::UnimplementedError(absl::StrCat("constant tensors of type ", DataTypeName(dtype),
                                                   " are not supported"));
  }
}

}  // namespace tfconv
