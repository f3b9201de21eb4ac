#include <string>

#include "absl/strings/str_cat.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/kernels/sequence/lstm.h"

namespace tfconv {
namespace {

// TFLite's input indices (lstm_shared.h).
constexpr int kInputTensor = 0;
constexpr int kInputWeights[4] = {1, 2, 3, 4};
constexpr int kRecurrentWeights[4] = {5, 6, 7, 8};
constexpr int kPeepholeWeights[4] = {9, 10, -1, 11};
constexpr int kBias[4] = {12, 13, 14, 15};
constexpr int kProjectionWeights = 16;
constexpr int kProjectionBias = 17;
constexpr int kOutputState = 18;
constexpr int kCellState = 19;
constexpr int kLayerNorm[4] = {20, 21, 22, 23};
constexpr const char* kGateNames[4] = {"input", "forget", "cell", "output"};

const RtTensor* Optional(KernelContext& c, int i) { return c.has_input(i) ? &c.input(i) : nullptr; }

absl::Status CheckShape(KernelContext& c, const RtTensor* t, const std::string& what, std::vector<int32_t> shape) {
  if (t != nullptr && t->shape() != shape) {
    return c.Error(
        absl::StrCat(what, " ('", t->name(), "') must be ", ShapeString(shape), ", it is ", ShapeString(t->shape())));
  }
  return absl::OkStatus();
}

absl::Status CheckVariable(KernelContext& c, int input, const std::string& what) {
  const TflSubgraph& g = c.interpreter().model().subgraphs[c.subgraph()];
  if (!g.tensors[c.op().inputs[input]].is_variable) {
    return c.Error(absl::StrCat(what, " ('", c.input(input).name(),
                                "') must be a variable tensor (is_variable), as the runtime requires"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status GatherLstmOperands(KernelContext& c, bool sequence, bool time_major, LstmOperands* ops) {
  if (c.num_inputs() != 20 && c.num_inputs() != 24) {
    return c.Error(absl::StrCat("the LSTM kernel takes 20 or 24 inputs, the operator has ", c.num_inputs()));
  }
  if (c.num_outputs() != 1) return c.Error(absl::StrCat("expected 1 output, got ", c.num_outputs()));
  const int required[] = {kInputTensor, 2, 3, 4, 6, 7, 8, 13, 14, 15, kOutputState, kCellState};
  for (int i : required) {
    if (!c.has_input(i)) return c.Error(absl::StrCat("required input ", i, " is omitted"));
  }
  ops->sequence = sequence;
  ops->time_major = time_major;
  ops->input = &c.input(kInputTensor);
  for (int g = 0; g < 4; ++g) {
    ops->input_weights[g] = Optional(c, kInputWeights[g]);
    ops->recurrent_weights[g] = Optional(c, kRecurrentWeights[g]);
    ops->peephole_weights[g] = kPeepholeWeights[g] < 0 ? nullptr : Optional(c, kPeepholeWeights[g]);
    ops->bias[g] = Optional(c, kBias[g]);
    ops->layer_norm[g] = c.num_inputs() == 24 ? Optional(c, kLayerNorm[g]) : nullptr;
  }
  ops->projection_weights = Optional(c, kProjectionWeights);
  ops->projection_bias = Optional(c, kProjectionBias);
  ops->output_state = &c.mutable_input(kOutputState);
  ops->cell_state = &c.mutable_input(kCellState);

  const RtTensor& in = *ops->input;
  if (sequence) {
    if (in.rank() != 3) return c.Error(absl::StrCat("the input must have rank 3, it is ", ShapeString(in.shape())));
    ops->n_time = time_major ? in.dim(0) : in.dim(1);
    ops->n_batch = time_major ? in.dim(1) : in.dim(0);
    ops->n_input = in.dim(2);
  } else {
    if (in.rank() != 2) return c.Error(absl::StrCat("the input must have rank 2, it is ", ShapeString(in.shape())));
    ops->n_time = 1;
    ops->n_batch = in.dim(0);
    ops->n_input = in.dim(1);
  }
  const RtTensor& to_output = *ops->input_weights[kOutputGate];
  const RtTensor& rec_output = *ops->recurrent_weights[kOutputGate];
  if (to_output.rank() != 2) return c.Error("input_to_output_weights must have rank 2");
  if (rec_output.rank() != 2) {
    return c.Unimplemented("recurrent weights that are not 2-D (diagonal recurrent tensors) are not supported");
  }
  ops->n_cell = to_output.dim(0);
  ops->n_output = rec_output.dim(1);
  const int n_cell = ops->n_cell, n_input = ops->n_input, n_output = ops->n_output;
  if (n_cell <= 0 || n_input <= 0 || n_output <= 0) {
    return c.Error(absl::StrCat("the cell count (", n_cell, "), input size (", n_input, ") and output size (", n_output,
                                ") must be positive"));
  }

  ops->use_cifg = ops->input_weights[kInputGate] == nullptr;
  if (ops->use_cifg != (ops->recurrent_weights[kInputGate] == nullptr)) {
    return c.Error("input_to_input_weights and recurrent_to_input_weights must both be present or both omitted");
  }
  if (ops->use_cifg && ops->bias[kInputGate] != nullptr) return c.Error("a CIFG LSTM must not have an input gate bias");
  if (!ops->use_cifg && ops->bias[kInputGate] == nullptr) return c.Error("the input gate bias is omitted");
  {
    const bool in = ops->peephole_weights[kInputGate] != nullptr;
    const bool forget = ops->peephole_weights[kForgetGate] != nullptr;
    const bool out = ops->peephole_weights[kOutputGate] != nullptr;
    if (!((in || ops->use_cifg) && forget && out) && (in || forget || out)) {
      return c.Error("the peephole (cell_to_*) weights must be all present or all omitted");
    }
    ops->use_peephole = out;
  }
  ops->use_layer_norm = ops->layer_norm[kForgetGate] != nullptr;
  if (ops->use_layer_norm) {
    for (int g = 1; g < 4; ++g) {
      if (ops->layer_norm[g] == nullptr)
        return c.Error(absl::StrCat(kGateNames[g], " layer norm coefficients are omitted"));
    }
    if ((ops->layer_norm[kInputGate] != nullptr) == ops->use_cifg) {
      return c.Error("the input gate layer norm coefficients must be present exactly when there is an input gate");
    }
  }
  ops->use_projection = ops->projection_weights != nullptr;
  if (!ops->use_projection && ops->projection_bias != nullptr)
    return c.Error("a projection bias needs projection weights");

  for (int g = 0; g < 4; ++g) {
    const std::string gate = kGateNames[g];
    TFCONV_KERNEL_RETURN_IF_ERROR(
        CheckShape(c, ops->input_weights[g], "input_to_" + gate + "_weights", {n_cell, n_input}));
    TFCONV_KERNEL_RETURN_IF_ERROR(
        CheckShape(c, ops->recurrent_weights[g], "recurrent_to_" + gate + "_weights", {n_cell, n_output}));
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckShape(c, ops->peephole_weights[g], "cell_to_" + gate + "_weights", {n_cell}));
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckShape(c, ops->bias[g], gate + "_gate_bias", {n_cell}));
    TFCONV_KERNEL_RETURN_IF_ERROR(CheckShape(c, ops->layer_norm[g], gate + "_layer_norm_coefficients", {n_cell}));
  }
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckShape(c, ops->projection_weights, "projection_weights", {n_output, n_cell}));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckShape(c, ops->projection_bias, "projection_bias", {n_output}));
  if (!ops->use_projection && n_output != n_cell) {
    return c.Error(
        absl::StrCat("without projection the output size (", n_output, ") must equal the cell count (", n_cell, ")"));
  }
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckVariable(c, kOutputState, "the output state"));
  TFCONV_KERNEL_RETURN_IF_ERROR(CheckVariable(c, kCellState, "the cell state"));
  if (ops->output_state->num_elements() != static_cast<int64_t>(ops->n_batch) * n_output) {
    return c.Error(absl::StrCat("the output state has ", ops->output_state->num_elements(), " elements, ", ops->n_batch,
                                " x ", n_output, " expected"));
  }
  if (ops->cell_state->num_elements() != static_cast<int64_t>(ops->n_batch) * n_cell) {
    return c.Error(absl::StrCat("the cell state has ", ops->cell_state->num_elements(), " elements, ", ops->n_batch,
                                " x ", n_cell, " expected"));
  }
  return absl::OkStatus();
}

std::vector<LstmStepRows> LstmSteps(const LstmOperands& ops) {
  std::vector<LstmStepRows> steps;
  if (!ops.sequence || ops.time_major) {
    for (int t = 0; t < ops.n_time; ++t) {
      LstmStepRows s;
      s.rows = ops.n_batch;
      s.input_offset = static_cast<int64_t>(t) * ops.n_batch * ops.n_input;
      s.output_offset = static_cast<int64_t>(t) * ops.n_batch * ops.n_output;
      steps.push_back(s);
    }
    return steps;
  }
  for (int b = 0; b < ops.n_batch; ++b) {
    for (int t = 0; t < ops.n_time; ++t) {
      LstmStepRows s;
      s.rows = 1;
      const int64_t row = static_cast<int64_t>(b) * ops.n_time + t;
      s.input_offset = row * ops.n_input;
      s.output_offset = row * ops.n_output;
      s.output_state_offset = static_cast<int64_t>(b) * ops.n_output;
      s.cell_state_offset = static_cast<int64_t>(b) * ops.n_cell;
      steps.push_back(s);
    }
  }
  return steps;
}

}  // namespace tfconv
