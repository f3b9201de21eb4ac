// The Keras file writers produce the layouts Keras itself writes (tf.keras 2.x save_model to .h5, and
// Keras 3 saving_lib's H5IOStore), checked through H5File.
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_format.h"
#include "converter/frontend/keras/storage/h5_file.h"
#include "converter/frontend/keras/storage/h5_writer.h"
#include "converter/frontend/keras/storage/internal/test_files.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using storage_testing::TempPath;

std::vector<float> Floats(const Tensor& t) { return std::vector<float>(t.data<float>().begin(), t.data<float>().end()); }

TEST(WriteKerasH5, LayoutOfTfKeras2) {
  std::string path = TempPath("keras2.h5");
  Tensor kernel = Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor bias = Tensor::FromVector<float>({3}, {0.5f, -0.5f, 0});
  const std::string config = R"({"class_name": "Sequential", "config": {"name": "s", "layers": []}})";
  ASSERT_TRUE(WriteKerasH5(path, config,
                           {{"input_1", {}}, {"dense", {{"kernel", kernel}, {"bias", bias}}}, {"softmax", {}}},
                           "2.6.0")
                  .ok());
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(*f->StringAttribute("/", "model_config"), config);
  EXPECT_EQ(*f->StringAttribute("/", "keras_version"), "2.6.0");
  EXPECT_EQ(*f->StringAttribute("/", "backend"), "tensorflow");
  EXPECT_EQ(*f->StringAttribute("/model_weights", "keras_version"), "2.6.0");
  EXPECT_EQ(*f->StringAttribute("/model_weights", "backend"), "tensorflow");
  EXPECT_EQ(*f->StringListAttribute("/model_weights", "layer_names"),
            (std::vector<std::string>{"input_1", "dense", "softmax"}));
  EXPECT_EQ(*f->Children("/model_weights"), (std::vector<std::string>{"dense", "input_1", "softmax"}));
  EXPECT_EQ(*f->StringListAttribute("/model_weights/dense", "weight_names"),
            (std::vector<std::string>{"dense/kernel:0", "dense/bias:0"}));
  EXPECT_EQ(*f->StringListAttribute("/model_weights/input_1", "weight_names"), std::vector<std::string>{});
  EXPECT_EQ(*f->Children("/model_weights/input_1"), std::vector<std::string>{});
  absl::StatusOr<Tensor> k = f->ReadDataset("/model_weights/dense/dense/kernel:0");
  ASSERT_TRUE(k.ok()) << k.status();
  EXPECT_EQ(k->shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(Floats(*k), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(Floats(*f->ReadDataset("/model_weights/dense/dense/bias:0")), (std::vector<float>{0.5f, -0.5f, 0}));
}

TEST(WriteKerasH5, NestedWeightNamesAreKeptAsGiven) {
  std::string path = TempPath("nested.h5");
  ASSERT_TRUE(WriteKerasH5(path, "{}",
                           {{"inner_model",
                             {{"dense_1/kernel", Tensor::FromVector<float>({1, 1}, {7})},
                              {"dense_2/kernel", Tensor::FromVector<float>({1, 1}, {8})}}}})
                  .ok());
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(*f->StringListAttribute("/model_weights/inner_model", "weight_names"),
            (std::vector<std::string>{"dense_1/kernel:0", "dense_2/kernel:0"}));
  EXPECT_EQ(Floats(*f->ReadDataset("/model_weights/inner_model/dense_2/kernel:0")), std::vector<float>{8});
}

TEST(WriteKerasH5, LongLayerListsAreSplitLikeKeras) {
  std::string path = TempPath("many_layers.h5");
  std::vector<KerasH5Layer> layers;
  for (int i = 0; i < 3000; ++i) layers.push_back({absl::StrFormat("layer_with_a_long_name_%04d", i), {}});
  ASSERT_TRUE(WriteKerasH5(path, "{}", layers).ok());
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok());
  // 3000 names of 27 bytes = 81000 bytes > 64512: two chunks of 1500.
  EXPECT_FALSE(f->HasAttribute("/model_weights", "layer_names"));
  ASSERT_TRUE(f->HasAttribute("/model_weights", "layer_names0"));
  EXPECT_TRUE(f->HasAttribute("/model_weights", "layer_names1"));
  EXPECT_FALSE(f->HasAttribute("/model_weights", "layer_names2"));
  EXPECT_EQ(f->StringListAttribute("/model_weights", "layer_names0")->size(), 1500u);
  absl::StatusOr<std::vector<std::string>> all = f->ChunkedStringListAttribute("/model_weights", "layer_names");
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 3000u);
  EXPECT_EQ(all->front(), "layer_with_a_long_name_0000");
  EXPECT_EQ((*all)[1500], "layer_with_a_long_name_1500");
  EXPECT_EQ(all->back(), "layer_with_a_long_name_2999");
}

std::vector<KerasV3Vars> V3Entries() {
  return {
      {"", {}, "sequential"},  // the model's own (empty) vars group
      {"layers/conv2d", {Tensor::FromVector<float>({1, 1, 1, 2}, {1, 2}), Tensor::FromVector<float>({2}, {3, 4})}, ""},
      {"layers/conv2d_1", {Tensor::FromVector<float>({1}, {5})}, "conv2d_1"},
      {"layers/functional/layers/dense", {Tensor::FromVector<float>({1, 1}, {6})}, ""},
      {"layers/dense_bf16", {Tensor(DataType::kBFloat16, {1}, ByteBuffer::Copy("\x80\x3f", 2))}, ""},
      {"optimizer", {Tensor::Scalar<int64_t>(100), Tensor::Scalar<float>(0.001f)}, "adam"},
  };
}

void CheckV3Layout(const H5File& f) {
  EXPECT_EQ(*f.Children("/"), (std::vector<std::string>{"layers", "optimizer", "vars"}));
  EXPECT_EQ(*f.Children("/vars"), std::vector<std::string>{});
  EXPECT_EQ(*f.StringAttribute("/vars", "name"), "sequential");
  EXPECT_EQ(*f.Children("/layers"), (std::vector<std::string>{"conv2d", "conv2d_1", "dense_bf16", "functional"}));
  EXPECT_EQ(*f.Children("/layers/conv2d"), std::vector<std::string>{"vars"});
  EXPECT_EQ(*f.Children("/layers/conv2d/vars"), (std::vector<std::string>{"0", "1"}));
  EXPECT_FALSE(f.HasAttribute("/layers/conv2d/vars", "name"));
  EXPECT_EQ(*f.StringAttribute("/layers/conv2d_1/vars", "name"), "conv2d_1");
  EXPECT_EQ(Floats(*f.ReadDataset("/layers/conv2d/vars/0")), (std::vector<float>{1, 2}));
  EXPECT_EQ(f.ReadDataset("/layers/conv2d/vars/0")->shape(), (std::vector<int64_t>{1, 1, 1, 2}));
  EXPECT_EQ(Floats(*f.ReadDataset("/layers/conv2d/vars/1")), (std::vector<float>{3, 4}));
  EXPECT_EQ(Floats(*f.ReadDataset("/layers/functional/layers/dense/vars/0")), std::vector<float>{6});
  absl::StatusOr<Tensor> bf16 = f.ReadDataset("/layers/dense_bf16/vars/0");
  ASSERT_TRUE(bf16.ok()) << bf16.status();
  EXPECT_EQ(bf16->dtype(), DataType::kBFloat16);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bf16->bytes().data()), 2), "\x80\x3f");
  EXPECT_EQ(f.ReadDataset("/optimizer/vars/0")->data<int64_t>()[0], 100);
  EXPECT_EQ(f.ReadDataset("/optimizer/vars/1")->rank(), 0);
}

TEST(WriteKerasV3Weights, LayoutOfKeras3SavingLib) {
  std::string path = TempPath("model.weights.h5");
  ASSERT_TRUE(WriteKerasV3Weights(path, V3Entries()).ok());
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok()) << f.status();
  CheckV3Layout(*f);
  // Keras 3 writes no root attributes.
  EXPECT_FALSE(f->HasAttribute("/", "keras_version"));
}

TEST(WriteKerasV3Weights, InMemoryImageMatches) {
  absl::StatusOr<std::string> image = KerasV3WeightsImage(V3Entries());
  ASSERT_TRUE(image.ok()) << image.status();
  EXPECT_EQ(image->substr(0, 8), std::string("\211HDF\r\n\032\n", 8));
  absl::StatusOr<H5File> f = H5File::OpenImage(*image, "model.weights.h5");
  ASSERT_TRUE(f.ok()) << f.status();
  CheckV3Layout(*f);
}

TEST(H5Writer, RefusesWhatHdf5CannotHold) {
  absl::StatusOr<H5Writer> w = H5Writer::CreateInMemory();
  ASSERT_TRUE(w.ok());
  absl::Status strings = w->WriteDataset("s", Tensor(std::vector<int64_t>{1}, std::vector<std::string>{"text"}));
  EXPECT_FALSE(strings.ok());
  EXPECT_FALSE(w->SetStringAttribute("/missing", "a", "b").ok());
  H5DatasetOptions chunked;
  chunked.chunked = true;
  EXPECT_FALSE(w->WriteDataset("scalar", Tensor::Scalar<float>(1), chunked).ok());
  EXPECT_TRUE(w->Close().ok());
  EXPECT_EQ(w->CreateGroup("/late").code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace tfconv
