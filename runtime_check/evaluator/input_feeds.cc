#include "runtime_check/evaluator/input_feeds.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tfconv {
namespace {

std::string Normalized(const std::string& name) {
  return absl::EndsWith(name, ":0") ? name.substr(0, name.size() - 2) : name;
}

}  // namespace

absl::StatusOr<std::vector<Tensor>> ArrangeInputs(const std::vector<EvalTensorSpec>& inputs,
                                                  const std::vector<NamedTensor>& feeds) {
  std::vector<const Tensor*> given(inputs.size(), nullptr);
  bool by_name = !feeds.empty();
  for (const NamedTensor& f : feeds) {
    bool known = false;
    for (const EvalTensorSpec& spec : inputs) known |= Normalized(spec.name) == Normalized(f.name);
    by_name &= known;
  }
  if (by_name) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      for (const NamedTensor& f : feeds) {
        if (Normalized(inputs[i].name) == Normalized(f.name)) given[i] = &f.tensor;
      }
    }
  } else {
    if (feeds.size() > inputs.size()) {
      return absl::InvalidArgumentError(absl::StrCat(feeds.size(), " input tensors given, the model has ",
                                                     inputs.size(), " input(s)"));
    }
    for (size_t i = 0; i < feeds.size(); ++i) given[i] = &feeds[i].tensor;
  }
  std::vector<Tensor> out;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (given[i] != nullptr) {
      out.push_back(*given[i]);
      continue;
    }
    const EvalTensorSpec& spec = inputs[i];
    if (!spec.shape.known_rank()) {
      return absl::InvalidArgumentError(absl::StrCat("input '", spec.name, "' has no known rank: give it"));
    }
    std::vector<int64_t> dims = spec.shape.dims();
    for (int64_t& d : dims) d = d < 0 ? 1 : d;
    absl::StatusOr<Tensor> t = DefaultPatternTensor(spec.dtype, dims);
    if (!t.ok()) {
      return absl::Status(t.status().code(), absl::StrCat("input '", spec.name, "': ", t.status().message()));
    }
    out.push_back(*std::move(t));
  }
  return out;
}

}  // namespace tfconv
