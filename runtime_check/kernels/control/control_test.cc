// Control-flow kernels on small hand-built models (with stand-in custom ops for the arithmetic, so
// only the control kernels are under test) and on the real LiteRT test models, whose results are
// worked out below from what their graphs compute.
#include <cstring>
#include <string>
#include <vector>

#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/testing/real_models.h"
#include "gtest/gtest.h"
#include "runtime_check/interpreter/interpreter.h"
#include "runtime_check/kernels/builtin_kernels.h"
#include "runtime_check/kernels/control/control_kernels.h"
#include "runtime_check/kernels/kernel_util.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;
using Op = tflite::BuiltinOperator;
using kernel_test::BufferOf;
using kernel_test::MakeTensor;
using kernel_test::RoundTrip;
using kernel_test::ValuesOf;

// ---- Stand-in kernels (tests only): elementwise on equal shapes or with a one-element operand.

template <typename In, typename Out, typename F>
absl::Status Elementwise(KernelContext& c, T out_type, F f) {
  const RtTensor& a = c.input(0);
  const RtTensor& b = c.input(1);
  const int64_t n = std::max(a.num_elements(), b.num_elements());
  if ((a.num_elements() != n && a.num_elements() != 1) || (b.num_elements() != n && b.num_elements() != 1)) {
    return c.Error("stand-in kernel: shapes do not match");
  }
  RtTensor& y = c.output(0);
  y.Reset(out_type, a.num_elements() == n ? a.shape() : b.shape());
  for (int64_t i = 0; i < n; ++i) {
    y.mutable_data<Out>()[i] =
        f(a.data<In>()[a.num_elements() == 1 ? 0 : i], b.data<In>()[b.num_elements() == 1 ? 0 : i]);
  }
  return absl::OkStatus();
}

template <typename Fn>
absl::Status ByType(KernelContext& c, bool to_bool, Fn fn) {
  const T t = c.input(0).type();
  if (t == T::FLOAT32) {
    return to_bool ? Elementwise<float, bool>(c, T::BOOL, fn) : Elementwise<float, float>(c, t, fn);
  }
  if (t == T::INT32) {
    return to_bool ? Elementwise<int32_t, bool>(c, T::BOOL, fn) : Elementwise<int32_t, int32_t>(c, t, fn);
  }
  return c.UnsupportedType(c.input(0));
}

absl::Status StandInAdd(KernelContext& c) {
  return ByType(c, false, [](auto x, auto y) { return x + y; });
}
absl::Status StandInMul(KernelContext& c) {
  return ByType(c, false, [](auto x, auto y) { return x * y; });
}
absl::Status StandInLess(KernelContext& c) {
  return ByType(c, true, [](auto x, auto y) { return x < y; });
}
absl::Status StandInEqual(KernelContext& c) {
  return ByType(c, true, [](auto x, auto y) { return x == y; });
}

// RESHAPE with the new shape in input 1 (no -1 handling: the models here do not need it).
absl::Status StandInReshape(KernelContext& c) {
  const RtTensor& x = c.input(0);
  std::vector<int32_t> shape;
  for (int64_t v : ReadInts(c.input(1))) shape.push_back(static_cast<int32_t>(v));
  if (NumElementsOf(shape) != x.num_elements()) return c.Error("stand-in RESHAPE: element count changes");
  c.output(0).SetBytes(shape, x.raw(), x.byte_size());
  return absl::OkStatus();
}

// "Append": appends input 1 (one float) to the float vector input 0, so a loop variable grows.
absl::Status Append(KernelContext& c) {
  const RtTensor& v = c.input(0);
  std::vector<float> values(v.data<float>(), v.data<float>() + v.num_elements());
  values.push_back(c.input(1).data<float>()[0]);
  RtTensor& y = c.output(0);
  y.Reset(T::FLOAT32, {static_cast<int32_t>(values.size())});
  std::memcpy(y.mutable_raw(), values.data(), values.size() * sizeof(float));
  return absl::OkStatus();
}

// The shared kernels, with the stand-ins filling in ops no family registers yet (so these tests
// check the control kernels whatever the state of the arithmetic families).
KernelRegistry TestKernels() {
  KernelRegistry r = BuiltinKernels();
  RegisterControlKernels(r);
  auto fill = [&r](Op op, KernelFn fn) {
    TflOperatorCode code;
    code.builtin_code = op;
    if (r.Find(code) == nullptr) r.AddBuiltin(op, fn);
  };
  fill(Op::ADD, StandInAdd);
  fill(Op::MUL, StandInMul);
  fill(Op::LESS, StandInLess);
  fill(Op::EQUAL, StandInEqual);
  fill(Op::RESHAPE, StandInReshape);
  r.AddCustom("Append", Append);
  return r;
}

// ---- Model building helpers.

int Tensor(TflSubgraph& g, const std::string& name, T type, std::vector<int32_t> shape, uint32_t buffer = 0) {
  return g.AddTensor({.name = name, .type = type, .shape = std::move(shape), .buffer = buffer, .has_rank = true});
}

TflOperator& AddOp(TflModel& m, TflSubgraph& g, Op op, std::vector<int32_t> in, std::vector<int32_t> out) {
  TflOperator& o = g.operators.emplace_back();
  o.opcode_index = m.OpcodeIndex(op);
  o.inputs = std::move(in);
  o.outputs = std::move(out);
  return o;
}

// main(i0 int32, v0 float[k]): WHILE (i < 3) { i += 1; v = append(v, 10) }.
std::shared_ptr<const TflModel> GrowingLoopModel(int cond_index = 1) {
  TflModel m;
  TflSubgraph& main = m.subgraphs.emplace_back();
  int i0 = Tensor(main, "i0", T::INT32, {});
  int v0 = Tensor(main, "v0", T::FLOAT32, {1});
  int i1 = Tensor(main, "i1", T::INT32, {});
  int v1 = Tensor(main, "v1", T::FLOAT32, {1});
  tflite::WhileOptionsT wo;
  wo.cond_subgraph_index = cond_index;
  wo.body_subgraph_index = 2;
  AddOp(m, main, Op::WHILE, {i0, v0}, {i1, v1}).builtin_options.Set(std::move(wo));
  main.inputs = {i0, v0};
  main.outputs = {i1, v1};

  TflSubgraph& cond = m.subgraphs.emplace_back();
  int ci = Tensor(cond, "i", T::INT32, {});
  int cv = Tensor(cond, "v", T::FLOAT32, {1});
  int three = Tensor(cond, "three", T::INT32, {}, BufferOf<int32_t>(m, {3}));
  int less = Tensor(cond, "less", T::BOOL, {});
  AddOp(m, cond, Op::LESS, {ci, three}, {less});
  cond.inputs = {ci, cv};
  cond.outputs = {less};

  TflSubgraph& body = m.subgraphs.emplace_back();
  int bi = Tensor(body, "i", T::INT32, {});
  int bv = Tensor(body, "v", T::FLOAT32, {1});
  int one = Tensor(body, "one", T::INT32, {}, BufferOf<int32_t>(m, {1}));
  int ten = Tensor(body, "ten", T::FLOAT32, {}, BufferOf<float>(m, {10.f}));
  int next_i = Tensor(body, "next_i", T::INT32, {});
  int next_v = Tensor(body, "next_v", T::FLOAT32, {1});
  AddOp(m, body, Op::ADD, {bi, one}, {next_i});
  TflOperator& app = body.operators.emplace_back();
  app.opcode_index = m.CustomOpcodeIndex("Append");
  app.inputs = {bv, ten};
  app.outputs = {next_v};
  body.inputs = {bi, bv};
  body.outputs = {next_i, next_v};
  return RoundTrip(m);
}

TEST(WhileTest, LoopVariablesChangeShape) {
  auto interp = Interpreter::Create(GrowingLoopModel(), TestKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  auto out = (*interp)->Invoke(0, {MakeTensor<int32_t>(T::INT32, {}, {0}), MakeTensor<float>(T::FLOAT32, {1}, {5.f})});
  ASSERT_TRUE(out.ok()) << out.status();
  // Three iterations (i = 0, 1, 2 pass the test), each appending 10.
  EXPECT_EQ(ValuesOf<int32_t>((*out)[0]), std::vector<int32_t>{3});
  EXPECT_EQ((*out)[1].shape(), std::vector<int32_t>{4});
  EXPECT_EQ(ValuesOf<float>((*out)[1]), (std::vector<float>{5, 10, 10, 10}));
}

TEST(WhileTest, FalseConditionReturnsTheInputs) {
  auto interp = Interpreter::Create(GrowingLoopModel(), TestKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  auto out = (*interp)->Invoke(0, {MakeTensor<int32_t>(T::INT32, {}, {7}), MakeTensor<float>(T::FLOAT32, {1}, {5.f})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<int32_t>((*out)[0]), std::vector<int32_t>{7});
  EXPECT_EQ(ValuesOf<float>((*out)[1]), std::vector<float>{5});
}

TEST(WhileTest, BadSubgraphIndexIsAnError) {
  auto interp = Interpreter::Create(GrowingLoopModel(/*cond_index=*/9), TestKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  auto out = (*interp)->Invoke(0, {MakeTensor<int32_t>(T::INT32, {}, {0}), MakeTensor<float>(T::FLOAT32, {1}, {5.f})});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("cond_subgraph_index is 9"), std::string::npos) << out.status();
}

TEST(WhileTest, ConditionMustBeBool) {
  // Condition subgraph 2 (the body) returns an INT32 and a FLOAT32: two outputs, refused.
  auto interp = Interpreter::Create(GrowingLoopModel(/*cond_index=*/2), TestKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  auto out = (*interp)->Invoke(0, {MakeTensor<int32_t>(T::INT32, {}, {0}), MakeTensor<float>(T::FLOAT32, {1}, {5.f})});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("gives 2 outputs"), std::string::npos) << out.status();
}

// main(c bool, x float): IF c then x*x else x+x.
std::shared_ptr<const TflModel> IfModel() {
  TflModel m;
  TflSubgraph& main = m.subgraphs.emplace_back();
  int c = Tensor(main, "c", T::BOOL, {});
  int x = Tensor(main, "x", T::FLOAT32, {2});
  int y = Tensor(main, "y", T::FLOAT32, {2});
  auto& op = AddOp(m, main, Op::IF, {c, x}, {y});
  tflite::IfOptionsT io;
  io.then_subgraph_index = 1;
  io.else_subgraph_index = 2;
  op.builtin_options.Set(std::move(io));
  main.inputs = {c, x};
  main.outputs = {y};
  for (Op arith : {Op::MUL, Op::ADD}) {
    TflSubgraph& g = m.subgraphs.emplace_back();
    int a = Tensor(g, "a", T::FLOAT32, {2});
    int r = Tensor(g, "r", T::FLOAT32, {2});
    AddOp(m, g, arith, {a, a}, {r});
    g.inputs = {a};
    g.outputs = {r};
  }
  return RoundTrip(m);
}

TEST(IfTest, RunsTheChosenBranch) {
  auto interp = Interpreter::Create(IfModel(), TestKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  RtTensor x = MakeTensor<float>(T::FLOAT32, {2}, {3.f, -4.f});
  auto out = (*interp)->Invoke(0, {MakeTensor<uint8_t>(T::BOOL, {}, {1}), x});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<float>((*out)[0]), (std::vector<float>{9, 16}));
  out = (*interp)->Invoke(0, {MakeTensor<uint8_t>(T::BOOL, {}, {0}), x});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<float>((*out)[0]), (std::vector<float>{6, -8}));
}

// main(x float): CALL_ONCE(init: var = 2); y = read(var) * x; var = x.
std::shared_ptr<const TflModel> VariableModel(bool with_init) {
  TflModel m;
  TflSubgraph& main = m.subgraphs.emplace_back();
  int x = Tensor(main, "x", T::FLOAT32, {});
  int h = Tensor(main, "h", T::RESOURCE, {});
  int r = Tensor(main, "r", T::FLOAT32, {});
  int y = Tensor(main, "y", T::FLOAT32, {});
  if (with_init) {
    auto& once = AddOp(m, main, Op::CALL_ONCE, {}, {});
    tflite::CallOnceOptionsT co;
    co.init_subgraph_index = 1;
    once.builtin_options.Set(std::move(co));
  }
  tflite::VarHandleOptionsT vo;
  vo.shared_name = "v";
  AddOp(m, main, Op::VAR_HANDLE, {}, {h}).builtin_options.Set(tflite::VarHandleOptionsT(vo));
  AddOp(m, main, Op::READ_VARIABLE, {h}, {r});
  AddOp(m, main, Op::ASSIGN_VARIABLE, {h, x}, {});
  AddOp(m, main, Op::MUL, {r, x}, {y});
  main.inputs = {x};
  main.outputs = {y};
  TflSubgraph& init = m.subgraphs.emplace_back();
  int ih = Tensor(init, "h", T::RESOURCE, {});
  int two = Tensor(init, "two", T::FLOAT32, {}, BufferOf<float>(m, {2.f}));
  AddOp(m, init, Op::VAR_HANDLE, {}, {ih}).builtin_options.Set(tflite::VarHandleOptionsT(vo));
  AddOp(m, init, Op::ASSIGN_VARIABLE, {ih, two}, {});
  return RoundTrip(m);
}

TEST(ResourceVariableTest, CallOnceInitializesAndStatePersists) {
  auto interp = Interpreter::Create(VariableModel(true), TestKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  auto run = [&](float v) {
    auto out = (*interp)->Invoke(0, {MakeTensor<float>(T::FLOAT32, {}, {v})});
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? (*out)[0].data<float>()[0] : -1.f;
  };
  EXPECT_EQ(run(3), 6);   // 2 (from init) * 3
  EXPECT_EQ(run(5), 15);  // 3 (assigned last time) * 5; init did not run again
  EXPECT_EQ(run(1), 5);
  (*interp)->ResetVariables();
  EXPECT_EQ(run(4), 8);  // init ran again
}

TEST(ResourceVariableTest, ReadBeforeAssignIsAnError) {
  auto interp = Interpreter::Create(VariableModel(false), TestKernels());
  ASSERT_TRUE(interp.ok()) << interp.status();
  auto out = (*interp)->Invoke(0, {MakeTensor<float>(T::FLOAT32, {}, {3.f})});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("before any ASSIGN_VARIABLE"), std::string::npos) << out.status();
}

// ---- Real models (LiteRT test data).

std::string RealModelPath(const std::string& suffix) {
  RealModels models = FindRealModels();
  for (const std::string& p : models.paths) {
    if (p.size() >= suffix.size() && p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0) return p;
  }
  return "";
}

#define LOAD_REAL_MODEL(var, suffix)                                                             \
  RealModels real_models_ = FindRealModels();                                                    \
  if (!real_models_.error.empty()) FAIL() << real_models_.error;                                 \
  if (real_models_.paths.empty()) GTEST_SKIP() << real_models_.skip_reason;                      \
  const std::string path_ = RealModelPath(suffix);                                               \
  ASSERT_FALSE(path_.empty()) << "missing real model " << suffix;                                \
  absl::StatusOr<TflModel> model_ = ReadModelFile(path_);                                        \
  ASSERT_TRUE(model_.ok()) << model_.status();                                                   \
  auto var = Interpreter::Create(std::make_shared<TflModel>(*std::move(model_)), TestKernels()); \
  ASSERT_TRUE(var.ok()) << var.status()

// nested_while: while (x == x*x) { while (x == x*x) x = x + x }. From 1: the inner loop doubles 1
// to 2 (2 != 4) and the outer test fails; values other than 0 and 1 pass through untouched.
TEST(RealControlModels, NestedWhile) {
  LOAD_REAL_MODEL(interp, "litert/testdata/nested_while.bin");
  for (auto [in, expected] : std::vector<std::pair<float, float>>{{1.f, 2.f}, {3.f, 3.f}, {-0.5f, -0.5f}}) {
    auto out = (*interp)->Invoke(0, {MakeTensor<float>(T::FLOAT32, {}, {in})});
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ((*out)[0].data<float>()[0], expected) << "input " << in;
  }
}

// multi_subgraphs_while: (a, b, x) = (0, 0, inp); while (b < 2) { a += 1; b += 1; x *= 2 }.
// Outputs (in the model's order): x = 4*inp, then b = 2.
TEST(RealControlModels, MultiSubgraphsWhile) {
  LOAD_REAL_MODEL(interp, "litert/testdata/multi_subgraphs_while.bin");
  auto out = (*interp)->Invoke(0, {MakeTensor<float>(T::FLOAT32, {}, {1.5f})});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 2u);
  EXPECT_EQ((*out)[0].data<float>()[0], 6.f);
  EXPECT_EQ((*out)[1].data<int32_t>()[0], 2);
}

// while_op_with_forwarding_input: n = reshape(num_iterations) to a scalar; (c, m, a, b, s) =
// (0, -1, 1, 1, increment_value); while (a < n) { c += 1; a += 1; b = a + 1 (the new a) }; m, s
// and n are forwarded unchanged. Outputs: a, b and the string s. For n = 5: a = 5, b = 6.
TEST(RealControlModels, WhileWithForwardedInputs) {
  LOAD_REAL_MODEL(interp, "litert/testdata/while_op_with_forwarding_input.bin");
  // A TFLite string tensor: count, offsets (count + 1), then the bytes.
  const std::string text = "step";
  std::vector<uint8_t> bytes(12 + text.size());
  const int32_t header[3] = {1, 12, static_cast<int32_t>(12 + text.size())};
  std::memcpy(bytes.data(), header, sizeof(header));
  std::memcpy(bytes.data() + 12, text.data(), text.size());
  RtTensor s = RtTensor::Make(T::STRING, {1});
  s.SetBytes({1}, bytes.data(), bytes.size());
  for (auto [n, a, b] :
       std::vector<std::tuple<int32_t, int32_t, int32_t>>{{5, 5, 6}, {2, 2, 3}, {1, 1, 1}, {-3, 1, 1}}) {
    auto out = (*interp)->Invoke(0, {MakeTensor<int32_t>(T::INT32, {1}, {n}), s});
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_EQ(out->size(), 3u);
    EXPECT_EQ((*out)[0].data<int32_t>()[0], a) << "n=" << n;
    EXPECT_EQ((*out)[1].data<int32_t>()[0], b) << "n=" << n;
    EXPECT_EQ((*out)[2].byte_size(), bytes.size());
    EXPECT_EQ(std::memcmp((*out)[2].raw(), bytes.data(), bytes.size()), 0);
  }
}

// call_once_mul: init sets the variable to 2; each run returns variable * x and stores x.
TEST(RealControlModels, CallOnceMul) {
  LOAD_REAL_MODEL(interp, "litert/testdata/call_once_mul.bin");
  float previous = 2.f;
  for (float x : {3.f, -1.5f, 10.f}) {
    auto out = (*interp)->Invoke(0, {MakeTensor<float>(T::FLOAT32, {}, {x})});
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ((*out)[0].data<float>()[0], previous * x);
    previous = x;
  }
}

// resource_vars_calibrated: init stores a 5x5 constant V in a variable; each run with x [1,5]
// returns x + c and x . V + c (FULLY_CONNECTED with the transposed variable), then stores
// V[1..4] stacked over x. Checked over three runs against that recurrence.
TEST(RealControlModels, ResourceVariablesRotate) {
  LOAD_REAL_MODEL(interp, "litert/quant_testdata/resource_vars_calibrated.bin");
  const TflModel& m = (*interp)->model();
  auto floats = [&m](int subgraph, int tensor) {
    const ByteBuffer& b = m.buffers[m.subgraphs[subgraph].tensors[tensor].buffer].data;
    return std::vector<float>(reinterpret_cast<const float*>(b.data()),
                              reinterpret_cast<const float*>(b.data()) + b.size() / 4);
  };
  std::vector<float> v = floats(1, 0);  // the initial value (std.constant, 5x5)
  const std::vector<float> c = floats(0, 1);
  ASSERT_EQ(v.size(), 25u);
  ASSERT_EQ(c.size(), 5u);
  for (int run = 0; run < 3; ++run) {
    std::vector<float> x(5);
    for (int k = 0; k < 5; ++k) x[k] = 0.5f * k - run + 0.25f;
    auto out = (*interp)->Invoke(0, {MakeTensor<float>(T::FLOAT32, {1, 5}, x)});
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_EQ(out->size(), 2u);
    for (int j = 0; j < 5; ++j) {
      EXPECT_FLOAT_EQ((*out)[0].data<float>()[j], x[j] + c[j]) << "run " << run;
      double dot = c[j];
      for (int k = 0; k < 5; ++k) dot += static_cast<double>(x[k]) * v[k * 5 + j];
      EXPECT_NEAR((*out)[1].data<float>()[j], dot, 1e-4) << "run " << run;
    }
    std::vector<float> next(v.begin() + 5, v.end());
    next.insert(next.end(), x.begin(), x.end());
    v = next;
  }
}

}  // namespace
}  // namespace tfconv
