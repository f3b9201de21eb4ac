// Graph: the TF graph IR. Nodes carry the op name, typed attributes, explicit data edges
// (producer node + output index) and control edges; each output carries the dtype and shape that
// inference found. Nodes live as long as the Graph and keep their address; iteration order is the
// order of insertion, so every pass is deterministic.
//
//   Graph g;
//   Node* a = g.AddNode("a", "Placeholder");
//   a->attrs["dtype"] = DataType::kFloat;
//   Node* r = g.AddNode("r", "Relu");
//   r->AddInput({a, 0});
//   g.FindNode("r");                    // r
//   g.Consumers(a);                     // {r}
//   g.ReplaceUses({r, 0}, {a, 0});      // every reader of r:0 now reads a:0
//   g.RemoveNodes({r});
//   for (Node* n : g.TopologicalOrder().value()) ...
#ifndef TFCONV_CONVERTER_GRAPH_GRAPH_H_
#define TFCONV_CONVERTER_GRAPH_GRAPH_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/graph/attr.h"
#include "converter/graph/dtype.h"
#include "converter/graph/shape.h"
#include "converter/graph/tensor.h"

namespace tfconv {

class Node;

// One output of a node: the edge source of a data input.
struct Output {
  Node* node = nullptr;
  int index = 0;
  bool operator==(const Output& o) const { return node == o.node && index == o.index; }
  bool operator!=(const Output& o) const { return !(*this == o); }
  // "name" for output 0, "name:1" otherwise (TensorFlow's tensor naming).
  std::string TensorName() const;
};

// What inference knows about one output.
struct OutputInfo {
  DataType dtype = DataType::kInvalid;
  PartialShape shape = PartialShape::UnknownRank();
  std::optional<Tensor> value;  // set when the output is a known constant
};

class Node {
 public:
  Node(int id, std::string name, std::string op) : id_(id), name_(std::move(name)), op_(std::move(op)) {}

  int id() const { return id_; }
  const std::string& name() const { return name_; }
  const std::string& op() const { return op_; }
  void set_op(std::string op) { op_ = std::move(op); }

  std::vector<Output> inputs;         // data inputs, in order
  std::vector<Node*> control_inputs;  // "^name" inputs
  AttrMap attrs;
  std::string device;
  std::vector<OutputInfo> outputs;    // sized by inference (or the front end)

  void AddInput(Output o) { inputs.push_back(o); }
  int num_inputs() const { return static_cast<int>(inputs.size()); }
  int num_outputs() const { return static_cast<int>(outputs.size()); }
  // Ensures outputs.size() >= n.
  void EnsureOutputs(int n);

  const AttrValue* FindAttr(absl::string_view name) const;

 private:
  int id_;
  std::string name_;
  std::string op_;
};

class Graph {
 public:
  Graph() = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;

  // Adds a node; the name must be new (the front end checks and reports duplicates).
  Node* AddNode(std::string name, std::string op);
  Node* FindNode(absl::string_view name) const;
  // Live nodes in insertion order.
  std::vector<Node*> nodes() const;
  int num_nodes() const { return static_cast<int>(by_name_.size()); }
  // A name not used yet, built from `base` ("base", "base_1", ...).
  std::string UniqueName(absl::string_view base) const;

  // Nodes with a data or control edge from `node`, in insertion order.
  std::vector<Node*> Consumers(const Node* node) const;
  // Rewires every data input reading `from` to read `to`.
  void ReplaceUses(Output from, Output to);
  // Removes nodes and every edge that reads them (control edges included).
  void RemoveNodes(const absl::flat_hash_set<Node*>& doomed);
  void RemoveNodes(const std::vector<Node*>& doomed);

  // Producers before consumers; an error names a node on a cycle.
  absl::StatusOr<std::vector<Node*>> TopologicalOrder() const;

 private:
  std::vector<std::unique_ptr<Node>> storage_;  // removed nodes stay allocated, marked dead
  absl::flat_hash_map<std::string, Node*> by_name_;
  absl::flat_hash_set<const Node*> dead_;
  int next_id_ = 0;
};

// Parses "name", "name:3" and "^name" (control) tensor references.
struct TensorRef {
  std::string node;
  int index = 0;
  bool control = false;
};
absl::StatusOr<TensorRef> ParseTensorRef(absl::string_view text);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_GRAPH_GRAPH_H_
