// Test-only helpers for the SavedModel tests: fresh directories under TEST_TMPDIR, whole files,
// and SavedModels written from a proto (the synthetic TF1 model, edited per test).
//
//   std::string dir = FreshDir("tagsets");                        // $TEST_TMPDIR/tagsets, empty
//   tensorflow::SavedModel m = SyntheticModel(dir, {});           // writes it, returns the proto
//   m.mutable_meta_graphs(0)->...;  WriteSavedModelPb(dir, m);    // rewrite saved_model.pb only
#ifndef TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_SAVED_MODEL_TEST_UTIL_H_
#define TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_SAVED_MODEL_TEST_UTIL_H_

#include <string>
#include <vector>

#include "converter/frontend/checkpoint/synthetic_saved_model.h"
#include "converter/proto/saved_model.pb.h"

namespace tfconv {

std::string FreshDir(const std::string& name);
std::string ReadTestFile(const std::string& path);
void WriteTestFile(const std::string& path, const std::string& bytes);
bool TestFileExists(const std::string& path);

// Writes the synthetic TF1 SavedModel into `dir` and returns its saved_model.pb contents.
tensorflow::SavedModel SyntheticModel(const std::string& dir, const SyntheticSavedModelOptions& options);
void WriteSavedModelPb(const std::string& dir, const tensorflow::SavedModel& model);

// The node `name` of the first MetaGraphDef's graph (fails the test when missing).
tensorflow::NodeDef* FindNode(tensorflow::SavedModel& model, const std::string& name);

// v_i of the synthetic model as its header documents it: ((7 i + j) mod 13 - 6) / 1024.
std::vector<float> SyntheticValues(int i, int64_t elements);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_SAVED_MODEL_TEST_UTIL_H_
