// Pad (zeros), PadV2 (a given scalar) and MirrorPad (REFLECT / SYMMETRIC copies of the edge).
//
// paddings is an [rank, 2] integer tensor: rows of (before, after). Lowering: PAD / PADV2 /
// MIRROR_PAD with int32 paddings, as legalize_patterns.td maps them.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

enum class PadMode { kConstant, kReflect, kSymmetric };

absl::StatusOr<PadMode> ModeOf(const Node& node) {
  if (node.op() != "MirrorPad") return PadMode::kConstant;
  TFCONV_ASSIGN_OR_RETURN(std::string mode, GetAttr<std::string>(node, "mode"));
  if (mode == "REFLECT") return PadMode::kReflect;
  if (mode == "SYMMETRIC") return PadMode::kSymmetric;
  return NodeError(node, absl::StrCat("mode must be REFLECT or SYMMETRIC, got '", mode, "'"));
}

// The (before, after) pairs of a constant paddings tensor, checked against the input shape.
absl::StatusOr<std::vector<int64_t>> ReadPaddings(const Node& node, const Tensor& paddings,
                                                  const PartialShape& in, PadMode mode) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> pads, ReadInts(node, paddings, "paddings"));
  const int rank =
      in.known_rank() ? in.rank() : (paddings.rank() == 2 ? static_cast<int>(paddings.dim(0)) : -1);
  if (paddings.rank() != 2 || paddings.dim(0) != rank || paddings.dim(1) != 2) {
    return NodeError(node, absl::StrCat("paddings must have shape [", rank, ",2] for an input of shape ",
                                        in.ToString(), ", got ", paddings.DebugString()));
  }
  for (int d = 0; d < rank; ++d) {
    const int64_t before = pads[2 * d], after = pads[2 * d + 1];
    if (before < 0 || after < 0) {
      return NodeError(node, absl::StrCat("paddings of dimension ", d, " must be non-negative, got (", before,
                                          ", ", after, ")"));
    }
    const int64_t size = in.known_rank() ? in.dim(d) : -1;
    if (size < 0 || mode == PadMode::kConstant) continue;
    // REFLECT never repeats the edge element, so it can add at most size - 1 on each side.
    const int64_t limit = mode == PadMode::kReflect ? size - 1 : size;
    if (before > limit || after > limit) {
      return NodeError(
          node, absl::StrCat("paddings (", before, ", ", after, ") of dimension ", d, " exceed ", limit,
                             ", the most ", mode == PadMode::kReflect ? "REFLECT" : "SYMMETRIC",
                             " mode allows for size ", size));
    }
  }
  return pads;
}

absl::Status InferPad(InferenceContext& c) {
  TFCONV_ASSIGN_OR_RETURN(PadMode mode, ModeOf(c.node()));
  const PartialShape& in = c.input_shape(0);
  PartialShape out = PartialShape::UnknownRank();
  if (const Tensor* paddings = c.input_value(1)) {
    TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> pads, ReadPaddings(c.node(), *paddings, in, mode));
    std::vector<int64_t> dims(pads.size() / 2, -1);
    for (size_t d = 0; d < dims.size(); ++d) {
      if (in.known_rank() && in.dim(d) >= 0) dims[d] = in.dim(d) + pads[2 * d] + pads[2 * d + 1];
    }
    out = PartialShape(dims);
  } else if (in.known_rank()) {
    out = PartialShape(std::vector<int64_t>(in.rank(), -1));
  }
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

// The source coordinate of output coordinate `i` along a dimension of `size` padded by `before`;
// -1 marks padding filled with the constant.
int64_t SourceIndex(int64_t i, int64_t size, int64_t before, PadMode mode) {
  const int64_t o = i - before;
  if (o >= 0 && o < size) return o;
  switch (mode) {
    case PadMode::kConstant:
      return -1;
    case PadMode::kReflect:
      return o < 0 ? -o : 2 * size - 2 - o;
    case PadMode::kSymmetric:
      return o < 0 ? -o - 1 : 2 * size - 1 - o;
  }
  return -1;
}

absl::StatusOr<std::vector<Tensor>> EvalPad(const EvalContext& c) {
  TFCONV_ASSIGN_OR_RETURN(PadMode mode, ModeOf(c.node()));
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> pads, ReadPaddings(c.node(), c.input(1), ShapeOf(in), mode));
  const size_t elem = DataTypeSize(in.dtype());
  std::vector<uint8_t> fill(elem, 0);
  if (c.node().op() == "PadV2") {
    const Tensor& value = c.input(2);
    if (value.dtype() != in.dtype() || value.NumElements() != 1) {
      return c.Error(
          absl::StrCat("constant_values must be a scalar of the input's type, got ", value.DebugString()));
    }
    std::memcpy(fill.data(), value.bytes().data(), elem);
  }
  const int rank = in.rank();
  std::vector<int64_t> dims(rank);
  for (int d = 0; d < rank; ++d) dims[d] = in.dim(d) + pads[2 * d] + pads[2 * d + 1];
  Tensor out = Tensor::Zeros(in.dtype(), dims);
  const int64_t n = out.NumElements();
  if (n == 0) return std::vector<Tensor>{out};
  const std::vector<int64_t> strides = StridesOf(in.shape());
  const uint8_t* src = in.bytes().data();
  uint8_t* dst = out.mutable_data<uint8_t>().data();
  std::vector<int64_t> index(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t offset = 0;
    for (int d = 0; d < rank && offset >= 0; ++d) {
      const int64_t s = SourceIndex(index[d], in.dim(d), pads[2 * d], mode);
      offset = s < 0 ? -1 : offset + s * strides[d];
    }
    std::memcpy(dst + k * elem, offset < 0 ? fill.data() : src + offset * elem, elem);
    for (int d = rank - 1; d >= 0; --d) {
      if (++index[d] < dims[d]) break;
      index[d] = 0;
    }
  }
  return std::vector<Tensor>{out};
}

absl::Status LowerPad(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(PadMode mode, ModeOf(c.node()));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t paddings, Int32Operand(c, 1, "paddings"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  if (c.node().op() == "PadV2") {
    TFCONV_ASSIGN_OR_RETURN(int32_t value, c.InputTensor(2));
    c.AddBuiltinOp(BuiltinOperator::PADV2, {in, paddings, value}, {out}, Options(tflite::PadV2OptionsT()));
  } else if (mode == PadMode::kConstant) {
    c.AddBuiltinOp(BuiltinOperator::PAD, {in, paddings}, {out}, Options(tflite::PadOptionsT()));
  } else {
    tflite::MirrorPadOptionsT options;
    options.mode =
        mode == PadMode::kReflect ? tflite::MirrorPadMode::REFLECT : tflite::MirrorPadMode::SYMMETRIC;
    c.AddBuiltinOp(BuiltinOperator::MIRROR_PAD, {in, paddings}, {out}, Options(std::move(options)));
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterPadOps(OpRegistry& registry) {
  struct Row {
    const char* op;
    const char* tflite_op;
  };
  for (const Row& row : {Row{"Pad", "PAD"}, Row{"PadV2", "PADV2"}, Row{"MirrorPad", "MIRROR_PAD"}}) {
    OpRegistration r;
    r.op = row.op;
    r.infer = InferPad;
    r.evaluate = EvalPad;
    r.lower = LowerPad;
    r.tflite_ops = {row.tflite_op, "CAST"};
    registry.Add(std::move(r));
  }
}

}  // namespace array
}  // namespace tfconv
