#include "runtime_check/compare/tensor_compare.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <queue>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "runtime_check/compare/tensor_convert.h"
#include "runtime_check/io/json_number.h"
#include "runtime_check/numeric/half.h"

namespace tfconv {
namespace {

using json = nlohmann::json;

std::string Num(double v) { return absl::StrFormat("%.6g", v); }

std::string ShapeText(const std::vector<int64_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ","), "]");
}

std::string TypeText(const CompareOperand& o) {
  return absl::StrCat(DataTypeName(o.tensor.dtype()), o.quant.has_value() ? " (quantized)" : "");
}

// The checks a quantized operand must pass before its values mean anything.
std::string QuantProblem(const CompareOperand& o) {
  const QuantParams& q = *o.quant;
  if (!IsIntegerType(o.tensor.dtype())) {
    return absl::StrCat("quantization parameters on a ", DataTypeName(o.tensor.dtype()), " tensor");
  }
  if (q.scale.empty()) return "quantization without a scale";
  for (double s : q.scale) {
    if (!(s > 0) || !std::isfinite(s)) {
      return absl::StrCat("quantization scale ", Num(s), " is not positive and finite");
    }
  }
  if (!q.zero_point.empty() && q.zero_point.size() != 1 && q.zero_point.size() != q.scale.size()) {
    return absl::StrCat(q.zero_point.size(), " zero points for ", q.scale.size(), " scales");
  }
  if (q.scale.size() > 1 || q.zero_point.size() > 1) {
    const int rank = o.tensor.rank();
    if (q.axis < 0 || q.axis >= rank) {
      return absl::StrCat("quantization axis ", q.axis, " outside rank ", rank);
    }
    const size_t channels = std::max(q.scale.size(), q.zero_point.size());
    if (static_cast<int64_t>(channels) != o.tensor.dim(q.axis)) {
      return absl::StrCat(channels, " quantization channels for dimension ", q.axis, " of size ",
                          o.tensor.dim(q.axis));
    }
  }
  return "";
}

// Per-element access to a quantized operand's parameters.
class QuantView {
 public:
  explicit QuantView(const CompareOperand& o) : q_(*o.quant) {
    if (q_.scale.size() > 1 || q_.zero_point.size() > 1) {
      channels_ = o.tensor.dim(q_.axis);
      for (int d = q_.axis + 1; d < o.tensor.rank(); ++d) inner_ *= o.tensor.dim(d);
    }
  }
  int64_t Channel(int64_t i) const { return channels_ <= 1 ? 0 : (i / inner_) % channels_; }
  double Scale(int64_t i) const { return q_.scale.size() == 1 ? q_.scale[0] : q_.scale[Channel(i)]; }
  int64_t ZeroPoint(int64_t i) const {
    if (q_.zero_point.empty()) return 0;
    return q_.zero_point.size() == 1 ? q_.zero_point[0] : q_.zero_point[Channel(i)];
  }

 private:
  const QuantParams& q_;
  int64_t channels_ = 1;
  int64_t inner_ = 1;
};

float BFloat16ToFloat(uint16_t bits) {
  uint32_t wide = static_cast<uint32_t>(bits) << 16;
  float f;
  std::memcpy(&f, &wide, sizeof(f));
  return f;
}

// The values as doubles (raw integers for a quantized operand); false for unreadable types.
bool ReadValues(const Tensor& t, std::vector<double>& out) {
  const int64_t n = t.NumElements();
  out.resize(n);
  switch (t.dtype()) {
    case DataType::kHalf:
      for (int64_t i = 0; i < n; ++i) out[i] = HalfToFloat(t.data<uint16_t>()[i]);
      return true;
    case DataType::kBFloat16:
      for (int64_t i = 0; i < n; ++i) out[i] = BFloat16ToFloat(t.data<uint16_t>()[i]);
      return true;
    case DataType::kFloat:
    case DataType::kDouble:
    case DataType::kInt8:
    case DataType::kInt16:
    case DataType::kInt32:
    case DataType::kInt64:
    case DataType::kUInt8:
    case DataType::kUInt16:
    case DataType::kUInt32:
    case DataType::kUInt64:
    case DataType::kBool:
      for (int64_t i = 0; i < n; ++i) out[i] = t.ElementAsDouble(i);
      return true;
    default:
      return false;
  }
}

std::vector<int64_t> Position(int64_t index, const std::vector<int64_t>& shape) {
  std::vector<int64_t> pos(shape.size());
  for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
    if (shape[d] > 0) {
      pos[d] = index % shape[d];
      index /= shape[d];
    }
  }
  return pos;
}

// Orders candidates for "worst": larger error first, then the lower index.
struct WorseFirst {
  bool operator()(const WorstElement& a, const WorstElement& b) const {
    if (a.abs_error != b.abs_error) return a.abs_error > b.abs_error;
    return a.index < b.index;
  }
};

}  // namespace

absl::StatusOr<CompareOperand> OperandFromRtTensor(const RtTensor& tensor) {
  absl::StatusOr<Tensor> t = ToTensor(tensor);
  if (!t.ok()) return t.status();
  CompareOperand o = CompareOperand::Of(*std::move(t), tensor.name());
  if (tensor.is_quantized() && IsIntegerType(o.tensor.dtype())) {
    const TflQuantization& q = *tensor.quantization();
    QuantParams p;
    p.scale.assign(q.scale.begin(), q.scale.end());
    p.zero_point = q.zero_point;
    p.axis = q.quantized_dimension;
    o.quant = std::move(p);
  }
  return o;
}

TensorComparison CompareTensors(const CompareOperand& actual, const CompareOperand& expected,
                                const CompareOptions& options) {
  TensorComparison c;
  c.name = actual.name;
  c.expected_name = expected.name;
  c.actual_type = TypeText(actual);
  c.expected_type = TypeText(expected);
  c.actual_shape = actual.tensor.shape();
  c.expected_shape = expected.tensor.shape();
  auto not_comparable = [&](std::string why) {
    c.failure = std::move(why);
    return c;
  };
  for (const CompareOperand* o : {&actual, &expected}) {
    const char* side = o == &actual ? "actual" : "expected";
    if (!o->tensor.IsValid()) {
      return not_comparable(absl::StrCat("the ", side, " tensor is malformed: ", o->tensor.DebugString()));
    }
    if (o->quant.has_value()) {
      std::string problem = QuantProblem(*o);
      if (!problem.empty()) return not_comparable(absl::StrCat("the ", side, " side: ", problem));
    }
  }
  if (c.actual_shape != c.expected_shape) {
    return not_comparable(absl::StrCat("shape ", ShapeText(c.actual_shape), " vs expected ",
                                       ShapeText(c.expected_shape)));
  }
  const bool any_quantized = actual.quant.has_value() || expected.quant.has_value();
  if (!any_quantized && actual.tensor.dtype() != expected.tensor.dtype()) {
    return not_comparable(absl::StrCat("type ", c.actual_type, " vs expected ", c.expected_type));
  }
  std::vector<double> a, b;
  if (!ReadValues(actual.tensor, a) || !ReadValues(expected.tensor, b)) {
    return not_comparable(absl::StrCat("cannot compare ", c.actual_type, " with ", c.expected_type));
  }
  c.comparable = true;
  c.num_elements = static_cast<int64_t>(a.size());

  std::optional<QuantView> qa, qb;
  if (actual.quant.has_value()) qa.emplace(actual);
  if (expected.quant.has_value()) qb.emplace(expected);
  // The raw integers, kept for the exact LSB count; the real values replace them in a and b.
  std::vector<double> raw_a, raw_b;
  if (qa) {
    raw_a = a;
    for (int64_t i = 0; i < c.num_elements; ++i) a[i] = qa->Scale(i) * (a[i] - qa->ZeroPoint(i));
  }
  if (qb) {
    raw_b = b;
    for (int64_t i = 0; i < c.num_elements; ++i) b[i] = qb->Scale(i) * (b[i] - qb->ZeroPoint(i));
  }
  if (any_quantized) c.max_lsb_error = 0.0;

  const Tolerance& tol = options.tolerance;
  std::priority_queue<WorstElement, std::vector<WorstElement>, WorseFirst> worst;
  auto consider = [&](int64_t i, double err) {
    if (options.worst_count <= 0 || !(err > 0)) return;
    WorstElement w{i, {}, a[i], b[i], err};
    if (static_cast<int>(worst.size()) < options.worst_count) {
      worst.push(w);
    } else if (WorseFirst()(w, worst.top())) {
      worst.pop();
      worst.push(w);
    }
  };
  const double inf = std::numeric_limits<double>::infinity();
  double sum_abs = 0, sum_sq = 0, dot = 0, norm_a = 0, norm_b = 0;
  int64_t finite_pairs = 0;
  for (int64_t i = 0; i < c.num_elements; ++i) {
    const double x = a[i], y = b[i];
    if (!std::isfinite(x) || !std::isfinite(y)) {
      const bool match = (std::isnan(x) && std::isnan(y)) || x == y;
      if (!match) {
        ++c.num_mismatches;
        ++c.num_nonfinite_mismatches;
        c.max_abs_error = inf;
        consider(i, inf);
      }
      continue;
    }
    const double d = std::fabs(x - y);
    ++finite_pairs;
    sum_abs += d;
    sum_sq += d * d;
    dot += x * y;
    norm_a += x * x;
    norm_b += y * y;
    c.max_abs_error = std::max(c.max_abs_error, d);
    c.max_rel_error = std::max(c.max_rel_error, d / std::max(std::fabs(y), options.rel_floor));
    if (!(d <= tol.max_abs + tol.max_rel * std::fabs(y))) ++c.num_mismatches;
    if (any_quantized) {
      double lsb;
      if (qa && qb && qa->Scale(i) == qb->Scale(i) && qa->ZeroPoint(i) == qb->ZeroPoint(i)) {
        lsb = std::fabs(raw_a[i] - raw_b[i]);
      } else {
        lsb = d / (qa ? qa->Scale(i) : qb->Scale(i));
      }
      c.max_lsb_error = std::max(*c.max_lsb_error, lsb);
    }
    consider(i, d);
  }
  if (finite_pairs > 0) {
    c.mean_abs_error = sum_abs / finite_pairs;
    c.rmse = std::sqrt(sum_sq / finite_pairs);
  }
  if (norm_a == 0 && norm_b == 0) {
    c.cosine = 1;
  } else if (norm_a == 0 || norm_b == 0) {
    c.cosine = 0;
  } else {
    c.cosine = dot / (std::sqrt(norm_a) * std::sqrt(norm_b));
  }
  while (!worst.empty()) {
    c.worst.push_back(worst.top());
    worst.pop();
  }
  std::reverse(c.worst.begin(), c.worst.end());
  for (WorstElement& w : c.worst) w.position = Position(w.index, c.actual_shape);

  std::vector<std::string> why;
  if (c.num_mismatches > 0) {
    why.push_back(absl::StrCat(c.num_mismatches, " of ", c.num_elements, " elements out of tolerance (|a-b| <= ",
                               Num(tol.max_abs), " + ", Num(tol.max_rel), "*|b|)",
                               c.num_nonfinite_mismatches > 0
                                   ? absl::StrCat(", ", c.num_nonfinite_mismatches, " of them NaN/Inf mismatches")
                                   : ""));
  }
  if (tol.min_cosine.has_value() && !(c.cosine >= *tol.min_cosine)) {
    why.push_back(absl::StrCat("cosine similarity ", Num(c.cosine), " below ", Num(*tol.min_cosine)));
  }
  c.failure = absl::StrJoin(why, "; ");
  c.passed = why.empty();
  return c;
}

ComparisonReport CompareTensorLists(const std::vector<CompareOperand>& actual,
                                    const std::vector<CompareOperand>& expected,
                                    const CompareOptions& options) {
  ComparisonReport r;
  r.options = options;
  const size_t n = std::min(actual.size(), expected.size());
  for (size_t i = 0; i < n; ++i) r.outputs.push_back(CompareTensors(actual[i], expected[i], options));
  if (actual.size() != expected.size()) {
    r.failure = absl::StrCat(actual.size(), " output(s) vs ", expected.size(), " expected");
  } else if (n == 0) {
    r.failure = "no outputs to compare";
  }
  r.passed = r.failure.empty();
  for (const TensorComparison& c : r.outputs) r.passed &= c.passed;
  return r;
}

std::string ToText(const TensorComparison& c) {
  std::string name = c.name == c.expected_name || c.expected_name.empty()
                         ? c.name
                         : absl::StrCat(c.name, " vs ", c.expected_name);
  std::string head = absl::StrCat(c.passed ? "PASS " : "FAIL ", name, " ", c.actual_type,
                                  ShapeText(c.actual_shape), ":");
  if (!c.comparable) return absl::StrCat(head, " ", c.failure, "\n");
  std::string line = absl::StrCat(head, " max_abs=", Num(c.max_abs_error), " max_rel=", Num(c.max_rel_error),
                                  " mean_abs=", Num(c.mean_abs_error), " rmse=", Num(c.rmse),
                                  " cosine=", absl::StrFormat("%.9g", c.cosine),
                                  c.max_lsb_error ? absl::StrCat(" max_lsb=", Num(*c.max_lsb_error)) : "",
                                  " mismatches=", c.num_mismatches, "/", c.num_elements);
  if (c.passed) return line + "\n";
  absl::StrAppend(&line, "\n    ", c.failure, "\n");
  for (const WorstElement& w : c.worst) {
    absl::StrAppend(&line, "    at ", ShapeText(w.position), ": actual=", Num(w.actual),
                    " expected=", Num(w.expected), " abs_error=", Num(w.abs_error), "\n");
  }
  return line;
}

json ToJson(const TensorComparison& c) {
  json j{{"name", c.name},
         {"expected_name", c.expected_name},
         {"passed", c.passed},
         {"failure", c.failure},
         {"comparable", c.comparable},
         {"actual_type", c.actual_type},
         {"expected_type", c.expected_type},
         {"actual_shape", c.actual_shape},
         {"expected_shape", c.expected_shape}};
  if (!c.comparable) return j;
  j["num_elements"] = c.num_elements;
  j["max_abs_error"] = JsonNumber(c.max_abs_error);
  j["max_rel_error"] = JsonNumber(c.max_rel_error);
  j["mean_abs_error"] = JsonNumber(c.mean_abs_error);
  j["rmse"] = JsonNumber(c.rmse);
  j["cosine"] = JsonNumber(c.cosine);
  j["num_mismatches"] = c.num_mismatches;
  j["num_nonfinite_mismatches"] = c.num_nonfinite_mismatches;
  j["max_lsb_error"] = c.max_lsb_error ? JsonNumber(*c.max_lsb_error) : json(nullptr);
  json worst = json::array();
  for (const WorstElement& w : c.worst) {
    worst.push_back(json{{"index", w.index},
                         {"position", w.position},
                         {"actual", JsonNumber(w.actual)},
                         {"expected", JsonNumber(w.expected)},
                         {"abs_error", JsonNumber(w.abs_error)}});
  }
  j["worst"] = std::move(worst);
  return j;
}

std::string ComparisonReport::ToText() const {
  std::string text;
  int failed = 0;
  for (const TensorComparison& c : outputs) {
    text += tfconv::ToText(c);
    failed += c.passed ? 0 : 1;
  }
  const Tolerance& t = options.tolerance;
  std::string tolerance = absl::StrCat("max_abs ", Num(t.max_abs), ", max_rel ", Num(t.max_rel),
                                       t.min_cosine ? absl::StrCat(", min_cosine ", Num(*t.min_cosine)) : "");
  absl::StrAppend(&text, passed ? "PASS" : "FAIL", ": ", outputs.size(), " output(s) compared, ", failed,
                  " failed", failure.empty() ? "" : absl::StrCat(", ", failure), " (", tolerance, ")\n");
  return text;
}

json ComparisonReport::ToJson() const {
  json outs = json::array();
  for (const TensorComparison& c : outputs) outs.push_back(tfconv::ToJson(c));
  const Tolerance& t = options.tolerance;
  return json{{"passed", passed},
              {"failure", failure},
              {"tolerance",
               {{"max_abs", t.max_abs},
                {"max_rel", t.max_rel},
                {"min_cosine", t.min_cosine ? json(*t.min_cosine) : json(nullptr)}}},
              {"rel_floor", options.rel_floor},
              {"outputs", std::move(outs)}};
}

}  // namespace tfconv
