#include "plugins/examples/custom_op/softclip_keras_layer.h"

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ops/op_registry.h"
#include "plugins/examples/custom_op/softclip.h"

namespace example {
namespace {

using tfconv::DataType;
using tfconv::Output;
using tfconv::PartialShape;

// Stands in for the Keras front end: one input of a given type, and a record of the nodes the
// builder adds (the graph itself, without running inference).
class FakeLayerContext : public tfconv::KerasLayerContext {
 public:
  FakeLayerContext(nlohmann::json config, DataType input_type) : config_(std::move(config)), type_(input_type) {
    tfconv::Node* x = graph_.AddNode("x", "Placeholder");
    x->EnsureOutputs(1);
    inputs_.push_back({x, 0});
  }
  const std::string& layer_name() const override { return name_; }
  const std::string& class_name() const override { return class_; }
  const nlohmann::json& config() const override { return config_; }
  int num_inputs() const override { return static_cast<int>(inputs_.size()); }
  Output input(int i) const override { return inputs_[i]; }
  DataType input_type(int) const override { return type_; }
  const PartialShape& input_shape(int) const override { return shape_; }
  bool HasWeight(absl::string_view) const override { return false; }
  absl::StatusOr<tfconv::Tensor> Weight(absl::string_view name) const override {
    return absl::NotFoundError(std::string(name));
  }
  Output Const(absl::string_view suffix, tfconv::Tensor) override {
    return {graph_.AddNode(absl::StrCat(name_, "/", suffix), "Const"), 0};
  }
  absl::StatusOr<Output> AddOp(absl::string_view suffix, absl::string_view op, std::vector<Output> inputs,
                               tfconv::AttrMap attrs) override {
    tfconv::Node* n = graph_.AddNode(absl::StrCat(name_, "/", suffix), std::string(op));
    for (const Output& in : inputs) n->AddInput(in);
    n->attrs = std::move(attrs);
    added.push_back(n);
    return Output{n, 0};
  }
  DataType type_of(Output) const override { return type_; }
  const PartialShape& shape_of(Output) const override { return shape_; }
  void SetOutputs(std::vector<Output> outputs) override { this->outputs = std::move(outputs); }

  void AddSecondInput() { inputs_.push_back(inputs_[0]); }

  std::vector<tfconv::Node*> added;
  std::vector<Output> outputs;

 private:
  std::string name_ = "clip", class_ = "SoftClip";
  nlohmann::json config_;
  DataType type_;
  PartialShape shape_{-1, 2, 3};
  tfconv::Graph graph_;
  std::vector<Output> inputs_;
};

nlohmann::json Config(const char* text) { return nlohmann::json::parse(text, nullptr, false); }

TEST(SoftClipKerasLayer, EmitsOneSoftClipNodeWithCAsAFloat) {
  FakeLayerContext c(Config(R"({"name": "clip", "trainable": true, "dtype": "float32", "c": 2.5})"), DataType::kFloat);
  ASSERT_TRUE(BuildSoftClipLayer(c).ok());
  ASSERT_EQ(c.added.size(), 1u);
  const tfconv::Node& n = *c.added[0];
  EXPECT_EQ(n.op(), "SoftClip");
  EXPECT_EQ(n.name(), "clip/SoftClip");
  ASSERT_EQ(n.inputs.size(), 1u);
  EXPECT_EQ(n.inputs[0], c.input(0));
  const tfconv::AttrValue* attr = n.FindAttr("c");
  ASSERT_NE(attr, nullptr);
  ASSERT_NE(attr->get_if<float>(), nullptr) << attr->DebugString();
  EXPECT_EQ(*attr->get_if<float>(), 2.5f);
  ASSERT_EQ(c.outputs.size(), 1u);
  EXPECT_EQ(c.outputs[0], (Output{c.added[0], 0}));
}

TEST(SoftClipKerasLayer, CDefaultsToOneAsInThePythonLayer) {
  for (const char* config : {R"({"name": "clip"})", R"({"name": "clip", "c": null})"}) {
    FakeLayerContext c(Config(config), DataType::kFloat);
    ASSERT_TRUE(BuildSoftClipLayer(c).ok()) << config;
    ASSERT_EQ(c.added.size(), 1u);
    EXPECT_EQ(*c.added[0]->FindAttr("c")->get_if<float>(), 1.0f) << config;
  }
  FakeLayerContext integer(Config(R"({"c": 3})"), DataType::kFloat);  // Python's c=3
  ASSERT_TRUE(BuildSoftClipLayer(integer).ok());
  EXPECT_EQ(*integer.added[0]->FindAttr("c")->get_if<float>(), 3.0f);
}

TEST(SoftClipKerasLayer, RefusesWhatItCannotConvertNamingTheLayer) {
  struct Case {
    const char* config;
    DataType type;
    std::string message;
  };
  const std::vector<Case> cases = {
      {R"({"c": "big"})", DataType::kFloat, "layer 'clip' (SoftClip): config key 'c' should be a number, not \"big\""},
      {R"({"c": 0})", DataType::kFloat, "layer 'clip' (SoftClip): config key 'c' must be a finite number > 0, got 0"},
      {R"({"c": -1.5})", DataType::kFloat,
       "layer 'clip' (SoftClip): config key 'c' must be a finite number > 0, got -1.5"},
      {R"({"c": 1.0})", DataType::kInt32, "layer 'clip' (SoftClip): takes a float32 input, got int32"},
  };
  for (const Case& k : cases) {
    FakeLayerContext c(Config(k.config), k.type);
    absl::Status s = BuildSoftClipLayer(c);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << k.config;
    EXPECT_EQ(s.message(), k.message);
    EXPECT_TRUE(c.added.empty()) << k.config;
  }
  FakeLayerContext two(Config("{}"), DataType::kFloat);
  two.AddSecondInput();
  EXPECT_EQ(BuildSoftClipLayer(two).message(), "layer 'clip' (SoftClip): takes 1 input, got 2");
}

TEST(SoftClipKerasLayer, RegistersBothClassNamesForThePlugin) {
  tfconv::OpRegistry registry;
  registry.BeginPlugin("example.softclip", /*may_override=*/false);
  RegisterSoftClipKerasLayer(registry);
  ASSERT_TRUE(registry.EndPlugin().ok());
  for (const char* name : {"SoftClip", "MyLayers>SoftClip"}) {
    const tfconv::KerasLayerRegistration* r = registry.FindKerasLayer(name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_EQ(r->plugin_id, "example.softclip");
    EXPECT_TRUE(r->build);
    EXPECT_FALSE(r->variable_names);  // no weights
  }
  EXPECT_EQ(registry.AllKerasLayers().size(), 2u);
}

}  // namespace
}  // namespace example
