#include "quantization/calibration/representative_dataset.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {
namespace {

namespace fs = std::filesystem;
using T = tflite::TensorType;

struct InputSpec {
  std::string name;                // the TFLite tensor name, for messages
  std::vector<std::string> names;  // every name a sample may give it by
  T type = T::FLOAT32;
  std::vector<int32_t> expected;   // -1: any size
  std::vector<int32_t> shape;      // the static shape (for JSON data without a shape)
};

// '/' and ':' cannot be in a file name: "serving_default_x:0" may be given as serving_default_x_0.npy.
std::string FileSafe(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
  }
  return out;
}

std::vector<InputSpec> InputsOf(const TflModel& model, int subgraph) {
  const TflSubgraph& g = model.subgraphs[subgraph];
  std::vector<InputSpec> inputs;
  for (int32_t index : g.inputs) {
    const TflTensor& t = g.tensors[index];
    InputSpec spec;
    spec.name = t.name;
    spec.names.push_back(t.name);
    for (const TflSignatureDef& sig : model.signature_defs) {
      if (static_cast<int>(sig.subgraph_index) != subgraph) continue;
      for (const auto& [key, tensor] : sig.inputs) {
        if (static_cast<int32_t>(tensor) == index) spec.names.push_back(key);
      }
    }
    const size_t given = spec.names.size();
    for (size_t k = 0; k < given; ++k) {
      std::string safe = FileSafe(spec.names[k]);
      if (std::find(spec.names.begin(), spec.names.end(), safe) == spec.names.end()) spec.names.push_back(safe);
    }
    spec.type = t.type;
    spec.expected = t.shape_signature.empty() ? t.shape : t.shape_signature;
    spec.shape = t.shape;
    inputs.push_back(std::move(spec));
  }
  return inputs;
}

// As MatchSources compares names: "x" and "x:0" are the same tensor.
bool SameTensorName(absl::string_view a, absl::string_view b) {
  auto strip = [](absl::string_view s) { return absl::EndsWith(s, ":0") ? s.substr(0, s.size() - 2) : s; };
  return a == b || strip(a) == strip(b);
}

std::string Describe(const InputSpec& in) {
  return absl::StrCat(DtypeName(in.type), " ", ShapeString(in.expected));
}

std::string InputList(const std::vector<InputSpec>& inputs) {
  std::vector<std::string> parts;
  for (const InputSpec& in : inputs) parts.push_back(absl::StrCat("'", in.name, "' ", Describe(in)));
  return absl::StrJoin(parts, ", ");
}

bool Fits(const std::vector<int32_t>& expected, const std::vector<int32_t>& got) {
  if (expected.size() != got.size()) return false;
  for (size_t d = 0; d < got.size(); ++d) {
    if (expected[d] >= 0 && expected[d] != got[d]) return false;
  }
  return true;
}

std::string DtypeHint(T given, T expected) {
  if (given == T::FLOAT64 && expected == T::FLOAT32) {
    return " (numpy arrays are float64 by default: save them with x.astype(np.float32))";
  }
  return "";
}

absl::Status SampleError(const std::string& label, const InputSpec& in, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(label, ", input '", in.name, "': ", what));
}

// One sample from the tensors a file or folder gives for it.
absl::StatusOr<std::vector<RtTensor>> SampleFromSources(const std::vector<InputSpec>& inputs,
                                                        const std::vector<TensorSource>& given,
                                                        const std::string& label, bool files_named) {
  std::vector<std::vector<std::string>> names;
  for (const InputSpec& in : inputs) names.push_back(in.names);
  // Files of a sample folder are named after inputs: a file naming none must not feed one by position.
  if (files_named) {
    for (const TensorSource& s : given) {
      bool known = false;
      for (const InputSpec& in : inputs) {
        for (const std::string& n : in.names) known |= SameTensorName(n, s.name);
      }
      if (!known) {
        return absl::InvalidArgumentError(absl::StrCat(
            label, ": ", s.origin, " names '", s.name, "', which is no input of the model; name each file after its "
            "input (", absl::StrJoin(inputs, ", ", [](std::string* out, const InputSpec& in) {
              absl::StrAppend(out, FileSafe(in.name), ".npy");
            }), ")"));
      }
    }
  }
  absl::StatusOr<std::vector<const TensorSource*>> chosen = MatchSources(names, given);
  if (!chosen.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(label, ": ", chosen.status().message(),
                                                   "; the model's inputs: ", InputList(inputs)));
  }
  std::vector<RtTensor> sample;
  for (size_t k = 0; k < inputs.size(); ++k) {
    const InputSpec& in = inputs[k];
    const TensorSource* source = (*chosen)[k];
    if (source == nullptr) {
      return SampleError(label, in,
                         absl::StrCat("missing: the sample gives ", given.size(), " tensor(s), the model takes ",
                                      inputs.size(), " (", InputList(inputs), ")",
                                      files_named ? absl::StrCat("; add ", FileSafe(in.name), ".npy") : ""));
    }
    if (!source->numbers && !source->strings && !source->tensor && !source->raw) {
      return SampleError(label, in, absl::StrCat(source->origin, " gives no \"data\""));
    }
    const std::optional<T> given_type = source->tensor ? std::optional<T>(source->tensor->type()) : source->type;
    if (given_type.has_value() && *given_type != in.type) {
      return SampleError(label, in,
                         absl::StrCat("dtype ", DtypeName(*given_type), " given (", source->origin,
                                      "), the model expects ", Describe(in), DtypeHint(*given_type, in.type)));
    }
    absl::StatusOr<RtTensor> value = TensorFromSource(*source, in.type, in.shape);
    if (!value.ok()) return SampleError(label, in, value.status().message());
    if (!Fits(in.expected, value->shape())) {
      return SampleError(label, in,
                         absl::StrCat("shape ", ShapeString(value->shape()), " given (", source->origin,
                                      "), the model expects ", Describe(in),
                                      absl::c_linear_search(in.expected, -1) ? " (-1: any size)" : ""));
    }
    value->set_name(in.name);
    sample.push_back(*std::move(value));
  }
  return sample;
}

absl::StatusOr<std::string> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading ", path));
  return buffer.str();
}

absl::Status EmptyDataset(const std::string& path, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(
      path, ": the representative dataset is empty (", what,
      "); calibration needs at least one sample (a few hundred is usual)"));
}

// The visible entries of a folder, in byte order of their names.
absl::StatusOr<std::vector<fs::directory_entry>> ListFolder(const std::string& path) {
  std::error_code ec;
  fs::directory_iterator it(path, ec);
  if (ec) return absl::NotFoundError(absl::StrCat("cannot list ", path, ": ", ec.message()));
  std::vector<fs::directory_entry> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) return absl::DataLossError(absl::StrCat("cannot list ", path, ": ", ec.message()));
    if (absl::StartsWith(it->path().filename().string(), ".")) continue;
    entries.push_back(*it);
  }
  std::sort(entries.begin(), entries.end(), [](const fs::directory_entry& a, const fs::directory_entry& b) {
    return a.path().filename().string() < b.path().filename().string();
  });
  return entries;
}

bool HasExtension(const fs::path& p, absl::string_view ext) {
  return absl::EndsWith(absl::AsciiStrToLower(p.filename().string()), ext);
}

absl::StatusOr<std::vector<std::vector<RtTensor>>> ReadFolder(const std::string& path,
                                                              const std::vector<InputSpec>& inputs) {
  absl::StatusOr<std::vector<fs::directory_entry>> entries = ListFolder(path);
  if (!entries.ok()) return entries.status();
  std::vector<fs::path> npy, json, folders;
  for (const fs::directory_entry& e : *entries) {
    std::error_code ec;
    if (e.is_directory(ec)) {
      folders.push_back(e.path());
    } else if (HasExtension(e.path(), ".npy")) {
      npy.push_back(e.path());
    } else if (HasExtension(e.path(), ".json")) {
      json.push_back(e.path());
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": unexpected file '", e.path().filename().string(),
          "' in the representative dataset; it holds .npy files, .json files or one sub-folder per sample"));
    }
  }
  const int kinds = !npy.empty() + !json.empty() + !folders.empty();
  if (kinds == 0) return EmptyDataset(path, "no .npy or .json files and no sample folders");
  if (kinds > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": mixes ", npy.empty() ? "" : ".npy files ", json.empty() ? "" : ".json files ",
        folders.empty() ? "" : "sub-folders ",
        "; a representative dataset folder holds one kind: .npy files (one sample each, one-input models), "
        ".json files (one sample each) or sub-folders (one sample each, holding <input name>.npy)"));
  }
  std::vector<std::vector<RtTensor>> samples;
  if (!npy.empty()) {
    if (inputs.size() != 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": holds .npy files, one sample per file, which fits a model with one input; the model has ",
          inputs.size(), " (", InputList(inputs),
          "): put each sample in its own sub-folder holding one <input name>.npy per input"));
    }
    for (size_t k = 0; k < npy.size(); ++k) {
      absl::StatusOr<std::vector<TensorSource>> sources = ReadTensorFile(npy[k].string());
      if (!sources.ok()) return sources.status();
      absl::StatusOr<std::vector<RtTensor>> sample =
          SampleFromSources(inputs, *sources, absl::StrCat("sample ", k, " (", npy[k].string(), ")"), false);
      if (!sample.ok()) return sample.status();
      samples.push_back(*std::move(sample));
    }
    return samples;
  }
  if (!json.empty()) {
    for (size_t k = 0; k < json.size(); ++k) {
      absl::StatusOr<std::vector<TensorSource>> sources = ReadTensorFile(json[k].string());
      if (!sources.ok()) return sources.status();
      absl::StatusOr<std::vector<RtTensor>> sample =
          SampleFromSources(inputs, *sources, absl::StrCat("sample ", k, " (", json[k].string(), ")"), false);
      if (!sample.ok()) return sample.status();
      samples.push_back(*std::move(sample));
    }
    return samples;
  }
  for (size_t k = 0; k < folders.size(); ++k) {
    const std::string folder = folders[k].string();
    const std::string label = absl::StrCat("sample ", k, " (", folder, "/)");
    absl::StatusOr<std::vector<fs::directory_entry>> files = ListFolder(folder);
    if (!files.ok()) return files.status();
    if (files->empty()) {
      return absl::InvalidArgumentError(absl::StrCat(label, ": the sample folder is empty; it should hold ",
                                                     absl::StrJoin(inputs, ", ", [](std::string* out, const InputSpec& in) {
                                                       absl::StrAppend(out, FileSafe(in.name), ".npy");
                                                     })));
    }
    std::vector<TensorSource> sources;
    for (const fs::directory_entry& f : *files) {
      std::error_code ec;
      if (f.is_directory(ec) || !HasExtension(f.path(), ".npy")) {
        return absl::InvalidArgumentError(absl::StrCat(label, ": unexpected '", f.path().filename().string(),
                                                       "'; a sample folder holds one <input name>.npy per input"));
      }
      absl::StatusOr<std::vector<TensorSource>> read = ReadTensorFile(f.path().string());
      if (!read.ok()) return read.status();
      for (TensorSource& s : *read) {
        const std::string file = f.path().filename().string();
        s.name = file.substr(0, file.size() - 4);
        sources.push_back(std::move(s));
      }
    }
    absl::StatusOr<std::vector<RtTensor>> sample = SampleFromSources(inputs, sources, label, true);
    if (!sample.ok()) return sample.status();
    samples.push_back(*std::move(sample));
  }
  return samples;
}

absl::StatusOr<std::vector<std::vector<RtTensor>>> ReadJsonList(const std::string& path,
                                                                const std::vector<InputSpec>& inputs) {
  absl::StatusOr<std::string> bytes = ReadBytes(path);
  if (!bytes.ok()) return bytes.status();
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not valid JSON"));
  }
  if (!doc.is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": a representative dataset .json file holds a list of samples [sample, ...], each in the shared "
              "tensor form ([{name, shape, dtype, data}] or {name: {shape, dtype, data}})"));
  }
  if (doc.empty()) return EmptyDataset(path, "an empty list");
  std::vector<std::vector<RtTensor>> samples;
  for (size_t k = 0; k < doc.size(); ++k) {
    const std::string label = absl::StrCat(path, " sample ", k);
    nlohmann::ordered_json element = doc[k];
    // A single tensor object (it has "data" that is no tensor of its own): a one-input sample.
    if (element.is_object() && element.contains("data") && !element["data"].is_object()) {
      element = nlohmann::ordered_json::array({element});
    }
    if (!element.is_array() && !element.is_object()) {
      return absl::InvalidArgumentError(absl::StrCat(
          label, ": expected a sample: a list [{name, shape, dtype, data}], a map {name: {shape, dtype, data}} or "
                 "one tensor {name, shape, dtype, data}"));
    }
    absl::StatusOr<std::vector<TensorSource>> sources = ParseTensorsJson(element.dump(), label);
    if (!sources.ok()) return sources.status();
    absl::StatusOr<std::vector<RtTensor>> sample = SampleFromSources(inputs, *sources, label, false);
    if (!sample.ok()) return sample.status();
    samples.push_back(*std::move(sample));
  }
  return samples;
}

absl::StatusOr<std::vector<std::vector<RtTensor>>> ReadNpyStack(const std::string& path,
                                                                const std::vector<InputSpec>& inputs) {
  if (inputs.size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": one .npy file is a stack of samples for a model with one input; the model has ", inputs.size(),
        " (", InputList(inputs), "): give a folder with one sub-folder per sample, or a .json file"));
  }
  const InputSpec& in = inputs[0];
  absl::StatusOr<std::string> bytes = ReadBytes(path);
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<RtTensor> stack = ParseNpy(*bytes, path);
  if (!stack.ok()) return stack.status();
  if (stack->type() != in.type) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": dtype ", DtypeName(stack->type()), ", but input '",
                                                   in.name, "' is ", Describe(in), DtypeHint(stack->type(), in.type)));
  }
  const int size = TfliteTypeSize(in.type);
  const std::vector<int32_t>& a = stack->shape();
  const size_t r = in.expected.size();
  std::optional<std::vector<int32_t>> sample_shape;
  if (size > 0 && a.size() == r + 1) {
    std::vector<int32_t> rest(a.begin() + 1, a.end());
    if (Fits(in.expected, rest)) sample_shape = rest;
  }
  const bool leading_one = r >= 1 && (in.expected[0] == 1 || in.expected[0] == -1);
  if (!sample_shape && size > 0 && leading_one && a.size() == r) {
    std::vector<int32_t> one = a;
    one[0] = 1;
    if (Fits(in.expected, one)) sample_shape = one;
  }
  if (!sample_shape) {
    std::vector<int32_t> stacked = in.expected;
    stacked.insert(stacked.begin(), -1);
    std::string alternative;
    if (leading_one) {
      std::vector<int32_t> rows = in.expected;
      rows[0] = -1;
      alternative = absl::StrCat(" or ", ShapeString(rows));
    }
    return absl::InvalidArgumentError(absl::StrCat(path, ": shape ", ShapeString(a),
                                                   " is no stack of samples for input '", in.name, "' ", Describe(in),
                                                   "; it should be ", ShapeString(stacked), alternative,
                                                   " (-1: the number of samples)"));
  }
  if (a.empty() || a[0] == 0) return EmptyDataset(path, "the stack holds 0 samples");
  const size_t per_sample = static_cast<size_t>(NumElementsOf(*sample_shape)) * size;
  std::vector<std::vector<RtTensor>> samples;
  for (int32_t k = 0; k < a[0]; ++k) {
    RtTensor t = RtTensor::Make(in.type, {});
    t.SetBytes(*sample_shape, stack->raw() + per_sample * k, per_sample);
    t.set_name(in.name);
    std::vector<RtTensor> sample;
    sample.push_back(std::move(t));
    samples.push_back(std::move(sample));
  }
  return samples;
}

}  // namespace

absl::StatusOr<std::vector<std::vector<RtTensor>>> ReadRepresentativeDataset(const std::string& path,
                                                                             const TflModel& model, int subgraph) {
  if (subgraph < 0 || subgraph >= static_cast<int>(model.subgraphs.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("representative dataset: no subgraph ", subgraph, "; the model has ", model.subgraphs.size()));
  }
  const std::vector<InputSpec> inputs = InputsOf(model, subgraph);
  if (inputs.empty()) {
    return absl::InvalidArgumentError("the model has no inputs, so a representative dataset has nothing to feed");
  }
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    return absl::NotFoundError(absl::StrCat("representative dataset ", path, " does not exist"));
  }
  if (fs::is_directory(st)) return ReadFolder(path, inputs);
  const std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".json")) return ReadJsonList(path, inputs);
  if (absl::EndsWith(lower, ".npy")) return ReadNpyStack(path, inputs);
  return absl::InvalidArgumentError(absl::StrCat(
      path, ": a representative dataset is a folder (of .npy files, .json files or sample sub-folders), a .json "
            "file (a list of samples) or a .npy file (a stack of samples)"));
}

}  // namespace tfconv
