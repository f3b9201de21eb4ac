#include "plugins/nn/nn_ops.h"

#include "gtest/gtest.h"
#include "plugins/nn/testing/op_test_fixture.h"

namespace tfconv {
namespace {

class NnOpsTest : public OpTestFixture {
 protected:
  void SetUp() override { Register("tfconv.nn", RegisterNnOps); }
};

TEST_F(NnOpsTest, RegistersTheFamilyWithFullEntries) {
  const std::vector<std::string> ops = {"AvgPool",     "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3",
                                        "BiasAdd",     "BiasAddV1",   "Conv2D",        "Conv2DBackpropInput",
                                        "DepthwiseConv2dNative",      "Einsum",        "FusedBatchNorm",
                                        "FusedBatchNormV2",           "FusedBatchNormV3",
                                        "FusedDepthwiseConv2dNative", "LRN",           "MatMul",
                                        "MaxPool",     "MaxPoolV2",   "_FusedConv2D",  "_FusedDepthwiseConv2dNative",
                                        "_FusedMatMul"};
  std::vector<std::string> registered;
  for (const OpRegistration* r : registry_.All()) {
    registered.push_back(r->op);
    EXPECT_EQ(r->plugin_id, "tfconv.nn");
    EXPECT_TRUE(r->infer) << r->op;
    EXPECT_TRUE(r->evaluate) << r->op;
    EXPECT_TRUE(r->lower) << r->op;
    EXPECT_FALSE(r->tflite_ops.empty()) << r->op;
    EXPECT_EQ(r->traits, kNoTraits) << r->op;
  }
  EXPECT_EQ(registered, ops);
  EXPECT_EQ(Reg("Conv2D").tflite_ops.front(), "CONV_2D");
  EXPECT_EQ(Reg("MatMul").tflite_ops.front(), "FULLY_CONNECTED");
  EXPECT_EQ(Reg("FusedBatchNormV3").tflite_ops.front(), "MUL");
  EXPECT_EQ(Reg("_FusedConv2D").tflite_ops.front(), "CONV_2D");
  EXPECT_EQ(Reg("FusedDepthwiseConv2dNative").tflite_ops.front(), "DEPTHWISE_CONV_2D");
  EXPECT_EQ(Reg("_FusedMatMul").tflite_ops.front(), "FULLY_CONNECTED");
  EXPECT_EQ(Reg("LRN").tflite_ops.front(), "LOCAL_RESPONSE_NORMALIZATION");
}

}  // namespace
}  // namespace tfconv
