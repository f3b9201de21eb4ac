// What the graph passes share: the op registry, the user's options, and the model interface that
// the passes resolve (inputs and outputs in order, with the names the TFLite tensors will carry)
// and the lowering then consumes.
//
//   ModelInterface interface;
//   PassContext context;
//   context.registry = &registry;
//   context.options.input_arrays = {"image"};
//   context.options.input_shapes = {PartialShape({1, 224, 224, 3})};
//   context.options.output_arrays = {"logits"};
//   context.model_interface = &interface;
//   ... run the passes ...
//   interface.inputs[0].name;     // "image"
//   interface.inputs[0].tensor;   // {placeholder node, 0}
#ifndef TFCONV_CONVERTER_PASSES_PASS_CONTEXT_H_
#define TFCONV_CONVERTER_PASSES_PASS_CONTEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "converter/graph/graph.h"
#include "ops/op_registry.h"

namespace tfconv {

// One model input or output.
struct InterfaceTensor {
  std::string name;  // the TFLite tensor's name: as the user spelled it, else the TF tensor name
  Output tensor;
};

struct ModelInterface {
  std::vector<InterfaceTensor> inputs;
  std::vector<InterfaceTensor> outputs;
};

struct PassOptions {
  // --input_arrays: "x", "x:0", "scope/y:1". Empty: every graph input the outputs need.
  std::vector<std::string> input_arrays;
  // --input_shapes, one per input array (or empty); nullopt keeps the graph's own shape.
  std::vector<std::optional<PartialShape>> input_shapes;
  // Element types, one per input array (or empty); nullopt takes the graph's own type.
  std::vector<std::optional<DataType>> input_types;
  // --output_arrays. Empty: every data output of the nodes nothing reads (see prune_to_outputs.h).
  std::vector<std::string> output_arrays;
  // --batch_size: the size given to every input's dynamic first dimension; 0 keeps it dynamic.
  int64_t batch_size = 0;
};

struct PassContext {
  const OpRegistry* registry = nullptr;  // null: every op is unknown
  PassOptions options;
  ModelInterface* model_interface = nullptr;  // written by the passes; required
};

// OK when the context has what every pass needs (a ModelInterface to write).
absl::Status CheckPassContext(const PassContext& context);

// The traits of the node's op; kNoTraits for ops no plugin registers.
uint32_t OpTraitsOf(const PassContext& context, const Node& node);

// A model input as the node stands: a kGraphInput op without data inputs. (A
// PlaceholderWithDefault has its default as input: it is an input only once named in
// --input_arrays, which replaces it by a plain graph input.)
bool IsGraphInputNode(const PassContext& context, const Node& node);

// A node whose output 0 is its input 0 unchanged: a kForwardsInput op with a data input.
bool IsForwardingNode(const PassContext& context, const Node& node);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_PASS_CONTEXT_H_
