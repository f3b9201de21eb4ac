// Makes the tensors named by --input_arrays the model's inputs, with the --input_shapes and
// element types given, and records them (in order, under the names the user gave) in the model
// interface. Runs after PruneToOutputs.
//
//   context.options.input_arrays = {"image", "features/concat:1"};
//   context.options.input_shapes = ParseInputShapes("1,224,224,3:1,10").value();
//   absl::Status s = ApplyInputArrays(graph, context);
//   context.model_interface->inputs[1].name;   // "features/concat:1"
//
// - A graph input node (kGraphInput, no data inputs; named "x" or "x:0") stays and takes the shape;
//   a shape that conflicts with its static "shape" attribute, or a type other than its "dtype"
//   attribute, is an error naming both.
// - Any other tensor cuts the graph: a new graph-input node (the first op, by name, with the
//   kGraphInput trait and without kForwardsInput) takes over every reader of that tensor, and the
//   nodes that then no longer feed an output are removed. Its type is the one given, else the
//   producer's inferred type, else the producer's "T"/"dtype" attribute; its shape the one given,
//   else the producer's inferred shape. A named PlaceholderWithDefault is replaced this way.
// - Naming of a new input node: output 0 of a node the cut removes gives its name to the new node
//   (so "x" still finds it); otherwise the new node is named "<node>_<index>" (made unique with a
//   suffix when taken). The TFLite tensor is named as the user named the input regardless.
// - Every graph input node still in the graph must be named: one the outputs read but the user
//   did not name could never be fed, which is an error listing them.
// - Without --input_arrays, the inputs are the graph input nodes still in the graph, in graph
//   order; --input_shapes or types without --input_arrays, or counts that differ, are errors.
#ifndef TFCONV_CONVERTER_PASSES_APPLY_INPUT_ARRAYS_H_
#define TFCONV_CONVERTER_PASSES_APPLY_INPUT_ARRAYS_H_

#include "absl/status/status.h"
#include "converter/graph/graph.h"
#include "converter/passes/pass_context.h"

namespace tfconv {

absl::Status ApplyInputArrays(Graph& graph, const PassContext& context);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_APPLY_INPUT_ARRAYS_H_
