#include "quantization/calibration/representative_dataset.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {
namespace {

namespace fs = std::filesystem;
using tflite::TensorType;

// A model with the given inputs and no operators (the dataset reader only looks at the inputs).
TflModel ModelWithInputs(std::vector<std::pair<std::string, std::vector<int32_t>>> inputs,
                         std::vector<int32_t> shape_signature = {}) {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  for (auto& [name, shape] : inputs) {
    g.inputs.push_back(g.AddTensor({.name = name, .type = TensorType::FLOAT32, .shape = shape}));
  }
  if (!shape_signature.empty()) g.tensors[0].shape_signature = shape_signature;
  g.outputs = g.inputs;
  return m;
}

class DatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    root_ = fs::path(tmp != nullptr ? tmp : "/tmp") /
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  std::string Path(const std::string& relative) { return (root_ / relative).string(); }
  void WriteText(const std::string& relative, const std::string& text) {
    fs::create_directories(fs::path(Path(relative)).parent_path());
    std::ofstream(Path(relative), std::ios::binary) << text;
  }
  template <typename V>
  void WriteNpy(const std::string& relative, TensorType type, std::vector<int32_t> shape, std::vector<V> values) {
    RtTensor t = RtTensor::Make(type, std::move(shape));
    std::memcpy(t.mutable_raw(), values.data(), values.size() * sizeof(V));
    absl::StatusOr<std::string> bytes = SerializeNpy(t);
    ASSERT_TRUE(bytes.ok());
    WriteText(relative, *bytes);
  }
  // The error of reading `relative`, which must fail.
  std::string ErrorOf(const std::string& relative, const TflModel& model) {
    absl::StatusOr<std::vector<std::vector<RtTensor>>> got = ReadRepresentativeDataset(Path(relative), model, 0);
    EXPECT_FALSE(got.ok()) << relative << " was accepted";
    return got.ok() ? "" : std::string(got.status().message());
  }
  fs::path root_;
};

float First(const RtTensor& t) { return t.data<float>()[0]; }

TEST_F(DatasetTest, FolderOfNpyFilesIsOneSamplePerFileInNameOrder) {
  TflModel m = ModelWithInputs({{"x", {1, 2}}});
  WriteNpy<float>("d/b.npy", TensorType::FLOAT32, {1, 2}, {2, 20});
  WriteNpy<float>("d/a.npy", TensorType::FLOAT32, {1, 2}, {1, 10});
  WriteNpy<float>("d/c.npy", TensorType::FLOAT32, {1, 2}, {3, 30});
  WriteText("d/.hidden", "ignored");
  auto got = ReadRepresentativeDataset(Path("d"), m, 0);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 3u);
  EXPECT_EQ(First((*got)[0][0]), 1);
  EXPECT_EQ(First((*got)[1][0]), 2);
  EXPECT_EQ(First((*got)[2][0]), 3);
  EXPECT_EQ((*got)[2][0].data<float>()[1], 30);
  EXPECT_EQ((*got)[0][0].name(), "x");
}

TEST_F(DatasetTest, SampleFoldersByInputNameSignatureNameOrFileSafeName) {
  TflModel m = ModelWithInputs({{"serving_default_a:0", {2}}, {"model/b", {1}}});
  m.signature_defs.push_back({.signature_key = "serving_default", .inputs = {{"alpha", 0}, {"beta", 1}}});
  // Sample 0 by file-safe tensor names; sample 1 by signature names, listed b before a on disk.
  WriteNpy<float>("d/s0/serving_default_a_0.npy", TensorType::FLOAT32, {2}, {1, 2});
  WriteNpy<float>("d/s0/model_b.npy", TensorType::FLOAT32, {1}, {3});
  WriteNpy<float>("d/s1/beta.npy", TensorType::FLOAT32, {1}, {6});
  WriteNpy<float>("d/s1/alpha.npy", TensorType::FLOAT32, {2}, {4, 5});
  auto got = ReadRepresentativeDataset(Path("d"), m, 0);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ(First((*got)[0][0]), 1);
  EXPECT_EQ(First((*got)[0][1]), 3);
  EXPECT_EQ((*got)[1][0].data<float>()[1], 5);
  EXPECT_EQ(First((*got)[1][1]), 6);
}

TEST_F(DatasetTest, JsonListOfSamplesInEveryForm) {
  TflModel m = ModelWithInputs({{"x", {1, 2}}});
  WriteText("d.json", R"([
    [{"name": "x", "shape": [1, 2], "dtype": "float32", "data": [1, 2]}],
    {"x": {"shape": [1, 2], "data": [[3, 4]]}},
    {"shape": [1, 2], "dtype": "float32", "data": [5, "-Infinity"]},
    [{"data": [7, 8]}]
  ])");
  auto got = ReadRepresentativeDataset(Path("d.json"), m, 0);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 4u);
  EXPECT_EQ((*got)[1][0].data<float>()[1], 4);
  EXPECT_EQ(First((*got)[2][0]), 5);
  EXPECT_TRUE(std::isinf((*got)[2][0].data<float>()[1]));
  EXPECT_EQ(First((*got)[3][0]), 7);
}

TEST_F(DatasetTest, JsonListMatchesTwoInputsByName) {
  TflModel m = ModelWithInputs({{"a", {1}}, {"b", {1}}});
  WriteText("d.json", R"([[{"name": "b", "data": [2]}, {"name": "a", "data": [1]}]])");
  auto got = ReadRepresentativeDataset(Path("d.json"), m, 0);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(First((*got)[0][0]), 1);
  EXPECT_EQ(First((*got)[0][1]), 2);
}

TEST_F(DatasetTest, FolderOfJsonFilesIsOneSamplePerFile) {
  TflModel m = ModelWithInputs({{"a", {1}}, {"b", {1}}});
  WriteText("d/0.json", R"({"a": {"data": [1]}, "b": {"data": [2]}})");
  WriteText("d/1.json", R"([{"data": [3]}, {"data": [4]}])");
  auto got = ReadRepresentativeDataset(Path("d"), m, 0);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ(First((*got)[1][1]), 4);
}

TEST_F(DatasetTest, NpyStackWithAndWithoutTheLeadingOne) {
  TflModel m = ModelWithInputs({{"x", {1, 2}}});
  WriteNpy<float>("rows.npy", TensorType::FLOAT32, {3, 2}, {1, 2, 3, 4, 5, 6});
  WriteNpy<float>("stack.npy", TensorType::FLOAT32, {2, 1, 2}, {1, 2, 3, 4});
  auto rows = ReadRepresentativeDataset(Path("rows.npy"), m, 0);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[2][0].shape(), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ((*rows)[2][0].data<float>()[1], 6);
  auto stack = ReadRepresentativeDataset(Path("stack.npy"), m, 0);
  ASSERT_TRUE(stack.ok()) << stack.status();
  ASSERT_EQ(stack->size(), 2u);
  EXPECT_EQ(First((*stack)[1][0]), 3);
}

TEST_F(DatasetTest, DynamicDimensionTakesAnySize) {
  TflModel m = ModelWithInputs({{"x", {1, 2}}}, {-1, 2});
  WriteNpy<float>("d/a.npy", TensorType::FLOAT32, {3, 2}, {1, 2, 3, 4, 5, 6});
  auto got = ReadRepresentativeDataset(Path("d"), m, 0);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ((*got)[0][0].shape(), (std::vector<int32_t>{3, 2}));
}

// ---- errors ----

TEST_F(DatasetTest, EmptyDatasets) {
  TflModel m = ModelWithInputs({{"x", {1, 2}}});
  fs::create_directories(Path("empty"));
  EXPECT_NE(ErrorOf("empty", m).find("representative dataset is empty"), std::string::npos);
  WriteText("empty.json", "[]");
  EXPECT_NE(ErrorOf("empty.json", m).find("representative dataset is empty"), std::string::npos);
  WriteNpy<float>("empty.npy", TensorType::FLOAT32, {0, 1, 2}, {});
  EXPECT_NE(ErrorOf("empty.npy", m).find("representative dataset is empty"), std::string::npos);
  fs::create_directories(Path("d/s0"));
  EXPECT_NE(ErrorOf("d", m).find("sample folder is empty; it should hold x.npy"), std::string::npos);
}

TEST_F(DatasetTest, WrongDtypeNamesSampleInputAndBothTypes) {
  TflModel m = ModelWithInputs({{"x", {1, 2}}});
  WriteNpy<float>("d/a.npy", TensorType::FLOAT32, {1, 2}, {1, 2});
  WriteNpy<double>("d/b.npy", TensorType::FLOAT64, {1, 2}, {1, 2});
  const std::string e = ErrorOf("d", m);
  EXPECT_NE(e.find("sample 1"), std::string::npos) << e;
  EXPECT_NE(e.find("b.npy"), std::string::npos) << e;
  EXPECT_NE(e.find("input 'x'"), std::string::npos) << e;
  EXPECT_NE(e.find("dtype float64 given"), std::string::npos) << e;
  EXPECT_NE(e.find("expects float32 [1,2]"), std::string::npos) << e;
  EXPECT_NE(e.find("astype(np.float32)"), std::string::npos) << e;
  WriteText("d.json", R"([[{"dtype": "int32", "data": [1, 2]}]])");
  const std::string j = ErrorOf("d.json", m);
  EXPECT_NE(j.find("d.json sample 0, input 'x': dtype int32 given"), std::string::npos) << j;
}

TEST_F(DatasetTest, WrongShapeNamesSampleInputAndBothShapes) {
  TflModel m = ModelWithInputs({{"x", {1, 2}}});
  WriteNpy<float>("d/a.npy", TensorType::FLOAT32, {1, 3}, {1, 2, 3});
  const std::string e = ErrorOf("d", m);
  EXPECT_NE(e.find("sample 0"), std::string::npos) << e;
  EXPECT_NE(e.find("input 'x': shape [1,3] given"), std::string::npos) << e;
  EXPECT_NE(e.find("expects float32 [1,2]"), std::string::npos) << e;
  WriteText("d.json", R"([[{"data": [1, 2]}], [{"shape": [2, 1], "data": [1, 2]}]])");
  const std::string j = ErrorOf("d.json", m);
  EXPECT_NE(j.find("sample 1, input 'x': shape [2,1] given"), std::string::npos) << j;
  WriteText("count.json", R"([[{"data": [1, 2, 3]}]])");
  const std::string c = ErrorOf("count.json", m);
  EXPECT_NE(c.find("sample 0, input 'x'"), std::string::npos) << c;
  EXPECT_NE(c.find("3 values"), std::string::npos) << c;
  WriteNpy<float>("bad_stack.npy", TensorType::FLOAT32, {2, 3}, {1, 2, 3, 4, 5, 6});
  const std::string s = ErrorOf("bad_stack.npy", m);
  EXPECT_NE(s.find("shape [2,3] is no stack of samples for input 'x'"), std::string::npos) << s;
  EXPECT_NE(s.find("[-1,1,2] or [-1,2]"), std::string::npos) << s;
}

TEST_F(DatasetTest, MissingAndUnknownInputs) {
  TflModel m = ModelWithInputs({{"a", {1}}, {"b", {1}}});
  WriteNpy<float>("d/s0/a.npy", TensorType::FLOAT32, {1}, {1});
  const std::string e = ErrorOf("d", m);
  EXPECT_NE(e.find("sample 0"), std::string::npos) << e;
  EXPECT_NE(e.find("input 'b': missing"), std::string::npos) << e;
  EXPECT_NE(e.find("add b.npy"), std::string::npos) << e;
  WriteNpy<float>("d/s0/c.npy", TensorType::FLOAT32, {1}, {1});
  const std::string u = ErrorOf("d", m);
  EXPECT_NE(u.find("'c', which is no input of the model; name each file after its input (a.npy, b.npy)"),
            std::string::npos) << u;
  // A one-input model: a misnamed file is not taken by position either.
  TflModel one = ModelWithInputs({{"x", {1}}});
  WriteNpy<float>("e/s0/img.npy", TensorType::FLOAT32, {1}, {1});
  const std::string o = ErrorOf("e", one);
  EXPECT_NE(o.find("'img', which is no input of the model; name each file after its input (x.npy)"),
            std::string::npos) << o;
  WriteText("one.json", R"([[{"data": [1]}]])");
  const std::string j = ErrorOf("one.json", m);
  EXPECT_NE(j.find("input 'b': missing"), std::string::npos) << j;
  WriteText("nodata.json", R"([[{"name": "a", "shape": [1]}, {"name": "b", "data": [1]}]])");
  EXPECT_NE(ErrorOf("nodata.json", m).find("gives no \"data\""), std::string::npos);
}

TEST_F(DatasetTest, LayoutErrors) {
  TflModel two = ModelWithInputs({{"a", {1}}, {"b", {1}}});
  WriteNpy<float>("npy/a.npy", TensorType::FLOAT32, {1}, {1});
  EXPECT_NE(ErrorOf("npy", two).find("the model has 2"), std::string::npos);
  EXPECT_NE(ErrorOf("npy/a.npy", two).find("stack of samples for a model with one input"), std::string::npos);
  TflModel one = ModelWithInputs({{"x", {1}}});
  WriteNpy<float>("mixed/a.npy", TensorType::FLOAT32, {1}, {1});
  fs::create_directories(Path("mixed/s0"));
  EXPECT_NE(ErrorOf("mixed", one).find("mixes"), std::string::npos);
  WriteText("other/readme.txt", "x");
  EXPECT_NE(ErrorOf("other", one).find("unexpected file 'readme.txt'"), std::string::npos);
  EXPECT_NE(ErrorOf("no_such_dir", one).find("does not exist"), std::string::npos);
  WriteText("data.csv", "1,2");
  EXPECT_NE(ErrorOf("data.csv", one).find("a representative dataset is a folder"), std::string::npos);
  WriteText("object.json", R"({"x": {"data": [1]}})");
  EXPECT_NE(ErrorOf("object.json", one).find("holds a list of samples"), std::string::npos);
  WriteText("broken.json", R"([[{"data": [1]}")");
  EXPECT_NE(ErrorOf("broken.json", one).find("not valid JSON"), std::string::npos);
  WriteText("scalar.json", R"([3])");
  EXPECT_NE(ErrorOf("scalar.json", one).find("scalar.json sample 0: expected a sample"), std::string::npos);
  WriteText("badnpy/a.npy", "not an npy file");
  EXPECT_NE(ErrorOf("badnpy", one).find("a.npy"), std::string::npos);
}

}  // namespace
}  // namespace tfconv
