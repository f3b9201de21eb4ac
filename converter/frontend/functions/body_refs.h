// Resolving the input references of one inlined function body to tensor names of the top-level
// graph. Body syntax (function.proto): "arg" (a function argument), "node:out_arg:index" (element
// `index` of output argument `out_arg` of body node `node`), "node:out_arg" (the whole argument)
// and "^node" for control edges (handled by the caller).
//
//   BodyRefs refs(fn, resolver);
//   refs.args["x"] = "serving_default_x";                 // the call's data inputs
//   refs.renamed["bn"] = "call/bn";  refs.body["bn"] = &bn_node;
//   std::vector<std::string> t;  bool reads_body = false;
//   refs.ResolveData("bn:batch_mean:0", t, &reads_body);   // t = {"call/bn:1"}
#ifndef TFCONV_CONVERTER_FRONTEND_FUNCTIONS_BODY_REFS_H_
#define TFCONV_CONVERTER_FRONTEND_FUNCTIONS_BODY_REFS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "converter/frontend/functions/output_args.h"
#include "converter/proto/function.pb.h"
#include "converter/proto/node_def.pb.h"

namespace tfconv {

class BodyRefs {
 public:
  // Both must outlive this object.
  BodyRefs(const tensorflow::FunctionDef& fn, const OutputArgResolver& resolver)
      : fn_(fn), resolver_(resolver) {}

  absl::flat_hash_map<std::string, std::string> args;                 // arg name -> caller tensor
  absl::flat_hash_map<std::string, std::string> renamed;              // body node -> new name
  absl::flat_hash_map<std::string, const tensorflow::NodeDef*> body;  // body node -> its NodeDef

  // Appends the tensor(s) a data reference stands for: "arg", "arg:0", "node:out_arg" (every tensor
  // of that argument) or "node:out_arg:index". Sets *reads_body when a body node is read. Errors
  // (the caller adds where): malformed references, missing nodes or arguments, unknown output
  // arguments, indices out of range.
  absl::Status ResolveData(const std::string& ref, std::vector<std::string>& tensors,
                           bool* reads_body) const;

 private:
  const tensorflow::FunctionDef& fn_;
  const OutputArgResolver& resolver_;
};

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_FUNCTIONS_BODY_REFS_H_
