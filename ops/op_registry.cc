#include "ops/op_registry.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {

void OpRegistry::BeginPlugin(std::string plugin_id, bool may_override) {
  plugin_ids_.insert(plugin_id);
  current_plugin_ = std::move(plugin_id);
  current_may_override_ = may_override;
  pending_errors_.clear();
  undo_.clear();
  kernel_undo_.clear();
  keras_undo_.clear();
}

absl::Status OpRegistry::EndPlugin() {
  std::vector<std::string> errors;
  errors.swap(pending_errors_);
  current_plugin_ = "<core>";
  current_may_override_ = false;
  std::vector<std::pair<std::string, std::unique_ptr<OpRegistration>>> undo;
  undo.swap(undo_);
  std::vector<std::pair<std::string, std::optional<CustomKernel>>> kernel_undo;
  kernel_undo.swap(kernel_undo_);
  std::vector<std::pair<std::string, std::unique_ptr<KerasLayerRegistration>>> keras_undo;
  keras_undo.swap(keras_undo_);
  if (errors.empty()) return absl::OkStatus();
  for (auto it = keras_undo.rbegin(); it != keras_undo.rend(); ++it) {
    if (it->second) {
      keras_layers_[it->first] = std::move(it->second);
    } else {
      keras_layers_.erase(it->first);
    }
  }
  for (auto it = kernel_undo.rbegin(); it != kernel_undo.rend(); ++it) {
    if (it->second) {
      kernels_[it->first] = *it->second;
    } else {
      kernels_.erase(it->first);
    }
  }
  for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
    if (it->second) {
      ops_[it->first] = std::move(it->second);
    } else {
      ops_.erase(it->first);
    }
  }
  return absl::InvalidArgumentError(absl::StrJoin(errors, "; "));
}

void OpRegistry::Add(OpRegistration registration) {
  if (registration.op.empty()) {
    pending_errors_.push_back(absl::StrCat("plugin '", current_plugin_, "' registered an op with an empty name"));
    return;
  }
  if (!registration.infer) {
    pending_errors_.push_back(absl::StrCat("plugin '", current_plugin_, "' registered op '",
                                           registration.op, "' without a shape function (infer)"));
    return;
  }
  registration.plugin_id = current_plugin_;
  auto it = ops_.find(registration.op);
  if (it != ops_.end() && !current_may_override_) {
    pending_errors_.push_back(absl::StrCat(
        "op '", registration.op, "' is registered by both plugin '", it->second->plugin_id,
        "' and plugin '", current_plugin_,
        "'; load the second one as an override plugin (--override_plugin) to replace the lowering"));
    return;
  }
  std::string name = registration.op;
  std::unique_ptr<OpRegistration>& slot = ops_[name];
  undo_.emplace_back(name, std::move(slot));
  slot = std::make_unique<OpRegistration>(std::move(registration));
}

void OpRegistry::AddTfliteKernel(std::string custom_code, KernelFn kernel) {
  if (custom_code.empty() || kernel == nullptr) {
    pending_errors_.push_back(absl::StrCat("plugin '", current_plugin_,
                                           "' registered a custom-op kernel without a name or a function"));
    return;
  }
  auto it = kernels_.find(custom_code);
  if (it != kernels_.end() && !current_may_override_) {
    pending_errors_.push_back(absl::StrCat("the kernel of custom op '", custom_code, "' is registered by both plugin '",
                                           it->second.plugin_id, "' and plugin '", current_plugin_,
                                           "'; load the second one as an override plugin to replace it"));
    return;
  }
  kernel_undo_.emplace_back(custom_code, it == kernels_.end() ? std::nullopt : std::optional<CustomKernel>(it->second));
  kernels_[custom_code] = CustomKernel{kernel, current_plugin_};
}

void OpRegistry::AddKerasLayer(KerasLayerRegistration registration) {
  if (registration.class_name.empty() || !registration.build) {
    pending_errors_.push_back(absl::StrCat("plugin '", current_plugin_,
                                           "' registered a Keras layer without a class name or a build function"));
    return;
  }
  registration.plugin_id = current_plugin_;
  auto it = keras_layers_.find(registration.class_name);
  if (it != keras_layers_.end() && !current_may_override_) {
    pending_errors_.push_back(absl::StrCat("Keras layer class '", registration.class_name,
                                           "' is registered by both plugin '", it->second->plugin_id,
                                           "' and plugin '", current_plugin_,
                                           "'; load the second one as an override plugin to replace it"));
    return;
  }
  std::string name = registration.class_name;
  std::unique_ptr<KerasLayerRegistration>& slot = keras_layers_[name];
  keras_undo_.emplace_back(name, std::move(slot));
  slot = std::make_unique<KerasLayerRegistration>(std::move(registration));
}

const KerasLayerRegistration* OpRegistry::FindKerasLayer(absl::string_view class_name) const {
  auto it = keras_layers_.find(class_name);
  return it == keras_layers_.end() ? nullptr : it->second.get();
}

std::vector<const KerasLayerRegistration*> OpRegistry::AllKerasLayers() const {
  std::vector<const KerasLayerRegistration*> out;
  for (const auto& [name, reg] : keras_layers_) out.push_back(reg.get());
  return out;
}

const OpRegistration* OpRegistry::Find(absl::string_view op) const {
  auto it = ops_.find(op);
  return it == ops_.end() ? nullptr : it->second.get();
}

std::vector<const OpRegistration*> OpRegistry::All() const {
  std::vector<const OpRegistration*> out;
  out.reserve(ops_.size());
  for (const auto& [name, reg] : ops_) out.push_back(reg.get());
  return out;
}

}  // namespace tfconv
