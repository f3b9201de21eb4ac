// The synthetic SavedModel: its graph next to the real TF1 SavedModel tf_serving's
// half_plus_two (same saver subgraph, saver_def and variable nodes), and its checkpoint next to
// the documented value formula.
#include "converter/frontend/checkpoint/synthetic_saved_model.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "converter/frontend/checkpoint/checkpoint_reader.h"
#include "converter/frontend/checkpoint/internal/test_files.h"
#include "converter/frontend/shared_testdata.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using tensorflow::NodeDef;

std::map<std::string, const NodeDef*> ByName(const tensorflow::GraphDef& g) {
  std::map<std::string, const NodeDef*> m;
  for (const NodeDef& n : g.node()) m[n.name()] = &n;
  return m;
}

std::set<std::string> AttrKeys(const NodeDef& n) {
  std::set<std::string> keys;
  for (const auto& [k, v] : n.attr()) keys.insert(k);
  return keys;
}

std::string InputNode(const std::string& input) {
  std::string s = input[0] == '^' ? input.substr(1) : input;
  return s.substr(0, s.find(':'));
}

TEST(SyntheticSavedModel, GraphIsClosedAndMatchesTheDocumentedStructure) {
  SyntheticSavedModelOptions o;
  o.num_variables = 3;
  o.variable_elements = 5;
  auto model = BuildSyntheticSavedModel(o);
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_EQ(model->meta_graphs_size(), 1);
  const auto& meta = model->meta_graphs(0);
  EXPECT_EQ(meta.meta_info_def().tags(0), "serve");
  auto nodes = ByName(meta.graph_def());
  std::set<std::string> ops_in_list;
  for (const auto& op : meta.meta_info_def().stripped_op_list().op()) ops_in_list.insert(op.name());
  std::set<std::string> ops_used;
  for (const NodeDef& n : meta.graph_def().node()) {
    ops_used.insert(n.op());
    for (const std::string& in : n.input())
      EXPECT_TRUE(nodes.count(InputNode(in))) << n.name() << " ← " << in;
  }
  EXPECT_EQ(ops_in_list, ops_used);

  EXPECT_EQ(nodes["x"]->op(), "Placeholder");
  EXPECT_EQ(nodes["x"]->attr().at("shape").shape().dim(1).size(), 5);
  EXPECT_EQ(nodes["v1"]->op(), "VariableV2");
  EXPECT_EQ(nodes["v1/read"]->input(0), "v1");
  EXPECT_EQ(nodes["add"]->op(), "AddV2");
  EXPECT_EQ(nodes["add"]->input(0), "x");
  EXPECT_EQ(nodes["add"]->input(1), "v0/read");
  EXPECT_EQ(nodes["add_2"]->input(0), "add_1");
  EXPECT_EQ(nodes["add_2"]->input(1), "v2/read");
  EXPECT_EQ(nodes["y"]->input(0), "add_2");
  EXPECT_EQ(nodes["save/Assign_2"]->input(0), "v2");
  EXPECT_EQ(nodes["save/Assign_2"]->input(1), "save/RestoreV2:2");
  EXPECT_EQ(nodes["save/restore_all"]->input_size(), 3);
  EXPECT_EQ(nodes["save/restore_all"]->input(0), "^save/Assign");
  EXPECT_EQ(meta.saver_def().filename_tensor_name(), "save/Const:0");
  EXPECT_EQ(meta.saver_def().restore_op_name(), "save/restore_all");
  EXPECT_FALSE(meta.saver_def().sharded());
  const auto& sig = meta.signature_def().at("serving_default");
  EXPECT_EQ(sig.inputs().at("x").name(), "x:0");
  EXPECT_EQ(sig.outputs().at("y").name(), "y:0");
  EXPECT_EQ(sig.method_name(), "tensorflow/serving/predict");

  o.num_variables = 0;
  EXPECT_EQ(BuildSyntheticSavedModel(o).status().code(), absl::StatusCode::kInvalidArgument);
}

// With sharded_saver the save/ subgraph must be the one TF's builder wrote for half_plus_two
// (variables a, a2, b, c, c2 ↔ our v0..v4 in sorted order): same node names, ops, inputs and attr
// keys, and the same saver_def. Variable, Assign and read nodes carry the same attrs as TF's.
TEST(SyntheticSavedModel, SaverSubgraphMatchesRealTf1SavedModel) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  tensorflow::SavedModel real;
  {
    std::ifstream in(
        shared + "/testdata/real/tf_serving/saved_model_half_plus_two_cpu/saved_model.pb",
        std::ios::binary);
    ASSERT_TRUE(real.ParseFromIstream(&in));
  }
  SyntheticSavedModelOptions o;
  o.num_variables = 5;
  o.variable_elements = 1;
  o.sharded_saver = true;
  auto ours = BuildSyntheticSavedModel(o);
  ASSERT_TRUE(ours.ok()) << ours.status();
  const auto& rm = real.meta_graphs(0);
  const auto& om = ours->meta_graphs(0);
  const std::map<std::string, std::string> rename = {
      {"a", "v0"}, {"a2", "v1"}, {"b", "v2"}, {"c", "v3"}, {"c2", "v4"}};
  auto theirs = ByName(rm.graph_def());
  auto mine = ByName(om.graph_def());
  int compared = 0;
  for (const auto& [name, node] : theirs) {
    if (name.rfind("save/", 0) != 0) continue;
    ASSERT_TRUE(mine.count(name)) << "missing " << name;
    const NodeDef& m = *mine[name];
    EXPECT_EQ(m.op(), node->op()) << name;
    ASSERT_EQ(m.input_size(), node->input_size()) << name;
    for (int i = 0; i < node->input_size(); ++i) {
      auto it = rename.find(node->input(i));
      EXPECT_EQ(m.input(i), it == rename.end() ? node->input(i) : it->second) << name;
    }
    EXPECT_EQ(AttrKeys(m), AttrKeys(*node)) << name;
    ++compared;
  }
  EXPECT_EQ(compared, 25);  // 18 saver nodes + 5 save/Assign* + restore_shard + restore_all
  for (const auto& [name, node] : mine) {
    if (name.rfind("save/", 0) == 0) {
      EXPECT_TRUE(theirs.count(name)) << "extra " << name;
    }
  }
  EXPECT_EQ(om.saver_def().SerializeAsString(), rm.saver_def().SerializeAsString());
  EXPECT_EQ(AttrKeys(*mine["v0"]), AttrKeys(*theirs["a"]));
  EXPECT_EQ(AttrKeys(*mine["v0/Assign"]), AttrKeys(*theirs["a/Assign"]));
  EXPECT_EQ(AttrKeys(*mine["v0/read"]), AttrKeys(*theirs["a/read"]));
  EXPECT_EQ(AttrKeys(*mine["x"]), std::set<std::string>({"_output_shapes", "dtype", "shape"}));
  // Op definitions we share with TF's stripped_op_list are identical.
  std::map<std::string, std::string> real_ops;
  for (const auto& op : rm.meta_info_def().stripped_op_list().op())
    real_ops[op.name()] = op.SerializeAsString();
  int same_ops = 0;
  for (const auto& op : om.meta_info_def().stripped_op_list().op()) {
    if (!real_ops.count(op.name())) continue;
    EXPECT_EQ(op.SerializeAsString(), real_ops[op.name()]) << op.name();
    ++same_ops;
  }
  EXPECT_EQ(same_ops, 13);  // all but AddV2 and Fill
}

TEST(SyntheticSavedModel, CheckpointHoldsTheFormulaInSaverOrder) {
  const std::string dir = FreshTestDir("synthetic_small");
  SyntheticSavedModelOptions o;
  o.num_variables = 13;  // v10.. sort between v1 and v2
  o.variable_elements = 40;
  ASSERT_TRUE(WriteSyntheticSavedModel(dir, o).ok());
  tensorflow::SavedModel model;
  {
    std::ifstream in(dir + "/saved_model.pb", std::ios::binary);
    ASSERT_TRUE(model.ParseFromIstream(&in));
  }
  auto nodes = ByName(model.meta_graphs(0).graph_def());
  const auto& names =
      nodes["save/RestoreV2/tensor_names"]->attr().at("value").tensor().string_val();
  auto r = CheckpointReader::Open(dir + "/variables/variables");
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> keys = (*r)->Keys();
  ASSERT_EQ(keys.size(), 13u);
  EXPECT_EQ(keys[2], "v10");
  for (int k = 0; k < 13; ++k) {
    EXPECT_EQ(names[k], keys[k]);  // RestoreV2 output k is checkpoint key k
    const std::string assign = k == 0 ? "save/Assign" : "save/Assign_" + std::to_string(k);
    EXPECT_EQ(nodes[assign]->input(0), keys[k]);
  }
  std::vector<float> sum(40, 0.0f);
  for (int i = 0; i < 13; ++i) {
    auto t = (*r)->Read("v" + std::to_string(i));
    ASSERT_TRUE(t.ok()) << t.status();
    ASSERT_EQ(t->shape(), std::vector<int64_t>{40});
    for (int j = 0; j < 40; ++j) {
      // By hand: ((7i + j) mod 13 - 6) / 1024.
      EXPECT_EQ(t->data<float>()[j], static_cast<float>((7 * i + j) % 13 - 6) / 1024.0f);
      sum[j] += t->data<float>()[j];
    }
  }
  // 7 is prime to 13, so over 13 variables each column sums (r - 6) for r = 0..12: exactly 0,
  // and this model's y equals x.
  for (float s : sum) EXPECT_EQ(s, 0.0f);
}

TEST(SyntheticSavedModel, LargeModelStreamsAndReadsBack) {
  const std::string dir = FreshTestDir("synthetic_large");
  SyntheticSavedModelOptions o;
  o.num_variables = 4;
  o.variable_elements = int64_t{1} << 22;  // 4 x 16 MiB
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(WriteSyntheticSavedModel(dir, o).ok());
  double write_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  start = std::chrono::steady_clock::now();
  auto r = CheckpointReader::Open(dir + "/variables/variables");
  ASSERT_TRUE(r.ok()) << r.status();
  for (int i = 0; i < 4; ++i) {
    auto t = (*r)->Read("v" + std::to_string(i));  // CRC over all 16 MiB
    ASSERT_TRUE(t.ok()) << t.status();
    const int64_t n = t->NumElements();
    ASSERT_EQ(n, o.variable_elements);
    for (int64_t j : {int64_t{0}, int64_t{12345}, n - 1}) {
      EXPECT_EQ(t->data<float>()[j], SyntheticVariableValue(i, j));
      EXPECT_EQ(t->data<float>()[j], static_cast<float>((7 * i + j) % 13 - 6) / 1024.0f);
    }
  }
  double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("64 MiB: written in %.3f s, read and verified in %.3f s\n", write_s, read_s);
}

}  // namespace
}  // namespace tfconv
