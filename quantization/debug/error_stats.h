// Error statistics of quantized values against float reference values, accumulated over elements and
// samples: RMSE, RMSE in units of the quantization step (RMSE/scale; pure rounding of a value spread
// over many steps gives 1/sqrt(12) ~ 0.289), max abs error, mean error (the bias), and the reference's
// range.
//
//   ErrorStats s;
//   s.Add(/*reference=*/float_values, /*got=*/dequantized_values, /*scales=*/ElementScales(q));
//   s.rmse(); s.rmse_over_scale();   // nullopt when the quantized side has no scale
#ifndef TFCONV_QUANTIZATION_DEBUG_ERROR_STATS_H_
#define TFCONV_QUANTIZATION_DEBUG_ERROR_STATS_H_

#include <cstdint>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

#include "absl/types/span.h"

namespace tfconv {

inline constexpr double kIdealRmseOverScale = 0.28867513459481287;  // 1/sqrt(12)

class ErrorStats {
 public:
  // Errors are got - reference. `scales` is empty (no scale) or one step per element. Non-finite
  // pairs are counted apart and left out of the statistics.
  void Add(absl::Span<const double> reference, absl::Span<const double> got, absl::Span<const double> scales);
  void Merge(const ErrorStats& other);

  int64_t count() const { return count_; }
  int64_t non_finite() const { return non_finite_; }
  double rmse() const;
  double mean_error() const;
  double max_abs_error() const { return max_abs_; }
  std::optional<double> rmse_over_scale() const;
  // The largest |error| / step: at most 0.5 when the only error is one rounding.
  std::optional<double> max_abs_error_over_scale() const;
  double reference_min() const { return ref_min_; }
  double reference_max() const { return ref_max_; }
  double reference_range() const { return count_ == 0 ? 0 : ref_max_ - ref_min_; }
  // Cosine similarity of the two vectors (1 when both are zero).
  double cosine() const;

  // {count, rmse, rmse_over_scale (null without a scale), max_abs_error, mean_error, ...}.
  nlohmann::json ToJson() const;

 private:
  int64_t count_ = 0, non_finite_ = 0, scaled_count_ = 0;
  double sum_ = 0, sum_sq_ = 0, sum_sq_scaled_ = 0, max_abs_ = 0, max_abs_scaled_ = 0;
  double dot_ = 0, ref_sq_ = 0, got_sq_ = 0;
  double ref_min_ = std::numeric_limits<double>::infinity();
  double ref_max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_DEBUG_ERROR_STATS_H_
