// The converter API on SavedModels with the built-in plugins: --dump_frozen_graph files, no partial
// .tflite after a failure, byte-identical output for the same input.
#include <cstdlib>

#include "converter/api/builtin_converter_for_tests.h"
#include "converter/api/converter.h"
#include "converter/frontend/saved_model/saved_model_test_util.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/proto/graph.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using ::testing::HasSubstr;

const Converter& BuiltinConverter() { return BuiltinConverterForTests(/*strict=*/true); }

bool HasNode(const tensorflow::GraphDef& g, const std::string& name, const std::string& op) {
  for (const auto& n : g.node()) {
    if (n.name() == name && n.op() == op) return true;
  }
  return false;
}

TEST(ConvertSavedModel, DumpFrozenGraphOneSignature) {
  const std::string dir = FreshDir("dump_one");
  SyntheticModel(dir, {});
  ConversionRequest r;
  r.saved_model_dir = dir;
  r.dump_frozen_graph = dir + "/../dump_one.pb";
  absl::StatusOr<ConversionSummary> s = BuiltinConverter().ConvertToFile(r, dir + "/../dump_one.tflite");
  ASSERT_TRUE(s.ok()) << s.status();
  tensorflow::GraphDef g;
  ASSERT_TRUE(g.ParseFromString(ReadTestFile(r.dump_frozen_graph)));
  EXPECT_TRUE(HasNode(g, "x", "Placeholder"));
  EXPECT_TRUE(HasNode(g, "v0", "Const"));
  // The values are in the dump (self-contained): 4 floats of v0.
  for (const auto& n : g.node()) {
    if (n.name() == "v0") {
      EXPECT_EQ(n.attr().at("value").tensor().tensor_content().size(), 16u);
    }
  }
}

TEST(ConvertSavedModel, DumpFrozenGraphOneFilePerSignatureWithSanitizedKeys) {
  const std::string dir = FreshDir("dump_several");
  tensorflow::SavedModel model = SyntheticModel(dir, {});
  auto& defs = *model.mutable_meta_graphs(0)->mutable_signature_def();
  defs["eval/v2 x"] = defs["serving_default"];
  WriteSavedModelPb(dir, model);
  const std::string out = FreshDir("dump_several_out");
  ConversionRequest r;
  r.saved_model_dir = dir;
  r.dump_frozen_graph = out + "/frozen.pbtxt";
  absl::StatusOr<ConversionSummary> s = BuiltinConverter().ConvertToFile(r, out + "/m.tflite");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_FALSE(TestFileExists(out + "/frozen.pbtxt"));
  EXPECT_TRUE(TestFileExists(out + "/frozen.serving_default.pbtxt"));
  // '/' and ' ' are not kept in a file name.
  EXPECT_TRUE(TestFileExists(out + "/frozen.eval_v2_x.pbtxt"));
  EXPECT_THAT(ReadTestFile(out + "/frozen.eval_v2_x.pbtxt"), HasSubstr("Placeholder"));
}

TEST(ConvertSavedModel, FailureLeavesNoTflite) {
  const std::string dir = FreshDir("fail_no_file");
  SyntheticModel(dir, {});
  const std::string shard = dir + "/variables/variables.data-00000-of-00001";
  std::string bytes = ReadTestFile(shard);
  bytes[1] ^= 0x01;  // v0's crc no longer matches
  WriteTestFile(shard, bytes);
  const std::string out = FreshDir("fail_no_file_out") + "/m.tflite";
  ConversionRequest r;
  r.saved_model_dir = dir;
  absl::StatusOr<ConversionSummary> s = BuiltinConverter().ConvertToFile(r, out);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("v0"));
  EXPECT_FALSE(TestFileExists(out));
  EXPECT_FALSE(TestFileExists(out + ".tmp"));
  // Unknown signature: also nothing written.
  r.saved_model_signature_keys = {"nope"};
  EXPECT_FALSE(BuiltinConverter().ConvertToFile(r, out).ok());
  EXPECT_FALSE(TestFileExists(out));
}

TEST(ConvertSavedModel, SyntheticIsDeterministic) {
  const std::string dir = FreshDir("det_synthetic");
  SyntheticSavedModelOptions o;
  o.num_variables = 4;
  o.variable_elements = 300;
  SyntheticModel(dir, o);
  ConversionRequest r;
  r.saved_model_dir = dir;
  ASSERT_TRUE(BuiltinConverter().ConvertToFile(r, dir + "/../det_a.tflite").ok());
  ASSERT_TRUE(BuiltinConverter().ConvertToFile(r, dir + "/../det_b.tflite").ok());
  EXPECT_TRUE(ReadTestFile(dir + "/../det_a.tflite") == ReadTestFile(dir + "/../det_b.tflite"));
}

TEST(ConvertSavedModel, KwsIsDeterministic) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  ConversionRequest r;
  r.saved_model_dir = shared + "/testdata/real/mlperf_tiny/keyword_spotting/kws_ref_model";
  const std::string out = FreshDir("det_kws");
  absl::StatusOr<ConversionSummary> a = BuiltinConverter().ConvertToFile(r, out + "/a.tflite");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(BuiltinConverter().ConvertToFile(r, out + "/b.tflite").ok());
  const std::string fa = ReadTestFile(out + "/a.tflite"), fb = ReadTestFile(out + "/b.tflite");
  EXPECT_GT(fa.size(), 10000u);
  EXPECT_TRUE(fa == fb) << "two conversions of KWS differ";
}

}  // namespace
}  // namespace tfconv
