// The optimizer: rewrites on the lowered TFLite model IR that give the operator list the official
// converter emits (one CONV_2D with bias and fused RELU where the lowering made CONV_2D + ADD + MUL
// + ADD + RELU; one dilated CONV_2D for SPACE_TO_BATCH_ND + CONV_2D + BATCH_TO_SPACE_ND; PRELU,
// HARD_SWISH, LEAKY_RELU, GELU for their arithmetic). Run it after lowering and merging, before
// AssignOperatorVersions.
//
//   absl::StatusOr<OptimizeReport> r = OptimizeModel(model);        // OptimizeOptions{} = all on
//   if (!r.ok()) return r.status();
//   std::cerr << r->ToString();   // "optimizer: 50 -> 13 operators in 3 rounds; fold_activation 9, ..."
//   OptimizeOptions off;
//   off.enabled = false;                                            // --nooptimize
//
// The passes (see their headers) run in a loop until a round changes nothing; every rewrite removes
// an operator, a tensor or a buffer reference, so the loop ends. Only float32 operators are
// rewritten; quantized ones are left as they are. Subgraph inputs/outputs and SignatureDef tensors
// keep their names; indices are renumbered wherever tensors or buffers are dropped. The result is
// deterministic.
#ifndef TFCONV_CONVERTER_OPTIMIZE_OPTIMIZE_H_
#define TFCONV_CONVERTER_OPTIMIZE_OPTIMIZE_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "converter/tflite/model_ir.h"

namespace tfconv {

struct OptimizeOptions {
  bool enabled = true;             // false: the model is returned unchanged (--nooptimize)
  bool fuse_activations = true;    // RELU/RELU6/RELU_N1_TO_1 into the producer's fused activation
  bool fold_bias = true;           // ADD/SUB of per-channel constants into a conv/FC bias
  bool fold_scale = true;          // MUL/DIV by per-channel constants into conv/FC weights
  bool remove_identities = true;   // RESHAPE to the same shape, TRANSPOSE with the identity perm
  // SPACE_TO_BATCH_ND -> CONV_2D/DEPTHWISE_CONV_2D -> BATCH_TO_SPACE_ND into one dilated conv.
  bool fuse_dilated_conv = true;
  // HARD_SWISH, PRELU, LEAKY_RELU and GELU from the arithmetic that spells them.
  bool fuse_activation_patterns = true;
  bool deduplicate_buffers = true;
  bool drop_unused = true;         // tensors, buffers and operator codes nothing refers to
};

struct OptimizeReport {
  // Rewrites per pattern, by name: "fold_activation", "fold_add_sub_into_bias",
  // "fold_mul_div_into_weights", "remove_identity_reshape", "remove_identity_transpose",
  // "fuse_dilated_conv", "fuse_hard_swish", "fuse_prelu", "fuse_leaky_relu", "fuse_gelu",
  // "dedup_buffer", "drop_tensor", "drop_buffer", "drop_operator_code". Zero counts are omitted.
  std::map<std::string, int64_t> counts;
  int rounds = 0;  // rounds run, the last one changing nothing
  size_t operators_before = 0, operators_after = 0;
  size_t buffers_before = 0, buffers_after = 0;
  int64_t count(const std::string& pattern) const;
  std::string ToString() const;
};

// Fails (leaving `model` unchanged) only when the model's indices are out of range.
absl::StatusOr<OptimizeReport> OptimizeModel(TflModel& model, const OptimizeOptions& options = {});

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_OPTIMIZE_OPTIMIZE_H_
