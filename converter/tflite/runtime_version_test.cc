#include "converter/tflite/runtime_version.h"

#include <string>

#include "converter/tflite/op_version.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using Op = tflite::BuiltinOperator;

TEST(RuntimeVersionTest, TableLookups) {
  EXPECT_EQ(RuntimeVersionOf(Op::ADD, 1), "1.5.0");
  EXPECT_EQ(RuntimeVersionOf(Op::ADD, 2), "1.14.0");
  EXPECT_EQ(RuntimeVersionOf(Op::FULLY_CONNECTED, 5), "2.0.0");
  EXPECT_EQ(RuntimeVersionOf(Op::TRANSPOSE, 7), "2.14.4");
  EXPECT_EQ(RuntimeVersionOf(Op::BROADCAST_TO, 1), "");  // withdrawn version
  EXPECT_EQ(RuntimeVersionOf(Op::BROADCAST_TO, 2), "2.5.0");
  EXPECT_EQ(RuntimeVersionOf(Op::CONV_2D, 99), "");
  EXPECT_EQ(RuntimeVersionOf(Op::CONV_2D, 0), "");
  EXPECT_EQ(RuntimeVersionOf(Op::CUSTOM, 1), "");
}

TEST(RuntimeVersionTest, ComparesNumbersNotText) {
  EXPECT_TRUE(RuntimeVersionOlder("2.9.0", "2.10.0"));
  EXPECT_FALSE(RuntimeVersionOlder("2.10.0", "2.9.0"));
  EXPECT_TRUE(RuntimeVersionOlder("1.14.0", "2.0.0"));
  EXPECT_FALSE(RuntimeVersionOlder("1.14.0", "1.14.0"));
  EXPECT_TRUE(RuntimeVersionOlder("", "1.5.0"));
  EXPECT_FALSE(RuntimeVersionOlder("1.5.0", ""));
  EXPECT_TRUE(RuntimeVersionOlder("2.1", "2.1.1"));
}

TflModel ModelWith(std::initializer_list<std::pair<Op, int>> ops) {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  TflTensor t;
  t.shape = {1};
  int x = g.AddTensor(t);
  for (const auto& [op, version] : ops) {
    m.operator_codes.push_back(TflOperatorCode{op, "", version});
    TflOperator& o = g.operators.emplace_back();
    o.opcode_index = static_cast<uint32_t>(m.operator_codes.size() - 1);
    o.inputs = {x};
    o.outputs = {x};
  }
  return m;
}

TEST(RuntimeVersionTest, TheNewestOpDecides) {
  EXPECT_EQ(MinRuntimeVersion(ModelWith({{Op::ADD, 2}, {Op::CONV_2D, 1}})), "1.14.0");
  EXPECT_EQ(MinRuntimeVersion(ModelWith({{Op::CONV_2D, 1}, {Op::FULLY_CONNECTED, 5}})), "2.0.0");
  EXPECT_EQ(MinRuntimeVersion(ModelWith({{Op::SOFTMAX, 3}, {Op::BATCH_MATMUL, 4}})), "2.5.0");
  EXPECT_EQ(MinRuntimeVersion(ModelWith({{Op::MEAN, 3}, {Op::DEPTHWISE_CONV_2D, 2}})), "2.4.0");
  EXPECT_EQ(MinRuntimeVersion(ModelWith({})), "");
}

std::string MetadataValue(const TflModel& m, size_t* count) {
  *count = 0;
  std::string value;
  for (const auto& [name, buffer] : m.metadata) {
    if (name != kMinRuntimeVersionMetadata) continue;
    ++*count;
    value.assign(reinterpret_cast<const char*>(m.buffers[buffer].data.data()),
                 m.buffers[buffer].data.size());
  }
  return value;
}

TEST(RuntimeVersionTest, MetadataIsSixteenZeroPaddedBytes) {
  TflModel m = ModelWith({{Op::ADD, 2}});
  SetMinRuntimeVersionMetadata(m);
  size_t count = 0;
  EXPECT_EQ(MetadataValue(m, &count), std::string("1.14.0\0\0\0\0\0\0\0\0\0\0", 16));
  EXPECT_EQ(count, 1u);

  m.operator_codes[0].version = 5;  // refreshed after the versions change
  SetMinRuntimeVersionMetadata(m);
  EXPECT_EQ(MetadataValue(m, &count), std::string("2.13.0\0\0\0\0\0\0\0\0\0\0", 16));
  EXPECT_EQ(count, 1u);

  TflModel custom_only;
  TflSubgraph& g = custom_only.subgraphs.emplace_back();
  TflOperator& op = g.operators.emplace_back();
  op.opcode_index = custom_only.CustomOpcodeIndex("Mine");
  SetMinRuntimeVersionMetadata(custom_only);
  EXPECT_EQ(MetadataValue(custom_only, &count), std::string(16, '\0'));
}

TEST(RuntimeVersionTest, FollowsAssignedVersions) {
  TflModel m;
  TflSubgraph& g = m.subgraphs.emplace_back();
  TflTensor t;
  t.type = tflite::TensorType::INT8;
  t.shape = {1, 4};
  t.quantization.emplace();
  t.quantization->scale = {0.1f};
  t.quantization->zero_point = {0};
  int x = g.AddTensor(t);
  TflOperator& op = g.operators.emplace_back();
  op.opcode_index = m.OpcodeIndex(Op::AVERAGE_POOL_2D);
  op.inputs = {x};
  op.outputs = {x};
  EXPECT_EQ(MinRuntimeVersion(m), "1.5.0");
  AssignOperatorVersions(m);  // int8 pooling is version 2
  EXPECT_EQ(MinRuntimeVersion(m), "1.14.0");
}

}  // namespace
}  // namespace tfconv
