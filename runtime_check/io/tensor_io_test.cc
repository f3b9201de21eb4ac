#include "runtime_check/io/tensor_io.h"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

uint32_t Bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

TEST(DtypeNames, AreThoseLiteRtJsWrites) {
  EXPECT_EQ(DtypeName(T::FLOAT32), "float32");
  EXPECT_EQ(DtypeName(T::INT8), "int8");
  EXPECT_EQ(DtypeName(T::UINT8), "uint8");
  EXPECT_EQ(DtypeName(T::INT16), "int16");
  EXPECT_EQ(DtypeName(T::INT32), "int32");
  EXPECT_EQ(DtypeName(T::INT64), "int64");
  EXPECT_EQ(DtypeName(T::BOOL), "bool");
  EXPECT_EQ(DtypeName(T::FLOAT64), "float64");
  for (T t : {T::FLOAT32, T::FLOAT16, T::UINT32, T::STRING, T::COMPLEX64}) {
    ASSERT_TRUE(TypeOfDtypeName(DtypeName(t)).ok());
    EXPECT_EQ(*TypeOfDtypeName(DtypeName(t)), t);
  }
  absl::StatusOr<T> bad = TypeOfDtypeName("float");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("unknown dtype 'float'"), std::string::npos);
}

TEST(DefaultPattern, FloatBitsMatchLiteRtJs) {
  // Float32Array.from({length: 17}, (_, k) => 0.1*k - 0.5) in Node, as bits.
  const uint32_t expected[17] = {0xbf000000, 0xbecccccd, 0xbe99999a, 0xbe4ccccd, 0xbdcccccd, 0x0,
                                 0x3dcccccd, 0x3e4ccccd, 0x3e99999a, 0x3ecccccd, 0x3f000000, 0x3f19999a,
                                 0x3f333333, 0x3f4ccccd, 0x3f666666, 0x3f800000, 0x3f8ccccd};
  absl::StatusOr<RtTensor> t = DefaultPatternTensor(T::FLOAT32, {2, -1, 20});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->shape(), (std::vector<int32_t>{2, 1, 20}));
  for (int i = 0; i < 40; ++i) EXPECT_EQ(Bits(t->data<float>()[i]), expected[i % 17]) << i;
}

TEST(DefaultPattern, Float64KeepsTheDouble) {
  absl::StatusOr<RtTensor> t = DefaultPatternTensor(T::FLOAT64, {17});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->data<double>()[3], -0.19999999999999996);
  EXPECT_EQ(t->data<double>()[6], 0.10000000000000009);
}

TEST(DefaultPattern, IntegersWrapAndBools) {
  absl::StatusOr<RtTensor> u8 = DefaultPatternTensor(T::UINT8, {8});
  ASSERT_TRUE(u8.ok());
  const uint8_t want_u8[8] = {253, 254, 255, 0, 1, 2, 3, 253};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(u8->data<uint8_t>()[i], want_u8[i]);
  absl::StatusOr<RtTensor> i64 = DefaultPatternTensor(T::INT64, {8});
  ASSERT_TRUE(i64.ok());
  for (int i = 0; i < 8; ++i) EXPECT_EQ(i64->data<int64_t>()[i], (i % 7) - 3);
  absl::StatusOr<RtTensor> u32 = DefaultPatternTensor(T::UINT32, {1});
  EXPECT_EQ(u32->data<uint32_t>()[0], 4294967293u);
  absl::StatusOr<RtTensor> b = DefaultPatternTensor(T::BOOL, {8});
  const uint8_t want_b[8] = {1, 1, 1, 0, 1, 1, 1, 1};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(b->data<uint8_t>()[i], want_b[i]);
  absl::StatusOr<RtTensor> i32 = DefaultPatternTensor(T::INT32, {2, 4});
  ASSERT_TRUE(i32.ok());
  for (int i = 0; i < 8; ++i) EXPECT_EQ(i32->data<int32_t>()[i], i == 7 ? -3 : i - 3);
  EXPECT_EQ(DefaultPatternTensor(T::FLOAT32, {})->num_elements(), 1);
  EXPECT_EQ(DefaultPatternTensor(T::STRING, {1}).status().code(), absl::StatusCode::kUnimplemented);
}

TEST(Json, ParsesListAndMapForms) {
  absl::StatusOr<std::vector<TensorSource>> list = ParseTensorsJson(
      R"([{"name": "x", "shape": [2, 2], "dtype": "float32", "data": [[1.5, "NaN"], ["-Infinity", 2]]},
          {"name": "n", "dtype": "int64", "data": [9007199254740993, -1]},
          {"name": "s", "shape": [2]}])",
      "in.json");
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 3u);
  const TensorSource& x = (*list)[0];
  EXPECT_EQ(x.name, "x");
  EXPECT_EQ(*x.shape, (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(*x.type, T::FLOAT32);
  ASSERT_EQ(x.numbers->size(), 4u);
  EXPECT_TRUE(std::isnan((*x.numbers)[1].value));
  EXPECT_EQ((*x.numbers)[2].value, -INFINITY);
  absl::StatusOr<RtTensor> n = TensorFromSource((*list)[1], T::INT64, {2});
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->data<int64_t>()[0], 9007199254740993);  // exact beyond 2^53
  EXPECT_FALSE((*list)[2].numbers.has_value());

  absl::StatusOr<std::vector<TensorSource>> map =
      ParseTensorsJson(R"({"a": {"shape": [3], "data": [true, false, 1]}})", "m.json");
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ((*map)[0].name, "a");
  absl::StatusOr<RtTensor> b = TensorFromSource((*map)[0], T::BOOL, {3});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->data<uint8_t>()[0], 1);
  EXPECT_EQ(b->data<uint8_t>()[1], 0);
}

TEST(Json, RefusesValuesTheTypeCannotHold) {
  auto one = [](const std::string& text, T type, std::vector<int32_t> shape) {
    absl::StatusOr<std::vector<TensorSource>> s = ParseTensorsJson(text, "in.json");
    if (!s.ok()) return s.status();
    return TensorFromSource((*s)[0], type, shape).status();
  };
  absl::Status s = one(R"([{"data": [300]}])", T::UINT8, {1});
  EXPECT_NE(s.message().find("value 0 (300) is out of range for uint8"), std::string::npos) << s;
  s = one(R"([{"data": [1.5]}])", T::INT32, {1});
  EXPECT_NE(s.message().find("is not an integer"), std::string::npos) << s;
  s = one(R"([{"data": [1, 2, 3]}])", T::FLOAT32, {2});
  EXPECT_NE(s.message().find("3 values for shape [2]"), std::string::npos) << s;
  s = one(R"([{"dtype": "int8", "data": [1]}])", T::UINT8, {1});
  EXPECT_NE(s.message().find("dtype int8, but the tensor is uint8"), std::string::npos) << s;
  s = one(R"([{"data": [2]}])", T::BOOL, {1});
  EXPECT_NE(s.message().find("not a bool"), std::string::npos) << s;
  s = one(R"([{"data": [1, "x"]}])", T::FLOAT32, {2});
  EXPECT_NE(s.message().find("mixes numbers and the string"), std::string::npos) << s;
  s = one(R"([{"data": [1, 2)", T::FLOAT32, {2});
  EXPECT_NE(s.message().find("in.json: not valid JSON"), std::string::npos) << s;
  s = one(R"([{"shape": [2, -3]}])", T::FLOAT32, {2});
  EXPECT_NE(s.message().find("not a dimension"), std::string::npos) << s;
}

TEST(Json, TensorsAsGivenTakeTheFilesTypeAndShape) {
  absl::StatusOr<std::vector<TensorSource>> list = ParseTensorsJson(
      R"([{"name": "k", "shape": [3], "dtype": "int64", "data": [-1, 0, 4294967296]},
          {"name": "b", "shape": [2], "dtype": "bool", "data": [true, 0]},
          {"name": "d", "shape": [2], "dtype": "uint8"},
          {"name": "w", "shape": [2], "dtype": "int32", "data": [3.0, -2]},
          {"shape": [1], "data": [3.5]}])",
      "in.json");
  ASSERT_TRUE(list.ok()) << list.status();
  absl::StatusOr<std::vector<RtTensor>> t = TensorsAsGiven(*list);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->size(), 5u);
  EXPECT_EQ((*t)[0].name(), "k");
  EXPECT_EQ((*t)[0].data<int64_t>()[2], int64_t{1} << 32);
  EXPECT_EQ((*t)[1].type(), T::BOOL);
  EXPECT_EQ((*t)[1].data<uint8_t>()[0], 1);
  EXPECT_EQ((*t)[1].data<uint8_t>()[1], 0);
  EXPECT_EQ((*t)[2].data<uint8_t>()[0], 253);  // no data: the default pattern
  EXPECT_EQ((*t)[3].data<int32_t>()[0], 3);    // a whole number written as a float
  EXPECT_EQ((*t)[4].name(), "");
  EXPECT_EQ((*t)[4].type(), T::FLOAT32);        // no dtype: float32
  EXPECT_EQ((*t)[4].data<float>()[0], 3.5f);

  absl::StatusOr<std::vector<TensorSource>> map =
      ParseTensorsJson(R"({"a": {"shape": [], "dtype": "int32", "data": [7]}})", "m.json");
  ASSERT_TRUE(map.ok()) << map.status();
  absl::StatusOr<std::vector<RtTensor>> a = TensorsAsGiven(*map);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ((*a)[0].name(), "a");
  EXPECT_EQ((*a)[0].rank(), 0);
  EXPECT_EQ((*a)[0].data<int32_t>()[0], 7);

  auto error = [](const std::string& text) {
    absl::StatusOr<std::vector<TensorSource>> s = ParseTensorsJson(text, "e.json");
    if (!s.ok()) return std::string(s.status().message());
    absl::StatusOr<std::vector<RtTensor>> t = TensorsAsGiven(*s);
    return t.ok() ? std::string("ok") : std::string(t.status().message());
  };
  EXPECT_EQ(error(R"([{"name": "x", "shape": [3], "data": [1, 2]}])"),
            "e.json entry 0 ('x'): 2 values for shape [3] (3 elements)");
  EXPECT_EQ(error(R"([{"name": "x", "shape": [1], "dtype": "int8", "data": [200]}])"),
            "e.json entry 0 ('x'): value 0 (200) is out of range for int8");
  EXPECT_EQ(error(R"([{"name": "x", "shape": [1], "data": ["one"]}])"),
            "e.json entry 0 ('x'): string values, but the tensor is float32");
  EXPECT_EQ(error("3"), "e.json: expected a list [{name, shape, dtype, data}] or a map {name: {shape, dtype, data}}");
}

TEST(Json, WritesTheSharedForm) {
  RtTensor f = RtTensor::Make(T::FLOAT32, {3});
  f.set_name("y");
  f.mutable_data<float>()[0] = 0.1f;
  f.mutable_data<float>()[1] = NAN;
  f.mutable_data<float>()[2] = -INFINITY;
  RtTensor b = RtTensor::Make(T::BOOL, {2});
  b.set_name("b");
  b.mutable_data<uint8_t>()[0] = 1;
  b.mutable_data<uint8_t>()[1] = 0;
  RtTensor s = EncodeStringTensor({"ab", ""}, {2});
  s.set_name("s");
  std::vector<RtTensor> tensors = {f, b, s};
  absl::StatusOr<std::string> json = TensorsToJson(tensors, {"out_y", "out_b", "out_s"});
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json,
            R"([{"name":"y","signature_name":"out_y","shape":[3],"dtype":"float32",)"
            R"("data":[0.10000000149011612,"NaN","-Infinity"]},)"
            R"({"name":"b","signature_name":"out_b","shape":[2],"dtype":"bool","data":[1,0]},)"
            R"({"name":"s","signature_name":"out_s","shape":[2],"dtype":"string","data":["ab",""]}])");
  // And back.
  absl::StatusOr<std::vector<TensorSource>> back = ParseTensorsJson(*json, "out.json");
  ASSERT_TRUE(back.ok()) << back.status();
  absl::StatusOr<RtTensor> y = TensorFromSource((*back)[0], T::FLOAT32, {});
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->data<float>()[0], 0.1f);
  EXPECT_TRUE(std::isnan(y->data<float>()[1]));
  absl::StatusOr<RtTensor> s2 = TensorFromSource((*back)[2], T::STRING, {});
  ASSERT_TRUE(s2.ok()) << s2.status();
  EXPECT_EQ(*DecodeStringTensor(*s2), (std::vector<std::string>{"ab", ""}));
}

// A model with two inputs: x float32 [1, -1] (static [1, 2]) and k int32 [3].
TflModel TwoInputModel() {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  int x = g.AddTensor({.name = "x", .type = T::FLOAT32, .shape = {1, 2}, .shape_signature = {1, -1}});
  int k = g.AddTensor({.name = "k:0", .type = T::INT32, .shape = {3}});
  g.inputs = {x, k};
  TflSignatureDef sig;
  sig.signature_key = "serving_default";
  sig.inputs = {{"image", x}, {"count", k}};
  m.signature_defs.push_back(sig);
  return m;
}

TEST(Inputs, MatchByNameElsePositionElseDefault) {
  TflModel m = TwoInputModel();
  // Nothing given: the default pattern, -1 dims of the static shape kept.
  absl::StatusOr<std::vector<RtTensor>> d = MakeSubgraphInputs(m, 0, nullptr, {});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ((*d)[0].shape(), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ((*d)[0].data<float>()[1], -0.4f);
  EXPECT_EQ((*d)[1].data<int32_t>()[2], -1);
  EXPECT_EQ((*d)[1].name(), "k:0");

  // By name ("k" matches "k:0"), the other input defaulted; the dynamic dim takes another size.
  absl::StatusOr<std::vector<TensorSource>> named =
      ParseTensorsJson(R"({"k": {"data": [7, 8, 9]}, "x": {"shape": [1, 3], "data": [1, 2, 3]}})", "in.json");
  ASSERT_TRUE(named.ok());
  absl::StatusOr<std::vector<RtTensor>> n = MakeSubgraphInputs(m, 0, nullptr, *named);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ((*n)[0].shape(), (std::vector<int32_t>{1, 3}));
  EXPECT_EQ((*n)[1].data<int32_t>()[0], 7);

  // By signature name.
  absl::StatusOr<std::vector<TensorSource>> sig = ParseTensorsJson(R"([{"name": "count", "data": [1, 2, 3]}])", "s");
  absl::StatusOr<std::vector<RtTensor>> s = MakeSubgraphInputs(m, 0, &m.signature_defs[0], *sig);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ((*s)[1].data<int32_t>()[2], 3);
  EXPECT_EQ((*s)[0].data<float>()[0], -0.5f);

  // By position (no name matches).
  absl::StatusOr<std::vector<TensorSource>> pos = ParseTensorsJson(R"([{"name": "a", "data": [[4, 5]]}])", "p");
  absl::StatusOr<std::vector<RtTensor>> p = MakeSubgraphInputs(m, 0, nullptr, *pos);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ((*p)[0].data<float>()[1], 5.0f);
}

TEST(Inputs, ClearErrors) {
  TflModel m = TwoInputModel();
  auto run = [&](const std::string& json) {
    absl::StatusOr<std::vector<TensorSource>> given = ParseTensorsJson(json, "in.json");
    if (!given.ok()) return given.status();
    return MakeSubgraphInputs(m, 0, nullptr, *given).status();
  };
  absl::Status s = run(R"({"k": {"shape": [4]}})");
  EXPECT_NE(s.message().find("input 1 ('k:0') from in.json entry 'k': shape [4] does not fit the model's [3]"),
            std::string::npos) << s;
  s = run(R"({"x": {"shape": [2, 2]}})");
  EXPECT_NE(s.message().find("does not fit the model's [1,-1] (-1: any size)"), std::string::npos) << s;
  s = run(R"({"x": {}, "y": {}})");
  EXPECT_NE(s.message().find("names 'y', which is no input of the model"), std::string::npos) << s;
  s = run(R"([{}, {}, {}])");
  EXPECT_NE(s.message().find("3 input tensors given, the model takes 2"), std::string::npos) << s;
  s = run(R"([{"dtype": "float32"}, {"dtype": "float32"}])");
  EXPECT_NE(s.message().find("dtype float32, but the tensor is int32"), std::string::npos) << s;
  s = run(R"([{"name": "x"}, {"name": "x:0"}])");
  EXPECT_NE(s.message().find("in.json entry 1 ('x:0') and in.json entry 0 ('x') both give input 'x'"),
            std::string::npos) << s;
  s = run(R"([{"name": "x"}, {}])");
  EXPECT_NE(s.message().find("has no name, but other inputs are given by name"), std::string::npos) << s;
}

TEST(Inputs, MatchSourcesByAnyOfTheirNames) {
  absl::StatusOr<std::vector<TensorSource>> given =
      ParseTensorsJson(R"([{"name": "serving_b:0"}, {"name": "a"}])", "in.json");
  ASSERT_TRUE(given.ok());
  absl::StatusOr<std::vector<const TensorSource*>> chosen =
      MatchSources({{"a:0"}, {"b", "serving_b"}, {"c"}}, *given);
  ASSERT_TRUE(chosen.ok()) << chosen.status();
  EXPECT_EQ((*chosen)[0], &(*given)[1]);
  EXPECT_EQ((*chosen)[1], &(*given)[0]);
  EXPECT_EQ((*chosen)[2], nullptr);
  absl::StatusOr<std::vector<const TensorSource*>> by_position = MatchSources({{"p"}, {"q"}, {"r"}}, *given);
  ASSERT_TRUE(by_position.ok());
  EXPECT_EQ((*by_position)[0], &(*given)[0]);
  EXPECT_EQ((*by_position)[2], nullptr);
}

TEST(Npy, ReadsWhatNumpyWrites) {
  // np.save of np.array([[1.5, -2, 0.25], [3, 4, -0.125]], '<f4') in numpy's older 16-byte aligned
  // header, and a version 2.0 header with Python 2 "L" dims.
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  header.append(16 - (10 + header.size() + 1) % 16, ' ');
  header += "\n";
  std::string file = std::string("\x93NUMPY\x01\x00", 8);
  file.push_back(static_cast<char>(header.size()));
  file.push_back(0);
  file += header;
  const float values[6] = {1.5f, -2, 0.25f, 3, 4, -0.125f};
  file.append(reinterpret_cast<const char*>(values), sizeof values);
  absl::StatusOr<RtTensor> t = ParseNpy(file, "a.npy");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->type(), T::FLOAT32);
  EXPECT_EQ(t->shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(t->data<float>()[5], -0.125f);

  std::string h2 = "{'descr': '|u1', 'fortran_order': False, 'shape': (3L,)}\n";
  std::string v2 = std::string("\x93NUMPY\x02\x00", 8);
  const uint32_t len = h2.size();
  v2.append(reinterpret_cast<const char*>(&len), 4);
  v2 += h2;
  v2 += std::string("\xfd\x00\x07", 3);
  absl::StatusOr<RtTensor> u = ParseNpy(v2, "b.npy");
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->type(), T::UINT8);
  EXPECT_EQ(u->data<uint8_t>()[0], 253);
  EXPECT_EQ(u->data<uint8_t>()[2], 7);
}

TEST(Npy, RoundTripsEveryType) {
  for (T type : {T::FLOAT32, T::FLOAT16, T::FLOAT64, T::INT8, T::UINT8, T::INT16, T::UINT16, T::INT32,
                 T::UINT32, T::INT64, T::UINT64, T::BOOL}) {
    for (std::vector<int32_t> shape : {std::vector<int32_t>{}, {5}, {2, 3, 4}, {0, 3}}) {
      absl::StatusOr<RtTensor> t = DefaultPatternTensor(type, shape);
      ASSERT_TRUE(t.ok());
      absl::StatusOr<std::string> bytes = SerializeNpy(*t);
      ASSERT_TRUE(bytes.ok()) << bytes.status();
      EXPECT_EQ(bytes->find('\n') % 64, 63u);  // data 64-byte aligned, as numpy writes
      absl::StatusOr<RtTensor> back = ParseNpy(*bytes, "t.npy");
      ASSERT_TRUE(back.ok()) << back.status();
      EXPECT_EQ(back->type(), type);
      EXPECT_EQ(back->shape(), t->shape());
      ASSERT_EQ(back->byte_size(), t->byte_size());
      EXPECT_EQ(std::memcmp(back->raw(), t->raw(), t->byte_size()), 0);
    }
  }
}

TEST(Npy, ClearErrors) {
  RtTensor t = RtTensor::Make(T::INT32, {2, 2});
  std::memset(t.mutable_raw(), 0, 16);
  std::string good = *SerializeNpy(t);
  auto error = [](const std::string& bytes) { return std::string(ParseNpy(bytes, "x.npy").status().message()); };
  EXPECT_NE(error("hello").find("x.npy: not a .npy file"), std::string::npos);
  EXPECT_NE(error(good.substr(0, good.size() - 1)).find("the data is 15 bytes, dtype '<i4' and shape [2,2] need 16"),
            std::string::npos);
  std::string big_endian = good;
  big_endian.replace(big_endian.find("<i4"), 3, ">i4");
  EXPECT_NE(error(big_endian).find("only little-endian"), std::string::npos);
  std::string fortran = good;
  fortran.replace(fortran.find("False"), 5, "True ");
  EXPECT_NE(error(fortran).find("Fortran-order"), std::string::npos);
  std::string v9 = good;
  v9[6] = 9;
  EXPECT_NE(error(v9).find("version 9.0 is not supported"), std::string::npos);
  std::string object = good;
  object.replace(object.find("<i4"), 3, "|O8");
  EXPECT_NE(error(object).find("dtype '|O8' is not supported"), std::string::npos);
  EXPECT_EQ(SerializeNpy(EncodeStringTensor({"a"}, {1})).status().code(), absl::StatusCode::kUnimplemented);
}

TEST(Files, WriteThenRead) {
  const std::string path = ::testing::TempDir() + "/tensors.json";
  RtTensor f = RtTensor::Make(T::FLOAT32, {3});
  f.set_name("f");
  f.mutable_data<float>()[0] = 0.1f;
  f.mutable_data<float>()[1] = NAN;
  f.mutable_data<float>()[2] = -INFINITY;
  RtTensor i = RtTensor::Make(T::INT16, {2, 1});
  i.set_name("i");
  i.mutable_data<int16_t>()[0] = -7;
  i.mutable_data<int16_t>()[1] = 300;
  ASSERT_TRUE(WriteTensorsFile(path, std::vector<RtTensor>{f, i}).ok());
  absl::StatusOr<std::vector<TensorSource>> read = ReadTensorFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  absl::StatusOr<std::vector<RtTensor>> back = TensorsAsGiven(*read);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ((*back)[0].data<float>()[0], 0.1f);  // float32 survives the trip through double
  EXPECT_TRUE(std::isnan((*back)[0].data<float>()[1]));
  EXPECT_EQ((*back)[0].data<float>()[2], -INFINITY);
  EXPECT_EQ((*back)[1].type(), T::INT16);
  EXPECT_EQ((*back)[1].shape(), (std::vector<int32_t>{2, 1}));
  EXPECT_EQ((*back)[1].data<int16_t>()[1], 300);
  EXPECT_EQ(WriteTensorsFile(::testing::TempDir() + "/no/such/dir/t.json", {f}).code(),
            absl::StatusCode::kUnavailable);
}

TEST(Files, ReadByExtension) {
  const std::string dir = ::testing::TempDir();
  EXPECT_EQ(ReadTensorFile(dir + "/none.json").status().code(), absl::StatusCode::kNotFound);
  const std::string raw = dir + "/in.raw";
  FILE* f = std::fopen(raw.c_str(), "wb");
  const int8_t bytes[3] = {-1, 0, 5};
  std::fwrite(bytes, 1, 3, f);
  std::fclose(f);
  absl::StatusOr<std::vector<TensorSource>> r = ReadTensorFile(raw);
  ASSERT_TRUE(r.ok());
  absl::StatusOr<RtTensor> t = TensorFromSource((*r)[0], T::INT8, {1, 3});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->data<int8_t>()[0], -1);
  absl::Status s = TensorFromSource((*r)[0], T::INT8, {1, 4}).status();
  EXPECT_NE(s.message().find("3 bytes, but a int8 tensor of shape [1,4] needs 4"), std::string::npos) << s;
}

}  // namespace
}  // namespace tfconv
