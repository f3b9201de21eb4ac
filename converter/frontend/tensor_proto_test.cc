#include "converter/frontend/tensor_proto.h"

#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

tensorflow::TensorProto MakeProto(tensorflow::DataType dtype, std::vector<int64_t> dims) {
  tensorflow::TensorProto p;
  p.set_dtype(dtype);
  for (int64_t d : dims) p.mutable_tensor_shape()->add_dim()->set_size(d);
  return p;
}

template <typename T>
std::vector<T> Values(const Tensor& t) {
  auto s = t.data<T>();
  return std::vector<T>(s.begin(), s.end());
}

TEST(TensorProtoTest, TensorContentMovesWithoutCopy) {
  tensorflow::TensorProto p = MakeProto(tensorflow::DT_FLOAT, {2, 4});
  std::vector<float> values = {0.5f, 1.5f, -2.0f, 3.25f, 4, 5, 6, 7};
  p.set_tensor_content(std::string(reinterpret_cast<const char*>(values.data()), 32));
  const char* before = p.tensor_content().data();

  absl::StatusOr<Tensor> t = TensorFromProto(p, {});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(reinterpret_cast<const char*>(t->bytes().data()), before);
  EXPECT_TRUE(p.tensor_content().empty());
  EXPECT_EQ(t->dtype(), DataType::kFloat);
  EXPECT_EQ(t->shape(), (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(Values<float>(*t), values);
}

TEST(TensorProtoTest, TensorContentOfWrongSizeIsAnError) {
  tensorflow::TensorProto p = MakeProto(tensorflow::DT_FLOAT, {2, 4});
  p.set_tensor_content(std::string(31, 'x'));
  absl::StatusOr<Tensor> t = TensorFromProto(p, {});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("tensor_content holds 31 bytes"), std::string::npos)
      << t.status();
  EXPECT_NE(t.status().message().find("float32[2,4] needs 32"), std::string::npos) << t.status();
}

TEST(TensorProtoTest, ShortFloatListRepeatsItsLastValue) {
  tensorflow::TensorProto p = MakeProto(tensorflow::DT_FLOAT, {2, 3});
  p.add_float_val(1.0f);
  p.add_float_val(2.5f);
  absl::StatusOr<Tensor> t = TensorFromProto(p, {});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Values<float>(*t), (std::vector<float>{1.0f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f}));
}

TEST(TensorProtoTest, EachTypedFieldExpands) {
  {
    auto p = MakeProto(tensorflow::DT_INT8, {3});
    p.add_int_val(-3);
    auto t = TensorFromProto(p, {});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(Values<int8_t>(*t), (std::vector<int8_t>{-3, -3, -3}));
  }
  {
    auto p = MakeProto(tensorflow::DT_UINT8, {2});
    p.add_int_val(200);
    auto t = TensorFromProto(p, {});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(Values<uint8_t>(*t), (std::vector<uint8_t>{200, 200}));
  }
  {
    auto p = MakeProto(tensorflow::DT_INT16, {3});
    p.add_int_val(7);
    p.add_int_val(-30000);
    auto t = TensorFromProto(p, {});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(Values<int16_t>(*t), (std::vector<int16_t>{7, -30000, -30000}));
  }
  {
    auto p = MakeProto(tensorflow::DT_INT64, {4});
    p.add_int64_val(int64_t{1} << 40);
    p.add_int64_val(-9);
    auto t = TensorFromProto(p, {});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(Values<int64_t>(*t), (std::vector<int64_t>{int64_t{1} << 40, -9, -9, -9}));
  }
  {
    auto p = MakeProto(tensorflow::DT_BOOL, {3});
    p.add_bool_val(false);
    p.add_bool_val(true);
    auto t = TensorFromProto(p, {});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(Values<uint8_t>(*t), (std::vector<uint8_t>{0, 1, 1}));
  }
  {
    auto p = MakeProto(tensorflow::DT_DOUBLE, {2});
    p.add_double_val(0.125);
    auto t = TensorFromProto(p, {});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(Values<double>(*t), (std::vector<double>{0.125, 0.125}));
  }
  {
    // 0x3C00 is 1.0 in IEEE half precision.
    auto p = MakeProto(tensorflow::DT_HALF, {3});
    p.add_half_val(0x3C00);
    auto t = TensorFromProto(p, {});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->dtype(), DataType::kHalf);
    EXPECT_EQ(Values<uint16_t>(*t), (std::vector<uint16_t>{0x3C00, 0x3C00, 0x3C00}));
  }
  {
    auto p = MakeProto(tensorflow::DT_UINT32, {2});
    p.add_uint32_val(4000000000u);
    auto t = TensorFromProto(p, {});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(Values<uint32_t>(*t), (std::vector<uint32_t>{4000000000u, 4000000000u}));
  }
  {
    auto p = MakeProto(tensorflow::DT_UINT64, {2});
    p.add_uint64_val(uint64_t{1} << 63);
    auto t = TensorFromProto(p, {});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(Values<uint64_t>(*t), (std::vector<uint64_t>{uint64_t{1} << 63, uint64_t{1} << 63}));
  }
  {
    // Complex values come as (re, im) pairs; the last pair repeats.
    auto p = MakeProto(tensorflow::DT_COMPLEX64, {3});
    p.add_scomplex_val(1);
    p.add_scomplex_val(2);
    p.add_scomplex_val(3);
    p.add_scomplex_val(-4);
    auto t = TensorFromProto(p, {});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(Values<float>(*t), (std::vector<float>{1, 2, 3, -4, 3, -4}));
  }
  {
    auto p = MakeProto(tensorflow::DT_STRING, {3});
    p.add_string_val("cat");
    p.add_string_val("dog");
    auto t = TensorFromProto(p, {});
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->strings(), (std::vector<std::string>{"cat", "dog", "dog"}));
    EXPECT_TRUE(t->IsValid());
  }
}

TEST(TensorProtoTest, NoValuesMeansZeros) {
  auto p = MakeProto(tensorflow::DT_INT32, {3});
  auto t = TensorFromProto(p, {});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Values<int32_t>(*t), (std::vector<int32_t>{0, 0, 0}));
}

TEST(TensorProtoTest, ScalarAndEmptyTensors) {
  auto p = MakeProto(tensorflow::DT_FLOAT, {});
  p.add_float_val(5);
  auto t = TensorFromProto(p, {});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->rank(), 0);
  EXPECT_EQ(Values<float>(*t), (std::vector<float>{5}));

  auto e = MakeProto(tensorflow::DT_FLOAT, {0, 3});
  auto te = TensorFromProto(e, {});
  ASSERT_TRUE(te.ok()) << te.status();
  EXPECT_EQ(te->NumElements(), 0);
  EXPECT_TRUE(te->IsValid());
}

TEST(TensorProtoTest, TooManyValuesIsAnError) {
  auto p = MakeProto(tensorflow::DT_FLOAT, {2});
  for (int i = 0; i < 3; ++i) p.add_float_val(i);
  auto t = TensorFromProto(p, {});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("lists 3 values but float32[2] holds 2"), std::string::npos)
      << t.status();
}

TEST(TensorProtoTest, ExpansionOverTheLimitIsRefused) {
  auto p = MakeProto(tensorflow::DT_FLOAT, {1 << 20});
  p.add_float_val(1);
  TensorLimits limits;
  limits.max_expanded_bytes = 1 << 20;
  auto t = TensorFromProto(p, limits);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kResourceExhausted);

  auto s = MakeProto(tensorflow::DT_STRING, {1 << 20});
  s.add_string_val(std::string(100, 'x'));
  auto ts = TensorFromProto(s, limits);
  ASSERT_FALSE(ts.ok());
  EXPECT_EQ(ts.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(TensorProtoTest, HugeShapeIsAnErrorNotAnOverflow) {
  auto p = MakeProto(tensorflow::DT_FLOAT, {int64_t{1} << 40, int64_t{1} << 40});
  auto t = TensorFromProto(p, {});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("too many elements"), std::string::npos) << t.status();
}

TEST(TensorProtoTest, BadShapesAndTypes) {
  auto unknown_dim = MakeProto(tensorflow::DT_FLOAT, {-1});
  EXPECT_FALSE(TensorFromProto(unknown_dim, {}).ok());

  auto unknown_rank = MakeProto(tensorflow::DT_FLOAT, {});
  unknown_rank.mutable_tensor_shape()->set_unknown_rank(true);
  EXPECT_FALSE(TensorFromProto(unknown_rank, {}).ok());

  auto invalid = MakeProto(tensorflow::DT_INVALID, {1});
  auto ti = TensorFromProto(invalid, {});
  ASSERT_FALSE(ti.ok());
  EXPECT_NE(ti.status().message().find("no dtype"), std::string::npos);

  auto resource = MakeProto(tensorflow::DT_RESOURCE, {1});
  auto tr = TensorFromProto(resource, {});
  ASSERT_FALSE(tr.ok());
  EXPECT_NE(tr.status().message().find("resource"), std::string::npos) << tr.status();

  auto odd_complex = MakeProto(tensorflow::DT_COMPLEX64, {1});
  odd_complex.add_scomplex_val(1);
  EXPECT_FALSE(TensorFromProto(odd_complex, {}).ok());
}

TEST(TensorProtoTest, DataTypesAndShapes) {
  EXPECT_EQ(DataTypeFromProto(tensorflow::DT_FLOAT), DataType::kFloat);
  EXPECT_EQ(DataTypeFromProto(tensorflow::DT_FLOAT_REF), DataType::kFloat);
  EXPECT_EQ(DataTypeFromProto(tensorflow::DT_INT64_REF), DataType::kInt64);
  EXPECT_EQ(static_cast<int>(DataTypeFromProto(tensorflow::DT_FLOAT8_E5M2)), 24);

  tensorflow::TensorShapeProto s;
  s.add_dim()->set_size(-1);
  s.add_dim()->set_size(224);
  auto shape = ShapeFromProto(s);
  ASSERT_TRUE(shape.ok());
  EXPECT_EQ(*shape, PartialShape({-1, 224}));

  s.set_unknown_rank(true);
  auto unknown = ShapeFromProto(s);
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->known_rank());

  tensorflow::TensorShapeProto bad;
  bad.add_dim()->set_size(-2);
  EXPECT_FALSE(ShapeFromProto(bad).ok());
}

}  // namespace
}  // namespace tfconv
