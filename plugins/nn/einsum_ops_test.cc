// Einsum as an op: shape rule, the operators each equation form lowers to, and the lowered model in
// the reference interpreter against the op's TF semantics (checked by hand in
// einsum_equation_test.cc) on odd shapes with batch > 1.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "plugins/nn/nn_ops.h"
#include "plugins/nn/testing/fake_lowering_context.h"
#include "plugins/nn/testing/op_test_fixture.h"
#include "plugins/nn/testing/run_lowered.h"

namespace tfconv {
namespace {

using tflite::BuiltinOperator;
using Ops = std::vector<BuiltinOperator>;

// Values (i % 7 - 3) / 4 (+ offset): small, mixed signs, exact in float32.
Tensor Pattern(std::vector<int64_t> shape, int offset) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  std::vector<float> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = static_cast<float>((i + offset) % 7 - 3) / 4;
  return Tensor::FromVector<float>(std::move(shape), v);
}

struct Operand {
  std::vector<int64_t> shape;
  bool constant = false;
};

class EinsumOpsTest : public OpTestFixture {
 protected:
  void SetUp() override { Register("tfconv.nn", RegisterNnOps); }

  Node* Einsum(const std::string& equation, const std::vector<Operand>& operands) {
    std::vector<Node*> in;
    for (size_t i = 0; i < operands.size(); ++i) {
      const std::string name = absl::StrCat("in", i, "_", counter_);
      Tensor value = Pattern(operands[i].shape, static_cast<int>(i) * 3);
      in.push_back(operands[i].constant ? Constant(name, value)
                                        : Source(name, DataType::kFloat, PartialShape(operands[i].shape)));
      values_.push_back(value);
    }
    return Op(absl::StrCat("einsum", counter_++), "Einsum", in,
              {{"equation", equation}, {"T", DataType::kFloat}, {"N", static_cast<int64_t>(operands.size())}});
  }

  // Infers (expecting `out_shape`), lowers (expecting `ops`), runs the lowering and compares it with
  // the op's evaluation.
  void Check(const std::string& equation, const std::vector<Operand>& operands, const std::vector<int64_t>& out_shape,
             const Ops& ops) {
    SCOPED_TRACE(equation);
    values_.clear();
    Node* n = Einsum(equation, operands);
    absl::Status s = Infer(n);
    ASSERT_TRUE(s.ok()) << s;
    EXPECT_EQ(n->outputs[0].shape, PartialShape(out_shape));
    absl::StatusOr<Tensor> want = Eval1(n, values_);
    ASSERT_TRUE(want.ok()) << want.status();
    EXPECT_EQ(want->shape(), out_shape);

    FakeLoweringContext c(*n);
    s = Reg("Einsum").lower(c);
    ASSERT_TRUE(s.ok()) << s;
    Ops got;
    for (size_t i = 0; i < c.ops().size(); ++i) got.push_back(c.BuiltinCode(static_cast<int>(i)));
    EXPECT_EQ(got, ops);
    std::vector<std::pair<int32_t, Tensor>> feeds;
    for (size_t i = 0; i < operands.size(); ++i) {
      if (!operands[i].constant) feeds.push_back({c.input_tensor_if_created(static_cast<int>(i)), values_[i]});
    }
    const int32_t out = c.forwarded(0) >= 0 ? c.forwarded(0) : *c.OutputTensor(0);
    EXPECT_EQ(c.tensor(out).shape, std::vector<int32_t>(out_shape.begin(), out_shape.end()));
    absl::StatusOr<std::vector<float>> y = RunLowered(c, feeds, out);
    ASSERT_TRUE(y.ok()) << y.status();
    std::vector<float> expected = Floats(*want);
    ASSERT_EQ(y->size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR((*y)[i], expected[i], 1e-5f) << "element " << i;
    last_ = std::make_unique<FakeLoweringContext>(*n);
    ASSERT_TRUE(Reg("Einsum").lower(*last_).ok());
  }

  std::vector<Tensor> values_;
  std::unique_ptr<FakeLoweringContext> last_;
  int counter_ = 0;
};

constexpr bool kConst = true;

TEST_F(EinsumOpsTest, MatMulFormsWithConstantWeightsAreOneFullyConnected) {
  Check("ab,bc->ac", {{{3, 5}}, {{5, 4}, kConst}}, {3, 4}, {BuiltinOperator::FULLY_CONNECTED});
  // Weights [N, K] on the host: the transpose of the [5, 4] constant.
  EXPECT_EQ(last_->tensor(last_->ops()[0].inputs[1]).shape, std::vector<int32_t>({4, 5}));
  EXPECT_FALSE(last_->ops()[0].builtin_options.AsFullyConnectedOptions()->keep_num_dims);

  Check("abc,cd->abd", {{{2, 3, 5}}, {{5, 4}, kConst}}, {2, 3, 4}, {BuiltinOperator::FULLY_CONNECTED});
  EXPECT_TRUE(last_->ops()[0].builtin_options.AsFullyConnectedOptions()->keep_num_dims);

  // "ab,cb->ac": the constant is already [N, K].
  Check("ab,cb->ac", {{{3, 5}}, {{4, 5}, kConst}}, {3, 4}, {BuiltinOperator::FULLY_CONNECTED});
  EXPECT_EQ(last_->ConstData<float>(last_->ops()[0].inputs[1]), Floats(Pattern({4, 5}, 3)));

  // The constant on the left: the operands swap.
  Check("cd,abc->abd", {{{5, 4}, kConst}, {{2, 3, 5}}}, {2, 3, 4}, {BuiltinOperator::FULLY_CONNECTED});

  // Transformer projections: two contracted labels (RESHAPE first), two free ones (RESHAPE after).
  Check("BFNH,NHD->BFD", {{{2, 3, 4, 5}}, {{4, 5, 6}, kConst}}, {2, 3, 6},
        {BuiltinOperator::RESHAPE, BuiltinOperator::FULLY_CONNECTED});
  Check("BFD,DNH->BFNH", {{{2, 3, 6}}, {{6, 4, 5}, kConst}}, {2, 3, 4, 5},
        {BuiltinOperator::FULLY_CONNECTED, BuiltinOperator::RESHAPE});
}

TEST_F(EinsumOpsTest, BatchedFormsAreBatchMatMul) {
  Check("bij,bjk->bik", {{{2, 3, 5}}, {{2, 5, 4}}}, {2, 3, 4}, {BuiltinOperator::BATCH_MATMUL});
  Check("abc,acd->abd", {{{3, 1, 5}}, {{3, 5, 2}, kConst}}, {3, 1, 2}, {BuiltinOperator::BATCH_MATMUL});
  // Ellipsis batch dimensions broadcast (2, 3 against 3).
  Check("...ij,...jk->...ik", {{{2, 3, 3, 5}}, {{3, 5, 4}}}, {2, 3, 3, 4}, {BuiltinOperator::BATCH_MATMUL});
  // Transposed rhs: adj_y instead of a TRANSPOSE.
  Check("ab,cb->ac", {{{3, 5}}, {{4, 5}}}, {3, 4}, {BuiltinOperator::BATCH_MATMUL});
  EXPECT_TRUE(last_->ops()[0].builtin_options.AsBatchMatMulOptions()->adj_y);
  EXPECT_FALSE(last_->ops()[0].builtin_options.AsBatchMatMulOptions()->adj_x);
  Check("ba,bc->ac", {{{5, 3}}, {{5, 4}}}, {3, 4}, {BuiltinOperator::BATCH_MATMUL});
  EXPECT_TRUE(last_->ops()[0].builtin_options.AsBatchMatMulOptions()->adj_x);
  // Head attention: both operands need their batch labels (a, c) in front.
  Check("abcd,aecd->acbe", {{{2, 3, 4, 5}}, {{2, 6, 4, 5}}}, {2, 4, 3, 6},
        {BuiltinOperator::TRANSPOSE, BuiltinOperator::TRANSPOSE, BuiltinOperator::BATCH_MATMUL});
  EXPECT_TRUE(last_->ops()[2].builtin_options.AsBatchMatMulOptions()->adj_y);
  // BERT's attention output: the product comes out [B, N, F, H] and is transposed to [B, F, N, H].
  Check("BNFT,BTNH->BFNH", {{{2, 3, 4, 5}}, {{2, 5, 3, 6}}}, {2, 4, 3, 6},
        {BuiltinOperator::TRANSPOSE, BuiltinOperator::BATCH_MATMUL, BuiltinOperator::TRANSPOSE});
}

TEST_F(EinsumOpsTest, EmptyGroupsSumsAndUnaryForms) {
  // Row-wise dot product: no free label on either side, so [a, 1, b] x [a, b, 1] and a RESHAPE back.
  Check("ab,ab->a", {{{3, 5}}, {{3, 5}}}, {3},
        {BuiltinOperator::RESHAPE, BuiltinOperator::RESHAPE, BuiltinOperator::BATCH_MATMUL, BuiltinOperator::RESHAPE});
  // Outer product: no contracted label.
  Check("i,j->ij", {{{3}}, {{4}}}, {3, 4},
        {BuiltinOperator::RESHAPE, BuiltinOperator::RESHAPE, BuiltinOperator::BATCH_MATMUL});
  // 'a' only in the lhs and not in the output: summed first.
  Check("ab,bc->c", {{{3, 5}}, {{5, 4}, kConst}}, {4},
        {BuiltinOperator::SUM, BuiltinOperator::RESHAPE, BuiltinOperator::FULLY_CONNECTED, BuiltinOperator::RESHAPE});
  Check("ij->ji", {{{3, 5}}}, {5, 3}, {BuiltinOperator::TRANSPOSE});
  Check("abc->ac", {{{2, 3, 5}}}, {2, 5}, {BuiltinOperator::SUM});
  Check("abc->ca", {{{2, 3, 5}}}, {5, 2}, {BuiltinOperator::SUM, BuiltinOperator::TRANSPOSE});
  Check("ij->ij", {{{3, 5}}}, {3, 5}, {});
}

TEST_F(EinsumOpsTest, DynamicBatchAndRefusals) {
  // A dynamic batch dimension passes through FULLY_CONNECTED and one-unknown RESHAPEs.
  Node* x = Source("x", DataType::kFloat, {-1, 3, 4, 5});
  Node* w = Constant("w", Pattern({4, 5, 6}, 0));
  Node* proj = Op("proj", "Einsum", {x, w}, {{"equation", "BFNH,NHD->BFD"}, {"T", DataType::kFloat}});
  ASSERT_TRUE(Infer(proj).ok());
  EXPECT_EQ(proj->outputs[0].shape, PartialShape({-1, 3, 6}));
  FakeLoweringContext c(*proj);
  ASSERT_TRUE(Reg("Einsum").lower(c).ok());
  EXPECT_EQ(c.ConstData<int32_t>(c.ops()[0].inputs[1]), std::vector<int32_t>({-1, 3, 20}));

  Node* sq = Source("sq", DataType::kFloat, {3, 3});
  Node* diag = Op("diag", "Einsum", {sq}, {{"equation", "ii->i"}, {"T", DataType::kFloat}});
  ASSERT_TRUE(Infer(diag).ok());
  EXPECT_EQ(diag->outputs[0].shape, PartialShape({3}));
  FakeLoweringContext c2(*diag);
  absl::Status s = Reg("Einsum").lower(c2);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("equation 'ii->i'"), std::string::npos) << s;
  EXPECT_NE(s.message().find("diagonal"), std::string::npos) << s;

  Node* three = Op("three", "Einsum", {sq, sq, sq}, {{"equation", "ab,bc,cd->ad"}, {"T", DataType::kFloat}});
  ASSERT_TRUE(Infer(three).ok());
  FakeLoweringContext c3(*three);
  s = Reg("Einsum").lower(c3);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("3 operands"), std::string::npos) << s;

  // Two unknown dimensions in one RESHAPE target cannot be expressed (the [a, b, 1] product back
  // to [a, b]).
  Node* y = Source("y", DataType::kFloat, {-1, -1, 5});
  Node* flat = Op("flat", "Einsum", {y, Constant("w2", Pattern({5}, 0))},
                  {{"equation", "abc,c->ab"}, {"T", DataType::kFloat}});
  ASSERT_TRUE(Infer(flat).ok());
  EXPECT_EQ(flat->outputs[0].shape, PartialShape({-1, -1}));
  FakeLoweringContext c4(*flat);
  s = Reg("Einsum").lower(c4);
  EXPECT_TRUE(absl::IsUnimplemented(s)) << s;
  EXPECT_NE(s.message().find("needs all but one dimension static"), std::string::npos) << s;

  // Errors at inference name the node and the equation.
  s = Infer(Op("bad", "Einsum", {sq, sq}, {{"equation", "ab,bc->ax"}, {"T", DataType::kFloat}}));
  EXPECT_NE(s.message().find("node 'bad' (Einsum): equation 'ab,bc->ax'"), std::string::npos) << s;
  s = Infer(Op("mismatch", "Einsum", {sq, Source("r", DataType::kFloat, {4, 2})},
               {{"equation", "ab,bc->ac"}, {"T", DataType::kFloat}}));
  EXPECT_NE(s.message().find("label 'b' has size 3"), std::string::npos) << s;
}

}  // namespace
}  // namespace tfconv
