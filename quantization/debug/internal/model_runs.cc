#include "quantization/debug/internal/model_runs.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "quantization/debug/quant_values.h"
#include "runtime_check/interpreter/interpreter.h"

namespace tfconv {
namespace quant_debug {

absl::StatusOr<std::vector<RtTensor>> QuantizedInputs(const TflModel& float_model, int float_subgraph,
                                                      const TflModel& quant_model, int quant_subgraph,
                                                      const TensorPairing& pairing,
                                                      const std::vector<RtTensor>& float_sample) {
  const TflSubgraph& fg = float_model.subgraphs[float_subgraph];
  const TflSubgraph& qg = quant_model.subgraphs[quant_subgraph];
  std::vector<RtTensor> inputs;
  for (size_t k = 0; k < qg.inputs.size(); ++k) {
    const int q = qg.inputs[k];
    const TflTensor& qt = qg.tensors[q];
    const int f = pairing.float_of_quant[q];
    const auto at = std::find(fg.inputs.begin(), fg.inputs.end(), f);
    if (f < 0 || at == fg.inputs.end()) {
      return absl::InvalidArgumentError(absl::StrCat("input ", k, " ('", qt.name,
                                                     "') of the quantized model has no counterpart among the "
                                                     "float model's inputs"));
    }
    const RtTensor& given = float_sample[at - fg.inputs.begin()];
    if (given.type() == qt.type) {
      inputs.push_back(given);
      continue;
    }
    RtTensor t = RtTensor::Make(qt.type, given.shape());
    t.set_name(qt.name);
    if (qt.quantization && !qt.quantization->scale.empty()) t.set_quantization(&*qt.quantization);
    const std::vector<double> values = RealValues(given);
    if (static_cast<int64_t>(values.size()) != given.num_elements()) {
      return absl::InvalidArgumentError(absl::StrCat("input '", fg.tensors[f].name, "' of type ",
                                                     TfliteTypeName(given.type()), " has no numbers to give '",
                                                     qt.name, "' (", TfliteTypeName(qt.type), ")"));
    }
    if (absl::Status s = StoreRealValues(values, t); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("input ", k, " of the quantized model: ", s.message()));
    }
    inputs.push_back(std::move(t));
  }
  return inputs;
}

absl::StatusOr<std::vector<int>> OutputCounterparts(const TflModel& float_model, int float_subgraph,
                                                    const TflModel& quant_model, int quant_subgraph,
                                                    const TensorPairing& pairing) {
  const TflSubgraph& fg = float_model.subgraphs[float_subgraph];
  const TflSubgraph& qg = quant_model.subgraphs[quant_subgraph];
  std::vector<int> out;
  for (int32_t f : fg.outputs) {
    int found = -1;
    for (int32_t q : qg.outputs) {
      if (q >= 0 && q < static_cast<int>(pairing.float_of_quant.size()) && pairing.float_of_quant[q] == f) {
        found = q;
        break;
      }
    }
    if (found < 0 && f >= 0 && f < static_cast<int>(pairing.preferred.size())) found = pairing.preferred[f];
    if (found < 0) {
      return absl::InvalidArgumentError(absl::StrCat("the float model's output '", fg.tensors[f].name,
                                                     "' has no counterpart in the quantized model"));
    }
    out.push_back(found);
  }
  return out;
}

absl::StatusOr<std::vector<ErrorStats>> OutputErrors(
    const TflModel& float_model, int float_subgraph, std::shared_ptr<const TflModel> quant_model,
    int quant_subgraph, const std::vector<std::vector<RtTensor>>& samples,
    const std::vector<std::vector<std::vector<double>>>& float_outputs, const KernelRegistry& kernels) {
  const TensorPairing pairing = PairTensors(float_model, float_subgraph, *quant_model, quant_subgraph);
  absl::StatusOr<std::vector<int>> outs =
      OutputCounterparts(float_model, float_subgraph, *quant_model, quant_subgraph, pairing);
  if (!outs.ok()) return outs.status();
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(quant_model, kernels);
  if (!interp.ok()) return interp.status();
  std::vector<ErrorStats> errors(outs->size());
  for (size_t s = 0; s < samples.size(); ++s) {
    absl::StatusOr<std::vector<RtTensor>> in =
        QuantizedInputs(float_model, float_subgraph, *quant_model, quant_subgraph, pairing, samples[s]);
    if (!in.ok()) return in.status();
    absl::Status run = (*interp)->Invoke(quant_subgraph, *in).status();
    if (!run.ok()) return run;
    const std::vector<RtTensor>& state = (*interp)->tensors(quant_subgraph);
    for (size_t k = 0; k < outs->size(); ++k) {
      const RtTensor& t = state[(*outs)[k]];
      errors[k].Add(float_outputs[s][k], RealValues(t), ElementScales(t));
    }
  }
  return errors;
}

double FinalError(const std::vector<ErrorStats>& outputs) {
  double worst = 0;
  for (const ErrorStats& e : outputs) worst = std::max(worst, e.rmse());
  return worst;
}

}  // namespace quant_debug
}  // namespace tfconv
