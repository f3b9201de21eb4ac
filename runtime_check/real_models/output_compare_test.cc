#include "runtime_check/real_models/output_compare.h"

#include <cmath>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

template <typename V>
RtTensor Make(T type, std::vector<int32_t> shape, std::vector<V> values, std::string name = "y") {
  RtTensor t = RtTensor::Make(type, shape);
  for (size_t i = 0; i < values.size(); ++i) t.mutable_data<V>()[i] = values[i];
  t.set_name(name);
  return t;
}

TEST(CompareOutput, FloatsWithinRelativeOrSmallAbsoluteTolerance) {
  RtTensor ref = Make<float>(T::FLOAT32, {4}, {1000.f, 1.f, 0.f, NAN});
  // 1000 + 0.09 is within 1e-4 relative; 1 + 5e-6 and 0 + 9e-6 are within 1e-5 absolute.
  RtTensor ours = Make<float>(T::FLOAT32, {4}, {1000.09f, 1.000005f, 9e-6f, NAN});
  OutputDiff d = CompareOutput(ours, ref);
  EXPECT_TRUE(d.problem.empty());
  EXPECT_EQ(d.mismatches, 0);
  EXPECT_NEAR(d.max_abs, 0.09, 1e-4);
  OutputsDiff all = CompareOutputs({ours}, {ref});
  EXPECT_TRUE(all.within_tolerance());
  EXPECT_FALSE(all.exact());
  EXPECT_EQ(all.Summary().substr(0, 8), "abs 0.09");
}

TEST(CompareOutput, FloatsBeyondTolerance) {
  RtTensor ref = Make<float>(T::FLOAT32, {3}, {1000.f, 0.f, INFINITY});
  RtTensor ours = Make<float>(T::FLOAT32, {3}, {1000.2f, 2e-5f, INFINITY});
  OutputsDiff d = CompareOutputs({ours}, {ref});
  EXPECT_FALSE(d.within_tolerance());
  EXPECT_EQ(d.outputs[0].mismatches, 2);
  EXPECT_NE(d.Summary().find("(2 of 3 values out of tolerance)"), std::string::npos) << d.Summary();
  RtTensor inf = Make<float>(T::FLOAT32, {3}, {1000.f, 0.f, -INFINITY});
  OutputDiff n = CompareOutput(inf, ref);
  EXPECT_EQ(n.mismatches, 1);
  EXPECT_TRUE(std::isinf(n.max_abs));
}

TEST(CompareOutput, IntegersExactElseLsb) {
  TflQuantization q;
  q.scale = {0.5f};
  q.zero_point = {3};
  RtTensor ref = Make<uint8_t>(T::UINT8, {4}, {0, 7, 255, 9});
  RtTensor ours = Make<uint8_t>(T::UINT8, {4}, {0, 9, 254, 9});
  ours.set_quantization(&q);
  OutputsDiff d = CompareOutputs({ours}, {ref});
  EXPECT_FALSE(d.within_tolerance());
  EXPECT_EQ(d.max_lsb(), 2);
  EXPECT_EQ(d.Summary(), "max 2 LSB (2 of 4 values)");
  EXPECT_TRUE(CompareOutputs({ref}, {ref}).exact());
  EXPECT_EQ(CompareOutputs({ref}, {ref}).Summary(), "exact");
  // int64 beyond 2^53: a difference of one is still seen.
  RtTensor a = Make<int64_t>(T::INT64, {1}, {(int64_t{1} << 60) + 1});
  RtTensor b = Make<int64_t>(T::INT64, {1}, {int64_t{1} << 60});
  EXPECT_EQ(CompareOutput(a, b).max_lsb, 1);
  EXPECT_NE(CompareOutputs({a}, {b}).Summary().find("integer difference"), std::string::npos);
}

TEST(CompareOutput, NotComparable) {
  RtTensor f = Make<float>(T::FLOAT32, {2}, {1, 2});
  EXPECT_NE(CompareOutput(f, Make<float>(T::FLOAT32, {1, 2}, {1, 2})).problem.find("shape [2], LiteRT.js [1,2]"),
            std::string::npos);
  EXPECT_NE(CompareOutput(f, Make<int32_t>(T::INT32, {2}, {1, 2})).problem.find("float32, LiteRT.js gives int32"),
            std::string::npos);
  const RtTensor z = Make<float>(T::FLOAT32, {2}, {1, 2}, "z");
  EXPECT_NE(CompareOutput(f, z).problem.find("output name 'y' vs LiteRT.js 'z'"), std::string::npos);
  OutputsDiff count = CompareOutputs({f, f}, {f});
  EXPECT_FALSE(count.within_tolerance());
  EXPECT_EQ(count.Summary(), "2 outputs, LiteRT.js gives 1");
}

}  // namespace
}  // namespace tfconv
