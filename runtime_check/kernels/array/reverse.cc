// REVERSE_V2: reverses the input along each axis listed in the second input (INT32, negative
// counts from the end). Several axes must be contiguous once sorted ([0, 1], [2, 1]), as in
// current TFLite kernels, which fail to invoke on others ([0, 2]: LiteRT.js 2.5.3 does); older
// kernels reversed only the first listed axis, so a portable model has one op per axis.
// REVERSE_SEQUENCE(x, seq_lengths): for each index b along batch_dim, the first seq_lengths[b]
// elements along seq_dim reversed, the rest copied. Dims as TFLite's options give them (both >= 0,
// different); FLOAT32, UINT8, INT16, INT32, INT64 as TFLite; lengths INT32/INT64 in [0, dim(seq_dim)]
// (TFLite checks only the first against the bound and none for being negative).
#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/array/array_ops.h"
#include "runtime_check/kernels/array/array_util.h"
#include "runtime_check/kernels/kernel_util.h"

namespace tfconv {
namespace {

absl::Status ReverseV2(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckMovementWithIndices(c, "axis"));
  const RtTensor& x = c.input(0);
  RtTensor& y = c.output(0);
  if (c.input(1).type() != tflite::TensorType::INT32) {
    return c.Error(absl::StrCat("axis '", c.input(1).name(), "' must be INT32 (TFLite takes no other type)"));
  }
  std::vector<bool> flip(x.rank(), false);
  for (int64_t a : ReadInts(c.input(1))) {
    int d;
    TFCONV_KERNEL_RETURN_IF_ERROR(NormalizeAxis(c, a, x.rank(), "axis", &d));
    if (flip[d]) return c.Error(absl::StrCat("axis ", a, " is listed twice"));
    flip[d] = true;
  }
  int runs = 0;  // maximal runs of reversed axes
  for (int d = 0; d < x.rank(); ++d) runs += flip[d] && (d == 0 || !flip[d - 1]);
  if (runs > 1) {
    return c.Unimplemented("non-contiguous axes: TFLite's REVERSE_V2 fails on them (use one REVERSE_V2 per axis)");
  }
  y.Reset(x.type(), x.shape());
  const std::vector<int64_t> strides = Strides(x.shape());
  GatherElements(x, y, [&](const std::vector<int32_t>& index) {
    int64_t from = 0;
    for (int d = 0; d < x.rank(); ++d) from += (flip[d] ? x.dim(d) - 1 - index[d] : index[d]) * strides[d];
    return from;
  });
  return absl::OkStatus();
}

absl::Status ReverseSequence(KernelContext& c) {
  using TT = tflite::TensorType;
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  const RtTensor& x = c.input(0);
  const RtTensor& lengths = c.input(1);
  RtTensor& y = c.output(0);
  switch (x.type()) {
    case TT::FLOAT32: case TT::UINT8: case TT::INT16: case TT::INT32: case TT::INT64: break;
    default: return c.UnsupportedType(x);
  }
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckDataMovement(c, x, y));
  if (lengths.type() != TT::INT32 && lengths.type() != TT::INT64) {
    return c.Error(absl::StrCat("seq_lengths '", lengths.name(), "' must be INT32 or INT64"));
  }
  const auto opts = OptionsOr(c.op().builtin_options.AsReverseSequenceOptions());
  const int seq = opts.seq_dim, batch = opts.batch_dim;
  if (seq < 0 || batch < 0 || seq == batch || seq >= x.rank() || batch >= x.rank()) {
    return c.Error(absl::StrCat("seq_dim ", seq, " and batch_dim ", batch, " must be different dimensions in [0, ",
                                x.rank(), ")"));
  }
  if (lengths.rank() != 1 || lengths.dim(0) != x.dim(batch)) {
    return c.Error(absl::StrCat("seq_lengths has shape ", ShapeString(lengths.shape()), ", [", x.dim(batch),
                                "] expected (the batch dimension)"));
  }
  const std::vector<int64_t> len = ReadInts(lengths);
  for (size_t b = 0; b < len.size(); ++b) {
    if (len[b] < 0 || len[b] > x.dim(seq)) {
      return c.Error(absl::StrCat("seq_lengths[", b, "] = ", len[b], " is outside [0, ", x.dim(seq), "]"));
    }
  }
  y.Reset(x.type(), x.shape());
  const std::vector<int64_t> strides = Strides(x.shape());
  GatherElements(x, y, [&](const std::vector<int32_t>& index) {
    int64_t from = 0;
    for (int d = 0; d < x.rank(); ++d) from += index[d] * strides[d];
    const int64_t l = len[index[batch]];
    if (index[seq] < l) from += (l - 1 - 2 * static_cast<int64_t>(index[seq])) * strides[seq];
    return from;
  });
  return absl::OkStatus();
}

}  // namespace

void RegisterReverseKernel(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::REVERSE_V2, ReverseV2);
  registry.AddBuiltin(tflite::BuiltinOperator::REVERSE_SEQUENCE, ReverseSequence);
}

}  // namespace tfconv
