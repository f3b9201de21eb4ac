#include "converter/passes/pass_context.h"

namespace tfconv {

absl::Status CheckPassContext(const PassContext& context) {
  if (context.model_interface == nullptr) {
    return absl::InvalidArgumentError("the pass context has no ModelInterface to fill in");
  }
  return absl::OkStatus();
}

uint32_t OpTraitsOf(const PassContext& context, const Node& node) {
  if (context.registry == nullptr) return kNoTraits;
  const OpRegistration* reg = context.registry->Find(node.op());
  return reg == nullptr ? kNoTraits : reg->traits;
}

bool IsGraphInputNode(const PassContext& context, const Node& node) {
  return (OpTraitsOf(context, node) & kGraphInput) != 0 && node.inputs.empty();
}

bool IsForwardingNode(const PassContext& context, const Node& node) {
  return (OpTraitsOf(context, node) & kForwardsInput) != 0 && !node.inputs.empty();
}

}  // namespace tfconv
