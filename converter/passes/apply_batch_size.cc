#include "converter/passes/apply_batch_size.h"

#include "absl/strings/str_cat.h"

namespace tfconv {

absl::Status ApplyBatchSize(Graph& graph, const PassContext& context) {
  (void)graph;  // the inputs are reached through the model interface
  absl::Status s = CheckPassContext(context);
  if (!s.ok()) return s;
  const int64_t batch = context.options.batch_size;
  if (batch == 0) return absl::OkStatus();
  if (batch < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--batch_size=", batch, ": give a positive batch size (or leave the flag out to keep it dynamic)"));
  }
  for (const InterfaceTensor& input : context.model_interface->inputs) {
    Node& node = *input.tensor.node;
    // ApplyInputArrays made every input output 0 of a graph-input node, whose "shape" attribute
    // inference reads; the output's own shape is set too, as ApplyInputArrays does.
    const AttrValue* attr = node.FindAttr("shape");
    const PartialShape* own = attr == nullptr ? nullptr : attr->get_if<PartialShape>();
    if (own == nullptr || !own->known_rank() || own->rank() == 0 || own->dim(0) >= 0) continue;
    PartialShape shape = *own;
    shape.set_dim(0, batch);
    node.attrs["shape"] = shape;
    node.EnsureOutputs(1);
    node.outputs[0].shape = shape;
  }
  return absl::OkStatus();
}

}  // namespace tfconv
