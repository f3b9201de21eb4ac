#include "converter/passes/pass_manager.h"

#include <string>
#include <vector>

#include "converter/passes/graph_dump.h"
#include "converter/passes/test_ops.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

TEST(PassManagerTest, RunsPassesInOrderAndCallsTheHookAfterEach) {
  std::vector<std::string> log;
  PassManager passes;
  passes.Add("first", [&](Graph& g, const PassContext&) {
    log.push_back("first");
    g.AddNode("made_by_first", "NoOp");
    return absl::OkStatus();
  });
  passes.Add("second", [&](Graph&, const PassContext&) {
    log.push_back("second");
    return absl::OkStatus();
  });
  passes.SetAfterPassHook([&](absl::string_view name, const Graph& g) {
    log.push_back(absl::StrCat("after ", name, " nodes=", g.num_nodes()));
  });
  EXPECT_EQ(passes.names(), (std::vector<std::string>{"first", "second"}));

  Graph graph;
  ModelInterface interface;
  PassContext context;
  context.model_interface = &interface;
  ASSERT_TRUE(passes.Run(graph, context).ok());
  EXPECT_EQ(log, (std::vector<std::string>{"first", "after first nodes=1", "second",
                                           "after second nodes=1"}));
}

TEST(PassManagerTest, ErrorIsPrefixedWithThePassAndStopsTheRun) {
  bool third_ran = false;
  PassManager passes;
  passes.Add("ok", [](Graph&, const PassContext&) { return absl::OkStatus(); });
  passes.Add("breaks", [](Graph&, const PassContext&) {
    return absl::NotFoundError("output array 'y' is not in the graph");
  });
  passes.Add("third", [&](Graph&, const PassContext&) {
    third_ran = true;
    return absl::OkStatus();
  });
  Graph graph;
  ModelInterface interface;
  PassContext context;
  context.model_interface = &interface;
  absl::Status s = passes.Run(graph, context);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "pass 'breaks': output array 'y' is not in the graph");
  EXPECT_FALSE(third_ran);
}

TEST(PassManagerTest, InterfaceStartsEmptyForEachRun) {
  Graph old_graph;
  Node* stale = old_graph.AddNode("stale", "Placeholder");
  ModelInterface interface;
  interface.inputs = {{"stale", {stale, 0}}};
  interface.outputs = {{"stale", {stale, 0}}};
  PassContext context;
  context.model_interface = &interface;
  PassManager passes;
  size_t inputs_seen = 99;
  passes.Add("look", [&](Graph&, const PassContext& c) {
    inputs_seen = c.model_interface->inputs.size() + c.model_interface->outputs.size();
    return absl::OkStatus();
  });
  Graph graph;
  ASSERT_TRUE(passes.Run(graph, context).ok());
  EXPECT_EQ(inputs_seen, 0u);
}

TEST(PassManagerTest, ContextWithoutInterfaceIsRefused) {
  PassManager passes;
  Graph graph;
  EXPECT_FALSE(passes.Run(graph, PassContext{}).ok());
}

TEST(GraphDumpTest, ListsNodesInputsAndOutputs) {
  Graph g;
  Node* x = AddPlaceholder(g, "x", DataType::kFloat, PartialShape({1, 4}));
  x->EnsureOutputs(1);
  x->outputs[0].dtype = DataType::kFloat;
  x->outputs[0].shape = PartialShape({1, 4});
  Node* init = g.AddNode("init", "NoOp");
  Node* y = AddOp(g, "y", "Relu", {{x, 0}});
  y->control_inputs.push_back(init);
  EXPECT_EQ(DumpGraph(g),
            "x = Placeholder() -> float32[1,4]\n"
            "init = NoOp()\n"
            "y = Relu(x, ^init)\n");
}

}  // namespace
}  // namespace tfconv
