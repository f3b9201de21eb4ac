// BATCH_MATMUL as the TFLite kernel computes it: lhs [..., M, K] ([..., K, M] with adj_x) times
// rhs [..., K, N] ([..., N, K] with adj_y), ranks 2 to 5, batch dimensions broadcast.
//   float32: out[i][j] = sum_k lhs[i][k] * rhs[k][j], k ascending from 0 (reference_ops::BatchMatMul);
//   int8 -> int8: (lhs - zp_l) * (rhs - zp_r) summed in int32, legacy multiplier, + zp_out, clamped;
//   int8 -> int32: the raw products summed (TFLite ignores the zero points there);
//   int16 x int16 / int16 x int8 -> int16: int64 accumulator, 64-bit multiplier, zero points 0.
// BATCH_MATMUL has no fused activation. Hybrid (float lhs, int8 rhs) is not implemented.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/conv/conv_ops.h"
#include "runtime_check/kernels/conv/conv_util.h"

namespace tfconv {
namespace {

using tflite::TensorType;

struct BmmShape {
  int m = 0, k = 0, n = 0;
  bool adj_x = false, adj_y = false;
  std::vector<int32_t> out_shape;
  std::vector<int64_t> lhs_batch, rhs_batch;  // per output batch, the operands' batch index
};

absl::Status GetShape(const KernelContext& c, const RtTensor& lhs, const RtTensor& rhs, bool adj_x, bool adj_y,
                      BmmShape* s) {
  if (lhs.rank() < 2 || lhs.rank() > 5 || rhs.rank() < 2 || rhs.rank() > 5) {
    return c.Error(absl::StrCat("operands ", ShapeString(lhs.shape()), " and ", ShapeString(rhs.shape()),
                                " must have ranks 2 to 5"));
  }
  s->adj_x = adj_x;
  s->adj_y = adj_y;
  s->m = adj_x ? lhs.dim(-1) : lhs.dim(-2);
  s->k = adj_x ? lhs.dim(-2) : lhs.dim(-1);
  s->n = adj_y ? rhs.dim(-2) : rhs.dim(-1);
  const int rhs_k = adj_y ? rhs.dim(-1) : rhs.dim(-2);
  if (rhs_k != s->k) {
    return c.Error(absl::StrCat("operands ", ShapeString(lhs.shape()), " and ", ShapeString(rhs.shape()),
                                " do not multiply (adj_x ", adj_x, ", adj_y ", adj_y, ")"));
  }
  const std::vector<int32_t> lhs_batch(lhs.shape().begin(), lhs.shape().end() - 2);
  const std::vector<int32_t> rhs_batch(rhs.shape().begin(), rhs.shape().end() - 2);
  std::vector<int32_t> batch;
  TFCONV_KERNEL_RETURN_IF_ERROR(BroadcastShapes(c, lhs_batch, rhs_batch, &batch));
  s->lhs_batch = BroadcastIndexMap(lhs_batch, batch);
  s->rhs_batch = BroadcastIndexMap(rhs_batch, batch);
  s->out_shape = batch;
  s->out_shape.push_back(s->m);
  s->out_shape.push_back(s->n);
  return absl::OkStatus();
}

// Calls emit(batch, i, acc) for every output row, acc[j] = sum_k (lhs[i][k] + lhs_offset) *
// (rhs[k][j] + rhs_offset) in k order from 0. The rhs of each batch is first laid out as [K][N]
// so that the innermost loop runs over contiguous columns.
template <typename Acc, typename Prod, typename L, typename R, typename Emit>
void MatMul(const BmmShape& s, const L* lhs, const R* rhs, Prod lhs_offset, Prod rhs_offset, Emit emit) {
  const int64_t lhs_size = static_cast<int64_t>(s.m) * s.k;
  const int64_t rhs_size = static_cast<int64_t>(s.k) * s.n;
  std::vector<Prod> rk(rhs_size);
  std::vector<Acc> acc(s.n);
  int64_t laid_out = -1;  // the rhs batch now in rk
  for (size_t ob = 0; ob < s.lhs_batch.size(); ++ob) {
    const L* lb = lhs + s.lhs_batch[ob] * lhs_size;
    if (s.rhs_batch[ob] != laid_out) {
      laid_out = s.rhs_batch[ob];
      const R* rb = rhs + laid_out * rhs_size;
      for (int kk = 0; kk < s.k; ++kk) {
        for (int j = 0; j < s.n; ++j) {
          Prod v = static_cast<Prod>(s.adj_y ? rb[static_cast<int64_t>(j) * s.k + kk]
                                             : rb[static_cast<int64_t>(kk) * s.n + j]);
          if constexpr (std::is_integral_v<Prod>) v += rhs_offset;
          rk[static_cast<int64_t>(kk) * s.n + j] = v;
        }
      }
    }
    for (int i = 0; i < s.m; ++i) {
      std::fill(acc.begin(), acc.end(), Acc(0));
      Acc* __restrict a = acc.data();
      for (int kk = 0; kk < s.k; ++kk) {
        Prod v = static_cast<Prod>(s.adj_x ? lb[static_cast<int64_t>(kk) * s.m + i]
                                           : lb[static_cast<int64_t>(i) * s.k + kk]);
        if constexpr (std::is_integral_v<Prod>) v += lhs_offset;
        const Prod* __restrict r = rk.data() + static_cast<int64_t>(kk) * s.n;
        for (int j = 0; j < s.n; ++j) a[j] += static_cast<Acc>(v * r[j]);
      }
      emit(static_cast<int64_t>(ob), i, acc.data());
    }
  }
}

absl::Status EvalFloat(const BmmShape& s, const RtTensor& lhs, const RtTensor& rhs, RtTensor& out) {
  float* y = out.mutable_data<float>();
  MatMul<float, float>(s, lhs.data<float>(), rhs.data<float>(), 0.0f, 0.0f,
                       [&](int64_t b, int i, const float* acc) { std::copy(acc, acc + s.n, y + (b * s.m + i) * s.n); });
  return absl::OkStatus();
}

template <typename L, typename R, typename Acc>
absl::Status EvalQuantized(KernelContext& c, const BmmShape& s, const RtTensor& lhs, const RtTensor& rhs,
                           RtTensor& out) {
  using Out = L;
  conv::Requant r;
  conv::LegacyRequant(lhs, rhs, out, &r);
  r.act_min = std::numeric_limits<Out>::min();
  r.act_max = std::numeric_limits<Out>::max();
  const int32_t out_zp = out.zero_point();
  Out* y = out.mutable_data<Out>();
  MatMul<Acc, int32_t>(s, lhs.data<L>(), rhs.data<R>(), -lhs.zero_point(), -rhs.zero_point(),
                       [&](int64_t b, int i, const Acc* acc) {
                         Out* yr = y + (b * s.m + i) * s.n;
                         for (int j = 0; j < s.n; ++j)
                           yr[j] = conv::Requantize<Out, Acc>(acc[j], nullptr, 0, r, out_zp);
                       });
  return absl::OkStatus();
}

absl::Status BatchMatMul(KernelContext& c) {
  TFCONV_KERNEL_RETURN_IF_ERROR(c.CheckArity(2, 1));
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::CheckInputSizes(c));
  const tflite::BatchMatMulOptionsT* o = c.op().builtin_options.AsBatchMatMulOptions();
  const RtTensor& lhs = c.input(0);
  const RtTensor& rhs = c.input(1);
  BmmShape s;
  TFCONV_KERNEL_RETURN_IF_ERROR(GetShape(c, lhs, rhs, o != nullptr && o->adj_x, o != nullptr && o->adj_y, &s));
  RtTensor* out_ptr;
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::PrepareOutput(c, c.output(0).type(), s.out_shape, &out_ptr));
  RtTensor& out = *out_ptr;
  const TensorType lt = lhs.type(), rt = rhs.type(), ot = out.type();

  if (lt == TensorType::FLOAT32) {
    if (rt == TensorType::INT8) return c.Unimplemented("hybrid BATCH_MATMUL (float lhs with int8 rhs)");
    if (rt != TensorType::FLOAT32) return conv::UnsupportedWeights(c, rhs);
    if (ot != TensorType::FLOAT32) return c.UnsupportedType(out);
    return EvalFloat(s, lhs, rhs, out);
  }
  const bool int8 = lt == TensorType::INT8 && rt == TensorType::INT8;
  const bool int16 = lt == TensorType::INT16 && (rt == TensorType::INT16 || rt == TensorType::INT8);
  if (!int8 && !int16)
    return lt == TensorType::INT8 || lt == TensorType::INT16 ? c.UnsupportedType(rhs) : c.UnsupportedType(lhs);
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::RequireQuantized(c, lhs, "lhs"));
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::RequireQuantized(c, rhs, "rhs"));
  if (rhs.num_channels() != 1 || lhs.num_channels() != 1) {
    return c.Unimplemented("per-channel quantized BATCH_MATMUL operands");
  }
  if (int8 && ot == TensorType::INT32) {
    int32_t* y = out.mutable_data<int32_t>();
    MatMul<int32_t, int32_t>(
        s, lhs.data<int8_t>(), rhs.data<int8_t>(), 0, 0,
        [&](int64_t b, int i, const int32_t* acc) { std::copy(acc, acc + s.n, y + (b * s.m + i) * s.n); });
    return absl::OkStatus();
  }
  if (ot != lt) return c.UnsupportedType(out);
  TFCONV_KERNEL_RETURN_IF_ERROR(conv::RequireQuantized(c, out, "output"));
  if (int8) return EvalQuantized<int8_t, int8_t, int32_t>(c, s, lhs, rhs, out);
  if (lhs.zero_point() != 0 || rhs.zero_point() != 0 || out.zero_point() != 0) {
    return c.Error("int16 BATCH_MATMUL operands and output must have zero point 0");
  }
  if (rt == TensorType::INT8) return EvalQuantized<int16_t, int8_t, int64_t>(c, s, lhs, rhs, out);
  return EvalQuantized<int16_t, int16_t, int64_t>(c, s, lhs, rhs, out);
}

}  // namespace

void RegisterBatchMatMul(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::BATCH_MATMUL, BatchMatMul);
}

}  // namespace tfconv
