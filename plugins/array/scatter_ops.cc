// Index-driven data movement: GatherNd, ScatterNd, OneHot, ReverseV2, ReverseSequence.
//
// Reference semantics (TensorFlow's ops/array_ops.cc):
//   GatherNd  out[i..., j...] = params[indices[i..., :], j...]; an index out of range is an error
//             (TensorFlow's CPU kernel).
//   ScatterNd zeros of `shape`, then updates[i..., j...] added at [indices[i..., :], j...]
//             (duplicates sum).
//   OneHot    on_value where indices == position along the new `axis`, else off_value.
//   ReverseV2 reverses the listed axes; ReverseSequence reverses the first seq_lengths[b] elements
//             along seq_dim of each slice b along batch_dim.
// Lowering: GATHER_ND, SCATTER_ND, ONE_HOT (axis option), REVERSE_V2, REVERSE_SEQUENCE.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

// ---- GatherNd (params, indices) ----

absl::Status InferGatherNd(InferenceContext& c) {
  const PartialShape& p = c.input_shape(0);
  const PartialShape& idx = c.input_shape(1);
  PartialShape out = PartialShape::UnknownRank();
  if (idx.known_rank() && idx.rank() == 0) return c.Error("indices must have rank at least 1");
  if (p.known_rank() && idx.known_rank() && idx.dims().back() >= 0) {
    const int64_t depth = idx.dims().back();
    if (depth > p.rank()) {
      return c.Error(absl::StrCat("indices' last dimension ", depth, " exceeds the rank of params ", p.ToString()));
    }
    std::vector<int64_t> dims(idx.dims().begin(), idx.dims().end() - 1);
    dims.insert(dims.end(), p.dims().begin() + depth, p.dims().end());
    out = PartialShape(dims);
  }
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalGatherNd(const EvalContext& c) {
  const Tensor& params = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), params));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> idx, ReadInts(c.node(), c.input(1), "indices"));
  const Tensor& indices = c.input(1);
  if (indices.rank() == 0) return c.Error("indices must have rank at least 1");
  const int64_t depth = indices.shape().back();
  if (depth > params.rank()) return c.Error("indices' last dimension exceeds the rank of params");
  const int64_t count = depth == 0 ? Product(indices.shape(), 0, indices.rank() - 1)
                                   : static_cast<int64_t>(idx.size()) / depth;
  const int64_t slice = Product(params.shape(), depth, params.shape().size());
  std::vector<int64_t> dims(indices.shape().begin(), indices.shape().end() - 1);
  dims.insert(dims.end(), params.shape().begin() + depth, params.shape().end());
  Tensor out = Tensor::Zeros(params.dtype(), dims);
  if (out.NumElements() == 0) return std::vector<Tensor>{out};
  const std::vector<int64_t> strides = StridesOf(params.shape());
  const size_t bytes = slice * DataTypeSize(params.dtype());
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  for (int64_t k = 0; k < count; ++k) {
    int64_t offset = 0;
    for (int64_t d = 0; d < depth; ++d) {
      const int64_t i = idx[k * depth + d];
      if (i < 0 || i >= params.dim(d)) {
        return c.Error(absl::StrCat("index ", i, " at indices entry ", k, " is outside [0, ", params.dim(d), ")"));
      }
      offset += i * strides[d];
    }
    std::memcpy(dst + k * bytes, params.bytes().data() + offset * DataTypeSize(params.dtype()), bytes);
  }
  return std::vector<Tensor>{out};
}

absl::Status LowerGatherNd(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t params, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t indices, Int32Operand(c, 1, "indices"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::GATHER_ND, {params, indices}, {out}, Options(tflite::GatherNdOptionsT()));
  return absl::OkStatus();
}

// ---- ScatterNd (indices, updates, shape) ----

absl::Status InferScatterNd(InferenceContext& c) {
  PartialShape out = PartialShape::UnknownRank();
  if (const Tensor* shape = c.input_value(2)) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, ReadInts(c.node(), *shape, "shape"));
    out = PartialShape(dims);
  }
  c.set_output(0, c.input_type(1), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalScatterNd(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> idx, ReadInts(c.node(), c.input(0), "indices"));
  const Tensor& indices = c.input(0);
  const Tensor& updates = c.input(1);
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, ReadInts(c.node(), c.input(2), "shape"));
  if (indices.rank() == 0) return c.Error("indices must have rank at least 1");
  const int64_t depth = indices.shape().back();
  if (depth > static_cast<int64_t>(dims.size())) return c.Error("indices' last dimension exceeds the rank of shape");
  const int64_t count = Product(indices.shape(), 0, indices.rank() - 1);
  const int64_t slice = Product(dims, depth, dims.size());
  if (updates.NumElements() != count * slice) {
    return c.Error(absl::StrCat("updates ", updates.DebugString(), " must have ", count * slice,
                                " elements (indices' outer shape + shape[", depth, ":])"));
  }
  Tensor out = Tensor::Zeros(updates.dtype(), dims);
  const std::vector<int64_t> strides = StridesOf(dims);
  absl::Status status = absl::OkStatus();
  const bool known = VisitNumeric(updates.dtype(), [&](auto zero) {
    using T = decltype(zero);
    if (out.NumElements() == 0) return;
    absl::Span<T> o = out.mutable_data<T>();
    absl::Span<const T> u = updates.data<T>();
    for (int64_t k = 0; k < count && status.ok(); ++k) {
      int64_t offset = 0;
      for (int64_t d = 0; d < depth; ++d) {
        const int64_t i = idx[k * depth + d];
        if (i < 0 || i >= dims[d]) {
          status = c.Error(absl::StrCat("index ", i, " at indices entry ", k, " is outside [0, ", dims[d], ")"));
          return;
        }
        offset += i * strides[d];
      }
      for (int64_t j = 0; j < slice; ++j) o[offset + j] = static_cast<T>(o[offset + j] + u[k * slice + j]);
    }
  });
  if (!known) return NodeUnsupported(c.node(), absl::StrCat("no reference kernel for ", DataTypeName(updates.dtype())));
  TFCONV_RETURN_IF_ERROR(status);
  return std::vector<Tensor>{out};
}

absl::Status LowerScatterNd(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t indices, Int32Operand(c, 0, "indices"));
  TFCONV_ASSIGN_OR_RETURN(int32_t updates, c.InputTensor(1));
  TFCONV_ASSIGN_OR_RETURN(int32_t shape, Int32Operand(c, 2, "shape"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::SCATTER_ND, {indices, updates, shape}, {out}, Options(tflite::ScatterNdOptionsT()));
  return absl::OkStatus();
}

// ---- OneHot (indices, depth, on_value, off_value) ----

absl::Status InferOneHot(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, GetAttrOr<int64_t>(c.node(), "axis", -1));
  const PartialShape& in = c.input_shape(0);
  PartialShape out = PartialShape::UnknownRank();
  if (in.known_rank()) {
    if (axis < -1 || axis > in.rank()) {
      return c.Error(absl::StrCat("axis ", axis, " must be -1 or in [0, ", in.rank(), "]"));
    }
    int64_t depth = -1;
    if (const Tensor* d = c.input_value(1)) {
      TFCONV_ASSIGN_OR_RETURN(depth, ReadScalarInt(c.node(), *d, "depth"));
      if (depth < 0) return c.Error(absl::StrCat("depth must be non-negative, got ", depth));
    }
    std::vector<int64_t> dims = in.dims();
    dims.insert(dims.begin() + (axis == -1 ? in.rank() : axis), depth);
    out = PartialShape(dims);
  }
  c.set_output(0, c.input_type(2), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalOneHot(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, GetAttrOr<int64_t>(c.node(), "axis", -1));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> idx, ReadInts(c.node(), c.input(0), "indices"));
  const Tensor& indices = c.input(0);
  TFCONV_ASSIGN_OR_RETURN(int64_t depth, ReadScalarInt(c.node(), c.input(1), "depth"));
  const Tensor& on = c.input(2);
  const Tensor& off = c.input(3);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), on));
  if (on.NumElements() != 1 || off.NumElements() != 1 || on.dtype() != off.dtype()) {
    return c.Error("on_value and off_value must be scalars of one type");
  }
  if (depth < 0) return c.Error(absl::StrCat("depth must be non-negative, got ", depth));
  if (axis < -1 || axis > indices.rank()) return c.Error(absl::StrCat("axis ", axis, " is out of range"));
  const int ax = axis == -1 ? indices.rank() : static_cast<int>(axis);
  std::vector<int64_t> dims = indices.shape();
  dims.insert(dims.begin() + ax, depth);
  const int64_t outer = Product(indices.shape(), 0, ax);
  const int64_t inner = Product(indices.shape(), ax, indices.shape().size());
  Tensor out = Tensor::Zeros(on.dtype(), dims);
  if (out.NumElements() == 0) return std::vector<Tensor>{out};
  const size_t elem = DataTypeSize(on.dtype());
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t d = 0; d < depth; ++d)
      for (int64_t i = 0; i < inner; ++i) {
        const bool hit = idx[o * inner + i] == d;
        std::memcpy(dst + ((o * depth + d) * inner + i) * elem, (hit ? on : off).bytes().data(), elem);
      }
  return std::vector<Tensor>{out};
}

absl::Status LowerOneHot(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int64_t axis, GetAttrOr<int64_t>(c.node(), "axis", -1));
  const DataType index_type = c.input_type(0);
  int32_t indices;
  if (index_type == DataType::kInt32 || index_type == DataType::kInt64) {
    TFCONV_ASSIGN_OR_RETURN(indices, c.InputTensor(0));  // ONE_HOT takes both
  } else {
    TFCONV_ASSIGN_OR_RETURN(indices, Int32Operand(c, 0, "indices"));
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t depth, Int32Operand(c, 1, "depth"));
  TFCONV_ASSIGN_OR_RETURN(int32_t on, c.InputTensor(2));
  TFCONV_ASSIGN_OR_RETURN(int32_t off, c.InputTensor(3));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::OneHotOptionsT options;
  options.axis = static_cast<int32_t>(axis);
  c.AddBuiltinOp(BuiltinOperator::ONE_HOT, {indices, depth, on, off}, {out}, Options(std::move(options)));
  return absl::OkStatus();
}

// ---- ReverseV2 (tensor, axis) ----

absl::Status InferSameShape(InferenceContext& c) {
  c.set_output(0, c.input_type(0), c.input_shape(0));
  return absl::OkStatus();
}

// `in` with the listed dimensions reversed, the first lengths[b] entries only for ReverseSequence.
Tensor Reversed(const Tensor& in, const std::vector<bool>& flip) {
  const std::vector<int64_t> strides = StridesOf(in.shape());
  std::vector<int64_t> src_strides(in.rank());
  int64_t base = 0;
  for (int d = 0; d < in.rank(); ++d) {
    src_strides[d] = flip[d] ? -strides[d] : strides[d];
    if (flip[d] && in.dim(d) > 0) base += (in.dim(d) - 1) * strides[d];
  }
  return GatherStrided(in, in.shape(), src_strides, base);
}

absl::StatusOr<std::vector<Tensor>> EvalReverseV2(const EvalContext& c) {
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> axes, ReadInts(c.node(), c.input(1), "axis"));
  std::vector<bool> flip(in.rank(), false);
  for (int64_t a : axes) {
    TFCONV_ASSIGN_OR_RETURN(int ax, NormalizeAxis(c.node(), a, in.rank()));
    if (flip[ax]) return c.Error(absl::StrCat("axis ", a, " is listed twice"));
    flip[ax] = true;
  }
  return std::vector<Tensor>{Reversed(in, flip)};
}

absl::Status LowerReverseV2(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  const Tensor* value = c.input_value(1);
  if (value == nullptr) {
    TFCONV_ASSIGN_OR_RETURN(int32_t axis, Int32Operand(c, 1, "axis"));
    TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
    c.AddBuiltinOp(BuiltinOperator::REVERSE_V2, {in, axis}, {out}, Options(tflite::ReverseV2OptionsT()));
    return absl::OkStatus();
  }
  // One REVERSE_V2 per axis, axes normalized: LiteRT's kernel reverses a single axis in the op
  // versions most runtimes have (several axes give wrong results there).
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> axes, ReadInts(c.node(), *value, "axis"));
  if (axes.empty()) {
    return c.ForwardOutput(0, in);
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  int32_t current = in;
  for (size_t k = 0; k < axes.size(); ++k) {
    TFCONV_ASSIGN_OR_RETURN(int ax, LoweringAxis(c, axes[k], c.input_shape(0).rank()));
    const int32_t axis = AddInt32Const(c, {1}, {ax}, absl::StrCat("axis", k));
    const int32_t next = k + 1 == axes.size()
                             ? out
                             : c.AddTensor(c.input_type(0), c.input_shape(0), absl::StrCat("reversed", k));
    c.AddBuiltinOp(BuiltinOperator::REVERSE_V2, {current, axis}, {next}, Options(tflite::ReverseV2OptionsT()));
    current = next;
  }
  return absl::OkStatus();
}

// ---- ReverseSequence (input, seq_lengths) ----

absl::StatusOr<std::pair<int, int>> SeqBatchDims(const Node& node, int rank) {
  TFCONV_ASSIGN_OR_RETURN(int64_t seq, GetAttr<int64_t>(node, "seq_dim"));
  TFCONV_ASSIGN_OR_RETURN(int64_t batch, GetAttrOr<int64_t>(node, "batch_dim", 0));
  if (rank >= 0) {
    TFCONV_ASSIGN_OR_RETURN(int s, NormalizeAxis(node, seq, rank));
    TFCONV_ASSIGN_OR_RETURN(int b, NormalizeAxis(node, batch, rank));
    if (s == b) return NodeError(node, "seq_dim and batch_dim must differ");
    return std::make_pair(s, b);
  }
  return std::make_pair(static_cast<int>(seq), static_cast<int>(batch));
}

absl::StatusOr<std::vector<Tensor>> EvalReverseSequence(const EvalContext& c) {
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(auto dims, SeqBatchDims(c.node(), in.rank()));
  const auto [seq, batch] = dims;
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> lengths, ReadInts(c.node(), c.input(1), "seq_lengths"));
  if (static_cast<int64_t>(lengths.size()) != in.dim(batch)) {
    return c.Error(absl::StrCat("seq_lengths has ", lengths.size(), " entries, the batch dimension is ", in.dim(batch)));
  }
  for (int64_t l : lengths) {
    if (l < 0 || l > in.dim(seq)) {
      return c.Error(absl::StrCat("seq_lengths entry ", l, " is outside [0, ", in.dim(seq), "]"));
    }
  }
  Tensor out = Tensor::Zeros(in.dtype(), in.shape());
  if (out.NumElements() == 0) return std::vector<Tensor>{out};
  const std::vector<int64_t> strides = StridesOf(in.shape());
  const size_t elem = DataTypeSize(in.dtype());
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  ForEachIndex(in.shape(), [&](int64_t flat, const std::vector<int64_t>& i) {
    const int64_t len = lengths[i[batch]];
    int64_t src = flat;
    if (i[seq] < len) src += (len - 1 - 2 * i[seq]) * strides[seq];
    std::memcpy(dst + flat * elem, in.bytes().data() + src * elem, elem);
  });
  return std::vector<Tensor>{out};
}

absl::Status LowerReverseSequence(LoweringContext& c) {
  const int rank = c.input_shape(0).rank();
  if (rank < 0) return c.Unsupported("the input rank is unknown, so seq_dim and batch_dim cannot be normalized");
  TFCONV_ASSIGN_OR_RETURN(auto dims, SeqBatchDims(c.node(), rank));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t lengths, Int32Operand(c, 1, "seq_lengths"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::ReverseSequenceOptionsT options;
  options.seq_dim = dims.first;
  options.batch_dim = dims.second;
  c.AddBuiltinOp(BuiltinOperator::REVERSE_SEQUENCE, {in, lengths}, {out}, Options(std::move(options)));
  return absl::OkStatus();
}

}  // namespace

void RegisterScatterOps(OpRegistry& registry) {
  registry.Add(MakeOp("GatherNd", InferGatherNd, EvalGatherNd, LowerGatherNd, {"GATHER_ND", "CAST"}));
  registry.Add(MakeOp("ScatterNd", InferScatterNd, EvalScatterNd, LowerScatterNd, {"SCATTER_ND", "CAST"}));
  registry.Add(MakeOp("OneHot", InferOneHot, EvalOneHot, LowerOneHot, {"ONE_HOT", "CAST"}));
  registry.Add(MakeOp("ReverseV2", InferSameShape, EvalReverseV2, LowerReverseV2, {"REVERSE_V2", "CAST"}));
  registry.Add(MakeOp("ReverseSequence", InferSameShape, EvalReverseSequence, LowerReverseSequence,
                      {"REVERSE_SEQUENCE", "CAST"}));
}

}  // namespace array
}  // namespace tfconv
