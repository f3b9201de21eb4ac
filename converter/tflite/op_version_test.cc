#include "converter/tflite/op_version.h"

#include <memory>
#include <vector>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

using Op = tflite::BuiltinOperator;
using TT = tflite::TensorType;

// One operator in a fresh model; the expected versions below come from the rules as documented
// in the official op_version.cc (type, rank, quantization and option conditions).
class OneOp {
 public:
  int T(TT type, std::vector<int32_t> shape = {1, 4}, std::vector<float> scales = {},
        int32_t quantized_dimension = 0) {
    TflTensor t;
    t.type = type;
    t.shape = std::move(shape);
    if (!scales.empty()) {
      t.quantization.emplace();
      t.quantization->scale = scales;
      t.quantization->zero_point.assign(scales.size(), 0);
      t.quantization->quantized_dimension = quantized_dimension;
    }
    return g().AddTensor(std::move(t));
  }
  TflOperator& Make(Op op, std::vector<int32_t> inputs, std::vector<int32_t> outputs) {
    TflOperator& o = g().operators.emplace_back();
    o.opcode_index = m.OpcodeIndex(op);
    o.inputs = std::move(inputs);
    o.outputs = std::move(outputs);
    return o;
  }
  template <typename Options>
  Options* SetOptions(TflOperator& op) {
    auto* o = new Options();
    op.builtin_options.type = tflite::BuiltinOptionsUnionTraits<Options>::enum_value;
    op.builtin_options.value = o;
    return o;
  }
  int Version(const TflOperator& op) const { return BuiltinOperatorVersion(m, m.subgraphs[0], op); }
  TflSubgraph& g() {
    if (m.subgraphs.empty()) m.subgraphs.emplace_back();
    return m.subgraphs[0];
  }

  TflModel m;
};

TEST(OpVersionTest, Add) {
  OneOp f;
  int a = f.T(TT::FLOAT32), b = f.T(TT::FLOAT32);
  EXPECT_EQ(f.Version(f.Make(Op::ADD, {a, a}, {b})), 1);
  int q = f.T(TT::INT8, {1, 4}, {0.1f}), q2 = f.T(TT::INT8, {1, 4}, {0.2f});
  EXPECT_EQ(f.Version(f.Make(Op::ADD, {q, q}, {q2})), 2);
  int i64 = f.T(TT::INT64);
  EXPECT_EQ(f.Version(f.Make(Op::ADD, {i64, i64}, {i64})), 4);
  int s = f.T(TT::INT16, {1, 4}, {0.1f}), s2 = f.T(TT::INT16, {1, 4}, {0.3f});
  TflOperator& pot = f.Make(Op::ADD, {s, s}, {s2});
  EXPECT_EQ(f.Version(pot), 1);  // power-of-two scales (the default): the original int16 kernel
  f.SetOptions<tflite::AddOptionsT>(pot)->pot_scale_int16 = false;
  EXPECT_EQ(f.Version(pot), 3);
  int plain16 = f.T(TT::INT16);  // int16 arithmetic without quantization
  EXPECT_EQ(f.Version(f.Make(Op::ADD, {plain16, plain16}, {plain16})), 5);
}

TEST(OpVersionTest, SubAndDivBroadcastingAboveRank4) {
  OneOp f;
  int a = f.T(TT::FLOAT32, {1, 2, 3, 4, 5}), b = f.T(TT::FLOAT32, {5});
  EXPECT_EQ(f.Version(f.Make(Op::SUB, {a, b}, {a})), 3);
  EXPECT_EQ(f.Version(f.Make(Op::DIV, {a, b}, {a})), 2);
  EXPECT_EQ(f.Version(f.Make(Op::SUB, {a, a}, {a})), 1);  // same shapes: no broadcast
  EXPECT_EQ(f.Version(f.Make(Op::MAXIMUM, {a, b}, {a})), 3);
}

TEST(OpVersionTest, FullyConnected) {
  OneOp f;
  int x = f.T(TT::FLOAT32, {2, 8}), w = f.T(TT::FLOAT32, {4, 8}), bias = f.T(TT::FLOAT32, {4}),
      y = f.T(TT::FLOAT32, {2, 4});
  TflOperator& fc = f.Make(Op::FULLY_CONNECTED, {x, w, bias}, {y});
  EXPECT_EQ(f.Version(fc), 1);
  f.SetOptions<tflite::FullyConnectedOptionsT>(fc)->keep_num_dims = true;
  EXPECT_EQ(f.Version(fc), 5);
  EXPECT_EQ(f.Version(f.Make(Op::FULLY_CONNECTED, {x, w, -1}, {y})), 1);  // bias omitted as -1
  EXPECT_EQ(f.Version(f.Make(Op::FULLY_CONNECTED, {x, w}, {y})), 6);      // no bias operand

  int xq = f.T(TT::INT8, {2, 8}, {0.1f}), wq = f.T(TT::INT8, {4, 8}, {0.05f}),
      bq = f.T(TT::INT32, {4}, {0.005f}), yq = f.T(TT::INT8, {2, 4}, {0.2f});
  EXPECT_EQ(f.Version(f.Make(Op::FULLY_CONNECTED, {xq, wq, bq}, {yq})), 4);

  int w_hybrid = f.T(TT::INT8, {4, 8}, {0.05f});  // float activations, int8 weights
  TflOperator& hybrid = f.Make(Op::FULLY_CONNECTED, {x, w_hybrid, bias}, {y});
  EXPECT_EQ(f.Version(hybrid), 3);
  f.SetOptions<tflite::FullyConnectedOptionsT>(hybrid)->asymmetric_quantize_inputs = true;
  EXPECT_EQ(f.Version(hybrid), 9);
  int w_per_channel = f.T(TT::INT8, {4, 8}, {0.1f, 0.2f, 0.3f, 0.4f});
  EXPECT_EQ(f.Version(f.Make(Op::FULLY_CONNECTED, {x, w_per_channel, bias}, {y})), 12);

  int x16 = f.T(TT::INT16, {2, 8}, {0.1f}), y16 = f.T(TT::INT16, {2, 4}, {0.1f});
  TflOperator& fc16 = f.Make(Op::FULLY_CONNECTED, {x16, wq, bq}, {y16});
  EXPECT_EQ(f.Version(fc16), 1);
  f.SetOptions<tflite::FullyConnectedOptionsT>(fc16)->quantized_bias_type = TT::INT32;
  EXPECT_EQ(f.Version(fc16), 11);
}

TEST(OpVersionTest, Conv2D) {
  OneOp f;
  int x = f.T(TT::FLOAT32, {1, 8, 8, 4}), w = f.T(TT::FLOAT32, {16, 3, 3, 4}),
      y = f.T(TT::FLOAT32, {1, 8, 8, 16});
  EXPECT_EQ(f.Version(f.Make(Op::CONV_2D, {x, w, -1}, {y})), 1);
  int w_grouped = f.T(TT::FLOAT32, {16, 3, 3, 2});  // 4 input channels in 2 groups
  EXPECT_EQ(f.Version(f.Make(Op::CONV_2D, {x, w_grouped, -1}, {y})), 6);
  int xq = f.T(TT::INT8, {1, 8, 8, 4}, {0.1f}), wq = f.T(TT::INT8, {16, 3, 3, 4}, {0.1f}),
      yq = f.T(TT::INT8, {1, 8, 8, 16}, {0.1f});
  EXPECT_EQ(f.Version(f.Make(Op::CONV_2D, {xq, wq, -1}, {yq})), 3);
  EXPECT_EQ(f.Version(f.Make(Op::CONV_2D, {x, wq, -1}, {y})), 2);  // hybrid, per tensor
  int w_axis = f.T(TT::INT8, {16, 3, 3, 4}, std::vector<float>(16, 0.1f), 0);
  EXPECT_EQ(f.Version(f.Make(Op::CONV_2D, {x, w_axis, -1}, {y})), 5);
  int x16 = f.T(TT::INT16, {1, 8, 8, 4}, {0.1f}), y16 = f.T(TT::INT16, {1, 8, 8, 16}, {0.1f});
  TflOperator& c16 = f.Make(Op::CONV_2D, {x16, w_axis, -1}, {y16});
  EXPECT_EQ(f.Version(c16), 1);
  f.SetOptions<tflite::Conv2DOptionsT>(c16)->quantized_bias_type = TT::INT32;
  EXPECT_EQ(f.Version(c16), 8);
}

TEST(OpVersionTest, DepthwiseConv2D) {
  OneOp f;
  int x = f.T(TT::FLOAT32, {1, 8, 8, 4}), w = f.T(TT::FLOAT32, {1, 3, 3, 8}),
      y = f.T(TT::FLOAT32, {1, 8, 8, 8});
  TflOperator& dw = f.Make(Op::DEPTHWISE_CONV_2D, {x, w, -1}, {y});
  auto* o = f.SetOptions<tflite::DepthwiseConv2DOptionsT>(dw);
  o->depth_multiplier = 2;
  EXPECT_EQ(f.Version(dw), 1);
  o->dilation_h_factor = 2;
  EXPECT_EQ(f.Version(dw), 2);
  int xq = f.T(TT::INT8, {1, 8, 8, 4}, {0.1f}), wq = f.T(TT::INT8, {1, 3, 3, 8}, {0.1f}),
      yq = f.T(TT::INT8, {1, 8, 8, 8}, {0.1f});
  EXPECT_EQ(f.Version(f.Make(Op::DEPTHWISE_CONV_2D, {xq, wq, -1}, {yq})), 3);
  EXPECT_EQ(f.Version(f.Make(Op::DEPTHWISE_CONV_2D, {x, wq, -1}, {y})), 4);
  int w_axis = f.T(TT::INT8, {1, 3, 3, 8}, std::vector<float>(8, 0.1f), 3);
  EXPECT_EQ(f.Version(f.Make(Op::DEPTHWISE_CONV_2D, {x, w_axis, -1}, {y})), 6);
}

TEST(OpVersionTest, MulRescale) {
  OneOp f;
  int a = f.T(TT::INT8, {4}, {0.5f}), b = f.T(TT::INT8, {4}, {0.5f}),
      big = f.T(TT::INT8, {4}, {0.1f}), small = f.T(TT::INT8, {4}, {1.0f});
  EXPECT_EQ(f.Version(f.Make(Op::MUL, {a, b}, {big})), 3);    // 0.5 * 0.5 / 0.1 = 2.5 >= 1
  EXPECT_EQ(f.Version(f.Make(Op::MUL, {a, b}, {small})), 2);  // 0.25 < 1
  int plain16 = f.T(TT::INT16);
  EXPECT_EQ(f.Version(f.Make(Op::MUL, {plain16, plain16}, {plain16})), 7);
  int c = f.T(TT::COMPLEX64);
  EXPECT_EQ(f.Version(f.Make(Op::MUL, {c, c}, {c})), 6);
}

TEST(OpVersionTest, StridedSliceAndTypeDrivenOps) {
  OneOp f;
  int x5 = f.T(TT::FLOAT32, {1, 2, 3, 4, 5}), idx = f.T(TT::INT32, {5});
  TflOperator& ss = f.Make(Op::STRIDED_SLICE, {x5, idx, idx, idx}, {x5});
  EXPECT_EQ(f.Version(ss), 4);
  auto* o = f.SetOptions<tflite::StridedSliceOptionsT>(ss);
  o->new_axis_mask = 1;
  EXPECT_EQ(f.Version(ss), 6);
  o->offset = true;
  EXPECT_EQ(f.Version(ss), 8);

  int i8 = f.T(TT::INT8, {1, 4}, {0.1f}), i16 = f.T(TT::INT16, {1, 4}, {0.1f}),
      fl = f.T(TT::FLOAT32), b = f.T(TT::BOOL);
  EXPECT_EQ(f.Version(f.Make(Op::SOFTMAX, {i16}, {i16})), 3);
  EXPECT_EQ(f.Version(f.Make(Op::SOFTMAX, {i8}, {i8})), 2);
  EXPECT_EQ(f.Version(f.Make(Op::SUM, {i8, idx}, {i8})), 2);
  EXPECT_EQ(f.Version(f.Make(Op::RELU, {i16}, {i16})), 3);
  EXPECT_EQ(f.Version(f.Make(Op::TANH, {i16}, {i16})), 3);
  EXPECT_EQ(f.Version(f.Make(Op::EXP, {i16}, {i16})), 2);
  EXPECT_EQ(f.Version(f.Make(Op::SQRT, {i8}, {i8})), 2);
  EXPECT_EQ(f.Version(f.Make(Op::CAST, {fl}, {i8})), 3);
  EXPECT_EQ(f.Version(f.Make(Op::CAST, {fl}, {idx})), 1);
  EXPECT_EQ(f.Version(f.Make(Op::GATHER, {b, idx}, {b})), 3);
  EXPECT_EQ(f.Version(f.Make(Op::SPLIT, {idx, i8}, {i8, i8})), 2);  // data is input 1
  EXPECT_EQ(f.Version(f.Make(Op::PAD, {x5, idx}, {x5})), 4);
  EXPECT_EQ(f.Version(f.Make(Op::TRANSPOSE, {x5, idx}, {x5})), 4);
  EXPECT_EQ(f.Version(f.Make(Op::QUANTIZE, {fl}, {i16})), 2);
  int per_axis = f.T(TT::INT8, {3, 4}, {0.1f, 0.2f, 0.3f}, 0);
  EXPECT_EQ(f.Version(f.Make(Op::DEQUANTIZE, {per_axis}, {fl})), 5);
  EXPECT_EQ(f.Version(f.Make(Op::DEQUANTIZE, {i8}, {fl})), 2);
  EXPECT_EQ(f.Version(f.Make(Op::BROADCAST_TO, {fl, idx}, {fl})), 2);
  EXPECT_EQ(f.Version(f.Make(Op::RESHAPE, {i16, idx}, {i16})), 1);  // no rules: 1
  EXPECT_EQ(f.Version(f.Make(Op::GELU, {i8}, {i8})), 2);
}

TEST(OpVersionTest, MalformedOperatorsDoNotCrash) {
  OneOp f;
  for (Op op : {Op::CONV_2D, Op::DEPTHWISE_CONV_2D, Op::FULLY_CONNECTED, Op::MUL, Op::SPLIT,
                Op::DEQUANTIZE, Op::QUANTIZE, Op::LSTM, Op::TOPK_V2, Op::SELECT}) {
    EXPECT_GE(f.Version(f.Make(op, {}, {})), 1);
    EXPECT_GE(f.Version(f.Make(op, {-1, 99, 7}, {42})), 1);
  }
  int per_axis = f.T(TT::INT8, {3}, {0.1f, 0.2f, 0.3f}, 5);  // quantized dimension out of range
  EXPECT_EQ(f.Version(f.Make(Op::DEQUANTIZE, {per_axis}, {per_axis})), 2);
}

TEST(OpVersionTest, AssignMergesCodesInFirstUseOrder) {
  OneOp f;
  int fl = f.T(TT::FLOAT32), q = f.T(TT::INT8, {1, 4}, {0.1f});
  f.m.OpcodeIndex(Op::SUB);  // never used: dropped
  f.Make(Op::ADD, {q, q}, {q});
  f.Make(Op::RELU, {fl}, {fl});
  f.Make(Op::ADD, {fl, fl}, {fl});
  f.Make(Op::ADD, {q, q}, {q});
  TflOperator& custom = f.g().operators.emplace_back();
  custom.opcode_index = f.m.CustomOpcodeIndex("MyOp");
  custom.inputs = {fl};
  custom.outputs = {fl};
  f.m.operator_codes[f.m.OpcodeIndex(Op::RELU)].version = 3;  // set by a plugin: kept

  AssignOperatorVersions(f.m);
  const auto& codes = f.m.operator_codes;
  ASSERT_EQ(codes.size(), 4u);
  EXPECT_TRUE((codes[0] == TflOperatorCode{Op::ADD, "", 2}));
  EXPECT_TRUE((codes[1] == TflOperatorCode{Op::RELU, "", 3}));
  EXPECT_TRUE((codes[2] == TflOperatorCode{Op::ADD, "", 1}));
  EXPECT_TRUE((codes[3] == TflOperatorCode{Op::CUSTOM, "MyOp", 1}));
  const auto& ops = f.m.subgraphs[0].operators;
  EXPECT_EQ(ops[0].opcode_index, 0u);
  EXPECT_EQ(ops[1].opcode_index, 1u);
  EXPECT_EQ(ops[2].opcode_index, 2u);
  EXPECT_EQ(ops[3].opcode_index, 0u);
  EXPECT_EQ(ops[4].opcode_index, 3u);

  TflModel again = f.m;
  AssignOperatorVersions(again);  // idempotent
  EXPECT_EQ(again.operator_codes.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(again.operator_codes[i] == codes[i]);
}

TEST(OpVersionTest, AssignLeavesAModelWithABadOpcodeIndexAlone) {
  OneOp f;
  int fl = f.T(TT::FLOAT32);
  f.Make(Op::ADD, {fl, fl}, {fl}).opcode_index = 7;
  AssignOperatorVersions(f.m);
  EXPECT_EQ(f.m.subgraphs[0].operators[0].opcode_index, 7u);
  EXPECT_EQ(f.m.operator_codes.size(), 1u);
}

}  // namespace
}  // namespace tfconv
