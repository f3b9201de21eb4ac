#include "converter/frontend/checkpoint/synthetic_saved_model.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/frontend/checkpoint/checkpoint_writer.h"
#include "converter/proto/variable.pb.h"
#include "google/protobuf/text_format.h"

namespace tfconv {
namespace {

using tensorflow::AttrValue;
using tensorflow::DataType;
using tensorflow::GraphDef;
using tensorflow::NodeDef;
using tensorflow::TensorShapeProto;

// TF's array_ops.zeros builds a Const below this many elements and a Fill above.
constexpr int64_t kZerosFillThreshold = 1000;

// The OpDefs of the ops this graph uses, as TF's meta_info_def.stripped_op_list carries them.
// clang-format off
constexpr char kOpDefs[] = R"pb(
op { name: "AddV2"
     input_arg { name: "x" type_attr: "T" } input_arg { name: "y" type_attr: "T" }
     output_arg { name: "z" type_attr: "T" }
     attr { name: "T" type: "type" allowed_values { list {
       type: DT_BFLOAT16 type: DT_HALF type: DT_FLOAT type: DT_DOUBLE type: DT_UINT8 type: DT_UINT16
       type: DT_UINT32 type: DT_UINT64 type: DT_INT8 type: DT_INT16 type: DT_INT32 type: DT_INT64
       type: DT_COMPLEX64 type: DT_COMPLEX128 } } }
     is_aggregate: true is_commutative: true }
op { name: "Assign"
     input_arg { name: "ref" type_attr: "T" is_ref: true }
     input_arg { name: "value" type_attr: "T" }
     output_arg { name: "output_ref" type_attr: "T" is_ref: true }
     attr { name: "T" type: "type" }
     attr { name: "validate_shape" type: "bool" default_value { b: true } }
     attr { name: "use_locking" type: "bool" default_value { b: true } }
     allows_uninitialized_input: true }
op { name: "Const" output_arg { name: "output" type_attr: "dtype" }
     attr { name: "value" type: "tensor" } attr { name: "dtype" type: "type" } }
op { name: "Fill"
     input_arg { name: "dims" type_attr: "index_type" } input_arg { name: "value" type_attr: "T" }
     output_arg { name: "output" type_attr: "T" }
     attr { name: "T" type: "type" }
     attr { name: "index_type" type: "type" default_value { type: DT_INT32 }
            allowed_values { list { type: DT_INT32 type: DT_INT64 } } } }
op { name: "Identity"
     input_arg { name: "input" type_attr: "T" } output_arg { name: "output" type_attr: "T" }
     attr { name: "T" type: "type" } }
op { name: "MergeV2Checkpoints"
     input_arg { name: "checkpoint_prefixes" type: DT_STRING }
     input_arg { name: "destination_prefix" type: DT_STRING }
     attr { name: "delete_old_dirs" type: "bool" default_value { b: true } }
     is_stateful: true }
op { name: "NoOp" }
op { name: "Pack"
     input_arg { name: "values" type_attr: "T" number_attr: "N" }
     output_arg { name: "output" type_attr: "T" }
     attr { name: "N" type: "int" has_minimum: true minimum: 1 } attr { name: "T" type: "type" }
     attr { name: "axis" type: "int" default_value { i: 0 } } }
op { name: "Placeholder" output_arg { name: "output" type_attr: "dtype" }
     attr { name: "dtype" type: "type" }
     attr { name: "shape" type: "shape" default_value { shape { unknown_rank: true } } } }
op { name: "PlaceholderWithDefault"
     input_arg { name: "input" type_attr: "dtype" } output_arg { name: "output" type_attr: "dtype" }
     attr { name: "dtype" type: "type" } attr { name: "shape" type: "shape" } }
op { name: "RestoreV2"
     input_arg { name: "prefix" type: DT_STRING } input_arg { name: "tensor_names" type: DT_STRING }
     input_arg { name: "shape_and_slices" type: DT_STRING }
     output_arg { name: "tensors" type_list_attr: "dtypes" }
     attr { name: "dtypes" type: "list(type)" has_minimum: true minimum: 1 }
     is_stateful: true }
op { name: "SaveV2"
     input_arg { name: "prefix" type: DT_STRING } input_arg { name: "tensor_names" type: DT_STRING }
     input_arg { name: "shape_and_slices" type: DT_STRING }
     input_arg { name: "tensors" type_list_attr: "dtypes" }
     attr { name: "dtypes" type: "list(type)" has_minimum: true minimum: 1 }
     is_stateful: true }
op { name: "ShardedFilename"
     input_arg { name: "basename" type: DT_STRING } input_arg { name: "shard" type: DT_INT32 }
     input_arg { name: "num_shards" type: DT_INT32 }
     output_arg { name: "filename" type: DT_STRING } }
op { name: "StringJoin"
     input_arg { name: "inputs" type: DT_STRING number_attr: "N" }
     output_arg { name: "output" type: DT_STRING }
     attr { name: "N" type: "int" has_minimum: true minimum: 1 }
     attr { name: "separator" type: "string" default_value { s: "" } } }
op { name: "VariableV2" output_arg { name: "ref" type_attr: "dtype" is_ref: true }
     attr { name: "shape" type: "shape" } attr { name: "dtype" type: "type" }
     attr { name: "container" type: "string" default_value { s: "" } }
     attr { name: "shared_name" type: "string" default_value { s: "" } }
     is_stateful: true }
)pb";
// clang-format on

TensorShapeProto Shape(const std::vector<int64_t>& dims) {
  TensorShapeProto s;
  for (int64_t d : dims) s.add_dim()->set_size(d);
  return s;
}

TensorShapeProto UnknownRank() {
  TensorShapeProto s;
  s.set_unknown_rank(true);
  return s;
}

NodeDef* Node(GraphDef* g, const std::string& name, const std::string& op,
              const std::vector<std::string>& inputs = {}) {
  NodeDef* n = g->add_node();
  n->set_name(name);
  n->set_op(op);
  for (const std::string& in : inputs) n->add_input(in);
  return n;
}

AttrValue& Attr(NodeDef* n, const std::string& key) { return (*n->mutable_attr())[key]; }
void Type(NodeDef* n, const std::string& key, DataType t) { Attr(n, key).set_type(t); }
void OutputShapes(NodeDef* n, const std::vector<TensorShapeProto>& shapes) {
  auto* list = Attr(n, "_output_shapes").mutable_list();
  for (const auto& s : shapes) *list->add_shape() = s;
}
void Colocate(NodeDef* n, const std::string& with) {
  Attr(n, "_class").mutable_list()->add_s("loc:@" + with);
}

NodeDef* StringConst(GraphDef* g, const std::string& name, const std::vector<std::string>& values,
                     bool scalar) {
  NodeDef* n = Node(g, name, "Const");
  std::vector<int64_t> dims;
  if (!scalar) dims.push_back(static_cast<int64_t>(values.size()));
  OutputShapes(n, {Shape(dims)});
  Type(n, "dtype", tensorflow::DT_STRING);
  tensorflow::TensorProto* t = Attr(n, "value").mutable_tensor();
  t->set_dtype(tensorflow::DT_STRING);
  *t->mutable_tensor_shape() = Shape(dims);
  for (const std::string& v : values) t->add_string_val(v);
  return n;
}

NodeDef* Int32Const(GraphDef* g, const std::string& name, std::vector<int64_t> dims,
                    int32_t value) {
  NodeDef* n = Node(g, name, "Const");
  OutputShapes(n, {Shape(dims)});
  Type(n, "dtype", tensorflow::DT_INT32);
  tensorflow::TensorProto* t = Attr(n, "value").mutable_tensor();
  t->set_dtype(tensorflow::DT_INT32);
  *t->mutable_tensor_shape() = Shape(dims);
  t->add_int_val(value);
  return n;
}

NodeDef* FloatConst(GraphDef* g, const std::string& name, std::vector<int64_t> dims, float value) {
  NodeDef* n = Node(g, name, "Const");
  OutputShapes(n, {Shape(dims)});
  Type(n, "dtype", tensorflow::DT_FLOAT);
  tensorflow::TensorProto* t = Attr(n, "value").mutable_tensor();
  t->set_dtype(tensorflow::DT_FLOAT);
  *t->mutable_tensor_shape() = Shape(dims);
  t->add_float_val(value);  // one value repeated over the shape, as TF writes splats
  return n;
}

NodeDef* AssignNode(GraphDef* g, const std::string& name, const std::string& var,
                    const std::string& value, int64_t m) {
  NodeDef* n = Node(g, name, "Assign", {var, value});
  Type(n, "T", tensorflow::DT_FLOAT);
  Colocate(n, var);
  OutputShapes(n, {Shape({m})});
  Attr(n, "use_locking").set_b(true);
  Attr(n, "validate_shape").set_b(true);
  return n;
}

NodeDef* StringIdentity(GraphDef* g, const std::string& name,
                        const std::vector<std::string>& inputs) {
  NodeDef* n = Node(g, name, "Identity", inputs);
  Type(n, "T", tensorflow::DT_STRING);
  return n;
}

NodeDef* FilenamePlaceholder(GraphDef* g, const std::string& name, const std::string& input) {
  NodeDef* n = Node(g, name, "PlaceholderWithDefault", {input});
  OutputShapes(n, {Shape({})});
  Type(n, "dtype", tensorflow::DT_STRING);
  *Attr(n, "shape").mutable_shape() = Shape({});
  return n;
}

void FloatDtypes(NodeDef* n, int k) {
  auto* list = Attr(n, "dtypes").mutable_list();
  for (int i = 0; i < k; ++i) list->add_type(tensorflow::DT_FLOAT);
}

std::string VarName(int i) { return absl::StrCat("v", i); }

// The saver subgraph as tf.train.Saver builds it (V2 format); `sharded` adds the per-shard
// filename and merge steps of Saver(sharded=True).
void AddSaver(GraphDef* g, const std::vector<std::string>& sorted_vars, int64_t m, bool sharded,
              tensorflow::SaverDef* saver) {
  const int k = static_cast<int>(sorted_vars.size());
  StringConst(g, "save/filename/input", {"model"}, /*scalar=*/true);
  FilenamePlaceholder(g, "save/filename", "save/filename/input");
  FilenamePlaceholder(g, "save/Const", "save/filename");
  std::string save_prefix = "save/Const";
  if (sharded) {
    StringConst(g, "save/StringJoin/inputs_1", {"_temp_5f3c0e6b2a9d4d7e8c1b0a9f8e7d6c5b/part"},
                true);
    NodeDef* join =
        Node(g, "save/StringJoin", "StringJoin", {"save/Const", "save/StringJoin/inputs_1"});
    Attr(join, "N").set_i(2);
    OutputShapes(join, {Shape({})});
    Attr(join, "separator").set_s("");
    Int32Const(g, "save/num_shards", {}, 1);
    Int32Const(g, "save/ShardedFilename/shard", {}, 0);
    NodeDef* sf = Node(g, "save/ShardedFilename", "ShardedFilename",
                       {"save/StringJoin", "save/ShardedFilename/shard", "save/num_shards"});
    OutputShapes(sf, {Shape({})});
    save_prefix = "save/ShardedFilename";
  }
  StringConst(g, "save/SaveV2/tensor_names", sorted_vars, false);
  StringConst(g, "save/SaveV2/shape_and_slices", std::vector<std::string>(k, ""), false);
  std::vector<std::string> save_inputs = {save_prefix, "save/SaveV2/tensor_names",
                                          "save/SaveV2/shape_and_slices"};
  save_inputs.insert(save_inputs.end(), sorted_vars.begin(), sorted_vars.end());
  FloatDtypes(Node(g, "save/SaveV2", "SaveV2", save_inputs), k);
  NodeDef* dep = StringIdentity(g, "save/control_dependency", {save_prefix, "^save/SaveV2"});
  Colocate(dep, save_prefix);
  OutputShapes(dep, {Shape({})});
  if (sharded) {
    NodeDef* pack = Node(g, "save/MergeV2Checkpoints/checkpoint_prefixes", "Pack",
                         {"save/ShardedFilename", "^save/control_dependency"});
    Attr(pack, "N").set_i(1);
    Type(pack, "T", tensorflow::DT_STRING);
    OutputShapes(pack, {Shape({1})});
    Attr(pack, "axis").set_i(0);
    NodeDef* merge = Node(g, "save/MergeV2Checkpoints", "MergeV2Checkpoints",
                          {"save/MergeV2Checkpoints/checkpoint_prefixes", "save/Const"});
    Attr(merge, "delete_old_dirs").set_b(true);
    NodeDef* id = StringIdentity(
        g, "save/Identity", {"save/Const", "^save/MergeV2Checkpoints", "^save/control_dependency"});
    OutputShapes(id, {Shape({})});
  }
  StringConst(g, "save/RestoreV2/tensor_names", sorted_vars, false);
  StringConst(g, "save/RestoreV2/shape_and_slices", std::vector<std::string>(k, ""), false);
  NodeDef* restore =
      Node(g, "save/RestoreV2", "RestoreV2",
           {"save/Const", "save/RestoreV2/tensor_names", "save/RestoreV2/shape_and_slices"});
  OutputShapes(restore, std::vector<TensorShapeProto>(k, UnknownRank()));
  FloatDtypes(restore, k);
  std::vector<std::string> assigns;
  for (int i = 0; i < k; ++i) {
    const std::string name = i == 0 ? "save/Assign" : absl::StrCat("save/Assign_", i);
    const std::string value = i == 0 ? "save/RestoreV2" : absl::StrCat("save/RestoreV2:", i);
    AssignNode(g, name, sorted_vars[i], value, m);
    assigns.push_back("^" + name);
  }
  if (sharded) {
    Node(g, "save/restore_shard", "NoOp", assigns);
    Node(g, "save/restore_all", "NoOp", {"^save/restore_shard"});
  } else {
    Node(g, "save/restore_all", "NoOp", assigns);
  }
  saver->set_filename_tensor_name("save/Const:0");
  saver->set_save_tensor_name(sharded ? "save/Identity:0" : "save/control_dependency:0");
  saver->set_restore_op_name("save/restore_all");
  saver->set_max_to_keep(5);
  saver->set_sharded(sharded);
  saver->set_keep_checkpoint_every_n_hours(10000);
  saver->set_version(tensorflow::SaverDef::V2);
}

absl::Status CheckOptions(const SyntheticSavedModelOptions& o) {
  if (o.num_variables < 1 || o.variable_elements < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("need at least one variable of one element (got ", o.num_variables, " of ",
                     o.variable_elements, ")"));
  }
  return absl::OkStatus();
}

}  // namespace

float SyntheticVariableValue(int i, int64_t j) {
  const int64_t k = (int64_t{7} * i + j) % 13;
  return static_cast<float>(k - 6) / 1024.0f;
}

absl::StatusOr<tensorflow::SavedModel> BuildSyntheticSavedModel(
    const SyntheticSavedModelOptions& o) {
  if (absl::Status s = CheckOptions(o); !s.ok()) return s;
  const int k = o.num_variables;
  const int64_t m = o.variable_elements;
  tensorflow::SavedModel model;
  model.set_saved_model_schema_version(1);
  tensorflow::MetaGraphDef* meta = model.add_meta_graphs();
  GraphDef* g = meta->mutable_graph_def();

  NodeDef* x = Node(g, "x", "Placeholder");
  OutputShapes(x, {Shape({1, m})});
  Type(x, "dtype", tensorflow::DT_FLOAT);
  *Attr(x, "shape").mutable_shape() = Shape({1, m});

  std::vector<std::string> init_deps;
  for (int i = 0; i < k; ++i) {
    const std::string v = VarName(i);
    const std::string zeros = v + "/Initializer/zeros";
    if (m < kZerosFillThreshold) {
      Colocate(FloatConst(g, zeros, {m}, 0.0f), v);
    } else {
      NodeDef* dims = Int32Const(g, zeros + "/shape_as_tensor", {1},
                                 static_cast<int32_t>(std::min<int64_t>(m, INT32_MAX)));
      Colocate(dims, v);
      Colocate(FloatConst(g, zeros + "/Const", {}, 0.0f), v);
      NodeDef* fill = Node(g, zeros, "Fill", {zeros + "/shape_as_tensor", zeros + "/Const"});
      Type(fill, "T", tensorflow::DT_FLOAT);
      Colocate(fill, v);
      OutputShapes(fill, {Shape({m})});
      Type(fill, "index_type", tensorflow::DT_INT32);
    }
    NodeDef* var = Node(g, v, "VariableV2");
    OutputShapes(var, {Shape({m})});
    Attr(var, "container").set_s("");
    Type(var, "dtype", tensorflow::DT_FLOAT);
    *Attr(var, "shape").mutable_shape() = Shape({m});
    Attr(var, "shared_name").set_s("");
    AssignNode(g, v + "/Assign", v, zeros, m);
    NodeDef* read = Node(g, v + "/read", "Identity", {v});
    Type(read, "T", tensorflow::DT_FLOAT);
    Colocate(read, v);
    OutputShapes(read, {Shape({m})});
    init_deps.push_back("^" + v + "/Assign");

    tensorflow::VariableDef def;
    def.set_variable_name(v + ":0");
    def.set_initializer_name(v + "/Assign");
    def.set_snapshot_name(v + "/read:0");
    def.set_initial_value_name(zeros + ":0");
    def.set_trainable(true);
    const std::string bytes = def.SerializeAsString();
    for (const char* c : {"variables", "trainable_variables"}) {
      (*meta->mutable_collection_def())[c].mutable_bytes_list()->add_value(bytes);
    }
  }
  std::string h = "x";
  for (int i = 0; i < k; ++i) {
    const std::string name = i == 0 ? "add" : absl::StrCat("add_", i);
    NodeDef* add = Node(g, name, "AddV2", {h, VarName(i) + "/read"});
    Type(add, "T", tensorflow::DT_FLOAT);
    OutputShapes(add, {Shape({1, m})});
    h = name;
  }
  NodeDef* y = Node(g, "y", "Identity", {h});
  Type(y, "T", tensorflow::DT_FLOAT);
  OutputShapes(y, {Shape({1, m})});
  Node(g, "init", "NoOp", init_deps);

  std::vector<std::string> sorted_vars;
  for (int i = 0; i < k; ++i) sorted_vars.push_back(VarName(i));
  std::sort(sorted_vars.begin(), sorted_vars.end());  // the Saver orders tensors by name
  AddSaver(g, sorted_vars, m, o.sharded_saver, meta->mutable_saver_def());
  g->mutable_versions()->set_producer(149);

  tensorflow::MetaGraphDef::MetaInfoDef* info = meta->mutable_meta_info_def();
  tensorflow::OpList all_ops;
  if (!google::protobuf::TextFormat::ParseFromString(kOpDefs, &all_ops)) {
    return absl::InternalError("the built-in OpDefs do not parse");
  }
  std::set<std::string> used;
  for (const NodeDef& n : g->node()) used.insert(n.op());
  for (const auto& op : all_ops.op()) {
    if (used.count(op.name())) *info->mutable_stripped_op_list()->add_op() = op;
  }
  info->add_tags("serve");
  info->set_tensorflow_version("1.15.5");
  info->set_tensorflow_git_version("unknown");

  tensorflow::SignatureDef& sig = (*meta->mutable_signature_def())["serving_default"];
  tensorflow::TensorInfo& in = (*sig.mutable_inputs())["x"];
  in.set_name("x:0");
  in.set_dtype(tensorflow::DT_FLOAT);
  *in.mutable_tensor_shape() = Shape({1, m});
  tensorflow::TensorInfo& out = (*sig.mutable_outputs())["y"];
  out.set_name("y:0");
  out.set_dtype(tensorflow::DT_FLOAT);
  *out.mutable_tensor_shape() = Shape({1, m});
  sig.set_method_name("tensorflow/serving/predict");
  return model;
}

absl::Status WriteSyntheticSavedModel(const std::string& dir, const SyntheticSavedModelOptions& o) {
  absl::StatusOr<tensorflow::SavedModel> model = BuildSyntheticSavedModel(o);
  if (!model.ok()) return model.status();
  std::error_code ec;
  std::filesystem::create_directories(dir + "/variables", ec);
  if (ec)
    return absl::UnavailableError(
        absl::StrCat("cannot create '", dir, "/variables': ", ec.message()));
  {
    std::ofstream pb(dir + "/saved_model.pb", std::ios::binary | std::ios::trunc);
    if (!pb || !model->SerializeToOstream(&pb)) {
      return absl::UnavailableError(absl::StrCat("cannot write '", dir, "/saved_model.pb'"));
    }
  }
  auto writer = CheckpointWriter::Create(dir + "/variables/variables");
  if (!writer.ok()) return writer.status();
  // One period-13 pattern buffer serves every variable: v_i[j] = pattern[(7 i + j) mod 13].
  constexpr int64_t kChunk = 1 << 18;  // floats per write (1 MiB)
  std::vector<float> pattern(kChunk + 13);
  for (size_t t = 0; t < pattern.size(); ++t)
    pattern[t] = SyntheticVariableValue(0, static_cast<int64_t>(t));
  std::vector<int> order(o.num_variables);
  for (int i = 0; i < o.num_variables; ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [](int a, int b) { return VarName(a) < VarName(b); });  // Saver order: by name
  for (int i : order) {
    if (absl::Status s =
            (*writer)->BeginTensor(VarName(i), tfconv::DataType::kFloat, {o.variable_elements});
        !s.ok())
      return s;
    for (int64_t j = 0; j < o.variable_elements; j += kChunk) {
      const int64_t n = std::min(kChunk, o.variable_elements - j);
      const int64_t start = (int64_t{7} * i + j) % 13;
      if (absl::Status s = (*writer)->Append(pattern.data() + start, n * sizeof(float)); !s.ok())
        return s;
    }
    if (absl::Status s = (*writer)->EndTensor(); !s.ok()) return s;
  }
  return (*writer)->Finish();
}

}  // namespace tfconv
