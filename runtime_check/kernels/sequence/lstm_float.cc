// The float LSTM step, in the order of TFLite's lstm_eval: input, forget and cell gates from the
// previous states, the cell update, the output gate (its peephole sees the new cell state), then
// the hidden state with optional projection and clipping.
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/kernels/sequence/lstm.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

float Sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }

const float* Data(const RtTensor* t) { return t == nullptr ? nullptr : t->data<float>(); }

// One gate for `rows` batch rows: bias + W_x x + W_h h (+ peephole), layer-normalized when the
// LSTM has coefficients, then the activation.
void Gate(const LstmOperands& ops, int g, int rows, const float* x, const float* h, const float* cell, bool sigmoid,
          tflite::ActivationFunctionType act, float* out) {
  const int n_cell = ops.n_cell;
  const float* wx = Data(ops.input_weights[g]);
  const float* wh = Data(ops.recurrent_weights[g]);
  const float* wc = Data(ops.peephole_weights[g]);
  const float* bias = Data(ops.bias[g]);
  const float* ln = Data(ops.layer_norm[g]);
  for (int r = 0; r < rows; ++r) {
    float* o = out + static_cast<int64_t>(r) * n_cell;
    for (int j = 0; j < n_cell; ++j) {
      float acc = ln != nullptr ? 0.f : bias[j];
      float dot = 0.f;
      for (int k = 0; k < ops.n_input; ++k)
        dot += wx[static_cast<int64_t>(j) * ops.n_input + k] * x[r * ops.n_input + k];
      acc += dot;
      dot = 0.f;
      for (int k = 0; k < ops.n_output; ++k)
        dot += wh[static_cast<int64_t>(j) * ops.n_output + k] * h[r * ops.n_output + k];
      acc += dot;
      if (wc != nullptr) acc += wc[j] * cell[r * n_cell + j];
      o[j] = acc;
    }
    if (ln != nullptr) {
      float sum = 0.f;
      for (int j = 0; j < n_cell; ++j) sum += o[j];
      const float mean = sum / n_cell;
      float sum_diff_sq = 0.f;
      for (int j = 0; j < n_cell; ++j) sum_diff_sq += (o[j] - mean) * (o[j] - mean);
      const float stddev_inv = 1.f / std::sqrt(sum_diff_sq / n_cell + 1e-8f);
      for (int j = 0; j < n_cell; ++j) o[j] = (o[j] - mean) * stddev_inv * ln[j] + bias[j];
    }
    for (int j = 0; j < n_cell; ++j) o[j] = sigmoid ? Sigmoid(o[j]) : ApplyActivation(o[j], act);
  }
}

absl::Status CheckFloat(KernelContext& c, const RtTensor* t) {
  if (t != nullptr && t->type() != T::FLOAT32) return c.UnsupportedType(*t);
  return absl::OkStatus();
}

}  // namespace

absl::Status RunFloatLstm(KernelContext& c, const LstmOperands& ops, const LstmFloatOptions& options,
                          RtTensor& output) {
  const auto act = static_cast<tflite::ActivationFunctionType>(options.activation);
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckFloatActivation(c, act));
  for (int g = 0; g < 4; ++g) {
    for (const RtTensor* t :
         {ops.input_weights[g], ops.recurrent_weights[g], ops.peephole_weights[g], ops.bias[g], ops.layer_norm[g]}) {
      TFCONV_KERNEL_RETURN_IF_ERROR(CheckFloat(c, t));
    }
  }
  for (const RtTensor* t : {ops.projection_weights, ops.projection_bias, static_cast<const RtTensor*>(ops.output_state),
                            static_cast<const RtTensor*>(ops.cell_state)}) {
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckFloat(c, t));
  }
  const int n_cell = ops.n_cell, n_output = ops.n_output;
  float* out_data = output.mutable_data<float>();
  float* h_all = ops.output_state->mutable_data<float>();
  float* c_all = ops.cell_state->mutable_data<float>();
  const float* x_all = ops.input->data<float>();
  std::vector<float> gates[4];
  std::vector<float> hidden;
  for (const LstmStepRows& step : LstmSteps(ops)) {
    const int rows = step.rows;
    const float* x = x_all + step.input_offset;
    float* h = h_all + step.output_state_offset;
    float* cell = c_all + step.cell_state_offset;
    for (auto& v : gates) v.assign(static_cast<size_t>(rows) * n_cell, 0.f);
    if (!ops.use_cifg) Gate(ops, kInputGate, rows, x, h, cell, true, act, gates[kInputGate].data());
    Gate(ops, kForgetGate, rows, x, h, cell, true, act, gates[kForgetGate].data());
    Gate(ops, kCellGate, rows, x, h, cell, false, act, gates[kCellGate].data());
    for (int64_t i = 0; i < static_cast<int64_t>(rows) * n_cell; ++i) {
      const float f = gates[kForgetGate][i];
      const float in = ops.use_cifg ? 1.f - f : gates[kInputGate][i];
      float v = f * cell[i] + gates[kCellGate][i] * in;
      if (options.cell_clip > 0.f) v = std::max(-options.cell_clip, std::min(options.cell_clip, v));
      cell[i] = v;
    }
    Gate(ops, kOutputGate, rows, x, h, cell, true, act, gates[kOutputGate].data());
    hidden.resize(static_cast<size_t>(rows) * n_cell);
    for (int64_t i = 0; i < static_cast<int64_t>(rows) * n_cell; ++i) {
      hidden[i] = gates[kOutputGate][i] * ApplyActivation(cell[i], act);
    }
    float* out = out_data + step.output_offset;
    for (int r = 0; r < rows; ++r) {
      for (int j = 0; j < n_output; ++j) {
        float v;
        if (ops.use_projection) {
          const float* w = Data(ops.projection_weights) + static_cast<int64_t>(j) * n_cell;
          float dot = 0.f;
          for (int k = 0; k < n_cell; ++k) dot += w[k] * hidden[static_cast<int64_t>(r) * n_cell + k];
          v = (ops.projection_bias != nullptr ? Data(ops.projection_bias)[j] : 0.f) + dot;
          if (options.proj_clip > 0.f) v = std::max(-options.proj_clip, std::min(options.proj_clip, v));
        } else {
          v = hidden[static_cast<int64_t>(r) * n_cell + j];
        }
        out[r * n_output + j] = v;
        h[r * n_output + j] = v;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace tfconv
