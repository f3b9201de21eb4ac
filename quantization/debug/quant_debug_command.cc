#include "quantization/debug/quant_debug_command.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "quantization/calibration/representative_dataset.h"
#include "quantization/debug/requantize.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {
namespace {

constexpr int kWithin = 0, kError = 1, kOutside = 3;

absl::StatusOr<std::shared_ptr<const TflModel>> Read(const std::string& path) {
  absl::StatusOr<TflModel> m = ReadModelFile(path);
  if (!m.ok()) return absl::Status(m.status().code(), absl::StrCat(path, ": ", m.status().message()));
  return std::make_shared<const TflModel>(*std::move(m));
}

// The subgraph and signature a key selects (as tflite_run: empty = the only signature, else subgraph 0).
absl::StatusOr<std::pair<int, const TflSignatureDef*>> Select(const TflModel& model, const std::string& key,
                                                               const std::string& path) {
  const TflSignatureDef* sig = nullptr;
  if (key.empty()) {
    if (model.signature_defs.size() == 1) sig = &model.signature_defs[0];
  } else {
    for (const TflSignatureDef& s : model.signature_defs) {
      if (s.signature_key == key) sig = &s;
    }
    if (sig == nullptr) return absl::NotFoundError(absl::StrCat(path, " has no signature '", key, "'"));
  }
  const int subgraph = sig != nullptr ? static_cast<int>(sig->subgraph_index) : 0;
  if (subgraph < 0 || subgraph >= static_cast<int>(model.subgraphs.size())) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": the signature names subgraph ", subgraph,
                                                   ", which does not exist"));
  }
  return std::make_pair(subgraph, sig);
}

}  // namespace

int RunQuantDebugCommand(const QuantDebugCommand& c, std::ostream& out, std::ostream& err) {
  auto fail = [&](const absl::Status& s) {
    err << "tflite_validate --quant_debug: error: " << s.message() << "\n";
    return kError;
  };
  if (c.quant_path.empty() || c.float_path.empty()) {
    return fail(absl::InvalidArgumentError(
        "give the quantized model with --tflite and its float model with --reference_tflite"));
  }
  absl::StatusOr<std::shared_ptr<const TflModel>> qm = Read(c.quant_path);
  if (!qm.ok()) return fail(qm.status());
  absl::StatusOr<std::shared_ptr<const TflModel>> fm = Read(c.float_path);
  if (!fm.ok()) return fail(fm.status());
  auto fsel = Select(**fm, c.signature_key, c.float_path);
  if (!fsel.ok()) return fail(fsel.status());
  auto qsel = Select(**qm, c.signature_key, c.quant_path);
  if (!qsel.ok()) return fail(qsel.status());

  QuantDebugSetup setup;
  setup.float_model = *fm;
  setup.quant_model = *qm;
  setup.float_name = c.float_path;
  setup.quant_name = c.quant_path;
  setup.float_subgraph = fsel->first;
  setup.quant_subgraph = qsel->first;
  setup.tolerance = c.tolerance;
  setup.max_candidates = c.max_candidates;

  if (!c.representative_dataset.empty()) {
    if (!c.inputs.empty()) {
      return fail(absl::InvalidArgumentError("give --inputs or --representative_dataset, not both"));
    }
    absl::StatusOr<std::vector<std::vector<RtTensor>>> samples =
        ReadRepresentativeDataset(c.representative_dataset, **fm, fsel->first);
    if (!samples.ok()) return fail(samples.status());
    setup.samples = *std::move(samples);
    setup.samples_from = c.representative_dataset;
  } else {
    absl::StatusOr<std::vector<TensorSource>> given = ReadTensorFiles(c.inputs);
    if (!given.ok()) return fail(given.status());
    absl::StatusOr<std::vector<RtTensor>> floats = MakeSubgraphInputs(**fm, fsel->first, fsel->second, *given);
    if (floats.ok()) {
      setup.samples = {*std::move(floats)};
    } else {
      // Inputs given in the quantized model's types (an int8 reference input): dequantized.
      absl::StatusOr<std::vector<RtTensor>> quants = MakeSubgraphInputs(**qm, qsel->first, qsel->second, *given);
      if (!quants.ok()) {
        return fail(absl::InvalidArgumentError(absl::StrCat(
            "the inputs fit neither model: float model: ", floats.status().message(),
            "; quantized model: ", quants.status().message())));
      }
      absl::StatusOr<std::vector<std::vector<RtTensor>>> converted =
          FloatSamplesFromQuantized(**fm, fsel->first, **qm, qsel->first, {*std::move(quants)});
      if (!converted.ok()) return fail(converted.status());
      setup.samples = *std::move(converted);
    }
    setup.samples_from = c.inputs.empty() ? "default pattern" : c.inputs;
  }
  if (c.verify) {
    absl::StatusOr<Requantizer> r = MakeRequantizer(*fm, *qm, setup.samples, fsel->first, qsel->first);
    if (r.ok()) {
      setup.requantize = *std::move(r);
    } else {
      err << "tflite_validate --quant_debug: note: the suggestion will not be verified by re-quantizing: "
          << r.status().message() << "\n";
    }
  }

  absl::StatusOr<QuantDebugReport> report = DebugQuantization(setup);
  if (!report.ok()) return fail(report.status());
  out << report->ToText(c.max_rows);
  if (!c.json_path.empty()) {
    std::ofstream f(c.json_path, std::ios::binary);
    f << report->ToJson().dump(2) << "\n";
    f.close();
    if (!f) return fail(absl::PermissionDeniedError(absl::StrCat("cannot write ", c.json_path)));
  }
  return report->final_error() <= report->denylist.tolerance ? kWithin : kOutside;
}

}  // namespace tfconv
