#include "converter/frontend/saved_model/saved_model_test_util.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace tfconv {

std::string FreshDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = std::string(tmp != nullptr ? tmp : "/tmp") + "/" + name;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  EXPECT_FALSE(ec) << dir << ": " << ec.message();
  return dir;
}

std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteTestFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  EXPECT_TRUE(out.good()) << "cannot write " << path;
}

bool TestFileExists(const std::string& path) { return std::filesystem::exists(path); }

tensorflow::SavedModel SyntheticModel(const std::string& dir, const SyntheticSavedModelOptions& options) {
  absl::Status s = WriteSyntheticSavedModel(dir, options);
  EXPECT_TRUE(s.ok()) << s;
  tensorflow::SavedModel model;
  EXPECT_TRUE(model.ParseFromString(ReadTestFile(dir + "/saved_model.pb")));
  return model;
}

void WriteSavedModelPb(const std::string& dir, const tensorflow::SavedModel& model) {
  WriteTestFile(dir + "/saved_model.pb", model.SerializeAsString());
}

tensorflow::NodeDef* FindNode(tensorflow::SavedModel& model, const std::string& name) {
  for (tensorflow::NodeDef& n : *model.mutable_meta_graphs(0)->mutable_graph_def()->mutable_node()) {
    if (n.name() == name) return &n;
  }
  ADD_FAILURE() << "no node " << name;
  static tensorflow::NodeDef dummy;
  return &dummy;
}

std::vector<float> SyntheticValues(int i, int64_t elements) {
  std::vector<float> v(elements);
  // The documented formula, written out here rather than taken from the maker.
  for (int64_t j = 0; j < elements; ++j) v[j] = static_cast<float>((7 * i + j) % 13 - 6) / 1024.0f;
  return v;
}

}  // namespace tfconv
