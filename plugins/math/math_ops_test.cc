#include "plugins/math/math_ops.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "ops/op_registry.h"

namespace tfconv {
namespace {

using Dims = std::vector<int64_t>;
using tflite::BuiltinOperator;
using tflite::BuiltinOptions;

template <typename T>
std::vector<T> Values(const Tensor& t) {
  if constexpr (std::is_same_v<T, bool>) {
    std::vector<bool> out;
    for (int64_t i = 0; i < t.NumElements(); ++i) out.push_back(t.bytes().data()[i] != 0);
    return out;
  } else {
    auto d = t.data<T>();
    return std::vector<T>(d.begin(), d.end());
  }
}

// Records what a lowering emits instead of building a model. TF input i is TFLite tensor 100 + i,
// output i is 200 + i, the n-th added constant is 300 + n and the n-th added activation 400 + n.
class RecordingLowering : public LoweringContext {
 public:
  struct Op {
    BuiltinOperator op;
    std::vector<int32_t> inputs, outputs;
    tflite::BuiltinOptionsUnion options;
  };

  explicit RecordingLowering(const Node& node) : node_(node) {}
  const Node& node() const override { return node_; }
  const LoweringOptions& options() const override { return options_; }
  absl::StatusOr<int32_t> InputTensor(int i) override { return 100 + i; }
  absl::StatusOr<int32_t> OutputTensor(int i) override { return 200 + i; }
  absl::Status ForwardOutput(int i, int32_t tensor) override {
    forwarded[i] = tensor;
    return absl::OkStatus();
  }
  int32_t AddConstTensor(const Tensor& value, absl::string_view) override {
    constants.push_back(value);
    return 300 + static_cast<int32_t>(constants.size()) - 1;
  }
  int32_t AddTensor(DataType type, const PartialShape& shape, absl::string_view) override {
    added.push_back({type, shape});
    return 400 + static_cast<int32_t>(added.size()) - 1;
  }
  void AddBuiltinOp(BuiltinOperator op, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                    tflite::BuiltinOptionsUnion options) override {
    ops.push_back({op, std::move(inputs), std::move(outputs), std::move(options)});
  }
  void AddCustomOp(const std::string&, std::vector<int32_t>, std::vector<int32_t>,
                   std::vector<uint8_t>) override {
    ++custom_ops;
  }
  TflTensor& tensor(int32_t) override { return scratch_; }

  std::vector<Op> ops;
  std::vector<Tensor> constants;
  std::vector<std::pair<DataType, PartialShape>> added;  // activation tensors, 400 + n
  std::map<int, int32_t> forwarded;
  int custom_ops = 0;

 private:
  const Node& node_;
  LoweringOptions options_;
  TflTensor scratch_;
};

class MathOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.BeginPlugin("tfconv.math", /*may_override=*/false);
    RegisterMathOps(registry_);
    ASSERT_TRUE(registry_.EndPlugin().ok());
  }

  // A node of `op` reading one placeholder per operand (dtype, shape).
  Node* MakeNode(const std::string& op,
                 const std::vector<std::pair<DataType, PartialShape>>& inputs, AttrMap attrs = {}) {
    Node* node = graph_.AddNode(graph_.UniqueName(op), op);
    for (const auto& [dtype, shape] : inputs) {
      Node* p = graph_.AddNode(graph_.UniqueName("x"), "Placeholder");
      p->outputs.push_back(OutputInfo{dtype, shape, std::nullopt});
      node->AddInput({p, 0});
    }
    node->attrs = std::move(attrs);
    return node;
  }

  absl::Status Infer(Node* node) {
    const OpRegistration* reg = registry_.Find(node->op());
    if (reg == nullptr) return absl::NotFoundError(node->op());
    InferenceContext c(*node);
    return reg->infer(c);
  }

  // Infers and evaluates `op` on `inputs`; also checks that the evaluated tensor has the dtype and
  // shape that inference promised.
  absl::StatusOr<Tensor> Eval(const std::string& op, std::vector<Tensor> inputs,
                              AttrMap attrs = {}) {
    std::vector<std::pair<DataType, PartialShape>> specs;
    for (const Tensor& t : inputs) specs.push_back({t.dtype(), PartialShape(t.shape())});
    Node* node = MakeNode(op, specs, std::move(attrs));
    absl::Status inferred = Infer(node);
    if (!inferred.ok()) return inferred;
    EvalContext c(*node, inputs);
    absl::StatusOr<std::vector<Tensor>> out = registry_.Find(op)->evaluate(c);
    if (!out.ok()) return out.status();
    if (out->size() != 1) return absl::InternalError("expected one output");
    EXPECT_EQ((*out)[0].dtype(), node->outputs[0].dtype) << op;
    EXPECT_EQ(PartialShape((*out)[0].shape()), node->outputs[0].shape) << op;
    return (*out)[0];
  }

  // Infers `op` on operands of the given specs and lowers it.
  absl::Status Lower(const std::string& op,
                     const std::vector<std::pair<DataType, PartialShape>>& in,
                     RecordingLowering** out, AttrMap attrs = {}) {
    Node* node = MakeNode(op, in, std::move(attrs));
    absl::Status inferred = Infer(node);
    if (!inferred.ok()) return inferred;
    recorders_.push_back(std::make_unique<RecordingLowering>(*node));
    *out = recorders_.back().get();
    return registry_.Find(op)->lower(**out);
  }

  OpRegistry registry_;
  Graph graph_;
  std::vector<std::unique_ptr<RecordingLowering>> recorders_;
};

// ---------------------------------------------------------------------------------------------
// Registry

// The TFLite builtin each TF op must become, and the options table the official converter writes.
struct ExpectedLowering {
  const char* tf_op;
  BuiltinOperator builtin;
  BuiltinOptions options;
  DataType operand;  // a type the TFLite kernel takes
  int arity;
};

const ExpectedLowering kExpected[] = {
    {"Add", BuiltinOperator::ADD, BuiltinOptions::AddOptions, DataType::kFloat, 2},
    {"AddV2", BuiltinOperator::ADD, BuiltinOptions::AddOptions, DataType::kFloat, 2},
    {"Sub", BuiltinOperator::SUB, BuiltinOptions::SubOptions, DataType::kFloat, 2},
    {"Mul", BuiltinOperator::MUL, BuiltinOptions::MulOptions, DataType::kFloat, 2},
    {"RealDiv", BuiltinOperator::DIV, BuiltinOptions::DivOptions, DataType::kFloat, 2},
    {"Div", BuiltinOperator::DIV, BuiltinOptions::DivOptions, DataType::kFloat, 2},
    {"FloorDiv", BuiltinOperator::FLOOR_DIV, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"FloorMod", BuiltinOperator::FLOOR_MOD, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"Pow", BuiltinOperator::POW, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"Maximum", BuiltinOperator::MAXIMUM, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"Minimum", BuiltinOperator::MINIMUM, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"SquaredDifference", BuiltinOperator::SQUARED_DIFFERENCE, BuiltinOptions::NONE,
     DataType::kFloat, 2},
    {"Less", BuiltinOperator::LESS, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"LessEqual", BuiltinOperator::LESS_EQUAL, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"Greater", BuiltinOperator::GREATER, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"GreaterEqual", BuiltinOperator::GREATER_EQUAL, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"Equal", BuiltinOperator::EQUAL, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"NotEqual", BuiltinOperator::NOT_EQUAL, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"LogicalAnd", BuiltinOperator::LOGICAL_AND, BuiltinOptions::NONE, DataType::kBool, 2},
    {"LogicalOr", BuiltinOperator::LOGICAL_OR, BuiltinOptions::NONE, DataType::kBool, 2},
    {"LogicalNot", BuiltinOperator::LOGICAL_NOT, BuiltinOptions::NONE, DataType::kBool, 1},
    {"Neg", BuiltinOperator::NEG, BuiltinOptions::NegOptions, DataType::kFloat, 1},
    {"Abs", BuiltinOperator::ABS, BuiltinOptions::NONE, DataType::kFloat, 1},
    {"Square", BuiltinOperator::SQUARE, BuiltinOptions::SquareOptions, DataType::kFloat, 1},
    {"Reciprocal", BuiltinOperator::DIV, BuiltinOptions::DivOptions, DataType::kFloat, 1},
    {"Inv", BuiltinOperator::DIV, BuiltinOptions::DivOptions, DataType::kFloat, 1},
    {"Exp", BuiltinOperator::EXP, BuiltinOptions::ExpOptions, DataType::kFloat, 1},
    {"Log", BuiltinOperator::LOG, BuiltinOptions::NONE, DataType::kFloat, 1},
    {"Sqrt", BuiltinOperator::SQRT, BuiltinOptions::NONE, DataType::kFloat, 1},
    {"Rsqrt", BuiltinOperator::RSQRT, BuiltinOptions::NONE, DataType::kFloat, 1},
    {"Sin", BuiltinOperator::SIN, BuiltinOptions::NONE, DataType::kFloat, 1},
    {"Cos", BuiltinOperator::COS, BuiltinOptions::NONE, DataType::kFloat, 1},
    {"Floor", BuiltinOperator::FLOOR, BuiltinOptions::NONE, DataType::kFloat, 1},
    {"Ceil", BuiltinOperator::CEIL, BuiltinOptions::NONE, DataType::kFloat, 1},
    {"Round", BuiltinOperator::ROUND, BuiltinOptions::NONE, DataType::kFloat, 1},
    {"Sign", BuiltinOperator::SIGN, BuiltinOptions::NONE, DataType::kFloat, 1},
    {"Atan2", BuiltinOperator::ATAN2, BuiltinOptions::NONE, DataType::kFloat, 2},
    {"TruncateDiv", BuiltinOperator::DIV, BuiltinOptions::DivOptions, DataType::kInt32, 2},
    {"BitwiseXor", BuiltinOperator::BITWISE_XOR, BuiltinOptions::NONE, DataType::kInt32, 2},
    {"RightShift", BuiltinOperator::RIGHT_SHIFT, BuiltinOptions::NONE, DataType::kInt32, 2},
    {"Rint", BuiltinOperator::ROUND, BuiltinOptions::NONE, DataType::kFloat, 1},
};

// Ops lowered to more than one builtin, or needing attributes (tested one by one below, Bucketize
// in bucketize_ops_test.cc).
const char* const kComposite[] = {"DivNoNan", "MulNoNan", "IsNan",  "IsInf",    "IsFinite",
                                  "AddN",     "Cumsum",   "Bucketize"};

TEST_F(MathOpsTest, RegistryHoldsEveryOpWithLoweringAndCoverage) {
  EXPECT_EQ(registry_.size(), std::size(kExpected) + std::size(kComposite));
  for (const char* op : kComposite) {
    const OpRegistration* reg = registry_.Find(op);
    ASSERT_NE(reg, nullptr) << op;
    EXPECT_TRUE(reg->infer && reg->evaluate && reg->lower) << op;
  }
  for (const ExpectedLowering& e : kExpected) {
    const OpRegistration* reg = registry_.Find(e.tf_op);
    ASSERT_NE(reg, nullptr) << e.tf_op;
    EXPECT_EQ(reg->plugin_id, "tfconv.math");
    EXPECT_TRUE(reg->infer) << e.tf_op;
    EXPECT_TRUE(reg->evaluate) << e.tf_op;
    EXPECT_TRUE(reg->lower) << e.tf_op;
    ASSERT_FALSE(reg->tflite_ops.empty()) << e.tf_op;
    EXPECT_EQ(reg->tflite_ops[0], tflite::EnumNameBuiltinOperator(e.builtin)) << e.tf_op;
    EXPECT_EQ(reg->traits, kNoTraits) << e.tf_op;
  }
  EXPECT_EQ(registry_.Find("Square")->tflite_ops, std::vector<std::string>({"SQUARE", "MUL"}));
  EXPECT_EQ(registry_.Find("Less")->tflite_ops, std::vector<std::string>({"LESS", "BROADCAST_TO"}));
  EXPECT_EQ(registry_.Find("SquaredDifference")->tflite_ops,
            std::vector<std::string>({"SQUARED_DIFFERENCE", "SUB", "MUL", "BROADCAST_TO"}));
  EXPECT_EQ(registry_.Find("Exp")->tflite_ops, std::vector<std::string>({"EXP"}));
}

TEST_F(MathOpsTest, EveryOpLowersToItsBuiltinWithTheOfficialOptions) {
  for (const ExpectedLowering& e : kExpected) {
    const OpRegistration* reg = registry_.Find(e.tf_op);
    ASSERT_NE(reg, nullptr);
    const int arity = e.arity;
    std::vector<std::pair<DataType, PartialShape>> in(arity, {e.operand, PartialShape({2, 3})});
    RecordingLowering* rec = nullptr;
    absl::Status s = Lower(e.tf_op, in, &rec);
    ASSERT_TRUE(s.ok()) << e.tf_op << ": " << s;
    ASSERT_EQ(rec->ops.size(), 1u) << e.tf_op;
    EXPECT_EQ(rec->ops[0].op, e.builtin) << e.tf_op;
    EXPECT_EQ(rec->ops[0].options.type, e.options) << e.tf_op;
    EXPECT_EQ(rec->ops[0].outputs, std::vector<int32_t>({200})) << e.tf_op;
    if (std::string(e.tf_op) == "Reciprocal" || std::string(e.tf_op) == "Inv") {
      EXPECT_EQ(rec->ops[0].inputs, std::vector<int32_t>({300, 100})) << e.tf_op;
    } else if (arity == 2) {
      EXPECT_EQ(rec->ops[0].inputs, std::vector<int32_t>({100, 101})) << e.tf_op;
    } else {
      EXPECT_EQ(rec->ops[0].inputs, std::vector<int32_t>({100})) << e.tf_op;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Lowering details

TEST_F(MathOpsTest, AddOptionsKeepSchemaDefaults) {
  RecordingLowering* rec = nullptr;
  ASSERT_TRUE(
      Lower("AddV2", {{DataType::kFloat, {4, 1, 3}}, {DataType::kFloat, {5, 1}}}, &rec).ok());
  const tflite::AddOptionsT* o = rec->ops[0].options.AsAddOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->fused_activation_function, tflite::ActivationFunctionType::NONE);
  EXPECT_TRUE(o->pot_scale_int16);

  ASSERT_TRUE(Lower("Sub", {{DataType::kInt32, {3}}, {DataType::kInt32, {}}}, &rec).ok());
  const tflite::SubOptionsT* so = rec->ops[0].options.AsSubOptions();
  ASSERT_NE(so, nullptr);
  EXPECT_EQ(so->fused_activation_function, tflite::ActivationFunctionType::NONE);
  EXPECT_TRUE(so->pot_scale_int16);
}

TEST_F(MathOpsTest, IntegerSquareBecomesMulOfItself) {
  RecordingLowering* rec = nullptr;
  ASSERT_TRUE(Lower("Square", {{DataType::kInt32, {2, 5}}}, &rec).ok());
  ASSERT_EQ(rec->ops.size(), 1u);
  EXPECT_EQ(rec->ops[0].op, BuiltinOperator::MUL);
  EXPECT_EQ(rec->ops[0].inputs, std::vector<int32_t>({100, 100}));
  EXPECT_EQ(rec->ops[0].options.type, BuiltinOptions::MulOptions);
}

TEST_F(MathOpsTest, Int64SquaredDifferenceBecomesSubThenMul) {
  RecordingLowering* rec = nullptr;
  ASSERT_TRUE(
      Lower("SquaredDifference", {{DataType::kInt64, {2, 3}}, {DataType::kInt64, {3}}}, &rec).ok());
  ASSERT_EQ(rec->ops.size(), 2u);
  EXPECT_EQ(rec->ops[0].op, BuiltinOperator::SUB);
  EXPECT_EQ(rec->ops[0].inputs, std::vector<int32_t>({100, 101}));
  EXPECT_EQ(rec->ops[0].outputs, std::vector<int32_t>({400}));
  EXPECT_EQ(rec->ops[0].options.type, BuiltinOptions::SubOptions);
  ASSERT_EQ(rec->added.size(), 1u);
  EXPECT_EQ(rec->added[0].first, DataType::kInt64);
  EXPECT_EQ(rec->added[0].second, PartialShape({2, 3}));
  EXPECT_EQ(rec->ops[1].op, BuiltinOperator::MUL);
  EXPECT_EQ(rec->ops[1].inputs, std::vector<int32_t>({400, 400}));
  EXPECT_EQ(rec->ops[1].outputs, std::vector<int32_t>({200}));

  // int32 has a SQUARED_DIFFERENCE kernel.
  ASSERT_TRUE(
      Lower("SquaredDifference", {{DataType::kInt32, {3}}, {DataType::kInt32, {3}}}, &rec).ok());
  ASSERT_EQ(rec->ops.size(), 1u);
  EXPECT_EQ(rec->ops[0].op, BuiltinOperator::SQUARED_DIFFERENCE);
}

TEST_F(MathOpsTest, BroadcastBeyondTheKernelRankGoesThroughBroadcastTo) {
  RecordingLowering* rec = nullptr;
  // LESS broadcasts up to rank 4; the result here has rank 5.
  ASSERT_TRUE(
      Lower("Less", {{DataType::kFloat, {2, 1, 3, 1, 5}}, {DataType::kFloat, {4, 1}}}, &rec).ok());
  ASSERT_EQ(rec->constants.size(), 1u);
  EXPECT_EQ(rec->constants[0].dtype(), DataType::kInt64);
  EXPECT_EQ(Values<int64_t>(rec->constants[0]), std::vector<int64_t>({2, 1, 3, 4, 5}));
  ASSERT_EQ(rec->ops.size(), 3u);
  EXPECT_EQ(rec->ops[0].op, BuiltinOperator::BROADCAST_TO);
  EXPECT_EQ(rec->ops[0].inputs, std::vector<int32_t>({100, 300}));
  EXPECT_EQ(rec->ops[0].outputs, std::vector<int32_t>({400}));
  EXPECT_EQ(rec->ops[0].options.type, BuiltinOptions::NONE);
  EXPECT_EQ(rec->ops[1].op, BuiltinOperator::BROADCAST_TO);
  EXPECT_EQ(rec->ops[1].inputs, std::vector<int32_t>({101, 300}));
  EXPECT_EQ(rec->ops[2].op, BuiltinOperator::LESS);
  EXPECT_EQ(rec->ops[2].inputs, std::vector<int32_t>({400, 401}));
  EXPECT_EQ(rec->added[0], std::make_pair(DataType::kFloat, PartialShape({2, 1, 3, 4, 5})));

  // An operand already of the result shape is used as it is.
  ASSERT_TRUE(
      Lower("FloorMod", {{DataType::kInt32, {2, 2, 2, 2, 3}}, {DataType::kInt32, {3}}}, &rec).ok());
  ASSERT_EQ(rec->ops.size(), 2u);
  EXPECT_EQ(rec->ops[0].inputs, std::vector<int32_t>({101, 300}));
  EXPECT_EQ(rec->ops[1].inputs, std::vector<int32_t>({100, 400}));

  // Equal shapes of any rank, and broadcasts within the limit, need nothing.
  ASSERT_TRUE(
      Lower("Less",
            {{DataType::kFloat, {1, 2, 1, 2, 1, 2}}, {DataType::kFloat, {1, 2, 1, 2, 1, 2}}}, &rec)
          .ok());
  EXPECT_EQ(rec->ops.size(), 1u);
  ASSERT_TRUE(
      Lower("Maximum", {{DataType::kFloat, {2, 1, 3, 1, 5}}, {DataType::kFloat, {4, 1}}}, &rec)
          .ok());
  EXPECT_EQ(rec->ops.size(), 1u);
  ASSERT_TRUE(
      Lower("Mul", {{DataType::kFloat, {2, 1, 3, 1, 5, 1}}, {DataType::kFloat, {5, 4}}}, &rec)
          .ok());
  EXPECT_EQ(rec->ops.size(), 1u);

  // Dynamic shapes beyond the limit are reported, not guessed.
  absl::Status s =
      Lower("Pow", {{DataType::kFloat, {-1, 1, 3, 1, 5}}, {DataType::kFloat, {4, 1}}}, &rec);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
  EXPECT_NE(s.message().find("rank 4"), std::string::npos) << s;
}

TEST_F(MathOpsTest, IntegerRoundForwardsItsInput) {
  RecordingLowering* rec = nullptr;
  ASSERT_TRUE(Lower("Round", {{DataType::kInt64, {3}}}, &rec).ok());
  EXPECT_TRUE(rec->ops.empty());
  EXPECT_EQ(rec->forwarded, (std::map<int, int32_t>{{0, 100}}));
}

TEST_F(MathOpsTest, ReciprocalDividesAConstantOneOfTheOperandType) {
  RecordingLowering* rec = nullptr;
  ASSERT_TRUE(Lower("Reciprocal", {{DataType::kInt32, {2, 2}}}, &rec).ok());
  ASSERT_EQ(rec->constants.size(), 1u);
  EXPECT_EQ(rec->constants[0].dtype(), DataType::kInt32);
  EXPECT_EQ(rec->constants[0].shape(), Dims({}));
  EXPECT_EQ(Values<int32_t>(rec->constants[0]), std::vector<int32_t>({1}));

  ASSERT_TRUE(Lower("Inv", {{DataType::kFloat, {3}}}, &rec).ok());
  ASSERT_EQ(rec->constants.size(), 1u);
  EXPECT_EQ(Values<float>(rec->constants[0]), std::vector<float>({1.0f}));
  EXPECT_EQ(rec->ops[0].op, BuiltinOperator::DIV);
}

TEST_F(MathOpsTest, TypesWithoutATfliteKernelAreReportedUnsupported) {
  RecordingLowering* rec = nullptr;
  struct Case {
    const char* op;
    DataType type;
    int arity;
  };
  for (const Case& k :
       {Case{"FloorDiv", DataType::kInt64, 2}, Case{"RealDiv", DataType::kDouble, 2},
        Case{"Exp", DataType::kDouble, 1}, Case{"Abs", DataType::kInt64, 1},
        Case{"Reciprocal", DataType::kInt64, 1}, Case{"Add", DataType::kHalf, 2},
        Case{"Sign", DataType::kInt64, 1}, Case{"Greater", DataType::kInt16, 2}}) {
    std::vector<std::pair<DataType, PartialShape>> in(k.arity, {k.type, PartialShape({4})});
    absl::Status s = Lower(k.op, in, &rec);
    EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << k.op << ": " << s;
    EXPECT_NE(s.message().find(DataTypeName(k.type)), std::string::npos) << s;
    EXPECT_TRUE(rec->ops.empty()) << k.op;
  }
}

TEST_F(MathOpsTest, IntegerOperandsLowerWhereTfliteTakesThem) {
  RecordingLowering* rec = nullptr;
  for (const char* op : {"AddV2", "Sub", "Mul", "Div", "FloorDiv", "FloorMod", "Pow", "Maximum",
                         "Minimum", "SquaredDifference", "Less", "Equal", "NotEqual"}) {
    ASSERT_TRUE(Lower(op, {{DataType::kInt32, {2, 3}}, {DataType::kInt32, {3}}}, &rec).ok()) << op;
    EXPECT_EQ(rec->ops.size(), 1u) << op;
  }
  for (const char* op : {"Neg", "Abs", "Sign"}) {
    ASSERT_TRUE(Lower(op, {{DataType::kInt32, {5}}}, &rec).ok()) << op;
  }
  ASSERT_TRUE(Lower("Maximum", {{DataType::kInt64, {2}}, {DataType::kInt64, {}}}, &rec).ok());
}

TEST_F(MathOpsTest, EqualWithoutShapeErrorLowersOnlyBroadcastableShapes) {
  AttrMap lenient = {{"incompatible_shape_error", AttrValue(false)}};
  RecordingLowering* rec = nullptr;
  ASSERT_TRUE(
      Lower("Equal", {{DataType::kFloat, {2, 3}}, {DataType::kFloat, {3}}}, &rec, lenient).ok());
  EXPECT_EQ(rec->ops.size(), 1u);
  absl::Status s =
      Lower("NotEqual", {{DataType::kFloat, {2}}, {DataType::kFloat, {3}}}, &rec, lenient);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << s;
  EXPECT_TRUE(rec->ops.empty());
}

// ---------------------------------------------------------------------------------------------
// Inference

TEST_F(MathOpsTest, InferBroadcastsAndKeepsUnknownDims) {
  Node* n = MakeNode("AddV2", {{DataType::kFloat, {-1, 1, 5}}, {DataType::kFloat, {4, 1}}});
  ASSERT_TRUE(Infer(n).ok());
  EXPECT_EQ(n->outputs[0].dtype, DataType::kFloat);
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 4, 5}));

  n = MakeNode("Less", {{DataType::kInt64, {3, 5}}, {DataType::kInt64, {5}}});
  ASSERT_TRUE(Infer(n).ok());
  EXPECT_EQ(n->outputs[0].dtype, DataType::kBool);
  EXPECT_EQ(n->outputs[0].shape, PartialShape({3, 5}));

  n = MakeNode("Exp", {{DataType::kFloat, PartialShape::UnknownRank()}});
  ASSERT_TRUE(Infer(n).ok());
  EXPECT_FALSE(n->outputs[0].shape.known_rank());

  n = MakeNode("Mul", {{DataType::kFloat, PartialShape::UnknownRank()}, {DataType::kFloat, {3}}});
  ASSERT_TRUE(Infer(n).ok());
  EXPECT_FALSE(n->outputs[0].shape.known_rank());
}

TEST_F(MathOpsTest, InferTakesTheTypeFromTheAttributeWhenOperandsAreUntyped) {
  Node* n = MakeNode("Sqrt", {{DataType::kInvalid, {2}}}, {{"T", AttrValue(DataType::kFloat)}});
  ASSERT_TRUE(Infer(n).ok());
  EXPECT_EQ(n->outputs[0].dtype, DataType::kFloat);
}

TEST_F(MathOpsTest, InferRejectsBadGraphsWithTheNodeNamed) {
  Node* n = MakeNode("AddV2", {{DataType::kFloat, {2}}, {DataType::kInt32, {2}}});
  absl::Status s = Infer(n);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find(n->name()), std::string::npos) << s;
  EXPECT_NE(s.message().find("float32"), std::string::npos) << s;
  EXPECT_NE(s.message().find("int32"), std::string::npos) << s;

  s = Infer(MakeNode("Sub", {{DataType::kFloat, {3, 5}}, {DataType::kFloat, {4}}}));
  EXPECT_NE(s.message().find("broadcast"), std::string::npos) << s;

  s = Infer(MakeNode("Exp", {{DataType::kInt32, {2}}}));
  EXPECT_NE(s.message().find("int32"), std::string::npos) << s;
  s = Infer(MakeNode("LogicalAnd", {{DataType::kFloat, {2}}, {DataType::kFloat, {2}}}));
  EXPECT_FALSE(s.ok());
  s = Infer(MakeNode("Less", {{DataType::kBool, {2}}, {DataType::kBool, {2}}}));
  EXPECT_FALSE(s.ok());
  s = Infer(MakeNode("Neg", {{DataType::kFloat, {2}}, {DataType::kFloat, {2}}}));
  EXPECT_NE(s.message().find("expects 1 inputs, got 2"), std::string::npos) << s;
  s = Infer(MakeNode("Mul", {{DataType::kFloat, {2}}}));
  EXPECT_NE(s.message().find("expects 2 inputs, got 1"), std::string::npos) << s;
}

TEST_F(MathOpsTest, EqualWithoutShapeErrorGivesAScalarForMismatchedShapes) {
  AttrMap lenient = {{"incompatible_shape_error", AttrValue(false)}};
  absl::StatusOr<Tensor> eq = Eval(
      "Equal", {Tensor::FromVector<float>({2}, {1, 2}), Tensor::FromVector<float>({3}, {1, 2, 3})},
      lenient);
  ASSERT_TRUE(eq.ok()) << eq.status();
  EXPECT_EQ(eq->shape(), Dims({}));
  EXPECT_EQ(Values<bool>(*eq), std::vector<bool>({false}));

  absl::StatusOr<Tensor> ne =
      Eval("NotEqual",
           {Tensor::FromVector<int32_t>({2}, {1, 2}), Tensor::FromVector<int32_t>({3}, {1, 2, 3})},
           lenient);
  ASSERT_TRUE(ne.ok()) << ne.status();
  EXPECT_EQ(Values<bool>(*ne), std::vector<bool>({true}));

  // Without the attribute the mismatch is an error.
  EXPECT_FALSE(Eval("Equal", {Tensor::FromVector<float>({2}, {1, 2}),
                              Tensor::FromVector<float>({3}, {1, 2, 3})})
                   .ok());
}

// ---------------------------------------------------------------------------------------------
// Reference semantics: binary arithmetic

TEST_F(MathOpsTest, AddBroadcastsRowsOverBatch) {
  // a[i][j] = 10 i + j on [3,5]; b[j] = j / 2 on [5].
  std::vector<float> a, b;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 5; ++j) a.push_back(10.0f * i + j);
  for (int j = 0; j < 5; ++j) b.push_back(0.5f * j);
  for (const char* op : {"Add", "AddV2"}) {
    absl::StatusOr<Tensor> out =
        Eval(op, {Tensor::FromVector<float>({3, 5}, a), Tensor::FromVector<float>({5}, b)});
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_EQ(out->shape(), Dims({3, 5}));
    std::vector<float> v = Values<float>(*out);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 5; ++j) EXPECT_EQ(v[i * 5 + j], 10.0f * i + 1.5f * j);
  }
}

TEST_F(MathOpsTest, SubOfColumnAndRowGivesAThreeDimensionalResult) {
  // a: [2,1,3] holds {1..6}; b: [4,1] holds {10,20,30,40}; out[i,j,k] = a[i,0,k] - b[j,0].
  Tensor a = Tensor::FromVector<int32_t>({2, 1, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = Tensor::FromVector<int32_t>({4, 1}, {10, 20, 30, 40});
  absl::StatusOr<Tensor> out = Eval("Sub", {a, b});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->shape(), Dims({2, 4, 3}));
  std::vector<int32_t> v = Values<int32_t>(*out);
  EXPECT_EQ(std::vector<int32_t>(v.begin(), v.begin() + 6),
            std::vector<int32_t>({-9, -8, -7, -19, -18, -17}));
  EXPECT_EQ(std::vector<int32_t>(v.end() - 3, v.end()), std::vector<int32_t>({-36, -35, -34}));
}

TEST_F(MathOpsTest, MulInt64AndWrapAround) {
  absl::StatusOr<Tensor> out =
      Eval("Mul", {Tensor::FromVector<int64_t>({2, 2}, {3, -4, 5, 1LL << 40}),
                   Tensor::FromVector<int64_t>({2, 1}, {7, -2})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int64_t>(*out), std::vector<int64_t>({21, -28, -10, -(1LL << 41)}));

  const int32_t kMax = std::numeric_limits<int32_t>::max();
  out = Eval("AddV2", {Tensor::Scalar<int32_t>(kMax), Tensor::Scalar<int32_t>(1)});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Values<int32_t>(*out), std::vector<int32_t>({std::numeric_limits<int32_t>::min()}));
}

TEST_F(MathOpsTest, RealDivIsIeeeDivision) {
  absl::StatusOr<Tensor> out = Eval("RealDiv", {Tensor::FromVector<float>({5}, {7, 1, -1, 0, -6}),
                                                Tensor::FromVector<float>({5}, {2, 0, 0, 0, 4})});
  ASSERT_TRUE(out.ok()) << out.status();
  std::vector<float> v = Values<float>(*out);
  EXPECT_EQ(v[0], 3.5f);
  EXPECT_EQ(v[1], std::numeric_limits<float>::infinity());
  EXPECT_EQ(v[2], -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(v[3]));
  EXPECT_EQ(v[4], -1.5f);
  EXPECT_FALSE(Eval("RealDiv", {Tensor::Scalar<int32_t>(4), Tensor::Scalar<int32_t>(2)}).ok());
}

TEST_F(MathOpsTest, DivTruncatesIntegersAndRejectsZero) {
  absl::StatusOr<Tensor> out = Eval("Div", {Tensor::FromVector<int32_t>({4}, {7, -7, 7, -7}),
                                            Tensor::FromVector<int32_t>({4}, {2, 2, -2, -2})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>(*out), std::vector<int32_t>({3, -3, -3, 3}));

  const int32_t kMin = std::numeric_limits<int32_t>::min();
  out = Eval("Div", {Tensor::Scalar<int32_t>(kMin), Tensor::Scalar<int32_t>(-1)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>(*out), std::vector<int32_t>({kMin}));

  absl::Status s = Eval("Div", {Tensor::FromVector<int64_t>({2}, {1, 2}),
                                Tensor::FromVector<int64_t>({2}, {1, 0})})
                       .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("division by zero"), std::string::npos) << s;

  out = Eval("Div", {Tensor::Scalar<float>(1), Tensor::Scalar<float>(8)});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Values<float>(*out), std::vector<float>({0.125f}));
}

TEST_F(MathOpsTest, FloorDivRoundsTowardMinusInfinity) {
  absl::StatusOr<Tensor> out =
      Eval("FloorDiv", {Tensor::FromVector<int32_t>({2, 3}, {7, -7, 7, -7, 6, -6}),
                        Tensor::FromVector<int32_t>({2, 3}, {2, 2, -2, -2, -3, -3})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>(*out), std::vector<int32_t>({3, -4, -4, 3, -2, 2}));

  out = Eval("FloorDiv", {Tensor::FromVector<float>({4}, {-7, 7.5f, -0.5f, 9}),
                          Tensor::FromVector<float>({1}, {2})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<float>(*out), std::vector<float>({-4, 3, -1, 4}));

  const int64_t kMin = std::numeric_limits<int64_t>::min();
  out = Eval("FloorDiv", {Tensor::Scalar<int64_t>(kMin), Tensor::Scalar<int64_t>(-1)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int64_t>(*out), std::vector<int64_t>({kMin}));
  EXPECT_FALSE(Eval("FloorDiv", {Tensor::Scalar<int32_t>(3), Tensor::Scalar<int32_t>(0)}).ok());
}

TEST_F(MathOpsTest, FloorModTakesTheSignOfTheDivisor) {
  absl::StatusOr<Tensor> out =
      Eval("FloorMod", {Tensor::FromVector<int32_t>({5}, {-7, 7, -7, 6, 7}),
                        Tensor::FromVector<int32_t>({5}, {3, -3, -3, 3, 3})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>(*out), std::vector<int32_t>({2, -2, -1, 0, 1}));

  // Broadcast a column of divisors against a row of dividends: [2,1] x [3] -> [2,3].
  out = Eval("FloorMod", {Tensor::FromVector<float>({3}, {-7.5f, 7.5f, 5}),
                          Tensor::FromVector<float>({2, 1}, {2, -2})});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->shape(), Dims({2, 3}));
  EXPECT_EQ(Values<float>(*out), std::vector<float>({0.5f, 1.5f, 1, -1.5f, -0.5f, -1}));

  const int32_t kMin = std::numeric_limits<int32_t>::min();
  out = Eval("FloorMod", {Tensor::Scalar<int32_t>(kMin), Tensor::Scalar<int32_t>(-1)});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Values<int32_t>(*out), std::vector<int32_t>({0}));
  EXPECT_FALSE(Eval("FloorMod", {Tensor::Scalar<int64_t>(3), Tensor::Scalar<int64_t>(0)}).ok());
}

TEST_F(MathOpsTest, PowOnFloatsAndIntegers) {
  absl::StatusOr<Tensor> out = Eval("Pow", {Tensor::FromVector<float>({3}, {2, 4, 9}),
                                            Tensor::FromVector<float>({3}, {10, 0.5f, -0.5f})});
  ASSERT_TRUE(out.ok()) << out.status();
  std::vector<float> v = Values<float>(*out);
  EXPECT_EQ(v[0], 1024.0f);
  EXPECT_EQ(v[1], 2.0f);
  EXPECT_FLOAT_EQ(v[2], 1.0f / 3.0f);

  out = Eval("Pow", {Tensor::FromVector<int32_t>({4}, {3, -2, 7, 0}),
                     Tensor::FromVector<int32_t>({4}, {4, 3, 0, 0})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>(*out), std::vector<int32_t>({81, -8, 1, 1}));

  absl::Status s = Eval("Pow", {Tensor::Scalar<int64_t>(2), Tensor::Scalar<int64_t>(-1)}).status();
  EXPECT_NE(s.message().find("negative integer powers"), std::string::npos) << s;
}

TEST_F(MathOpsTest, MaximumAndMinimumPropagateNan) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor a = Tensor::FromVector<float>({2, 2}, {1, nan, -3, 4});
  Tensor b = Tensor::FromVector<float>({2}, {2, 0});
  absl::StatusOr<Tensor> mx = Eval("Maximum", {a, b});
  absl::StatusOr<Tensor> mn = Eval("Minimum", {a, b});
  ASSERT_TRUE(mx.ok() && mn.ok());
  std::vector<float> x = Values<float>(*mx), n = Values<float>(*mn);
  EXPECT_EQ(x[0], 2);
  EXPECT_TRUE(std::isnan(x[1]));
  EXPECT_EQ(x[2], 2);
  EXPECT_EQ(x[3], 4);
  EXPECT_EQ(n[0], 1);
  EXPECT_TRUE(std::isnan(n[1]));
  EXPECT_EQ(n[2], -3);
  EXPECT_EQ(n[3], 0);

  absl::StatusOr<Tensor> ints =
      Eval("Maximum",
           {Tensor::FromVector<int64_t>({3}, {-5, 9, 1LL << 50}), Tensor::Scalar<int64_t>(3)});
  ASSERT_TRUE(ints.ok());
  EXPECT_EQ(Values<int64_t>(*ints), std::vector<int64_t>({3, 9, 1LL << 50}));
}

TEST_F(MathOpsTest, SquaredDifference) {
  absl::StatusOr<Tensor> out =
      Eval("SquaredDifference", {Tensor::FromVector<float>({2, 2}, {3, -1, 0.5f, 10}),
                                 Tensor::FromVector<float>({2}, {5, 1})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<float>(*out), std::vector<float>({4, 4, 20.25f, 81}));

  out = Eval("SquaredDifference",
             {Tensor::FromVector<int32_t>({3}, {-3, 4, 0}), Tensor::Scalar<int32_t>(2)});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Values<int32_t>(*out), std::vector<int32_t>({25, 4, 4}));
}

// ---------------------------------------------------------------------------------------------
// Comparisons and logic

TEST_F(MathOpsTest, ComparisonsBroadcastToBool) {
  Tensor a = Tensor::FromVector<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = Tensor::FromVector<int32_t>({3}, {2, 2, 5});
  std::map<std::string, std::vector<bool>> expected = {
      {"Less", {true, false, true, false, false, false}},
      {"LessEqual", {true, true, true, false, false, false}},
      {"Greater", {false, false, false, true, true, true}},
      {"GreaterEqual", {false, true, false, true, true, true}},
      {"Equal", {false, true, false, false, false, false}},
      {"NotEqual", {true, false, true, true, true, true}},
  };
  for (const auto& [op, want] : expected) {
    absl::StatusOr<Tensor> out = Eval(op, {a, b});
    ASSERT_TRUE(out.ok()) << op << ": " << out.status();
    EXPECT_EQ(out->dtype(), DataType::kBool);
    EXPECT_EQ(out->shape(), Dims({2, 3}));
    EXPECT_EQ(Values<bool>(*out), want) << op;
  }
}

TEST_F(MathOpsTest, FloatComparisonsWithNan) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor a = Tensor::FromVector<float>({2}, {nan, 1});
  Tensor b = Tensor::FromVector<float>({2}, {nan, 1});
  EXPECT_EQ(Values<bool>(*Eval("Equal", {a, b})), std::vector<bool>({false, true}));
  EXPECT_EQ(Values<bool>(*Eval("NotEqual", {a, b})), std::vector<bool>({true, false}));
  EXPECT_EQ(Values<bool>(*Eval("LessEqual", {a, b})), std::vector<bool>({false, true}));
}

TEST_F(MathOpsTest, EqualOnBools) {
  absl::StatusOr<Tensor> out = Eval(
      "Equal", {Tensor::FromVector<bool>({3}, {true, false, true}), Tensor::Scalar<bool>(true)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<bool>(*out), std::vector<bool>({true, false, true}));
}

TEST_F(MathOpsTest, LogicalOps) {
  Tensor a = Tensor::FromVector<bool>({2, 1}, {true, false});
  Tensor b = Tensor::FromVector<bool>({2}, {true, false});
  absl::StatusOr<Tensor> land = Eval("LogicalAnd", {a, b});
  absl::StatusOr<Tensor> lor = Eval("LogicalOr", {a, b});
  absl::StatusOr<Tensor> lnot = Eval("LogicalNot", {a});
  ASSERT_TRUE(land.ok() && lor.ok() && lnot.ok());
  EXPECT_EQ(land->shape(), Dims({2, 2}));
  EXPECT_EQ(Values<bool>(*land), std::vector<bool>({true, false, false, false}));
  EXPECT_EQ(Values<bool>(*lor), std::vector<bool>({true, true, true, false}));
  EXPECT_EQ(lnot->shape(), Dims({2, 1}));
  EXPECT_EQ(Values<bool>(*lnot), std::vector<bool>({false, true}));
}

// ---------------------------------------------------------------------------------------------
// Unary ops

TEST_F(MathOpsTest, NegAbsSquare) {
  const int32_t kMin = std::numeric_limits<int32_t>::min();
  Tensor ints = Tensor::FromVector<int32_t>({2, 2}, {-5, 0, 7, kMin});
  EXPECT_EQ(Values<int32_t>(*Eval("Neg", {ints})), std::vector<int32_t>({5, 0, -7, kMin}));
  EXPECT_EQ(Values<int32_t>(*Eval("Abs", {ints})), std::vector<int32_t>({5, 0, 7, kMin}));
  EXPECT_EQ(Values<int32_t>(*Eval("Square", {Tensor::FromVector<int32_t>({3}, {-4, 0, 9})})),
            std::vector<int32_t>({16, 0, 81}));

  Tensor floats = Tensor::FromVector<float>({3}, {-2.5f, 0, 3});
  EXPECT_EQ(Values<float>(*Eval("Neg", {floats})), std::vector<float>({2.5f, 0, -3}));
  EXPECT_EQ(Values<float>(*Eval("Abs", {floats})), std::vector<float>({2.5f, 0, 3}));
  EXPECT_EQ(Values<float>(*Eval("Square", {floats})), std::vector<float>({6.25f, 0, 9}));
  EXPECT_FALSE(std::signbit(Values<float>(*Eval("Abs", {Tensor::Scalar<float>(-0.0f)}))[0]));
}

TEST_F(MathOpsTest, ExpLogSqrtRsqrtAgainstTheMathLibrary) {
  const std::vector<float> xs = {0.25f, 1.0f, 2.0f, 9.0f, 30.0f, 0.0f};
  Tensor x = Tensor::FromVector<float>({2, 3}, xs);
  std::vector<float> e = Values<float>(*Eval("Exp", {x}));
  std::vector<float> l = Values<float>(*Eval("Log", {x}));
  std::vector<float> s = Values<float>(*Eval("Sqrt", {x}));
  std::vector<float> r = Values<float>(*Eval("Rsqrt", {x}));
  for (size_t i = 0; i < xs.size(); ++i) {
    EXPECT_FLOAT_EQ(e[i], std::exp(xs[i])) << i;
    EXPECT_FLOAT_EQ(s[i], std::sqrt(xs[i])) << i;
  }
  EXPECT_EQ(l[1], 0.0f);
  EXPECT_FLOAT_EQ(l[2], 0.69314718f);
  EXPECT_EQ(l[5], -std::numeric_limits<float>::infinity());
  EXPECT_EQ(s[3], 3.0f);
  EXPECT_EQ(r[0], 2.0f);
  EXPECT_FLOAT_EQ(r[3], 1.0f / 3.0f);
  EXPECT_EQ(r[5], std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(Values<float>(*Eval("Sqrt", {Tensor::Scalar<float>(-1)}))[0]));
  EXPECT_TRUE(std::isnan(Values<float>(*Eval("Log", {Tensor::Scalar<float>(-1)}))[0]));

  // double works the same way.
  absl::StatusOr<Tensor> d = Eval("Exp", {Tensor::FromVector<double>({1}, {1.0})});
  ASSERT_TRUE(d.ok());
  EXPECT_DOUBLE_EQ(Values<double>(*d)[0], 2.718281828459045);
}

TEST_F(MathOpsTest, SinCosFloorCeil) {
  const float pi = 3.14159265f;
  Tensor x = Tensor::FromVector<float>({4}, {0, pi / 2, -pi / 6, 1.5f});
  std::vector<float> s = Values<float>(*Eval("Sin", {x}));
  std::vector<float> c = Values<float>(*Eval("Cos", {x}));
  EXPECT_EQ(s[0], 0.0f);
  EXPECT_FLOAT_EQ(s[1], 1.0f);
  EXPECT_FLOAT_EQ(s[2], -0.5f);
  EXPECT_EQ(c[0], 1.0f);
  EXPECT_NEAR(c[1], 0.0f, 1e-7);
  EXPECT_FLOAT_EQ(c[2], 0.8660254f);

  Tensor y = Tensor::FromVector<float>({2, 3}, {-1.5f, -1.0f, -0.2f, 0.2f, 1.0f, 2.7f});
  EXPECT_EQ(Values<float>(*Eval("Floor", {y})), std::vector<float>({-2, -1, -1, 0, 1, 2}));
  EXPECT_EQ(Values<float>(*Eval("Ceil", {y})), std::vector<float>({-1, -1, -0.0f, 1, 1, 3}));
}

TEST_F(MathOpsTest, RoundHalvesToEven) {
  Tensor x = Tensor::FromVector<float>(
      {3, 4}, {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 3.5f, 0.49999997f, 2.6f, -2.6f, 1e9f, -0.2f});
  std::vector<float> r = Values<float>(*Eval("Round", {x}));
  EXPECT_EQ(r, std::vector<float>({-2, -2, 0, 0, 2, 2, 4, 0, 3, -3, 1e9f, 0}));
  EXPECT_TRUE(std::signbit(r[2]));   // -0.5 rounds to -0
  EXPECT_TRUE(std::signbit(r[11]));  // -0.2 rounds to -0
  EXPECT_FALSE(std::signbit(r[3]));

  // 2^23 + 1 is odd and exactly representable: it stays.
  EXPECT_EQ(Values<float>(*Eval("Round", {Tensor::Scalar<float>(8388609.0f)}))[0], 8388609.0f);
  EXPECT_EQ(Values<int32_t>(*Eval("Round", {Tensor::FromVector<int32_t>({2}, {-3, 7})})),
            std::vector<int32_t>({-3, 7}));
}

TEST_F(MathOpsTest, SignKeepsNan) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> s =
      Values<float>(*Eval("Sign", {Tensor::FromVector<float>({5}, {-3, 0, 2.5f, nan, -0.0f})}));
  EXPECT_EQ(s[0], -1);
  EXPECT_EQ(s[1], 0);
  EXPECT_EQ(s[2], 1);
  EXPECT_TRUE(std::isnan(s[3]));
  EXPECT_EQ(s[4], 0);
  EXPECT_EQ(Values<int64_t>(*Eval("Sign", {Tensor::FromVector<int64_t>({3}, {-7, 0, 9})})),
            std::vector<int64_t>({-1, 0, 1}));
}

TEST_F(MathOpsTest, ReciprocalAndInv) {
  for (const char* op : {"Reciprocal", "Inv"}) {
    std::vector<float> f =
        Values<float>(*Eval(op, {Tensor::FromVector<float>({4}, {4, -0.5f, 0, 3})}));
    EXPECT_EQ(f[0], 0.25f) << op;
    EXPECT_EQ(f[1], -2.0f) << op;
    EXPECT_EQ(f[2], std::numeric_limits<float>::infinity()) << op;
    EXPECT_FLOAT_EQ(f[3], 1.0f / 3.0f) << op;
    EXPECT_EQ(Values<int32_t>(*Eval(op, {Tensor::FromVector<int32_t>({4}, {1, -1, 2, -5})})),
              std::vector<int32_t>({1, -1, 0, 0}))
        << op;
    EXPECT_FALSE(Eval(op, {Tensor::FromVector<int32_t>({2}, {3, 0})}).ok()) << op;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation limits

TEST_F(MathOpsTest, TypesWithoutAReferenceAreUnimplementedNotWrong) {
  Tensor half(DataType::kHalf, {2}, ByteBuffer::Copy("\0\x3c\0\x3c", 4));
  absl::StatusOr<Tensor> out = Eval("Exp", {half});
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnimplemented) << out.status();
  EXPECT_NE(out.status().message().find("float16"), std::string::npos) << out.status();

  Tensor bytes = Tensor::FromVector<uint8_t>({2}, {1, 2});
  EXPECT_EQ(Eval("AddV2", {bytes, bytes}).status().code(), absl::StatusCode::kUnimplemented);
}

TEST_F(MathOpsTest, MalformedInputsAreErrors) {
  Node* node = MakeNode("AddV2", {{DataType::kFloat, {4}}, {DataType::kFloat, {4}}});
  ASSERT_TRUE(Infer(node).ok());
  // Shape says 4 floats, bytes hold 2.
  std::vector<Tensor> inputs = {Tensor(DataType::kFloat, {4}, ByteBuffer::Copy("12345678", 8)),
                                Tensor::FromVector<float>({4}, {1, 2, 3, 4})};
  EvalContext c(*node, inputs);
  absl::StatusOr<std::vector<Tensor>> out = registry_.Find("AddV2")->evaluate(c);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(out.status().message().find(node->name()), std::string::npos);

  std::vector<Tensor> mixed = {Tensor::FromVector<float>({1}, {1}),
                               Tensor::FromVector<int32_t>({1}, {1})};
  EvalContext c2(*node, mixed);
  EXPECT_FALSE(registry_.Find("AddV2")->evaluate(c2).ok());
}

// ---------------------------------------------------------------------------------------------
// Ops added for issue 5: expected values are worked out by hand from TF's documented semantics.

TEST_F(MathOpsTest, Atan2QuadrantsAndBroadcast) {
  const float pi = 3.14159265358979f;
  // y [2,3] against x [3]: each row of y with x = (1, -1, -1).
  absl::StatusOr<Tensor> out =
      Eval("Atan2", {Tensor::FromVector<float>({2, 3}, {1, 1, -1, 0, 0, 2}),
                     Tensor::FromVector<float>({3}, {1, -1, -1})});
  ASSERT_TRUE(out.ok()) << out.status();
  std::vector<float> want = {pi / 4, 3 * pi / 4, -3 * pi / 4, 0, pi, 2.0344439f};  // atan2(2,-1)
  std::vector<float> got = Values<float>(*out);
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6) << i;
}

TEST_F(MathOpsTest, Atan2OperandsOfDifferentShapeAreBroadcastExplicitly) {
  RecordingLowering* rec = nullptr;
  ASSERT_TRUE(Lower("Atan2", {{DataType::kFloat, {2, 3}}, {DataType::kFloat, {3}}}, &rec).ok());
  ASSERT_EQ(rec->ops.size(), 2u);
  EXPECT_EQ(rec->ops[0].op, BuiltinOperator::BROADCAST_TO);
  EXPECT_EQ(rec->ops[0].inputs[0], 101);  // x, the smaller operand
  EXPECT_EQ(rec->ops[1].op, BuiltinOperator::ATAN2);
  EXPECT_EQ(rec->ops[1].inputs, std::vector<int32_t>({100, 400}));
}

TEST_F(MathOpsTest, TruncateDivRoundsTowardZero) {
  absl::StatusOr<Tensor> out = Eval("TruncateDiv", {Tensor::FromVector<int32_t>({4}, {-7, 7, 7, -7}),
                                                    Tensor::FromVector<int32_t>({4}, {2, -2, 2, -2})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<int32_t>(*out), std::vector<int32_t>({-3, -3, 3, 3}));
  EXPECT_FALSE(Eval("TruncateDiv", {Tensor::FromVector<int32_t>({1}, {1}),
                                    Tensor::FromVector<int32_t>({1}, {0})})
                   .ok());
  // TF defines TruncateDiv for integers only.
  Node* n = MakeNode("TruncateDiv", {{DataType::kFloat, {2}}, {DataType::kFloat, {2}}});
  EXPECT_FALSE(Infer(n).ok());
}

TEST_F(MathOpsTest, DivNoNanAndMulNoNanGiveZeroForAZeroDivisor) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  absl::StatusOr<Tensor> div = Eval("DivNoNan", {Tensor::FromVector<float>({2, 2}, {1, 0, 3, -6}),
                                                 Tensor::FromVector<float>({2}, {0, 2})});
  ASSERT_TRUE(div.ok()) << div.status();
  EXPECT_EQ(Values<float>(*div), std::vector<float>({0, 0, 0, -3}));
  absl::StatusOr<Tensor> mul = Eval("MulNoNan", {Tensor::FromVector<float>({3}, {inf, nan, 2}),
                                                 Tensor::FromVector<float>({3}, {0, 0, 3})});
  ASSERT_TRUE(mul.ok()) << mul.status();
  EXPECT_EQ(Values<float>(*mul), std::vector<float>({0, 0, 6}));

  RecordingLowering* rec = nullptr;
  ASSERT_TRUE(Lower("DivNoNan", {{DataType::kFloat, {2, 3}}, {DataType::kFloat, {3}}}, &rec).ok());
  ASSERT_EQ(rec->ops.size(), 3u);
  EXPECT_EQ(rec->ops[0].op, BuiltinOperator::DIV);
  EXPECT_EQ(rec->ops[0].inputs, std::vector<int32_t>({100, 101}));
  EXPECT_EQ(rec->ops[1].op, BuiltinOperator::EQUAL);
  EXPECT_EQ(rec->ops[1].inputs, std::vector<int32_t>({101, 300}));  // y == 0
  EXPECT_EQ(rec->ops[2].op, BuiltinOperator::SELECT_V2);
  EXPECT_EQ(rec->ops[2].inputs, std::vector<int32_t>({401, 300, 400}));
  EXPECT_EQ(rec->ops[2].outputs, std::vector<int32_t>({200}));
  EXPECT_EQ(Values<float>(rec->constants[0]), std::vector<float>({0}));
  EXPECT_EQ(rec->added[1].first, DataType::kBool);
}

TEST_F(MathOpsTest, BitwiseXorAndArithmeticRightShift) {
  absl::StatusOr<Tensor> x = Eval("BitwiseXor", {Tensor::FromVector<int32_t>({3}, {5, -1, 0}),
                                                 Tensor::FromVector<int32_t>({3}, {3, 0, -1})});
  ASSERT_TRUE(x.ok()) << x.status();
  EXPECT_EQ(Values<int32_t>(*x), std::vector<int32_t>({6, -1, -1}));
  // Shifts outside [0, 31] are clamped as TF's kernel does.
  absl::StatusOr<Tensor> r = Eval("RightShift", {Tensor::FromVector<int32_t>({5}, {-8, 8, -8, 8, 96}),
                                                 Tensor::FromVector<int32_t>({5}, {1, 40, 40, -1, 5})});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Values<int32_t>(*r), std::vector<int32_t>({-4, 0, -1, 8, 3}));
  EXPECT_FALSE(Infer(MakeNode("BitwiseXor", {{DataType::kFloat, {2}}, {DataType::kFloat, {2}}})).ok());
}

TEST_F(MathOpsTest, RintRoundsHalfToEven) {
  absl::StatusOr<Tensor> out =
      Eval("Rint", {Tensor::FromVector<float>({2, 3}, {2.5f, 3.5f, -2.5f, 0.4f, -1.6f, 1e9f})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<float>(*out), std::vector<float>({2, 4, -2, 0, -2, 1e9f}));
}

TEST_F(MathOpsTest, FloatClassification) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x = Tensor::FromVector<float>({5}, {nan, inf, -inf, 0, 3e38f});
  absl::StatusOr<Tensor> is_nan = Eval("IsNan", {x});
  absl::StatusOr<Tensor> is_inf = Eval("IsInf", {x});
  absl::StatusOr<Tensor> is_finite = Eval("IsFinite", {x});
  ASSERT_TRUE(is_nan.ok() && is_inf.ok() && is_finite.ok());
  EXPECT_EQ(Values<bool>(*is_nan), std::vector<bool>({true, false, false, false, false}));
  EXPECT_EQ(Values<bool>(*is_inf), std::vector<bool>({false, true, true, false, false}));
  EXPECT_EQ(Values<bool>(*is_finite), std::vector<bool>({false, false, false, true, true}));

  RecordingLowering* rec = nullptr;
  ASSERT_TRUE(Lower("IsNan", {{DataType::kFloat, {2, 3}}}, &rec).ok());
  ASSERT_EQ(rec->ops.size(), 1u);
  EXPECT_EQ(rec->ops[0].op, BuiltinOperator::NOT_EQUAL);
  EXPECT_EQ(rec->ops[0].inputs, std::vector<int32_t>({100, 100}));
  for (auto [op, builtin] : {std::pair{"IsInf", BuiltinOperator::EQUAL},
                             std::pair{"IsFinite", BuiltinOperator::LESS}}) {
    ASSERT_TRUE(Lower(op, {{DataType::kFloat, {2, 3}}}, &rec).ok());
    ASSERT_EQ(rec->ops.size(), 2u) << op;
    EXPECT_EQ(rec->ops[0].op, BuiltinOperator::ABS) << op;
    EXPECT_EQ(rec->ops[1].op, builtin) << op;
    EXPECT_EQ(rec->ops[1].inputs, std::vector<int32_t>({400, 300})) << op;
    EXPECT_EQ(Values<float>(rec->constants[0]), std::vector<float>({inf})) << op;
  }
}

TEST_F(MathOpsTest, AddNSumsEqualShapes) {
  absl::StatusOr<Tensor> out = Eval("AddN", {Tensor::FromVector<float>({2, 2}, {1, 2, 3, 4}),
                                             Tensor::FromVector<float>({2, 2}, {10, 20, 30, 40}),
                                             Tensor::FromVector<float>({2, 2}, {-1, -1, 0.5f, 0})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(Values<float>(*out), std::vector<float>({10, 21, 33.5f, 44}));
  EXPECT_FALSE(Infer(MakeNode("AddN", {{DataType::kFloat, {2, 2}}, {DataType::kFloat, {2}}})).ok());

  RecordingLowering* rec = nullptr;
  ASSERT_TRUE(Lower("AddN", {{DataType::kFloat, {3}}, {DataType::kFloat, {3}}, {DataType::kFloat, {3}}},
                    &rec).ok());
  ASSERT_EQ(rec->ops.size(), 1u);
  EXPECT_EQ(rec->ops[0].op, BuiltinOperator::ADD_N);
  EXPECT_EQ(rec->ops[0].inputs, std::vector<int32_t>({100, 101, 102}));
  ASSERT_TRUE(Lower("AddN", {{DataType::kFloat, {3}}}, &rec).ok());
  EXPECT_TRUE(rec->ops.empty());
  EXPECT_EQ(rec->forwarded.at(0), 100);
}

TEST_F(MathOpsTest, CumsumExclusiveAndReverse) {
  Tensor x = Tensor::FromVector<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  struct Case {
    int axis;
    bool exclusive, reverse;
    std::vector<int32_t> want;
  };
  const Case cases[] = {
      {1, false, false, {1, 3, 6, 4, 9, 15}},
      {1, true, false, {0, 1, 3, 0, 4, 9}},
      {1, false, true, {6, 5, 3, 15, 11, 6}},
      {-1, true, true, {5, 3, 0, 11, 6, 0}},
      {0, false, false, {1, 2, 3, 5, 7, 9}},
      {-2, true, false, {0, 0, 0, 1, 2, 3}},
  };
  for (const Case& k : cases) {
    AttrMap attrs = {{"exclusive", AttrValue(k.exclusive)}, {"reverse", AttrValue(k.reverse)}};
    absl::StatusOr<Tensor> out = Eval("Cumsum", {x, Tensor::Scalar<int32_t>(k.axis)}, attrs);
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ(Values<int32_t>(*out), k.want) << k.axis << k.exclusive << k.reverse;
  }
  EXPECT_FALSE(Eval("Cumsum", {x, Tensor::Scalar<int32_t>(2)}).ok());

  RecordingLowering* rec = nullptr;
  AttrMap attrs = {{"exclusive", AttrValue(true)}, {"reverse", AttrValue(false)}};
  ASSERT_TRUE(Lower("Cumsum", {{DataType::kFloat, {2, 3}}, {DataType::kInt32, {}}}, &rec, attrs).ok());
  ASSERT_EQ(rec->ops.size(), 1u);
  EXPECT_EQ(rec->ops[0].op, BuiltinOperator::CUMSUM);
  EXPECT_EQ(rec->ops[0].inputs, std::vector<int32_t>({100, 101}));
  const auto* o = rec->ops[0].options.AsCumsumOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_TRUE(o->exclusive);
  EXPECT_FALSE(o->reverse);
}

}  // namespace
}  // namespace tfconv
