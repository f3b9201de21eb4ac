// Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum (elementwise over any number of
// inputs, folded left to right as Keras does) and Concatenate.
//
// Inputs of different ranks are first brought to one rank the way Keras' Merge.call does it:
// ExpandDims at axis 1 (after the batch), repeated, then the usual broadcasting. (NumPy-style
// broadcasting would align on the right, which differs when the batch dimension is not 1.)
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "plugins/keras/layer_families.h"
#include "plugins/keras/layer_util.h"
#include "plugins/keras/layer_values.h"

namespace tfconv {
namespace {

// The inputs at one rank (see the file comment); all ranks must be known.
absl::StatusOr<std::vector<Output>> SameRankInputs(KerasLayerContext& c) {
  int max_rank = 0;
  for (int i = 0; i < c.num_inputs(); ++i) {
    TFCONV_ASSIGN_OR_RETURN(int r, InputRank(c, i, -1));
    max_rank = std::max(max_rank, r);
  }
  std::vector<Output> out;
  for (int i = 0; i < c.num_inputs(); ++i) {
    Output x = c.input(i);
    for (int r = c.input_shape(i).rank(); r < max_rank; ++r) {
      const std::string name = absl::StrCat("ExpandDims_", i, "_", r);
      TFCONV_ASSIGN_OR_RETURN(
          x, c.AddOp(name, "ExpandDims", {x, c.Const(absl::StrCat(name, "/dim"), Tensor::Scalar<int32_t>(1))},
                     {{"Tdim", DataType::kInt32}}));
    }
    out.push_back(x);
  }
  return out;
}

struct ElementwiseSpec {
  const char* class_name;
  const char* op;    // the TF op folding two inputs
  const char* node;  // its node name suffix
  int exact_inputs;  // 0: any number >= 1
  bool average;      // divide the sum by the input count
};

constexpr ElementwiseSpec kElementwise[] = {
    {"Add", "AddV2", "add", 0, false},           {"Subtract", "Sub", "sub", 2, false},
    {"Multiply", "Mul", "mul", 0, false},        {"Average", "AddV2", "add", 0, true},
    {"Maximum", "Maximum", "maximum", 0, false}, {"Minimum", "Minimum", "minimum", 0, false},
};

absl::Status BuildElementwise(KerasLayerContext& c, const ElementwiseSpec& s) {
  if (c.num_inputs() < 1 || (s.exact_inputs > 0 && c.num_inputs() != s.exact_inputs)) {
    return c.Error(s.exact_inputs > 0
                       ? absl::StrCat("expects exactly ", s.exact_inputs, " inputs, got ", c.num_inputs())
                       : std::string("expects at least one input"));
  }
  TFCONV_ASSIGN_OR_RETURN(std::vector<Output> in, SameRankInputs(c));
  Output y = in[0];
  for (size_t i = 1; i < in.size(); ++i) {
    const std::string name = i == 1 ? std::string(s.node) : absl::StrCat(s.node, "_", i - 1);
    TFCONV_ASSIGN_OR_RETURN(y, c.AddOp(name, s.op, {y, in[i]}));
  }
  if (s.average && in.size() > 1) {
    TFCONV_ASSIGN_OR_RETURN(Output n, ScalarConst(c, "truediv/y", static_cast<double>(in.size()), c.type_of(y)));
    TFCONV_ASSIGN_OR_RETURN(y, c.AddOp("truediv", "RealDiv", {y, n}));
  }
  if (in.size() == 1) {
    TFCONV_ASSIGN_OR_RETURN(y, PassThrough(c, y));
  }
  c.SetOutputs({y});
  return absl::OkStatus();
}

// Concatenate along `axis` (default -1; negative counts from the end, the batch is axis 0).
absl::Status BuildConcatenate(KerasLayerContext& c) {
  if (c.num_inputs() < 1) return c.Error("expects at least one input");
  TFCONV_ASSIGN_OR_RETURN(int rank, InputRank(c, 0, -1));
  for (int i = 1; i < c.num_inputs(); ++i) {
    TFCONV_ASSIGN_OR_RETURN(int r, InputRank(c, i, -1));
    if (r != rank) {
      return c.Error(absl::StrCat("inputs of different ranks cannot be concatenated: ", c.input_shape(0).ToString(),
                                  " and ", c.input_shape(i).ToString()));
    }
  }
  TFCONV_ASSIGN_OR_RETURN(std::vector<int> axes, ReadAxes(c, "axis", rank, {-1}));
  if (axes.size() != 1) return c.Error("axis should be one integer");
  if (c.num_inputs() == 1) {
    TFCONV_ASSIGN_OR_RETURN(Output y, PassThrough(c, c.input(0)));
    c.SetOutputs({y});
    return absl::OkStatus();
  }
  std::vector<Output> inputs;
  for (int i = 0; i < c.num_inputs(); ++i) inputs.push_back(c.input(i));
  inputs.push_back(c.Const("concat/axis", Tensor::Scalar<int32_t>(axes[0])));
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("concat", "ConcatV2", inputs,
                                            {{"N", static_cast<int64_t>(c.num_inputs())}, {"Tidx", DataType::kInt32}}));
  c.SetOutputs({y});
  return absl::OkStatus();
}

}  // namespace

void RegisterMergeLayers(OpRegistry& registry) {
  for (const ElementwiseSpec& spec : kElementwise) {
    const ElementwiseSpec* s = &spec;
    AddLayer(registry, s->class_name, [s](KerasLayerContext& c) { return BuildElementwise(c, *s); });
  }
  AddLayer(registry, "Concatenate", BuildConcatenate);
}

}  // namespace tfconv
