// LSTM and UNIDIRECTIONAL_SEQUENCE_LSTM: float, and integer (int8 activations, int16 cell state)
// with LiteRT's or TFLite Micro's numerics. The hybrid variant (float activations with int8
// weights) is refused.
#include "absl/strings/str_cat.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/kernels/sequence/lstm.h"
#include "runtime_check/kernels/sequence/sequence_kernels.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

absl::Status Run(KernelContext& c, bool sequence, LstmNumerics numerics) {
  LstmFloatOptions options;
  bool time_major = false;
  if (sequence) {
    const auto* opts = c.op().builtin_options.AsUnidirectionalSequenceLSTMOptions();
    if (opts == nullptr) return c.Error("UNIDIRECTIONAL_SEQUENCE_LSTM has no UnidirectionalSequenceLSTMOptions");
    if (opts->diagonal_recurrent_tensors) return c.Unimplemented("diagonal recurrent tensors are not supported");
    options.activation = static_cast<int>(opts->fused_activation_function);
    options.cell_clip = opts->cell_clip;
    options.proj_clip = opts->proj_clip;
    time_major = opts->time_major;
  } else {
    const auto* opts = c.op().builtin_options.AsLSTMOptions();
    if (opts == nullptr) return c.Error("LSTM has no LSTMOptions");
    if (opts->kernel_type != tflite::LSTMKernelType::FULL) {
      return c.Unimplemented("the basic LSTM kernel (kernel_type BASIC) is not supported");
    }
    options.activation = static_cast<int>(opts->fused_activation_function);
    options.cell_clip = opts->cell_clip;
    options.proj_clip = opts->proj_clip;
  }
  if (options.cell_clip < 0 || options.proj_clip < 0) return c.Error("cell_clip and proj_clip must not be negative");

  LstmOperands ops;
  TFCONV_KERNEL_RETURN_IF_ERROR(GatherLstmOperands(c, sequence, time_major, &ops));
  RtTensor& output = c.output(0);
  std::vector<int32_t> out_shape = ops.input->shape();
  out_shape.back() = ops.n_output;
  const T weight_type = ops.input_weights[kOutputGate]->type();
  if (ops.input->type() == T::FLOAT32) {
    if (weight_type != T::FLOAT32) {
      return c.Unimplemented(
          absl::StrCat("the hybrid LSTM (float input, ", TfliteTypeName(weight_type), " weights) is not supported"));
    }
    if (output.type() != T::FLOAT32) return c.UnsupportedType(output);
    output.Resize(out_shape);
    return RunFloatLstm(c, ops, options, output);
  }
  if (ops.input->type() == T::INT8) {
    if (output.type() != T::INT8) return c.UnsupportedType(output);
    output.Resize(out_shape);
    return RunIntegerLstm(c, ops, options, numerics, output);
  }
  return c.UnsupportedType(*ops.input);
}

absl::Status Lstm(KernelContext& c) { return Run(c, false, LstmNumerics::kLiteRt); }
absl::Status SequenceLstm(KernelContext& c) { return Run(c, true, LstmNumerics::kLiteRt); }
absl::Status SequenceLstmMicro(KernelContext& c) { return Run(c, true, LstmNumerics::kMicro); }

}  // namespace

void RegisterLstmKernels(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::LSTM, Lstm);
  registry.AddBuiltin(tflite::BuiltinOperator::UNIDIRECTIONAL_SEQUENCE_LSTM, SequenceLstm);
}

void UseMicroLstmNumerics(KernelRegistry& registry) {
  registry.AddBuiltin(tflite::BuiltinOperator::UNIDIRECTIONAL_SEQUENCE_LSTM, SequenceLstmMicro);
}

}  // namespace tfconv
