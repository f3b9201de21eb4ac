// ReadSavedModelProto, SelectMetaGraph and SignatureKeys on written SavedModels and the real KWS one.
#include "converter/frontend/saved_model/saved_model_read.h"

#include "converter/frontend/saved_model/saved_model_test_util.h"
#include "converter/frontend/shared_testdata.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ReadSavedModelProto, ReadsBinary) {
  const std::string dir = FreshDir("read_pb");
  tensorflow::SavedModel written = SyntheticModel(dir, {});
  absl::StatusOr<tensorflow::SavedModel> m = ReadSavedModelProto(dir);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*m, written));
}

TEST(ReadSavedModelProto, ReadsText) {
  const std::string dir = FreshDir("read_pbtxt");
  tensorflow::SavedModel written = SyntheticModel(dir, {});
  std::remove((dir + "/saved_model.pb").c_str());
  std::string text;
  ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(written, &text));
  WriteTestFile(dir + "/saved_model.pbtxt", text);
  absl::StatusOr<tensorflow::SavedModel> m = ReadSavedModelProto(dir);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*m, written));
}

TEST(ReadSavedModelProto, MissingDirectory) {
  const std::string dir = FreshDir("read_missing") + "/nope";
  absl::StatusOr<tensorflow::SavedModel> m = ReadSavedModelProto(dir);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(m.status().message(), HasSubstr(dir));
  EXPECT_THAT(m.status().message(), HasSubstr("not a directory"));
}

TEST(ReadSavedModelProto, DirectoryWithoutSavedModelPb) {
  const std::string dir = FreshDir("read_empty");
  WriteTestFile(dir + "/model.pb", "x");
  absl::StatusOr<tensorflow::SavedModel> m = ReadSavedModelProto(dir);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(m.status().message(), HasSubstr(dir));
  EXPECT_THAT(m.status().message(), HasSubstr("no saved_model.pb"));
}

TEST(ReadSavedModelProto, GarbageSavedModelPb) {
  const std::string dir = FreshDir("read_garbage");
  // 0xff is a field number 31 varint key whose value runs past the end: not a valid message.
  WriteTestFile(dir + "/saved_model.pb", std::string("\xff\xff\xff\xff\xff\xff garbage", 13));
  absl::StatusOr<tensorflow::SavedModel> m = ReadSavedModelProto(dir);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(m.status().message(), HasSubstr(dir + "/saved_model.pb"));
}

TEST(ReadSavedModelProto, TruncatedSavedModelPb) {
  const std::string dir = FreshDir("read_truncated");
  SyntheticModel(dir, {});
  const std::string bytes = ReadTestFile(dir + "/saved_model.pb");
  WriteTestFile(dir + "/saved_model.pb", bytes.substr(0, bytes.size() / 2));
  absl::StatusOr<tensorflow::SavedModel> m = ReadSavedModelProto(dir);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(), HasSubstr("saved_model.pb"));
}

TEST(ReadSavedModelProto, NoMetaGraph) {
  const std::string dir = FreshDir("read_no_meta");
  tensorflow::SavedModel empty;
  empty.set_saved_model_schema_version(1);
  WriteSavedModelPb(dir, empty);
  absl::StatusOr<tensorflow::SavedModel> m = ReadSavedModelProto(dir);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(), HasSubstr("no MetaGraphDef"));
}

tensorflow::SavedModel TwoTagSets() {
  tensorflow::SavedModel m;
  m.add_meta_graphs()->mutable_meta_info_def()->add_tags("serve");
  auto* gpu = m.add_meta_graphs()->mutable_meta_info_def();
  gpu->add_tags("serve");
  gpu->add_tags("gpu");
  return m;
}

TEST(SelectMetaGraph, MatchesTagSetIgnoringOrderAndDuplicates) {
  tensorflow::SavedModel m = TwoTagSets();
  EXPECT_EQ(*SelectMetaGraph(m, {"serve"}, "d"), 0);
  EXPECT_EQ(*SelectMetaGraph(m, {"gpu", "serve"}, "d"), 1);
  EXPECT_EQ(*SelectMetaGraph(m, {"serve", "gpu", "serve"}, "d"), 1);
}

TEST(SelectMetaGraph, ErrorListsAvailableTagSets) {
  tensorflow::SavedModel m = TwoTagSets();
  absl::StatusOr<int> i = SelectMetaGraph(m, {"train"}, "/models/x");
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(i.status().message(), HasSubstr("/models/x"));
  EXPECT_THAT(i.status().message(), HasSubstr("'train'"));
  EXPECT_THAT(i.status().message(), HasSubstr("'serve'"));
  EXPECT_THAT(i.status().message(), HasSubstr("'gpu,serve'"));
  EXPECT_THAT(i.status().message(), HasSubstr("--saved_model_tag_set"));
  // A subset of a tag set is not that tag set.
  EXPECT_FALSE(SelectMetaGraph(m, {"gpu"}, "d").ok());
}

TEST(SignatureKeys, ServingDefaultFirstThenSortedWithoutInternal) {
  tensorflow::MetaGraphDef meta;
  for (const char* k : {"zeta", "serving_default", "__saved_model_init_op", "alpha", "Beta"}) {
    (*meta.mutable_signature_def())[k];
  }
  EXPECT_THAT(SignatureKeys(meta), ElementsAre("serving_default", "Beta", "alpha", "zeta"));
}

TEST(SignatureKeys, NoServingDefault) {
  tensorflow::MetaGraphDef meta;
  for (const char* k : {"b", "a", "__saved_model_init_op"}) (*meta.mutable_signature_def())[k];
  EXPECT_THAT(SignatureKeys(meta), ElementsAre("a", "b"));
  EXPECT_TRUE(SignatureKeys(tensorflow::MetaGraphDef()).empty());
}

TEST(ReadSavedModelProto, RealKws) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/mlperf_tiny/keyword_spotting/kws_ref_model";
  absl::StatusOr<tensorflow::SavedModel> m = ReadSavedModelProto(dir);
  ASSERT_TRUE(m.ok()) << m.status();
  absl::StatusOr<int> meta = SelectMetaGraph(*m, {"serve"}, dir);
  ASSERT_TRUE(meta.ok()) << meta.status();
  // The Keras export has serving_default (and the init op, which is not a user signature).
  EXPECT_THAT(SignatureKeys(m->meta_graphs(*meta)), ElementsAre("serving_default"));
}

}  // namespace
}  // namespace tfconv
