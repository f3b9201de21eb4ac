#include "quantization/debug/error_stats.h"

#include <algorithm>
#include <cmath>

namespace tfconv {

void ErrorStats::Add(absl::Span<const double> reference, absl::Span<const double> got,
                     absl::Span<const double> scales) {
  const size_t n = std::min(reference.size(), got.size());
  const bool scaled = scales.size() >= n && !scales.empty();
  for (size_t i = 0; i < n; ++i) {
    const double r = reference[i], g = got[i];
    if (!std::isfinite(r) || !std::isfinite(g)) {
      ++non_finite_;
      continue;
    }
    const double e = g - r;
    ++count_;
    sum_ += e;
    sum_sq_ += e * e;
    max_abs_ = std::max(max_abs_, std::fabs(e));
    dot_ += r * g;
    ref_sq_ += r * r;
    got_sq_ += g * g;
    ref_min_ = std::min(ref_min_, r);
    ref_max_ = std::max(ref_max_, r);
    if (scaled && scales[i] > 0) {
      const double u = e / scales[i];
      ++scaled_count_;
      sum_sq_scaled_ += u * u;
      max_abs_scaled_ = std::max(max_abs_scaled_, std::fabs(u));
    }
  }
}

void ErrorStats::Merge(const ErrorStats& o) {
  count_ += o.count_;
  non_finite_ += o.non_finite_;
  scaled_count_ += o.scaled_count_;
  sum_ += o.sum_;
  sum_sq_ += o.sum_sq_;
  sum_sq_scaled_ += o.sum_sq_scaled_;
  max_abs_ = std::max(max_abs_, o.max_abs_);
  max_abs_scaled_ = std::max(max_abs_scaled_, o.max_abs_scaled_);
  dot_ += o.dot_;
  ref_sq_ += o.ref_sq_;
  got_sq_ += o.got_sq_;
  ref_min_ = std::min(ref_min_, o.ref_min_);
  ref_max_ = std::max(ref_max_, o.ref_max_);
}

double ErrorStats::rmse() const { return count_ == 0 ? 0 : std::sqrt(sum_sq_ / count_); }

double ErrorStats::mean_error() const { return count_ == 0 ? 0 : sum_ / count_; }

std::optional<double> ErrorStats::rmse_over_scale() const {
  if (scaled_count_ == 0) return std::nullopt;
  return std::sqrt(sum_sq_scaled_ / scaled_count_);
}

std::optional<double> ErrorStats::max_abs_error_over_scale() const {
  if (scaled_count_ == 0) return std::nullopt;
  return max_abs_scaled_;
}

double ErrorStats::cosine() const {
  if (ref_sq_ == 0 && got_sq_ == 0) return 1;
  if (ref_sq_ == 0 || got_sq_ == 0) return 0;
  return dot_ / (std::sqrt(ref_sq_) * std::sqrt(got_sq_));
}

nlohmann::json ErrorStats::ToJson() const {
  nlohmann::json j;
  j["count"] = count_;
  j["rmse"] = rmse();
  const std::optional<double> ros = rmse_over_scale();
  j["rmse_over_scale"] = ros ? nlohmann::json(*ros) : nlohmann::json(nullptr);
  j["max_abs_error"] = max_abs_;
  const std::optional<double> mos = max_abs_error_over_scale();
  j["max_abs_error_over_scale"] = mos ? nlohmann::json(*mos) : nlohmann::json(nullptr);
  j["mean_error"] = mean_error();
  j["cosine"] = cosine();
  j["float_min"] = count_ ? nlohmann::json(ref_min_) : nlohmann::json(nullptr);
  j["float_max"] = count_ ? nlohmann::json(ref_max_) : nlohmann::json(nullptr);
  if (non_finite_) j["non_finite"] = non_finite_;
  return j;
}

}  // namespace tfconv
