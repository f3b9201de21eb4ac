#include "runtime_check/real_models/model_check.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/model_check.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/io/tensor_io.h"
#include "runtime_check/kernels/builtin_kernels.h"
#include "runtime_check/real_models/known_differences.h"
#include "runtime_check/real_models/model_inputs.h"
#include "runtime_check/real_models/output_compare.h"
#include "runtime_check/real_models/subprocess.h"

namespace tfconv {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

bool OnPath(const std::string& program) {
  for (absl::string_view dir : absl::StrSplit(EnvOr("PATH", ""), ':', absl::SkipEmpty())) {
    if (access(absl::StrCat(dir, "/", program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Op names over all subgraphs, in order of first use.
std::vector<std::string> OpNames(const TflModel& model, bool missing_only) {
  std::vector<std::string> names;
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflOperator& op : g.operators) {
      if (op.opcode_index >= model.operator_codes.size()) continue;
      const TflOperatorCode& code = model.operator_codes[op.opcode_index];
      if (missing_only && BuiltinKernels().Find(code) != nullptr) continue;
      std::string name = OperatorCodeName(code);
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
    }
  }
  return names;
}

}  // namespace

std::string LiteRtFailureReason(const std::string& log, const std::string& model_path) {
  std::string error, failed;
  for (absl::string_view line : absl::StrSplit(log, '\n', absl::SkipWhitespace())) {
    if (absl::StartsWith(line, "FAILED") && failed.empty()) failed = std::string(line);
    if (!absl::ConsumePrefix(&line, "ERROR:") || !error.empty()) continue;
    line = absl::StripLeadingAsciiWhitespace(line);
    // "[file.cc:245]" source locations say nothing by themselves.
    if (absl::StartsWith(line, "[") && line.find(']') != absl::string_view::npos) {
      line = absl::StripLeadingAsciiWhitespace(line.substr(line.find(']') + 1));
    }
    if (!line.empty()) error = std::string(line);
  }
  std::string reason = !error.empty() ? error : !failed.empty() ? failed : "";
  const std::string dir = model_path.substr(0, model_path.rfind('/') + 1);
  reason = absl::StrReplaceAll(reason, {{dir, ""}});
  if (reason.size() > 160) reason = reason.substr(0, 157) + "...";
  return reason;
}

namespace {

ModelReport CheckSignature(const std::string& path, std::shared_ptr<const TflModel> model, const std::string& key,
                           const std::string& label, const std::string& ops, const CheckOptions& options,
                           const std::string& work) {
  ModelReport r;
  r.model = label;
  r.ops = ops;
  auto finish = [&r](Verdict v, std::string result, std::string max_error = "") {
    r.verdict = v;
    r.result = std::move(result);
    r.max_error = std::move(max_error);
    return r;
  };

  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(model, BuiltinKernels());
  if (!interp.ok()) return finish(Verdict::kOursFailed, absl::StrCat("cannot load: ", interp.status().message()));
  absl::StatusOr<int> subgraph = (*interp)->SubgraphOfSignature(key);
  if (!subgraph.ok()) return finish(Verdict::kOursFailed, std::string(subgraph.status().message()));
  const TflSignatureDef* signature = nullptr;
  for (const TflSignatureDef& s : model->signature_defs) {
    if (key.empty() ? model->signature_defs.size() == 1 : s.signature_key == key) signature = &s;
  }
  absl::StatusOr<std::vector<TensorSource>> special = SpecialInputs(label, *model, *subgraph);
  if (!special.ok()) return finish(Verdict::kOursFailed, std::string(special.status().message()));
  absl::StatusOr<std::vector<RtTensor>> inputs = MakeSubgraphInputs(*model, *subgraph, signature, *special);
  const std::string in_path = work + "/in.json", out_path = work + "/litert.json", log_path = work + "/litert.log";
  const absl::Status written = inputs.ok() ? WriteTensorsFile(in_path, *inputs) : inputs.status();
  if (!written.ok()) {
    // Unimplemented: inputs the default pattern has no values for (strings...).
    return finish(written.code() == absl::StatusCode::kUnimplemented ? Verdict::kNoDefaultInputs : Verdict::kOursFailed,
                  std::string(written.message()));
  }

  const LiteRtLimit* limit = FindLiteRtLimit(label);
  if (limit != nullptr) {
    absl::StatusOr<std::vector<RtTensor>> ours = (*interp)->Invoke(*subgraph, *inputs);
    return finish(Verdict::kLiteRtCannotRun, absl::StrCat("LiteRT.js cannot run: ", limit->reason),
                  ours.ok() ? "ours runs" : absl::StrCat("ours: ", ours.status().message().substr(0, 100)));
  }

  // LiteRT.js runs in node while our interpreter runs here.
  std::vector<std::string> argv = {"node", options.setup.run_litert, path, "--inputs", in_path, "--out", out_path};
  if (!key.empty()) {
    argv.push_back("--signature");
    argv.push_back(key);
  }
  absl::StatusOr<ChildProcess> node = ChildProcess::Start(argv, log_path);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<RtTensor>> ours = (*interp)->Invoke(*subgraph, *inputs);
  r.seconds_ours = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  absl::StatusOr<int> exit_code = node.ok() ? node->Wait(options.litert_timeout_seconds) : node.status();

  std::string litert_problem;
  std::vector<RtTensor> reference;
  if (!exit_code.ok()) {
    litert_problem = std::string(exit_code.status().message());
  } else if (*exit_code != 0) {
    litert_problem = LiteRtFailureReason(ReadText(log_path), path);
    if (litert_problem.empty()) litert_problem = absl::StrCat("exit code ", *exit_code);
  } else if (std::string why = LiteRtFailureReason(ReadText(log_path), path); !why.empty()) {
    // LiteRT.js may log an error (a failed prepare or invoke) and still exit 0 with stale outputs.
    litert_problem = why;
  } else {
    absl::StatusOr<std::vector<TensorSource>> parsed = ReadTensorFile(out_path);
    absl::StatusOr<std::vector<RtTensor>> tensors = parsed.ok() ? TensorsAsGiven(*parsed) : parsed.status();
    if (tensors.ok()) {
      reference = *std::move(tensors);
    } else {
      litert_problem = std::string(tensors.status().message());
    }
  }
  const std::string our_note =
      ours.ok() ? "ours runs" : absl::StrCat("ours: ", ours.status().message().substr(0, 100));
  if (!litert_problem.empty()) {
    return finish(Verdict::kLiteRtCannotRun, absl::StrCat("LiteRT.js cannot run: ", litert_problem), our_note);
  }
  if (!ours.ok()) {
    if (ours.status().code() == absl::StatusCode::kUnimplemented) {
      return finish(Verdict::kNotCovered, absl::StrCat("not covered: ", ours.status().message()));
    }
    return finish(Verdict::kOursFailed, absl::StrCat("our interpreter failed: ", ours.status().message()));
  }
  const OutputsDiff diff = CompareOutputs(*ours, reference);
  const KnownDifference* known = FindKnownDifference(label);
  if (diff.within_tolerance()) {
    return finish(Verdict::kMatch, known ? "match (its known-differences entry is no longer needed)" : "match",
                  diff.Summary());
  }
  if (known != nullptr && diff.problem.empty() && diff.max_lsb() <= known->max_lsb &&
      diff.max_abs() <= known->max_abs) {
    bool comparable = true;
    for (const OutputDiff& o : diff.outputs) comparable &= o.problem.empty();
    if (comparable) {
      return finish(Verdict::kKnownDifference, absl::StrCat("known difference: ", known->reason), diff.Summary());
    }
  }
  return finish(Verdict::kDiffers, known ? "differs beyond its known-differences bound" : "differs", diff.Summary());
}

// Table cells: no pipes or line breaks.
std::string Cell(const std::string& s) {
  return absl::StrReplaceAll(s, {{"|", "\\|"}, {"\n", " "}});
}

}  // namespace

absl::StatusOr<ValidatorSetup> FindValidators() {
  ValidatorSetup s;
  s.shared_dir = EnvOr("TFCONV_SHARED_DIR", "/work/shared");
  s.real_dir = s.shared_dir + "/testdata/real";
  s.run_litert = s.shared_dir + "/validators/run_litert.mjs";
  s.validators_dir = EnvOr("TFLITE_VALIDATORS_DIR", EnvOr("HOME", "/root") + "/.cache/tflite-validators");
  if (!Exists(s.real_dir)) return absl::NotFoundError(absl::StrCat("no real models in ", s.real_dir));
  if (!Exists(s.run_litert)) return absl::NotFoundError(absl::StrCat("no ", s.run_litert));
  if (!Exists(s.validators_dir + "/node_modules/@litertjs/core")) {
    return absl::NotFoundError(absl::StrCat("LiteRT.js is not installed in ", s.validators_dir,
                                            " (run ", s.shared_dir, "/validators/setup.sh)"));
  }
  if (!OnPath("node")) return absl::NotFoundError("node is not on PATH");
  setenv("TFLITE_VALIDATORS_DIR", s.validators_dir.c_str(), /*overwrite=*/1);
  return s;
}

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kMatch: return "match";
    case Verdict::kKnownDifference: return "known difference";
    case Verdict::kDiffers: return "differs";
    case Verdict::kOursFailed: return "ours failed";
    case Verdict::kNotCovered: return "not covered";
    case Verdict::kLiteRtCannotRun: return "LiteRT.js cannot run";
    case Verdict::kNoDefaultInputs: return "no default inputs";
  }
  return "?";
}

std::vector<ModelReport> CheckRealModel(const std::string& path, const CheckOptions& options) {
  std::string label = path;
  if (absl::StartsWith(label, options.setup.real_dir + "/")) label = label.substr(options.setup.real_dir.size() + 1);
  absl::StatusOr<TflModel> read = ReadModelFile(path);
  if (!read.ok()) {
    ModelReport r;
    r.model = label;
    r.verdict = Verdict::kOursFailed;
    r.result = absl::StrCat("cannot read: ", read.status().message());
    return {r};
  }
  auto model = std::make_shared<const TflModel>(*std::move(read));
  const std::string ops = absl::StrJoin(OpNames(*model, /*missing_only=*/false), ", ");
  const std::vector<std::string> missing = OpNames(*model, /*missing_only=*/true);
  if (!missing.empty()) {
    ModelReport r;
    r.model = label;
    r.ops = ops;
    r.verdict = Verdict::kNotCovered;
    r.result = absl::StrCat("not covered: ", absl::StrJoin(missing, ", "));
    return {r};
  }
  std::vector<std::string> keys = {""};
  if (model->signature_defs.size() > 1) {
    keys.clear();
    for (const TflSignatureDef& s : model->signature_defs) keys.push_back(s.signature_key);
  }
  std::vector<ModelReport> rows;
  for (size_t k = 0; k < keys.size(); ++k) {
    const std::string work = absl::StrCat(options.work_dir, "/", k);
    mkdir(options.work_dir.c_str(), 0755);
    mkdir(work.c_str(), 0755);
    const std::string row = keys[k].empty() ? label : absl::StrCat(label, " [", keys[k], "]");
    rows.push_back(CheckSignature(path, model, keys[k], row, ops, options, work));
  }
  return rows;
}

std::string MarkdownTable(const std::vector<ModelReport>& rows) {
  std::map<Verdict, int> counts;
  for (const ModelReport& r : rows) ++counts[r.verdict];
  std::vector<std::string> summary;
  for (const auto& [verdict, n] : counts) summary.push_back(absl::StrCat(n, " ", VerdictName(verdict)));
  std::string out = absl::StrCat(rows.size(), " model runs: ", absl::StrJoin(summary, ", "), ".\n\n");
  absl::StrAppend(&out, "| model | ops | result | max error |\n|---|---|---|---|\n");
  for (const ModelReport& r : rows) {
    absl::StrAppend(&out, "| ", Cell(r.model), " | ", Cell(r.ops), " | ", Cell(r.result), " | ", Cell(r.max_error),
                    " |\n");
  }
  return out;
}

}  // namespace tfconv
