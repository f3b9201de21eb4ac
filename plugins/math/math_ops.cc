#include "plugins/math/math_ops.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "plugins/common/op_helpers.h"
#include "plugins/math/accumulate_ops.h"
#include "plugins/math/bucketize_ops.h"
#include "plugins/math/elementwise_eval.h"
#include "plugins/math/math_lowering.h"
#include "plugins/math/math_op_table.h"

namespace tfconv {
namespace {

using math::MathOpRow;

// Equal/NotEqual with incompatible_shape_error=false: shapes that do not broadcast give a scalar
// (false for Equal, true for NotEqual) instead of an error.
absl::StatusOr<bool> ToleratesShapeMismatch(const MathOpRow& row, const Node& node) {
  if (row.special != math::Special::kShapeErrorAttr) return false;
  TFCONV_ASSIGN_OR_RETURN(bool shape_error,
                          GetAttrOr<bool>(node, "incompatible_shape_error", true));
  return !shape_error;
}

absl::Status InferMathOp(const MathOpRow& row, InferenceContext& c) {
  if (c.num_inputs() != row.arity) {
    return c.Error(absl::StrCat("expects ", row.arity, " inputs, got ", c.num_inputs()));
  }
  DataType type = c.input_type(0);
  if (row.arity == 2) {
    DataType other = c.input_type(1);
    if (type != DataType::kInvalid && other != DataType::kInvalid && type != other) {
      return c.Error(absl::StrCat("operands have different types (", DataTypeName(type), " and ",
                                  DataTypeName(other), "); cast one so both match"));
    }
    if (type == DataType::kInvalid) type = other;
  }
  if (type == DataType::kInvalid) {
    TFCONV_ASSIGN_OR_RETURN(type, GetAttrOr<DataType>(c.node(), "T", DataType::kInvalid));
  }
  if (type != DataType::kInvalid && !math::Contains(row.tf_types, type)) {
    return c.Error(absl::StrCat(row.tf_op, " does not take ", DataTypeName(type), " operands"));
  }

  PartialShape shape = c.input_shape(0);
  if (row.arity == 2) {
    absl::StatusOr<PartialShape> broadcast =
        BroadcastShapes(c.node(), c.input_shape(0), c.input_shape(1));
    if (broadcast.ok()) {
      shape = *std::move(broadcast);
    } else {
      TFCONV_ASSIGN_OR_RETURN(bool tolerate, ToleratesShapeMismatch(row, c.node()));
      if (!tolerate) return broadcast.status();
      shape = PartialShape();  // a scalar
    }
  }
  c.set_output(0, row.bool_output ? DataType::kBool : type, std::move(shape));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tensor>> EvaluateMathOp(const MathOpRow& row, const EvalContext& c) {
  if (c.num_inputs() != row.arity) {
    return c.Error(absl::StrCat("expects ", row.arity, " inputs, got ", c.num_inputs()));
  }
  for (int i = 0; i < c.num_inputs(); ++i) {
    if (!c.input(i).IsValid()) {
      return c.Error(absl::StrCat("input ", i, " (", c.input(i).DebugString(),
                                  ") does not hold as many values as its shape says"));
    }
  }
  std::vector<int64_t> dims = c.input(0).shape();
  if (row.arity == 2) {
    const Tensor& a = c.input(0);
    const Tensor& b = c.input(1);
    if (a.dtype() != b.dtype()) {
      return c.Error(absl::StrCat("operands have different types (", DataTypeName(a.dtype()),
                                  " and ", DataTypeName(b.dtype()), ")"));
    }
    std::optional<std::vector<int64_t>> broadcast = BroadcastDims(a.shape(), b.shape());
    if (!broadcast) {
      TFCONV_ASSIGN_OR_RETURN(bool tolerate, ToleratesShapeMismatch(row, c.node()));
      if (!tolerate) {
        return c.Error(absl::StrCat("shapes ", ShapeOf(a).ToString(), " and ",
                                    ShapeOf(b).ToString(), " cannot be broadcast together"));
      }
      bool not_equal = row.builtin == tflite::BuiltinOperator::NOT_EQUAL;
      return std::vector<Tensor>{Tensor::Scalar<bool>(not_equal)};
    }
    dims = *std::move(broadcast);
  }
  TFCONV_ASSIGN_OR_RETURN(Tensor out, row.evaluate(c, dims));
  return std::vector<Tensor>{std::move(out)};
}

}  // namespace

void RegisterMathOps(OpRegistry& registry) {
  for (const MathOpRow& row : math::MathOpTable()) {
    const MathOpRow* r = &row;  // rows are static, so the pointer outlives the registry entries
    OpRegistration reg;
    reg.op = row.tf_op;
    reg.infer = [r](InferenceContext& c) { return InferMathOp(*r, c); };
    reg.evaluate = [r](const EvalContext& c) { return EvaluateMathOp(*r, c); };
    reg.lower = [r](LoweringContext& c) { return math::LowerMathOp(*r, c); };
    reg.tflite_ops = math::EmittedBuiltins(row);
    registry.Add(std::move(reg));
  }
  RegisterAccumulateOps(registry);
  RegisterBucketizeOps(registry);
}

}  // namespace tfconv
