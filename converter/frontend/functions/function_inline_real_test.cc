// Inlining the real TF2 SavedModels of ../shared/testdata/real. Expectations come from outside the
// code under test: the official KWS .tflite (its operator list), the model maths in the NOTES.md
// files (y = 0.5x + 2; x*3; [1,2,3] -> ([2,4,6], [1,2,3]) ...) and the signature_defs.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "converter/frontend/functions/function_inline.h"
#include "converter/frontend/functions/input_ref.h"
#include "converter/frontend/functions/strip_noops.h"
#include "converter/frontend/functions/test_graphs.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/model_check.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

std::string Show(const std::map<std::string, int>& ops) {
  std::string s;
  for (const auto& [op, n] : ops) absl::StrAppend(&s, op, "=", n, " ");
  return s;
}

int Count(const std::map<std::string, int>& ops, const std::string& op) {
  auto it = ops.find(op);
  return it == ops.end() ? 0 : it->second;
}

// The serving MetaGraphDef with its graph inlined (the lead's loader passes the same OpDefs).
tensorflow::MetaGraphDef LoadInlined(const std::string& dir) {
  absl::StatusOr<tensorflow::SavedModel> model = ReadSavedModel(dir + "/saved_model.pb");
  EXPECT_TRUE(model.ok()) << model.status();
  if (!model.ok() || model->meta_graphs_size() == 0) return {};
  tensorflow::MetaGraphDef meta = model->meta_graphs(0);
  InlineOptions options;
  options.op_defs = meta.meta_info_def().stripped_op_list();
  absl::Status s = InlineFunctionCalls(*meta.mutable_graph_def(), dir, options);
  EXPECT_TRUE(s.ok()) << s;
  return meta;
}

std::vector<std::string> Tensors(const google::protobuf::Map<std::string, tensorflow::TensorInfo>& map) {
  std::map<std::string, std::string> sorted;
  for (const auto& [key, info] : map) sorted[key] = info.name();
  std::vector<std::string> names;
  for (const auto& [key, name] : sorted) names.push_back(name);
  return names;
}

// No call, direct or through (Stateful)PartitionedCall, is left where the outputs can reach.
void ExpectNoCallReachable(const tensorflow::GraphDef& graph, const std::vector<std::string>& outputs) {
  std::map<std::string, int> ops = ReachableOps(graph, outputs);
  for (const auto& fn : graph.library().function()) {
    EXPECT_EQ(Count(ops, fn.signature().name()), 0) << fn.signature().name();
  }
  EXPECT_EQ(Count(ops, "PartitionedCall"), 0);
  EXPECT_EQ(Count(ops, "StatefulPartitionedCall"), 0);
  EXPECT_EQ(Count(ops, "<missing>"), 0) << "an input names a node that is not in the graph";
}

std::string OpOfTensor(const tensorflow::GraphDef& graph, const std::string& tensor) {
  const tensorflow::NodeDef* node = FindNode(graph, std::string(NodeOfInput(tensor)));
  return node == nullptr ? "<missing>" : node->op();
}

// The KWS DS-CNN: conv + 4 x (depthwise conv + pointwise conv), each followed by batch norm and
// ReLU, then average pooling, flatten, dense and softmax.
void ExpectDsCnn(const std::map<std::string, int>& ops, const std::map<std::string, int>& tflite) {
  const int conv = Count(tflite, "CONV_2D");
  const int depthwise = Count(tflite, "DEPTHWISE_CONV_2D");
  EXPECT_EQ(conv, 5);
  EXPECT_EQ(depthwise, 4);
  EXPECT_EQ(Count(ops, "Conv2D"), conv) << Show(ops);
  EXPECT_EQ(Count(ops, "DepthwiseConv2dNative"), depthwise) << Show(ops);
  EXPECT_EQ(Count(ops, "FusedBatchNormV3"), conv + depthwise) << Show(ops);
  EXPECT_EQ(Count(ops, "Relu"), conv + depthwise) << Show(ops);
  EXPECT_EQ(Count(ops, "AvgPool"), Count(tflite, "AVERAGE_POOL_2D")) << Show(ops);
  EXPECT_EQ(Count(ops, "Reshape"), Count(tflite, "RESHAPE")) << Show(ops);
  EXPECT_EQ(Count(ops, "MatMul"), Count(tflite, "FULLY_CONNECTED")) << Show(ops);
  EXPECT_EQ(Count(ops, "Softmax"), Count(tflite, "SOFTMAX")) << Show(ops);
}

std::map<std::string, int> TfliteOps(const std::string& path) {
  std::map<std::string, int> ops;
  absl::StatusOr<TflModel> model = ReadModelFile(path);
  EXPECT_TRUE(model.ok()) << model.status();
  if (!model.ok()) return ops;
  for (const TflSubgraph& g : model->subgraphs) {
    for (const TflOperator& op : g.operators) ops[BuiltinOperatorName(model->CodeOf(op).builtin_code)]++;
  }
  return ops;
}

TEST(InlineRealModels, KeywordSpottingServingDefault) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/mlperf_tiny/keyword_spotting";
  std::map<std::string, int> tflite = TfliteOps(dir + "/kws_ref_model_float32.tflite");
  tensorflow::MetaGraphDef meta = LoadInlined(dir + "/kws_ref_model");
  tensorflow::GraphDef& graph = *meta.mutable_graph_def();
  const tensorflow::SignatureDef& sig = meta.signature_def().at("serving_default");
  std::vector<std::string> outputs = Tensors(sig.outputs());
  ASSERT_EQ(outputs, Strings({"StatefulPartitionedCall:0"}));

  ExpectNoCallReachable(graph, outputs);
  std::map<std::string, int> ops = ReachableOps(graph, outputs);
  ExpectDsCnn(ops, tflite);
  // Inference only: the training branches (dropout noise, moving-average updates) are elsewhere.
  EXPECT_EQ(Count(ops, "RandomUniform"), 0) << Show(ops);
  EXPECT_EQ(Count(ops, "AssignVariableOp"), 0) << Show(ops);
  EXPECT_EQ(Count(ops, "Placeholder"), 1) << Show(ops);
  // Weights: 5 convs and 4 depthwise convs with bias, 9 batch norms (gamma, beta, mean, variance),
  // one dense layer with bias.
  EXPECT_EQ(Count(ops, "VarHandleOp"), 5 * 2 + 4 * 2 + 9 * 4 + 2) << Show(ops);

  absl::StatusOr<std::string> probs = ResolveThroughIdentities(graph, outputs[0], "kws");
  ASSERT_TRUE(probs.ok()) << probs.status();
  EXPECT_EQ(OpOfTensor(graph, *probs), "Softmax") << *probs;

  // After stripping, only the kept alias is identity-like and no NoOp is left.
  StripOptions strip;
  strip.keep = {"StatefulPartitionedCall", "serving_default_input_1"};
  ASSERT_TRUE(StripInferenceNoOps(graph, "kws", strip).ok());
  ops = ReachableOps(graph, outputs);
  EXPECT_EQ(Count(ops, "Identity"), 0) << Show(ops);
  EXPECT_EQ(Count(ops, "NoOp"), 0) << Show(ops);
  EXPECT_EQ(Count(ops, "IdentityN"), 1) << Show(ops);
  ExpectDsCnn(ops, tflite);
  for (const tensorflow::NodeDef& node : graph.node()) EXPECT_TRUE(node.device().empty()) << node.name();
}

// Calls the Keras model functions (functional_1 -> layer functions, 3 levels of calls) directly.
TEST(InlineRealModels, KeywordSpottingNestedModelFunctions) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/mlperf_tiny/keyword_spotting";
  std::map<std::string, int> tflite = TfliteOps(dir + "/kws_ref_model_float32.tflite");
  absl::StatusOr<tensorflow::SavedModel> model = ReadSavedModel(dir + "/kws_ref_model/saved_model.pb");
  ASSERT_TRUE(model.ok()) << model.status();
  const tensorflow::GraphDef& full = model->meta_graphs(0).graph_def();
  int tried = 0;
  for (const tensorflow::FunctionDef& fn : full.library().function()) {
    const std::string& name = fn.signature().name();
    if (!absl::StartsWith(name, "__inference_functional_1_layer_call_fn_")) continue;
    ++tried;
    tensorflow::GraphDef graph;
    *graph.mutable_library() = full.library();
    tensorflow::NodeDef* call = graph.add_node();
    call->set_name("model");
    call->set_op(name);
    for (const auto& arg : fn.signature().input_arg()) {
      tensorflow::NodeDef* p = graph.add_node();
      p->set_name(absl::StrCat("arg_", arg.name()));
      p->set_op(arg.type() == tensorflow::DT_RESOURCE ? "VarHandleOp" : "Placeholder");
      call->add_input(p->name());
    }
    // The calls nest 3 deep (functional_1_layer_call_fn -> ..._call_and_return_conditional_losses
    // -> layer functions): a limit of 2 refuses them, 3 is enough.
    tensorflow::GraphDef shallow = graph;
    InlineOptions options;
    options.max_depth = 2;
    absl::Status s = InlineFunctionCalls(shallow, name, options);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    EXPECT_TRUE(HasText(s.message(), "nest deeper than 2"));
    options.max_depth = 3;
    s = InlineFunctionCalls(graph, name, options);
    ASSERT_TRUE(s.ok()) << s;
    ExpectNoCallReachable(graph, {"model:0"});
    ExpectDsCnn(ReachableOps(graph, {"model:0"}), tflite);
  }
  EXPECT_GE(tried, 2);
}

TEST(InlineRealModels, HalfPlusTwoAllSignatures) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/tf_serving/saved_model_half_plus_two_tf2_cpu";
  tensorflow::MetaGraphDef meta = LoadInlined(dir);
  const tensorflow::GraphDef& graph = meta.graph_def();
  int checked = 0;
  for (const auto& [key, sig] : meta.signature_def()) {
    if (key == "__saved_model_init_op") continue;
    ++checked;
    std::vector<std::string> outputs = Tensors(sig.outputs());
    ASSERT_EQ(outputs.size(), 1u) << key;
    ASSERT_EQ(sig.inputs_size(), 1) << key;
    const bool parses_examples = sig.inputs().begin()->second.dtype() == tensorflow::DT_STRING;
    ExpectNoCallReachable(graph, outputs);
    // y = a*x + b from two variables; serialized tf.Examples are parsed first.
    std::map<std::string, int> ops = ReachableOps(graph, outputs);
    EXPECT_EQ(Count(ops, "Mul"), 1) << key << ": " << Show(ops);
    EXPECT_EQ(Count(ops, "AddV2") + Count(ops, "Add"), 1) << key << ": " << Show(ops);
    EXPECT_EQ(Count(ops, "ReadVariableOp"), 2) << key << ": " << Show(ops);
    EXPECT_EQ(Count(ops, "VarHandleOp"), 2) << key << ": " << Show(ops);
    EXPECT_EQ(Count(ops, "ParseExampleV2"), parses_examples ? 1 : 0) << key << ": " << Show(ops);
    EXPECT_EQ(Count(ops, "Placeholder") + Count(ops, "PlaceholderWithDefault"), 1)
        << key << ": " << Show(ops);

    absl::StatusOr<std::string> y = ResolveThroughIdentities(graph, outputs[0], dir);
    ASSERT_TRUE(y.ok()) << y.status();
    EXPECT_TRUE(OpOfTensor(graph, *y) == "AddV2" || OpOfTensor(graph, *y) == "Add") << key << " " << *y;
    if (!parses_examples) continue;
    // The Mul reads dense_values[0] of ParseExampleV2, whose outputs are sparse_indices
    // (num_sparse), sparse_values (sparse_types), sparse_shapes (num_sparse), dense_values...
    for (const std::string& name : ReachableNodes(graph, outputs)) {
      const tensorflow::NodeDef* mul = FindNode(graph, name);
      if (mul == nullptr || mul->op() != "Mul") continue;
      bool read_parse = false;
      for (const std::string& in : mul->input()) {
        absl::StatusOr<InputRef> ref = ParseInputRef(in);
        ASSERT_TRUE(ref.ok());
        const tensorflow::NodeDef* producer = FindNode(graph, ref->node);
        ASSERT_NE(producer, nullptr) << in;
        if (producer->op() != "ParseExampleV2") continue;
        read_parse = true;
        const auto& attrs = producer->attr();
        const int expected = 2 * static_cast<int>(attrs.at("num_sparse").i()) +
                             attrs.at("sparse_types").list().type_size();
        EXPECT_EQ(ref->index, expected) << key;
      }
      EXPECT_TRUE(read_parse) << key;
    }
  }
  EXPECT_EQ(checked, 6);
}

struct TfjsCase {
  const char* model;
  const char* signature;
  int muls;
  int casts;
  // Per output (sorted by key): the op computing it, or "=name" for an input passed through.
  std::vector<std::string> computed_by;
};

// NOTES.md: times_three_float x*3; times_two_int x*2; uint8_multiply 3 -> 18 (cast, two factors);
// int64_multiply [3,4] -> [18,24]; module_with_multiple_signatures x*3 and x*2;
// model_single_input_multi_output [1,2,3] -> ([2,4,6], [1,2,3]) (the second output is the input);
// model_multi_output (x, y) -> (2x, y).
TEST(InlineRealModels, TfjsSavedModels) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::vector<TfjsCase> cases = {
      {"times_three_float", "serving_default", 1, 0, {"Mul"}},
      {"times_two_int", "serving_default", 1, 0, {"Mul"}},
      {"uint8_multiply", "serving_default", 2, 1, {"Mul"}},
      {"int64_multiply", "serving_default", 2, 0, {"Mul"}},
      {"module_with_multiple_signatures", "serving_default", 1, 0, {"Mul"}},
      {"module_with_multiple_signatures", "timestwo", 1, 0, {"Mul"}},
      {"model_single_input_multi_output", "serving_default", 1, 0, {"Mul", "=serving_default_x"}},
      {"model_multi_output", "serving_default", 1, 0, {"Mul", "=serving_default_y"}},
  };
  for (const TfjsCase& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.model, " ", c.signature));
    const std::string dir = shared + "/testdata/real/tfjs/saved_model/" + c.model;
    tensorflow::MetaGraphDef meta = LoadInlined(dir);
    const tensorflow::GraphDef& graph = meta.graph_def();
    const tensorflow::SignatureDef& sig = meta.signature_def().at(c.signature);
    std::vector<std::string> outputs = Tensors(sig.outputs());
    ASSERT_EQ(outputs.size(), c.computed_by.size());
    ExpectNoCallReachable(graph, outputs);
    std::map<std::string, int> ops = ReachableOps(graph, outputs);
    EXPECT_EQ(Count(ops, "Mul"), c.muls) << Show(ops);
    EXPECT_EQ(Count(ops, "Cast"), c.casts) << Show(ops);
    EXPECT_EQ(Count(ops, "ReadVariableOp"), c.muls) << Show(ops);
    for (size_t i = 0; i < outputs.size(); ++i) {
      absl::StatusOr<std::string> t = ResolveThroughIdentities(graph, outputs[i], dir);
      ASSERT_TRUE(t.ok()) << t.status();
      if (c.computed_by[i][0] == '=') {
        EXPECT_EQ(*t, c.computed_by[i].substr(1));
      } else {
        EXPECT_EQ(OpOfTensor(graph, *t), c.computed_by[i]) << *t;
      }
    }
  }
}

// Every SavedModel of the shared data inlines (TF1 ones have no calls and stay as they are), and
// the result strips cleanly.
TEST(InlineRealModels, EverySavedModelInlines) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const char* const kDirs[] = {
      "tf_serving/matrix_half_plus_two",
      "tf_serving/saved_model_half_plus_two_tf2_cpu",
      "tf_serving/saved_model_half_plus_three",
      "tf_serving/saved_model_counter",
      "tf_serving/saved_model_half_plus_two_cpu",
      "tf2onnx/regression/saved_model",
      "tf2onnx/saved_model_with_redundant_inputs",
      "litert/python_testdata/control_flow_v1_saved_model",
      "tfjs/saved_model/model_single_input_multi_output",
      "tfjs/saved_model/module_with_multiple_signatures",
      "tfjs/saved_model/int64_multiply",
      "tfjs/saved_model/times_three_float",
      "tfjs/saved_model/times_two_int",
      "tfjs/saved_model/uint8_multiply",
      "tfjs/saved_model/model_multi_output",
      "mlperf_tiny/keyword_spotting/kws_ref_model",
  };
  for (const char* dir : kDirs) {
    SCOPED_TRACE(dir);
    tensorflow::MetaGraphDef meta = LoadInlined(shared + "/testdata/real/" + dir);
    std::vector<std::string> all_outputs;
    for (const auto& [key, sig] : meta.signature_def()) {
      for (const std::string& t : Tensors(sig.outputs())) all_outputs.push_back(t);
    }
    ExpectNoCallReachable(meta.graph_def(), all_outputs);
    tensorflow::GraphDef graph = meta.graph_def();
    absl::Status s = StripInferenceNoOps(graph, dir);
    EXPECT_TRUE(s.ok()) << s;
  }
}

}  // namespace
}  // namespace tfconv
