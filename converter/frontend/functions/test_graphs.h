// Helpers for the tests of this folder: GraphDefs from text protos, node look-ups, the op histogram
// of what a set of tensors depends on, and SavedModel files.
//
//   tensorflow::GraphDef g = ParseGraph(R"pb(node { name: "x" op: "Placeholder" })pb");
//   std::vector<std::string> in = InputsOf(g, "y");                 // {"x", "^init"}
//   std::map<std::string, int> ops = ReachableOps(g, {"out:0"});    // {"Conv2D": 5, ...}
#ifndef TFCONV_CONVERTER_FRONTEND_FUNCTIONS_TEST_GRAPHS_H_
#define TFCONV_CONVERTER_FRONTEND_FUNCTIONS_TEST_GRAPHS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/proto/graph.pb.h"
#include "converter/proto/saved_model.pb.h"
#include "gtest/gtest.h"

namespace tfconv {

// Parses a text GraphDef; a syntax error is a test failure (and an empty graph).
tensorflow::GraphDef ParseGraph(const std::string& text);

// nullptr when absent.
const tensorflow::NodeDef* FindNode(const tensorflow::GraphDef& graph, const std::string& name);

// The inputs of node `name`; {"<missing>"} when there is no such node.
std::vector<std::string> InputsOf(const tensorflow::GraphDef& graph, const std::string& name);

// Ops of every node the tensors depend on through data and control edges (the tensors' own nodes
// included), counted by op.
std::map<std::string, int> ReachableOps(const tensorflow::GraphDef& graph,
                                        const std::vector<std::string>& tensors);

// The names of those nodes.
std::vector<std::string> ReachableNodes(const tensorflow::GraphDef& graph,
                                        const std::vector<std::string>& tensors);

// A binary saved_model.pb.
absl::StatusOr<tensorflow::SavedModel> ReadSavedModel(const std::string& path);

using Strings = std::vector<std::string>;

// Success when `haystack` contains `needle`; the failure message shows both.
::testing::AssertionResult HasText(absl::string_view haystack, absl::string_view needle);

// Serialized bytes with a deterministic map order, to compare two GraphDefs.
std::string DeterministicBytes(const tensorflow::GraphDef& graph);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_FUNCTIONS_TEST_GRAPHS_H_
