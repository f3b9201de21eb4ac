// Ops that move elements between spatial dimensions and depth or batch: DepthToSpace,
// SpaceToDepth (NHWC, block_size), SpaceToBatchND (block_shape, paddings), BatchToSpaceND
// (block_shape, crops).
//
// Reference semantics (TensorFlow's ops/array_ops.cc docs), NHWC with block b:
//   DepthToSpace  out[n, h*b+i, w*b+j, c] = in[n, h, w, (i*b+j)*C_out + c]; SpaceToDepth the inverse.
//   SpaceToBatchND: the padded input's spatial index s*block + i lands in batch
//   (row-major index of i over the block) * N + n at spatial index s; BatchToSpaceND the inverse,
//   then cropped.
// Lowering: DEPTH_TO_SPACE / SPACE_TO_DEPTH (block_size option), SPACE_TO_BATCH_ND /
// BATCH_TO_SPACE_ND with int32 block and pad operands, as legalize_patterns.td maps them.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

// ---- DepthToSpace / SpaceToDepth ----

absl::StatusOr<int64_t> BlockSize(const Node& node) {
  TFCONV_ASSIGN_OR_RETURN(std::string format, GetAttrOr<std::string>(node, "data_format", "NHWC"));
  if (format != "NHWC") {
    return NodeUnsupported(node, absl::StrCat("data_format ", format, " is not supported; only NHWC"));
  }
  TFCONV_ASSIGN_OR_RETURN(int64_t block, GetAttr<int64_t>(node, "block_size"));
  if (block < 2) return NodeError(node, absl::StrCat("block_size must be at least 2, got ", block));
  return block;
}

// Output shape of DepthToSpace (to_space) or SpaceToDepth for an NHWC input shape.
absl::StatusOr<PartialShape> DepthSpaceShape(const Node& node, const PartialShape& in, int64_t b,
                                             bool to_space) {
  if (!in.known_rank()) return PartialShape({-1, -1, -1, -1});
  if (in.rank() != 4) return NodeError(node, absl::StrCat("input must have rank 4, got ", in.ToString()));
  std::vector<int64_t> d = in.dims();
  if (to_space) {
    if (d[3] >= 0 && d[3] % (b * b) != 0) {
      return NodeError(node, absl::StrCat("depth ", d[3], " is not divisible by block_size^2 = ", b * b));
    }
    if (d[1] >= 0) d[1] *= b;
    if (d[2] >= 0) d[2] *= b;
    if (d[3] >= 0) d[3] /= b * b;
  } else {
    for (int k = 1; k <= 2; ++k) {
      if (d[k] >= 0 && d[k] % b != 0) {
        return NodeError(node, absl::StrCat("spatial size ", d[k], " is not divisible by block_size ", b));
      }
      if (d[k] >= 0) d[k] /= b;
    }
    if (d[3] >= 0) d[3] *= b * b;
  }
  return PartialShape(d);
}

absl::Status InferDepthSpace(InferenceContext& c, bool to_space) {
  TFCONV_ASSIGN_OR_RETURN(int64_t b, BlockSize(c.node()));
  TFCONV_ASSIGN_OR_RETURN(PartialShape out, DepthSpaceShape(c.node(), c.input_shape(0), b, to_space));
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalDepthSpace(const EvalContext& c, bool to_space) {
  TFCONV_ASSIGN_OR_RETURN(int64_t b, BlockSize(c.node()));
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(PartialShape shape, DepthSpaceShape(c.node(), ShapeOf(in), b, to_space));
  // Always walk the space-side tensor (the larger H, W): for DepthToSpace it is the output.
  const std::vector<int64_t>& space = to_space ? shape.dims() : in.shape();
  const std::vector<int64_t>& depth = to_space ? in.shape() : shape.dims();
  const int64_t c_space = space[3];
  const std::vector<int64_t> space_strides = StridesOf(space);
  const std::vector<int64_t> depth_strides = StridesOf(depth);
  Tensor out = Tensor::Zeros(in.dtype(), shape.dims());
  const size_t elem = DataTypeSize(in.dtype());
  const uint8_t* src = in.bytes().data();
  uint8_t* dst = out.NumElements() == 0 ? nullptr : out.mutable_data<uint8_t>().data();
  ForEachIndex(space, [&](int64_t, const std::vector<int64_t>& i) {
    const int64_t h = i[1] / b, w = i[2] / b, block = (i[1] % b) * b + i[2] % b;
    const int64_t space_off = i[0] * space_strides[0] + i[1] * space_strides[1] + i[2] * space_strides[2] + i[3];
    const int64_t depth_off =
        i[0] * depth_strides[0] + h * depth_strides[1] + w * depth_strides[2] + block * c_space + i[3];
    if (to_space) {
      std::memcpy(dst + space_off * elem, src + depth_off * elem, elem);
    } else {
      std::memcpy(dst + depth_off * elem, src + space_off * elem, elem);
    }
  });
  return std::vector<Tensor>{out};
}

absl::Status LowerDepthSpace(LoweringContext& c, bool to_space) {
  TFCONV_ASSIGN_OR_RETURN(int64_t b, BlockSize(c.node()));
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  if (to_space) {
    tflite::DepthToSpaceOptionsT options;
    options.block_size = static_cast<int32_t>(b);
    c.AddBuiltinOp(BuiltinOperator::DEPTH_TO_SPACE, {in}, {out}, Options(std::move(options)));
  } else {
    tflite::SpaceToDepthOptionsT options;
    options.block_size = static_cast<int32_t>(b);
    c.AddBuiltinOp(BuiltinOperator::SPACE_TO_DEPTH, {in}, {out}, Options(std::move(options)));
  }
  return absl::OkStatus();
}

// ---- SpaceToBatchND (input, block_shape, paddings) / BatchToSpaceND (input, block_shape, crops) ----

struct BlockSpec {
  std::vector<int64_t> block;  // M entries, each >= 1
  std::vector<int64_t> pads;   // 2*M entries: before, after (crops for BatchToSpaceND)
};

absl::StatusOr<BlockSpec> ReadBlockSpec(const Node& node, const Tensor& block, const Tensor& pads,
                                        const char* pads_name) {
  BlockSpec spec;
  TFCONV_ASSIGN_OR_RETURN(spec.block, ReadInts(node, block, "block_shape"));
  TFCONV_ASSIGN_OR_RETURN(spec.pads, ReadInts(node, pads, pads_name));
  const int64_t m = static_cast<int64_t>(spec.block.size());
  if (block.rank() != 1 || pads.rank() != 2 || pads.dim(0) != m || pads.dim(1) != 2) {
    return NodeError(node, absl::StrCat("block_shape must be a vector [M] and ", pads_name, " a matrix [M, 2]; got ",
                                        block.DebugString(), " and ", pads.DebugString()));
  }
  for (int64_t b : spec.block) {
    if (b < 1) return NodeError(node, absl::StrCat("block_shape entries must be positive, got ", b));
  }
  for (int64_t p : spec.pads) {
    if (p < 0) return NodeError(node, absl::StrCat(pads_name, " must be non-negative, got ", p));
  }
  return spec;
}

absl::StatusOr<PartialShape> BatchSpaceShape(const Node& node, const PartialShape& in, const BlockSpec& s,
                                             bool to_batch) {
  const int m = static_cast<int>(s.block.size());
  if (!in.known_rank()) return PartialShape::UnknownRank();
  if (in.rank() < m + 1) {
    return NodeError(node, absl::StrCat("input rank ", in.rank(), " is too small for ", m, " block dimensions"));
  }
  std::vector<int64_t> d = in.dims();
  const int64_t prod = Product(s.block);
  if (to_batch) {
    if (d[0] >= 0) d[0] *= prod;
    for (int k = 0; k < m; ++k) {
      if (d[k + 1] < 0) continue;
      const int64_t padded = d[k + 1] + s.pads[2 * k] + s.pads[2 * k + 1];
      if (padded % s.block[k] != 0) {
        return NodeError(node, absl::StrCat("padded size ", padded, " of dimension ", k + 1,
                                            " is not divisible by block size ", s.block[k]));
      }
      d[k + 1] = padded / s.block[k];
    }
  } else {
    if (d[0] >= 0) {
      if (d[0] % prod != 0) {
        return NodeError(node, absl::StrCat("batch ", d[0], " is not divisible by the block size product ", prod));
      }
      d[0] /= prod;
    }
    for (int k = 0; k < m; ++k) {
      if (d[k + 1] < 0) continue;
      const int64_t size = d[k + 1] * s.block[k] - s.pads[2 * k] - s.pads[2 * k + 1];
      if (size < 0) return NodeError(node, absl::StrCat("crops exceed dimension ", k + 1));
      d[k + 1] = size;
    }
  }
  return PartialShape(d);
}

absl::Status InferBatchSpace(InferenceContext& c, bool to_batch) {
  const Tensor* block = c.input_value(1);
  const Tensor* pads = c.input_value(2);
  PartialShape out = c.input_shape(0).known_rank()
                         ? PartialShape(std::vector<int64_t>(c.input_shape(0).rank(), -1))
                         : PartialShape::UnknownRank();
  if (block != nullptr && pads != nullptr) {
    TFCONV_ASSIGN_OR_RETURN(BlockSpec s, ReadBlockSpec(c.node(), *block, *pads, to_batch ? "paddings" : "crops"));
    TFCONV_ASSIGN_OR_RETURN(out, BatchSpaceShape(c.node(), c.input_shape(0), s, to_batch));
  }
  c.set_output(0, c.input_type(0), std::move(out));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvalBatchSpace(const EvalContext& c, bool to_batch) {
  const Tensor& in = c.input(0);
  TFCONV_RETURN_IF_ERROR(CheckMovable(c.node(), in));
  TFCONV_ASSIGN_OR_RETURN(BlockSpec s,
                          ReadBlockSpec(c.node(), c.input(1), c.input(2), to_batch ? "paddings" : "crops"));
  TFCONV_ASSIGN_OR_RETURN(PartialShape shape, BatchSpaceShape(c.node(), ShapeOf(in), s, to_batch));
  const int m = static_cast<int>(s.block.size());
  // Walk the batch-side tensor; its partner is the space side (padded or cropped).
  const std::vector<int64_t>& batch_dims = to_batch ? shape.dims() : in.shape();
  const std::vector<int64_t>& space_dims = to_batch ? in.shape() : shape.dims();
  const std::vector<int64_t> space_strides = StridesOf(space_dims);
  const int64_t space_batch = space_dims[0];
  Tensor out = Tensor::Zeros(in.dtype(), shape.dims());
  const size_t elem = DataTypeSize(in.dtype());
  const uint8_t* src = in.bytes().data();
  uint8_t* dst = out.NumElements() == 0 ? nullptr : out.mutable_data<uint8_t>().data();
  const int rank = in.rank();
  ForEachIndex(batch_dims, [&](int64_t flat, const std::vector<int64_t>& i) {
    // Batch index = block_index * N + n, block_index row-major over the block offsets.
    int64_t block_index = i[0] / space_batch;
    int64_t offset = (i[0] % space_batch) * space_strides[0];
    for (int k = m - 1; k >= 0; --k) {
      const int64_t within = block_index % s.block[k];
      block_index /= s.block[k];
      // to_batch: padded index minus the leading pad; else: index into the uncropped, minus crop.
      const int64_t pos = i[k + 1] * s.block[k] + within - s.pads[2 * k];
      if (pos < 0 || pos >= space_dims[k + 1]) return;  // padding (zero) or cropped away
      offset += pos * space_strides[k + 1];
    }
    for (int d = m + 1; d < rank; ++d) offset += i[d] * space_strides[d];
    if (to_batch) {
      std::memcpy(dst + flat * elem, src + offset * elem, elem);
    } else {
      std::memcpy(dst + offset * elem, src + flat * elem, elem);
    }
  });
  return std::vector<Tensor>{out};
}

absl::Status LowerBatchSpace(LoweringContext& c, bool to_batch) {
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t block, Int32Operand(c, 1, "block_shape"));
  TFCONV_ASSIGN_OR_RETURN(int32_t pads, Int32Operand(c, 2, to_batch ? "paddings" : "crops"));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  if (to_batch) {
    c.AddBuiltinOp(BuiltinOperator::SPACE_TO_BATCH_ND, {in, block, pads}, {out},
                   Options(tflite::SpaceToBatchNDOptionsT()));
  } else {
    c.AddBuiltinOp(BuiltinOperator::BATCH_TO_SPACE_ND, {in, block, pads}, {out},
                   Options(tflite::BatchToSpaceNDOptionsT()));
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterSpaceOps(OpRegistry& registry) {
  registry.Add(MakeOp(
      "DepthToSpace", [](InferenceContext& c) { return InferDepthSpace(c, true); },
      [](const EvalContext& c) { return EvalDepthSpace(c, true); },
      [](LoweringContext& c) { return LowerDepthSpace(c, true); }, {"DEPTH_TO_SPACE"}));
  registry.Add(MakeOp(
      "SpaceToDepth", [](InferenceContext& c) { return InferDepthSpace(c, false); },
      [](const EvalContext& c) { return EvalDepthSpace(c, false); },
      [](LoweringContext& c) { return LowerDepthSpace(c, false); }, {"SPACE_TO_DEPTH"}));
  registry.Add(MakeOp(
      "SpaceToBatchND", [](InferenceContext& c) { return InferBatchSpace(c, true); },
      [](const EvalContext& c) { return EvalBatchSpace(c, true); },
      [](LoweringContext& c) { return LowerBatchSpace(c, true); }, {"SPACE_TO_BATCH_ND", "CAST"}));
  registry.Add(MakeOp(
      "BatchToSpaceND", [](InferenceContext& c) { return InferBatchSpace(c, false); },
      [](const EvalContext& c) { return EvalBatchSpace(c, false); },
      [](LoweringContext& c) { return LowerBatchSpace(c, false); }, {"BATCH_TO_SPACE_ND", "CAST"}));
}

}  // namespace array
}  // namespace tfconv
