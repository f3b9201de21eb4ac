#include "runtime_check/real_models/output_compare.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

bool IsFloat(T type) { return type == T::FLOAT32 || type == T::FLOAT64 || type == T::FLOAT16; }

bool IsComparable(T type) {
  switch (type) {
    case T::FLOAT32: case T::FLOAT64: case T::FLOAT16: case T::INT8: case T::UINT8: case T::INT16:
    case T::UINT16: case T::INT32: case T::UINT32: case T::INT64: case T::UINT64: case T::BOOL:
      return true;
    default:
      return false;
  }
}

// Exact integer difference, also for int64 values beyond 2^53.
double IntegerDifference(const RtTensor& a, const RtTensor& b, int64_t i) {
  if (a.type() == T::INT64) {
    const int64_t x = a.data<int64_t>()[i], y = b.data<int64_t>()[i];
    return x == y ? 0 : std::max(1.0, std::fabs(static_cast<double>(x) - static_cast<double>(y)));
  }
  if (a.type() == T::UINT64) {
    const uint64_t x = a.data<uint64_t>()[i], y = b.data<uint64_t>()[i];
    return x == y ? 0 : std::max(1.0, std::fabs(static_cast<double>(x) - static_cast<double>(y)));
  }
  return std::fabs(ElementAsDouble(a, i) - ElementAsDouble(b, i));
}

std::string Short(double v) { return absl::StrFormat("%.2g", v); }

}  // namespace

OutputDiff CompareOutput(const RtTensor& ours, const RtTensor& reference) {
  OutputDiff d;
  d.name = ours.name();
  d.is_float = IsFloat(ours.type());
  d.quantized = ours.is_quantized() && !d.is_float;
  if (ours.name() != reference.name()) {
    d.problem = absl::StrCat("output name '", ours.name(), "' vs LiteRT.js '", reference.name(), "'");
    return d;
  }
  if (ours.type() != reference.type()) {
    d.problem = absl::StrCat("'", ours.name(), "' is ", DtypeName(ours.type()), ", LiteRT.js gives ",
                             DtypeName(reference.type()));
    return d;
  }
  if (ours.shape() != reference.shape()) {
    d.problem = absl::StrCat("'", ours.name(), "' has shape ", ShapeString(ours.shape()), ", LiteRT.js ",
                             ShapeString(reference.shape()));
    return d;
  }
  if (!IsComparable(ours.type())) {
    d.problem = absl::StrCat("'", ours.name(), "': ", DtypeName(ours.type()), " outputs are not compared");
    return d;
  }
  d.num_elements = ours.num_elements();
  for (int64_t i = 0; i < d.num_elements; ++i) {
    if (!d.is_float) {
      const double diff = IntegerDifference(ours, reference, i);
      d.max_lsb = std::max(d.max_lsb, diff);
      d.mismatches += diff != 0;
      continue;
    }
    const double a = ElementAsDouble(ours, i), b = ElementAsDouble(reference, i);
    if (!std::isfinite(a) || !std::isfinite(b)) {
      const bool same = (std::isnan(a) && std::isnan(b)) || a == b;
      if (!same) {
        ++d.mismatches;
        d.max_abs = INFINITY;
      }
      continue;
    }
    const double diff = std::fabs(a - b);
    d.max_abs = std::max(d.max_abs, diff);
    if (b != 0) d.max_rel = std::max(d.max_rel, diff / std::fabs(b));
    d.mismatches += diff > std::max(kAbsTolerance, kRelTolerance * std::fabs(b));
  }
  return d;
}

OutputsDiff CompareOutputs(absl::Span<const RtTensor> ours, absl::Span<const RtTensor> reference) {
  OutputsDiff d;
  if (ours.size() != reference.size()) {
    d.problem = absl::StrCat(ours.size(), " outputs, LiteRT.js gives ", reference.size());
  }
  for (size_t i = 0; i < ours.size() && i < reference.size(); ++i) {
    d.outputs.push_back(CompareOutput(ours[i], reference[i]));
  }
  return d;
}

bool OutputsDiff::within_tolerance() const {
  if (!problem.empty()) return false;
  for (const OutputDiff& o : outputs) {
    if (!o.problem.empty() || o.mismatches > 0) return false;
  }
  return true;
}

bool OutputsDiff::exact() const {
  if (!within_tolerance()) return false;
  for (const OutputDiff& o : outputs) {
    if (o.max_abs != 0 || o.max_lsb != 0) return false;
  }
  return true;
}

double OutputsDiff::max_lsb() const {
  double m = 0;
  for (const OutputDiff& o : outputs) m = std::max(m, o.max_lsb);
  return m;
}

double OutputsDiff::max_abs() const {
  double m = 0;
  for (const OutputDiff& o : outputs) m = std::max(m, o.max_abs);
  return m;
}

std::string OutputsDiff::Summary() const {
  if (!problem.empty()) return problem;
  for (const OutputDiff& o : outputs) {
    if (!o.problem.empty()) return o.problem;
  }
  bool any_float = false, any_int = false, quantized = false;
  double abs = 0, rel = 0, lsb = 0;
  int64_t float_bad = 0, int_bad = 0, n = 0;
  for (const OutputDiff& o : outputs) {
    n += o.num_elements;
    if (o.is_float) {
      any_float = true;
      abs = std::max(abs, o.max_abs);
      rel = std::max(rel, o.max_rel);
      float_bad += o.mismatches;
    } else {
      any_int = true;
      quantized |= o.quantized;
      lsb = std::max(lsb, o.max_lsb);
      int_bad += o.mismatches;
    }
  }
  std::vector<std::string> parts;
  if (any_float) {
    parts.push_back(abs == 0 ? "exact" : absl::StrCat("abs ", Short(abs), ", rel ", Short(rel)));
    if (float_bad > 0) parts.back() += absl::StrCat(" (", float_bad, " of ", n, " values out of tolerance)");
  }
  if (any_int) {
    if (lsb == 0) {
      parts.push_back(any_float ? "integers exact" : "exact");
    } else {
      parts.push_back(absl::StrCat("max ", lsb, quantized ? " LSB" : " (integer difference)", " (", int_bad, " of ",
                                   n, " values)"));
    }
  }
  if (parts.empty()) return "no values";
  return absl::StrJoin(parts, "; ");
}

}  // namespace tfconv
