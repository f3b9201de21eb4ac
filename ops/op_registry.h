// OpRegistry: which plugin owns each TF op, and the op's shape rule, reference semantics and
// lowering. Plugins add to it from their register function; the converter only looks ops up.
//
//   OpRegistration r;
//   r.op = "Relu";
//   r.tflite_ops = {"RELU"};
//   r.infer = [](InferenceContext& c) { ... };
//   r.evaluate = [](const EvalContext& c) -> absl::StatusOr<std::vector<Tensor>> { ... };
//   r.lower = [](LoweringContext& c) { ... };
//   registry.Add(std::move(r));                  // inside a plugin's register function
//
//   const OpRegistration* reg = registry.Find("Relu");   // in the converter
//   reg->plugin_id;                                       // "tfconv.activation"
//
//   registry.AddTfliteKernel("SoftClip", RunSoftClip);    // the interpreter kernel of a custom op
#ifndef TFCONV_OPS_OP_REGISTRY_H_
#define TFCONV_OPS_OP_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ops/keras_layer.h"
#include "ops/op_context.h"
#include "ops/plugin_api.h"
#include "runtime_check/interpreter/kernel.h"

namespace tfconv {

using InferFn = std::function<absl::Status(InferenceContext&)>;
using EvalFn = std::function<absl::StatusOr<std::vector<Tensor>>(const EvalContext&)>;
using LowerFn = std::function<absl::Status(LoweringContext&)>;

// Properties of an op that the core acts on without knowing the op by name.
enum OpTrait : uint32_t {
  kNoTraits = 0,
  // A graph input (Placeholder): becomes a model input; never folded.
  kGraphInput = 1u << 0,
  // Has side effects or is nondeterministic: never constant-folded.
  kStateful = 1u << 1,
  // Input 0 is passed through unchanged when the node is not a model input
  // (PlaceholderWithDefault, Identity): evaluation and lowering forward it.
  kForwardsInput = 1u << 2,
};

struct OpRegistration {
  std::string op;                      // the TF op name
  uint32_t traits = kNoTraits;
  InferFn infer;                       // required
  EvalFn evaluate;                     // optional: without it the op is never folded
  LowerFn lower;                       // optional: without it the op converts only when folded away
  std::vector<std::string> tflite_ops; // what the lowering may emit, for the coverage table
  std::string plugin_id;               // filled in by the registry
};

class OpRegistry {
 public:
  OpRegistry() = default;
  static OpRegistry& FromHandle(TfconvRegistryHandle* handle) {
    return *reinterpret_cast<OpRegistry*>(handle);
  }
  TfconvRegistryHandle* handle() { return reinterpret_cast<TfconvRegistryHandle*>(this); }

  // Registers an op for the plugin being loaded (see BeginPlugin). A second owner of the same op is
  // an error recorded in errors(), unless the plugin was begun with `may_override` (user plugins
  // replacing a built-in lowering). Never throws.
  void Add(OpRegistration registration);

  // Called by the loader around a plugin's register function.
  void BeginPlugin(std::string plugin_id, bool may_override);
  // Errors recorded since BeginPlugin, joined; OK if none. On error every op the plugin added is
  // taken back out (and ops it overrode are restored), so a skipped plugin leaves no trace.
  absl::Status EndPlugin();
  // Whether a plugin with this id was begun on this registry (the loader refuses a second one).
  bool HasPlugin(absl::string_view plugin_id) const { return plugin_ids_.count(plugin_id) > 0; }

  const OpRegistration* Find(absl::string_view op) const;
  // Registers the reference interpreter's kernel for a custom TFLite op this plugin emits, so that
  // converted models using it can be run and validated. Same ownership rules as Add.
  void AddTfliteKernel(std::string custom_code, KernelFn kernel);
  // Registers the builder of a Keras layer class (see keras_layer.h). Same ownership rules as Add:
  // a second owner of a class name is an error unless the plugin may override.
  void AddKerasLayer(KerasLayerRegistration registration);
  const KerasLayerRegistration* FindKerasLayer(absl::string_view class_name) const;
  // Every Keras layer registration, sorted by class name.
  std::vector<const KerasLayerRegistration*> AllKerasLayers() const;
  // Custom-op kernels by custom code, with the id of the plugin that registered each.
  struct CustomKernel {
    KernelFn kernel = nullptr;
    std::string plugin_id;
  };
  const std::map<std::string, CustomKernel, std::less<>>& tflite_kernels() const { return kernels_; }
  // Every registration, sorted by op name.
  std::vector<const OpRegistration*> All() const;
  size_t size() const { return ops_.size(); }

 private:
  std::map<std::string, std::unique_ptr<OpRegistration>, std::less<>> ops_;
  std::string current_plugin_ = "<core>";
  bool current_may_override_ = false;
  std::vector<std::string> pending_errors_;
  // What the current plugin changed, to undo it if the plugin fails: (op, previous owner or null).
  std::vector<std::pair<std::string, std::unique_ptr<OpRegistration>>> undo_;
  std::set<std::string, std::less<>> plugin_ids_;
  std::map<std::string, CustomKernel, std::less<>> kernels_;
  std::map<std::string, std::unique_ptr<KerasLayerRegistration>, std::less<>> keras_layers_;
  // Keras layers the current plugin changed: (class name, previous owner or null).
  std::vector<std::pair<std::string, std::unique_ptr<KerasLayerRegistration>>> keras_undo_;
  // Kernels the current plugin changed: (custom code, previous entry if any).
  std::vector<std::pair<std::string, std::optional<CustomKernel>>> kernel_undo_;
};

}  // namespace tfconv

#endif  // TFCONV_OPS_OP_REGISTRY_H_
