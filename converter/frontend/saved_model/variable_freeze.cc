#include "converter/frontend/saved_model/variable_freeze.h"

#include <deque>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converter/frontend/saved_model/graphdef_refs.h"
#include "converter/frontend/tensor_proto.h"

namespace tfconv {
namespace {

using tensorflow::NodeDef;

#define TFCONV_TRY(expr)                   \
  do {                                     \
    absl::Status status_ = (expr);         \
    if (!status_.ok()) return status_;     \
  } while (0)

// Whether a concrete shape fits a declared one (unknown rank or dims match anything).
bool Fits(const PartialShape& declared, const std::vector<int64_t>& shape) {
  if (!declared.known_rank()) return true;
  if (declared.rank() != static_cast<int>(shape.size())) return false;
  for (int i = 0; i < declared.rank(); ++i) {
    if (declared.dim(i) >= 0 && declared.dim(i) != shape[i]) return false;
  }
  return true;
}

bool IsVariableNode(const NodeDef& n) {
  return n.op() == "VariableV2" || n.op() == "Variable" || n.op() == "VarHandleOp";
}

// Ops that change a variable or a resource: a model using them computes with state TFLite
// builtins cannot hold once the variable is a constant.
bool IsStateUpdate(const std::string& op) {
  for (const char* prefix : {"Assign", "Scatter", "ResourceScatter", "Apply", "SparseApply", "ResourceApply",
                             "ResourceSparseApply", "ResourceStridedSliceAssign", "CountUpTo", "DestroyResourceOp"}) {
    if (absl::StartsWith(op, prefix)) return true;
  }
  return false;
}

// A reason the converter cannot take this op yet, for the kinds of ops a SavedModel commonly
// carries beside its maths; empty for everything else (the lowering judges those).
std::string KnownLimit(const std::string& op) {
  static const std::set<std::string> kTables = {
      "HashTable", "HashTableV2", "MutableHashTable", "MutableHashTableV2", "MutableHashTableOfTensors",
      "MutableHashTableOfTensorsV2", "MutableDenseHashTable", "MutableDenseHashTableV2", "LookupTableFind",
      "LookupTableFindV2", "LookupTableImport", "LookupTableImportV2", "LookupTableInsert", "LookupTableInsertV2",
      "LookupTableSize", "LookupTableSizeV2", "InitializeTable", "InitializeTableV2", "InitializeTableFromTextFile",
      "InitializeTableFromTextFileV2", "AnonymousHashTable"};
  static const std::set<std::string> kStrings = {
      "ParseExample", "ParseExampleV2", "ParseSingleExample", "ParseSequenceExample", "ParseSequenceExampleV2",
      "DecodeJpeg", "DecodePng", "DecodeImage", "DecodeBmp", "DecodeGif", "DecodeRaw", "DecodeCSV", "StringJoin",
      "StringSplit", "StringSplitV2", "StringToNumber", "AsString", "RegexReplace", "StaticRegexReplace",
      "StaticRegexFullMatch", "RegexFullMatch", "Substr", "StringLength", "ReduceJoin", "StringFormat",
      "EncodeBase64", "DecodeBase64", "StringStrip", "StringLower", "StringUpper", "StringToHashBucket",
      "StringToHashBucketFast", "StringToHashBucketStrong", "UnicodeDecode", "UnicodeEncode", "ShardedFilename"};
  static const std::set<std::string> kControlFlow = {
      "Switch", "RefSwitch", "Merge", "RefMerge", "Enter", "RefEnter", "Exit", "RefExit", "NextIteration",
      "RefNextIteration", "LoopCond", "While", "StatelessWhile", "If", "StatelessIf", "Case", "StatelessCase"};
  if (kTables.count(op)) {
    return "hash tables (lookup tables) cannot be converted yet; compute the lookup outside the model";
  }
  if (kStrings.count(op)) {
    return "string processing has no TFLite builtin; feed the model the numeric tensors it computes from the "
           "strings (export a signature that starts after this op)";
  }
  if (kControlFlow.count(op)) return "control flow is not supported yet (it needs WHILE/IF subgraphs)";
  if (op == "PartitionedCall" || op == "StatefulPartitionedCall") {
    return "a function call is left after inlining (its function is missing from the library)";
  }
  return "";
}

std::string NodeDesc(const NodeDef& n) { return absl::StrCat("node '", n.name(), "' (", n.op(), ")"); }

// The string element `i` of a Const node's value.
bool ConstString(const NodeDef& n, int i, std::string& out) {
  if (n.op() != "Const") return false;
  auto it = n.attr().find("value");
  if (it == n.attr().end() || !it->second.has_tensor()) return false;
  const tensorflow::TensorProto& t = it->second.tensor();
  if (i < 0 || i >= t.string_val_size()) return false;
  out = t.string_val(i);
  return true;
}

class Freezer {
 public:
  Freezer(const tensorflow::GraphDef& graph, FreezeRequest& request, const std::string& source)
      : graph_(graph), index_(graph), request_(request), source_(source) {}

  absl::StatusOr<FrozenGraph> Run() {
    FindInitializers();
    TFCONV_TRY(PlanInputs());
    TFCONV_TRY(Reach());
    if (!errors_.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          source_, ": ", errors_.size() == 1 ? "a node" : absl::StrCat(errors_.size(), " nodes"),
          " cannot be converted:\n  ", absl::StrJoin(errors_, "\n  ")));
    }
    return Emit();
  }

 private:
  // Variable -> checkpoint key, from the restore ops the saver wrote (TF1 `save/Assign_k`, TF2
  // `AssignVariableOp` in the inlined restore function), and variable -> initializing Const.
  void FindInitializers() {
    for (const NodeDef& n : graph_.node()) {
      if ((n.op() != "Assign" && n.op() != "AssignVariableOp") || n.input_size() < 2) continue;
      NodeRef var = FollowForwarding(index_, ParseNodeRef(n.input(0)));
      NodeRef value = FollowForwarding(index_, ParseNodeRef(n.input(1)));
      const NodeDef* var_node = index_.Find(var.node);
      const NodeDef* value_node = index_.Find(value.node);
      if (var_node == nullptr || value_node == nullptr || !IsVariableNode(*var_node)) continue;
      if (value_node->op() == "RestoreV2" && value_node->input_size() >= 2) {
        const NodeDef* names = index_.Find(FollowForwarding(index_, ParseNodeRef(value_node->input(1))).node);
        std::string key;
        if (names != nullptr && ConstString(*names, value.index, key)) restored_key_[var_node->name()] = key;
      } else if (value_node->op() == "Const") {
        const_init_.emplace(var_node->name(), value_node);
      }
    }
  }

  // The checkpoint key of a variable node, or "" when the checkpoint does not hold it.
  std::string CheckpointKey(const NodeDef& var) const {
    if (request_.checkpoint == nullptr) return "";
    std::vector<std::string> candidates;
    if (auto it = restored_key_.find(var.name()); it != restored_key_.end()) candidates.push_back(it->second);
    if (auto it = var.attr().find("shared_name"); it != var.attr().end() && !it->second.s().empty()) {
      candidates.push_back(it->second.s());
    }
    candidates.push_back(var.name());
    for (const std::string& key : candidates) {
      if (request_.checkpoint->Has(key)) return key;
    }
    return "";
  }

  // Makes `var` frozen (once): its value from the checkpoint or its initializer.
  absl::Status FreezeVariable(const NodeDef& var) {
    if (frozen_.count(var.name())) return absl::OkStatus();
    const std::string key = CheckpointKey(var);
    Tensor value;
    if (!key.empty()) {
      absl::StatusOr<Tensor> t = request_.checkpoint->Read(key);
      if (!t.ok()) return t.status();
      value = *std::move(t);
    } else if (auto it = const_init_.find(var.name());
               it != const_init_.end() && !restored_key_.count(var.name())) {
      // Only a variable the saver does not restore takes its initializer's value: for one it
      // restores, the initializer is a training start value (often zeros), not the model's weight.
      tensorflow::TensorProto proto = it->second->attr().at("value").tensor();
      absl::StatusOr<Tensor> t = TensorFromProto(proto, TensorLimits{});
      if (!t.ok()) return absl::InvalidArgumentError(absl::StrCat(NodeDesc(*it->second), ": ", t.status().message()));
      value = *std::move(t);
    } else {
      errors_.push_back(absl::StrCat(
          "variable ", NodeDesc(var), ": no value: the checkpoint ",
          request_.checkpoint == nullptr ? "is missing (variables/variables.index)" : "has no entry for it",
          restored_key_.count(var.name()) ? absl::StrCat(" (restored from key '", restored_key_.at(var.name()), "')")
                                          : std::string(),
          " and no constant initializes it"));
      frozen_[var.name()] = Tensor();
      return absl::OkStatus();
    }
    // The graph's declaration must agree with the stored value.
    const auto dtype_attr = var.attr().find("dtype");
    if (dtype_attr != var.attr().end() &&
        DataTypeFromProto(dtype_attr->second.type()) != value.dtype()) {
      errors_.push_back(absl::StrCat("variable ", NodeDesc(var), " is declared ",
                                     DataTypeName(DataTypeFromProto(dtype_attr->second.type())),
                                     " but its stored value is ", DataTypeName(value.dtype())));
    }
    if (const auto shape_attr = var.attr().find("shape"); shape_attr != var.attr().end()) {
      absl::StatusOr<PartialShape> declared = ShapeFromProto(shape_attr->second.shape());
      if (declared.ok() && !Fits(*declared, value.shape())) {
        errors_.push_back(absl::StrCat("variable ", NodeDesc(var), " is declared with shape ", declared->ToString(),
                                       " but its stored value has shape [", absl::StrJoin(value.shape(), ","), "]"));
      }
    }
    frozen_[var.name()] = std::move(value);
    return absl::OkStatus();
  }

  // Marks what the outputs compute (data edges only: control edges carry initialization and
  // side effects that a frozen model does not need), freezing the variables read on the way.
  absl::Status Reach() {
    std::deque<std::string> queue;
    for (const auto& [tensor, name] : cut_) {
      // A kept Placeholder is reached as itself (signature inputs are part of the model even unused).
      if (kept_placeholders_.count(name)) reached_.insert(name);
    }
    for (const std::string& out : request_.outputs) {
      if (index_.Find(out) == nullptr) {
        return absl::InternalError(absl::StrCat(source_, ": output node '", out, "' is missing"));
      }
      if (reached_.insert(out).second) queue.push_back(out);
    }
    while (!queue.empty()) {
      const NodeDef& n = *index_.Find(queue.front());
      queue.pop_front();
      if (std::string why = KnownLimit(n.op()); !why.empty()) {
        errors_.push_back(absl::StrCat(NodeDesc(n), ": ", why));
        continue;
      }
      if (IsStateUpdate(n.op())) {
        std::string var;
        if (n.input_size() > 0) var = FollowForwarding(index_, ParseNodeRef(n.input(0))).node;
        errors_.push_back(absl::StrCat(NodeDesc(n), " updates ", var.empty() ? "state" : "variable '" + var + "'",
                                       ": a model that changes its variables cannot be frozen into constants; "
                                       "export a signature that only reads them"));
        continue;
      }
      const bool is_read = n.op() == "ReadVariableOp" || n.op() == "ResourceGather";
      for (int i = 0; i < n.input_size(); ++i) {
        NodeRef ref = ParseNodeRef(n.input(i));
        if (!ref.valid) {
          return absl::InvalidArgumentError(absl::StrCat(source_, ": ", NodeDesc(n), ": malformed input '",
                                                         n.input(i), "'"));
        }
        if (ref.control) continue;
        if (auto cut = cut_.find(TensorRef(ref.node, ref.index)); cut != cut_.end()) {
          used_cuts_.insert(cut->first);
          continue;  // a signature input: what computes it is not needed
        }
        const NodeDef* in = index_.Find(ref.node);
        if (in == nullptr) {
          return absl::InvalidArgumentError(absl::StrCat(source_, ": ", NodeDesc(n), ": input '", n.input(i),
                                                         "' names a missing node"));
        }
        const NodeDef* var = index_.Find(FollowForwarding(index_, ref).node);
        if (var != nullptr && var->op() == "VarHandleOp") {
          if (!(is_read && i == 0)) {
            errors_.push_back(absl::StrCat(NodeDesc(n), " uses variable '", var->name(),
                                           "' as a resource; only reads (ReadVariableOp, ResourceGather) can be "
                                           "frozen into constants"));
            continue;
          }
          TFCONV_TRY(FreezeVariable(*var));
          continue;  // the read becomes a constant: nothing behind it is needed
        }
        if (var != nullptr && (var->op() == "VariableV2" || var->op() == "Variable")) {
          TFCONV_TRY(FreezeVariable(*var));
          reached_.insert(var->name());  // kept, as a Const
          if (var->name() != ref.node && reached_.insert(ref.node).second) queue.push_back(ref.node);
          continue;
        }
        if (reached_.insert(ref.node).second) queue.push_back(ref.node);
      }
    }
    return absl::OkStatus();
  }

  // Where each signature input cuts the graph: a Placeholder already there stays; any other tensor
  // is replaced by a new Placeholder with the signature's dtype and shape.
  absl::Status PlanInputs() {
    std::set<std::string> taken;
    for (FreezeInput& in : request_.inputs) {
      NodeRef ref = ParseNodeRef(in.tensor);
      const NodeDef* node = ref.valid && !ref.control ? index_.Find(ref.node) : nullptr;
      if (node == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(source_, ": input tensor '", in.tensor, "' is not in the graph"));
      }
      const std::string key = TensorRef(ref.node, ref.index);
      if (ref.index == 0 && node->op() == "Placeholder") {
        in.placeholder = node->name();
        kept_placeholders_.insert(node->name());
      } else {
        std::string name = ref.index == 0 ? node->name() : absl::StrCat(node->name(), "_", ref.index);
        for (int i = 1; (name != node->name() && index_.Find(name) != nullptr) || taken.count(name); ++i) {
          name = absl::StrCat(node->name(), "_", ref.index, "_", i);
        }
        in.placeholder = name;
        new_placeholders_.push_back(&in);
      }
      taken.insert(in.placeholder);
      cut_[key] = in.placeholder;
    }
    return absl::OkStatus();
  }

  static void SetConst(NodeDef& n, const std::string& name, const Tensor& value) {
    n.Clear();
    n.set_name(name);
    n.set_op("Const");
    (*n.mutable_attr())["dtype"].set_type(static_cast<tensorflow::DataType>(value.dtype()));
    // A placeholder scalar: the value itself travels beside the GraphDef (no copy of the weight).
    tensorflow::TensorProto& t = *(*n.mutable_attr())["value"].mutable_tensor();
    t.set_dtype(static_cast<tensorflow::DataType>(value.dtype()));
    t.mutable_tensor_shape();
  }

  absl::StatusOr<FrozenGraph> Emit() {
    FrozenGraph out;
    *out.graph.mutable_versions() = graph_.versions();
    for (const FreezeInput* in : new_placeholders_) {
      NodeDef& p = *out.graph.add_node();
      p.set_name(in->placeholder);
      p.set_op("Placeholder");
      (*p.mutable_attr())["dtype"].set_type(static_cast<tensorflow::DataType>(in->dtype));
      *(*p.mutable_attr())["shape"].mutable_shape() = in->shape;
    }
    std::set<std::string> replaced;
    for (const FreezeInput* in : new_placeholders_) replaced.insert(in->placeholder);
    for (const NodeDef& n : graph_.node()) {
      if (!reached_.count(n.name()) || replaced.count(n.name())) continue;
      NodeDef& copy = *out.graph.add_node();
      if (IsVariableNode(n)) {
        SetConst(copy, n.name(), frozen_.at(n.name()));
        out.variable_values[n.name()] = frozen_.at(n.name());
        continue;
      }
      copy = n;
      copy.clear_device();
      if (n.op() == "ReadVariableOp" || n.op() == "ResourceGather") {
        const NodeDef* var = index_.Find(FollowForwarding(index_, ParseNodeRef(n.input(0))).node);
        if (var == nullptr || !frozen_.count(var->name())) continue;  // reported already
        const Tensor& value = frozen_.at(var->name());
        const std::string value_node = absl::StrCat(var->name(), "/frozen_value");
        if (!out.variable_values.count(value_node)) {
          NodeDef& c = *out.graph.add_node();
          SetConst(c, value_node, value);
          out.variable_values[value_node] = value;
        }
        if (n.op() == "ReadVariableOp") {
          copy.set_op("Identity");
          copy.clear_input();
          copy.add_input(value_node);
          copy.mutable_attr()->clear();
          (*copy.mutable_attr())["T"].set_type(static_cast<tensorflow::DataType>(value.dtype()));
        } else {
          // ResourceGather(resource, indices) == GatherV2(value, indices, axis 0).
          const std::string indices = n.input(1);
          const std::string axis = absl::StrCat(n.name(), "/axis");
          NodeDef& a = *out.graph.add_node();
          a.set_name(axis);
          a.set_op("Const");
          (*a.mutable_attr())["dtype"].set_type(tensorflow::DT_INT32);
          tensorflow::TensorProto& at = *(*a.mutable_attr())["value"].mutable_tensor();
          at.set_dtype(tensorflow::DT_INT32);
          at.add_int_val(0);
          const auto& old_attr = n.attr();
          copy.set_op("GatherV2");
          copy.clear_input();
          copy.add_input(value_node);
          copy.add_input(indices);
          copy.add_input(axis);
          copy.mutable_attr()->clear();
          auto& attr = *copy.mutable_attr();
          attr["Tparams"].set_type(static_cast<tensorflow::DataType>(value.dtype()));
          attr["Tindices"] = old_attr.count("Tindices") ? old_attr.at("Tindices") : tensorflow::AttrValue();
          attr["Taxis"].set_type(tensorflow::DT_INT32);
          attr["batch_dims"].set_i(old_attr.count("batch_dims") ? old_attr.at("batch_dims").i() : 0);
        }
      }
      // Control inputs to nodes that are not kept go; reads of a signature input read its Placeholder.
      auto* inputs = copy.mutable_input();
      for (int i = inputs->size() - 1; i >= 0; --i) {
        NodeRef ref = ParseNodeRef(inputs->Get(i));
        if (ref.control) {
          if (!reached_.count(ref.node) || replaced.count(ref.node)) inputs->DeleteSubrange(i, 1);
          continue;
        }
        if (auto cut = cut_.find(TensorRef(ref.node, ref.index)); cut != cut_.end()) *inputs->Mutable(i) = cut->second;
      }
    }
    return out;
  }

  const tensorflow::GraphDef& graph_;
  NodeIndex index_;
  FreezeRequest& request_;
  std::string source_;
  std::map<std::string, std::string> cut_;  // signature input tensor -> its Placeholder
  std::set<std::string> used_cuts_;
  std::set<std::string> kept_placeholders_;
  std::vector<const FreezeInput*> new_placeholders_;
  absl::flat_hash_map<std::string, std::string> restored_key_;
  absl::flat_hash_map<std::string, const NodeDef*> const_init_;
  std::map<std::string, Tensor> frozen_;
  std::set<std::string> reached_;
  std::vector<std::string> errors_;
};

}  // namespace

absl::StatusOr<FrozenGraph> FreezeSignature(const tensorflow::GraphDef& graph, FreezeRequest& request,
                                            const std::string& source_name) {
  return Freezer(graph, request, source_name).Run();
}

absl::Status EmbedVariableValues(FrozenGraph& frozen) {
  for (tensorflow::NodeDef& n : *frozen.graph.mutable_node()) {
    auto it = frozen.variable_values.find(n.name());
    if (it == frozen.variable_values.end()) continue;
    const Tensor& v = it->second;
    tensorflow::TensorProto& t = *(*n.mutable_attr())["value"].mutable_tensor();
    t.Clear();
    t.set_dtype(static_cast<tensorflow::DataType>(v.dtype()));
    for (int64_t d : v.shape()) t.mutable_tensor_shape()->add_dim()->set_size(d);
    if (v.dtype() == DataType::kString) {
      for (const std::string& s : v.strings()) t.add_string_val(s);
    } else {
      t.set_tensor_content(reinterpret_cast<const char*>(v.bytes().data()), v.bytes().size());
    }
  }
  return absl::OkStatus();
}

}  // namespace tfconv
