// Walks over the graph's edges (data and control) from a set of nodes toward their producers.
//
//   absl::flat_hash_set<Node*> needed = Ancestors({output_node});
//   for (Node* n : AncestorsInTopologicalOrder(graph.nodes()).value()) ...   // producers first
#ifndef TFCONV_CONVERTER_PASSES_GRAPH_WALK_H_
#define TFCONV_CONVERTER_PASSES_GRAPH_WALK_H_

#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "converter/graph/graph.h"

namespace tfconv {

// The roots and every node they read from, through data and control edges.
absl::flat_hash_set<Node*> Ancestors(const std::vector<Node*>& roots);

// The same nodes, each after all of its producers; deterministic (depth first, inputs in order).
// A cycle is an error naming a node on it.
absl::StatusOr<std::vector<Node*>> AncestorsInTopologicalOrder(const std::vector<Node*>& roots);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_GRAPH_WALK_H_
