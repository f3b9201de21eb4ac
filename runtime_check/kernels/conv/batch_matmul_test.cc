#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/kernels/conv/conv_kernels.h"
#include "runtime_check/kernels/testing/op_test_util.h"

namespace tfconv {
namespace {

using kernel_test::OpTest;
using kernel_test::Quant;
using kernel_test::Random;
using kernel_test::Requantize;
using kernel_test::ValuesOf;

using tflite::TensorType;

const KernelRegistry& Kernels() { return kernel_test::Kernels<RegisterConvKernels>(); }

tflite::BatchMatMulOptionsT Options(bool adj_x, bool adj_y) {
  tflite::BatchMatMulOptionsT o;
  o.adj_x = adj_x;
  o.adj_y = adj_y;
  return o;
}

TEST(BatchMatMulTest, FloatHandComputed) {
  // [[1, 2, 3], [4, 5, 6]] x [[1, 0], [0, 1], [1, 1]] = [[4, 5], [10, 11]].
  OpTest m(tflite::BuiltinOperator::BATCH_MATMUL, Kernels());
  m.Input<float>(TensorType::FLOAT32, {2, 3}, {1, 2, 3, 4, 5, 6})
      .ConstInput<float>(TensorType::FLOAT32, {3, 2}, {1, 0, 0, 1, 1, 1})
      .Output(TensorType::FLOAT32, std::nullopt, {2, 2})
      .Options(Options(false, false));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<float>((*out)[0]), (std::vector<float>{4, 5, 10, 11}));
}

struct Case {
  std::vector<int32_t> lhs, rhs;  // shapes as stored (adjoints already applied)
  bool adj_x, adj_y;
};

// Element (batch, i, j) of the stored operands with broadcasting and adjoints.
struct Indexer {
  const Case& k;
  int m, kk, n;
  std::vector<int32_t> batch;
  int64_t Offset(const std::vector<int32_t>& shape, int64_t ob) const {
    // The operand's batch index for output batch ob (broadcast dimensions of size 1 stay at 0).
    const int rank = static_cast<int>(batch.size());
    const int own = static_cast<int>(shape.size()) - 2;
    int64_t index = 0, stride = 1;
    int64_t rest = ob;
    std::vector<int64_t> coord(rank);
    for (int d = rank - 1; d >= 0; --d) coord[d] = rest % batch[d], rest /= batch[d];
    for (int d = own - 1; d >= 0; --d) {
      const int od = d + rank - own;
      index += (shape[d] == 1 ? 0 : coord[od]) * stride;
      stride *= shape[d];
    }
    return index;
  }
  int64_t L(int64_t ob, int i, int c) const {
    const int64_t base = Offset(k.lhs, ob) * m * kk;
    return base + (k.adj_x ? static_cast<int64_t>(c) * m + i : static_cast<int64_t>(i) * kk + c);
  }
  int64_t R(int64_t ob, int c, int j) const {
    const int64_t base = Offset(k.rhs, ob) * kk * n;
    return base + (k.adj_y ? static_cast<int64_t>(j) * kk + c : static_cast<int64_t>(c) * n + j);
  }
};

Indexer MakeIndexer(const Case& k, std::vector<int32_t>* out_shape) {
  Indexer ix{k, 0, 0, 0, {}};
  const int lr = k.lhs.size(), rr = k.rhs.size();
  ix.m = k.adj_x ? k.lhs[lr - 1] : k.lhs[lr - 2];
  ix.kk = k.adj_x ? k.lhs[lr - 2] : k.lhs[lr - 1];
  ix.n = k.adj_y ? k.rhs[rr - 2] : k.rhs[rr - 1];
  const int rank = std::max(lr, rr) - 2;
  for (int d = 0; d < rank; ++d) {
    const int a = d - (rank - (lr - 2)) >= 0 ? k.lhs[d - (rank - (lr - 2))] : 1;
    const int b = d - (rank - (rr - 2)) >= 0 ? k.rhs[d - (rank - (rr - 2))] : 1;
    ix.batch.push_back(std::max(a, b));
  }
  *out_shape = ix.batch;
  out_shape->push_back(ix.m);
  out_shape->push_back(ix.n);
  return ix;
}

const std::vector<Case> kCases = {
    {{2, 3, 4}, {2, 4, 5}, false, false},
    {{2, 1, 4, 3}, {3, 5, 4}, true, true},  // lhs batch broadcast against rhs, both adjoint
    {{3, 6}, {2, 2, 6, 7}, false, false},   // rank 2 lhs broadcast to [2, 2]
    {{1, 5, 9}, {3, 9, 4}, false, false},
};

TEST(BatchMatMulTest, FloatMatchesReferenceLoopBitForBit) {
  Random rnd(5);
  for (const Case& k : kCases) {
    std::vector<int32_t> shape;
    const Indexer ix = MakeIndexer(k, &shape);
    const std::vector<float> lhs = rnd.Floats(NumElementsOf(k.lhs), -2, 2);
    const std::vector<float> rhs = rnd.Floats(NumElementsOf(k.rhs), -2, 2);
    OpTest m(tflite::BuiltinOperator::BATCH_MATMUL, Kernels());
    m.Input<float>(TensorType::FLOAT32, k.lhs, lhs)
        .Input<float>(TensorType::FLOAT32, k.rhs, rhs)
        .Output(TensorType::FLOAT32, std::nullopt, shape)
        .Options(Options(k.adj_x, k.adj_y));
    auto out = m.Run();
    ASSERT_TRUE(out.ok()) << out.status();
    ASSERT_EQ((*out)[0].shape(), shape);
    const std::vector<float> got = ValuesOf<float>((*out)[0]);
    const int64_t batches = NumElementsOf(ix.batch);
    for (int64_t ob = 0; ob < batches; ++ob)
      for (int i = 0; i < ix.m; ++i)
        for (int j = 0; j < ix.n; ++j) {
          float total = 0;
          for (int c = 0; c < ix.kk; ++c) total += lhs[ix.L(ob, i, c)] * rhs[ix.R(ob, c, j)];
          ASSERT_EQ(got[(ob * ix.m + i) * ix.n + j], total) << ob << "," << i << "," << j;
        }
  }
}

// int8 -> int8 (zero points, legacy multiplier), int16 x int16 and int16 x int8 -> int16.
template <typename L, typename R, typename Acc>
void RunQuantizedCase(const Case& k, TensorType lt, TensorType rt, uint32_t seed) {
  Random rnd(seed);
  std::vector<int32_t> shape;
  const Indexer ix = MakeIndexer(k, &shape);
  const bool int16 = lt == TensorType::INT16;
  const float ls = int16 ? 1.0f / 4096 : 0.05f, rs = rt == TensorType::INT16 ? 1.0f / 2048 : 0.02f;
  const int lzp = int16 ? 0 : 3, rzp = int16 ? 0 : -5;
  const std::vector<L> lhs =
      rnd.Ints<L>(NumElementsOf(k.lhs), std::numeric_limits<L>::min(), std::numeric_limits<L>::max());
  const std::vector<R> rhs =
      rnd.Ints<R>(NumElementsOf(k.rhs), std::numeric_limits<R>::min(), std::numeric_limits<R>::max());
  const int64_t batches = NumElementsOf(ix.batch);
  std::vector<int64_t> acc;
  std::vector<double> real;
  for (int64_t ob = 0; ob < batches; ++ob)
    for (int i = 0; i < ix.m; ++i)
      for (int j = 0; j < ix.n; ++j) {
        int64_t t = 0;
        for (int c = 0; c < ix.kk; ++c) t += int64_t{lhs[ix.L(ob, i, c)] - lzp} * (rhs[ix.R(ob, c, j)] - rzp);
        acc.push_back(t);
        real.push_back(t * double{ls} * rs);
      }
  double hi = 1e-9;
  for (double v : real) hi = std::max(hi, std::abs(v));
  const float os = static_cast<float>(hi / (int16 ? 30000 : 110));
  const int ozp = int16 ? 0 : 7;
  std::vector<L> expected;
  for (int64_t a : acc) {
    const int32_t v = Requantize(a, static_cast<double>(ls * rs) / os, sizeof(Acc) == 8) + ozp;
    expected.push_back(
        static_cast<L>(std::clamp<int32_t>(v, std::numeric_limits<L>::min(), std::numeric_limits<L>::max())));
  }

  OpTest m(tflite::BuiltinOperator::BATCH_MATMUL, Kernels());
  m.Input<L>(lt, k.lhs, lhs, Quant(ls, lzp));
  m.ConstInput<R>(rt, k.rhs, rhs, Quant(rs, rzp))
      .Output(lt, Quant(os, ozp), shape)
      .Options(Options(k.adj_x, k.adj_y));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  const std::vector<L> got = ValuesOf<L>((*out)[0]);
  ASSERT_EQ(got, expected);
  for (size_t i = 0; i < got.size(); ++i) {
    const double q = std::clamp<double>(std::round(real[i] / os) + ozp, std::numeric_limits<L>::min(),
                                        std::numeric_limits<L>::max());
    ASSERT_LE(std::abs(got[i] - q), 1) << i;
  }
}

TEST(BatchMatMulTest, QuantizedMatchesReferenceLoop) {
  uint32_t seed = 90;
  for (const Case& k : kCases) {
    RunQuantizedCase<int8_t, int8_t, int32_t>(k, TensorType::INT8, TensorType::INT8, seed++);
    RunQuantizedCase<int16_t, int16_t, int64_t>(k, TensorType::INT16, TensorType::INT16, seed++);
    RunQuantizedCase<int16_t, int8_t, int64_t>(k, TensorType::INT16, TensorType::INT8, seed++);
  }
}

TEST(BatchMatMulTest, Int8ToInt32IgnoresZeroPoints) {
  // TFLite's int8 x int8 -> int32 kernel sums the raw products.
  OpTest m(tflite::BuiltinOperator::BATCH_MATMUL, Kernels());
  m.Input<int8_t>(TensorType::INT8, {1, 2}, {10, -20}, Quant(0.5f, 3))
      .ConstInput<int8_t>(TensorType::INT8, {2, 2}, {1, -2, 3, 4}, Quant(0.25f, -1))
      .Output(TensorType::INT32, std::nullopt, {1, 2})
      .Options(Options(false, false));
  auto out = m.Run();
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(ValuesOf<int32_t>((*out)[0]), (std::vector<int32_t>{10 - 60, -20 - 80}));
}

TEST(BatchMatMulTest, Refusals) {
  {
    OpTest m(tflite::BuiltinOperator::BATCH_MATMUL, Kernels());
    m.Input<float>(TensorType::FLOAT32, {2, 3}, std::vector<float>(6, 1))
        .ConstInput<int8_t>(TensorType::INT8, {3, 2}, std::vector<int8_t>(6, 1), Quant(0.5f, 0))
        .Output(TensorType::FLOAT32, std::nullopt, {2, 2})
        .Options(Options(false, false));
    auto out = m.Run();
    EXPECT_EQ(out.status().code(), absl::StatusCode::kUnimplemented) << out.status();
  }
  {
    OpTest m(tflite::BuiltinOperator::BATCH_MATMUL, Kernels());
    m.Input<float>(TensorType::FLOAT32, {2, 3, 4}, std::vector<float>(24, 1))
        .Input<float>(TensorType::FLOAT32, {3, 4, 2}, std::vector<float>(24, 1))  // batch 2 against 3
        .Output(TensorType::FLOAT32, std::nullopt, {2, 3, 2})
        .Options(Options(false, false));
    auto out = m.Run();
    EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument) << out.status();
  }
}

}  // namespace
}  // namespace tfconv
