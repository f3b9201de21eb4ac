// Internal to the sequence kernels: the LSTM operands gathered from an operator (LSTM or
// UNIDIRECTIONAL_SEQUENCE_LSTM: 20 or 24 inputs in TFLite's order) and the per-step routines
// for the float and the integer (8-bit activations, 16-bit cell state) variants.
#ifndef TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_LSTM_H_
#define TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_LSTM_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "runtime_check/interpreter/kernel.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

// Gate order used for every per-gate array.
enum LstmGate { kInputGate = 0, kForgetGate = 1, kCellGate = 2, kOutputGate = 3 };

// Whose integer arithmetic to reproduce: LiteRT's lstm_eval (gemmlowp fixed-point sigmoid/tanh,
// shift-based cell update) or TFLite Micro's LSTM kernel (look-up-table sigmoid/tanh and
// multiplier-based products), which round differently.
enum class LstmNumerics { kLiteRt, kMicro };

struct LstmOperands {
  const RtTensor* input = nullptr;
  const RtTensor* input_weights[4] = {};         // [n_cell, n_input]; [kInputGate] absent with CIFG
  const RtTensor* recurrent_weights[4] = {};     // [n_cell, n_output]
  const RtTensor* peephole_weights[4] = {};      // [n_cell]; only input, forget and output gates
  const RtTensor* bias[4] = {};                  // [n_cell]
  const RtTensor* projection_weights = nullptr;  // [n_output, n_cell]
  const RtTensor* projection_bias = nullptr;     // [n_output]
  RtTensor* output_state = nullptr;              // variable, n_batch * n_output
  RtTensor* cell_state = nullptr;                // variable, n_batch * n_cell
  const RtTensor* layer_norm[4] = {};            // [n_cell]

  bool sequence = false;  // UNIDIRECTIONAL_SEQUENCE_LSTM: input [time, batch, in] or [batch, time, in]
  bool time_major = false;
  int n_batch = 0, n_time = 1, n_input = 0, n_cell = 0, n_output = 0;
  bool use_cifg = false, use_peephole = false, use_layer_norm = false, use_projection = false;
};

// Reads and checks the operands (presence, shapes, variable states); types are checked by the
// float/integer paths.
absl::Status GatherLstmOperands(KernelContext& c, bool sequence, bool time_major, LstmOperands* ops);

// The offsets of one step: `rows` consecutive batch rows starting at the given element offsets.
struct LstmStepRows {
  int rows = 0;
  int64_t input_offset = 0, output_offset = 0, output_state_offset = 0, cell_state_offset = 0;
};
// The steps in execution order: per time step for time-major input, else per batch then time.
std::vector<LstmStepRows> LstmSteps(const LstmOperands& ops);

struct LstmFloatOptions {
  int activation = 0;  // tflite::ActivationFunctionType of the cell gate and cell output
  float cell_clip = 0, proj_clip = 0;
};
absl::Status RunFloatLstm(KernelContext& c, const LstmOperands& ops, const LstmFloatOptions& options, RtTensor& output);

absl::Status RunIntegerLstm(KernelContext& c, const LstmOperands& ops, const LstmFloatOptions& options,
                            LstmNumerics numerics, RtTensor& output);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_KERNELS_SEQUENCE_LSTM_H_
