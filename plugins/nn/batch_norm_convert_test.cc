// A FusedBatchNormV3 graph through the converter's stages (GraphDef import, the frozen-graph passes,
// lowering, op versions, flatbuffer writing and reading), then the written .tflite in the reference
// interpreter: the frozen layer becomes MUL + ADD, and a reader of batch_mean gets the mean
// constant. Expected values are the hand computation of batch_norm_ops_test.cc. (The stages are
// called one by one, as converter/api does, so this test does not depend on the front ends.)
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/frontend/graphdef_import.h"
#include "converter/lowering/lower_graph.h"
#include "converter/passes/frozen_graph_passes.h"
#include "converter/passes/pass_manager.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/op_version.h"
#include "gtest/gtest.h"
#include "plugins/graph/graph_ops.h"
#include "plugins/nn/nn_ops.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

std::string TmpPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

std::string VectorConst(const std::string& name, const std::vector<float>& v) {
  std::string vals;
  for (float f : v) absl::StrAppend(&vals, " float_val: ", f);
  return absl::StrCat("node { name: '", name, "' op: 'Const' attr { key: 'dtype' value { type: DT_FLOAT } } ",
                      "attr { key: 'value' value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: ", v.size(),
                      " } }", vals, " } } } }\n");
}

// x [1, 2, 1, 3] -> FusedBatchNormV3 (epsilon 1, inference) -> "bn"; Identity of bn:1 -> "stats".
std::string BatchNormGraph(bool is_training) {
  return absl::StrCat(
      "node { name: 'x' op: 'Placeholder' attr { key: 'dtype' value { type: DT_FLOAT } } ",
      "attr { key: 'shape' value { shape { dim { size: 1 } dim { size: 2 } dim { size: 1 } dim { size: 3 } } } } }\n",
      VectorConst("scale", {2, -1, 0.5f}), VectorConst("offset", {1, 0, -2}), VectorConst("mean", {1, 2, -3}),
      VectorConst("variance", {3, 0, 8}),
      "node { name: 'bn' op: 'FusedBatchNormV3' input: 'x' input: 'scale' input: 'offset' input: 'mean' ",
      "input: 'variance' attr { key: 'T' value { type: DT_FLOAT } } attr { key: 'U' value { type: DT_FLOAT } } ",
      "attr { key: 'epsilon' value { f: 1 } } attr { key: 'data_format' value { s: 'NHWC' } } ",
      "attr { key: 'exponential_avg_factor' value { f: 1 } } ",
      "attr { key: 'is_training' value { b: ", is_training ? "true" : "false", " } } }\n",
      "node { name: 'stats' op: 'Identity' input: 'bn:1' attr { key: 'T' value { type: DT_FLOAT } } }\n");
}

class BatchNormConvertTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto [id, fn] : {std::pair{"tfconv.graph", &RegisterGraphOps}, std::pair{"tfconv.nn", &RegisterNnOps}}) {
      registry_.BeginPlugin(id, false);
      fn(registry_);
      absl::Status s = registry_.EndPlugin();
      ASSERT_TRUE(s.ok()) << s;
    }
  }

  // pbtxt -> model, inputs {"x"}, outputs {"bn", "stats"}.
  absl::StatusOr<TflModel> Convert(const std::string& pbtxt, const std::string& file) {
    const std::string path = TmpPath(file);
    std::ofstream(path) << pbtxt;
    absl::StatusOr<tensorflow::GraphDef> def = ReadGraphDefFile(path);
    if (!def.ok()) return def.status();
    absl::StatusOr<Graph> graph = ImportGraphDef(std::move(*def), path);
    if (!graph.ok()) return graph.status();
    ModelInterface interface;
    PassContext context;
    context.registry = &registry_;
    context.model_interface = &interface;
    context.options.input_arrays = {"x"};
    context.options.output_arrays = {"bn", "stats"};
    PassManager passes;
    AddFrozenGraphPasses(passes);
    if (absl::Status s = passes.Run(*graph, context); !s.ok()) return s;
    LoweringRequest lowering;
    for (const InterfaceTensor& t : interface.inputs) lowering.inputs.emplace_back(t.name, t.tensor);
    for (const InterfaceTensor& t : interface.outputs) lowering.outputs.emplace_back(t.name, t.tensor);
    absl::StatusOr<TflModel> model = LowerGraph(*graph, registry_, lowering);
    if (!model.ok()) return model.status();
    AssignOperatorVersions(*model);
    return model;
  }

  OpRegistry registry_;
};

TEST_F(BatchNormConvertTest, FrozenLayerBecomesMulAndAdd) {
  absl::StatusOr<TflModel> converted = Convert(BatchNormGraph(false), "bn.pbtxt");
  ASSERT_TRUE(converted.ok()) << converted.status();
  const std::string out = TmpPath("bn.tflite");
  absl::Status written = WriteModelFile(*std::move(converted), out);
  ASSERT_TRUE(written.ok()) << written;
  absl::StatusOr<TflModel> model = ReadModelFile(out);
  ASSERT_TRUE(model.ok()) << model.status();
  const TflSubgraph& g = model->subgraphs[0];
  ASSERT_EQ(g.operators.size(), 2u);
  EXPECT_EQ(model->CodeOf(g.operators[0]).builtin_code, tflite::BuiltinOperator::MUL);
  EXPECT_EQ(model->CodeOf(g.operators[1]).builtin_code, tflite::BuiltinOperator::ADD);
  ASSERT_EQ(g.outputs.size(), 2u);
  EXPECT_EQ(g.outputs[0], g.operators[1].outputs[0]);

  auto interp = Interpreter::Create(std::make_shared<TflModel>(*std::move(model)), BuiltinKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  RtTensor x = RtTensor::Make(tflite::TensorType::FLOAT32, {1, 2, 1, 3});
  const std::vector<float> xv = {5, 2, 3, -1, 4, -9};
  std::copy(xv.begin(), xv.end(), x.mutable_data<float>());
  absl::StatusOr<std::vector<RtTensor>> y = (*interp)->Invoke(0, {x});
  ASSERT_TRUE(y.ok()) << y.status();
  ASSERT_EQ(y->size(), 2u);
  const std::vector<float> want = {5, 0, -1, -1, -2, -3};
  ASSERT_EQ((*y)[0].num_elements(), 6);
  for (int i = 0; i < 6; ++i) EXPECT_NEAR((*y)[0].data<float>()[i], want[i], 1e-6f) << i;
  // batch_mean is the mean input, passed through.
  ASSERT_EQ((*y)[1].num_elements(), 3);
  EXPECT_EQ(std::vector<float>((*y)[1].data<float>(), (*y)[1].data<float>() + 3), std::vector<float>({1, 2, -3}));
}

TEST_F(BatchNormConvertTest, TrainingModeIsReportedAsUnsupported) {
  absl::StatusOr<TflModel> model = Convert(BatchNormGraph(true), "bn_train.pbtxt");
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("FusedBatchNorm in training mode cannot be converted; export the model "
                                          "for inference"),
            std::string::npos)
      << model.status();
  EXPECT_NE(model.status().message().find("bn"), std::string::npos) << model.status();
}

}  // namespace
}  // namespace tfconv
