// SVDF: a fully connected layer factored into a feature filter (over the input) and a time
// filter (over the last memory_size feature activations, kept in the variable state), summed over
// `rank` filters per unit. Float, and integer with int8 input/output and an int16 state (LiteRT)
// or an int8 state with a zero point (TFLite Micro), as the reference kernels compute them.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/kernels/sequence/sequence_kernels.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

struct Dims {
  int batch, input_size, filters, units, memory, rank;
};

// Drops the oldest activation: the state moves left by one element as a whole (the last column
// of each filter row is then overwritten with the new activation).
template <typename S>
void ShiftState(S* state, int64_t size) {
  for (int64_t i = 0; i + 1 < size; ++i) state[i] = state[i + 1];
}

absl::Status EvalFloat(KernelContext& c, const Dims& d, tflite::ActivationFunctionType act) {
  const float* x = c.input(0).data<float>();
  const float* wf = c.input(1).data<float>();
  const float* wt = c.input(2).data<float>();
  const float* bias = c.has_input(3) ? c.input(3).data<float>() : nullptr;
  float* state = c.mutable_input(4).mutable_data<float>();
  float* out = c.output(0).mutable_data<float>();
  const int64_t state_size = static_cast<int64_t>(d.batch) * d.filters * d.memory;
  ShiftState(state, state_size);
  std::vector<float> scratch(static_cast<size_t>(d.batch) * d.filters);
  for (int b = 0; b < d.batch; ++b) {
    float* s = state + static_cast<int64_t>(b) * d.filters * d.memory;
    for (int f = 0; f < d.filters; ++f) {
      float dot = 0.f;
      for (int k = 0; k < d.input_size; ++k)
        dot += wf[static_cast<int64_t>(f) * d.input_size + k] * x[b * d.input_size + k];
      s[static_cast<int64_t>(f) * d.memory + d.memory - 1] = dot;
    }
    for (int f = 0; f < d.filters; ++f) {
      float dot = 0.f;
      for (int m = 0; m < d.memory; ++m)
        dot += wt[static_cast<int64_t>(f) * d.memory + m] * s[static_cast<int64_t>(f) * d.memory + m];
      scratch[static_cast<int64_t>(b) * d.filters + f] = dot;
    }
    for (int u = 0; u < d.units; ++u) {
      float sum = 0.f;
      for (int r = 0; r < d.rank; ++r) sum += scratch[static_cast<int64_t>(b) * d.filters + u * d.rank + r];
      if (bias != nullptr) sum += bias[u];
      out[b * d.units + u] = ApplyActivation(sum, act);
    }
  }
  return absl::OkStatus();
}

// The reference kernels sum in int32, where an overflow wraps in practice; summing in int64 and
// wrapping once at the end gives the same value without undefined behaviour.
int32_t Wrap32(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v))); }

template <typename S>
void EvalInteger(KernelContext& c, const Dims& d, int32_t input_zp, int32_t state_zp, int32_t output_zp, int32_t m1,
                 int s1, int32_t m2, int s2) {
  const int8_t* x = c.input(0).data<int8_t>();
  const int8_t* wf = c.input(1).data<int8_t>();
  const S* wt = c.input(2).data<S>();
  const int32_t* bias = c.has_input(3) ? c.input(3).data<int32_t>() : nullptr;
  S* state = c.mutable_input(4).mutable_data<S>();
  int8_t* out = c.output(0).mutable_data<int8_t>();
  ShiftState(state, static_cast<int64_t>(d.batch) * d.filters * d.memory);
  for (int b = 0; b < d.batch; ++b) {
    S* s = state + static_cast<int64_t>(b) * d.filters * d.memory;
    for (int f = 0; f < d.filters; ++f) {
      int64_t dot = 0;
      for (int k = 0; k < d.input_size; ++k) {
        dot += int64_t{wf[static_cast<int64_t>(f) * d.input_size + k]} * (x[b * d.input_size + k] - int64_t{input_zp});
      }
      const int32_t scaled = std::min<int32_t>(
          std::max<int32_t>(MultiplyByQuantizedMultiplier(Wrap32(dot), m1, s1), std::numeric_limits<S>::min()),
          std::numeric_limits<S>::max());
      // Micro adds the state zero point after clamping (and wraps); LiteRT's int16 state has none.
      s[static_cast<int64_t>(f) * d.memory + d.memory - 1] = static_cast<S>(Wrap32(int64_t{state_zp} + scaled));
    }
    for (int u = 0; u < d.units; ++u) {
      int64_t acc = bias != nullptr ? bias[u] : 0;
      for (int r = 0; r < d.rank; ++r) {
        const int f = u * d.rank + r;
        for (int m = 0; m < d.memory; ++m) {
          acc += int64_t{wt[static_cast<int64_t>(f) * d.memory + m]} *
                 (s[static_cast<int64_t>(f) * d.memory + m] - int64_t{state_zp});
        }
      }
      const int64_t v = int64_t{MultiplyByQuantizedMultiplier(Wrap32(acc), m2, s2)} + output_zp;
      out[b * d.units + u] = static_cast<int8_t>(std::clamp<int64_t>(v, -128, 127));
    }
  }
}

absl::Status OneScale(KernelContext& c, const RtTensor& t, float* scale) {
  if (!t.is_quantized()) return c.Error(absl::StrCat("'", t.name(), "' has no quantization parameters"));
  if (t.num_channels() != 1) return c.Unimplemented(absl::StrCat("'", t.name(), "' is quantized per channel"));
  *scale = t.scale();
  if (!(*scale > 0) || !std::isfinite(*scale)) {
    return c.Error(absl::StrCat("'", t.name(), "' has the scale ", *scale, "; scales must be positive and finite"));
  }
  return absl::OkStatus();
}

absl::Status Svdf(KernelContext& c) {
  const auto* opts = c.op().builtin_options.AsSVDFOptions();
  if (opts == nullptr) return c.Error("SVDF has no SVDFOptions");
  if (c.num_inputs() != 5 || c.num_outputs() != 1) {
    return c.Error(
        absl::StrCat("SVDF takes 5 inputs and 1 output, the operator has ", c.num_inputs(), " and ", c.num_outputs()));
  }
  for (int i : {0, 1, 2, 4}) {
    if (!c.has_input(i)) return c.Error(absl::StrCat("required input ", i, " is omitted"));
  }
  const RtTensor& input = c.input(0);
  const RtTensor& wf = c.input(1);
  const RtTensor& wt = c.input(2);
  RtTensor& state = c.mutable_input(4);
  if (input.rank() != 2 || wf.rank() != 2 || wt.rank() != 2) {
    return c.Error("the input, weights_feature and weights_time must have rank 2");
  }
  Dims d;
  d.rank = opts->rank;
  d.batch = input.dim(0);
  d.input_size = input.dim(1);
  d.filters = wf.dim(0);
  d.memory = wt.dim(1);
  if (d.rank <= 0 || d.filters % d.rank != 0) {
    return c.Error(absl::StrCat("rank ", d.rank, " must be positive and divide the filter count ", d.filters));
  }
  d.units = d.filters / d.rank;
  if (d.memory <= 0)
    return c.Error(absl::StrCat("the memory size (weights_time dimension 1) must be positive, it is ", d.memory));
  if (wf.dim(1) != d.input_size) return c.Error("weights_feature must be [num_filters, input_size]");
  if (wt.dim(0) != d.filters) return c.Error("weights_time must be [num_filters, memory_size]");
  if (c.has_input(3) && c.input(3).shape() != std::vector<int32_t>{d.units}) {
    return c.Error(absl::StrCat("the bias must be [", d.units, "], it is ", ShapeString(c.input(3).shape())));
  }
  if (state.num_elements() != static_cast<int64_t>(d.batch) * d.memory * d.filters) {
    return c.Error(absl::StrCat("the state has ", state.num_elements(), " elements, ", d.batch, " x ", d.memory, " x ",
                                d.filters, " expected"));
  }
  const TflSubgraph& g = c.interpreter().model().subgraphs[c.subgraph()];
  if (!g.tensors[c.op().inputs[4]].is_variable) {
    return c.Error(absl::StrCat("the state ('", state.name(), "') must be a variable tensor"));
  }
  RtTensor& output = c.output(0);
  if (output.type() != input.type()) return c.UnsupportedType(output);

  if (input.type() == T::FLOAT32) {
    if (wf.type() != T::FLOAT32)
      return c.Unimplemented("the hybrid SVDF (float input, quantized weights) is not supported");
    for (const RtTensor* t : {&wt, static_cast<const RtTensor*>(&state)}) {
      if (t->type() != T::FLOAT32) return c.UnsupportedType(*t);
    }
    if (c.has_input(3) && c.input(3).type() != T::FLOAT32) return c.UnsupportedType(c.input(3));
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckFloatActivation(c, opts->fused_activation_function));
    output.Resize({d.batch, d.units});
    return EvalFloat(c, d, opts->fused_activation_function);
  }
  if (input.type() != T::INT8) return c.UnsupportedType(input);
  if (wf.type() != T::INT8) return c.UnsupportedType(wf);
  const bool int16_state = wt.type() == T::INT16;
  if (!int16_state && wt.type() != T::INT8) return c.UnsupportedType(wt);
  if (state.type() != wt.type()) return c.UnsupportedType(state);
  if (c.has_input(3) && c.input(3).type() != T::INT32) return c.UnsupportedType(c.input(3));
  float input_scale, wf_scale, wt_scale, state_scale, output_scale;
  TFCONV_KERNEL_RETURN_IF_ERROR(OneScale(c, input, &input_scale));
  TFCONV_KERNEL_RETURN_IF_ERROR(OneScale(c, wf, &wf_scale));
  TFCONV_KERNEL_RETURN_IF_ERROR(OneScale(c, wt, &wt_scale));
  TFCONV_KERNEL_RETURN_IF_ERROR(OneScale(c, state, &state_scale));
  TFCONV_KERNEL_RETURN_IF_ERROR(OneScale(c, output, &output_scale));
  if (int16_state && state.zero_point() != 0) {
    return c.Unimplemented("an int16 SVDF state with a nonzero zero point (the runtimes disagree on it)");
  }
  if (c.has_input(3)) {
    float bias_scale;
    TFCONV_KERNEL_RETURN_IF_ERROR(OneScale(c, c.input(3), &bias_scale));
    if (std::abs(static_cast<double>(bias_scale) - static_cast<double>(state_scale * wt_scale)) >= 1e-5) {
      return c.Error(absl::StrCat("the bias scale ", bias_scale,
                                  " must be the state scale times the time weights scale (", state_scale * wt_scale,
                                  ")"));
    }
  }
  // The runtimes form these ratios in float, then quantize them.
  int32_t m1, m2;
  int s1, s2;
  const float ratio1 = input_scale * wf_scale / state_scale, ratio2 = state_scale * wt_scale / output_scale;
  if (!std::isfinite(ratio1) || !std::isfinite(ratio2)) {
    return c.Error(absl::StrCat("the scales give the effective scales ", ratio1, " and ", ratio2,
                                ", beyond the float range"));
  }
  QuantizeMultiplier(static_cast<double>(ratio1), &m1, &s1);
  QuantizeMultiplier(static_cast<double>(ratio2), &m2, &s2);
  output.Resize({d.batch, d.units});
  if (int16_state) {
    EvalInteger<int16_t>(c, d, input.zero_point(), 0, output.zero_point(), m1, s1, m2, s2);
  } else {
    EvalInteger<int8_t>(c, d, input.zero_point(), state.zero_point(), output.zero_point(), m1, s1, m2, s2);
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterSvdfKernel(KernelRegistry& registry) { registry.AddBuiltin(tflite::BuiltinOperator::SVDF, Svdf); }

}  // namespace tfconv
