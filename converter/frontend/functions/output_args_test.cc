// The output-argument table and resolver. Flat positions are derived by hand from the OpDefs
// (tensorflow/core/ops); the table is also checked against the OpDefs that real SavedModels carry
// in their stripped_op_list, an independent copy of the same facts.
#include "converter/frontend/functions/output_args.h"

#include <dirent.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/frontend/functions/test_graphs.h"
#include "converter/frontend/shared_testdata.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

tensorflow::NodeDef Node(const std::string& text) {
  tensorflow::NodeDef node;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &node)) << text;
  return node;
}

OutputRange RangeOf(const OutputArgResolver& r, const tensorflow::NodeDef& node, const std::string& arg) {
  absl::StatusOr<OutputRange> range = r.Range(node, arg);
  EXPECT_TRUE(range.ok()) << range.status();
  return range.ok() ? *range : OutputRange{-1, -1};
}

TEST(OutputArgs, TableListsEveryOpOnce) {
  EXPECT_TRUE(BuiltinOutputArgOpsListedTwice().empty())
      << "listed twice: " << BuiltinOutputArgOpsListedTwice()[0];
  EXPECT_GT(BuiltinOutputArgOps().size(), 300u);
}

TEST(OutputArgs, FusedBatchNormV3) {
  OutputArgResolver r(nullptr, nullptr);
  tensorflow::NodeDef bn = Node(R"pb(name: "bn" op: "FusedBatchNormV3")pb");
  EXPECT_EQ(RangeOf(r, bn, "y").first, 0);
  EXPECT_EQ(RangeOf(r, bn, "batch_mean").first, 1);
  EXPECT_EQ(RangeOf(r, bn, "batch_variance").first, 2);
  EXPECT_EQ(RangeOf(r, bn, "reserve_space_3").first, 5);
  EXPECT_EQ(*r.NumOutputs(bn), 6);
}

TEST(OutputArgs, ListLengthsFromAttrs) {
  OutputArgResolver r(nullptr, nullptr);
  tensorflow::NodeDef split = Node(R"pb(name: "s" op: "Split" attr { key: "num_split" value { i: 4 } })pb");
  OutputRange range = RangeOf(r, split, "output");
  EXPECT_EQ(range.first, 0);
  EXPECT_EQ(range.length, 4);

  // ParseExampleV2: sparse_indices (num_sparse), sparse_values (sparse_types), sparse_shapes
  // (num_sparse), dense_values (Tdense), ragged_values, ragged_row_splits.
  tensorflow::NodeDef parse = Node(R"pb(
    name: "p" op: "ParseExampleV2"
    attr { key: "num_sparse" value { i: 2 } }
    attr { key: "sparse_types" value { list { type: DT_INT64 type: DT_STRING } } }
    attr { key: "Tdense" value { list { type: DT_FLOAT } } }
    attr { key: "ragged_value_types" value { list { type: DT_FLOAT } } }
    attr { key: "ragged_split_types" value { list { type: DT_INT64 } } })pb");
  EXPECT_EQ(RangeOf(r, parse, "sparse_shapes").first, 4);
  EXPECT_EQ(RangeOf(r, parse, "dense_values").first, 6);
  EXPECT_EQ(RangeOf(r, parse, "ragged_row_splits").first, 8);
  EXPECT_EQ(*r.NumOutputs(parse), 9);

  // A missing length is an error only when a later argument's position depends on it.
  tensorflow::NodeDef bare = Node(R"pb(name: "p" op: "ParseExampleV2")pb");
  EXPECT_EQ(RangeOf(r, bare, "sparse_indices").length, -1);
  absl::StatusOr<OutputRange> dense = r.Range(bare, "dense_values");
  EXPECT_FALSE(dense.ok());
  EXPECT_TRUE(HasText(dense.status().message(), "comes after the list 'sparse_indices'"));
  EXPECT_EQ(*r.NumOutputs(bare), -1);

  tensorflow::NodeDef bad = Node(R"pb(name: "s" op: "Split" attr { key: "num_split" value { s: "x" } })pb");
  EXPECT_FALSE(r.Range(bad, "output").ok());
}

TEST(OutputArgs, UnknownOpsAndArguments) {
  OutputArgResolver r(nullptr, nullptr);
  absl::StatusOr<OutputRange> unknown = r.Range(Node(R"pb(name: "n" op: "Frobnicate")pb"), "out");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(HasText(unknown.status().message(), "op 'Frobnicate' are unknown"));

  absl::StatusOr<OutputRange> wrong = r.Range(Node(R"pb(name: "n" op: "TopKV2")pb"), "value");
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(HasText(wrong.status().message(), "op 'TopKV2' has no output argument 'value' (it has values, indices)"));

  absl::StatusOr<OutputRange> none = r.Range(Node(R"pb(name: "n" op: "NoOp")pb"), "output");
  EXPECT_TRUE(HasText(none.status().message(), "op 'NoOp' has no outputs"));
}

TEST(OutputArgs, LibraryAndOpDefsComeFirst) {
  tensorflow::FunctionDefLibrary library;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    function { signature { name: "f" output_arg { name: "a" type: DT_FLOAT } output_arg { name: "b" type: DT_FLOAT } } })pb",
                                                            &library));
  tensorflow::OpList ops;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    op {
      name: "Custom"
      output_arg { name: "head" type: DT_FLOAT }
      output_arg { name: "rest" type: DT_FLOAT number_attr: "N" }
      output_arg { name: "tail" type: DT_FLOAT }
      attr { name: "N" type: "int" default_value { i: 3 } }
    })pb",
                                                            &ops));
  OutputArgResolver r(&library, &ops);
  EXPECT_EQ(RangeOf(r, Node(R"pb(name: "n" op: "f")pb"), "b").first, 1);
  // N defaults to 3 when the node leaves it out (stripped default attrs).
  EXPECT_EQ(RangeOf(r, Node(R"pb(name: "n" op: "Custom")pb"), "tail").first, 4);
  EXPECT_EQ(RangeOf(r, Node(R"pb(name: "n" op: "Custom" attr { key: "N" value { i: 1 } })pb"), "tail").first, 2);
}

// Every OpDef in the stripped_op_list of a real SavedModel that the table also lists must agree.
TEST(OutputArgs, AgreesWithTheOpDefsOfRealSavedModels) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  std::vector<std::string> files;
  std::function<void(const std::string&)> walk = [&](const std::string& dir) {
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) return;
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      std::string path = dir + "/" + name;
      if (e->d_type == DT_DIR) walk(path);
      if (name == "saved_model.pb") files.push_back(path);
    }
    closedir(d);
  };
  walk(shared + "/testdata/real");
  ASSERT_GE(files.size(), 10u) << "expected the SavedModels of tf_serving, tfjs, mlperf_tiny...";
  int compared = 0;
  for (const std::string& file : files) {
    absl::StatusOr<tensorflow::SavedModel> model = ReadSavedModel(file);
    ASSERT_TRUE(model.ok()) << model.status();
    for (const auto& meta : model->meta_graphs()) {
      for (const tensorflow::OpDef& op : meta.meta_info_def().stripped_op_list().op()) {
        const std::vector<OutputArg>* table = BuiltinOutputArgs(op.name());
        if (table == nullptr) continue;
        std::vector<OutputArg> truth = OutputArgsOfOpDef(op);
        ASSERT_EQ(table->size(), truth.size()) << op.name() << " in " << file;
        for (size_t i = 0; i < truth.size(); ++i) {
          EXPECT_EQ((*table)[i].name, truth[i].name) << op.name();
          EXPECT_EQ((*table)[i].kind, truth[i].kind) << op.name() << " " << truth[i].name;
          EXPECT_EQ((*table)[i].attr, truth[i].attr) << op.name() << " " << truth[i].name;
        }
        ++compared;
      }
    }
  }
  // Includes multi-argument ops: Merge, BroadcastGradientArgs, ParseExample, ParseExampleV2.
  EXPECT_GE(compared, 40);
}

}  // namespace
}  // namespace tfconv
