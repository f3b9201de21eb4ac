// Matrix diagonals: MatrixDiag, MatrixDiagV2, MatrixDiagV3, MatrixSetDiag, MatrixSetDiagV2,
// MatrixSetDiagV3.
//
// Reference semantics (TensorFlow's ops/array_ops.cc, kernels/linalg/matrix_diag_op.cc):
//   MatrixDiag     diagonal [..., N] -> [..., N, N], out[..., i, j] = i == j ? diagonal[..., i] : 0.
//   MatrixSetDiag  input [..., M, N], diagonal [..., min(M, N)]: input with its main diagonal replaced.
//   The V2/V3 forms add k (which diagonals; 0 is the main one), and MatrixDiagV2/V3 also num_rows,
//   num_cols (-1: derived) and padding_value (what fills the rest); V3 adds `align`, which only
//   matters for several diagonals. Only k = 0 is implemented here: that is all TFLite can express.
// Lowering (legalize_patterns.td LegalizeMatrixDiag / LegalizeMatrixSetDiag, legalize_tf.cc
// ConvertTFMatrixDiagV2orV3): MatrixDiag -> MATRIX_DIAG; the V2/V3 forms only with k = 0,
// num_rows = num_cols = -1 (or the diagonal's length, which means the same) and padding_value 0;
// every MatrixSetDiag form with k = 0 -> MATRIX_SET_DIAG. Any other argument is reported by name.
#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

// Element types of TFLite's MATRIX_DIAG and MATRIX_SET_DIAG kernels (tfl_ops.td).
bool DiagKernelTakes(DataType type) {
  switch (type) {
    case DataType::kFloat:
    case DataType::kInt8:
    case DataType::kUInt8:
    case DataType::kInt16:
    case DataType::kInt32:
    case DataType::kInt64:
      return true;
    default:
      return false;
  }
}

// OK when argument `k` (scalar, [k] or [lower, upper]) selects only the main diagonal.
absl::Status CheckMainDiagonal(const Node& node, const Tensor& k) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> values, ReadInts(node, k, "k"));
  if (values.empty() || values.size() > 2 || k.rank() > 1) {
    return NodeError(node, absl::StrCat("argument 'k' must be a scalar or hold 1 or 2 values, got ", k.DebugString()));
  }
  for (int64_t v : values) {
    if (v != 0) {
      return NodeUnsupported(node, absl::StrCat("argument 'k' = [", absl::StrJoin(values, ", "),
                                                "] selects other than the main diagonal; only k = 0 converts (TFLite's "
                                                "MATRIX_DIAG / MATRIX_SET_DIAG hold the main diagonal only)"));
    }
  }
  return absl::OkStatus();
}

// The constant `k` input of a V2/V3 node checked to be 0, or Unsupported when it is computed.
absl::Status CheckConstantMainDiagonal(const Node& node, const Tensor* k) {
  if (k == nullptr) {
    return NodeUnsupported(node, "argument 'k' is computed; only a constant k = 0 (the main diagonal) converts");
  }
  return CheckMainDiagonal(node, *k);
}

// ---- MatrixDiag family: diagonal [..., N] -> [..., rows, cols] ----

// The rows and cols of a MatrixDiagV2/V3 result for the main diagonal of length n, from the
// num_rows / num_cols arguments (-1: derived), checked as TensorFlow's shape function does.
absl::StatusOr<std::pair<int64_t, int64_t>> DiagMatrixSize(const Node& node, int64_t n, int64_t rows, int64_t cols) {
  if (rows == -1 && cols == -1) return std::make_pair(n, n);
  if (rows == -1) rows = n;
  if (cols == -1) cols = n;
  if (rows < n || cols < n || (rows != n && cols != n)) {
    return NodeError(
        node, absl::StrCat("num_rows ", rows, " and num_cols ", cols, " do not fit a main diagonal of length ", n,
                           " (both must be >= it and one equal to it)"));
  }
  return std::make_pair(rows, cols);
}

struct DiagArgs {
  int64_t rows = -1;  // as given: -1 means derived
  int64_t cols = -1;
};

// Reads num_rows (input 2) and num_cols (input 3) of a V2/V3 node from constant tensors.
absl::StatusOr<DiagArgs> ReadDiagArgs(const Node& node, const Tensor& rows, const Tensor& cols) {
  DiagArgs a;
  TFCONV_ASSIGN_OR_RETURN(a.rows, ReadScalarInt(node, rows, "num_rows"));
  TFCONV_ASSIGN_OR_RETURN(a.cols, ReadScalarInt(node, cols, "num_cols"));
  return a;
}

bool IsDiagV2(const Node& node) { return node.op() != "MatrixDiag"; }

absl::Status InferMatrixDiag(InferenceContext& c) {
  const bool v2 = IsDiagV2(c.node());
  if (c.num_inputs() != (v2 ? 5 : 1)) {
    return c.Error(v2 ? "expects 5 inputs (diagonal, k, num_rows, num_cols, padding_value)" : "expects 1 input");
  }
  const PartialShape& diag = c.input_shape(0);
  if (diag.known_rank() && diag.rank() < 1) return c.Error("the diagonal must have rank >= 1, got a scalar");
  if (!diag.known_rank()) {
    c.set_output(0, c.input_type(0), PartialShape::UnknownRank());
    return absl::OkStatus();
  }
  const int64_t n = diag.dim(diag.rank() - 1);
  int64_t rows = n, cols = n;
  if (v2) {
    if (const Tensor* k = c.input_value(1)) TFCONV_RETURN_IF_ERROR(CheckMainDiagonal(c.node(), *k));
    const Tensor* r = c.input_value(2);
    const Tensor* q = c.input_value(3);
    if (r == nullptr || q == nullptr || n < 0) {
      rows = cols = -1;
    } else {
      TFCONV_ASSIGN_OR_RETURN(DiagArgs a, ReadDiagArgs(c.node(), *r, *q));
      TFCONV_ASSIGN_OR_RETURN(auto size, DiagMatrixSize(c.node(), n, a.rows, a.cols));
      rows = size.first;
      cols = size.second;
    }
  }
  std::vector<int64_t> dims = diag.dims();
  dims.back() = rows;
  dims.push_back(cols);
  c.set_output(0, c.input_type(0), PartialShape(dims));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalMatrixDiag(const EvalContext& c) {
  const Tensor& diag = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), diag));
  if (diag.rank() < 1) return c.Error("the diagonal must have rank >= 1, got a scalar");
  const int64_t n = diag.dim(diag.rank() - 1);
  int64_t rows = n, cols = n;
  const Tensor* padding = nullptr;
  if (IsDiagV2(c.node())) {
    if (c.num_inputs() != 5) return c.Error("expects 5 inputs (diagonal, k, num_rows, num_cols, padding_value)");
    TFCONV_RETURN_IF_ERROR(CheckMainDiagonal(c.node(), c.input(1)));
    TFCONV_ASSIGN_OR_RETURN(DiagArgs a, ReadDiagArgs(c.node(), c.input(2), c.input(3)));
    TFCONV_ASSIGN_OR_RETURN(auto size, DiagMatrixSize(c.node(), n, a.rows, a.cols));
    rows = size.first;
    cols = size.second;
    padding = &c.input(4);
    if (padding->NumElements() != 1 || padding->dtype() != diag.dtype()) {
      return c.Error(
          absl::StrCat("padding_value must be a scalar of the diagonal's type, got ", padding->DebugString()));
    }
  }
  std::vector<int64_t> dims = diag.shape();
  dims.back() = rows;
  dims.push_back(cols);
  Tensor out = Tensor::Zeros(diag.dtype(), dims);
  if (out.NumElements() == 0) return std::vector<Tensor>{out};
  const size_t elem = DataTypeSize(diag.dtype());
  const int64_t batches = Product(diag.shape(), 0, diag.rank() - 1);
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  for (int64_t b = 0; b < batches; ++b) {
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t j = 0; j < cols; ++j) {
        uint8_t* at = dst + ((b * rows + i) * cols + j) * elem;
        if (i == j) {
          std::memcpy(at, diag.bytes().data() + (b * n + i) * elem, elem);
        } else if (padding != nullptr) {
          std::memcpy(at, padding->bytes().data(), elem);
        }  // else: the zeros the tensor starts with
      }
    }
  }
  return std::vector<Tensor>{out};
}

// True when `t` is a constant whose only element is zero (any numeric type).
bool IsZeroScalar(const Tensor* t) {
  return t != nullptr && t->NumElements() == 1 && DataTypeSize(t->dtype()) != 0 && t->ElementAsDouble(0) == 0.0;
}

absl::Status LowerMatrixDiag(LoweringContext& c) {
  const DataType type = c.input_type(0);
  if (!DiagKernelTakes(type)) {
    return c.Unsupported(absl::StrCat("TFLite MATRIX_DIAG has no kernel for ", DataTypeName(type)));
  }
  if (IsDiagV2(c.node())) {
    TFCONV_RETURN_IF_ERROR(CheckConstantMainDiagonal(c.node(), c.input_value(1)));
    const PartialShape& diag = c.input_shape(0);
    const int64_t n = diag.known_rank() && diag.rank() >= 1 ? diag.dim(diag.rank() - 1) : -1;
    static constexpr const char* kNames[2] = {"num_rows", "num_cols"};
    for (int i = 0; i < 2; ++i) {
      const Tensor* v = c.input_value(2 + i);
      if (v == nullptr) {
        return c.Unsupported(absl::StrCat("argument '", kNames[i], "' is computed; only a constant -1 converts"));
      }
      TFCONV_ASSIGN_OR_RETURN(int64_t size, ReadScalarInt(c.node(), *v, kNames[i]));
      if (size != -1 && size != n) {
        return c.Unsupported(absl::StrCat("argument '", kNames[i], "' is ", size,
                                          "; only -1 (a square result as long as the diagonal) converts to "
                                          "MATRIX_DIAG"));
      }
    }
    if (!IsZeroScalar(c.input_value(4))) {
      return c.Unsupported(
          "argument 'padding_value' is not a constant 0; MATRIX_DIAG fills the rest of the matrix with zeros");
    }
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t diagonal, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::MATRIX_DIAG, {diagonal}, {out});
  return absl::OkStatus();
}

// ---- MatrixSetDiag family: input [..., M, N], diagonal [..., min(M, N)] ----

bool IsSetDiagV2(const Node& node) { return node.op() != "MatrixSetDiag"; }

absl::Status InferMatrixSetDiag(InferenceContext& c) {
  const bool v2 = IsSetDiagV2(c.node());
  if (c.num_inputs() != (v2 ? 3 : 2)) {
    return c.Error(v2 ? "expects 3 inputs (input, diagonal, k)" : "expects 2 inputs (input, diagonal)");
  }
  if (v2) {
    if (const Tensor* k = c.input_value(2)) TFCONV_RETURN_IF_ERROR(CheckMainDiagonal(c.node(), *k));
  }
  if (c.input_type(0) != c.input_type(1) && c.input_type(1) != DataType::kInvalid) {
    return c.Error(absl::StrCat("input is ", DataTypeName(c.input_type(0)), " but diagonal is ",
                                DataTypeName(c.input_type(1)), "; they must match"));
  }
  const PartialShape& in = c.input_shape(0);
  const PartialShape& diag = c.input_shape(1);
  PartialShape out = in;
  if (in.known_rank()) {
    if (in.rank() < 2) return c.Error(absl::StrCat("the input must have rank >= 2, got ", in.ToString()));
    if (diag.known_rank()) {
      if (diag.rank() != in.rank() - 1) {
        return c.Error(absl::StrCat("the diagonal ", diag.ToString(), " must have rank ", in.rank() - 1,
                                    " for the input ", in.ToString()));
      }
      // Batch dimensions merge; the diagonal's length is min(M, N).
      std::vector<int64_t> dims = in.dims();
      for (int d = 0; d + 1 < diag.rank(); ++d) {
        TFCONV_ASSIGN_OR_RETURN(dims[d], MergeDim(c.node(), dims[d], diag.dim(d), "batch dimensions"));
      }
      const int64_t m = dims[in.rank() - 2], n = dims[in.rank() - 1];
      if (m >= 0 && n >= 0) {
        TFCONV_RETURN_IF_ERROR(
            MergeDim(c.node(), std::min(m, n), diag.dim(diag.rank() - 1), "diagonal length and min(rows, cols)")
                .status());
      }
      out = PartialShape(dims);
    }
  }
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalMatrixSetDiag(const EvalContext& c) {
  const Tensor& in = c.input(0);
  const Tensor& diag = c.input(1);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  if (IsSetDiagV2(c.node())) {
    if (c.num_inputs() != 3) return c.Error("expects 3 inputs (input, diagonal, k)");
    TFCONV_RETURN_IF_ERROR(CheckMainDiagonal(c.node(), c.input(2)));
  }
  if (in.rank() < 2 || diag.dtype() != in.dtype()) {
    return c.Error(absl::StrCat("needs an input of rank >= 2 and a diagonal of its type, got ", in.DebugString(),
                                " and ", diag.DebugString()));
  }
  const int64_t m = in.dim(in.rank() - 2), n = in.dim(in.rank() - 1);
  std::vector<int64_t> want(in.shape().begin(), in.shape().end() - 2);
  want.push_back(std::min(m, n));
  if (diag.shape() != want) {
    return c.Error(absl::StrCat("the diagonal ", diag.DebugString(), " must have shape [", absl::StrJoin(want, ","),
                                "] for the input ", in.DebugString()));
  }
  Tensor out = Tensor::Zeros(in.dtype(), in.shape());
  if (out.NumElements() == 0) return std::vector<Tensor>{out};
  const size_t elem = DataTypeSize(in.dtype());
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  std::memcpy(dst, in.bytes().data(), in.ByteSize());
  const int64_t len = std::min(m, n);
  const int64_t batches = Product(in.shape(), 0, in.rank() - 2);
  for (int64_t b = 0; b < batches; ++b) {
    for (int64_t i = 0; i < len; ++i) {
      std::memcpy(dst + ((b * m + i) * n + i) * elem, diag.bytes().data() + (b * len + i) * elem, elem);
    }
  }
  return std::vector<Tensor>{out};
}

absl::Status LowerMatrixSetDiag(LoweringContext& c) {
  const DataType type = c.input_type(0);
  if (!DiagKernelTakes(type)) {
    return c.Unsupported(absl::StrCat("TFLite MATRIX_SET_DIAG has no kernel for ", DataTypeName(type)));
  }
  if (IsSetDiagV2(c.node())) TFCONV_RETURN_IF_ERROR(CheckConstantMainDiagonal(c.node(), c.input_value(2)));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t diagonal, c.InputTensor(1));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  c.AddBuiltinOp(BuiltinOperator::MATRIX_SET_DIAG, {in, diagonal}, {out});
  return absl::OkStatus();
}

}  // namespace

void RegisterDiagOps(OpRegistry& registry) {
  for (const char* op : {"MatrixDiag", "MatrixDiagV2", "MatrixDiagV3"}) {
    registry.Add(MakeOp(op, InferMatrixDiag, EvalMatrixDiag, LowerMatrixDiag, {"MATRIX_DIAG"}));
  }
  for (const char* op : {"MatrixSetDiag", "MatrixSetDiagV2", "MatrixSetDiagV3"}) {
    registry.Add(MakeOp(op, InferMatrixSetDiag, EvalMatrixSetDiag, LowerMatrixSetDiag, {"MATRIX_SET_DIAG"}));
  }
}

}  // namespace array
}  // namespace tfconv
