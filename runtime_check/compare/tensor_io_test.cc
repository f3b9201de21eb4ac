#include "runtime_check/compare/tensor_io.h"

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

template <typename T>
std::vector<T> Values(const Tensor& t) {
  return std::vector<T>(t.data<T>().begin(), t.data<T>().end());
}

std::string TempFile(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

TEST(DefaultPatternTest, MatchesTheValidators) {
  absl::StatusOr<Tensor> f = DefaultPatternTensor(DataType::kFloat, {18});
  ASSERT_TRUE(f.ok());
  // 0.1*(i%17) - 0.5: -0.5, -0.4, ..., i=5 -> 0, i=16 -> 1.1, i=17 -> -0.5 again.
  EXPECT_EQ(f->data<float>()[0], -0.5f);
  EXPECT_EQ(f->data<float>()[1], static_cast<float>(0.1 - 0.5));
  EXPECT_EQ(f->data<float>()[5], 0.0f);
  EXPECT_EQ(f->data<float>()[16], static_cast<float>(0.1 * 16 - 0.5));
  EXPECT_EQ(f->data<float>()[17], -0.5f);

  // (i%7) - 3 wrapped: uint8 253 254 255 0 1 2 3 253; int32 -3 ... 3.
  EXPECT_EQ(Values<uint8_t>(*DefaultPatternTensor(DataType::kUInt8, {8})),
            (std::vector<uint8_t>{253, 254, 255, 0, 1, 2, 3, 253}));
  EXPECT_EQ(Values<int32_t>(*DefaultPatternTensor(DataType::kInt32, {2, 4})),
            (std::vector<int32_t>{-3, -2, -1, 0, 1, 2, 3, -3}));
  EXPECT_EQ(Values<uint8_t>(*DefaultPatternTensor(DataType::kBool, {8})),
            (std::vector<uint8_t>{1, 1, 1, 0, 1, 1, 1, 1}));
  EXPECT_EQ(DefaultPatternTensor(DataType::kFloat, {}).value().NumElements(), 1);
  EXPECT_FALSE(DefaultPatternTensor(DataType::kFloat, {-1, 2}).ok());
  EXPECT_FALSE(DefaultPatternTensor(DataType::kString, {1}).ok());
}

TEST(TensorsFromJsonTest, ListAndObjectForms) {
  json list = json::parse(R"([
    {"name": "x", "shape": [2, 2], "dtype": "float32", "data": [[1.5, "NaN"], ["-Infinity", 2]]},
    {"name": "k", "shape": [3], "dtype": "int64", "data": [-1, 0, 4294967296]},
    {"name": "b", "shape": [2], "dtype": "bool", "data": [true, 0]},
    {"name": "d", "shape": [2], "dtype": "uint8"},
    {"shape": [1], "data": [3.0]}
  ])");
  absl::StatusOr<std::vector<NamedTensor>> t = TensorsFromJson(list);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->size(), 5u);
  const Tensor& x = (*t)[0].tensor;
  EXPECT_EQ((*t)[0].name, "x");
  EXPECT_EQ(x.shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(x.data<float>()[0], 1.5f);
  EXPECT_TRUE(std::isnan(x.data<float>()[1]));
  EXPECT_EQ(x.data<float>()[2], -INFINITY);
  EXPECT_EQ(Values<int64_t>((*t)[1].tensor), (std::vector<int64_t>{-1, 0, int64_t{1} << 32}));
  EXPECT_EQ(Values<uint8_t>((*t)[2].tensor), (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(Values<uint8_t>((*t)[3].tensor), (std::vector<uint8_t>{253, 254}));  // default pattern
  EXPECT_EQ((*t)[4].name, "");
  EXPECT_EQ((*t)[4].tensor.dtype(), DataType::kFloat);

  absl::StatusOr<std::vector<NamedTensor>> o =
      TensorsFromJson(json::parse(R"({"a": {"shape": [], "dtype": "int32", "data": [7]}})"));
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ((*o)[0].name, "a");
  EXPECT_EQ((*o)[0].tensor.rank(), 0);
  EXPECT_EQ((*o)[0].tensor.data<int32_t>()[0], 7);
}

TEST(TensorsFromJsonTest, Errors) {
  auto error = [](const char* text) {
    absl::StatusOr<std::vector<NamedTensor>> t = TensorsFromJson(json::parse(text));
    return t.ok() ? std::string("ok") : std::string(t.status().message());
  };
  EXPECT_EQ(error(R"([{"name": "x", "shape": [3], "data": [1, 2]}])"),
            "tensor 'x': data holds 2 values, the shape needs 3");
  EXPECT_EQ(error(R"([{"name": "x", "shape": [1], "dtype": "int8", "data": [200]}])"),
            "tensor 'x': not a value of the integer type: 200");
  EXPECT_EQ(error(R"([{"name": "x", "shape": [1], "dtype": "int32", "data": [1.5]}])"),
            "tensor 'x': not a value of the integer type: 1.5");
  EXPECT_EQ(error(R"([{"name": "x", "shape": [1], "dtype": "float8"}])"), "tensor 'x': unknown dtype 'float8'");
  EXPECT_EQ(error(R"([{"name": "x", "shape": [-1]}])"),
            "tensor 'x': shape [-1] must hold non-negative integers");
  EXPECT_EQ(error(R"([{"name": "x", "shape": [1], "data": ["one"]}])"), "tensor 'x': not a number: \"one\"");
  EXPECT_EQ(error("3"), "expected a list [{name, shape, dtype, data}] or an object {name: {...}}");
}

TEST(TensorFilesTest, WriteThenRead) {
  std::vector<NamedTensor> tensors = {
      {"f", Tensor::FromVector<float>({3}, {0.1f, NAN, -INFINITY})},
      {"i", Tensor::FromVector<int16_t>({2, 1}, {-7, 300})},
      {"b", Tensor::FromVector<bool>({1}, {true})},
  };
  const std::string path = TempFile("tensors.json");
  ASSERT_TRUE(WriteTensorsFile(tensors, path).ok());
  std::ifstream in(path);
  json written = json::parse(in);
  EXPECT_EQ(written[0]["dtype"], "float32");
  EXPECT_EQ(written[0]["data"][1], "NaN");
  EXPECT_EQ(written[0]["data"][2], "-Infinity");
  EXPECT_EQ(written[1]["shape"], json::parse("[2, 1]"));
  EXPECT_EQ(written[2]["data"][0], true);

  absl::StatusOr<std::vector<NamedTensor>> back = ReadTensorsFile(path);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ((*back)[0].tensor.data<float>()[0], 0.1f);  // float32 survives the trip through double
  EXPECT_TRUE(std::isnan((*back)[0].tensor.data<float>()[1]));
  EXPECT_EQ(Values<int16_t>((*back)[1].tensor), (std::vector<int16_t>{-7, 300}));
  EXPECT_EQ((*back)[2].tensor.dtype(), DataType::kBool);

  EXPECT_EQ(ReadTensorsFile(TempFile("missing.json")).status().code(), absl::StatusCode::kNotFound);
  std::ofstream(TempFile("bad.json")) << "[{";
  EXPECT_FALSE(ReadTensorsFile(TempFile("bad.json")).ok());
}

TEST(HalfToFloatTest, KnownBitPatterns) {
  EXPECT_EQ(HalfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(HalfToFloat(0xc000), -2.0f);
  EXPECT_EQ(HalfToFloat(0x3555), 0.333251953125f);
  EXPECT_EQ(HalfToFloat(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_EQ(HalfToFloat(0x7bff), 65504.0f);               // largest finite
  EXPECT_EQ(HalfToFloat(0x7c00), INFINITY);
  EXPECT_TRUE(std::isnan(HalfToFloat(0x7e00)));
}

}  // namespace
}  // namespace tfconv
