// Robustness on every real model of the shared test data: dynamic range and float16 quantization
// succeed (or leave a model alone), and the result writes and reads back as a valid model.
#include <string>
#include <vector>

#include "converter/tflite/flatbuffer_reader.h"
#include "converter/tflite/flatbuffer_writer.h"
#include "converter/tflite/testing/real_models.h"
#include "gtest/gtest.h"
#include "quantization/quantize.h"

namespace tfconv {
namespace {

TEST(QuantizeRealModels, WeightModesGiveValidModels) {
  RealModels models = FindRealModels();
  if (!models.error.empty()) FAIL() << models.error;
  if (models.paths.empty()) GTEST_SKIP() << models.skip_reason;
  int changed[2] = {0, 0};
  for (const std::string& path : models.paths) {
    absl::StatusOr<TflModel> model = ReadModelFile(path);
    if (!model.ok()) continue;  // the reader's own tests cover unreadable files
    const std::string before = SerializeModel(*model).value_or("");
    int k = 0;
    for (QuantizationMode mode : {QuantizationMode::kDynamicRange, QuantizationMode::kFloat16}) {
      SCOPED_TRACE(testing::Message() << path << " " << QuantizationModeName(mode));
      TflModel m = *model;
      QuantizeOptions options;
      options.mode = mode;
      absl::StatusOr<QuantizeReport> r = QuantizeModel(m, options);
      ASSERT_TRUE(r.ok()) << r.status();
      absl::StatusOr<std::string> bytes = SerializeModel(m);
      ASSERT_TRUE(bytes.ok()) << bytes.status();
      absl::StatusOr<TflModel> back = ReadModel(ByteBuffer::FromString(*bytes));
      ASSERT_TRUE(back.ok()) << back.status();
      changed[k++] += *bytes != before;
    }
  }
  // Most real models are float with large weights.
  EXPECT_GT(changed[0], 20);
  EXPECT_GT(changed[1], 40);
}

}  // namespace
}  // namespace tfconv
