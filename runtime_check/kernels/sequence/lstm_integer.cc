// The integer LSTM (int8 input/output/hidden state, int16 cell state, int32 biases; gates in
// Q3.12, products in Q0.15), following TFLite's "8x8_16" scheme. Gate pre-activations are
// requantized from each matrix product with multipliers built from the tensor scales; the two
// numerics (LiteRT, TFLite Micro) differ in the nonlinearities and in how products are rounded.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/quant_math.h"
#include "runtime_check/kernels/elementwise/elementwise_util.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/kernels/sequence/lstm.h"
#include "runtime_check/kernels/sequence/lstm_math.h"
#include "runtime_check/numeric/fixed_point.h"
#include "runtime_check/numeric/sigmoid_lut.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

int32_t Clamp(int32_t v, int32_t lo, int32_t hi) { return std::min(hi, std::max(lo, v)); }
int16_t Sat16(int32_t v) { return static_cast<int16_t>(Clamp(v, -32768, 32767)); }
int8_t Sat8(int32_t v) { return static_cast<int8_t>(Clamp(v, -128, 127)); }

struct Multiplier {
  int32_t value = 0;
  int shift = 0;
};
Multiplier FromReal(double real) {
  Multiplier m;
  QuantizeMultiplier(real, &m.value, &m.shift);
  return m;
}
int32_t Apply(const Multiplier& m, int32_t x) { return MultiplyByQuantizedMultiplier(x, m.value, m.shift); }

struct GateParams {
  Multiplier input, recurrent, peephole, layer_norm;
  int32_t variance_guard = 1;
  // Bias with the zero points folded in: sum_k w*(x - zp) + b = sum_k w*x + (b - zp * sum_k w).
  std::vector<int32_t> input_bias, recurrent_bias;
};

struct IntegerParams {
  GateParams gate[4];
  int cell_scale_log2 = 0;
  int16_t cell_clip = 0;  // 0: no clipping
  bool clip_cell = false;
  int8_t proj_clip = 0;
  Multiplier hidden, projection, forget_times_cell, input_times_cell_gate;
  int32_t hidden_zp = 0, output_state_zp = 0;
  std::vector<int32_t> projection_bias;
};

absl::Status PerTensorScale(KernelContext& c, const RtTensor* t, const std::string& what, float* scale) {
  if (!t->is_quantized()) {
    return c.Error(absl::StrCat(what, " ('", t->name(), "') has no quantization parameters"));
  }
  if (t->num_channels() != 1) {
    return c.Unimplemented(
        absl::StrCat(what, " ('", t->name(), "') is quantized per channel; the LSTM kernel needs one scale"));
  }
  *scale = t->scale();
  return absl::OkStatus();
}

absl::Status CheckType(KernelContext& c, const RtTensor* t, T type) {
  if (t != nullptr && t->type() != type) return c.UnsupportedType(*t);
  return absl::OkStatus();
}

std::vector<int32_t> FoldedBias(const RtTensor& weights, const RtTensor* bias, int32_t zero_point) {
  const int rows = weights.dim(0), cols = weights.dim(1);
  std::vector<int32_t> out(rows, 0);
  for (int r = 0; r < rows; ++r) {
    int32_t row_sum = 0;
    for (int k = 0; k < cols; ++k) row_sum += weights.data<int8_t>()[static_cast<int64_t>(r) * cols + k];
    out[r] = (bias != nullptr ? bias->data<int32_t>()[r] : 0) + row_sum * -zero_point;
  }
  return out;
}

constexpr const char* kGateNames[4] = {"input", "forget", "cell", "output"};

absl::Status Prepare(KernelContext& c, const LstmOperands& ops, const LstmFloatOptions& options, LstmNumerics numerics,
                     const RtTensor& output, IntegerParams* p) {
  // Types of the integer scheme.
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckType(c, ops.input, T::INT8));
  for (int g = 0; g < 4; ++g) {
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckType(c, ops.input_weights[g], T::INT8));
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckType(c, ops.recurrent_weights[g], T::INT8));
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckType(c, ops.peephole_weights[g], T::INT16));
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckType(c, ops.bias[g], T::INT32));
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckType(c, ops.layer_norm[g], T::INT16));
  }
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckType(c, ops.projection_weights, T::INT8));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckType(c, ops.projection_bias, T::INT32));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckType(c, ops.output_state, T::INT8));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckType(c, ops.cell_state, T::INT16));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckType(c, &output, T::INT8));
  if (options.activation != static_cast<int>(tflite::ActivationFunctionType::TANH)) {
    return c.Unimplemented(absl::StrCat(
        "the integer LSTM computes the cell with tanh; fused activation ",
        tflite::EnumNameActivationFunctionType(static_cast<tflite::ActivationFunctionType>(options.activation)),
        " is not supported"));
  }

  float input_scale, output_state_scale, cell_scale;
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorScale(c, ops.input, "the input", &input_scale));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorScale(c, ops.output_state, "the output state", &output_state_scale));
  TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorScale(c, ops.cell_state, "the cell state", &cell_scale));
  if (!elementwise::CheckedLog2(cell_scale, &p->cell_scale_log2)) {
    return c.Error(absl::StrCat("the cell state scale ", cell_scale, " must be a power of two"));
  }
  if (ops.cell_state->zero_point() != 0) return c.Error("the cell state must have zero point 0");
  const int32_t input_zp = ops.input->zero_point();
  p->output_state_zp = ops.output_state->zero_point();

  if (numerics == LstmNumerics::kMicro) {
    if (ops.use_cifg || ops.use_peephole || ops.use_layer_norm || ops.use_projection) {
      return c.Unimplemented(
          "TFLite Micro's integer LSTM numerics cover the standard LSTM only (no CIFG, peephole, "
          "layer norm or projection)");
    }
    // Gate inputs in Q3.12 (scale 2^-12); products of gates in Q0.15.
    const double q12 = std::ldexp(1.0, -12), q15 = std::ldexp(1.0, -15);
    for (int g = 0; g < 4; ++g) {
      GateParams& gp = p->gate[g];
      float w_scale, r_scale;
      TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorScale(c, ops.input_weights[g], "input weights", &w_scale));
      TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorScale(c, ops.recurrent_weights[g], "recurrent weights", &r_scale));
      gp.input = FromReal(static_cast<double>(input_scale * w_scale) / q12);
      gp.recurrent = FromReal(static_cast<double>(output_state_scale * r_scale) / q12);
      gp.input_bias = FoldedBias(*ops.input_weights[g], ops.bias[g], input_zp);
      gp.recurrent_bias = FoldedBias(*ops.recurrent_weights[g], nullptr, p->output_state_zp);
    }
    p->forget_times_cell = FromReal(q15 * cell_scale / cell_scale);
    p->input_times_cell_gate = FromReal(q15 * q15 / cell_scale);
    p->hidden = FromReal(q15 * q15 / output_state_scale);
    p->hidden_zp = p->output_state_zp;
    p->clip_cell = options.cell_clip > 0;
    p->cell_clip = static_cast<int16_t>(
        std::min(std::max(static_cast<double>(options.cell_clip) / cell_scale, -32768.0), 32767.0));
    return absl::OkStatus();
  }

  // LiteRT: the scales of the gate pre-activations come from intermediate tensors 0..3 when
  // the LSTM is layer-normalized (Q3.12 otherwise); intermediate 4 is the hidden state.
  if (c.num_intermediates() == 12) {
    return c.Unimplemented("the integer LSTM with 8-bit gate products (12 intermediates) is not supported");
  }
  if (c.num_intermediates() != 5) {
    return c.Error(
        absl::StrCat("the integer LSTM needs 5 intermediate tensors, the operator has ", c.num_intermediates()));
  }
  if (!ops.sequence && p->cell_scale_log2 > -9) {
    return c.Error(absl::StrCat("the cell state scale 2^", p->cell_scale_log2, " must be at most 2^-9"));
  }
  if (p->cell_scale_log2 < -15 || p->cell_scale_log2 > -9) {
    return c.Unimplemented(
        absl::StrCat("a cell state scale of 2^", p->cell_scale_log2, " (the runtime's tanh handles 2^-15 to 2^-9)"));
  }
  if (ops.use_peephole && ops.n_output != ops.n_cell) {
    return c.Unimplemented("integer peephole connections with a projection to a different size");
  }
  float intermediate_scale[5];
  int32_t intermediate_zp[5];
  for (int i = 0; i < 5; ++i) {
    if (i < 4 && !ops.use_layer_norm) {
      intermediate_scale[i] = static_cast<float>(std::pow(2.0, -12));
      intermediate_zp[i] = 0;
      continue;
    }
    const RtTensor& t = c.intermediate(i);
    if (!t.is_quantized()) {
      return c.Error(absl::StrCat("intermediate ", i, " ('", t.name(), "') has no quantization parameters"));
    }
    intermediate_scale[i] = t.scale();
    intermediate_zp[i] = t.zero_point();
  }
  for (int g = 0; g < 4; ++g) {
    if (g == kInputGate && ops.use_cifg) continue;
    GateParams& gp = p->gate[g];
    float w_scale, r_scale;
    TFCONV_KERNEL_RETURN_IF_ERROR(
        PerTensorScale(c, ops.input_weights[g], absl::StrCat("input_to_", kGateNames[g], "_weights"), &w_scale));
    TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorScale(c, ops.recurrent_weights[g],
                                                 absl::StrCat("recurrent_to_", kGateNames[g], "_weights"), &r_scale));
    // The runtime computes these products in float, then quantizes them.
    const float input_real = w_scale * input_scale / intermediate_scale[g];
    const float recurrent_real = r_scale * output_state_scale / intermediate_scale[g];
    gp.input = FromReal(input_real);
    gp.recurrent = FromReal(recurrent_real);
    if (ops.use_peephole && g != kCellGate) {
      float c_scale;
      TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorScale(c, ops.peephole_weights[g], "peephole weights", &c_scale));
      const float peephole_real =
          static_cast<float>(std::pow(2.0, p->cell_scale_log2) * c_scale / intermediate_scale[g]);
      gp.peephole = FromReal(peephole_real);
    }
    if (ops.use_layer_norm) {
      float ln_scale;
      TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorScale(c, ops.layer_norm[g], "layer norm coefficients", &ln_scale));
      gp.layer_norm = FromReal(ln_scale);
      gp.variance_guard = std::max(1, static_cast<int32_t>(10000 * ln_scale));
    }
    gp.input_bias = FoldedBias(*ops.input_weights[g], ops.use_layer_norm ? nullptr : ops.bias[g], input_zp);
    gp.recurrent_bias = FoldedBias(*ops.recurrent_weights[g], nullptr, p->output_state_zp);
  }
  const float hidden_real = static_cast<float>(std::pow(2.0, -15) / intermediate_scale[4] * std::pow(2.0, -15));
  p->hidden = FromReal(hidden_real);
  p->hidden_zp = intermediate_zp[4];
  if (ops.use_projection) {
    float proj_scale;
    TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorScale(c, ops.projection_weights, "projection weights", &proj_scale));
    const float proj_real = proj_scale * intermediate_scale[4] / output_state_scale;
    p->projection = FromReal(proj_real);
    // The runtime stores the hidden state with the zero point negated before the projection and
    // adds it back through the bias (so zp * row sum is added, not subtracted).
    p->projection_bias = FoldedBias(*ops.projection_weights, ops.projection_bias, -p->hidden_zp);
  }
  if (options.cell_clip > 0) {
    p->clip_cell = true;
    p->cell_clip = static_cast<int16_t>(std::min(std::max(options.cell_clip / cell_scale, -32768.0f), 32767.0f));
  }
  if (options.proj_clip > 0) {
    float output_scale;
    TFCONV_KERNEL_RETURN_IF_ERROR(PerTensorScale(c, &output, "the output", &output_scale));
    p->proj_clip = static_cast<int8_t>(std::min(std::max(options.proj_clip / output_scale, -128.0f), 127.0f));
  }
  return absl::OkStatus();
}

int32_t Dot(const int8_t* w, const int8_t* v, int n) {
  int32_t acc = 0;
  for (int k = 0; k < n; ++k) acc += static_cast<int32_t>(w[k]) * v[k];
  return acc;
}

// TFLite's integer layer normalization of one row of gate pre-activations (Q3.12 in and out).
void LayerNormRow(int16_t* row, int n, const int16_t* weights, const int32_t* bias, const Multiplier& scale,
                  int32_t variance_guard) {
  int64_t sum = 0, sum_sq = 0;
  for (int j = 0; j < n; ++j) {
    sum += row[j];
    sum_sq += static_cast<int32_t>(row[j]) * row[j];
  }
  const int32_t mean = static_cast<int32_t>(sum * 1024 / n);
  const int32_t temp = (1 << 20) / n;
  const int64_t variance = sum_sq * temp - static_cast<int64_t>(mean) * mean;
  int32_t variance2 = static_cast<int32_t>(variance / (1 << 20));
  if (variance2 < 1) variance2 = variance_guard;
  int32_t inv_a;
  int inv_b;
  fixed_point::GetInvSqrtQuantizedMultiplierExp(variance2, -1, &inv_a, &inv_b);
  for (int j = 0; j < n; ++j) {
    const int32_t shifted = 1024 * row[j] - mean;
    const int32_t rescaled = MultiplyByQuantizedMultiplier(shifted, inv_a, inv_b);
    // 32-bit product and sum as the runtime computes them (wrapping), then widened.
    const int64_t val3 = static_cast<int32_t>(static_cast<uint32_t>(rescaled) * static_cast<uint32_t>(weights[j]) +
                                              static_cast<uint32_t>(bias[j]));
    const int32_t val4 = static_cast<int32_t>((val3 > 0 ? val3 + 512 : val3 - 512) / 1024);
    row[j] = Sat16(MultiplyByQuantizedMultiplier(val4, scale.value, scale.shift + 12));
  }
}

class IntegerStep {
 public:
  IntegerStep(const LstmOperands& ops, const IntegerParams& p, LstmNumerics numerics)
      : ops_(ops), p_(p), lite_(numerics == LstmNumerics::kLiteRt) {}

  void Run(int rows, const int8_t* x, int8_t* h, int16_t* cell, int8_t* out) {
    const int64_t n = static_cast<int64_t>(rows) * ops_.n_cell;
    for (auto& v : gates_) v.assign(n, 0);
    if (!ops_.use_cifg) Gate(kInputGate, rows, x, h, cell, gates_[kInputGate].data());
    Gate(kForgetGate, rows, x, h, cell, gates_[kForgetGate].data());
    Gate(kCellGate, rows, x, h, cell, gates_[kCellGate].data());
    UpdateCell(n, cell);
    Gate(kOutputGate, rows, x, h, cell, gates_[kOutputGate].data());
    Hidden(rows, cell, out);
    std::memcpy(h, out, static_cast<size_t>(rows) * ops_.n_output);
  }

 private:
  void Gate(int g, int rows, const int8_t* x, const int8_t* h, const int16_t* cell, int16_t* out) {
    const GateParams& gp = p_.gate[g];
    const int n_cell = ops_.n_cell, n_input = ops_.n_input, n_output = ops_.n_output;
    const int8_t* wx = ops_.input_weights[g]->data<int8_t>();
    const int8_t* wh = ops_.recurrent_weights[g]->data<int8_t>();
    const int16_t* wc = ops_.peephole_weights[g] != nullptr ? ops_.peephole_weights[g]->data<int16_t>() : nullptr;
    for (int r = 0; r < rows; ++r) {
      int16_t* row = out + static_cast<int64_t>(r) * n_cell;
      for (int j = 0; j < n_cell; ++j) {
        const int32_t from_input =
            Apply(gp.input, gp.input_bias[j] + Dot(wx + static_cast<int64_t>(j) * n_input, x + r * n_input, n_input));
        const int32_t from_state =
            Apply(gp.recurrent,
                  gp.recurrent_bias[j] + Dot(wh + static_cast<int64_t>(j) * n_output, h + r * n_output, n_output));
        // LiteRT accumulates into the saturated int16 gate; Micro saturates each product then adds.
        int32_t v = lite_ ? Sat16(from_state + Sat16(from_input)) : Sat16(Sat16(from_input) + Sat16(from_state));
        if (wc != nullptr) v = Sat16(Apply(gp.peephole, static_cast<int32_t>(wc[j]) * cell[r * n_cell + j]) + v);
        row[j] = static_cast<int16_t>(v);
      }
      if (ops_.use_layer_norm) {
        LayerNormRow(row, n_cell, ops_.layer_norm[g]->data<int16_t>(), ops_.bias[g]->data<int32_t>(), gp.layer_norm,
                     gp.variance_guard);
      }
      for (int j = 0; j < n_cell; ++j) {
        if (g == kCellGate) {
          row[j] = lite_ ? GemmlowpTanh(3, row[j]) : LutTanh(row[j], 0, 0);
        } else {
          row[j] = lite_ ? GemmlowpLogistic(row[j]) : LutLogistic(row[j], 0, 0);
        }
      }
    }
  }

  void UpdateCell(int64_t n, int16_t* cell) {
    const int16_t* f = gates_[kForgetGate].data();
    const int16_t* in = gates_[kInputGate].data();
    const int16_t* g = gates_[kCellGate].data();
    for (int64_t i = 0; i < n; ++i) {
      int32_t kept, added;
      if (lite_) {
        const int32_t input_gate = ops_.use_cifg ? static_cast<int16_t>(32767 - f[i]) : in[i];
        kept = static_cast<int16_t>(RoundingDivideByPOT(static_cast<int32_t>(f[i]) * cell[i], 15));
        added =
            static_cast<int16_t>(RoundingDivideByPOT(input_gate * static_cast<int32_t>(g[i]), 30 + p_.cell_scale_log2));
      } else {
        kept = Sat16(Apply(p_.forget_times_cell, static_cast<int32_t>(f[i]) * cell[i]));
        added = Sat16(Apply(p_.input_times_cell_gate, static_cast<int32_t>(in[i]) * g[i]));
      }
      int16_t v = Sat16(kept + added);
      if (p_.clip_cell) v = static_cast<int16_t>(Clamp(v, -p_.cell_clip, p_.cell_clip));
      cell[i] = v;
    }
  }

  void Hidden(int rows, const int16_t* cell, int8_t* out) {
    const int n_cell = ops_.n_cell, n_output = ops_.n_output;
    const int16_t* o = gates_[kOutputGate].data();
    hidden_.resize(static_cast<size_t>(rows) * n_cell);
    for (int64_t i = 0; i < static_cast<int64_t>(rows) * n_cell; ++i) {
      int16_t t;
      if (lite_) {
        t = GemmlowpTanh(15 + p_.cell_scale_log2, cell[i]);
      } else {
        int shift = 15 + p_.cell_scale_log2 - 3;
        int32_t multiplier = 0;
        if (shift < 0) {
          shift = -shift;
          multiplier = 3;
        }
        t = LutTanh(cell[i], multiplier, shift);
      }
      const int32_t scaled = Apply(p_.hidden, static_cast<int32_t>(o[i]) * t);
      // With a projection LiteRT keeps the hidden state with its zero point negated (see Prepare).
      hidden_[i] = Sat8(lite_ && ops_.use_projection ? scaled - p_.hidden_zp : scaled + p_.hidden_zp);
    }
    if (!ops_.use_projection) {
      std::memcpy(out, hidden_.data(), hidden_.size());
      return;
    }
    const int8_t* w = ops_.projection_weights->data<int8_t>();
    for (int r = 0; r < rows; ++r) {
      for (int j = 0; j < n_output; ++j) {
        const int32_t acc =
            p_.projection_bias[j] + Dot(w + static_cast<int64_t>(j) * n_cell, hidden_.data() + r * n_cell, n_cell);
        int32_t v = Sat8(Apply(p_.projection, acc) + p_.output_state_zp);
        if (p_.proj_clip > 0) v = Clamp(v, -p_.proj_clip, p_.proj_clip);
        out[r * n_output + j] = static_cast<int8_t>(v);
      }
    }
  }

  const LstmOperands& ops_;
  const IntegerParams& p_;
  const bool lite_;
  std::vector<int16_t> gates_[4];
  std::vector<int8_t> hidden_;
};

}  // namespace

absl::Status RunIntegerLstm(KernelContext& c, const LstmOperands& ops, const LstmFloatOptions& options,
                            LstmNumerics numerics, RtTensor& output) {
  IntegerParams params;
  TFCONV_KERNEL_RETURN_IF_ERROR(Prepare(c, ops, options, numerics, output, &params));
  IntegerStep step(ops, params, numerics);
  const int8_t* x = ops.input->data<int8_t>();
  int8_t* h = ops.output_state->mutable_data<int8_t>();
  int16_t* cell = ops.cell_state->mutable_data<int16_t>();
  int8_t* out = output.mutable_data<int8_t>();
  for (const LstmStepRows& s : LstmSteps(ops)) {
    step.Run(s.rows, x + s.input_offset, h + s.output_state_offset, cell + s.cell_state_offset, out + s.output_offset);
  }
  return absl::OkStatus();
}

}  // namespace tfconv
