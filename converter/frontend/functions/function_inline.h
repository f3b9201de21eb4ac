// Inlining the function library of a GraphDef (TF2 SavedModels keep their computation there and
// call it through StatefulPartitionedCall), then stripping what inference does not need.
//
//   tensorflow::GraphDef& graph = *meta_graph.mutable_graph_def();
//   InlineOptions options;
//   options.op_defs = meta_graph.meta_info_def().stripped_op_list();   // optional, see below
//   absl::Status s = InlineFunctionCalls(graph, "model/saved_model.pb", options);
//   // "StatefulPartitionedCall:0" still names the signature output (an IdentityN alias), and reads
//   // of it inside the graph now read "StatefulPartitionedCall/.../Softmax" directly.
//   StripOptions strip;
//   strip.keep = {"StatefulPartitionedCall"};
//   s = StripInferenceNoOps(graph, "model/saved_model.pb", strip);
//
// Errors start with `source_name` and name the function, the node and the reference.
#ifndef TFCONV_CONVERTER_FRONTEND_FUNCTIONS_FUNCTION_INLINE_H_
#define TFCONV_CONVERTER_FRONTEND_FUNCTIONS_FUNCTION_INLINE_H_

#include <string>

#include "absl/status/status.h"
#include "converter/frontend/functions/strip_noops.h"
#include "converter/proto/graph.pb.h"
#include "converter/proto/op_def.pb.h"

namespace tfconv {

struct InlineOptions {
  // Nesting limit: deeper (or recursive) calls are an error naming the chain.
  int max_depth = 64;
  // OpDefs that tell the output arguments of ops the built-in table does not know (body references
  // are "node:out_arg:index"). A MetaGraphDef's stripped_op_list is the natural source.
  tensorflow::OpList op_defs;
  // A call of the top-level graph is replaced by an IdentityN of the same name (a NoOp when it has
  // no outputs) reading the inlined results, so names such as a signature's
  // "StatefulPartitionedCall:0" stay valid. Consumers inside the graph are rewired past it.
  bool keep_call_aliases = true;
};

// Replaces every call of a library function reachable from the graph's nodes
// (PartitionedCall, StatefulPartitionedCall with attr f, and nodes whose op is a function name) by
// the function's body, recursively. Body nodes become "<call node name>/<body node name>" (a
// suffix "_1", "_2"... only if that name is taken). The function's arguments map to the call's data
// inputs (resource arguments too: they stay ordinary edges); the call's output i to the body
// tensor of ret[output_arg[i]]. A consumer "^call" gets control edges from the control_ret nodes
// and the producers of the results (from the call's inputs when the function has neither). Body
// nodes that read nothing inside the body get the call's control inputs. Calls whose outputs no
// one reads are inlined too; the library itself is left in place.
//
// Errors: a missing function, an arity mismatch (inputs, Tin, Tout), a reference the body cannot
// resolve ("node:arg:idx" naming a missing node, argument or index; an op whose output arguments are
// unknown), a polymorphic function (attr placeholders: Unimplemented), recursion or nesting deeper
// than max_depth (the chain of functions is named), a read of an output the call does not have.
// On error the graph is left as it was.
// Deterministic: the same input gives the same GraphDef.
absl::Status InlineFunctionCalls(tensorflow::GraphDef& graph, const std::string& source_name,
                                 const InlineOptions& options = {});

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_FUNCTIONS_FUNCTION_INLINE_H_
