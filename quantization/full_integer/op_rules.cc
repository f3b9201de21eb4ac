#include "quantization/full_integer/op_rules.h"

#include <map>

namespace tfconv {
namespace full_integer {
namespace {

using Op = tflite::BuiltinOperator;

// Row builders, so the table below reads as data.
OpQuantRule Elementwise(Op op, std::vector<int> inputs) {  // own-range output
  OpQuantRule r;
  r.op = op;
  r.inputs = std::move(inputs);
  r.outputs = {0};
  return r;
}
OpQuantRule SameScale(Op op, int input = 0) {  // output reuses the input's parameters
  OpQuantRule r = Elementwise(op, {input});
  r.output_scale = OutputScale::kSameAsInput;
  return r;
}
OpQuantRule Fixed(Op op, FixedParams int8, FixedParams int16) {
  OpQuantRule r = Elementwise(op, {0});
  r.output_scale = OutputScale::kFixed;
  r.fixed_int8 = int8;
  r.fixed_int16 = int16;
  r.int16 = int16.scale != 0;
  return r;
}
OpQuantRule SharedScaleInputs(Op op) {  // every input requantized to the output's parameters
  OpQuantRule r;
  r.op = op;
  r.all_inputs = true;
  r.outputs = {0};
  r.inputs_share_output_scale = true;
  return r;
}
OpQuantRule WithWeights(Op op, int input, int weight, int channel_dim, int bias) {
  OpQuantRule r = Elementwise(op, {input});
  r.weight = weight;
  r.weight_channel_dim = channel_dim;
  r.bias = bias;
  return r;
}
OpQuantRule NoInt16(OpQuantRule r) {
  r.int16 = false;
  return r;
}
OpQuantRule ConstantsAsActivations(OpQuantRule r) {
  r.constants_as_activations_16 = true;
  return r;
}
OpQuantRule NoOutputs(OpQuantRule r) {  // the outputs are not real-valued (indices, booleans, shapes)
  r.outputs.clear();
  return r;
}
OpQuantRule AllOutputs(OpQuantRule r) {
  r.outputs.clear();
  r.all_outputs = true;
  return r;
}
OpQuantRule Special(Op op, SpecialRule special) {
  OpQuantRule r;
  r.op = op;
  r.int16 = false;
  r.special = special;
  return r;
}

std::vector<OpQuantRule> Table() {
  const FixedParams none{};
  std::vector<OpQuantRule> t = {
      Elementwise(Op::ABS, {0}),
      Elementwise(Op::RSQRT, {0}),
      ConstantsAsActivations(Elementwise(Op::ADD, {0, 1})),
      ConstantsAsActivations(Elementwise(Op::SUB, {0, 1})),
      ConstantsAsActivations(Elementwise(Op::MUL, {0, 1})),
      ConstantsAsActivations(Elementwise(Op::SQUARED_DIFFERENCE, {0, 1})),
      ConstantsAsActivations(Elementwise(Op::BATCH_MATMUL, {0, 1})),
      NoInt16(NoOutputs(Elementwise(Op::ARG_MAX, {0}))),
      NoInt16(NoOutputs(Elementwise(Op::ARG_MIN, {0}))),
      SameScale(Op::AVERAGE_POOL_2D),
      SameScale(Op::MAX_POOL_2D),
      NoInt16(SameScale(Op::BATCH_TO_SPACE_ND)),
      NoInt16(SameScale(Op::SPACE_TO_BATCH_ND)),
      NoInt16(SameScale(Op::SPACE_TO_DEPTH)),
      NoInt16(SameScale(Op::DEPTH_TO_SPACE)),
      SameScale(Op::BROADCAST_TO),
      AllOutputs(SameScale(Op::SPLIT, /*input=*/1)),  // input 0 is the axis
      AllOutputs(SameScale(Op::SPLIT_V)),
      SharedScaleInputs(Op::CONCATENATION),
      SharedScaleInputs(Op::PACK),
      ConstantsAsActivations(SharedScaleInputs(Op::MAXIMUM)),
      ConstantsAsActivations(SharedScaleInputs(Op::MINIMUM)),
      WithWeights(Op::CONV_2D, 0, 1, /*channel_dim=*/0, 2),
      WithWeights(Op::DEPTHWISE_CONV_2D, 0, 1, /*channel_dim=*/3, 2),
      WithWeights(Op::TRANSPOSE_CONV, 2, 1, /*channel_dim=*/0, 3),
      WithWeights(Op::FULLY_CONNECTED, 0, 1, /*channel_dim=*/-1, 2),
      NoInt16(NoOutputs(Elementwise(Op::EQUAL, {0, 1}))),
      NoInt16(NoOutputs(Elementwise(Op::NOT_EQUAL, {0, 1}))),
      NoInt16(NoOutputs(Elementwise(Op::GREATER, {0, 1}))),
      NoInt16(NoOutputs(Elementwise(Op::GREATER_EQUAL, {0, 1}))),
      NoInt16(NoOutputs(Elementwise(Op::LESS, {0, 1}))),
      NoInt16(NoOutputs(Elementwise(Op::LESS_EQUAL, {0, 1}))),
      SameScale(Op::EXPAND_DIMS),
      SameScale(Op::FILL, /*input=*/1),  // input 0 is the shape
      ConstantsAsActivations(SameScale(Op::GATHER)),
      SameScale(Op::GATHER_ND),
      NoInt16(Elementwise(Op::HARD_SWISH, {0})),
      Fixed(Op::LOG_SOFTMAX, {16.0f / 256.0f, 127}, none),
      Fixed(Op::LOGISTIC, {1.0f / 256.0f, -128}, {1.0f / 32768.0f, 0}),
      Fixed(Op::SOFTMAX, {1.0f / 256.0f, -128}, {1.0f / 32768.0f, 0}),
      Fixed(Op::TANH, {1.0f / 128.0f, 0}, {1.0f / 32768.0f, 0}),
      Fixed(Op::L2_NORMALIZATION, {1.0f / 128.0f, 0}, none),
      Elementwise(Op::MEAN, {0}),
      Elementwise(Op::SUM, {0}),
      Elementwise(Op::REDUCE_PROD, {0}),
      SameScale(Op::REDUCE_MAX),
      SameScale(Op::REDUCE_MIN),
      SameScale(Op::PAD),
      SameScale(Op::PADV2),
      NoInt16(SameScale(Op::MIRROR_PAD)),
      NoInt16(Elementwise(Op::PRELU, {0, 1})),
      Elementwise(Op::LEAKY_RELU, {0}),
      Elementwise(Op::RELU, {0}),
      Elementwise(Op::RELU6, {0}),
      NoInt16(Elementwise(Op::RELU_N1_TO_1, {0})),
      Elementwise(Op::GELU, {0}),
      SameScale(Op::RESHAPE),
      SameScale(Op::SQUEEZE),
      SameScale(Op::RESIZE_BILINEAR),
      SameScale(Op::RESIZE_NEAREST_NEIGHBOR),
      SameScale(Op::REVERSE_V2),
      SameScale(Op::SCATTER_ND, /*input=*/1),
      SameScale(Op::SLICE),
      SameScale(Op::STRIDED_SLICE),
      SameScale(Op::TILE),
      SameScale(Op::TRANSPOSE),
      AllOutputs(SameScale(Op::UNPACK)),
      NoOutputs(Elementwise(Op::SHAPE, {0})),
      Special(Op::SVDF, SpecialRule::kSvdf),
      Special(Op::LSTM, SpecialRule::kLstm),
      Special(Op::UNIDIRECTIONAL_SEQUENCE_LSTM, SpecialRule::kLstm),
  };
  // SELECT copies values from inputs 1 and 2, so both must share the output's parameters (the
  // official rule ties only input 1, which breaks when the two ranges differ).
  OpQuantRule select = SharedScaleInputs(Op::SELECT);
  select.all_inputs = false;
  select.inputs = {1, 2};
  t.push_back(select);
  // PADV2's padding value must be in the input's scale.
  for (OpQuantRule& r : t) {
    if (r.op == Op::PADV2) r.same_scale_constants = {2};
  }
  return t;
}

}  // namespace

const OpQuantRule* FindOpRule(tflite::BuiltinOperator op) {
  static const auto* rules = [] {
    auto* m = new std::map<Op, OpQuantRule>();
    for (OpQuantRule& r : Table()) m->emplace(r.op, std::move(r));
    return m;
  }();
  auto it = rules->find(op);
  return it == rules->end() ? nullptr : &it->second;
}

}  // namespace full_integer
}  // namespace tfconv
