#include "runtime_check/evaluator/input_feeds.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "runtime_check/compare/tensor_convert.h"

namespace tfconv {
namespace {

// The tensor for one input: from its source, or the default pattern.
absl::StatusOr<Tensor> InputTensor(const EvalTensorSpec& spec, const TensorSource* source) {
  std::optional<tflite::TensorType> type = TfliteTypeOf(spec.dtype);
  if (!type.has_value()) {
    return absl::UnimplementedError(
        absl::StrCat("a ", DataTypeName(spec.dtype), " input cannot be read from a tensor file"));
  }
  std::vector<int32_t> shape;
  if (spec.shape.known_rank()) {
    for (int64_t d : spec.shape.dims()) {
      if (d > std::numeric_limits<int32_t>::max()) {
        return absl::InvalidArgumentError(absl::StrCat("dimension ", d, " is beyond the int32 range"));
      }
      shape.push_back(static_cast<int32_t>(d));  // -1 (unknown) becomes 1 unless the source gives it
    }
  } else if (source == nullptr || !(source->shape.has_value() || source->tensor.has_value())) {
    return absl::InvalidArgumentError("it has no known rank: give it with its shape");
  }
  absl::StatusOr<RtTensor> rt = source != nullptr ? TensorFromSource(*source, *type, shape)
                                                  : DefaultPatternTensor(*type, shape);
  if (!rt.ok()) return rt.status();
  return ToTensor(*rt);
}

}  // namespace

absl::StatusOr<std::vector<Tensor>> ArrangeInputs(const std::vector<EvalTensorSpec>& inputs,
                                                  absl::Span<const TensorSource> feeds) {
  std::vector<std::vector<std::string>> names;
  for (const EvalTensorSpec& spec : inputs) names.push_back({spec.name});
  absl::StatusOr<std::vector<const TensorSource*>> chosen = MatchSources(names, feeds);
  if (!chosen.ok()) return chosen.status();
  std::vector<Tensor> out;
  for (size_t i = 0; i < inputs.size(); ++i) {
    absl::StatusOr<Tensor> t = InputTensor(inputs[i], (*chosen)[i]);
    if (!t.ok()) {
      return absl::Status(t.status().code(), absl::StrCat("input '", inputs[i].name, "': ", t.status().message()));
    }
    out.push_back(*std::move(t));
  }
  return out;
}

}  // namespace tfconv
