// Removing what inference does not need from a GraphDef: device placements, identity-like nodes,
// NoOps and Asserts. Runs after InlineFunctionCalls, before the graph IR import.
//
//   StripOptions options;
//   options.keep = {"StatefulPartitionedCall", "serving_default_x"};   // signature names
//   absl::Status s = StripInferenceNoOps(graph, "model/saved_model.pb", options);
//
//   // Or map a signature tensor to the op that really computes it first:
//   absl::StatusOr<std::string> t = ResolveThroughIdentities(graph, "StatefulPartitionedCall:0", "m");
//   // "StatefulPartitionedCall/StatefulPartitionedCall/functional_1/dense/Softmax"
#ifndef TFCONV_CONVERTER_FRONTEND_FUNCTIONS_STRIP_NOOPS_H_
#define TFCONV_CONVERTER_FRONTEND_FUNCTIONS_STRIP_NOOPS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "converter/proto/graph.pb.h"

namespace tfconv {

struct StripOptions {
  // Assert nodes dropped (false: kept, so the converter reports them).
  bool strip_asserts = true;
  // Node names that must survive unchanged, e.g. signature inputs and outputs. "name:0" is taken as
  // "name". A name that is not in the graph is an error.
  std::vector<std::string> keep;
};

// The ops whose output i is their data input i: Identity, IdentityN, StopGradient, PreventGradient,
// Snapshot, CheckNumerics, CheckNumericsV2. EnsureShape is not one of them: it states a shape the
// converter can use, so it stays.
bool IsIdentityLikeOp(const std::string& op);

// Clears every node's `device`; bypasses identity-like nodes (their consumers read their input and
// inherit their control inputs; a "^identity" consumer gets the producers and control inputs
// instead) and deletes them; deletes NoOp and Assert nodes and the control edges to them. Nodes in
// `keep` are neither bypassed nor deleted (a kept Identity still reads through the others).
// Top-level graph only: function bodies are left alone. Errors: a kept name that is missing, a data
// read of a NoOp/Assert, an identity-like node without data input, an IdentityN output out of range,
// a cycle of identity-like nodes. On error the graph is left as it was.
absl::Status StripInferenceNoOps(tensorflow::GraphDef& graph, const std::string& source_name,
                                 const StripOptions& options = {});

// Follows the tensor "node" / "node:i" through identity-like nodes to the tensor that computes it.
// Errors name the tensor; a node missing from the graph is an error.
absl::StatusOr<std::string> ResolveThroughIdentities(const tensorflow::GraphDef& graph,
                                                     const std::string& tensor,
                                                     const std::string& source_name);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_FUNCTIONS_STRIP_NOOPS_H_
