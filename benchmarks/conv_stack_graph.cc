#include "benchmarks/conv_stack_graph.h"

#include <cstdint>
#include <string>

namespace tfconv {
namespace {

void SetType(tensorflow::NodeDef* node, const char* attr) {
  (*node->mutable_attr())[attr].set_type(tensorflow::DT_FLOAT);
}

void SetInts(tensorflow::NodeDef* node, const char* attr, std::initializer_list<int64_t> values) {
  auto* list = (*node->mutable_attr())[attr].mutable_list();
  for (int64_t v : values) list->add_i(v);
}

// A Const node holding float32 values from a small linear congruential generator in
// [-scale, scale): deterministic and cheap.
void AddConst(tensorflow::GraphDef& g, const std::string& name, std::initializer_list<int64_t> shape,
              float scale, uint32_t seed) {
  tensorflow::NodeDef* n = g.add_node();
  n->set_name(name);
  n->set_op("Const");
  SetType(n, "dtype");
  tensorflow::TensorProto* t = (*n->mutable_attr())["value"].mutable_tensor();
  t->set_dtype(tensorflow::DT_FLOAT);
  int64_t count = 1;
  for (int64_t d : shape) {
    t->mutable_tensor_shape()->add_dim()->set_size(d);
    count *= d;
  }
  std::string bytes(static_cast<size_t>(count) * sizeof(float), '\0');
  float* values = reinterpret_cast<float*>(bytes.data());
  uint32_t state = seed * 2654435761u + 1;
  for (int64_t i = 0; i < count; ++i) {
    state = state * 1664525u + 1013904223u;
    values[i] = scale * (static_cast<float>(state >> 8) / 8388608.0f - 1.0f);
  }
  t->set_tensor_content(std::move(bytes));
}

}  // namespace

size_t ConvStackWeightBytes(const ConvStackSpec& s) {
  size_t per_layer = static_cast<size_t>(s.kernel) * s.kernel * s.channels * s.channels + s.channels;
  return per_layer * s.layers * sizeof(float);
}

tensorflow::GraphDef MakeConvStackGraph(const ConvStackSpec& s) {
  tensorflow::GraphDef g;
  tensorflow::NodeDef* input = g.add_node();
  input->set_name("input");
  input->set_op("Placeholder");
  SetType(input, "dtype");
  auto* shape = (*input->mutable_attr())["shape"].mutable_shape();
  for (int64_t d : {1, s.height, s.width, s.channels}) shape->add_dim()->set_size(d);

  std::string previous = "input";
  for (int i = 0; i < s.layers; ++i) {
    std::string prefix = "layer" + std::to_string(i);
    AddConst(g, prefix + "/filter", {s.kernel, s.kernel, s.channels, s.channels}, 0.05f, 2 * i + 1);
    AddConst(g, prefix + "/bias", {s.channels}, 0.01f, 2 * i + 2);
    tensorflow::NodeDef* conv = g.add_node();
    conv->set_name(prefix + "/conv");
    conv->set_op("Conv2D");
    conv->add_input(previous);
    conv->add_input(prefix + "/filter");
    SetType(conv, "T");
    SetInts(conv, "strides", {1, 1, 1, 1});
    SetInts(conv, "dilations", {1, 1, 1, 1});
    (*conv->mutable_attr())["padding"].set_s("SAME");
    (*conv->mutable_attr())["data_format"].set_s("NHWC");
    tensorflow::NodeDef* bias = g.add_node();
    bias->set_name(prefix + "/bias_add");
    bias->set_op("BiasAdd");
    bias->add_input(prefix + "/conv");
    bias->add_input(prefix + "/bias");
    SetType(bias, "T");
    tensorflow::NodeDef* relu = g.add_node();
    relu->set_name(prefix + "/relu");
    relu->set_op("Relu");
    relu->add_input(prefix + "/bias_add");
    SetType(relu, "T");
    previous = prefix + "/relu";
  }
  tensorflow::NodeDef* out = g.add_node();
  out->set_name("output");
  out->set_op("Identity");
  out->add_input(previous);
  SetType(out, "T");
  return g;
}

}  // namespace tfconv
