#include "converter/optimize/fuse_activation.h"

#include <optional>
#include <vector>

#include "converter/optimize/graph_view.h"

namespace tfconv {
namespace {

using B = tflite::BuiltinOperator;
using A = tflite::ActivationFunctionType;

std::optional<A> ActivationOfOp(B op) {
  switch (op) {
    case B::RELU: return A::RELU;
    case B::RELU6: return A::RELU6;
    case B::RELU_N1_TO_1: return A::RELU_N1_TO_1;
    default: return std::nullopt;
  }
}

bool AcceptsActivation(B op) {
  switch (op) {
    case B::CONV_2D:
    case B::DEPTHWISE_CONV_2D:
    case B::FULLY_CONNECTED:
    case B::ADD:
    case B::SUB:
    case B::MUL:
    case B::DIV:
    case B::AVERAGE_POOL_2D:
    case B::MAX_POOL_2D: return true;
    default: return false;
  }
}

// Every tensor the operator reads or writes is plain float32 (no quantized or hybrid kernel).
bool AllPlainFloat(const TflSubgraph& g, const TflOperator& op) {
  for (int32_t t : op.inputs) {
    if (t >= 0 && !IsPlainFloat(g.tensors[t])) return false;
  }
  for (int32_t t : op.outputs) {
    if (t < 0 || !IsPlainFloat(g.tensors[t])) return false;
  }
  return true;
}

int FuseInSubgraph(TflModel& model, int s) {
  TflSubgraph& g = model.subgraphs[s];
  const GraphView view(model, s);
  std::vector<bool> dead(g.operators.size(), false), touched(g.operators.size(), false);
  int fused = 0;
  for (size_t i = 0; i < g.operators.size(); ++i) {
    const TflOperator& act_op = g.operators[i];
    const std::optional<A> act = ActivationOfOp(BuiltinOf(model, act_op));
    if (!act.has_value() || act_op.inputs.size() != 1 || act_op.outputs.size() != 1) continue;
    const int32_t x = act_op.inputs[0];
    if (x < 0 || !AllPlainFloat(g, act_op)) continue;
    const int p = view.producer(x);
    if (p < 0 || touched[p] || !view.SoleReaderIs(x, static_cast<int>(i))) continue;
    TflOperator& producer = g.operators[p];
    if (!AcceptsActivation(BuiltinOf(model, producer)) || producer.outputs.size() != 1) continue;
    if (!AllPlainFloat(g, producer) || FusedActivation(model, producer) != A::NONE) continue;
    tflite::ActivationFunctionType* field = FusedActivationOf(model, producer, /*create=*/true);
    if (field == nullptr) continue;
    *field = *act;
    producer.outputs[0] = act_op.outputs[0];
    dead[i] = touched[i] = touched[p] = true;
    ++fused;
  }
  if (fused > 0) EraseOperators(g, dead);
  return fused;
}

}  // namespace

int FuseActivations(TflModel& model) {
  int fused = 0;
  for (size_t s = 0; s < model.subgraphs.size(); ++s) fused += FuseInSubgraph(model, static_cast<int>(s));
  return fused;
}

}  // namespace tfconv
