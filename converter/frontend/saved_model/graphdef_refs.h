// Small helpers over a top-level GraphDef: parsing input references ("node", "node:1", "^node"),
// a name → node index, and following forwarding ops (Identity...) to the tensor they pass on.
//
//   NodeRef r = ParseNodeRef("conv/BiasAdd:1");   // {node "conv/BiasAdd", index 1, control false}
//   NodeIndex index(graph);
//   const tensorflow::NodeDef* n = index.Find("x");
#ifndef TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_GRAPHDEF_REFS_H_
#define TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_GRAPHDEF_REFS_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "converter/proto/graph.pb.h"

namespace tfconv {

struct NodeRef {
  std::string node;
  int index = 0;
  bool control = false;
  bool valid = true;  // false: malformed ("a:x", ":1", "")
};

NodeRef ParseNodeRef(absl::string_view ref);
std::string TensorRef(const std::string& node, int index);  // "node" for 0, "node:i" otherwise

class NodeIndex {
 public:
  explicit NodeIndex(const tensorflow::GraphDef& graph);
  const tensorflow::NodeDef* Find(absl::string_view name) const;

 private:
  absl::flat_hash_map<std::string, const tensorflow::NodeDef*> by_name_;
};

// The tensor `ref` carries once Identity / Snapshot / StopGradient / IdentityN nodes are looked
// through (IdentityN output i is its input i). Stops at a node that is missing.
NodeRef FollowForwarding(const NodeIndex& index, NodeRef ref);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_GRAPHDEF_REFS_H_
