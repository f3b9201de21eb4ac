#include "plugins/math/bucketize_ops.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace {

// TensorFlow's Bucketize takes these input types; TFLite's BUCKETIZE kernel the same four.
bool IsBucketizeType(DataType type) {
  return type == DataType::kFloat || type == DataType::kDouble || type == DataType::kInt32 ||
         type == DataType::kInt64;
}

// The boundaries attribute, which TensorFlow requires to be sorted.
absl::StatusOr<std::vector<float>> Boundaries(const Node& node) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<float> b, GetAttr<std::vector<float>>(node, "boundaries"));
  if (!std::is_sorted(b.begin(), b.end())) {
    return NodeError(node, "the boundaries attribute must be sorted in ascending order");
  }
  return b;
}

absl::Status InferBucketize(InferenceContext& c) {
  if (c.num_inputs() != 1) return c.Error(absl::StrCat("expects 1 input, got ", c.num_inputs()));
  const DataType type = c.input_type(0);
  if (type != DataType::kInvalid && !IsBucketizeType(type)) {
    return c.Error(
        absl::StrCat("input must be float, double, int32 or int64, got ", DataTypeName(type)));
  }
  TFCONV_RETURN_IF_ERROR(Boundaries(c.node()).status());
  c.set_output(0, DataType::kInt32, c.input_shape(0));
  return absl::OkStatus();
}

// out[i] = how many boundaries are <= x[i] (std::upper_bound, as TensorFlow's kernel). The
// comparison is TensorFlow's too: T against float, so integers are compared as float and doubles
// against the float boundaries widened.
template <typename T>
Tensor BucketizeAs(const Tensor& x, const std::vector<float>& boundaries) {
  absl::Span<const T> in = x.data<T>();
  std::vector<int32_t> out(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const T v = in[i];
    out[i] = static_cast<int32_t>(std::upper_bound(boundaries.begin(), boundaries.end(), v,
                                                   [](T a, float b) { return a < b; }) -
                                  boundaries.begin());
  }
  return Tensor::FromVector<int32_t>(x.shape(), out);
}

absl::StatusOr<std::vector<Tensor>> EvalBucketize(const EvalContext& c) {
  const Tensor& x = c.input(0);
  TFCONV_ASSIGN_OR_RETURN(std::vector<float> boundaries, Boundaries(c.node()));
  switch (x.dtype()) {
    case DataType::kFloat:
      return std::vector<Tensor>{BucketizeAs<float>(x, boundaries)};
    case DataType::kDouble:
      return std::vector<Tensor>{BucketizeAs<double>(x, boundaries)};
    case DataType::kInt32:
      return std::vector<Tensor>{BucketizeAs<int32_t>(x, boundaries)};
    case DataType::kInt64:
      return std::vector<Tensor>{BucketizeAs<int64_t>(x, boundaries)};
    default:
      return c.Error(
          absl::StrCat("input must be float, double, int32 or int64, got ", x.DebugString()));
  }
}

absl::Status LowerBucketize(LoweringContext& c) {
  TFCONV_ASSIGN_OR_RETURN(std::vector<float> boundaries, Boundaries(c.node()));
  TFCONV_ASSIGN_OR_RETURN(int32_t x, c.InputTensor(0));
  TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(0));
  tflite::BucketizeOptionsT o;
  o.boundaries = std::move(boundaries);
  tflite::BuiltinOptionsUnion options;
  options.Set(std::move(o));
  c.AddBuiltinOp(tflite::BuiltinOperator::BUCKETIZE, {x}, {out}, std::move(options));
  return absl::OkStatus();
}

}  // namespace

void RegisterBucketizeOps(OpRegistry& registry) {
  OpRegistration bucketize;
  bucketize.op = "Bucketize";
  bucketize.infer = InferBucketize;
  bucketize.evaluate = EvalBucketize;
  bucketize.lower = LowerBucketize;
  bucketize.tflite_ops = {"BUCKETIZE"};
  registry.Add(std::move(bucketize));
}

}  // namespace tfconv
