#include "converter/frontend/functions/function_inline.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converter/frontend/functions/body_refs.h"
#include "converter/frontend/functions/input_ref.h"
#include "converter/frontend/functions/output_args.h"
#include "converter/proto/function.pb.h"

namespace tfconv {
namespace {

using tensorflow::FunctionDef;
using tensorflow::GraphDef;
using tensorflow::NodeDef;

bool IsCallOp(absl::string_view op) {
  return op == "PartitionedCall" || op == "StatefulPartitionedCall";
}

// What replaces a call once its body is in the graph.
struct CallResult {
  std::string function;
  std::vector<std::string> outputs;        // top-level tensor names; may name other calls
  std::vector<std::string> control_nodes;  // what "^call" becomes; may name other calls
};

// One node of the result: a new one, or a top-level node that is moved over (not copied: it may
// hold a large constant) once everything succeeded, with its rewired inputs.
struct OutNode {
  int original = -1;
  NodeDef node;
  std::vector<std::string> inputs;  // for originals
};

// An attr value that is a placeholder ("$T") only makes sense in a polymorphic function.
bool HasPlaceholder(const tensorflow::AttrValue& value) {
  if (value.value_case() == tensorflow::AttrValue::kPlaceholder) return true;
  if (value.value_case() == tensorflow::AttrValue::kFunc) {
    for (const auto& [name, v] : value.func().attr()) {
      if (HasPlaceholder(v)) return true;
    }
  }
  return false;
}

void AppendUnique(std::vector<std::string>& list, absl::flat_hash_set<std::string>& seen,
                  std::string item) {
  if (seen.insert(item).second) list.push_back(std::move(item));
}

// A call's inputs: "tensor" strings feeding the arguments, then "^node" strings.
struct CallInputs {
  std::vector<std::string> data;
  std::vector<std::string> controls;
};

// Only concrete functions (what tf.function traces) can be inlined: no attrs, fixed arguments.
absl::Status CheckConcrete(const tensorflow::OpDef& sig, const std::string& where) {
  if (sig.attr_size() > 0) {
    return absl::UnimplementedError(absl::StrCat(
        where, " is polymorphic (attr '", sig.attr(0).name(),
        "'); only concrete functions (as tf.function traces them) can be inlined"));
  }
  for (const auto* args : {&sig.input_arg(), &sig.output_arg()}) {
    for (const tensorflow::OpDef::ArgDef& a : *args) {
      if (!a.number_attr().empty() || !a.type_list_attr().empty() || !a.type_attr().empty()) {
        return absl::UnimplementedError(absl::StrCat(
            where, ": argument '", a.name(),
            "' has an attr-dependent type or length (a polymorphic function); only concrete "
            "functions can be inlined"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckArity(const NodeDef& call, const tensorflow::OpDef& sig, const CallInputs& inputs,
                        const std::string& where) {
  if (static_cast<int>(inputs.data.size()) != sig.input_arg_size()) {
    std::string names = absl::StrJoin(sig.input_arg(), ", ", [](std::string* out, const auto& a) {
      out->append(a.name());
    });
    return absl::InvalidArgumentError(absl::StrCat(
        where, " calls function '", sig.name(), "' with ", inputs.data.size(),
        " data input(s), but it takes ", sig.input_arg_size(), " (", names, ")"));
  }
  if (!IsCallOp(call.op())) return absl::OkStatus();
  for (const auto& [attr, want] : {std::pair<const char*, int>{"Tin", sig.input_arg_size()},
                                   std::pair<const char*, int>{"Tout", sig.output_arg_size()}}) {
    auto it = call.attr().find(attr);
    if (it != call.attr().end() && it->second.list().type_size() != want) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": attr ", attr, " lists ",
                                                     it->second.list().type_size(),
                                                     " type(s), but function '", sig.name(),
                                                     "' has ", want));
    }
  }
  return absl::OkStatus();
}

class Inliner {
 public:
  Inliner(const GraphDef& graph, const std::string& source, const InlineOptions& options)
      : graph_(graph),
        source_(source),
        options_(options),
        resolver_(&graph.library(), &options.op_defs) {}

  // The rewritten node list in `out`; `changed` stays false when the graph has no call.
  absl::Status Run(std::vector<OutNode>& out, bool& changed);

 private:
  // The function `node` calls, nullptr when it is no call. `where` prefixes errors.
  absl::StatusOr<const FunctionDef*> CalleeOf(const NodeDef& node, const std::string& where) const;
  // Appends `node` to the output, or its inlined body when it is a call.
  absl::Status Emit(NodeDef node, int depth, const std::string& where);
  absl::Status Inline(const NodeDef& call, const FunctionDef& fn, int depth, const std::string& where);
  absl::Status EmitBodyNode(const NodeDef& body_node, const BodyRefs& refs, const CallInputs& call,
                            int depth, const std::string& where);
  absl::StatusOr<CallResult> ResultOf(const FunctionDef& fn, const BodyRefs& refs,
                                      const CallInputs& call, const std::string& where) const;
  // The node that keeps a top-level call's name alive (InlineOptions::keep_call_aliases).
  static NodeDef Alias(const NodeDef& call, const tensorflow::OpDef& sig, const CallResult& result);
  std::string ReserveName(const std::string& wanted);
  std::string Chain(absl::string_view last) const;
  absl::Status Rewire();
  absl::StatusOr<std::string> ResolveData(const std::string& tensor, const std::string& where) const;
  const std::vector<std::string>& ExpandControl(const std::string& node);

  const GraphDef& graph_;
  const std::string& source_;
  const InlineOptions& options_;
  OutputArgResolver resolver_;
  absl::flat_hash_map<std::string, const FunctionDef*> functions_;
  absl::flat_hash_set<std::string> names_;
  absl::flat_hash_map<std::string, CallResult> calls_;
  // Node-based: ExpandControl hands out references into it while it grows.
  absl::node_hash_map<std::string, std::vector<std::string>> expanded_controls_;
  std::vector<std::string> chain_;  // functions being inlined, outermost first
  std::vector<OutNode> out_;
};

absl::Status Inliner::Run(std::vector<OutNode>& out, bool& changed) {
  changed = false;
  for (const FunctionDef& fn : graph_.library().function()) {
    const std::string& name = fn.signature().name();
    if (name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source_, ": the function library holds a function without a name"));
    }
    if (!functions_.emplace(name, &fn).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(source_, ": the function library defines '", name, "' twice"));
    }
  }
  bool any_call = false;
  for (const NodeDef& node : graph_.node()) {
    names_.insert(node.name());
    any_call = any_call || IsCallOp(node.op()) || functions_.contains(node.op());
  }
  if (!any_call) return absl::OkStatus();

  for (int i = 0; i < graph_.node_size(); ++i) {
    const NodeDef& node = graph_.node(i);
    const std::string where = absl::StrCat(source_, ": node '", node.name(), "'");
    absl::StatusOr<const FunctionDef*> callee = CalleeOf(node, where);
    if (!callee.ok()) return callee.status();
    if (*callee == nullptr) {
      out_.push_back(OutNode{i, {}, {}});
      continue;
    }
    absl::Status s = Inline(node, **callee, 1, where);
    if (!s.ok()) return s;
  }
  absl::Status s = Rewire();
  if (!s.ok()) return s;
  out = std::move(out_);
  changed = true;
  return absl::OkStatus();
}

absl::StatusOr<const FunctionDef*> Inliner::CalleeOf(const NodeDef& node,
                                                     const std::string& where) const {
  std::string name;
  if (IsCallOp(node.op())) {
    auto f = node.attr().find("f");
    if (f == node.attr().end() || f->second.value_case() != tensorflow::AttrValue::kFunc ||
        f->second.func().name().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, " (", node.op(), ") has no function attr 'f' naming what it calls"));
    }
    name = f->second.func().name();
  } else if (functions_.contains(node.op())) {
    name = node.op();
  } else {
    return nullptr;
  }
  auto it = functions_.find(name);
  if (it == functions_.end()) {
    return absl::NotFoundError(absl::StrCat(where, " (", node.op(), ") calls function '", name,
                                            "', which the graph's function library does not define"));
  }
  return it->second;
}

absl::Status Inliner::Emit(NodeDef node, int depth, const std::string& where) {
  absl::StatusOr<const FunctionDef*> callee = CalleeOf(node, where);
  if (!callee.ok()) return callee.status();
  if (*callee == nullptr) {
    out_.push_back(OutNode{-1, std::move(node), {}});
    return absl::OkStatus();
  }
  return Inline(node, **callee, depth + 1, where);
}

std::string Inliner::ReserveName(const std::string& wanted) {
  if (names_.insert(wanted).second) return wanted;
  for (int k = 1;; ++k) {
    std::string candidate = absl::StrCat(wanted, "_", k);
    if (names_.insert(candidate).second) return candidate;
  }
}

std::string Inliner::Chain(absl::string_view last) const {
  std::vector<std::string> all = chain_;
  all.emplace_back(last);
  return absl::StrJoin(all, " -> ");
}

absl::Status Inliner::Inline(const NodeDef& call, const FunctionDef& fn, int depth,
                             const std::string& where) {
  const tensorflow::OpDef& sig = fn.signature();
  const std::string& fname = sig.name();
  if (std::find(chain_.begin(), chain_.end(), fname) != chain_.end()) {
    return absl::InvalidArgumentError(absl::StrCat(where, " calls function '", fname,
                                                   "' recursively: ", Chain(fname)));
  }
  if (depth > options_.max_depth) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": function calls nest deeper than ",
                                                   options_.max_depth, ": ", Chain(fname)));
  }
  const std::string fwhere = absl::StrCat(source_, ": function '", fname, "'");
  absl::Status s = CheckConcrete(sig, fwhere);
  if (!s.ok()) return s;

  // The call's data inputs feed the arguments in order; its control inputs go to the body.
  CallInputs inputs;
  for (const std::string& in : call.input()) {
    (!in.empty() && in[0] == '^' ? inputs.controls : inputs.data).push_back(in);
  }
  s = CheckArity(call, sig, inputs, where);
  if (!s.ok()) return s;

  BodyRefs refs(fn, resolver_);
  for (int i = 0; i < sig.input_arg_size(); ++i) {
    if (!refs.args.emplace(sig.input_arg(i).name(), inputs.data[i]).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(fwhere, " has two arguments named '", sig.input_arg(i).name(), "'"));
    }
  }
  for (const NodeDef& b : fn.node_def()) {
    if (b.name().empty() || b.op().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(fwhere, ": a body node has no ", b.name().empty() ? "name" : "op",
                       b.name().empty() ? "" : absl::StrCat(" ('", b.name(), "')")));
    }
    if (!refs.body.emplace(b.name(), &b).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(fwhere, ": two body nodes are named '", b.name(), "'"));
    }
  }
  for (const NodeDef& b : fn.node_def()) {
    refs.renamed[b.name()] = ReserveName(absl::StrCat(call.name(), "/", b.name()));
  }

  chain_.push_back(fname);
  for (const NodeDef& b : fn.node_def()) {
    s = EmitBodyNode(b, refs, inputs, depth, absl::StrCat(fwhere, ", node '", b.name(), "' (", b.op(), ")"));
    if (!s.ok()) return s;
  }
  chain_.pop_back();

  absl::StatusOr<CallResult> result = ResultOf(fn, refs, inputs, fwhere);
  if (!result.ok()) return result.status();
  if (depth == 1 && options_.keep_call_aliases) out_.push_back(OutNode{-1, Alias(call, sig, *result), {}});
  calls_[call.name()] = *std::move(result);
  return absl::OkStatus();
}

absl::Status Inliner::EmitBodyNode(const NodeDef& b, const BodyRefs& refs, const CallInputs& call,
                                   int depth, const std::string& where) {
  for (const auto& [attr, value] : b.attr()) {
    if (HasPlaceholder(value)) {
      return absl::UnimplementedError(absl::StrCat(
          where, ": attr '", attr,
          "' is a placeholder of a polymorphic function; only concrete functions can be inlined"));
    }
  }
  NodeDef n;
  n.set_name(refs.renamed.at(b.name()));
  n.set_op(b.op());
  n.set_device(b.device());
  *n.mutable_attr() = b.attr();
  if (b.has_experimental_debug_info()) *n.mutable_experimental_debug_info() = b.experimental_debug_info();
  if (b.has_experimental_type()) *n.mutable_experimental_type() = b.experimental_type();

  std::vector<std::string> data;
  std::vector<std::string> controls;
  absl::flat_hash_set<std::string> seen;
  bool reads_body = false;
  for (const std::string& in : b.input()) {
    if (!in.empty() && in[0] == '^') {
      const std::string target = in.substr(1);
      if (auto a = refs.args.find(target); a != refs.args.end()) {
        AppendUnique(controls, seen, absl::StrCat("^", NodeOfInput(a->second)));
      } else if (auto r = refs.renamed.find(target); r != refs.renamed.end()) {
        reads_body = true;
        AppendUnique(controls, seen, absl::StrCat("^", r->second));
      } else {
        return absl::NotFoundError(absl::StrCat(where, ": control input '", in,
                                                "' names neither an argument nor a body node"));
      }
      continue;
    }
    if (!controls.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": data input '", in, "' comes after a control input"));
    }
    absl::Status s = refs.ResolveData(in, data, &reads_body);
    if (!s.ok()) return absl::Status(s.code(), absl::StrCat(where, ": ", s.message()));
  }
  // Nodes fed from inside the body wait for the call's control inputs through their producers.
  if (!reads_body) {
    for (const std::string& c : call.controls) AppendUnique(controls, seen, c);
  }
  for (std::string& d : data) n.add_input(std::move(d));
  for (std::string& c : controls) n.add_input(std::move(c));
  return Emit(std::move(n), depth, where);
}

absl::StatusOr<CallResult> Inliner::ResultOf(const FunctionDef& fn, const BodyRefs& refs,
                                             const CallInputs& call, const std::string& where) const {
  CallResult result;
  result.function = fn.signature().name();
  for (const tensorflow::OpDef::ArgDef& out : fn.signature().output_arg()) {
    auto ret = fn.ret().find(out.name());
    if (ret == fn.ret().end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, " has no ret entry for its output '", out.name(), "'"));
    }
    std::vector<std::string> tensors;
    bool ignored = false;
    absl::Status s = refs.ResolveData(ret->second, tensors, &ignored);
    if (!s.ok()) {
      return absl::Status(s.code(), absl::StrCat(where, ": ret '", out.name(), "': ", s.message()));
    }
    if (tensors.size() != 1) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": ret '", out.name(), "' -> '",
                                                     ret->second, "' is ", tensors.size(),
                                                     " tensors, the output is one"));
    }
    result.outputs.push_back(tensors[0]);
  }
  // "^call": the side effects (control_ret, in key order for determinism) and the results.
  absl::flat_hash_set<std::string> seen;
  std::vector<std::string> keys;
  for (const auto& [key, node] : fn.control_ret()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  for (const std::string& key : keys) {
    const std::string& node = fn.control_ret().at(key);
    auto r = refs.renamed.find(node);
    if (r == refs.renamed.end()) {
      return absl::NotFoundError(absl::StrCat(where, ": control_ret '", key, "' names '", node,
                                              "', which is not a body node"));
    }
    AppendUnique(result.control_nodes, seen, r->second);
  }
  for (const std::string& t : result.outputs) {
    AppendUnique(result.control_nodes, seen, std::string(NodeOfInput(t)));
  }
  // A function with neither still orders: after its inputs.
  if (result.control_nodes.empty()) {
    for (const auto* list : {&call.data, &call.controls}) {
      for (const std::string& in : *list) AppendUnique(result.control_nodes, seen, std::string(NodeOfInput(in)));
    }
  }
  return result;
}

NodeDef Inliner::Alias(const NodeDef& call, const tensorflow::OpDef& sig, const CallResult& result) {
  NodeDef alias;
  alias.set_name(call.name());
  if (result.outputs.empty()) {
    alias.set_op("NoOp");
    for (const std::string& c : result.control_nodes) alias.add_input(absl::StrCat("^", c));
    return alias;
  }
  alias.set_op("IdentityN");
  tensorflow::AttrValue types;
  for (const tensorflow::OpDef::ArgDef& out : sig.output_arg()) types.mutable_list()->add_type(out.type());
  (*alias.mutable_attr())["T"] = types;
  if (auto shapes = call.attr().find("_output_shapes"); shapes != call.attr().end()) {
    (*alias.mutable_attr())["_output_shapes"] = shapes->second;
  }
  for (const std::string& t : result.outputs) alias.add_input(t);
  return alias;
}

absl::StatusOr<std::string> Inliner::ResolveData(const std::string& tensor,
                                                 const std::string& where) const {
  std::string current = tensor;
  // Each step leaves one call for a tensor of its body, so the walk ends within calls_.size() steps.
  for (size_t step = 0; step <= calls_.size(); ++step) {
    absl::StatusOr<InputRef> ref = ParseInputRef(current);
    if (!ref.ok()) return absl::InvalidArgumentError(absl::StrCat(where, ": ", ref.status().message()));
    auto it = calls_.find(ref->node);
    if (it == calls_.end()) return current;
    const CallResult& call = it->second;
    if (ref->index >= static_cast<int>(call.outputs.size())) {
      return absl::OutOfRangeError(absl::StrCat(
          where, " reads '", current, "', but the call '", ref->node, "' of function '", call.function,
          "' has ", call.outputs.size(), " output(s)"));
    }
    current = call.outputs[ref->index];
  }
  return absl::InternalError(absl::StrCat(where, ": the results of calls form a cycle at '", tensor, "'"));
}

const std::vector<std::string>& Inliner::ExpandControl(const std::string& node) {
  if (auto it = expanded_controls_.find(node); it != expanded_controls_.end()) return it->second;
  // Marks the node first, so a (malformed) cycle ends instead of recursing forever.
  expanded_controls_[node] = {};
  std::vector<std::string> result;
  absl::flat_hash_set<std::string> seen;
  auto call = calls_.find(node);
  if (call == calls_.end()) {
    result.push_back(node);
  } else {
    for (const std::string& c : call->second.control_nodes) {
      for (const std::string& e : ExpandControl(c)) AppendUnique(result, seen, e);
    }
  }
  return expanded_controls_[node] = std::move(result);
}

absl::Status Inliner::Rewire() {
  for (OutNode& entry : out_) {
    const NodeDef& node = entry.original >= 0 ? graph_.node(entry.original) : entry.node;
    const std::string where = absl::StrCat(source_, ": node '", node.name(), "'");
    std::vector<std::string> data;
    absl::flat_hash_set<std::string> seen;  // nodes already read or waited for
    for (const std::string& in : node.input()) {
      if (!in.empty() && in[0] == '^') continue;
      absl::StatusOr<std::string> resolved = ResolveData(in, where);
      if (!resolved.ok()) return resolved.status();
      seen.insert(std::string(NodeOfInput(*resolved)));
      data.push_back(*std::move(resolved));
    }
    std::vector<std::string> controls;
    for (const std::string& in : node.input()) {
      if (in.empty() || in[0] != '^') continue;
      for (const std::string& c : ExpandControl(in.substr(1))) {
        // A control edge to a node the data inputs already read adds nothing.
        if (seen.insert(c).second) controls.push_back(absl::StrCat("^", c));
      }
    }
    std::vector<std::string>& inputs = entry.inputs;
    inputs = std::move(data);
    for (std::string& c : controls) inputs.push_back(std::move(c));
    if (entry.original < 0) {
      entry.node.clear_input();
      for (std::string& in : inputs) entry.node.add_input(std::move(in));
      inputs.clear();
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status InlineFunctionCalls(tensorflow::GraphDef& graph, const std::string& source_name,
                                 const InlineOptions& options) {
  std::vector<OutNode> out;
  bool changed = false;
  {
    Inliner inliner(graph, source_name, options);
    absl::Status s = inliner.Run(out, changed);
    if (!s.ok() || !changed) return s;
  }
  std::vector<NodeDef> nodes;
  nodes.reserve(out.size());
  for (OutNode& entry : out) {
    if (entry.original < 0) {
      nodes.push_back(std::move(entry.node));
      continue;
    }
    NodeDef& node = nodes.emplace_back(std::move(*graph.mutable_node(entry.original)));
    node.clear_input();
    for (std::string& in : entry.inputs) node.add_input(std::move(in));
  }
  graph.clear_node();
  graph.mutable_node()->Reserve(static_cast<int>(nodes.size()));
  for (NodeDef& n : nodes) *graph.add_node() = std::move(n);
  return absl::OkStatus();
}

}  // namespace tfconv
