// Small pieces the nn lowerings share: the float32 check, int32 constants, and TRANSPOSE / PAD /
// RESHAPE operators for operands that are not constants (constants are rearranged on the host).
//
//   TFCONV_RETURN_IF_ERROR(RequireFloat32(c, "CONV_2D"));
//   TFCONV_ASSIGN_OR_RETURN(int32_t w, TransposedOperand(c, 1, {1, 0}, "weights"));
#ifndef TFCONV_PLUGINS_NN_LOWERING_HELPERS_H_
#define TFCONV_PLUGINS_NN_LOWERING_HELPERS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ops/op_context.h"

namespace tfconv {

// Unsupported (not an error) when input `i` is not float32: the builtin named `tflite_op` is
// emitted for float32 graphs; quantization comes later, on the float model.
absl::Status RequireFloat32(LoweringContext& c, absl::string_view tflite_op, int input = 0);

// A constant int32 tensor named "<node>/<suffix>".
int32_t AddInt32Const(LoweringContext& c, const std::vector<int32_t>& values, std::vector<int64_t> shape,
                      absl::string_view suffix);

// The shape `shape` permuted by `perm` (unknown rank stays unknown).
PartialShape PermuteShape(const PartialShape& shape, const std::vector<int>& perm);

// Emits TRANSPOSE(input, perm) into a new tensor "<node>/<suffix>", or into `output` when >= 0.
absl::StatusOr<int32_t> EmitTranspose(LoweringContext& c, int32_t input, DataType type,
                                      const PartialShape& input_shape, const std::vector<int>& perm,
                                      absl::string_view suffix, int32_t output = -1);

// TF input `i` permuted by `perm`: a constant is permuted on the host and added as
// "<node>/<suffix>"; anything else gets a TRANSPOSE operator.
absl::StatusOr<int32_t> TransposedOperand(LoweringContext& c, int i, const std::vector<int>& perm,
                                          absl::string_view suffix);

// Emits PAD(input, paddings) with zeros; `paddings` holds (before, after) per dimension.
absl::StatusOr<int32_t> EmitPad(LoweringContext& c, int32_t input, DataType type, const PartialShape& input_shape,
                                const std::vector<std::pair<int64_t, int64_t>>& paddings,
                                absl::string_view suffix);

// Emits RESHAPE(input, new_shape) into a new tensor "<node>/<suffix>", or into `output` when >= 0.
// new_shape may hold one -1 (the dimension RESHAPE computes).
absl::StatusOr<int32_t> EmitReshape(LoweringContext& c, int32_t input, DataType type,
                                    const std::vector<int64_t>& new_shape, absl::string_view suffix,
                                    int32_t output = -1);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_NN_LOWERING_HELPERS_H_
