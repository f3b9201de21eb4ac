// SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND (input [batch, spatial..., rest...], any number of
// spatial dimensions), DEPTH_TO_SPACE and SPACE_TO_DEPTH (NHWC, TF's "DCR" channel order).
// SPACE_TO_BATCH_ND pads with 0, or the output zero point for quantized tensors.
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status ReadBlockShape(const KernelContext& c, const RtTensor& x, const RtTensor& block,
                            std::vector<int64_t>* shape) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckIndexType(c, block, "block_shape"));
  if (block.rank() != 1) return c.Error("block_shape must be 1-D");
  *shape = ReadInts(block);
  if (static_cast<int>(shape->size()) + 1 > x.rank()) {
    return c.Error(absl::StrCat(shape->size(), " block dimensions for an input of rank ", x.rank()));
  }
  int64_t blocks = 1;
  for (int64_t b : *shape) {
    if (b < 1 || b > kMaxElements) return c.Error(absl::StrCat("block size ", b, " is invalid"));
    blocks *= b;
    if (blocks > kMaxElements) return c.Error("the block shape has too many elements");
  }
  return absl::OkStatus();
}

// The operands of SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND: the input, its block shape and one
// [before, after] pair (`pairs_name`: paddings or crops) per block dimension.
absl::Status ReadBlockOperands(KernelContext& c, absl::string_view pairs_name, std::vector<int64_t>* block,
                               std::vector<std::pair<int64_t, int64_t>>* pairs) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(3, 1));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, c.input(0), c.output(0)));
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadBlockShape(c, c.input(0), c.input(1), block));
  return ReadPairs(c, c.input(2), static_cast<int>(block->size()), pairs_name, pairs);
}

// Splits batch index `b` of the blocked tensor into the original batch and the block offsets.
void BlockOffsets(int64_t offset_index, const std::vector<int64_t>& block, std::vector<int64_t>* offsets) {
  for (size_t j = block.size(); j-- > 0;) {
    (*offsets)[j] = offset_index % block[j];
    offset_index /= block[j];
  }
}

absl::Status SpaceToBatchNd(KernelContext& c) {
  std::vector<int64_t> block;
  std::vector<std::pair<int64_t, int64_t>> pads;
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadBlockOperands(c, "paddings", &block, &pads));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const int m = static_cast<int>(block.size());
  std::vector<int64_t> dims(x.shape().begin(), x.shape().end());
  int64_t blocks = 1;
  for (int j = 0; j < m; ++j) {
    const int64_t padded = x.dim(j + 1) + pads[j].first + pads[j].second;
    if (pads[j].first < 0 || pads[j].second < 0 || padded % block[j] != 0) {
      return c.Error(absl::StrCat("spatial dimension ", j, " of size ", x.dim(j + 1), " padded by [", pads[j].first,
                                  ",", pads[j].second, "] is not a multiple of the block size ", block[j]));
    }
    dims[j + 1] = padded / block[j];
    blocks *= block[j];
  }
  dims[0] = x.dim(0) * blocks;
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, dims, "SPACE_TO_BATCH_ND output", &shape));
  y.Reset(x.type(), shape);
  if (y.num_elements() == 0) return absl::OkStatus();
  const std::vector<int64_t> in_strides = Strides(x.shape());
  std::vector<int64_t> offsets(m);
  GatherElements(
      x, y,
      [&](const std::vector<int32_t>& index) -> int64_t {
        // Output batch = block offset index * input batch + input batch index.
        BlockOffsets(index[0] / x.dim(0), block, &offsets);
        int64_t from = (index[0] % x.dim(0)) * in_strides[0];
        for (int d = 1; d < static_cast<int>(shape.size()); ++d) {
          int64_t i = index[d];
          if (d <= m) {
            i = i * block[d - 1] + offsets[d - 1] - pads[d - 1].first;
            if (i < 0 || i >= x.dim(d)) return -1;  // padding
          }
          from += i * in_strides[d];
        }
        return from;
      },
      ZeroElement(y));
  return absl::OkStatus();
}

absl::Status BatchToSpaceNd(KernelContext& c) {
  std::vector<int64_t> block;
  std::vector<std::pair<int64_t, int64_t>> crops;
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadBlockOperands(c, "crops", &block, &crops));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  const int m = static_cast<int>(block.size());
  int64_t blocks = 1;
  for (int64_t b : block) blocks *= b;
  if (x.dim(0) % blocks != 0) {
    return c.Error(absl::StrCat("batch ", x.dim(0), " is not a multiple of the block count ", blocks));
  }
  std::vector<int64_t> dims(x.shape().begin(), x.shape().end());
  dims[0] = x.dim(0) / blocks;
  for (int j = 0; j < m; ++j) {
    dims[j + 1] = x.dim(j + 1) * block[j] - crops[j].first - crops[j].second;
    if (crops[j].first < 0 || crops[j].second < 0 || dims[j + 1] < 0) {
      return c.Error(absl::StrCat("crops [", crops[j].first, ",", crops[j].second, "] are invalid for spatial size ",
                                  x.dim(j + 1) * block[j]));
    }
  }
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(ToShape(c, dims, "BATCH_TO_SPACE_ND output", &shape));
  y.Reset(x.type(), shape);
  if (y.num_elements() == 0) return absl::OkStatus();
  const std::vector<int64_t> in_strides = Strides(x.shape());
  GatherElements(x, y, [&](const std::vector<int32_t>& index) {
    int64_t offset_index = 0, from = 0;
    for (int d = 1; d < static_cast<int>(shape.size()); ++d) {
      int64_t i = index[d];
      if (d <= m) {
        const int64_t padded = i + crops[d - 1].first;
        offset_index = offset_index * block[d - 1] + padded % block[d - 1];
        i = padded / block[d - 1];
      }
      from += i * in_strides[d];
    }
    return from + (offset_index * shape[0] + index[0]) * in_strides[0];
  });
  return absl::OkStatus();
}

absl::Status CheckBlock(const KernelContext& c, const RtTensor& x, int32_t block) {
  if (x.rank() != 4) return c.Error(absl::StrCat("input must be 4-D (NHWC), it is ", ShapeString(x.shape())));
  if (block < 1) return c.Error(absl::StrCat("block size ", block, " must be positive"));
  return absl::OkStatus();
}

absl::Status DepthToSpace(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
  const int64_t bs = OptionsOr(c.op().builtin_options.AsDepthToSpaceOptions()).block_size;
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckBlock(c, x, static_cast<int32_t>(bs)));
  if (x.dim(3) % (bs * bs) != 0) {
    return c.Error(absl::StrCat("depth ", x.dim(3), " is not a multiple of block_size^2 = ", bs * bs));
  }
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(
      ToShape(c, {x.dim(0), x.dim(1) * bs, x.dim(2) * bs, x.dim(3) / (bs * bs)}, "DEPTH_TO_SPACE output", &shape));
  y.Reset(x.type(), shape);
  const int size = TfliteTypeSize(x.type());
  const std::vector<int64_t> s = Strides(x.shape());
  int64_t to = 0;
  for (int64_t n = 0; n < shape[0]; ++n) {
    for (int64_t h = 0; h < shape[1]; ++h) {
      for (int64_t w = 0; w < shape[2]; ++w) {
        for (int64_t ch = 0; ch < shape[3]; ++ch) {
          const int64_t in_c = ((h % bs) * bs + w % bs) * shape[3] + ch;
          CopyElements(y.mutable_raw(), to++, x.raw(), n * s[0] + (h / bs) * s[1] + (w / bs) * s[2] + in_c, 1, size);
        }
      }
    }
  }
  return absl::OkStatus();
}

absl::Status SpaceToDepth(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(1, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
  const int64_t bs = OptionsOr(c.op().builtin_options.AsSpaceToDepthOptions()).block_size;
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckBlock(c, x, static_cast<int32_t>(bs)));
  if (x.dim(1) % bs != 0 || x.dim(2) % bs != 0) {
    return c.Error(absl::StrCat("height and width of ", ShapeString(x.shape()), " must be multiples of ", bs));
  }
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(
      ToShape(c, {x.dim(0), x.dim(1) / bs, x.dim(2) / bs, x.dim(3) * bs * bs}, "SPACE_TO_DEPTH output", &shape));
  y.Reset(x.type(), shape);
  const int size = TfliteTypeSize(x.type());
  const std::vector<int64_t> s = Strides(x.shape());
  const int64_t depth = x.dim(3);
  int64_t to = 0;
  for (int64_t n = 0; n < shape[0]; ++n) {
    for (int64_t h = 0; h < shape[1]; ++h) {
      for (int64_t w = 0; w < shape[2]; ++w) {
        for (int64_t oc = 0; oc < shape[3]; ++oc) {
          const int64_t block_index = oc / depth, ch = oc % depth;
          const int64_t in_h = h * bs + block_index / bs, in_w = w * bs + block_index % bs;
          CopyElements(y.mutable_raw(), to++, x.raw(), n * s[0] + in_h * s[1] + in_w * s[2] + ch, 1, size);
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterSpaceBatchKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::SPACE_TO_BATCH_ND, SpaceToBatchNd);
  registry.AddBuiltin(tflite::BuiltinOperator::BATCH_TO_SPACE_ND, BatchToSpaceNd);
  registry.AddBuiltin(tflite::BuiltinOperator::DEPTH_TO_SPACE, DepthToSpace);
  registry.AddBuiltin(tflite::BuiltinOperator::SPACE_TO_DEPTH, SpaceToDepth);
}

}  // namespace tfconv
