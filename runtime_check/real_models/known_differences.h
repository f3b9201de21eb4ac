// Real models on which the reference interpreter and LiteRT.js are known to disagree, each with the
// bound the difference must stay within and the reason; and models LiteRT.js 2.5.3 runs without an
// error but wrongly. The real-models test passes a known difference while it stays within its bound
// and fails it beyond; a model with a LiteRT.js limit is reported, not compared.
#ifndef TFCONV_RUNTIME_CHECK_REAL_MODELS_KNOWN_DIFFERENCES_H_
#define TFCONV_RUNTIME_CHECK_REAL_MODELS_KNOWN_DIFFERENCES_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace tfconv {

struct KnownDifference {
  const char* model;  // as in the table: the path under testdata/real, plus " [signature]" if any
  double max_lsb;     // the largest integer/quantized difference allowed
  double max_abs;     // the largest float difference allowed
  const char* reason;
};

struct LiteRtLimit {
  const char* model_prefix;  // a path under testdata/real, or a folder ending in '/'
  const char* reason;
};

absl::Span<const KnownDifference> KnownDifferences();
absl::Span<const LiteRtLimit> LiteRtLimits();
// Null when `model` has no entry.
const KnownDifference* FindKnownDifference(absl::string_view model);
const LiteRtLimit* FindLiteRtLimit(absl::string_view model);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_REAL_MODELS_KNOWN_DIFFERENCES_H_
