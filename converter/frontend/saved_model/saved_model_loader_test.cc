// LoadSavedModel on synthetic TF1 SavedModels (both saver layouts) and their damaged variants.
// The variables' initializers are zeros; only the checkpoint holds the values, whose formula the
// synthetic model's header documents, so a loader that reads the initializer fails here.
#include "converter/frontend/saved_model/saved_model_loader.h"

#include <cstdio>
#include <set>

#include "converter/frontend/graphdef_import.h"
#include "converter/frontend/saved_model/saved_model_test_util.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/frontend/tensor_proto.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

constexpr int kVars = 3;
constexpr int64_t kElems = 5;

const tensorflow::NodeDef* Find(const tensorflow::GraphDef& g, const std::string& name) {
  for (const auto& n : g.node()) {
    if (n.name() == name) return &n;
  }
  return nullptr;
}

std::set<std::string> Ops(const tensorflow::GraphDef& g) {
  std::set<std::string> ops;
  for (const auto& n : g.node()) ops.insert(n.op());
  return ops;
}

absl::StatusOr<LoadedSavedModel> Load(const std::string& dir, std::vector<std::string> keys = {}) {
  SavedModelOptions o;
  o.dir = dir;
  o.signature_keys = std::move(keys);
  return LoadSavedModel(o);
}

class SyntheticLayouts : public ::testing::TestWithParam<bool> {
 protected:
  SyntheticSavedModelOptions Options() const {
    SyntheticSavedModelOptions o;
    o.num_variables = kVars;
    o.variable_elements = kElems;
    o.sharded_saver = GetParam();
    return o;
  }
  std::string Name(const std::string& base) const { return base + (GetParam() ? "_sharded" : "_plain"); }
};

TEST_P(SyntheticLayouts, ValuesComeFromTheCheckpoint) {
  const std::string dir = FreshDir(Name("values"));
  SyntheticModel(dir, Options());
  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->signatures.size(), 1u);
  const SavedModelSignature& sig = m->signatures[0];
  EXPECT_EQ(sig.key, "serving_default");
  ASSERT_EQ(sig.inputs.size(), 1u);
  EXPECT_EQ(sig.inputs[0].key, "x");
  EXPECT_EQ(sig.inputs[0].graph_ref, "x");
  ASSERT_EQ(sig.outputs.size(), 1u);
  EXPECT_EQ(sig.outputs[0].key, "y");
  ASSERT_EQ(sig.frozen.variable_values.size(), static_cast<size_t>(kVars));
  for (int i = 0; i < kVars; ++i) {
    const std::string v = "v" + std::to_string(i);
    auto it = sig.frozen.variable_values.find(v);
    ASSERT_NE(it, sig.frozen.variable_values.end()) << v;
    ASSERT_EQ(it->second.dtype(), DataType::kFloat);
    EXPECT_EQ(it->second.shape(), std::vector<int64_t>{kElems});
    EXPECT_THAT(it->second.data<float>(), ElementsAreArray(SyntheticValues(i, kElems))) << v;
    const tensorflow::NodeDef* node = Find(sig.frozen.graph, v);
    ASSERT_NE(node, nullptr);
    EXPECT_EQ(node->op(), "Const");
  }
  // Neither the saver, the initializers nor the state ops survive freezing.
  const std::set<std::string> ops = Ops(sig.frozen.graph);
  for (const char* op : {"VariableV2", "Assign", "RestoreV2", "SaveV2", "Fill", "NoOp", "MergeV2Checkpoints"}) {
    EXPECT_EQ(ops.count(op), 0u) << op;
  }
  EXPECT_EQ(Find(sig.frozen.graph, "v0/Initializer/zeros"), nullptr);
}

TEST_P(SyntheticLayouts, EmbeddedValuesRoundTrip) {
  const std::string dir = FreshDir(Name("embed"));
  SyntheticModel(dir, Options());
  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_TRUE(m.ok()) << m.status();
  FrozenGraph frozen = m->signatures[0].frozen;
  ASSERT_TRUE(EmbedVariableValues(frozen).ok());
  // Through the wire, as --dump_frozen_graph writes it.
  tensorflow::GraphDef reread;
  ASSERT_TRUE(reread.ParseFromString(frozen.graph.SerializeAsString()));
  for (int i = 0; i < kVars; ++i) {
    const tensorflow::NodeDef* node = Find(reread, "v" + std::to_string(i));
    ASSERT_NE(node, nullptr);
    tensorflow::TensorProto proto = node->attr().at("value").tensor();
    absl::StatusOr<Tensor> t = TensorFromProto(proto, TensorLimits{});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->shape(), std::vector<int64_t>{kElems});
    EXPECT_THAT(t->data<float>(), ElementsAreArray(SyntheticValues(i, kElems)));
  }
  absl::StatusOr<Graph> g = ImportGraphDef(std::move(reread), dir);
  EXPECT_TRUE(g.ok()) << g.status();
}

TEST_P(SyntheticLayouts, InteriorSignatureInputBecomesPlaceholder) {
  // x -> x/normalized (Identity) -> add ...; the signature feeds x/normalized, as TF1 signatures
  // feed the tensor after a tf.Example parser.
  const std::string dir = FreshDir(Name("interior"));
  tensorflow::SavedModel model = SyntheticModel(dir, Options());
  tensorflow::GraphDef* g = model.mutable_meta_graphs(0)->mutable_graph_def();
  tensorflow::NodeDef* id = g->add_node();
  id->set_name("x/normalized");
  id->set_op("Identity");
  id->add_input("x");
  (*id->mutable_attr())["T"].set_type(tensorflow::DT_FLOAT);
  FindNode(model, "add")->set_input(0, "x/normalized");
  auto& sig = (*model.mutable_meta_graphs(0)->mutable_signature_def())["serving_default"];
  (*sig.mutable_inputs())["x"].set_name("x/normalized:0");
  WriteSavedModelPb(dir, model);

  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_TRUE(m.ok()) << m.status();
  const SavedModelSignature& s = m->signatures[0];
  ASSERT_EQ(s.inputs.size(), 1u);
  const tensorflow::NodeDef* p = Find(s.frozen.graph, s.inputs[0].graph_ref);
  ASSERT_NE(p, nullptr) << s.inputs[0].graph_ref;
  EXPECT_EQ(p->op(), "Placeholder");
  EXPECT_EQ(p->attr().at("dtype").type(), tensorflow::DT_FLOAT);
  ASSERT_EQ(p->attr().at("shape").shape().dim_size(), 2);
  EXPECT_EQ(p->attr().at("shape").shape().dim(1).size(), kElems);
  // What computed the cut tensor is gone; "add" reads the new Placeholder.
  EXPECT_EQ(Find(s.frozen.graph, "x"), nullptr);
  const tensorflow::NodeDef* add = Find(s.frozen.graph, "add");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->input(0), s.inputs[0].graph_ref);
}

TEST_P(SyntheticLayouts, InputCutDropsTheVariablesBeforeIt) {
  // Feeding add_1's output leaves only v2 (add_2 = add_1 + v2) in the frozen graph.
  const std::string dir = FreshDir(Name("cut_add"));
  tensorflow::SavedModel model = SyntheticModel(dir, Options());
  auto& sig = (*model.mutable_meta_graphs(0)->mutable_signature_def())["serving_default"];
  (*sig.mutable_inputs())["x"].set_name("add_1:0");
  WriteSavedModelPb(dir, model);
  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_TRUE(m.ok()) << m.status();
  const FrozenGraph& f = m->signatures[0].frozen;
  EXPECT_EQ(f.variable_values.size(), 1u);
  EXPECT_EQ(f.variable_values.count("v2"), 1u);
  EXPECT_EQ(Find(f.graph, "v0"), nullptr);
  EXPECT_EQ(Find(f.graph, "add"), nullptr);
  EXPECT_EQ(Find(f.graph, "x"), nullptr);
}

TEST_P(SyntheticLayouts, FlippedDataByteNamesTheVariable) {
  const std::string dir = FreshDir(Name("flip"));
  SyntheticModel(dir, Options());
  const std::string shard = dir + "/variables/variables.data-00000-of-00001";
  std::string bytes = ReadTestFile(shard);
  ASSERT_EQ(bytes.size(), static_cast<size_t>(kVars * kElems * 4));
  bytes[kElems * 4 + 2] ^= 0x10;  // inside v1 (tensors are stored in key order: v0 v1 v2)
  WriteTestFile(shard, bytes);
  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(), HasSubstr("v1"));
  EXPECT_THAT(m.status().message(), HasSubstr("variables/variables"));
}

TEST_P(SyntheticLayouts, TruncatedShard) {
  const std::string dir = FreshDir(Name("truncated"));
  SyntheticModel(dir, Options());
  const std::string shard = dir + "/variables/variables.data-00000-of-00001";
  WriteTestFile(shard, ReadTestFile(shard).substr(0, kElems * 4 + 3));
  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_FALSE(m.ok());
  // v1 ends past the end of the file now (v2 too; the first one met is reported).
  EXPECT_THAT(m.status().message(), ::testing::AnyOf(HasSubstr("v1"), HasSubstr("v2"))) << m.status();
}

TEST_P(SyntheticLayouts, MissingIndexNamesTheVariable) {
  const std::string dir = FreshDir(Name("no_index"));
  SyntheticModel(dir, Options());
  ASSERT_EQ(std::remove((dir + "/variables/variables.index").c_str()), 0);
  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(), HasSubstr("'v0'"));
  EXPECT_THAT(m.status().message(), HasSubstr("variables.index"));
}

TEST_P(SyntheticLayouts, DtypeMismatchIsAnError) {
  const std::string dir = FreshDir(Name("dtype"));
  tensorflow::SavedModel model = SyntheticModel(dir, Options());
  (*FindNode(model, "v1")->mutable_attr())["dtype"].set_type(tensorflow::DT_INT32);
  WriteSavedModelPb(dir, model);
  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(), HasSubstr("'v1'"));
  EXPECT_THAT(m.status().message(), HasSubstr("declared"));
}

TEST_P(SyntheticLayouts, ShapeMismatchIsAnError) {
  const std::string dir = FreshDir(Name("shape"));
  tensorflow::SavedModel model = SyntheticModel(dir, Options());
  (*FindNode(model, "v2")->mutable_attr())["shape"].mutable_shape()->mutable_dim(0)->set_size(kElems + 1);
  WriteSavedModelPb(dir, model);
  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(), HasSubstr("'v2'"));
  EXPECT_THAT(m.status().message(), HasSubstr("shape"));
}

INSTANTIATE_TEST_SUITE_P(Savers, SyntheticLayouts, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Sharded" : "Plain"; });

TEST(LoadSavedModel, UnknownSignatureKeyListsTheKeys) {
  const std::string dir = FreshDir("unknown_key");
  SyntheticModel(dir, {});
  absl::StatusOr<LoadedSavedModel> m = Load(dir, {"predict"});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(m.status().message(), HasSubstr("'predict'"));
  EXPECT_THAT(m.status().message(), HasSubstr("serving_default"));
}

TEST(LoadSavedModel, NoSignatures) {
  const std::string dir = FreshDir("no_signatures");
  tensorflow::SavedModel model = SyntheticModel(dir, {});
  model.mutable_meta_graphs(0)->mutable_signature_def()->clear();
  WriteSavedModelPb(dir, model);
  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(), HasSubstr("no signatures"));
  EXPECT_THAT(m.status().message(), HasSubstr(dir));
}

TEST(LoadSavedModel, SeveralSignaturesInKeyOrder) {
  const std::string dir = FreshDir("several");
  tensorflow::SavedModel model = SyntheticModel(dir, {});
  auto& defs = *model.mutable_meta_graphs(0)->mutable_signature_def();
  defs["b_sig"] = defs["serving_default"];
  defs["a_sig"] = defs["serving_default"];
  defs["__saved_model_init_op"].mutable_outputs()->operator[]("__saved_model_init_op").set_name("init");
  WriteSavedModelPb(dir, model);
  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_TRUE(m.ok()) << m.status();
  std::vector<std::string> keys;
  for (const auto& s : m->signatures) keys.push_back(s.key);
  EXPECT_THAT(keys, ::testing::ElementsAre("serving_default", "a_sig", "b_sig"));
}

TEST(LoadSavedModel, RealKwsFreezesEveryVariable) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/mlperf_tiny/keyword_spotting/kws_ref_model";
  absl::StatusOr<LoadedSavedModel> m = Load(dir);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->signatures.size(), 1u);
  const FrozenGraph& f = m->signatures[0].frozen;
  EXPECT_FALSE(f.variable_values.empty());
  for (const char* op : {"VarHandleOp", "ReadVariableOp", "StatefulPartitionedCall", "PartitionedCall",
                         "RestoreV2", "AssignVariableOp"}) {
    EXPECT_EQ(Ops(f.graph).count(op), 0u) << op;
  }
  // Every frozen value is a view of the mapped shard, of the size its dtype and shape give.
  for (const auto& [name, t] : f.variable_values) {
    int64_t n = 1;
    for (int64_t d : t.shape()) n *= d;
    EXPECT_EQ(t.ByteSize(), static_cast<size_t>(n) * 4) << name;  // all float32 in KWS
  }
}

}  // namespace
}  // namespace tfconv
