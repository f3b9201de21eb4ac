// Ops whose results are positions in their input: ArgMax, ArgMin, TopKV2, Where (one input),
// Unique.
//
// Reference semantics as TensorFlow's CPU kernels: ArgMax/ArgMin give the first position of the
// extreme value; TopKV2 sorts descending along the last axis, equal values by ascending index;
// Where lists the coordinates of non-zero elements in row-major order as int64; Unique keeps first
// occurrences in order of appearance.
// Lowering: ARG_MAX / ARG_MIN (ArgMaxOptions.output_type), TOPK_V2, WHERE, UNIQUE
// (UniqueOptions.idx_out_type), as legalize_patterns.td maps them.
#include <algorithm>
#include <cstring>
#include <map>
#include <numeric>
#include <string>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

absl::StatusOr<DataType> IndexType(const Node& node, const char* attr, DataType fallback) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, GetAttrOr<DataType>(node, attr, fallback));
  if (type != DataType::kInt32 && type != DataType::kInt64) {
    return NodeError(node, absl::StrCat(attr, " must be int32 or int64, got ", DataTypeName(type)));
  }
  return type;
}

tflite::TensorType TfliteIndexType(DataType type) {
  return type == DataType::kInt64 ? tflite::TensorType::INT64 : tflite::TensorType::INT32;
}

// A numeric type as its bytes reinterpreted: bool joins the numeric types as uint8.
template <typename Fn>
bool VisitOrderable(DataType type, Fn&& fn) {
  if (type == DataType::kBool) {
    fn(uint8_t{});
    return true;
  }
  return VisitNumeric(type, fn);
}

absl::Status NoKernel(const Node& node, DataType type) {
  return NodeUnsupported(node, absl::StrCat("no reference kernel for ", DataTypeName(type)));
}

// ---- ArgMax / ArgMin (input, dimension) ----

absl::Status InferArg(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, IndexType(c.node(), "output_type", DataType::kInt64));
  const PartialShape& in = c.input_shape(0);
  PartialShape out = PartialShape::UnknownRank();
  if (in.known_rank()) {
    if (in.rank() == 0) return c.Error("input must have rank at least 1, got a scalar");
    std::vector<int64_t> dims(in.rank() - 1, -1);
    if (const Tensor* axis = c.input_value(1)) {
      TFCONV_ASSIGN_OR_RETURN(int64_t a, ReadScalarInt(c.node(), *axis, "dimension"));
      TFCONV_ASSIGN_OR_RETURN(int ax, NormalizeAxis(c.node(), a, in.rank()));
      dims.clear();
      for (int d = 0; d < in.rank(); ++d) {
        if (d != ax) dims.push_back(in.dim(d));
      }
    }
    out = PartialShape(dims);
  }
  c.set_output(0, type, std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalArg(const EvalContext& c, bool is_max) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, IndexType(c.node(), "output_type", DataType::kInt64));
  const Tensor& in = c.input(0);
  if (in.rank() == 0) return c.Error("input must have rank at least 1, got a scalar");
  TFCONV_ASSIGN_OR_RETURN(int64_t a, ReadScalarInt(c.node(), c.input(1), "dimension"));
  TFCONV_ASSIGN_OR_RETURN(int axis, NormalizeAxis(c.node(), a, in.rank()));
  if (in.dim(axis) == 0) return c.Error("the reduced dimension is empty; ArgMax/ArgMin need one element");
  const int64_t outer = Product(in.shape(), 0, axis);
  const int64_t n = in.dim(axis);
  const int64_t inner = Product(in.shape(), axis + 1, in.shape().size());
  std::vector<int64_t> dims;
  for (int d = 0; d < in.rank(); ++d) {
    if (d != axis) dims.push_back(in.dim(d));
  }
  std::vector<int64_t> result(outer * inner, 0);
  const bool known = VisitNumeric(in.dtype(), [&](auto zero) {
    using T = decltype(zero);
    absl::Span<const T> v = in.data<T>();
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t i = 0; i < inner; ++i) {
        int64_t best = 0;
        T best_value = v[o * n * inner + i];
        for (int64_t k = 1; k < n; ++k) {
          const T x = v[(o * n + k) * inner + i];
          if (is_max ? x > best_value : x < best_value) {
            best = k;
            best_value = x;
          }
        }
        result[o * inner + i] = best;
      }
    }
  });
  if (!known) return NoKernel(c.node(), in.dtype());
  return std::vector<Tensor>{MakeIntTensor(type, dims, result)};
}

absl::Status LowerArg(LoweringContext& c, bool is_max) {
  TFCONV_ASSIGN_OR_RETURN(DataType type, IndexType(c.node(), "output_type", DataType::kInt64));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  int32_t axis;
  if (const Tensor* value = c.input_value(1)) {
    // A negative axis is normalized here: not every runtime accepts one.
    TFCONV_ASSIGN_OR_RETURN(int64_t a, ReadScalarInt(c.node(), *value, "dimension"));
    TFCONV_ASSIGN_OR_RETURN(int ax, LoweringAxis(c, a, c.input_shape(0).rank()));
    axis = AddInt32Const(c, {1}, {ax}, "axis");
  } else {
    TFCONV_ASSIGN_OR_RETURN(axis, Int32Operand(c, 1, "axis"));
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  if (is_max) {
    tflite::ArgMaxOptionsT options;
    options.output_type = TfliteIndexType(type);
    c.AddBuiltinOp(BuiltinOperator::ARG_MAX, {in, axis}, {out}, Options(std::move(options)));
  } else {
    tflite::ArgMinOptionsT options;
    options.output_type = TfliteIndexType(type);
    c.AddBuiltinOp(BuiltinOperator::ARG_MIN, {in, axis}, {out}, Options(std::move(options)));
  }
  return absl::OkStatus();
}

// ---- TopKV2 (input, k) -> values, indices ----

absl::Status InferTopK(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType index_type, IndexType(c.node(), "index_type", DataType::kInt32));
  const PartialShape& in = c.input_shape(0);
  PartialShape out = PartialShape::UnknownRank();
  if (in.known_rank()) {
    if (in.rank() == 0) return c.Error("input must have rank at least 1, got a scalar");
    std::vector<int64_t> dims = in.dims();
    dims.back() = -1;
    if (const Tensor* k = c.input_value(1)) {
      TFCONV_ASSIGN_OR_RETURN(int64_t kv, ReadScalarInt(c.node(), *k, "k"));
      if (kv < 0 || (in.dims().back() >= 0 && kv > in.dims().back())) {
        return c.Error(absl::StrCat("k = ", kv, " must be in [0, last dimension ", in.dims().back(), "]"));
      }
      dims.back() = kv;
    }
    out = PartialShape(dims);
  }
  c.set_output(0, c.input_type(0), out);
  c.set_output(1, index_type, out);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalTopK(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType index_type, IndexType(c.node(), "index_type", DataType::kInt32));
  const Tensor& in = c.input(0);
  if (in.rank() == 0) return c.Error("input must have rank at least 1, got a scalar");
  TFCONV_ASSIGN_OR_RETURN(int64_t k, ReadScalarInt(c.node(), c.input(1), "k"));
  const int64_t n = in.shape().back();
  if (k < 0 || k > n) return c.Error(absl::StrCat("k = ", k, " must be in [0, last dimension ", n, "]"));
  const int64_t rows = n == 0 ? Product(in.shape(), 0, in.shape().size() - 1) : in.NumElements() / n;
  std::vector<int64_t> dims = in.shape();
  dims.back() = k;
  Tensor values = Tensor::Zeros(in.dtype(), dims);
  std::vector<int64_t> indices(rows * k);
  const bool known = VisitNumeric(in.dtype(), [&](auto zero) {
    using T = decltype(zero);
    absl::Span<const T> v = in.data<T>();
    absl::Span<T> out = values.mutable_data<T>();
    std::vector<int64_t> order(n);
    for (int64_t r = 0; r < rows; ++r) {
      std::iota(order.begin(), order.end(), 0);
      const T* row = v.data() + r * n;
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return row[a] > row[b]; });
      for (int64_t j = 0; j < k; ++j) {
        out[r * k + j] = row[order[j]];
        indices[r * k + j] = order[j];
      }
    }
  });
  if (!known) return NoKernel(c.node(), in.dtype());
  return std::vector<Tensor>{values, MakeIntTensor(index_type, dims, indices)};
}

absl::Status LowerTopK(LoweringContext& c) {
  // TOPK_V2 always sorts; that is one of the orders an unsorted TopKV2 may return, so `sorted` is
  // not consulted.
  if (c.output_type(1) != DataType::kInt32) return c.Unsupported("TOPK_V2 gives int32 indices only");
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t k, Int32Operand(c, 1, "k"));
  TFCONV_ASSIGN_OR_RETURN(int32_t values, c.OutputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t indices, c.OutputTensor(1));
  c.AddBuiltinOp(BuiltinOperator::TOPK_V2, {in, k}, {values, indices}, Options(tflite::TopKV2OptionsT()));
  return absl::OkStatus();
}

// ---- Where (condition) -> int64 coordinates of the true / non-zero elements ----

absl::Status InferWhere(InferenceContext& c) {
  if (c.num_inputs() != 1) {
    return c.Error("Where with 3 inputs is Select; only the one-input form is this op");
  }
  const PartialShape& in = c.input_shape(0);
  c.set_output(0, DataType::kInt64, PartialShape({-1, in.known_rank() ? in.rank() : -1}));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalWhere(const EvalContext& c) {
  const Tensor& in = c.input(0);
  std::vector<bool> nonzero(in.NumElements(), false);
  const bool known = VisitOrderable(in.dtype(), [&](auto zero) {
    using T = decltype(zero);
    absl::Span<const T> v = in.data<T>();
    for (size_t i = 0; i < nonzero.size(); ++i) nonzero[i] = v[i] != T(0);
  });
  if (!known) return NoKernel(c.node(), in.dtype());
  std::vector<int64_t> coords;
  int64_t count = 0;
  ForEachIndex(in.shape(), [&](int64_t k, const std::vector<int64_t>& index) {
    if (!nonzero[k]) return;
    coords.insert(coords.end(), index.begin(), index.end());
    ++count;
  });
  return std::vector<Tensor>{MakeIntTensor(DataType::kInt64, {count, in.rank()}, coords)};
}

absl::Status LowerWhere(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::WHERE, {in}, {out}, Options(tflite::WhereOptionsT()));
  return absl::OkStatus();
}

// ---- Unique (x) -> y, idx ----

absl::Status InferUnique(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType idx, IndexType(c.node(), "out_idx", DataType::kInt32));
  const PartialShape& in = c.input_shape(0);
  if (in.known_rank() && in.rank() != 1) return c.Error(absl::StrCat("x must be a vector, got ", in.ToString()));
  c.set_output(0, c.input_type(0), PartialShape({-1}));
  c.set_output(1, idx, PartialShape({in.known_rank() ? in.dim(0) : -1}));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalUnique(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType idx_type, IndexType(c.node(), "out_idx", DataType::kInt32));
  const Tensor& in = c.input(0);
  if (in.rank() != 1) return c.Error(absl::StrCat("x must be a vector, got ", in.DebugString()));
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  // Elements compare by their bytes, as TensorFlow hashes them (so -0.0 and 0.0 differ; NaNs with
  // one bit pattern are one value).
  const size_t elem = DataTypeSize(in.dtype());
  const uint8_t* data = in.bytes().data();
  std::map<std::string, int64_t> first;
  std::vector<int64_t> idx(in.dim(0));
  std::vector<int64_t> kept;
  for (int64_t i = 0; i < in.dim(0); ++i) {
    std::string key(reinterpret_cast<const char*>(data + i * elem), elem);
    auto [it, inserted] = first.emplace(key, static_cast<int64_t>(kept.size()));
    if (inserted) kept.push_back(i);
    idx[i] = it->second;
  }
  Tensor y = Tensor::Zeros(in.dtype(), {static_cast<int64_t>(kept.size())});
  if (!kept.empty()) {
    uint8_t* dst = y.mutable_data<uint8_t>().data();
    for (size_t j = 0; j < kept.size(); ++j) std::memcpy(dst + j * elem, data + kept[j] * elem, elem);
  }
  return std::vector<Tensor>{y, MakeIntTensor(idx_type, {in.dim(0)}, idx)};
}

absl::Status LowerUnique(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(DataType idx_type, IndexType(c.node(), "out_idx", DataType::kInt32));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t y, c.OutputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t idx, c.OutputTensor(1));
  tflite::UniqueOptionsT options;
  options.idx_out_type = TfliteIndexType(idx_type);
  c.AddBuiltinOp(BuiltinOperator::UNIQUE, {in}, {y, idx}, Options(std::move(options)));
  return absl::OkStatus();
}

}  // namespace

void RegisterIndexOps(OpRegistry& registry) {
  registry.Add(MakeOp(
      "ArgMax", InferArg, [](const EvalContext& c) { return EvalArg(c, true); },
      [](LoweringContext& c) { return LowerArg(c, true); }, {"ARG_MAX", "CAST"}));
  registry.Add(MakeOp(
      "ArgMin", InferArg, [](const EvalContext& c) { return EvalArg(c, false); },
      [](LoweringContext& c) { return LowerArg(c, false); }, {"ARG_MIN", "CAST"}));
  registry.Add(MakeOp("TopKV2", InferTopK, EvalTopK, LowerTopK, {"TOPK_V2", "CAST"}));
  registry.Add(MakeOp("Where", InferWhere, EvalWhere, LowerWhere, {"WHERE"}));
  registry.Add(MakeOp("Unique", InferUnique, EvalUnique, LowerUnique, {"UNIQUE"}));
}

}  // namespace array
}  // namespace tfconv
