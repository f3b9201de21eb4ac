#include "converter/frontend/saved_model/saved_model_loader.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <set>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converter/frontend/functions/function_inline.h"
#include "converter/frontend/functions/strip_noops.h"
#include "converter/frontend/saved_model/graphdef_refs.h"
#include "converter/frontend/saved_model/saved_model_read.h"

namespace tfconv {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

int CountFiles(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return 0;
  int n = 0;
  while (dirent* e = readdir(d)) {
    if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") ++n;
  }
  closedir(d);
  return n;
}

// Signature entries in key order (proto maps have none of their own).
template <typename Map>
std::vector<std::pair<std::string, const tensorflow::TensorInfo*>> Sorted(const Map& map) {
  std::vector<std::pair<std::string, const tensorflow::TensorInfo*>> v;
  for (const auto& [k, info] : map) v.emplace_back(k, &info);
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return v;
}

absl::Status CheckDense(const std::string& where, const tensorflow::TensorInfo& info) {
  if (info.encoding_case() != tensorflow::TensorInfo::kName || info.name().empty()) {
    return absl::UnimplementedError(absl::StrCat(where, " is a sparse or composite tensor; only dense tensors can be "
                                                 "converted"));
  }
  return absl::OkStatus();
}

std::string UniqueName(const NodeIndex& index, absl::flat_hash_set<std::string>& taken, const std::string& base) {
  std::string name = base;
  for (int i = 1; index.Find(name) != nullptr || taken.count(name); ++i) name = absl::StrCat(base, "_", i);
  taken.insert(name);
  return name;
}

}  // namespace

absl::StatusOr<LoadedSavedModel> LoadSavedModel(const SavedModelOptions& options) {
  const std::string& dir = options.dir;
  absl::StatusOr<tensorflow::SavedModel> model = ReadSavedModelProto(dir);
  if (!model.ok()) return model.status();
  absl::StatusOr<int> meta_index = SelectMetaGraph(*model, options.tags, dir);
  if (!meta_index.ok()) return meta_index.status();
  tensorflow::MetaGraphDef& meta = *model->mutable_meta_graphs(*meta_index);

  std::vector<std::string> keys = SignatureKeys(meta);
  if (!options.signature_keys.empty()) {
    for (const std::string& k : options.signature_keys) {
      if (!meta.signature_def().count(k)) {
        return absl::NotFoundError(absl::StrCat(dir, ": no signature '", k, "'; the model has ",
                                                keys.empty() ? "none" : absl::StrJoin(keys, ", ")));
      }
    }
    keys = options.signature_keys;
  }
  if (keys.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        dir, ": the MetaGraphDef has no signatures, so the model's inputs and outputs are unknown; export it with a "
             "signature (or freeze it and use --graph_def_file with --input_arrays/--output_arrays)"));
  }

  LoadedSavedModel loaded;
  const std::string assets = dir + "/assets";
  if (int n = CountFiles(assets); n > 0) {
    loaded.warnings.push_back(absl::StrCat(dir, ": ", n, n == 1 ? " file" : " files",
                                           " in assets/ not carried into the .tflite (the converted graph does "
                                           "not read them)"));
  }
  const std::string prefix = dir + "/variables/variables";
  if (Exists(prefix + ".index")) {
    absl::StatusOr<std::unique_ptr<CheckpointReader>> reader = CheckpointReader::Open(prefix);
    if (!reader.ok()) return reader.status();
    loaded.checkpoint = std::move(*reader);
  }

  // One Identity per signature output, so each output has a node of its own that survives inlining
  // (TF2 signatures name the outputs of a call node, which inlining removes).
  tensorflow::GraphDef graph = std::move(*meta.mutable_graph_def());
  std::vector<SavedModelSignature> signatures;
  {
    NodeIndex index(graph);
    absl::flat_hash_set<std::string> taken;
    for (const std::string& key : keys) {
      const tensorflow::SignatureDef& def = meta.signature_def().at(key);
      SavedModelSignature sig;
      sig.key = key;
      for (const auto& [k, info] : Sorted(def.inputs())) {
        const std::string where = absl::StrCat(dir, ": signature '", key, "' input '", k, "'");
        if (absl::Status s = CheckDense(where, *info); !s.ok()) return s;
        NodeRef ref = ParseNodeRef(info->name());
        if (!ref.valid || ref.control || index.Find(ref.node) == nullptr) {
          return absl::InvalidArgumentError(absl::StrCat(where, " names '", info->name(), "', which the graph lacks"));
        }
        sig.inputs.push_back({k, info->name(), TensorRef(ref.node, ref.index)});
      }
      for (const auto& [k, info] : Sorted(def.outputs())) {
        const std::string where = absl::StrCat(dir, ": signature '", key, "' output '", k, "'");
        if (absl::Status s = CheckDense(where, *info); !s.ok()) return s;
        NodeRef ref = ParseNodeRef(info->name());
        const tensorflow::NodeDef* producer = ref.valid && !ref.control ? index.Find(ref.node) : nullptr;
        if (producer == nullptr) {
          return absl::InvalidArgumentError(absl::StrCat(where, " names '", info->name(), "', which the graph lacks"));
        }
        const std::string node = UniqueName(index, taken, absl::StrCat("signature/", key, "/", k));
        tensorflow::NodeDef* id = graph.add_node();
        id->set_name(node);
        id->set_op("Identity");
        id->add_input(TensorRef(ref.node, ref.index));
        if (info->dtype() != tensorflow::DT_INVALID) (*id->mutable_attr())["T"].set_type(info->dtype());
        sig.outputs.push_back({k, info->name(), node});
      }
      if (sig.outputs.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(dir, ": signature '", key, "' has no outputs"));
      }
      signatures.push_back(std::move(sig));
    }
  }

  InlineOptions inline_options;
  inline_options.op_defs = meta.meta_info_def().stripped_op_list();
  if (absl::Status s = InlineFunctionCalls(graph, dir, inline_options); !s.ok()) return s;

  std::vector<std::string> failures;
  std::vector<std::string> converted;
  for (SavedModelSignature& sig : signatures) {
    FreezeRequest request;
    request.checkpoint = loaded.checkpoint.get();
    const tensorflow::SignatureDef& def = meta.signature_def().at(sig.key);
    for (const SignatureTensor& t : sig.inputs) {
      const tensorflow::TensorInfo& info = def.inputs().at(t.key);
      request.inputs.push_back({info.name(), info.dtype(), info.tensor_shape(), ""});
    }
    for (const SignatureTensor& t : sig.outputs) request.outputs.push_back(t.graph_ref);
    absl::StatusOr<FrozenGraph> frozen =
        FreezeSignature(graph, request, absl::StrCat(dir, ": signature '", sig.key, "'"));
    if (!frozen.ok()) {
      if (frozen.status().code() != absl::StatusCode::kFailedPrecondition) return frozen.status();
      failures.push_back(std::string(frozen.status().message()));
      continue;
    }
    for (size_t i = 0; i < sig.inputs.size(); ++i) sig.inputs[i].graph_ref = request.inputs[i].placeholder;
    StripOptions strip;
    strip.strip_asserts = options.strip_asserts;
    for (const SignatureTensor& t : sig.inputs) strip.keep.push_back(ParseNodeRef(t.graph_ref).node);
    for (const SignatureTensor& t : sig.outputs) strip.keep.push_back(t.graph_ref);
    if (absl::Status s = StripInferenceNoOps(frozen->graph, dir, strip); !s.ok()) return s;
    sig.frozen = *std::move(frozen);
    converted.push_back(sig.key);
    loaded.signatures.push_back(std::move(sig));
  }
  if (!failures.empty()) {
    std::string hint;
    if (!converted.empty() && options.signature_keys.empty()) {
      hint = absl::StrCat("\n(these signatures can be converted on their own: --saved_model_signature_key=",
                          absl::StrJoin(converted, ","), ")");
    }
    return absl::FailedPreconditionError(absl::StrCat(absl::StrJoin(failures, "\n"), hint));
  }
  return loaded;
}

}  // namespace tfconv
