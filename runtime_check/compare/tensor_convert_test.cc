#include "runtime_check/compare/tensor_convert.h"

#include "gtest/gtest.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {
namespace {

TEST(TensorConvertTest, FloatRoundTripSharesThenCopies) {
  Tensor t = Tensor::FromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  absl::StatusOr<RtTensor> rt = ToRtTensor(t);
  ASSERT_TRUE(rt.ok()) << rt.status();
  EXPECT_EQ(rt->type(), tflite::TensorType::FLOAT32);
  EXPECT_EQ(rt->shape(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(rt->data<float>(), t.data<float>().data());  // a view, no copy
  EXPECT_EQ(rt->quantization(), nullptr);
  absl::StatusOr<Tensor> back = ToTensor(*rt);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->dtype(), DataType::kFloat);
  EXPECT_EQ(back->shape(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(std::vector<float>(back->data<float>().begin(), back->data<float>().end()),
            (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(TensorConvertTest, TypesMapBothWays) {
  struct Case {
    Tensor t;
    tflite::TensorType type;
  };
  std::vector<Case> cases = {
      {Tensor::FromVector<int8_t>({2}, {-1, 7}), tflite::TensorType::INT8},
      {Tensor::FromVector<uint8_t>({1}, {200}), tflite::TensorType::UINT8},
      {Tensor::FromVector<int64_t>({1}, {int64_t{1} << 40}), tflite::TensorType::INT64},
      {Tensor::FromVector<bool>({2}, {true, false}), tflite::TensorType::BOOL},
      {Tensor::FromVector<double>({}, {0.25}), tflite::TensorType::FLOAT64},
      {Tensor(DataType::kHalf, {1}, ByteBuffer::Copy("\x00\x3c", 2)), tflite::TensorType::FLOAT16},
  };
  for (const Case& c : cases) {
    absl::StatusOr<RtTensor> rt = ToRtTensor(c.t);
    ASSERT_TRUE(rt.ok()) << c.t.DebugString() << ": " << rt.status();
    EXPECT_EQ(rt->type(), c.type) << c.t.DebugString();
    absl::StatusOr<Tensor> back = ToTensor(*rt);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->dtype(), c.t.dtype());
    EXPECT_EQ(back->shape(), c.t.shape());
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(back->bytes().data()), back->ByteSize()),
              std::string(reinterpret_cast<const char*>(c.t.bytes().data()), c.t.ByteSize()));
  }
}

TEST(TensorConvertTest, QuantizationIsAttached) {
  TflQuantization q;
  q.scale = {0.5f};
  q.zero_point = {3};
  absl::StatusOr<RtTensor> rt = ToRtTensor(Tensor::FromVector<int8_t>({1}, {5}), &q);
  ASSERT_TRUE(rt.ok());
  EXPECT_TRUE(rt->is_quantized());
  EXPECT_EQ(rt->zero_point(), 3);
}

TEST(TensorConvertTest, StringsAreReencoded) {
  absl::StatusOr<RtTensor> s = ToRtTensor(Tensor({2, 1}, std::vector<std::string>{"ab", ""}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->type(), tflite::TensorType::STRING);
  EXPECT_EQ(s->shape(), (std::vector<int32_t>{2, 1}));
  EXPECT_EQ(*DecodeStringTensor(*s), (std::vector<std::string>{"ab", ""}));
  absl::StatusOr<Tensor> back = ToTensor(*s);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->dtype(), DataType::kString);
  EXPECT_EQ(back->shape(), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(back->strings(), (std::vector<std::string>{"ab", ""}));
  // Fewer strings than the shape holds.
  EXPECT_FALSE(ToRtTensor(Tensor({3}, std::vector<std::string>{"a"})).ok());
  EXPECT_FALSE(ToTensor(EncodeStringTensor({"a"}, {2})).ok());
  RtTensor broken = RtTensor::Make(tflite::TensorType::STRING, {1});
  EXPECT_FALSE(ToTensor(broken).ok());
}

TEST(TensorConvertTest, RefusesWhatHasNoCounterpart) {
  absl::StatusOr<RtTensor> r = ToRtTensor(Tensor(DataType::kResource, {1}, ByteBuffer()));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "a resource tensor has no interpreter counterpart");
  EXPECT_FALSE(ToRtTensor(Tensor::Zeros(DataType::kBFloat16, {2})).ok());
  EXPECT_FALSE(ToRtTensor(Tensor(DataType::kFloat, {int64_t{1} << 32}, ByteBuffer())).ok());
  // Bytes that do not fit the shape.
  EXPECT_FALSE(ToRtTensor(Tensor(DataType::kFloat, {3}, ByteBuffer::Copy("abcd", 4))).ok());

  RtTensor int4 = RtTensor::Make(tflite::TensorType::INT4, {2});
  EXPECT_FALSE(ToTensor(int4).ok());
}

}  // namespace
}  // namespace tfconv
