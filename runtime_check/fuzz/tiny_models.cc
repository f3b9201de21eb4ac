#include "runtime_check/fuzz/tiny_models.h"

#include <cstring>
#include <optional>

namespace tfconv {
namespace {

using T = tflite::TensorType;
using Op = tflite::BuiltinOperator;

struct Quant {
  std::vector<float> scale;
  std::vector<int64_t> zero_point;
  int32_t axis = 0;
};
Quant Q(float scale, int64_t zero_point) { return Quant{{scale}, {zero_point}, 0}; }

template <typename O>
tflite::BuiltinOptionsUnion Options(O options) {
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(options));
  return u;
}

// Builds one subgraph of a model; tensors are named t<index> unless named.
class Builder {
 public:
  Builder(TflModel& model, int subgraph) : m_(model), s_(subgraph) {}
  TflSubgraph& g() { return m_.subgraphs[s_]; }

  int Input(T type, std::vector<int32_t> shape, std::optional<Quant> q = std::nullopt) {
    const int t = Tensor(type, std::move(shape), q);
    g().inputs.push_back(t);
    return t;
  }
  int Output(T type, std::vector<int32_t> shape, std::optional<Quant> q = std::nullopt) {
    const int t = Tensor(type, std::move(shape), q);
    g().outputs.push_back(t);
    return t;
  }
  int Tensor(T type, std::vector<int32_t> shape, std::optional<Quant> q = std::nullopt) {
    TflTensor t;
    t.name = "t" + std::to_string(g().tensors.size());
    t.type = type;
    t.shape = std::move(shape);
    t.has_rank = true;
    if (q) {
      TflQuantization tq;
      tq.scale = q->scale;
      tq.zero_point = q->zero_point;
      tq.quantized_dimension = q->axis;
      t.quantization = tq;
    }
    return g().AddTensor(std::move(t));
  }
  template <typename V>
  int Const(T type, std::vector<int32_t> shape, const std::vector<V>& values, std::optional<Quant> q = std::nullopt) {
    const int t = Tensor(type, std::move(shape), q);
    g().tensors[t].buffer = m_.AddBuffer(ByteBuffer::Copy(values.data(), values.size() * sizeof(V)));
    return t;
  }
  int I32(std::vector<int32_t> shape, const std::vector<int32_t>& v) { return Const(T::INT32, std::move(shape), v); }
  int F32(std::vector<int32_t> shape, const std::vector<float>& v) { return Const(T::FLOAT32, std::move(shape), v); }

  void Add(Op op, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
           tflite::BuiltinOptionsUnion options = {}) {
    TflOperator& o = g().operators.emplace_back();
    o.opcode_index = m_.OpcodeIndex(op);
    o.inputs = std::move(inputs);
    o.outputs = std::move(outputs);
    o.builtin_options = std::move(options);
  }
  // An operator whose single output is also a subgraph output.
  int Unary(Op op, int x, T out_type, std::vector<int32_t> out_shape, tflite::BuiltinOptionsUnion options = {},
            std::optional<Quant> q = std::nullopt) {
    const int y = Output(out_type, std::move(out_shape), q);
    Add(op, {x}, {y}, std::move(options));
    return y;
  }
  int Binary(Op op, int a, int b, T out_type, std::vector<int32_t> out_shape,
             tflite::BuiltinOptionsUnion options = {}, std::optional<Quant> q = std::nullopt) {
    const int y = Output(out_type, std::move(out_shape), q);
    Add(op, {a, b}, {y}, std::move(options));
    return y;
  }

 private:
  TflModel& m_;
  int s_;
};

Builder MainBuilder(TflModel& m) {
  m.subgraphs.emplace_back().name = "main";
  return Builder(m, 0);
}

TflModel Conv2dInt8() {
  TflModel m;
  Builder b = MainBuilder(m);
  const int x = b.Input(T::INT8, {1, 5, 5, 2}, Q(0.5f, -1));
  std::vector<int8_t> w(3 * 3 * 3 * 2);
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<int8_t>(static_cast<int>(i % 11) - 5);
  const int f = b.Const(T::INT8, {3, 3, 3, 2}, w, Quant{{0.1f, 0.2f, 0.3f}, {0, 0, 0}, 0});
  const int bias = b.Const(T::INT32, {3}, std::vector<int32_t>{10, -20, 30}, Quant{{0.05f, 0.1f, 0.15f}, {0, 0, 0}, 0});
  const int y = b.Output(T::INT8, {1, 5, 5, 3}, Q(1.f, 2));
  tflite::Conv2DOptionsT o;
  o.padding = tflite::Padding::SAME;
  o.stride_w = o.stride_h = 1;
  o.fused_activation_function = tflite::ActivationFunctionType::RELU;
  b.Add(Op::CONV_2D, {x, f, bias}, {y}, Options(o));
  return m;
}

TflModel ConvFloat() {
  TflModel m;
  Builder b = MainBuilder(m);
  const int x = b.Input(T::FLOAT32, {1, 4, 4, 2});
  std::vector<float> dw(3 * 3 * 4), cw(2 * 2 * 2 * 2), tw(3 * 3 * 2 * 2);
  for (size_t i = 0; i < dw.size(); ++i) dw[i] = 0.1f * static_cast<float>(i % 5) - 0.2f;
  for (size_t i = 0; i < cw.size(); ++i) cw[i] = 0.05f * static_cast<float>(i % 7);
  for (size_t i = 0; i < tw.size(); ++i) tw[i] = 0.03f * static_cast<float>(i % 4) - 0.04f;
  tflite::DepthwiseConv2DOptionsT d;
  d.padding = tflite::Padding::VALID;
  d.stride_w = d.stride_h = 1;
  d.depth_multiplier = 2;
  b.Add(Op::DEPTHWISE_CONV_2D, {x, b.F32({1, 3, 3, 4}, dw), b.F32({4}, {0.1f, 0.2f, 0.3f, 0.4f})},
        {b.Output(T::FLOAT32, {1, 2, 2, 4})}, Options(d));
  tflite::Conv2DOptionsT c;
  c.padding = tflite::Padding::VALID;
  c.stride_w = c.stride_h = 2;
  c.dilation_w_factor = c.dilation_h_factor = 1;
  b.Add(Op::CONV_2D, {x, b.F32({2, 2, 2, 2}, cw), -1}, {b.Output(T::FLOAT32, {1, 2, 2, 2})}, Options(c));
  tflite::TransposeConvOptionsT t;
  t.padding = tflite::Padding::SAME;
  t.stride_w = t.stride_h = 2;
  b.Add(Op::TRANSPOSE_CONV, {b.I32({4}, {1, 8, 8, 2}), b.F32({2, 3, 3, 2}, tw), x},
        {b.Output(T::FLOAT32, {1, 8, 8, 2})}, Options(t));
  const int rhs = b.F32({2, 3}, {1, 2, 3, 4, 5, 6});
  b.Binary(Op::BATCH_MATMUL, x, rhs, T::FLOAT32, {1, 4, 4, 3}, Options(tflite::BatchMatMulOptionsT{}));
  return m;
}

TflModel FullyConnectedInt8() {
  TflModel m;
  Builder b = MainBuilder(m);
  const int x = b.Input(T::INT8, {2, 6}, Q(0.1f, 0));
  std::vector<int8_t> w(4 * 6);
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<int8_t>(static_cast<int>(i * 7 % 19) - 9);
  const int wt = b.Const(T::INT8, {4, 6}, w, Q(0.05f, 0));
  const int bias = b.Const(T::INT32, {4}, std::vector<int32_t>{100, -50, 0, 7}, Q(0.005f, 0));
  const int fc = b.Tensor(T::INT8, {2, 4}, Q(0.2f, -3));
  tflite::FullyConnectedOptionsT o;
  b.Add(Op::FULLY_CONNECTED, {x, wt, bias}, {fc}, Options(o));
  tflite::SoftmaxOptionsT s;
  s.beta = 1.f;
  b.Unary(Op::SOFTMAX, fc, T::INT8, {2, 4}, Options(s), Q(1.f / 256, -128));
  const int other = b.Const(T::INT8, {4}, std::vector<int8_t>{1, -2, 3, -4}, Q(0.3f, 1));
  b.Binary(Op::ADD, fc, other, T::INT8, {2, 4}, Options(tflite::AddOptionsT{}), Q(0.25f, 0));
  b.Binary(Op::MUL, fc, other, T::INT8, {2, 4}, Options(tflite::MulOptionsT{}), Q(0.1f, 5));
  tflite::QuantizeOptionsT qo;
  b.Unary(Op::QUANTIZE, fc, T::INT8, {2, 4}, Options(qo), Q(0.3f, -7));
  b.Unary(Op::DEQUANTIZE, fc, T::FLOAT32, {2, 4});
  return m;
}

TflModel Pooling() {
  TflModel m;
  Builder b = MainBuilder(m);
  const int x = b.Input(T::FLOAT32, {1, 4, 4, 2});
  tflite::Pool2DOptionsT p;
  p.padding = tflite::Padding::VALID;
  p.stride_w = p.stride_h = 2;
  p.filter_width = p.filter_height = 2;
  for (Op op : {Op::MAX_POOL_2D, Op::AVERAGE_POOL_2D, Op::L2_POOL_2D}) {
    b.Unary(op, x, T::FLOAT32, {1, 2, 2, 2}, Options(p));
  }
  tflite::ResizeBilinearOptionsT rb;
  b.Binary(Op::RESIZE_BILINEAR, x, b.I32({2}, {7, 3}), T::FLOAT32, {1, 7, 3, 2}, Options(rb));
  tflite::ResizeNearestNeighborOptionsT rn;
  rn.half_pixel_centers = true;
  b.Binary(Op::RESIZE_NEAREST_NEIGHBOR, x, b.I32({2}, {3, 6}), T::FLOAT32, {1, 3, 6, 2}, Options(rn));
  tflite::SpaceToDepthOptionsT sd;
  sd.block_size = 2;
  const int deep = b.Unary(Op::SPACE_TO_DEPTH, x, T::FLOAT32, {1, 2, 2, 8}, Options(sd));
  tflite::DepthToSpaceOptionsT ds;
  ds.block_size = 2;
  b.Unary(Op::DEPTH_TO_SPACE, deep, T::FLOAT32, {1, 4, 4, 2}, Options(ds));
  b.Add(Op::SPACE_TO_BATCH_ND, {x, b.I32({2}, {2, 2}), b.I32({2, 2}, {0, 0, 0, 0})},
        {b.Output(T::FLOAT32, {4, 2, 2, 2})});
  b.Add(Op::BATCH_TO_SPACE_ND, {x, b.I32({2}, {1, 1}), b.I32({2, 2}, {0, 1, 1, 0})},
        {b.Output(T::FLOAT32, {1, 3, 3, 2})});
  return m;
}

TflModel Reductions() {
  TflModel m;
  Builder b = MainBuilder(m);
  const int x = b.Input(T::FLOAT32, {2, 3, 4});
  const int axes = b.I32({2}, {0, 2});
  tflite::ReducerOptionsT keep;
  keep.keep_dims = true;
  for (Op op : {Op::MEAN, Op::SUM, Op::REDUCE_MAX, Op::REDUCE_MIN, Op::REDUCE_PROD}) {
    b.Binary(op, x, axes, T::FLOAT32, {1, 3, 1}, Options(keep));
  }
  tflite::ArgMaxOptionsT amax;
  amax.output_type = T::INT32;
  b.Binary(Op::ARG_MAX, x, b.I32({1}, {1}), T::INT32, {2, 4}, Options(amax));
  tflite::ArgMinOptionsT amin;
  amin.output_type = T::INT64;
  b.Binary(Op::ARG_MIN, x, b.I32({}, {-1}), T::INT64, {2, 3}, Options(amin));
  const int positive = b.Tensor(T::BOOL, {2, 3, 4});
  b.Add(Op::GREATER, {x, b.F32({}, {0.f})}, {positive});
  b.Binary(Op::REDUCE_ANY, positive, b.I32({1}, {1}), T::BOOL, {2, 4}, Options(tflite::ReducerOptionsT{}));
  tflite::SoftmaxOptionsT s;
  s.beta = 0.5f;
  b.Unary(Op::SOFTMAX, x, T::FLOAT32, {2, 3, 4}, Options(s));
  b.Unary(Op::LOG_SOFTMAX, x, T::FLOAT32, {2, 3, 4}, Options(tflite::LogSoftmaxOptionsT{}));
  b.Unary(Op::L2_NORMALIZATION, x, T::FLOAT32, {2, 3, 4}, Options(tflite::L2NormOptionsT{}));
  return m;
}

TflModel ElementwiseFloat() {
  TflModel m;
  Builder b = MainBuilder(m);
  const int x = b.Input(T::FLOAT32, {2, 3});
  const int c = b.F32({3}, {0.5f, 2.f, 3.f});
  for (Op op : {Op::ADD, Op::SUB, Op::MUL, Op::DIV, Op::POW, Op::SQUARED_DIFFERENCE, Op::MAXIMUM, Op::MINIMUM,
                Op::FLOOR_DIV, Op::FLOOR_MOD}) {
    b.Binary(op, x, c, T::FLOAT32, {2, 3});
  }
  for (Op op : {Op::ABS, Op::NEG, Op::EXP, Op::LOG, Op::SQRT, Op::RSQRT, Op::SIN, Op::COS, Op::CEIL, Op::FLOOR,
                Op::ROUND, Op::SIGN, Op::SQUARE, Op::RELU, Op::RELU6, Op::RELU_N1_TO_1, Op::RELU_0_TO_1, Op::TANH,
                Op::LOGISTIC, Op::ELU, Op::HARD_SWISH, Op::ZEROS_LIKE}) {
    b.Unary(op, x, T::FLOAT32, {2, 3});
  }
  b.Unary(Op::GELU, x, T::FLOAT32, {2, 3}, Options(tflite::GeluOptionsT{}));
  tflite::LeakyReluOptionsT lr;
  lr.alpha = 0.2f;
  b.Unary(Op::LEAKY_RELU, x, T::FLOAT32, {2, 3}, Options(lr));
  b.Binary(Op::PRELU, x, b.F32({3}, {0.1f, 0.2f, 0.3f}), T::FLOAT32, {2, 3});
  tflite::CastOptionsT cast;
  cast.in_data_type = T::FLOAT32;
  cast.out_data_type = T::INT32;
  b.Unary(Op::CAST, x, T::INT32, {2, 3}, Options(cast));
  return m;
}

TflModel ElementwiseInt() {
  TflModel m;
  Builder b = MainBuilder(m);
  const int x = b.Input(T::INT32, {2, 3});
  const int c = b.I32({3}, {2, -3, 5});
  for (Op op : {Op::ADD, Op::SUB, Op::MUL, Op::FLOOR_DIV, Op::FLOOR_MOD, Op::MAXIMUM, Op::MINIMUM, Op::DIV}) {
    b.Binary(op, x, c, T::INT32, {2, 3});
  }
  for (Op op : {Op::GREATER, Op::LESS, Op::EQUAL, Op::NOT_EQUAL, Op::GREATER_EQUAL, Op::LESS_EQUAL}) {
    b.Binary(op, x, c, T::BOOL, {2, 3});
  }
  const int p = b.Tensor(T::BOOL, {2, 3});
  const int q = b.Tensor(T::BOOL, {2, 3});
  b.Add(Op::GREATER, {x, c}, {p});
  b.Add(Op::LESS, {x, b.I32({}, {1})}, {q});
  b.Binary(Op::LOGICAL_AND, p, q, T::BOOL, {2, 3});
  b.Binary(Op::LOGICAL_OR, p, q, T::BOOL, {2, 3});
  b.Unary(Op::LOGICAL_NOT, p, T::BOOL, {2, 3});
  const int full = b.I32({2, 3}, {9, 8, 7, 6, 5, 4});
  b.Add(Op::SELECT, {p, x, full}, {b.Output(T::INT32, {2, 3})});
  b.Add(Op::SELECT_V2, {q, x, b.I32({3}, {-1, -2, -3})}, {b.Output(T::INT32, {2, 3})});
  b.Unary(Op::WHERE, p, T::INT64, {3, 2});
  b.Unary(Op::ABS, x, T::INT32, {2, 3});
  b.Unary(Op::NEG, x, T::INT32, {2, 3});
  return m;
}

TflModel ArrayOps() {
  TflModel m;
  Builder b = MainBuilder(m);
  const int x = b.Input(T::FLOAT32, {2, 3});
  tflite::ReshapeOptionsT r;
  r.new_shape = {3, 2};
  b.Binary(Op::RESHAPE, x, b.I32({2}, {3, -1}), T::FLOAT32, {3, 2}, Options(r));
  b.Binary(Op::EXPAND_DIMS, x, b.I32({}, {0}), T::FLOAT32, {1, 2, 3});
  const int x3 = b.Tensor(T::FLOAT32, {1, 2, 3});
  b.Add(Op::EXPAND_DIMS, {x, b.I32({1}, {-3})}, {x3});
  tflite::SqueezeOptionsT sq;
  sq.squeeze_dims = {0};
  b.Unary(Op::SQUEEZE, x3, T::FLOAT32, {2, 3}, Options(sq));
  b.Binary(Op::TRANSPOSE, x3, b.I32({3}, {-1, 0, 1}), T::FLOAT32, {3, 1, 2});  // -1: the last axis
  b.Binary(Op::TRANSPOSE, x, b.Const(T::INT64, {2}, std::vector<int64_t>{1, 0}), T::FLOAT32, {3, 2});
  b.Binary(Op::TILE, x, b.I32({2}, {2, 1}), T::FLOAT32, {4, 3});
  b.Binary(Op::PAD, x, b.I32({2, 2}, {1, 0, 0, 2}), T::FLOAT32, {3, 5});
  b.Add(Op::PADV2, {x, b.I32({2, 2}, {0, 1, 1, 0}), b.F32({}, {7.f})}, {b.Output(T::FLOAT32, {3, 4})});
  tflite::MirrorPadOptionsT mp;
  mp.mode = tflite::MirrorPadMode::REFLECT;
  b.Binary(Op::MIRROR_PAD, x, b.I32({2, 2}, {1, 1, 1, 1}), T::FLOAT32, {4, 5}, Options(mp));
  b.Add(Op::SLICE, {x, b.I32({2}, {0, 1}), b.I32({2}, {2, -1})}, {b.Output(T::FLOAT32, {2, 2})});
  tflite::StridedSliceOptionsT ss;
  ss.end_mask = 1;
  b.Add(Op::STRIDED_SLICE, {x, b.I32({2}, {0, 2}), b.I32({2}, {0, -4}), b.I32({2}, {1, -1})},
        {b.Output(T::FLOAT32, {2, 2})}, Options(ss));
  b.Binary(Op::REVERSE_V2, x, b.I32({1}, {1}), T::FLOAT32, {2, 3});
  tflite::ConcatenationOptionsT cc;
  cc.axis = -1;
  b.Binary(Op::CONCATENATION, x, x, T::FLOAT32, {2, 6}, Options(cc));
  tflite::PackOptionsT pk;
  pk.values_count = 2;
  pk.axis = 1;
  b.Binary(Op::PACK, x, x, T::FLOAT32, {2, 2, 3}, Options(pk));
  tflite::UnpackOptionsT up;
  up.num = 2;
  b.Add(Op::UNPACK, {x}, {b.Output(T::FLOAT32, {3}), b.Output(T::FLOAT32, {3})}, Options(up));
  tflite::SplitOptionsT sp;
  sp.num_splits = 3;
  b.Add(Op::SPLIT, {b.I32({}, {1}), x},
        {b.Output(T::FLOAT32, {2, 1}), b.Output(T::FLOAT32, {2, 1}), b.Output(T::FLOAT32, {2, 1})}, Options(sp));
  tflite::SplitVOptionsT sv;
  sv.num_splits = 2;
  b.Add(Op::SPLIT_V, {x, b.I32({2}, {1, -1}), b.I32({}, {1})},
        {b.Output(T::FLOAT32, {2, 1}), b.Output(T::FLOAT32, {2, 2})}, Options(sv));
  tflite::GatherOptionsT ga;
  ga.axis = 1;
  b.Binary(Op::GATHER, x, b.I32({2, 2}, {2, 0, 1, 1}), T::FLOAT32, {2, 2, 2}, Options(ga));
  b.Binary(Op::GATHER_ND, x, b.I32({2, 2}, {0, 1, 1, 2}), T::FLOAT32, {2});
  tflite::ShapeOptionsT shape;
  shape.out_type = T::INT32;
  b.Unary(Op::SHAPE, x, T::INT32, {2}, Options(shape));
  b.Binary(Op::BROADCAST_TO, x, b.I32({3}, {2, 2, 3}), T::FLOAT32, {2, 2, 3});
  b.Binary(Op::FILL, b.I32({2}, {2, 3}), b.F32({}, {1.5f}), T::FLOAT32, {2, 3});
  b.Add(Op::RANGE, {b.I32({}, {0}), b.I32({}, {10}), b.I32({}, {3})}, {b.Output(T::INT32, {4})});
  tflite::OneHotOptionsT oh;
  oh.axis = -1;
  b.Add(Op::ONE_HOT, {b.I32({3}, {0, 2, 5}), b.I32({}, {3}), b.F32({}, {1.f}), b.F32({}, {0.f})},
        {b.Output(T::FLOAT32, {3, 3})}, Options(oh));
  return m;
}

// SVDF with float and with integer (int16 state) arithmetic, batch 2, 4 filters of rank 2.
TflModel Svdf() {
  TflModel m;
  Builder b = MainBuilder(m);
  const int x = b.Input(T::FLOAT32, {2, 3});
  std::vector<float> wf(4 * 3), wt(4 * 5);
  for (size_t i = 0; i < wf.size(); ++i) wf[i] = 0.1f * static_cast<float>(i % 5) - 0.2f;
  for (size_t i = 0; i < wt.size(); ++i) wt[i] = 0.05f * static_cast<float>(i % 3);
  const int state = b.Tensor(T::FLOAT32, {2, 20});
  b.g().tensors[state].is_variable = true;
  tflite::SVDFOptionsT o;
  o.rank = 2;
  b.Add(Op::SVDF, {x, b.F32({4, 3}, wf), b.F32({4, 5}, wt), b.F32({2}, {0.5f, -0.5f}), state},
        {b.Output(T::FLOAT32, {2, 2})}, Options(o));

  const int xq = b.Input(T::INT8, {2, 3}, Q(0.1f, 2));
  std::vector<int8_t> wfq(4 * 3);
  std::vector<int16_t> wtq(4 * 5);
  for (size_t i = 0; i < wfq.size(); ++i) wfq[i] = static_cast<int8_t>(static_cast<int>(i * 13 % 29) - 14);
  for (size_t i = 0; i < wtq.size(); ++i) wtq[i] = static_cast<int16_t>(static_cast<int>(i * 97 % 301) - 150);
  const int state_q = b.Tensor(T::INT16, {2, 20}, Q(0.01f, 0));
  b.g().tensors[state_q].is_variable = true;
  b.Add(Op::SVDF,
        {xq, b.Const(T::INT8, {4, 3}, wfq, Q(0.02f, 0)), b.Const(T::INT16, {4, 5}, wtq, Q(0.001f, 0)),
         b.Const(T::INT32, {2}, std::vector<int32_t>{40, -40}, Q(0.01f * 0.001f, 0)), state_q},
        {b.Output(T::INT8, {2, 2}, Q(0.05f, -1))}, Options(o));
  return m;
}

// WHILE (counter below 3, doubling x) and IF (a constant condition) with their subgraphs.
TflModel ControlFlow() {
  TflModel m;
  Builder b = MainBuilder(m);
  const int x = b.Input(T::FLOAT32, {2});
  const int i0 = b.I32({}, {0});
  tflite::WhileOptionsT w;
  w.cond_subgraph_index = 1;
  w.body_subgraph_index = 2;
  b.Add(Op::WHILE, {i0, x}, {b.Output(T::INT32, {}), b.Output(T::FLOAT32, {2})}, Options(w));
  tflite::IfOptionsT f;
  f.then_subgraph_index = 3;
  f.else_subgraph_index = 4;
  b.Add(Op::IF, {b.Const(T::BOOL, {}, std::vector<uint8_t>{1}), x}, {b.Output(T::FLOAT32, {2})}, Options(f));

  m.subgraphs.emplace_back().name = "cond";
  Builder cond(m, 1);
  const int ci = cond.Input(T::INT32, {});
  cond.Input(T::FLOAT32, {2});
  cond.Binary(Op::LESS, ci, cond.I32({}, {3}), T::BOOL, {});

  m.subgraphs.emplace_back().name = "body";
  Builder body(m, 2);
  const int bi = body.Input(T::INT32, {});
  const int bx = body.Input(T::FLOAT32, {2});
  body.Binary(Op::ADD, bi, body.I32({}, {1}), T::INT32, {});
  body.Binary(Op::ADD, bx, bx, T::FLOAT32, {2});

  for (Op op : {Op::ADD, Op::MUL}) {
    m.subgraphs.emplace_back().name = op == Op::ADD ? "then" : "else";
    Builder branch(m, static_cast<int>(m.subgraphs.size()) - 1);
    const int bx2 = branch.Input(T::FLOAT32, {2});
    branch.Binary(op, bx2, bx2, T::FLOAT32, {2});
  }
  return m;
}

}  // namespace

std::vector<std::pair<std::string, TflModel>> TinyModels() {
  std::vector<std::pair<std::string, TflModel>> out;
  out.emplace_back("conv2d_int8", Conv2dInt8());
  out.emplace_back("conv_float", ConvFloat());
  out.emplace_back("fully_connected_int8", FullyConnectedInt8());
  out.emplace_back("pooling_resize", Pooling());
  out.emplace_back("reductions", Reductions());
  out.emplace_back("elementwise_float", ElementwiseFloat());
  out.emplace_back("elementwise_int", ElementwiseInt());
  out.emplace_back("array_ops", ArrayOps());
  out.emplace_back("svdf", Svdf());
  out.emplace_back("control_flow", ControlFlow());
  return out;
}

}  // namespace tfconv
