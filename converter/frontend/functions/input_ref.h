// The input strings of a GraphDef's top-level nodes: "node" (output 0), "node:3", "^node" (a
// control edge). Function bodies use another syntax ("node:out_arg:3"); see function_inline.cc.
//
//   absl::StatusOr<InputRef> r = ParseInputRef("conv/Relu:1");   // {node "conv/Relu", index 1}
//   TensorName("conv/Relu", 0);                                    // "conv/Relu"
#ifndef TFCONV_CONVERTER_FRONTEND_FUNCTIONS_INPUT_REF_H_
#define TFCONV_CONVERTER_FRONTEND_FUNCTIONS_INPUT_REF_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tfconv {

struct InputRef {
  std::string node;
  int index = 0;         // output number; 0 for control edges
  bool control = false;  // "^node"
};

// Errors (InvalidArgument, the caller adds where): empty strings, an empty node name, an index that
// is not a non-negative decimal number, an index on a control edge.
absl::StatusOr<InputRef> ParseInputRef(absl::string_view input);

// "node" for output 0, else "node:index".
std::string TensorName(absl::string_view node, int index);

// The node part of "node:3", "^node" or "node".
absl::string_view NodeOfInput(absl::string_view input);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_FUNCTIONS_INPUT_REF_H_
