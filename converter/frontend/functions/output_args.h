// The output arguments of TensorFlow ops, which a function body needs to turn a reference
// "node:out_arg:index" into the flat output number "node:i" of a GraphDef.
//
//   OutputArgResolver args(&graph.library(), &meta_graph.meta_info_def().stripped_op_list());
//   absl::StatusOr<OutputRange> r = args.Range(bn_node, "batch_mean");   // FusedBatchNormV3: {1, 1}
//   absl::StatusOr<OutputRange> s = args.Range(split_node, "output");     // Split num_split=3: {0, 3}
//
// Sources, in this order: the signatures of the library's functions (a node whose op names a
// function), OpDefs the caller passes (a MetaGraphDef's stripped_op_list; older TF versions list
// only the ops of the top-level graph there), and the built-in table of output_args_table.cc. An op
// found in none of them is an error, never a guess: its output arguments decide the flat numbers.
#ifndef TFCONV_CONVERTER_FRONTEND_FUNCTIONS_OUTPUT_ARGS_H_
#define TFCONV_CONVERTER_FRONTEND_FUNCTIONS_OUTPUT_ARGS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/proto/function.pb.h"
#include "converter/proto/node_def.pb.h"
#include "converter/proto/op_def.pb.h"

namespace tfconv {

// One output argument: a single tensor, or a list whose length a node attribute gives (an int
// attr for "N * T" arguments, a list(type) attr for type lists).
struct OutputArg {
  enum class Kind { kSingle, kNumberAttr, kTypeListAttr };
  std::string name;
  Kind kind = Kind::kSingle;
  std::string attr;          // the attr holding the length (list kinds)
  int default_length = -1;   // from an OpDef's attr default, when the node omits the attr
};

// The flat outputs [first, first + length) of one output argument.
struct OutputRange {
  int first = 0;
  int length = 1;
};

// The built-in table only; nullptr for an op it does not list.
const std::vector<OutputArg>* BuiltinOutputArgs(absl::string_view op);

// Every op the built-in table lists, sorted (for tests).
std::vector<std::string> BuiltinOutputArgOps();

// Ops the table lists more than once (a mistake in its data; for tests).
std::vector<std::string> BuiltinOutputArgOpsListedTwice();

// Output arguments as an OpDef declares them (also a FunctionDef's signature).
std::vector<OutputArg> OutputArgsOfOpDef(const tensorflow::OpDef& op_def);

class OutputArgResolver {
 public:
  // Either pointer may be null; both must outlive the resolver.
  OutputArgResolver(const tensorflow::FunctionDefLibrary* library, const tensorflow::OpList* op_defs);

  // nullptr when no source knows `op`.
  const std::vector<OutputArg>* Find(absl::string_view op) const;

  // Where output argument `arg` of `node` lies among the node's flat outputs. Errors (the caller
  // adds which function and node): the op is unknown, it has no argument `arg`, or a list length
  // the flat position depends on is missing from the node's attrs.
  absl::StatusOr<OutputRange> Range(const tensorflow::NodeDef& node, absl::string_view arg) const;

  // The number of flat outputs of `node`, or -1 when a list length is unknown. Errors as Range.
  absl::StatusOr<int> NumOutputs(const tensorflow::NodeDef& node) const;

 private:
  absl::flat_hash_map<std::string, std::vector<OutputArg>> from_library_;
  absl::flat_hash_map<std::string, std::vector<OutputArg>> from_op_defs_;
};

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_FUNCTIONS_OUTPUT_ARGS_H_
