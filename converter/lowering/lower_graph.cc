#include "converter/lowering/lower_graph.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "converter/lowering/custom_op_options.h"
#include "converter/lowering/lowering_context_impl.h"
#include "converter/lowering/unsupported_report.h"

namespace tfconv {
namespace {

bool AllOutputsKnown(const Node& node) {
  if (node.outputs.empty()) return false;
  for (const OutputInfo& o : node.outputs) {
    if (!o.value.has_value()) return false;
  }
  return true;
}

// Lowers an op no plugin owns as a custom op named after it (--allow_custom_ops).
absl::Status LowerAsCustomOp(NodeLoweringContext& ctx) {
  std::vector<int32_t> inputs, outputs;
  for (int i = 0; i < ctx.num_inputs(); ++i) {
    absl::StatusOr<int32_t> t = ctx.InputTensor(i);
    if (!t.ok()) return t.status();
    inputs.push_back(*t);
  }
  for (int i = 0; i < ctx.num_outputs(); ++i) {
    absl::StatusOr<int32_t> t = ctx.OutputTensor(i);
    if (!t.ok()) {
      return ctx.Unsupported(absl::StrCat(
          "kept as a custom op, but the type/shape of output ", i,
          " is unknown (no plugin infers it and the node has no _output_shapes): ", t.status().message()));
    }
    outputs.push_back(*t);
  }
  ctx.AddCustomOp(ctx.node().op(), std::move(inputs), std::move(outputs),
                  AttributesAsFlexbuffer(ctx.node()));
  return absl::OkStatus();
}

// Drops tensors no operator, input or output refers to (constants materialized but then replaced by
// a transformed copy) and buffers no tensor refers to; renumbers both in their original order.
void RemoveUnusedTensorsAndBuffers(TflModel& model) {
  for (TflSubgraph& g : model.subgraphs) {
    std::vector<bool> used(g.tensors.size(), false);
    auto mark = [&](int32_t t) {
      if (t >= 0) used[t] = true;
    };
    for (int32_t t : g.inputs) mark(t);
    for (int32_t t : g.outputs) mark(t);
    for (const TflOperator& op : g.operators) {
      for (int32_t t : op.inputs) mark(t);
      for (int32_t t : op.outputs) mark(t);
      for (int32_t t : op.intermediates) mark(t);
    }
    std::vector<int32_t> remap(g.tensors.size(), -1);
    std::vector<TflTensor> kept;
    for (size_t i = 0; i < g.tensors.size(); ++i) {
      if (!used[i]) continue;
      remap[i] = static_cast<int32_t>(kept.size());
      kept.push_back(std::move(g.tensors[i]));
    }
    g.tensors = std::move(kept);
    auto fix = [&](std::vector<int32_t>& v) {
      for (int32_t& t : v) {
        if (t >= 0) t = remap[t];
      }
    };
    fix(g.inputs);
    fix(g.outputs);
    for (TflOperator& op : g.operators) {
      fix(op.inputs);
      fix(op.outputs);
      fix(op.intermediates);
    }
  }
  std::vector<bool> buffer_used(model.buffers.size(), false);
  buffer_used[0] = true;
  for (const TflSubgraph& g : model.subgraphs) {
    for (const TflTensor& t : g.tensors) buffer_used[t.buffer] = true;
  }
  for (const auto& [name, b] : model.metadata) buffer_used[b] = true;
  std::vector<uint32_t> remap(model.buffers.size(), 0);
  std::vector<TflBuffer> kept;
  for (size_t i = 0; i < model.buffers.size(); ++i) {
    if (!buffer_used[i]) continue;
    remap[i] = static_cast<uint32_t>(kept.size());
    kept.push_back(std::move(model.buffers[i]));
  }
  model.buffers = std::move(kept);
  for (TflSubgraph& g : model.subgraphs) {
    for (TflTensor& t : g.tensors) t.buffer = remap[t.buffer];
  }
  for (auto& [name, b] : model.metadata) b = remap[b];
}

// Counts, per folded constant, the readers still to be lowered, and frees the constant's value
// when the last one is done. Model outputs are kept: they are read after the loop.
class ConstantReleaser {
 public:
  ConstantReleaser(const std::vector<Node*>& order, const LoweringRequest& request) {
    for (const auto& [name, out] : request.outputs) keep_.insert(out.node);
    for (Node* n : order) {
      if (AllOutputsKnown(*n)) continue;  // folded nodes are not lowered, so they read nothing
      for (const Output& in : n->inputs) {
        if (AllOutputsKnown(*in.node)) ++pending_[in.node];
      }
    }
  }

  void Lowered(const Node& node) {
    for (const Output& in : node.inputs) {
      auto it = pending_.find(in.node);
      if (it == pending_.end() || --it->second > 0) continue;
      pending_.erase(it);
      if (keep_.contains(in.node)) continue;
      for (OutputInfo& o : in.node->outputs) o.value.reset();
      in.node->attrs.clear();  // a Const's "value" attribute shares the same bytes
    }
  }

 private:
  absl::flat_hash_map<Node*, int> pending_;
  absl::flat_hash_set<const Node*> keep_;
};

}  // namespace

absl::StatusOr<TflModel> LowerGraph(Graph& graph, const OpRegistry& registry,
                                    const LoweringRequest& request) {
  ModelBuilder builder(request.options);
  for (const auto& [name, out] : request.inputs) builder.SetPreferredName(out, name);
  for (const auto& [name, out] : request.outputs) builder.SetPreferredName(out, name);

  // Model inputs first, so their tensors come first, in the user's order.
  absl::flat_hash_set<const Node*> input_nodes;
  for (const auto& [name, out] : request.inputs) {
    if (out.node == nullptr || out.index >= out.node->num_outputs()) {
      return absl::InvalidArgumentError(absl::StrCat("model input '", name, "' has no inferred type"));
    }
    const OutputInfo& info = out.node->outputs[out.index];
    absl::StatusOr<int32_t> t = builder.NewTensor(name, info.dtype, info.shape);
    if (!t.ok()) return absl::InvalidArgumentError(absl::StrCat("model input: ", t.status().message()));
    builder.Bind(out, *t);
    builder.subgraph().inputs.push_back(*t);
    input_nodes.insert(out.node);
  }

  absl::StatusOr<std::vector<Node*>> order = graph.TopologicalOrder();
  if (!order.ok()) return order.status();
  ConstantReleaser releaser(*order, request);
  UnsupportedReport unsupported;
  for (Node* node : *order) {
    if (input_nodes.contains(node) || AllOutputsKnown(*node)) continue;
    const OpRegistration* reg = registry.Find(node->op());
    NodeLoweringContext ctx(builder, *node);
    absl::Status status;
    if (reg == nullptr) {
      if (!request.options.allow_custom_ops) {
        unsupported.Add(*node, "no plugin registers this op");
        continue;
      }
      status = LowerAsCustomOp(ctx);
    } else if ((reg->traits & kGraphInput) && node->num_inputs() == 0) {
      unsupported.Add(*node, "a graph input that is not among the model inputs (name it in --input_arrays or give it a value)");
      continue;
    } else if (!reg->lower) {
      unsupported.Add(*node, absl::StrCat("plugin '", reg->plugin_id,
                                          "' can only evaluate this op when its inputs are constant"));
      continue;
    } else {
      status = reg->lower(ctx);
    }
    if (status.ok()) status = ctx.deferred_error();
    if (absl::IsUnimplemented(status)) {
      unsupported.Add(*node, std::string(status.message()));
      continue;
    }
    if (status.ok()) releaser.Lowered(*node);
    // Once some node could not be lowered, its readers fail for want of an input tensor; the
    // report of unsupported nodes is what the user needs to see then.
    if (!status.ok() && unsupported.empty()) return status;
  }
  if (!unsupported.empty()) return unsupported.ToStatus(request.options.allow_custom_ops);

  // Outputs: the tensor bound to each requested TF tensor, named as the user asked.
  absl::flat_hash_set<int32_t> named;
  for (int32_t t : builder.subgraph().inputs) named.insert(t);
  for (const auto& [name, out] : request.outputs) {
    absl::StatusOr<int32_t> t = builder.TensorFor(out);
    if (!t.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("model output '", name, "': ", t.status().message()));
    }
    if (named.insert(*t).second) builder.subgraph().tensors[*t].name = name;
    builder.subgraph().outputs.push_back(*t);
  }

  TflModel& model = builder.model();
  TflSignatureDef sig;
  sig.signature_key = request.signature_key;
  sig.subgraph_index = 0;
  const TflSubgraph& g = builder.subgraph();
  for (size_t i = 0; i < request.inputs.size(); ++i) {
    sig.inputs.emplace_back(request.input_keys.empty() ? request.inputs[i].first : request.input_keys[i], g.inputs[i]);
  }
  for (size_t i = 0; i < request.outputs.size(); ++i) {
    sig.outputs.emplace_back(request.output_keys.empty() ? request.outputs[i].first : request.output_keys[i],
                             g.outputs[i]);
  }
  model.signature_defs.push_back(std::move(sig));
  RemoveUnusedTensorsAndBuffers(model);
  // Signature tensor indices follow the renumbering through the subgraph's inputs/outputs.
  TflSignatureDef& s = model.signature_defs.back();
  for (size_t i = 0; i < s.inputs.size(); ++i) s.inputs[i].second = model.subgraphs[0].inputs[i];
  for (size_t i = 0; i < s.outputs.size(); ++i) s.outputs[i].second = model.subgraphs[0].outputs[i];
  return std::move(model);
}

}  // namespace tfconv
