// Structural clean-up after the rewrites: constants with identical bytes, type and shape share
// one buffer, and tensors, buffers and operator codes that nothing refers to are dropped, with
// every index renumbered (operators, subgraph inputs/outputs, SignatureDefs, metadata).
//
//   int shared = DeduplicateBuffers(model);   // tensors moved to an earlier identical buffer
//   int dropped = DropUnused(model);          // tensors + buffers + operator codes removed
//
// Variable tensors keep their own buffers (the runtime writes them), and buffers named by
// Model.metadata or metadata_buffer are kept as they are. Buffer 0 stays the empty sentinel.
#ifndef TFCONV_CONVERTER_OPTIMIZE_CLEANUP_H_
#define TFCONV_CONVERTER_OPTIMIZE_CLEANUP_H_

#include "converter/tflite/model_ir.h"

namespace tfconv {

// Returns how many tensors now point to an earlier buffer with the same contents.
int DeduplicateBuffers(TflModel& model);

struct DropCounts {
  int tensors = 0;
  int buffers = 0;
  int operator_codes = 0;
  int total() const { return tensors + buffers + operator_codes; }
};
DropCounts DropUnused(TflModel& model);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_CLEANUP_H_
