#include "plugins/nn/einsum_equation.h"

#include <algorithm>
#include <cctype>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "ops/op_context.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace {

absl::Status EquationError(const Node& node, const std::string& equation, absl::string_view what) {
  return NodeError(node, absl::StrCat("equation '", equation, "': ", what));
}

// One term: letters and at most one "...", stored as '.'.
absl::StatusOr<std::string> ParseTerm(const Node& node, const std::string& equation, const std::string& term) {
  std::string out;
  bool ellipsis = false;
  for (size_t i = 0; i < term.size(); ++i) {
    const char ch = term[i];
    if (std::isalpha(static_cast<unsigned char>(ch))) {
      out.push_back(ch);
    } else if (term.compare(i, 3, "...") == 0 && !ellipsis) {
      ellipsis = true;
      out.push_back('.');
      i += 2;
    } else {
      return EquationError(node, equation,
                           absl::StrCat("term '", term, "' may hold letters and one '...', not '", term.substr(i), "'"));
    }
  }
  return out;
}

template <typename T, typename Acc>
Tensor EinsumTyped(const EinsumLabels& labels, absl::Span<const Tensor> inputs, const std::map<int, int64_t>& sizes) {
  // Every label: the output's first, in output order, then the summed ones.
  std::vector<int> order = labels.output;
  for (const auto& term : labels.inputs) {
    for (int l : term) {
      if (std::find(order.begin(), order.end(), l) == order.end()) order.push_back(l);
    }
  }
  const size_t num_labels = order.size();
  std::vector<int64_t> extent(num_labels);
  for (size_t k = 0; k < num_labels; ++k) extent[k] = sizes.at(order[k]);

  std::vector<int64_t> out_shape;
  for (int l : labels.output) out_shape.push_back(sizes.at(l));
  Tensor out = Tensor::Zeros(DataTypeOf<T>(), out_shape);
  const int64_t out_count = out.NumElements();

  // step[i][k]: how far operand i's offset moves when label order[k] grows by one (0 along a
  // broadcast dimension of size 1; the sum of the strides of a label repeated on a diagonal).
  const size_t n = inputs.size();
  std::vector<std::vector<int64_t>> step(n + 1, std::vector<int64_t>(num_labels, 0));
  auto fill_steps = [&](std::vector<int64_t>& s, const std::vector<int>& term, const std::vector<int64_t>& shape) {
    int64_t stride = 1;
    for (int d = static_cast<int>(term.size()) - 1; d >= 0; --d) {
      const size_t k = std::find(order.begin(), order.end(), term[d]) - order.begin();
      if (!(shape[d] == 1 && extent[k] != 1)) s[k] += stride;
      stride *= shape[d];
    }
  };
  for (size_t i = 0; i < n; ++i) fill_steps(step[i], labels.inputs[i], inputs[i].shape());
  fill_steps(step[n], labels.output, out_shape);

  std::vector<Acc> acc(out_count, Acc{0});
  int64_t total = 1;
  for (int64_t e : extent) total *= e;
  std::vector<int64_t> index(num_labels, 0);
  std::vector<int64_t> offset(n + 1, 0);
  for (int64_t it = 0; it < total; ++it) {
    Acc product{1};
    for (size_t i = 0; i < n; ++i) product *= static_cast<Acc>(inputs[i].data<T>()[offset[i]]);
    acc[offset[n]] += product;
    // Odometer, last label fastest; offsets follow incrementally.
    for (int k = static_cast<int>(num_labels) - 1; k >= 0; --k) {
      if (++index[k] < extent[k]) {
        for (size_t i = 0; i <= n; ++i) offset[i] += step[i][k];
        break;
      }
      for (size_t i = 0; i <= n; ++i) offset[i] -= step[i][k] * (extent[k] - 1);
      index[k] = 0;
    }
  }
  auto y = out.mutable_data<T>();
  for (int64_t i = 0; i < out_count; ++i) y[i] = static_cast<T>(acc[i]);
  return out;
}

}  // namespace

absl::StatusOr<EinsumEquation> ParseEinsumEquation(const Node& node, const std::string& equation, int num_inputs) {
  EinsumEquation eq;
  eq.text = equation;
  std::string compact;
  for (char ch : equation) {
    if (ch != ' ') compact.push_back(ch);
  }
  const size_t arrow = compact.find("->");
  if (arrow == std::string::npos || compact.find("->", arrow + 2) != std::string::npos) {
    return EquationError(node, equation, "expects exactly one '->' (TF's Einsum kernel takes the explicit form)");
  }
  std::vector<std::string> terms = absl::StrSplit(compact.substr(0, arrow), ',');
  if (static_cast<int>(terms.size()) != num_inputs) {
    return EquationError(node, equation, absl::StrCat("has ", terms.size(), " input terms but the node has ",
                                                      num_inputs, " inputs"));
  }
  for (const std::string& t : terms) {
    TFCONV_ASSIGN_OR_RETURN(std::string term, ParseTerm(node, equation, t));
    eq.inputs.push_back(std::move(term));
  }
  TFCONV_ASSIGN_OR_RETURN(eq.output, ParseTerm(node, equation, compact.substr(arrow + 2)));
  for (size_t i = 0; i < eq.output.size(); ++i) {
    const char ch = eq.output[i];
    if (ch == '.') continue;
    if (eq.output.find(ch, i + 1) != std::string::npos) {
      return EquationError(node, equation, absl::StrCat("the output repeats label '", std::string(1, ch), "'"));
    }
    bool found = false;
    for (const std::string& t : eq.inputs) found = found || t.find(ch) != std::string::npos;
    if (!found) {
      return EquationError(node, equation, absl::StrCat("output label '", std::string(1, ch),
                                                        "' appears in no input"));
    }
  }
  return eq;
}

absl::StatusOr<EinsumLabels> ResolveEinsumLabels(const Node& node, const EinsumEquation& eq,
                                                 const std::vector<int>& ranks) {
  const size_t n = eq.inputs.size();
  if (ranks.size() != n) return EquationError(node, eq.text, "internal: one rank per input expected");
  std::vector<int> ellipsis_dims(n, 0);
  int widest = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string& t = eq.inputs[i];
    const bool has_ellipsis = t.find('.') != std::string::npos;
    const int letters = static_cast<int>(t.size()) - (has_ellipsis ? 1 : 0);
    if (ranks[i] < letters || (!has_ellipsis && ranks[i] != letters)) {
      return EquationError(node, eq.text, absl::StrCat("input ", i, " has rank ", ranks[i], " but its term '", t,
                                                       "' names ", letters, " dimensions",
                                                       has_ellipsis ? " and an ellipsis" : ""));
    }
    ellipsis_dims[i] = ranks[i] - letters;
    widest = std::max(widest, ellipsis_dims[i]);
  }
  auto expand = [&](const std::string& term, int dims) {
    std::vector<int> out;
    for (char ch : term) {
      if (ch != '.') {
        out.push_back(static_cast<unsigned char>(ch));
        continue;
      }
      for (int k = 0; k < dims; ++k) out.push_back(kEllipsisLabel + (widest - dims) + k);
    }
    return out;
  };
  EinsumLabels labels;
  for (size_t i = 0; i < n; ++i) labels.inputs.push_back(expand(eq.inputs[i], ellipsis_dims[i]));
  labels.output = expand(eq.output, widest);
  return labels;
}

absl::StatusOr<std::map<int, int64_t>> EinsumLabelSizes(const Node& node, const EinsumLabels& labels,
                                                        const std::vector<std::vector<int64_t>>& shapes) {
  std::map<int, int64_t> sizes;
  for (size_t i = 0; i < labels.inputs.size(); ++i) {
    for (size_t d = 0; d < labels.inputs[i].size(); ++d) {
      const int l = labels.inputs[i][d];
      const int64_t s = shapes[i][d];
      auto [it, inserted] = sizes.emplace(l, s);
      if (inserted || s < 0 || it->second == s) continue;
      if (it->second < 0) {
        it->second = s;
      } else if (l >= kEllipsisLabel && (it->second == 1 || s == 1)) {
        it->second = std::max(it->second, s);
      } else {
        return NodeError(node, absl::StrCat("label '", EinsumLabelName(l), "' has size ", it->second,
                                            " in one operand and ", s, " in input ", i));
      }
    }
  }
  for (int l : labels.output) sizes.emplace(l, 1);  // an ellipsis no input fills
  return sizes;
}

std::string EinsumLabelName(int label) {
  if (label >= kEllipsisLabel) return absl::StrCat("...", label - kEllipsisLabel);
  return std::string(1, static_cast<char>(label));
}

absl::StatusOr<Tensor> EinsumReference(const Node& node, const EinsumLabels& labels, absl::Span<const Tensor> inputs) {
  if (inputs.empty() || inputs.size() != labels.inputs.size()) return NodeError(node, "internal: operand count");
  std::vector<std::vector<int64_t>> shapes;
  for (const Tensor& t : inputs) {
    if (t.dtype() != inputs[0].dtype()) {
      return NodeError(node, absl::StrCat("operands of different types: ", inputs[0].DebugString(), " and ",
                                          t.DebugString()));
    }
    shapes.push_back(t.shape());
  }
  TFCONV_ASSIGN_OR_RETURN(auto sizes, EinsumLabelSizes(node, labels, shapes));
  switch (inputs[0].dtype()) {
    case DataType::kFloat: return EinsumTyped<float, double>(labels, inputs, sizes);
    case DataType::kDouble: return EinsumTyped<double, double>(labels, inputs, sizes);
    case DataType::kInt32: return EinsumTyped<int32_t, int64_t>(labels, inputs, sizes);
    case DataType::kInt64: return EinsumTyped<int64_t, int64_t>(labels, inputs, sizes);
    default:
      return NodeUnsupported(node, absl::StrCat("evaluation handles float32, float64, int32 and int64, not ",
                                                DataTypeName(inputs[0].dtype())));
  }
}

}  // namespace tfconv
