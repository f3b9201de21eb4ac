#include "plugins/activation/activation_ops.h"

#include <cmath>

#include "gtest/gtest.h"
#include "plugins/array/op_test_util.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;

constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

const float kLn2 = static_cast<float>(std::log(2.0));
const float kLn3 = static_cast<float>(std::log(3.0));
const float kLn5 = static_cast<float>(std::log(5.0));

class ActivationOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(t.registration_status().ok()) << t.registration_status(); }

  // Runs `op` on a float tensor of shape [2, 1, n/2] (a batch of two) and returns the values.
  std::vector<float> RunFloat(const std::string& op, std::vector<float> x, AttrMap attrs = {}) {
    const int64_t half = static_cast<int64_t>(x.size()) / 2;
    auto out = t.Run(op, {Tensor::FromVector<float>({2, 1, half}, x)}, std::move(attrs));
    EXPECT_TRUE(out.ok()) << op << ": " << out.status();
    if (!out.ok()) return {};
    EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 1, half}));
    return Values<float>((*out)[0]);
  }

  void ExpectFloats(const std::vector<float>& actual, const std::vector<double>& expected) {
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t i = 0; i < actual.size(); ++i) {
      EXPECT_FLOAT_EQ(actual[i], static_cast<float>(expected[i])) << "element " << i;
    }
  }

  OpTester t{RegisterActivationOps};
};

TEST_F(ActivationOpsTest, ReluAndRelu6) {
  ExpectFloats(RunFloat("Relu", {-2, 0, 3.5f, -0.25f}), {0, 0, 3.5, 0});
  ExpectFloats(RunFloat("Relu6", {-1, 3, 7, 6}), {0, 3, 6, 6});
}

TEST_F(ActivationOpsTest, ReluOnIntegers) {
  auto relu = t.Run("Relu", {Tensor::FromVector<int32_t>({2}, {-5, 7})});
  ASSERT_TRUE(relu.ok()) << relu.status();
  EXPECT_EQ(Values<int32_t>((*relu)[0]), (std::vector<int32_t>{0, 7}));
  auto relu6 = t.Run("Relu6", {Tensor::FromVector<int64_t>({3}, {-1, 3, 9})});
  ASSERT_TRUE(relu6.ok()) << relu6.status();
  EXPECT_EQ(Values<int64_t>((*relu6)[0]), (std::vector<int64_t>{0, 3, 6}));
}

TEST_F(ActivationOpsTest, EluAndSelu) {
  // exp(-ln 2) - 1 = -1/2
  ExpectFloats(RunFloat("Elu", {-kLn2, 0, 2, -kLn2}), {-0.5, 0, 2, -0.5});
  ExpectFloats(RunFloat("Selu", {1, -kLn2, 0, 2}),
               {kSeluScale, -0.5 * kSeluScale * kSeluAlpha, 0, 2 * kSeluScale});
}

TEST_F(ActivationOpsTest, LeakyReluUsesAlpha) {
  ExpectFloats(RunFloat("LeakyRelu", {-4, 2, 0, -1}, {{"alpha", 0.25f}}), {-1, 2, 0, -0.25});
  ExpectFloats(RunFloat("LeakyRelu", {-5, 1}), {-1, 1});  // TensorFlow's default alpha is 0.2
}

TEST_F(ActivationOpsTest, SigmoidAndTanh) {
  // sigmoid(ln 3) = 3/4; tanh(ln 2) = (4 - 1) / (4 + 1)
  ExpectFloats(RunFloat("Sigmoid", {0, kLn3, -kLn3, 0}), {0.5, 0.75, 0.25, 0.5});
  ExpectFloats(RunFloat("Tanh", {0, kLn2, -kLn2, 0}), {0, 0.6, -0.6, 0});
}

TEST_F(ActivationOpsTest, SoftplusAndSoftsign) {
  // softplus(x) = ln(1 + e^x): ln 2 at 0, ln 4 at ln 3; x itself for large x; e^x for very negative x.
  std::vector<float> softplus = RunFloat("Softplus", {0, kLn3, 100, -100});
  ASSERT_EQ(softplus.size(), 4u);
  EXPECT_FLOAT_EQ(softplus[0], kLn2);
  EXPECT_FLOAT_EQ(softplus[1], static_cast<float>(std::log(4.0)));
  EXPECT_FLOAT_EQ(softplus[2], 100);
  EXPECT_NEAR(softplus[3], 3.7200760e-44f, 2e-45f);
  ExpectFloats(RunFloat("Softsign", {3, -1, 0, 1}), {0.75, -0.5, 0, 0.5});
}

TEST_F(ActivationOpsTest, SoftmaxOverTheLastAxis) {
  // exp of [0, ln 2, ln 5] is [1, 2, 5]: probabilities 1/8, 2/8, 5/8; equal logits give 1/3.
  auto out = t.Run("Softmax", {Tensor::FromVector<float>({2, 1, 3}, {0, kLn2, kLn5, 1, 1, 1})});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ((*out)[0].shape(), (std::vector<int64_t>{2, 1, 3}));
  ExpectFloats(Values<float>((*out)[0]), {0.125, 0.25, 0.625, 1.0 / 3, 1.0 / 3, 1.0 / 3});

  auto log = t.Run("LogSoftmax", {Tensor::FromVector<float>({2, 3}, {0, kLn2, kLn5, 1, 1, 1})});
  ASSERT_TRUE(log.ok()) << log.status();
  ExpectFloats(Values<float>((*log)[0]), {std::log(0.125), std::log(0.25), std::log(0.625), std::log(1.0 / 3),
                                          std::log(1.0 / 3), std::log(1.0 / 3)});
}

TEST_F(ActivationOpsTest, SoftmaxDoesNotOverflowAndWorksInDouble) {
  auto big = t.Run("Softmax", {Tensor::FromVector<float>({1, 2}, {1000, 1000})});
  ASSERT_TRUE(big.ok()) << big.status();
  ExpectFloats(Values<float>((*big)[0]), {0.5, 0.5});
  auto d = t.Run("Softmax", {Tensor::FromVector<double>({2}, {0, std::log(3.0)})});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_DOUBLE_EQ(Values<double>((*d)[0])[0], 0.25);
  EXPECT_DOUBLE_EQ(Values<double>((*d)[0])[1], 0.75);
}

TEST_F(ActivationOpsTest, SoftmaxOfAScalarIsAnErrorNamingTheNode) {
  Node* n = t.AddNode("head/Softmax", "Softmax", {t.Input("x", DataType::kFloat, PartialShape())});
  absl::Status st = t.Infer(n);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(HasMessage(st, "head/Softmax")) << st;
  EXPECT_TRUE(HasMessage(st, "rank")) << st;
}

TEST_F(ActivationOpsTest, UnsupportedTypesAreUnimplemented) {
  auto out = t.Run("Tanh", {Tensor::FromVector<int32_t>({1}, {1})});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_TRUE(HasMessage(out.status(), "Tanh")) << out.status();
}

TEST_F(ActivationOpsTest, InferKeepsTypeAndPartialShape) {
  Node* n = t.AddNode("r", "Relu", {t.Input("x", DataType::kFloat, PartialShape({-1, 7, 7, 16}))});
  ASSERT_TRUE(t.Infer(n).ok());
  EXPECT_EQ(n->outputs[0].dtype, DataType::kFloat);
  EXPECT_EQ(n->outputs[0].shape, PartialShape({-1, 7, 7, 16}));
}

TEST_F(ActivationOpsTest, OneToOneLowerings) {
  struct Row {
    const char* op;
    BuiltinOperator builtin;
    tflite::BuiltinOptions options;
  };
  const Row rows[] = {
      {"Relu", BuiltinOperator::RELU, tflite::BuiltinOptions::NONE},
      {"Relu6", BuiltinOperator::RELU6, tflite::BuiltinOptions::NONE},
      {"Elu", BuiltinOperator::ELU, tflite::BuiltinOptions::NONE},
      {"Sigmoid", BuiltinOperator::LOGISTIC, tflite::BuiltinOptions::NONE},
      {"Tanh", BuiltinOperator::TANH, tflite::BuiltinOptions::NONE},
      {"Softmax", BuiltinOperator::SOFTMAX, tflite::BuiltinOptions::SoftmaxOptions},
      {"LogSoftmax", BuiltinOperator::LOG_SOFTMAX, tflite::BuiltinOptions::LogSoftmaxOptions},
      {"LeakyRelu", BuiltinOperator::LEAKY_RELU, tflite::BuiltinOptions::LeakyReluOptions},
  };
  Output x = t.Input("x", DataType::kFloat, PartialShape({-1, 10}));
  for (const Row& row : rows) {
    auto low = t.Lower(t.AddNode(std::string("n_") + row.op, row.op, {x}, {{"alpha", 0.3f}}));
    ASSERT_TRUE(low.ok()) << row.op << ": " << low.status();
    ASSERT_EQ(low->ops.size(), 1u) << row.op;
    EXPECT_EQ(low->ops[0].op, row.builtin) << row.op;
    EXPECT_EQ(low->ops[0].options.type, row.options) << row.op;
    EXPECT_EQ(low->ops[0].inputs.size(), 1u) << row.op;
    EXPECT_EQ(low->tensors[low->ops[0].inputs[0]].name, "x");
    EXPECT_EQ(low->ops[0].outputs[0], low->outputs.at(0));
  }
}

TEST_F(ActivationOpsTest, LoweringOptionValues) {
  Output x = t.Input("x", DataType::kFloat, PartialShape({1, 10}));
  auto leaky = t.Lower(t.AddNode("l", "LeakyRelu", {x}, {{"alpha", 0.3f}}));
  ASSERT_TRUE(leaky.ok()) << leaky.status();
  ASSERT_NE(leaky->ops[0].options.AsLeakyReluOptions(), nullptr);
  EXPECT_FLOAT_EQ(leaky->ops[0].options.AsLeakyReluOptions()->alpha, 0.3f);
  auto softmax = t.Lower(t.AddNode("s", "Softmax", {x}));
  ASSERT_TRUE(softmax.ok()) << softmax.status();
  ASSERT_NE(softmax->ops[0].options.AsSoftmaxOptions(), nullptr);
  EXPECT_FLOAT_EQ(softmax->ops[0].options.AsSoftmaxOptions()->beta, 1.0f);
}

TEST_F(ActivationOpsTest, IntegerReluLowersToMaximumWithZero) {
  auto low = t.Lower(t.AddNode("r", "Relu", {t.Input("x", DataType::kInt32, PartialShape({4}))}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 1u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::MAXIMUM);
  ASSERT_EQ(low->ops[0].inputs.size(), 2u);
  const Tensor* zero = low->value(low->ops[0].inputs[1]);
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ(zero->dtype(), DataType::kInt32);
  EXPECT_EQ(zero->rank(), 0);
  EXPECT_EQ(Values<int32_t>(*zero), (std::vector<int32_t>{0}));
}

TEST_F(ActivationOpsTest, SoftplusDecomposesToExpAddLog) {
  auto low = t.Lower(t.AddNode("sp", "Softplus", {t.Input("x", DataType::kFloat, PartialShape({-1, 4}))}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 3u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::EXP);
  EXPECT_EQ(low->ops[1].op, BuiltinOperator::ADD);
  EXPECT_EQ(low->ops[2].op, BuiltinOperator::LOG);
  EXPECT_EQ(low->ops[1].inputs[0], low->ops[0].outputs[0]);
  EXPECT_EQ(Values<float>(*low->value(low->ops[1].inputs[1])), (std::vector<float>{1}));
  ASSERT_NE(low->ops[1].options.AsAddOptions(), nullptr);
  EXPECT_EQ(low->ops[1].options.AsAddOptions()->fused_activation_function,
            tflite::ActivationFunctionType::NONE);
  EXPECT_EQ(low->ops[2].inputs[0], low->ops[1].outputs[0]);
  EXPECT_EQ(low->ops[2].outputs[0], low->outputs.at(0));
  EXPECT_EQ(low->tensors[low->ops[0].outputs[0]].shape, PartialShape({-1, 4}));
}

TEST_F(ActivationOpsTest, SoftsignDecomposesToAbsAddDiv) {
  auto low = t.Lower(t.AddNode("ss", "Softsign", {t.Input("x", DataType::kFloat, PartialShape({3}))}));
  ASSERT_TRUE(low.ok()) << low.status();
  ASSERT_EQ(low->ops.size(), 3u);
  EXPECT_EQ(low->ops[0].op, BuiltinOperator::ABS);
  EXPECT_EQ(low->ops[1].op, BuiltinOperator::ADD);
  EXPECT_EQ(low->ops[2].op, BuiltinOperator::DIV);
  EXPECT_EQ(low->tensors[low->ops[2].inputs[0]].name, "x");
  EXPECT_EQ(low->ops[2].inputs[1], low->ops[1].outputs[0]);
}

TEST_F(ActivationOpsTest, NonFloat32InputsAreUnsupportedForLowering) {
  auto low = t.Lower(t.AddNode("th", "Tanh", {t.Input("x", DataType::kDouble, PartialShape({3}))}));
  ASSERT_FALSE(low.ok());
  EXPECT_EQ(low.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_TRUE(HasMessage(low.status(), "float64")) << low.status();
}

TEST_F(ActivationOpsTest, RegistrationCoversTheFamily) {
  for (const char* op : {"Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Sigmoid", "Tanh", "Softplus",
                         "Softsign", "Softmax", "LogSoftmax"}) {
    const OpRegistration* reg = t.registry().Find(op);
    ASSERT_NE(reg, nullptr) << op;
    EXPECT_TRUE(reg->infer) << op;
    EXPECT_TRUE(reg->evaluate) << op;
  }
  // Selu has no TFLite builtin and no official rewrite: folded when constant, else reported.
  EXPECT_FALSE(t.registry().Find("Selu")->lower);
  EXPECT_EQ(t.registry().Find("Sigmoid")->tflite_ops, (std::vector<std::string>{"LOGISTIC"}));
}

}  // namespace
}  // namespace tfconv
