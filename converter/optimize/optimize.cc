#include "converter/optimize/optimize.h"

#include "absl/strings/str_cat.h"
#include "converter/optimize/cleanup.h"
#include "converter/optimize/fold_affine.h"
#include "converter/optimize/fuse_activation.h"
#include "converter/optimize/fuse_dilated_conv.h"
#include "converter/optimize/fuse_gelu.h"
#include "converter/optimize/fuse_hard_swish.h"
#include "converter/optimize/fuse_leaky_relu.h"
#include "converter/optimize/fuse_prelu.h"
#include "converter/optimize/remove_identity.h"
#include "converter/tflite/model_check.h"

namespace tfconv {
namespace {

size_t OperatorCount(const TflModel& model) {
  size_t n = 0;
  for (const TflSubgraph& g : model.subgraphs) n += g.operators.size();
  return n;
}

// One round of every enabled pass; returns the number of changes.
int64_t RunRound(TflModel& model, const OptimizeOptions& options, OptimizeReport& report) {
  int64_t changes = 0;
  auto record = [&](const char* pattern, int64_t n) {
    if (n == 0) return;
    report.counts[pattern] += n;
    changes += n;
  };
  // Identities first, so that a RESHAPE between a conv and its ADD does not hide the pattern.
  if (options.remove_identities) {
    record("remove_identity_reshape", RemoveIdentityReshapes(model));
    record("remove_identity_transpose", RemoveIdentityTransposes(model));
  }
  // Before the bias folding, so that a bias ADD after BATCH_TO_SPACE_ND folds in the same round.
  if (options.fuse_dilated_conv) record("fuse_dilated_conv", FuseDilatedConvolutions(model));
  // The activation patterns read ADD + RELU6 both fused and apart, so the order with
  // FuseActivations does not matter; before the folds, which cannot take their operators anyway.
  if (options.fuse_activation_patterns) {
    record("fuse_prelu", FusePRelu(model));
    record("fuse_hard_swish", FuseHardSwish(model));
    record("fuse_leaky_relu", FuseLeakyRelu(model));
    record("fuse_gelu", FuseGelu(model));
  }
  // Bias and scale before activations: both need the affine op's activation still NONE.
  if (options.fold_bias) record("fold_add_sub_into_bias", FoldAddSubIntoBias(model));
  if (options.fold_scale) record("fold_mul_div_into_weights", FoldMulDivIntoWeights(model));
  if (options.fuse_activations) record("fold_activation", FuseActivations(model));
  if (options.deduplicate_buffers) record("dedup_buffer", DeduplicateBuffers(model));
  if (options.drop_unused) {
    const DropCounts dropped = DropUnused(model);
    record("drop_tensor", dropped.tensors);
    record("drop_buffer", dropped.buffers);
    record("drop_operator_code", dropped.operator_codes);
  }
  return changes;
}

}  // namespace

int64_t OptimizeReport::count(const std::string& pattern) const {
  auto it = counts.find(pattern);
  return it == counts.end() ? 0 : it->second;
}

std::string OptimizeReport::ToString() const {
  std::string s = absl::StrCat("optimizer: ", operators_before, " -> ", operators_after, " operators, ",
                               buffers_before, " -> ", buffers_after, " buffers in ", rounds, " round(s)");
  for (const auto& [pattern, n] : counts) absl::StrAppend(&s, "; ", pattern, " ", n);
  return s;
}

absl::StatusOr<OptimizeReport> OptimizeModel(TflModel& model, const OptimizeOptions& options) {
  OptimizeReport report;
  report.operators_before = report.operators_after = OperatorCount(model);
  report.buffers_before = report.buffers_after = model.buffers.size();
  if (!options.enabled) return report;
  if (absl::Status s = CheckModelStructure(model); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("optimizer: the model is malformed, so it was left unoptimized: ", s.message()));
  }
  // Every change removes an operator (the fusions may add a constant or an opcode while doing so),
  // or removes a tensor, a buffer or an opcode, or moves a tensor to an earlier identical buffer;
  // nothing adds operators, so this ends after finitely many rounds; no round limit is needed.
  do {
    ++report.rounds;
  } while (RunRound(model, options, report) > 0);
  report.operators_after = OperatorCount(model);
  report.buffers_after = model.buffers.size();
  return report;
}

}  // namespace tfconv
