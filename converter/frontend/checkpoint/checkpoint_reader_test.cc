// The reader on every real checkpoint under ../shared/testdata/real. Expected values come from
// the models' documentation (tf_serving/NOTES.md, tfjs/NOTES.md), from the frozen GraphDef of the
// same tf2onnx model, and from the DS-CNN architecture of MLPerf Tiny's keyword spotting model.
#include "converter/frontend/checkpoint/checkpoint_reader.h"

#include <set>
#include <string>
#include <vector>

#include "converter/frontend/shared_testdata.h"
#include "converter/proto/trackable_object_graph.pb.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using Shape = std::vector<int64_t>;

std::unique_ptr<CheckpointReader> OpenOrFail(const std::string& prefix) {
  absl::StatusOr<std::unique_ptr<CheckpointReader>> r = CheckpointReader::Open(prefix);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? std::move(*r) : nullptr;
}

template <typename T>
T Scalar(const CheckpointReader& r, const std::string& key, DataType dtype) {
  absl::StatusOr<Tensor> t = r.Read(key);
  EXPECT_TRUE(t.ok()) << t.status();
  if (!t.ok()) return T();
  EXPECT_EQ(t->dtype(), dtype) << key;
  EXPECT_EQ(t->shape(), Shape{}) << key;
  EXPECT_TRUE(t->IsValid()) << key;
  return t->data<T>()[0];
}

TEST(CheckpointReaderReal, HalfPlusTwoTf1) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  auto r = OpenOrFail(
      shared + "/testdata/real/tf_serving/saved_model_half_plus_two_cpu/variables/variables");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->Keys(), (std::vector<std::string>{"a", "a2", "b", "c", "c2"}));
  EXPECT_EQ(r->num_shards(), 1);
  EXPECT_TRUE(r->Has("a"));
  EXPECT_FALSE(r->Has("d"));
  EXPECT_FALSE(r->Has(""));  // the header is not a tensor
  // NOTES.md: a=0.5, b=2.0, c=3.0 (a2=0.5, c2=3.0).
  EXPECT_EQ(Scalar<float>(*r, "a", DataType::kFloat), 0.5f);
  EXPECT_EQ(Scalar<float>(*r, "a2", DataType::kFloat), 0.5f);
  EXPECT_EQ(Scalar<float>(*r, "b", DataType::kFloat), 2.0f);
  EXPECT_EQ(Scalar<float>(*r, "c", DataType::kFloat), 3.0f);
  EXPECT_EQ(Scalar<float>(*r, "c2", DataType::kFloat), 3.0f);
  auto d = r->Describe("b");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->first, DataType::kFloat);
  EXPECT_EQ(d->second, Shape{});
  absl::StatusOr<Tensor> missing = r->Read("d");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("'d'"), std::string::npos);
}

TEST(CheckpointReaderReal, HalfPlusThreeAndCounter) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  auto r = OpenOrFail(shared +
                      "/testdata/real/tf_serving/saved_model_half_plus_three/variables/variables");
  ASSERT_NE(r, nullptr);
  // y = a*x + b with a = 0.5, b = 3 (NOTES.md: y = 0.5x + 3).
  EXPECT_EQ(Scalar<float>(*r, "a", DataType::kFloat), 0.5f);
  EXPECT_EQ(Scalar<float>(*r, "b", DataType::kFloat), 3.0f);
  auto counter =
      OpenOrFail(shared + "/testdata/real/tf_serving/saved_model_counter/variables/variables");
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(counter->Keys(), std::vector<std::string>{"counter"});
  auto d = counter->Describe("counter");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->first, DataType::kFloat);
}

// TF2: variables are keyed by object path, and the string scalar _CHECKPOINTABLE_OBJECT_GRAPH
// holds a TrackableObjectGraph whose attributes name exactly the other keys.
TEST(CheckpointReaderReal, HalfPlusTwoTf2ObjectGraph) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  auto r = OpenOrFail(
      shared + "/testdata/real/tf_serving/saved_model_half_plus_two_tf2_cpu/variables/variables");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(Scalar<float>(*r, "a/.ATTRIBUTES/VARIABLE_VALUE", DataType::kFloat), 0.5f);
  EXPECT_EQ(Scalar<float>(*r, "b/.ATTRIBUTES/VARIABLE_VALUE", DataType::kFloat), 2.0f);
  EXPECT_EQ(Scalar<float>(*r, "c/.ATTRIBUTES/VARIABLE_VALUE", DataType::kFloat), 3.0f);

  absl::StatusOr<Tensor> graph = r->Read("_CHECKPOINTABLE_OBJECT_GRAPH");
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(graph->dtype(), DataType::kString);
  EXPECT_EQ(graph->shape(), Shape{});
  ASSERT_EQ(graph->strings().size(), 1u);
  tensorflow::TrackableObjectGraph objects;
  ASSERT_TRUE(objects.ParseFromString(graph->strings()[0]));
  std::set<std::string> named_by_graph;
  for (const auto& node : objects.nodes()) {
    for (const auto& attr : node.attributes()) named_by_graph.insert(attr.checkpoint_key());
  }
  std::set<std::string> keys;
  for (const std::string& k : r->Keys()) {
    if (k != "_CHECKPOINTABLE_OBJECT_GRAPH") keys.insert(k);
  }
  EXPECT_EQ(named_by_graph, keys);
  // The root's children reach the variables a, b, c by local name.
  std::set<std::string> root_children;
  for (const auto& child : objects.nodes(0).children()) root_children.insert(child.local_name());
  EXPECT_TRUE(root_children.count("a") && root_children.count("b") && root_children.count("c"));
}

// tf2onnx's linear regression: the frozen GraphDef of the same model has W = 0.21396178 and
// b = 1.04952538 as constants. Both the SavedModel and the plain checkpoint hold them.
TEST(CheckpointReaderReal, Tf2onnxRegression) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  for (const char* prefix : {"/testdata/real/tf2onnx/regression/saved_model/variables/variables",
                             "/testdata/real/tf2onnx/regression/checkpoint/model"}) {
    auto r = OpenOrFail(shared + prefix);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->Keys(), (std::vector<std::string>{"W", "b"}));
    EXPECT_FLOAT_EQ(Scalar<float>(*r, "W", DataType::kFloat), 0.21396178f);
    EXPECT_FLOAT_EQ(Scalar<float>(*r, "b", DataType::kFloat), 1.04952538f);
  }
}

// tfjs-node's saved_model_test.ts expectations: times_three_float x*3, times_two_int x*2,
// uint8_multiply / int64_multiply x*v1*v2 = x*6, module_with_multiple_signatures v=3 and two=2.
TEST(CheckpointReaderReal, TfjsModelsDtypes) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string root = shared + "/testdata/real/tfjs/saved_model/";
  const std::string v = "v/.ATTRIBUTES/VARIABLE_VALUE";
  auto f = OpenOrFail(root + "times_three_float/variables/variables");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(Scalar<float>(*f, v, DataType::kFloat), 3.0f);
  auto i = OpenOrFail(root + "times_two_int/variables/variables");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(Scalar<int32_t>(*i, v, DataType::kInt32), 2);
  auto i64 = OpenOrFail(root + "int64_multiply/variables/variables");
  ASSERT_NE(i64, nullptr);
  EXPECT_EQ(Scalar<int64_t>(*i64, "v1/.ATTRIBUTES/VARIABLE_VALUE", DataType::kInt64) *
                Scalar<int64_t>(*i64, "v2/.ATTRIBUTES/VARIABLE_VALUE", DataType::kInt64),
            6);
  auto u8 = OpenOrFail(root + "uint8_multiply/variables/variables");
  ASSERT_NE(u8, nullptr);
  EXPECT_EQ(Scalar<int32_t>(*u8, "v1/.ATTRIBUTES/VARIABLE_VALUE", DataType::kInt32) *
                Scalar<int32_t>(*u8, "v2/.ATTRIBUTES/VARIABLE_VALUE", DataType::kInt32),
            6);
  auto multi = OpenOrFail(root + "module_with_multiple_signatures/variables/variables");
  ASSERT_NE(multi, nullptr);
  EXPECT_EQ(Scalar<float>(*multi, v, DataType::kFloat), 3.0f);
  EXPECT_EQ(Scalar<float>(*multi, "two/.ATTRIBUTES/VARIABLE_VALUE", DataType::kFloat), 2.0f);
  for (const char* name : {"model_multi_output", "model_single_input_multi_output"}) {
    auto m = OpenOrFail(root + name + "/variables/variables");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(Scalar<int32_t>(*m, "two/.ATTRIBUTES/VARIABLE_VALUE", DataType::kInt32), 2) << name;
  }
}

// MLPerf Tiny KWS DS-CNN (input [1,49,10,1], 64 filters): Conv2D 10x4 → BN, then four blocks of
// DepthwiseConv2D 3x3 → BN → Conv2D 1x1 → BN, then Dense(12). Keras numbers the layers that
// have weights 0..18; Adam keeps m and v slots of every trainable weight.
TEST(CheckpointReaderReal, KeywordSpottingDsCnnShapes) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  auto r = OpenOrFail(
      shared + "/testdata/real/mlperf_tiny/keyword_spotting/kws_ref_model/variables/variables");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->Keys().size(), 142u);  // 143 table entries minus the header
  auto layer = [](int i, const std::string& w) {
    return "layer_with_weights-" + std::to_string(i) + "/" + w + "/.ATTRIBUTES/VARIABLE_VALUE";
  };
  std::vector<std::pair<std::string, Shape>> expected = {{layer(0, "kernel"), {10, 4, 1, 64}},
                                                         {layer(0, "bias"), {64}},
                                                         {layer(18, "kernel"), {64, 12}},
                                                         {layer(18, "bias"), {12}}};
  for (int block = 0; block < 4; ++block) {
    const int dw = 2 + 4 * block, pw = dw + 2;
    expected.push_back({layer(dw, "depthwise_kernel"), {3, 3, 64, 1}});
    expected.push_back({layer(dw, "bias"), {64}});
    expected.push_back({layer(pw, "kernel"), {1, 1, 64, 64}});
    expected.push_back({layer(pw, "bias"), {64}});
  }
  for (int bn : {1, 3, 5, 7, 9, 11, 13, 15, 17}) {
    for (const char* w : {"gamma", "beta", "moving_mean", "moving_variance"}) {
      expected.push_back({layer(bn, w), {64}});
    }
  }
  int64_t trainable = 0;
  for (const auto& [key, shape] : expected) {
    auto d = r->Describe(key);
    ASSERT_TRUE(d.ok()) << d.status();
    EXPECT_EQ(d->first, DataType::kFloat) << key;
    EXPECT_EQ(d->second, shape) << key;
    absl::StatusOr<Tensor> t = r->Read(key);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_TRUE(t->IsValid());
    int64_t n = t->NumElements();
    if (key.find("moving_") == std::string::npos) trainable += n;
    // Adam slots mirror the variable's shape.
    if (key.find("moving_") == std::string::npos) {
      const std::string base = key.substr(0, key.find("/.ATTRIBUTES"));
      for (const char* slot : {"m", "v"}) {
        auto s = r->Describe(base + "/.OPTIMIZER_SLOT/optimizer/" + slot +
                             "/.ATTRIBUTES/VARIABLE_VALUE");
        ASSERT_TRUE(s.ok()) << s.status();
        EXPECT_EQ(s->second, shape);
      }
    }
  }
  // Conv 10*4*64+64, four blocks of depthwise 3*3*64+64 and pointwise 64*64+64, dense 64*12+12,
  // nine BNs of 64 gamma + 64 beta: 23,756, the parameter count NXP's eIQ model zoo documents for
  // this model (tasks/audio/command-recognition/keyword-spotting_DSCNN).
  EXPECT_EQ(trainable, 23756);
  // Batch-norm variances are positive; iteration counter is an int64 scalar.
  absl::StatusOr<Tensor> var = r->Read(layer(1, "moving_variance"));
  ASSERT_TRUE(var.ok());
  for (float x : var->data<float>()) EXPECT_GT(x, 0.0f);
  auto iter = r->Describe("optimizer/iter/.ATTRIBUTES/VARIABLE_VALUE");
  ASSERT_TRUE(iter.ok()) << iter.status();
  EXPECT_EQ(iter->first, DataType::kInt64);
  EXPECT_EQ(iter->second, Shape{});
  // The object graph of a Keras model parses too and names every other key.
  absl::StatusOr<Tensor> graph = r->Read("_CHECKPOINTABLE_OBJECT_GRAPH");
  ASSERT_TRUE(graph.ok()) << graph.status();
  tensorflow::TrackableObjectGraph objects;
  ASSERT_TRUE(objects.ParseFromString(graph->strings()[0]));
  std::set<std::string> named;
  for (const auto& node : objects.nodes()) {
    for (const auto& attr : node.attributes()) named.insert(attr.checkpoint_key());
  }
  EXPECT_EQ(named.size(), r->Keys().size() - 1);
}

// Numeric tensors view the mapped shard; they outlive the reader, and writing into one (the
// copy-on-write mapping) neither faults nor changes the file.
TEST(CheckpointReaderReal, TensorsOutliveTheReaderAndWritesStayPrivate) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string prefix =
      shared + "/testdata/real/mlperf_tiny/keyword_spotting/kws_ref_model/variables/variables";
  Tensor kernel;
  {
    auto r = OpenOrFail(prefix);
    ASSERT_NE(r, nullptr);
    absl::StatusOr<Tensor> t = r->Read("layer_with_weights-18/kernel/.ATTRIBUTES/VARIABLE_VALUE");
    ASSERT_TRUE(t.ok()) << t.status();
    kernel = *t;
  }
  {
    // Zero-copy: two reads of one key view the same mapped bytes.
    auto r = OpenOrFail(prefix);
    ASSERT_NE(r, nullptr);
    absl::StatusOr<Tensor> t1 = r->Read("layer_with_weights-18/bias/.ATTRIBUTES/VARIABLE_VALUE");
    absl::StatusOr<Tensor> t2 = r->Read("layer_with_weights-18/bias/.ATTRIBUTES/VARIABLE_VALUE");
    ASSERT_TRUE(t1.ok() && t2.ok());
    EXPECT_EQ(t1->bytes().data(), t2->bytes().data());
  }
  const float first = kernel.data<float>()[0];
  kernel.mutable_data<float>()[0] = first + 1.0f;
  EXPECT_EQ(kernel.data<float>()[0], first + 1.0f);
  auto again = OpenOrFail(prefix);
  ASSERT_NE(again, nullptr);
  absl::StatusOr<Tensor> fresh =
      again->Read("layer_with_weights-18/kernel/.ATTRIBUTES/VARIABLE_VALUE");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->data<float>()[0], first);
}

}  // namespace
}  // namespace tfconv
