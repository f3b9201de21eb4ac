#include "runtime_check/real_models/model_check.h"

#include <string>

#include "gtest/gtest.h"
#include "runtime_check/real_models/known_differences.h"

namespace tfconv {
namespace {

TEST(LiteRtFailureReason, TakesTheCauseNotTheLocation) {
  // Logs of run_litert.mjs as LiteRT.js 2.5.3 writes them.
  const std::string version =
      "ERROR: Model provided is schema version 2 not equal to supported version 3.\n\n"
      "FAILED to compile /data/real/transpose.bin: ERROR: [third_party/odml/litert/litert/js/packages/core/src/"
      "cpp/litert_web.cc:245]\n";
  EXPECT_EQ(LiteRtFailureReason(version, "/data/real/transpose.bin"),
            "Model provided is schema version 2 not equal to supported version 3.");
  const std::string variables =
      "warning: model has 2 variable tensor(s) (is_variable); LiteRT.js does not support them\n"
      "ERROR: [model_load.cc:290] Variable tensors not yet supported.\n"
      "FAILED to compile /data/real/lstm.bin: Failed to load model from buffer\n";
  EXPECT_EQ(LiteRtFailureReason(variables, "/data/real/lstm.bin"), "Variable tensors not yet supported.");
  const std::string only_failed = "input  x [1] float32\nFAILED to run /data/real/where.bin: type mismatch\n";
  EXPECT_EQ(LiteRtFailureReason(only_failed, "/data/real/where.bin"), "FAILED to run where.bin: type mismatch");
  // An error logged by a run that still exits 0 (its outputs are stale).
  const std::string logged = "input  x [2] int32 (default pattern)\n"
                             "ERROR: gather index out of bounds\nERROR: Node number 0 (GATHER) failed to invoke.\n"
                             "output y [2,2] float32 [0,0,0,0]\n";
  EXPECT_EQ(LiteRtFailureReason(logged, "/m.bin"), "gather index out of bounds");
  const std::string clean = "input  x [1] float32 (default pattern)\noutput y [1] float32 [1.5]\n"
                            "loadLiteRt 150 ms, compile 60 ms, first run 10 ms\n";
  EXPECT_EQ(LiteRtFailureReason(clean, "/m.bin"), "");
}

TEST(MarkdownTable, CountsAndEscapes) {
  ModelReport a;
  a.model = "a.tflite";
  a.ops = "ADD";
  a.verdict = Verdict::kMatch;
  a.result = "match";
  a.max_error = "exact";
  ModelReport b;
  b.model = "b.tflite";
  b.ops = "CUSTOM(x|y)";
  b.verdict = Verdict::kNotCovered;
  b.result = "not covered: CUSTOM(x|y)";
  const std::string table = MarkdownTable({a, b});
  EXPECT_EQ(table,
            "2 model runs: 1 match, 1 not covered.\n\n"
            "| model | ops | result | max error |\n|---|---|---|---|\n"
            "| a.tflite | ADD | match | exact |\n"
            "| b.tflite | CUSTOM(x\\|y) | not covered: CUSTOM(x\\|y) |  |\n");
  EXPECT_FALSE(a.failed());
  b.verdict = Verdict::kDiffers;
  EXPECT_TRUE(b.failed());
}

TEST(KnownDifferences, EveryEntrySaysWhyAndHasABound) {
  for (const KnownDifference& k : KnownDifferences()) {
    EXPECT_NE(std::string(k.reason), "") << k.model;
    EXPECT_TRUE(k.max_lsb > 0 || k.max_abs > 0) << k.model;
    EXPECT_EQ(FindKnownDifference(k.model), &k);
  }
  for (const LiteRtLimit& l : LiteRtLimits()) {
    EXPECT_NE(std::string(l.reason), "") << l.model_prefix;
    EXPECT_EQ(FindLiteRtLimit(std::string(l.model_prefix) + "x.tflite"), &l);
  }
  EXPECT_EQ(FindKnownDifference("no/such/model.tflite"), nullptr);
}

}  // namespace
}  // namespace tfconv
