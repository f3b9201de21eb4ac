#include "quantization/calibration/calibrate.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

// The running range of one tensor over every value seen so far.
struct Range {
  float min = std::numeric_limits<float>::infinity();
  float max = -std::numeric_limits<float>::infinity();
  bool seen = false;    // at least one finite value
  int64_t skipped = 0;  // NaN and infinite values
};

// Tensors the official calibrator logs: FLOAT32 and without constant data.
bool Loggable(const TflModel& model, const TflSubgraph& g, int32_t index) {
  if (index < 0 || index >= static_cast<int32_t>(g.tensors.size())) return false;
  const TflTensor& t = g.tensors[index];
  if (t.type != tflite::TensorType::FLOAT32) return false;
  return t.buffer == 0 || t.buffer >= model.buffers.size() || model.buffers[t.buffer].data.empty();
}

void Record(const RtTensor& value, Range& range) {
  if (value.type() != tflite::TensorType::FLOAT32) return;
  const int64_t n = value.num_elements();
  if (n <= 0 || value.byte_size() < static_cast<size_t>(n) * sizeof(float)) return;
  const float* v = value.data<float>();
  float lo = range.min, hi = range.max;
  int64_t skipped = 0;
  for (int64_t i = 0; i < n; ++i) {
    const float x = v[i];
    if (!std::isfinite(x)) {
      ++skipped;
      continue;
    }
    lo = x < lo ? x : lo;
    hi = x > hi ? x : hi;
  }
  if (skipped < n) range.seen = true;
  range.min = lo;
  range.max = hi;
  range.skipped += skipped;
}

std::string SampleShapes(const std::vector<RtTensor>& sample) {
  std::vector<std::string> parts;
  for (const RtTensor& t : sample) parts.push_back(absl::StrCat(TfliteTypeName(t.type()), " ", ShapeString(t.shape())));
  return absl::StrJoin(parts, ", ");
}

// Checks every sample against the inputs before the (possibly long) run starts.
absl::Status CheckSamples(const TflSubgraph& g, absl::Span<const std::vector<RtTensor>> samples) {
  for (size_t k = 0; k < samples.size(); ++k) {
    const std::vector<RtTensor>& sample = samples[k];
    if (sample.size() != g.inputs.size()) {
      return absl::InvalidArgumentError(absl::StrCat("calibration sample ", k, " gives ", sample.size(),
                                                     " tensor(s) (", SampleShapes(sample), "), the model takes ",
                                                     g.inputs.size(), " input(s)"));
    }
    for (size_t i = 0; i < sample.size(); ++i) {
      const TflTensor& t = g.tensors[g.inputs[i]];
      const std::vector<int32_t>& expected = t.shape_signature.empty() ? t.shape : t.shape_signature;
      const std::vector<int32_t>& got = sample[i].shape();
      bool fits = expected.size() == got.size() && sample[i].type() == t.type;
      for (size_t d = 0; fits && d < got.size(); ++d) fits = expected[d] < 0 || expected[d] == got[d];
      if (!fits) {
        return absl::InvalidArgumentError(absl::StrCat(
            "calibration sample ", k, ", input ", i, " ('", t.name, "'): the model expects ", TfliteTypeName(t.type),
            " ", ShapeString(expected), ", the sample gives ", TfliteTypeName(sample[i].type()), " ",
            ShapeString(got)));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CalibrateModel(TflModel& model, absl::Span<const std::vector<RtTensor>> samples,
                            const CalibrationOptions& options) {
  if (samples.empty()) {
    return absl::InvalidArgumentError(
        "the representative dataset is empty: calibration needs at least one sample (a few hundred is usual)");
  }
  if (options.subgraph < 0 || options.subgraph >= static_cast<int>(model.subgraphs.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("calibration: no subgraph ", options.subgraph, "; the model has ", model.subgraphs.size()));
  }
  if (absl::Status s = CheckSamples(model.subgraphs[options.subgraph], samples); !s.ok()) return s;

  // The interpreter runs a copy: weights stay shared (ByteBuffer), and `model` is only written at
  // the end, so a failed calibration leaves it unchanged.
  auto copy = std::make_shared<const TflModel>(model);
  const KernelRegistry& kernels = options.kernels != nullptr ? *options.kernels : BuiltinKernels();
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(copy, kernels);
  if (!interp.ok()) {
    return absl::Status(interp.status().code(),
                        absl::StrCat("calibration runs the float model in the reference interpreter, which refuses it: ",
                                     interp.status().message()));
  }

  std::vector<std::vector<Range>> ranges(copy->subgraphs.size());
  // Per subgraph and operator: the tensors logged after it runs (its loggable inputs, which it
  // leaves as they were except variables it updates, then its loggable outputs).
  std::vector<std::vector<std::vector<int32_t>>> logged(copy->subgraphs.size());
  for (size_t s = 0; s < copy->subgraphs.size(); ++s) {
    const TflSubgraph& g = copy->subgraphs[s];
    ranges[s].resize(g.tensors.size());
    logged[s].resize(g.operators.size());
    for (size_t i = 0; i < g.operators.size(); ++i) {
      const TflOperator& op = g.operators[i];
      for (int32_t t : op.inputs) {
        if (Loggable(*copy, g, t)) logged[s][i].push_back(t);
      }
      for (int32_t t : op.outputs) {
        if (Loggable(*copy, g, t)) logged[s][i].push_back(t);
      }
    }
    // The initial state of variables, which the official tool logs before the first operator
    // that reads them.
    for (size_t i = 0; i < g.operators.size(); ++i) {
      for (int32_t t : g.operators[i].inputs) {
        if (Loggable(*copy, g, t) && g.tensors[t].is_variable) Record((*interp)->tensors(s)[t], ranges[s][t]);
      }
    }
  }
  (*interp)->set_observer([&](int subgraph, int op_index, const TflOperator&, KernelContext&) {
    const std::vector<RtTensor>& state = (*interp)->tensors(subgraph);
    for (int32_t t : logged[subgraph][op_index]) Record(state[t], ranges[subgraph][t]);
  });

  for (size_t k = 0; k < samples.size(); ++k) {
    absl::StatusOr<std::vector<RtTensor>> out = (*interp)->Invoke(options.subgraph, samples[k]);
    if (!out.ok()) {
      return absl::Status(out.status().code(),
                          absl::StrCat("calibration sample ", k, ": ", out.status().message()));
    }
    if (options.progress) options.progress(k + 1, samples.size());
  }

  // Write the ranges only now, after every sample ran.
  int64_t never = 0;
  std::vector<std::string> examples;
  for (size_t s = 0; s < model.subgraphs.size(); ++s) {
    TflSubgraph& g = model.subgraphs[s];
    std::vector<bool> is_logged(g.tensors.size(), false);
    for (const std::vector<int32_t>& list : logged[s]) {
      for (int32_t t : list) is_logged[t] = true;
    }
    for (size_t t = 0; t < g.tensors.size(); ++t) {
      const Range& r = ranges[s][t];
      if (r.skipped > 0 && options.warnings != nullptr) {
        options.warnings->push_back(absl::StrCat("calibration: tensor '", g.tensors[t].name, "' held ", r.skipped,
                                                 " NaN or infinite value(s) over the dataset; they are left out of "
                                                 "its range"));
      }
      if (!r.seen) {
        if (is_logged[t]) {
          ++never;
          if (examples.size() < 5) examples.push_back(absl::StrCat("'", g.tensors[t].name, "'"));
        }
        continue;
      }
      const bool is_input = static_cast<int>(s) == options.subgraph &&
                            std::find(g.inputs.begin(), g.inputs.end(), static_cast<int32_t>(t)) != g.inputs.end();
      if (is_input && r.min == r.max && options.warnings != nullptr) {
        // E.g. one all-zero sample: the input scale would be tiny and every layer after it useless.
        options.warnings->push_back(absl::StrCat(
            "calibration: input '", g.tensors[t].name, "' held the same value (", r.min, ") in every one of the ",
            samples.size(), " sample(s): its quantization range is empty; give samples that cover the range real "
            "inputs take"));
      }
      if (!g.tensors[t].quantization.has_value()) g.tensors[t].quantization.emplace();
      TflQuantization& q = *g.tensors[t].quantization;
      q.min = {r.min};
      q.max = {r.max};
    }
  }
  if (never > 0 && options.warnings != nullptr) {
    options.warnings->push_back(absl::StrCat(
        "calibration: ", never, " float tensor(s) got no range (no sample computed a finite value for them, e.g. "
        "a branch never taken): ", absl::StrJoin(examples, ", "), never > 5 ? ", ..." : "",
        "; quantization keeps what needs them float or reports them"));
  }
  return absl::OkStatus();
}

}  // namespace tfconv
