// Finds the real .tflite models that tests read: every .tflite and .bin file under
// <shared>/testdata/real whose bytes 4..7 are "TFL3". <shared> is $TFCONV_SHARED_DIR, else
// /work/shared. Without that directory a test skips, except under CI (CI=true), where it fails.
//
//   RealModels models = FindRealModels();
//   if (!models.error.empty()) FAIL() << models.error;
//   if (models.paths.empty()) GTEST_SKIP() << models.skip_reason;
//   for (const std::string& path : models.paths) { ... }
#ifndef TFCONV_CONVERTER_TFLITE_TESTING_REAL_MODELS_H_
#define TFCONV_CONVERTER_TFLITE_TESTING_REAL_MODELS_H_

#include <string>
#include <vector>

namespace tfconv {

struct RealModels {
  std::vector<std::string> paths;  // sorted, so runs are reproducible
  std::string skip_reason;         // set when the directory is missing outside CI
  std::string error;               // set when the directory is missing under CI
};

RealModels FindRealModels();

// The whole file; empty on error.
std::string ReadFileBytes(const std::string& path);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_TFLITE_TESTING_REAL_MODELS_H_
