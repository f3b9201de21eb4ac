// PAD, PADV2 and MIRROR_PAD. The pad value of PAD is 0, or the output zero point for quantized
// tensors; PADV2 takes it from its third input (which must share the input's quantization, as
// TFLite requires). MIRROR_PAD reflects (REFLECT: without the edge, SYMMETRIC: with it).
#include <cstring>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

using Pairs = std::vector<std::pair<int64_t, int64_t>>;

absl::Status PaddedShape(const KernelContext& c, const RtTensor& x, const Pairs& pads, std::vector<int32_t>* shape) {
  std::vector<int64_t> dims;
  for (int d = 0; d < x.rank(); ++d) {
    if (pads[d].first < 0 || pads[d].second < 0) {
      return c.Error(absl::StrCat("negative padding [", pads[d].first, ",", pads[d].second, "] for dimension ", d));
    }
    dims.push_back(x.dim(d) + pads[d].first + pads[d].second);
  }
  return ToShape(c, dims, "padded", shape);
}

absl::Status Pad(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
  Pairs pads;
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadPairs(c, c.input(1), x.rank(), "paddings", &pads));
  std::vector<uint8_t> pad_value = ZeroElement(y);
  if (c.has_input(2)) {
    const RtTensor& v = c.input(2);
    if (v.type() != x.type() || v.num_elements() != 1) {
      return c.Error(absl::StrCat("the constant value '", v.name(), "' must be one ", TfliteTypeName(x.type()),
                                  " element, it is ", TfliteTypeName(v.type()), " ", ShapeString(v.shape())));
    }
    if (x.is_quantized() && v.is_quantized() &&
        (v.scale() != x.scale() || v.zero_point() != x.zero_point())) {
      return c.Error("the constant value must have the same scale and zero point as the input");
    }
    std::memcpy(pad_value.data(), v.raw(), pad_value.size());
  }
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(PaddedShape(c, x, pads, &shape));
  y.Reset(x.type(), shape);
  const int size = TfliteTypeSize(x.type());
  uint8_t* out = y.mutable_raw();
  for (int64_t i = 0; i < y.num_elements(); ++i) std::memcpy(out + i * size, pad_value.data(), size);
  if (x.num_elements() == 0) return absl::OkStatus();
  const std::vector<int64_t> out_strides = Strides(shape);
  std::vector<int32_t> index(x.rank(), 0);
  int64_t from = 0;
  do {
    int64_t to = 0;
    for (int d = 0; d < x.rank(); ++d) to += (index[d] + pads[d].first) * out_strides[d];
    CopyElements(out, to, x.raw(), from++, 1, size);
  } while (NextIndex(x.shape(), index));
  return absl::OkStatus();
}

absl::Status MirrorPad(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
  const auto opts = OptionsOr(c.op().builtin_options.AsMirrorPadOptions());
  const int offset = opts.mode == tflite::MirrorPadMode::REFLECT ? 1 : 0;
  Pairs pads;
  TFCONV_KERNEL_RETURN_IF_ERROR(ReadPairs(c, c.input(1), x.rank(), "paddings", &pads));
  for (int d = 0; d < x.rank(); ++d) {
    const int64_t limit = x.dim(d) - offset;
    if ((pads[d].first > 0 && pads[d].first > limit) || (pads[d].second > 0 && pads[d].second > limit) ||
        pads[d].first < 0 || pads[d].second < 0) {
      return c.Error(absl::StrCat("padding [", pads[d].first, ",", pads[d].second, "] of dimension ", d,
                                  " must be in [0, ", limit, "] in ",
                                  offset ? "REFLECT" : "SYMMETRIC", " mode"));
    }
  }
  std::vector<int32_t> shape;
  TFCONV_KERNEL_RETURN_IF_ERROR(PaddedShape(c, x, pads, &shape));
  y.Reset(x.type(), shape);
  const std::vector<int64_t> in_strides = Strides(x.shape());
  GatherElements(x, y, [&](const std::vector<int32_t>& index) {
    int64_t from = 0;
    for (int d = 0; d < x.rank(); ++d) {
      int64_t i = index[d] - pads[d].first;
      if (i < 0) i = -i - 1 + offset;                      // mirrored before the start
      if (i >= x.dim(d)) i = 2 * x.dim(d) - i - 1 - offset;  // mirrored after the end
      from += i * in_strides[d];
    }
    return from;
  });
  return absl::OkStatus();
}

}  // namespace

void RegisterPadKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::PAD, Pad);
  registry.AddBuiltin(tflite::BuiltinOperator::PADV2, Pad);
  registry.AddBuiltin(tflite::BuiltinOperator::MIRROR_PAD, MirrorPad);
}

}  // namespace tfconv
