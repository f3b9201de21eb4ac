#include "runtime_check/profiles/arena_plan.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

// Adds an operator with the given inputs and outputs (the op kind does not matter to the plan).
void AddOp(TflModel& m, std::vector<int32_t> in, std::vector<int32_t> out) {
  TflOperator& op = m.subgraphs[0].operators.emplace_back();
  op.opcode_index = m.OpcodeIndex(tflite::BuiltinOperator::RELU);
  op.inputs = std::move(in);
  op.outputs = std::move(out);
}

int Tensor(TflModel& m, const char* name, T type, std::vector<int32_t> shape) {
  return m.subgraphs[0].AddTensor({.name = name, .type = type, .shape = std::move(shape)});
}

const ArenaBuffer& BufferOf(const ArenaPlan& p, int tensor) {
  for (const ArenaBuffer& b : p.buffers) {
    if (b.tensor == tensor) return b;
  }
  ADD_FAILURE() << "no buffer for tensor " << tensor;
  return p.buffers.front();
}

// in -> a -> b -> out, 64 bytes each: two buffers ping-pong.
TEST(ArenaPlanTest, ChainReusesMemory) {
  TflModel m;
  m.subgraphs.emplace_back();
  int in = Tensor(m, "in", T::FLOAT32, {1, 16});
  int a = Tensor(m, "a", T::FLOAT32, {1, 16});
  int b = Tensor(m, "b", T::FLOAT32, {1, 16});
  int out = Tensor(m, "out", T::FLOAT32, {1, 16});
  AddOp(m, {in}, {a});
  AddOp(m, {a}, {b});
  AddOp(m, {b}, {out});
  m.subgraphs[0].inputs = {in};
  m.subgraphs[0].outputs = {out};
  ArenaPlan p = PlanArena(m, 0, 16);
  EXPECT_EQ(p.total_bytes, 256);
  EXPECT_EQ(p.peak_live_bytes, 128);
  EXPECT_EQ(p.arena_bytes, 128);
  // Placed largest first, then by first use: in@0, a@64, b@0 (in is dead by then), out@64.
  EXPECT_EQ(BufferOf(p, in).offset, 0);
  EXPECT_EQ(BufferOf(p, a).offset, 64);
  EXPECT_EQ(BufferOf(p, b).offset, 0);
  EXPECT_EQ(BufferOf(p, out).offset, 64);
  EXPECT_EQ(BufferOf(p, a).first_op, 0);
  EXPECT_EQ(BufferOf(p, a).last_op, 1);
  EXPECT_EQ(BufferOf(p, out).last_op, 2);
}

// A skip connection keeps x alive across the branch: x(400) is read by op 0 and op 2.
//   op0: x -> y (100)   op1: y -> z (200)   op2: x, z -> w (50)
TEST(ArenaPlanTest, LongLivedTensorBlocksItsRange) {
  TflModel m;
  m.subgraphs.emplace_back();
  int x = Tensor(m, "x", T::INT8, {400});
  int y = Tensor(m, "y", T::INT8, {100});
  int z = Tensor(m, "z", T::INT8, {200});
  int w = Tensor(m, "w", T::INT8, {50});
  AddOp(m, {x}, {y});
  AddOp(m, {y}, {z});
  AddOp(m, {x, z}, {w});
  m.subgraphs[0].inputs = {x};
  m.subgraphs[0].outputs = {w};
  ArenaPlan p = PlanArena(m, 0, 1);
  // x@0 (400); z (200, ops 1-2) overlaps x -> @400; y (100, ops 0-1) overlaps x and z -> @600;
  // w (50, op 2) overlaps x and z -> @600.
  EXPECT_EQ(BufferOf(p, x).offset, 0);
  EXPECT_EQ(BufferOf(p, z).offset, 400);
  EXPECT_EQ(BufferOf(p, y).offset, 600);
  EXPECT_EQ(BufferOf(p, w).offset, 600);
  EXPECT_EQ(p.arena_bytes, 700);
  EXPECT_EQ(p.peak_live_bytes, 700);  // op 1: x + y + z
  EXPECT_EQ(p.total_bytes, 750);
}

TEST(ArenaPlanTest, ConstantsAreSkippedVariablesLiveThroughoutSizesAreAligned) {
  TflModel m;
  m.subgraphs.emplace_back();
  const int8_t weights[3] = {1, 2, 3};
  int in = Tensor(m, "in", T::INT8, {3});
  int c = m.subgraphs[0].AddTensor(
      {.name = "c", .type = T::INT8, .shape = {3}, .buffer = m.AddBuffer(ByteBuffer::Copy(weights, 3))});
  int state = m.subgraphs[0].AddTensor(
      {.name = "state", .type = T::INT8, .shape = {3}, .is_variable = true});
  int a = Tensor(m, "a", T::INT8, {3});
  int out = Tensor(m, "out", T::INT8, {3});
  AddOp(m, {in, c}, {a});
  AddOp(m, {a, state}, {out});
  m.subgraphs[0].inputs = {in};
  m.subgraphs[0].outputs = {out};
  ArenaPlan p = PlanArena(m, 0, 16);
  for (const ArenaBuffer& b : p.buffers) EXPECT_NE(b.tensor, c);
  EXPECT_EQ(p.buffers.size(), 4u);
  EXPECT_EQ(BufferOf(p, state).first_op, 0);
  EXPECT_EQ(BufferOf(p, state).last_op, 1);
  EXPECT_EQ(BufferOf(p, in).bytes, 16);  // 3 bytes rounded up
  EXPECT_EQ(p.unknown_size_tensors, 0);
}

TEST(ArenaPlanTest, CountsTensorsOfUnknownSize) {
  TflModel m;
  m.subgraphs.emplace_back();
  int in = m.subgraphs[0].AddTensor(
      {.name = "in", .shape = {1, 3}, .shape_signature = {-1, 3}});
  int s = Tensor(m, "s", T::STRING, {2});
  AddOp(m, {in}, {s});
  m.subgraphs[0].inputs = {in};
  m.subgraphs[0].outputs = {s};
  ArenaPlan p = PlanArena(m, 0, 4);
  EXPECT_EQ(p.unknown_size_tensors, 2);
  EXPECT_EQ(BufferOf(p, in).bytes, 12);  // the static shape, dynamic dims as given
}

}  // namespace
}  // namespace tfconv
