#include "plugins/nn/lowering_helpers.h"

#include "absl/strings/str_cat.h"
#include "plugins/common/op_helpers.h"
#include "plugins/nn/tensor_transforms.h"

namespace tfconv {

absl::Status RequireFloat32(LoweringContext& c, absl::string_view tflite_op, int input) {
  DataType t = c.input_type(input);
  if (t == DataType::kFloat) return absl::OkStatus();
  return c.Unsupported(absl::StrCat(tflite_op, " is emitted for float32 operands only; this node's input ",
                                    input, " is ", DataTypeName(t)));
}

int32_t AddInt32Const(LoweringContext& c, const std::vector<int32_t>& values, std::vector<int64_t> shape,
                      absl::string_view suffix) {
  return c.AddConstTensor(Tensor::FromVector<int32_t>(std::move(shape), values), suffix);
}

PartialShape PermuteShape(const PartialShape& shape, const std::vector<int>& perm) {
  if (!shape.known_rank()) return shape;
  std::vector<int64_t> dims(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) dims[i] = shape.dim(perm[i]);
  return PartialShape(std::move(dims));
}

absl::StatusOr<int32_t> EmitTranspose(LoweringContext& c, int32_t input, DataType type,
                                      const PartialShape& input_shape, const std::vector<int>& perm,
                                      absl::string_view suffix, int32_t output) {
  if (input_shape.known_rank() && input_shape.rank() != static_cast<int>(perm.size())) {
    return c.Error(absl::StrCat("cannot transpose a tensor of shape ", input_shape.ToString(), " by ",
                                perm.size(), " axes"));
  }
  if (output < 0) output = c.AddTensor(type, PermuteShape(input_shape, perm), suffix);
  std::vector<int32_t> p(perm.begin(), perm.end());
  int32_t perm_tensor = AddInt32Const(c, p, {static_cast<int64_t>(p.size())}, absl::StrCat(suffix, "/perm"));
  tflite::BuiltinOptionsUnion options;
  options.Set(tflite::TransposeOptionsT());
  c.AddBuiltinOp(tflite::BuiltinOperator::TRANSPOSE, {input, perm_tensor}, {output}, std::move(options));
  return output;
}

absl::StatusOr<int32_t> TransposedOperand(LoweringContext& c, int i, const std::vector<int>& perm,
                                          absl::string_view suffix) {
  if (const Tensor* value = c.input_value(i)) {
    if (value->rank() != static_cast<int>(perm.size())) {
      return c.Error(absl::StrCat("input ", i, " has shape ", PartialShape(value->shape()).ToString(),
                                  ", expected rank ", perm.size()));
    }
    return c.AddConstTensor(Permute(*value, perm), suffix);
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t in, c.InputTensor(i));
  return EmitTranspose(c, in, c.input_type(i), c.input_shape(i), perm, suffix);
}

absl::StatusOr<int32_t> EmitPad(LoweringContext& c, int32_t input, DataType type, const PartialShape& input_shape,
                                const std::vector<std::pair<int64_t, int64_t>>& paddings,
                                absl::string_view suffix) {
  std::vector<int32_t> flat;
  std::vector<int64_t> dims;
  for (size_t i = 0; i < paddings.size(); ++i) {
    flat.push_back(static_cast<int32_t>(paddings[i].first));
    flat.push_back(static_cast<int32_t>(paddings[i].second));
    int64_t d = input_shape.known_rank() ? input_shape.dim(static_cast<int>(i)) : -1;
    dims.push_back(d < 0 ? -1 : d + paddings[i].first + paddings[i].second);
  }
  int32_t pads = AddInt32Const(c, flat, {static_cast<int64_t>(paddings.size()), 2}, absl::StrCat(suffix, "/paddings"));
  int32_t out = c.AddTensor(type, PartialShape(dims), suffix);
  tflite::BuiltinOptionsUnion options;
  options.Set(tflite::PadOptionsT());
  c.AddBuiltinOp(tflite::BuiltinOperator::PAD, {input, pads}, {out}, std::move(options));
  return out;
}

absl::StatusOr<int32_t> EmitReshape(LoweringContext& c, int32_t input, DataType type,
                                    const std::vector<int64_t>& new_shape, absl::string_view suffix,
                                    int32_t output) {
  std::vector<int32_t> dims(new_shape.begin(), new_shape.end());
  int32_t shape = AddInt32Const(c, dims, {static_cast<int64_t>(dims.size())}, absl::StrCat(suffix, "/shape"));
  int32_t out = output >= 0 ? output : c.AddTensor(type, PartialShape(new_shape), suffix);
  tflite::BuiltinOptionsUnion options;
  tflite::ReshapeOptionsT reshape;
  reshape.new_shape = dims;
  options.Set(std::move(reshape));
  c.AddBuiltinOp(tflite::BuiltinOperator::RESHAPE, {input, shape}, {out}, std::move(options));
  return out;
}

}  // namespace tfconv
