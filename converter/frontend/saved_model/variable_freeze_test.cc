// FreezeSignature on hand-built TF2-style graphs (VarHandleOp, ReadVariableOp, ResourceGather,
// AssignVariableOp restores) and on graphs that update state.
#include "converter/frontend/saved_model/variable_freeze.h"

#include "converter/frontend/checkpoint/checkpoint_writer.h"
#include "converter/frontend/saved_model/saved_model_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using tensorflow::GraphDef;
using tensorflow::NodeDef;

NodeDef* Add(GraphDef& g, const std::string& name, const std::string& op, std::vector<std::string> inputs = {}) {
  NodeDef* n = g.add_node();
  n->set_name(name);
  n->set_op(op);
  for (auto& i : inputs) n->add_input(i);
  return n;
}
void SetType(NodeDef* n, const std::string& attr, tensorflow::DataType t) { (*n->mutable_attr())[attr].set_type(t); }
void SetShape(NodeDef* n, std::vector<int64_t> dims) {
  auto* s = (*n->mutable_attr())["shape"].mutable_shape();
  for (int64_t d : dims) s->add_dim()->set_size(d);
}
void StringConst(GraphDef& g, const std::string& name, std::vector<std::string> values) {
  NodeDef* n = Add(g, name, "Const");
  SetType(n, "dtype", tensorflow::DT_STRING);
  auto* t = (*n->mutable_attr())["value"].mutable_tensor();
  t->set_dtype(tensorflow::DT_STRING);
  if (values.size() != 1) t->mutable_tensor_shape()->add_dim()->set_size(values.size());
  for (auto& v : values) t->add_string_val(v);
}
void FloatConst(GraphDef& g, const std::string& name, std::vector<int64_t> shape, std::vector<float> values) {
  NodeDef* n = Add(g, name, "Const");
  SetType(n, "dtype", tensorflow::DT_FLOAT);
  auto* t = (*n->mutable_attr())["value"].mutable_tensor();
  t->set_dtype(tensorflow::DT_FLOAT);
  for (int64_t d : shape) t->mutable_tensor_shape()->add_dim()->set_size(d);
  for (float v : values) t->add_float_val(v);
}
const NodeDef* Find(const GraphDef& g, const std::string& name) {
  for (const auto& n : g.node()) {
    if (n.name() == name) return &n;
  }
  return nullptr;
}

// A TF2-style embedding lookup: emb = VarHandleOp [4, 2] restored by RestoreV2 under its object
// path; out = ResourceGather(emb, ids).
GraphDef EmbeddingGraph() {
  GraphDef g;
  NodeDef* ids = Add(g, "ids", "Placeholder");
  SetType(ids, "dtype", tensorflow::DT_INT32);
  SetShape(ids, {3});
  NodeDef* emb = Add(g, "emb", "VarHandleOp");
  SetType(emb, "dtype", tensorflow::DT_FLOAT);
  SetShape(emb, {4, 2});
  (*emb->mutable_attr())["shared_name"].set_s("emb");
  NodeDef* gather = Add(g, "lookup", "ResourceGather", {"emb", "ids"});
  SetType(gather, "dtype", tensorflow::DT_FLOAT);
  SetType(gather, "Tindices", tensorflow::DT_INT32);
  (*gather->mutable_attr())["batch_dims"].set_i(0);
  Add(g, "out", "Identity", {"lookup"});
  // The restore function, inlined: names → RestoreV2 → AssignVariableOp.
  StringConst(g, "restore/prefix", {"variables/variables"});
  StringConst(g, "restore/names", {"model/emb/.ATTRIBUTES/VARIABLE_VALUE"});
  StringConst(g, "restore/slices", {""});
  NodeDef* r = Add(g, "restore/RestoreV2", "RestoreV2", {"restore/prefix", "restore/names", "restore/slices"});
  (*r->mutable_attr())["dtypes"].mutable_list()->add_type(tensorflow::DT_FLOAT);
  Add(g, "restore/Identity", "Identity", {"restore/RestoreV2"});
  Add(g, "restore/Assign", "AssignVariableOp", {"emb", "restore/Identity"});
  return g;
}

TEST(FreezeSignature, ResourceGatherBecomesGatherV2OfTheCheckpointValue) {
  const std::string dir = FreshDir("gather");
  {
    absl::StatusOr<std::unique_ptr<CheckpointWriter>> w = CheckpointWriter::Create(dir + "/variables");
    ASSERT_TRUE(w.ok()) << w.status();
    ASSERT_TRUE((*w)->Add("model/emb/.ATTRIBUTES/VARIABLE_VALUE",
                          Tensor::FromVector<float>({4, 2}, {0, 1, 10, 11, 20, 21, 30, 31})).ok());
    // A decoy under the variable's own name: the restore op's key must win.
    ASSERT_TRUE((*w)->Add("emb", Tensor::FromVector<float>({4, 2}, {9, 9, 9, 9, 9, 9, 9, 9})).ok());
    ASSERT_TRUE((*w)->Finish().ok());
  }
  absl::StatusOr<std::unique_ptr<CheckpointReader>> reader = CheckpointReader::Open(dir + "/variables");
  ASSERT_TRUE(reader.ok()) << reader.status();
  FreezeRequest request;
  request.inputs = {{"ids:0", tensorflow::DT_INT32, {}, ""}};
  request.outputs = {"out"};
  request.checkpoint = reader->get();
  absl::StatusOr<FrozenGraph> f = FreezeSignature(EmbeddingGraph(), request, "gather_model");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(request.inputs[0].placeholder, "ids");

  const NodeDef* lookup = Find(f->graph, "lookup");
  ASSERT_NE(lookup, nullptr);
  EXPECT_EQ(lookup->op(), "GatherV2");
  ASSERT_EQ(lookup->input_size(), 3);
  EXPECT_EQ(lookup->input(1), "ids");
  EXPECT_EQ(lookup->attr().at("Tparams").type(), tensorflow::DT_FLOAT);
  EXPECT_EQ(lookup->attr().at("Tindices").type(), tensorflow::DT_INT32);
  EXPECT_EQ(lookup->attr().at("batch_dims").i(), 0);
  // params: the checkpoint's value; axis: the scalar 0.
  auto value = f->variable_values.find(lookup->input(0));
  ASSERT_NE(value, f->variable_values.end());
  EXPECT_EQ(value->second.shape(), (std::vector<int64_t>{4, 2}));
  EXPECT_THAT(value->second.data<float>(), ElementsAre(0, 1, 10, 11, 20, 21, 30, 31));
  const NodeDef* axis = Find(f->graph, lookup->input(2));
  ASSERT_NE(axis, nullptr);
  EXPECT_EQ(axis->op(), "Const");
  EXPECT_EQ(axis->attr().at("value").tensor().int_val(0), 0);
  for (const auto& n : f->graph.node()) {
    EXPECT_NE(n.op(), "VarHandleOp") << n.name();
    EXPECT_NE(n.op(), "RestoreV2") << n.name();
    EXPECT_NE(n.op(), "AssignVariableOp") << n.name();
  }
}

TEST(FreezeSignature, ConstInitializedVariableWithoutCheckpoint) {
  GraphDef g;
  NodeDef* x = Add(g, "x", "Placeholder");
  SetType(x, "dtype", tensorflow::DT_FLOAT);
  NodeDef* w = Add(g, "w", "VarHandleOp");
  SetType(w, "dtype", tensorflow::DT_FLOAT);
  SetShape(w, {2});
  FloatConst(g, "w/init", {2}, {1.5f, -2.0f});
  Add(g, "w/assign", "AssignVariableOp", {"w", "w/init"});
  NodeDef* read = Add(g, "w/read", "ReadVariableOp", {"w"});
  SetType(read, "dtype", tensorflow::DT_FLOAT);
  NodeDef* mul = Add(g, "mul", "Mul", {"x", "w/read"});
  SetType(mul, "T", tensorflow::DT_FLOAT);
  FreezeRequest request;
  request.inputs = {{"x", tensorflow::DT_FLOAT, {}, ""}};
  request.outputs = {"mul"};
  absl::StatusOr<FrozenGraph> f = FreezeSignature(g, request, "const_init");
  ASSERT_TRUE(f.ok()) << f.status();
  const NodeDef* r = Find(f->graph, "w/read");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->op(), "Identity");
  auto value = f->variable_values.find(r->input(0));
  ASSERT_NE(value, f->variable_values.end());
  EXPECT_THAT(value->second.data<float>(), ElementsAre(1.5f, -2.0f));
  EXPECT_EQ(Find(f->graph, "w/assign"), nullptr);
}

TEST(FreezeSignature, VariableWithoutAnyValueIsNamed) {
  GraphDef g;
  NodeDef* w = Add(g, "lonely", "VarHandleOp");
  SetType(w, "dtype", tensorflow::DT_FLOAT);
  NodeDef* read = Add(g, "read", "ReadVariableOp", {"lonely"});
  SetType(read, "dtype", tensorflow::DT_FLOAT);
  FreezeRequest request;
  request.outputs = {"read"};
  absl::StatusOr<FrozenGraph> f = FreezeSignature(g, request, "m");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(f.status().message(), HasSubstr("'lonely'"));
}

TEST(FreezeSignature, StateUpdateNamesNodeAndOp) {
  GraphDef g;
  NodeDef* v = Add(g, "counter", "VariableV2");
  SetType(v, "dtype", tensorflow::DT_FLOAT);
  SetShape(v, {});
  FloatConst(g, "counter/init", {}, {0.0f});
  Add(g, "counter/Assign", "Assign", {"counter", "counter/init"});
  FloatConst(g, "one", {}, {1.0f});
  Add(g, "bump", "AssignAdd", {"counter", "one"});
  Add(g, "y", "Identity", {"bump"});
  FreezeRequest request;
  request.outputs = {"y"};
  absl::StatusOr<FrozenGraph> f = FreezeSignature(g, request, "stateful_model");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(f.status().message(), HasSubstr("stateful_model"));
  EXPECT_THAT(f.status().message(), HasSubstr("'bump' (AssignAdd)"));
  EXPECT_THAT(f.status().message(), HasSubstr("'counter'"));
}

TEST(FreezeSignature, ResourceUsedOtherThanByReadingIsAnError) {
  GraphDef g;
  NodeDef* w = Add(g, "w", "VarHandleOp");
  SetType(w, "dtype", tensorflow::DT_FLOAT);
  FloatConst(g, "w/init", {}, {1.0f});
  Add(g, "w/assign", "AssignVariableOp", {"w", "w/init"});
  FloatConst(g, "d", {}, {1.0f});
  Add(g, "upd", "AssignAddVariableOp", {"w", "d"});
  NodeDef* read = Add(g, "r", "ReadVariableOp", {"w", "^upd"});
  SetType(read, "dtype", tensorflow::DT_FLOAT);
  NodeDef* shape = Add(g, "shape", "VariableShape", {"w"});
  SetType(shape, "out_type", tensorflow::DT_INT32);
  FreezeRequest request;
  request.outputs = {"shape"};
  absl::StatusOr<FrozenGraph> f = FreezeSignature(g, request, "m");
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(), HasSubstr("'shape' (VariableShape)"));
  EXPECT_THAT(f.status().message(), HasSubstr("'w'"));
  // A control dependency on an update is not a data path: reading alone freezes.
  request.outputs = {"r"};
  f = FreezeSignature(g, request, "m");
  EXPECT_TRUE(f.ok()) << f.status();
}

TEST(EmbedVariableValues, WritesTheValuesIntoTheConsts) {
  GraphDef g;
  NodeDef* w = Add(g, "w", "VarHandleOp");
  SetType(w, "dtype", tensorflow::DT_FLOAT);
  FloatConst(g, "w/init", {3}, {1, 2, 3});
  Add(g, "w/assign", "AssignVariableOp", {"w", "w/init"});
  NodeDef* read = Add(g, "r", "ReadVariableOp", {"w"});
  SetType(read, "dtype", tensorflow::DT_FLOAT);
  FreezeRequest request;
  request.outputs = {"r"};
  absl::StatusOr<FrozenGraph> f = FreezeSignature(g, request, "m");
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_TRUE(EmbedVariableValues(*f).ok());
  const NodeDef* c = Find(f->graph, Find(f->graph, "r")->input(0));
  ASSERT_NE(c, nullptr);
  const tensorflow::TensorProto& t = c->attr().at("value").tensor();
  ASSERT_EQ(t.tensor_shape().dim_size(), 1);
  EXPECT_EQ(t.tensor_shape().dim(0).size(), 3);
  const float want[3] = {1, 2, 3};
  EXPECT_EQ(t.tensor_content(), std::string(reinterpret_cast<const char*>(want), sizeof(want)));
}

}  // namespace
}  // namespace tfconv
