#include "converter/frontend/keras/keras_config.h"

#include <gtest/gtest.h>

namespace tfconv {
namespace {

using json = nlohmann::json;

json Parse(const char* text) { return json::parse(text); }

TEST(KerasConfigTest, Keras2FunctionalWithSharedLayer) {
  // A layer called twice (node 0 and 1), an Add reading both calls.
  json config = Parse(R"({"class_name": "Functional", "config": {"name": "m", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "name": "x"},
     "name": "x", "inbound_nodes": []},
    {"class_name": "Dense", "config": {"name": "d", "units": 4}, "name": "d",
     "inbound_nodes": [[["x", 0, 0, {}]], [["relu", 0, 0, {}]]]},
    {"class_name": "ReLU", "config": {"name": "relu"}, "name": "relu", "inbound_nodes": [[["d", 0, 0, {}]]]},
    {"class_name": "Add", "config": {"name": "add"}, "name": "add",
     "inbound_nodes": [[["d", 0, 0, {}], ["d", 1, 0, {}]]]}],
    "input_layers": [["x", 0, 0]], "output_layers": [["add", 0, 0]]}})");
  absl::StatusOr<KerasModelSpec> m = ParseKerasModel(config);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->name, "m");
  ASSERT_EQ(m->layers.size(), 4u);
  EXPECT_EQ(m->layers[1].calls.size(), 2u);
  EXPECT_EQ(m->layers[1].calls[1].inputs[0].layer, "relu");
  ASSERT_EQ(m->layers[3].calls[0].inputs.size(), 2u);
  EXPECT_EQ(m->layers[3].calls[0].inputs[1].node_index, 1);
  EXPECT_EQ(m->outputs[0].layer, "add");
  absl::StatusOr<KerasInputSpec> in = ReadInputSpec(m->layers[0]);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->batch_shape, (std::vector<int64_t>{-1, 4}));
}

TEST(KerasConfigTest, Keras3FunctionalArgsAndSingleRefs) {
  json config = Parse(R"({"module": "keras", "class_name": "Functional", "config": {"name": "f", "trainable": true,
    "layers": [
      {"module": "keras.layers", "class_name": "InputLayer",
       "config": {"batch_shape": [null, 3], "dtype": "float32", "sparse": false, "name": "input_layer"},
       "registered_name": null, "name": "input_layer", "inbound_nodes": []},
      {"module": "keras.layers", "class_name": "Concatenate", "config": {"name": "concatenate", "axis": -1},
       "registered_name": null, "name": "concatenate",
       "inbound_nodes": [{"args": [[
          {"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32",
                                                         "keras_history": ["input_layer", 0, 0]}},
          {"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32",
                                                         "keras_history": ["input_layer", 0, 0]}}]],
          "kwargs": {}}]}],
    "input_layers": ["input_layer", 0, 0], "output_layers": ["concatenate", 0, 0]}})");
  absl::StatusOr<KerasModelSpec> m = ParseKerasModel(config);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->inputs.size(), 1u);
  EXPECT_EQ(m->inputs[0].layer, "input_layer");
  ASSERT_EQ(m->layers[1].calls.size(), 1u);
  EXPECT_EQ(m->layers[1].calls[0].inputs.size(), 2u);
  EXPECT_EQ(m->layers[1].registered_name, "");
}

TEST(KerasConfigTest, SequentialWithoutInputLayerGetsOne) {
  json config = Parse(R"({"class_name": "Sequential", "config": {"name": "seq", "layers": [
    {"class_name": "Dense", "config": {"name": "dense", "units": 2, "batch_input_shape": [null, 5],
                                        "dtype": "float32"}},
    {"class_name": "Dense", "config": {"name": "dense_1", "units": 1}}]}})");
  absl::StatusOr<KerasModelSpec> m = ParseKerasModel(config);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->layers.size(), 3u);
  EXPECT_EQ(m->layers[0].class_name, "InputLayer");
  EXPECT_EQ(m->layers[0].name, "dense_input");  // what Keras 2 calls it
  EXPECT_EQ(m->layers[2].calls[0].inputs[0].layer, "dense");
  EXPECT_EQ(m->outputs[0].layer, "dense_1");
  absl::StatusOr<KerasInputSpec> in = ReadInputSpec(m->layers[0]);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->batch_shape, (std::vector<int64_t>{-1, 5}));
}

TEST(KerasConfigTest, OldSequentialListAndNestedModel) {
  json config = Parse(R"({"class_name": "Functional", "config": {"name": "outer", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [1, 2], "name": "in"}, "name": "in",
     "inbound_nodes": []},
    {"class_name": "Sequential", "config": [
        {"class_name": "Dense", "config": {"name": "inner", "units": 2, "batch_input_shape": [null, 2]}}],
     "name": "block", "inbound_nodes": [[["in", 0, 0, {}]]]}],
    "input_layers": [["in", 0, 0]], "output_layers": [["block", 0, 0]]}})");
  absl::StatusOr<KerasModelSpec> m = ParseKerasModel(config);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_NE(m->layers[1].nested, nullptr);
  EXPECT_EQ(m->layers[1].nested->layers[1].name, "inner");
  EXPECT_EQ(m->layers[1].calls.size(), 1u);
  // Built on an input shape: its first call is Keras's internal one.
  EXPECT_TRUE(m->layers[1].nested->skip_first_node);
}

TEST(KerasConfigTest, NestedSequentialWithoutInputShapeIsBuiltByItsCall) {
  json config = Parse(R"({"class_name": "Functional", "config": {"name": "outer", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [1, 2], "name": "in"}, "name": "in",
     "inbound_nodes": []},
    {"class_name": "Sequential", "config": {"name": "block", "layers": [
        {"class_name": "Dense", "config": {"name": "inner", "units": 2}}]},
     "name": "block", "inbound_nodes": [[["in", 0, 0, {}]]]}],
    "input_layers": [["in", 0, 0]], "output_layers": [["block", 0, 0]]}})");
  absl::StatusOr<KerasModelSpec> m = ParseKerasModel(config);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_FALSE(m->layers[1].nested->skip_first_node);
}

TEST(KerasConfigTest, SnakeCaseFollowsKeras) {
  EXPECT_EQ(KerasSnakeCase("Conv2D"), "conv2d");
  EXPECT_EQ(KerasSnakeCase("BatchNormalization"), "batch_normalization");
  EXPECT_EQ(KerasSnakeCase("DepthwiseConv2D"), "depthwise_conv2d");
  EXPECT_EQ(KerasSnakeCase("ReLU"), "re_lu");
  EXPECT_EQ(KerasSnakeCase("PReLU"), "p_re_lu");
  EXPECT_EQ(KerasSnakeCase("InputLayer"), "input_layer");
  EXPECT_EQ(KerasSnakeCase("GlobalAveragePooling2D"), "global_average_pooling2d");
  EXPECT_EQ(KerasSnakeCase("Conv2DTranspose"), "conv2d_transpose");
}

TEST(KerasConfigTest, ErrorsNameWhatIsWrong) {
  absl::StatusOr<KerasModelSpec> sub = ParseKerasModel(Parse(R"({"class_name": "MyModel", "config": {}})"));
  ASSERT_FALSE(sub.ok());
  EXPECT_NE(std::string(sub.status().message()).find("--saved_model_dir"), std::string::npos);

  absl::StatusOr<KerasModelSpec> bad_ref = ParseKerasModel(Parse(R"({"class_name": "Functional", "config": {
    "name": "m", "layers": [{"class_name": "Dense", "name": "d", "config": {}, "inbound_nodes": [[["x", "zero", 0]]]}],
    "input_layers": [], "output_layers": []}})"));
  ASSERT_FALSE(bad_ref.ok());
  EXPECT_NE(std::string(bad_ref.status().message()).find("layer 'd' inbound_nodes"), std::string::npos);

  absl::StatusOr<KerasModelSpec> unbuilt = ParseKerasModel(Parse(R"({"class_name": "Sequential", "config": {
    "name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1}}]}})"));
  ASSERT_FALSE(unbuilt.ok());
  EXPECT_NE(std::string(unbuilt.status().message()).find("no input shape"), std::string::npos);

  EXPECT_FALSE(ParseKerasModel(Parse("[1, 2]")).ok());
  EXPECT_FALSE(ParseKerasModel(Parse(R"({"class_name": "Functional", "config": {"layers": 3}})")).ok());
}

}  // namespace
}  // namespace tfconv
