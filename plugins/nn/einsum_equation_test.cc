// Einsum equations: parsing errors, labels with ellipses, and the reference semantics on small
// operands whose results are worked out by hand.
#include "plugins/nn/einsum_equation.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

class EinsumEquationTest : public ::testing::Test {
 protected:
  EinsumEquationTest() : node_(*graph_.AddNode("e", "Einsum")) {}

  absl::StatusOr<Tensor> Run(const std::string& equation, const std::vector<Tensor>& inputs) {
    absl::StatusOr<EinsumEquation> eq = ParseEinsumEquation(node_, equation, static_cast<int>(inputs.size()));
    if (!eq.ok()) return eq.status();
    std::vector<int> ranks;
    for (const Tensor& t : inputs) ranks.push_back(t.rank());
    absl::StatusOr<EinsumLabels> labels = ResolveEinsumLabels(node_, *eq, ranks);
    if (!labels.ok()) return labels.status();
    return EinsumReference(node_, *labels, inputs);
  }

  std::string ParseError(const std::string& equation, int n) {
    absl::StatusOr<EinsumEquation> eq = ParseEinsumEquation(node_, equation, n);
    return eq.ok() ? "" : std::string(eq.status().message());
  }

  Graph graph_;
  Node& node_;
};

std::vector<float> F(const Tensor& t) {
  auto d = t.data<float>();
  return std::vector<float>(d.begin(), d.end());
}

TEST_F(EinsumEquationTest, SyntaxErrorsNameTheNodeAndTheEquation) {
  EXPECT_NE(ParseError("ab,bc", 2).find("exactly one '->'"), std::string::npos);
  EXPECT_NE(ParseError("ab,bc", 2).find("node 'e' (Einsum): equation 'ab,bc'"), std::string::npos);
  EXPECT_NE(ParseError("ab->a", 2).find("1 input terms but the node has 2"), std::string::npos);
  EXPECT_NE(ParseError("a1,b->a", 2).find("'a1'"), std::string::npos);
  EXPECT_NE(ParseError("a.b->a", 1).find("'a.b'"), std::string::npos);
  EXPECT_NE(ParseError("......a->a", 1).find("one '...'"), std::string::npos);
  EXPECT_NE(ParseError("ab,bc->aa", 2).find("repeats label 'a'"), std::string::npos);
  EXPECT_NE(ParseError("ab,bc->ad", 2).find("'d' appears in no input"), std::string::npos);
  EXPECT_EQ(ParseError(" ab , bc -> ac ", 2), "");  // spaces are ignored
}

TEST_F(EinsumEquationTest, EllipsisLabelsAlignFromTheRight) {
  absl::StatusOr<EinsumEquation> eq = ParseEinsumEquation(node_, "...ij,...jk->...ik", 2);
  ASSERT_TRUE(eq.ok()) << eq.status();
  absl::StatusOr<EinsumLabels> l = ResolveEinsumLabels(node_, *eq, {3, 4});
  ASSERT_TRUE(l.ok()) << l.status();
  const int E = kEllipsisLabel;
  EXPECT_EQ(l->inputs[0], std::vector<int>({E + 1, 'i', 'j'}));
  EXPECT_EQ(l->inputs[1], std::vector<int>({E, E + 1, 'j', 'k'}));
  EXPECT_EQ(l->output, std::vector<int>({E, E + 1, 'i', 'k'}));
  EXPECT_FALSE(ResolveEinsumLabels(node_, *eq, {1, 4}).ok());  // 'ij' needs rank >= 2

  absl::StatusOr<EinsumEquation> plain = ParseEinsumEquation(node_, "ij,jk->ik", 2);
  ASSERT_TRUE(plain.ok());
  absl::Status s = ResolveEinsumLabels(node_, *plain, {3, 2}).status();
  EXPECT_NE(s.message().find("input 0 has rank 3 but its term 'ij' names 2"), std::string::npos) << s;

  // Sizes: ellipsis dims broadcast 1 against n; named labels must agree.
  auto sizes = EinsumLabelSizes(node_, *l, {{1, 2, 3}, {4, 5, 3, 6}});
  ASSERT_TRUE(sizes.ok()) << sizes.status();
  EXPECT_EQ(sizes->at(E + 1), 5);
  EXPECT_EQ(sizes->at('j'), 3);
  EXPECT_FALSE(EinsumLabelSizes(node_, *l, {{1, 2, 3}, {4, 5, 2, 6}}).ok());
}

TEST_F(EinsumEquationTest, MatrixProductTransposeAndSums) {
  const Tensor a = Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  const Tensor b = Tensor::FromVector<float>({3, 2}, {1, 0, 0, 1, 1, 1});
  // Rows of a times the columns (1, 0, 1) and (0, 1, 1).
  absl::StatusOr<Tensor> y = Run("ij,jk->ik", {a, b});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), std::vector<int64_t>({2, 2}));
  EXPECT_EQ(F(*y), std::vector<float>({4, 5, 10, 11}));
  // The same with b given transposed.
  const Tensor bt = Tensor::FromVector<float>({2, 3}, {1, 0, 1, 0, 1, 1});
  EXPECT_EQ(F(*Run("ij,kj->ik", {a, bt})), std::vector<float>({4, 5, 10, 11}));
  EXPECT_EQ(F(*Run("ij->ji", {a})), std::vector<float>({1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(F(*Run("ij->i", {a})), std::vector<float>({6, 15}));
  EXPECT_EQ(F(*Run("ij->", {a})), std::vector<float>({21}));
  // A label on a diagonal: trace and diagonal of [[1, 2], [3, 4]].
  const Tensor sq = Tensor::FromVector<float>({2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(F(*Run("ii->", {sq})), std::vector<float>({5}));
  EXPECT_EQ(F(*Run("ii->i", {sq})), std::vector<float>({1, 4}));
}

TEST_F(EinsumEquationTest, BatchesBroadcastAndIntegers) {
  // Batch of two 1x2 rows times one shared 2x1 column (10 1)^T... broadcast over the ellipsis.
  const Tensor a = Tensor::FromVector<float>({2, 1, 2}, {1, 2, 3, 4});
  const Tensor b = Tensor::FromVector<float>({1, 2, 1}, {1, 10});
  absl::StatusOr<Tensor> y = Run("...ij,...jk->...ik", {a, b});
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->shape(), std::vector<int64_t>({2, 1, 1}));
  EXPECT_EQ(F(*y), std::vector<float>({21, 43}));

  // Outer product of int32 vectors.
  absl::StatusOr<Tensor> outer =
      Run("i,j->ij", {Tensor::FromVector<int32_t>({2}, {1, 2}), Tensor::FromVector<int32_t>({3}, {3, 4, 5})});
  ASSERT_TRUE(outer.ok()) << outer.status();
  auto o = outer->data<int32_t>();
  EXPECT_EQ(std::vector<int32_t>(o.begin(), o.end()), std::vector<int32_t>({3, 4, 5, 6, 8, 10}));

  // int64 batched product: [[1, 2]] . [[3], [4]] = 11 and [[-1, 0]] . [[5], [6]] = -5.
  absl::StatusOr<Tensor> bmm = Run("bij,bjk->bik", {Tensor::FromVector<int64_t>({2, 1, 2}, {1, 2, -1, 0}),
                                                    Tensor::FromVector<int64_t>({2, 2, 1}, {3, 4, 5, 6})});
  ASSERT_TRUE(bmm.ok()) << bmm.status();
  auto v = bmm->data<int64_t>();
  EXPECT_EQ(std::vector<int64_t>(v.begin(), v.end()), std::vector<int64_t>({11, -5}));

  // Head attention style "abcd,aecd->acbe": a=1, b=2, c=1, d=2, e=1: dot products over d.
  absl::StatusOr<Tensor> att = Run("abcd,aecd->acbe", {Tensor::FromVector<float>({1, 2, 1, 2}, {1, 2, 3, 4}),
                                                       Tensor::FromVector<float>({1, 1, 1, 2}, {10, 1})});
  ASSERT_TRUE(att.ok()) << att.status();
  EXPECT_EQ(att->shape(), std::vector<int64_t>({1, 1, 2, 1}));
  EXPECT_EQ(F(*att), std::vector<float>({12, 34}));

  EXPECT_FALSE(Run("ij,jk->ik", {Tensor::FromVector<float>({1, 1}, {1}),
                                 Tensor::FromVector<int32_t>({1, 1}, {1})})
                   .ok());
}

}  // namespace
}  // namespace tfconv
