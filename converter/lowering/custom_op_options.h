// Custom options for a TF op kept as a TFLite custom op (--allow_custom_ops): the node's attributes
// as a FlexBuffer map, which is how TFLite custom kernels read their parameters.
//
//   std::vector<uint8_t> options = AttributesAsFlexbuffer(node);
#ifndef TFCONV_CONVERTER_LOWERING_CUSTOM_OP_OPTIONS_H_
#define TFCONV_CONVERTER_LOWERING_CUSTOM_OP_OPTIONS_H_

#include <cstdint>
#include <vector>

#include "converter/graph/graph.h"

namespace tfconv {

// Scalars, strings, types (as their TF enum value), shapes and lists of ints/floats/strings are
// written; tensors and functions are skipped. Attributes starting with '_' are internal and dropped.
std::vector<uint8_t> AttributesAsFlexbuffer(const Node& node);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_LOWERING_CUSTOM_OP_OPTIONS_H_
