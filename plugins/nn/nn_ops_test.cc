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
                                        "DepthwiseConv2dNative",      "FusedBatchNorm", "FusedBatchNormV2",
                                        "FusedBatchNormV3",           "MatMul",        "MaxPool"};
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
}

}  // namespace
}  // namespace tfconv
