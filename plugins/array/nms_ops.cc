// Non-max suppression: NonMaxSuppressionV4 (hard NMS) and NonMaxSuppressionV5 (soft NMS).
//
// Reference semantics (TensorFlow's ops/image_ops.cc, kernels/image/non_max_suppression_op.cc):
// boxes [n, 4] as any two opposite corners (y1, x1, y2, x2); candidates are the boxes scoring above
// score_threshold, taken best score first (ties: lower index first). A candidate is compared with
// the boxes selected so far: in hard NMS an IoU above iou_threshold drops it; in soft NMS
// (soft_nms_sigma > 0) each comparison scales its score by exp(-0.5 IoU^2 / sigma), and a candidate
// whose score changed goes back into the queue while it stays above score_threshold. At most
// max_output_size boxes are selected. Outputs: selected_indices (int32), V5 also selected_scores,
// and valid_outputs, their count. With pad_to_max_output_size the outputs are padded with zeros to
// max_output_size; without it they have exactly valid_outputs entries.
// Lowering (legalize_patterns.td LegalizeNonMaxSuppressionV4/V5): NON_MAX_SUPPRESSION_V4 / _V5,
// whose outputs always have max_output_size entries, zero-padded. The official converter drops
// pad_to_max_output_size, which changes the output shape when it is false; here the padded outputs
// are cut to valid_outputs with SLICE instead, so the shapes stay TensorFlow's.
// TFLite's kernel (kernels/internal/reference/non_max_suppression.h, like tfjs and older TF) drops a
// candidate at IoU >= iou_threshold in both modes, where TensorFlow drops at IoU > iou_threshold and
// never in soft mode. The threshold operand is adjusted to give TensorFlow's result: a constant
// threshold t < 1 becomes the next float above t; in soft mode it becomes 1 (the kernel re-queues a
// selected box and relies on its IoU of 1 with itself to drop it again, so it must stay <= 1), chosen
// at run time with GREATER + SELECT_V2 when sigma is computed. What remains different: the kernel
// orders equal scores arbitrarily (TensorFlow: lower index first), and boxes of zero area, or
// identical boxes in soft mode, are treated differently.
#include <algorithm>
#include <cmath>
#include <queue>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "plugins/array/array_groups.h"
#include "plugins/array/array_util.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {
namespace array {
namespace {

using tflite::BuiltinOperator;

bool IsSoft(const Node& node) { return node.op() == "NonMaxSuppressionV5"; }

absl::StatusOr<bool> Padded(const Node& node) { return GetAttrOr<bool>(node, "pad_to_max_output_size", false); }

// ---- shape rule ----

absl::Status InferNms(InferenceContext& c) {
  const bool soft = IsSoft(c.node());
  if (c.num_inputs() != (soft ? 6 : 5)) {
    return c.Error(soft ? "expects 6 inputs (boxes, scores, max_output_size, iou_threshold, score_threshold, "
                          "soft_nms_sigma)"
                        : "expects 5 inputs (boxes, scores, max_output_size, iou_threshold, score_threshold)");
  }
  const PartialShape& boxes = c.input_shape(0);
  const PartialShape& scores = c.input_shape(1);
  if (boxes.known_rank() && (boxes.rank() != 2 || (boxes.dim(1) >= 0 && boxes.dim(1) != 4))) {
    return c.Error(absl::StrCat("boxes must have shape [n, 4], got ", boxes.ToString()));
  }
  if (scores.known_rank() && scores.rank() != 1)
    return c.Error(absl::StrCat("scores must be 1-D, got ", scores.ToString()));
  if (boxes.known_rank() && scores.known_rank()) {
    TFCONV_RETURN_IF_ERROR(MergeDim(c.node(), boxes.dim(0), scores.dim(0), "boxes and scores").status());
  }
  for (int i = 2; i < c.num_inputs(); ++i) {
    if (c.input_shape(i).known_rank() && c.input_shape(i).rank() != 0) {
      return c.Error(absl::StrCat("input ", i, " must be a scalar, got ", c.input_shape(i).ToString()));
    }
  }
  TFCONV_ASSIGN_OR_RETURN(bool pad, Padded(c.node()));
  int64_t size = -1;
  if (const Tensor* max = c.input_value(2); max != nullptr && pad) {
    TFCONV_ASSIGN_OR_RETURN(size, ReadScalarInt(c.node(), *max, "max_output_size"));
  }
  int out = 0;
  c.set_output(out++, DataType::kInt32, PartialShape({size}));
  if (soft) c.set_output(out++, c.input_type(1), PartialShape({size}));
  c.set_output(out, DataType::kInt32, PartialShape());
  return absl::OkStatus();
}

// ---- reference semantics ----

// Intersection over union of boxes i and j ([y1, x1, y2, x2], any corner order); 0 for an empty box.
float IoU(const float* boxes, int64_t i, int64_t j) {
  const float* a = boxes + 4 * i;
  const float* b = boxes + 4 * j;
  const float a_ymin = std::min(a[0], a[2]), a_ymax = std::max(a[0], a[2]);
  const float a_xmin = std::min(a[1], a[3]), a_xmax = std::max(a[1], a[3]);
  const float b_ymin = std::min(b[0], b[2]), b_ymax = std::max(b[0], b[2]);
  const float b_xmin = std::min(b[1], b[3]), b_xmax = std::max(b[1], b[3]);
  const float area_a = (a_ymax - a_ymin) * (a_xmax - a_xmin);
  const float area_b = (b_ymax - b_ymin) * (b_xmax - b_xmin);
  if (area_a <= 0 || area_b <= 0) return 0.0f;
  const float h = std::max(std::min(a_ymax, b_ymax) - std::max(a_ymin, b_ymin), 0.0f);
  const float w = std::max(std::min(a_xmax, b_xmax) - std::max(a_xmin, b_xmin), 0.0f);
  const float inter = h * w;
  return inter / (area_a + area_b - inter);
}

struct Selection {
  std::vector<int32_t> indices;
  std::vector<float> scores;
};

Selection Suppress(const float* boxes, const float* scores, int64_t n, int64_t max_out, float iou_threshold,
                   float score_threshold, float sigma) {
  struct Candidate {
    int64_t index;
    float score;
    size_t compared;  // how many of the selected boxes this candidate was already compared with
  };
  // The queue's top is the best score, the lower index among equal scores.
  auto worse = [](const Candidate& a, const Candidate& b) {
    return a.score < b.score || (a.score == b.score && a.index > b.index);
  };
  std::priority_queue<Candidate, std::vector<Candidate>, decltype(worse)> queue(worse);
  for (int64_t i = 0; i < n; ++i) {
    if (scores[i] > score_threshold) queue.push({i, scores[i], 0});
  }
  const bool soft = sigma > 0.0f;
  const float scale = soft ? -0.5f / sigma : 0.0f;
  Selection out;
  while (static_cast<int64_t>(out.indices.size()) < max_out && !queue.empty()) {
    Candidate c = queue.top();
    queue.pop();
    const float original = c.score;
    bool dropped = false;
    // The newest selections first: an overlapping box is likely among them.
    for (size_t j = out.indices.size(); j-- > c.compared;) {
      const float iou = IoU(boxes, c.index, out.indices[j]);
      if (!soft && iou > iou_threshold) {
        dropped = true;
        break;
      }
      c.score *= std::exp(scale * iou * iou);
      if (c.score <= score_threshold) break;
    }
    c.compared = out.indices.size();
    if (dropped) continue;
    if (c.score == original) {
      out.indices.push_back(static_cast<int32_t>(c.index));
      out.scores.push_back(c.score);
    } else if (c.score > score_threshold) {
      queue.push(c);  // soft-suppressed but still a candidate, with its lowered score
    }
  }
  return out;
}

absl::StatusOr<float> ScalarFloat(const Node& node, const Tensor& t, absl::string_view what) {
  if (t.NumElements() != 1 || t.dtype() != DataType::kFloat) {
    return NodeUnsupported(node, absl::StrCat("'", what, "' must be a float32 scalar here, got ", t.DebugString()));
  }
  return t.data<float>()[0];
}

absl::StatusOr<std::vector<Tensor>> EvalNms(const EvalContext& c) {
  const bool soft = IsSoft(c.node());
  const Tensor& boxes = c.input(0);
  const Tensor& scores = c.input(1);
  if (boxes.dtype() != DataType::kFloat || scores.dtype() != DataType::kFloat) {
    return c.Error(absl::StrCat("boxes and scores must be float32 here, got ", boxes.DebugString(), " and ",
                                scores.DebugString()));
  }
  if (boxes.rank() != 2 || boxes.dim(1) != 4 || scores.rank() != 1 || scores.dim(0) != boxes.dim(0)) {
    return c.Error(
        absl::StrCat("boxes must be [n, 4] and scores [n], got ", boxes.DebugString(), " and ", scores.DebugString()));
  }
  TFCONV_ASSIGN_OR_RETURN(int64_t max_out, ReadScalarInt(c.node(), c.input(2), "max_output_size"));
  TFCONV_ASSIGN_OR_RETURN(float iou, ScalarFloat(c.node(), c.input(3), "iou_threshold"));
  TFCONV_ASSIGN_OR_RETURN(float score, ScalarFloat(c.node(), c.input(4), "score_threshold"));
  float sigma = 0.0f;
  if (soft) {
    TFCONV_ASSIGN_OR_RETURN(sigma, ScalarFloat(c.node(), c.input(5), "soft_nms_sigma"));
  }
  if (max_out < 0) return c.Error(absl::StrCat("max_output_size must be >= 0, got ", max_out));
  if (!(iou >= 0.0f && iou <= 1.0f)) return c.Error(absl::StrCat("iou_threshold must be in [0, 1], got ", iou));
  if (!(sigma >= 0.0f)) return c.Error(absl::StrCat("soft_nms_sigma must be >= 0, got ", sigma));
  TFCONV_ASSIGN_OR_RETURN(bool pad, Padded(c.node()));

  Selection s =
      Suppress(boxes.data<float>().data(), scores.data<float>().data(), boxes.dim(0), max_out, iou, score, sigma);
  const int32_t valid = static_cast<int32_t>(s.indices.size());
  if (pad) {
    s.indices.resize(static_cast<size_t>(max_out), 0);
    s.scores.resize(static_cast<size_t>(max_out), 0.0f);
  }
  const int64_t count = static_cast<int64_t>(s.indices.size());
  std::vector<Tensor> out = {Tensor::FromVector<int32_t>({count}, s.indices)};
  if (soft) out.push_back(Tensor::FromVector<float>({count}, s.scores));
  out.push_back(Tensor::Scalar<int32_t>(valid));
  return out;
}

// ---- lowering ----

// The iou_threshold operand that makes the kernel's ">= threshold, in both modes" drop exactly
// what TensorFlow drops (see the file comment).
absl::StatusOr<int32_t> IouOperand(LoweringContext& c) {
  // Hard mode: IoU >= next float above t is IoU > t. At t = 1 the kernel must keep 1 (see above);
  // TensorFlow then differs only for identical boxes.
  int32_t hard;
  if (const Tensor* t = c.input_value(3)) {
    TFCONV_ASSIGN_OR_RETURN(float v, ScalarFloat(c.node(), *t, "iou_threshold"));
    hard = c.AddConstTensor(Tensor::Scalar<float>(v < 1.0f ? std::nextafter(v, 2.0f) : v), "iou_threshold");
  } else {
    TFCONV_ASSIGN_OR_RETURN(hard, c.InputTensor(3));
  }
  if (!IsSoft(c.node())) return hard;
  const int32_t one = c.AddConstTensor(Tensor::Scalar<float>(1.0f), "soft_iou_threshold");
  if (const Tensor* sigma = c.input_value(5)) {
    TFCONV_ASSIGN_OR_RETURN(float v, ScalarFloat(c.node(), *sigma, "soft_nms_sigma"));
    return v > 0.0f ? one : hard;
  }
  TFCONV_ASSIGN_OR_RETURN(int32_t sigma, c.InputTensor(5));
  const int32_t zero = c.AddConstTensor(Tensor::Scalar<float>(0.0f), "zero");
  const int32_t is_soft = c.AddTensor(DataType::kBool, PartialShape(), "is_soft");
  c.AddBuiltinOp(BuiltinOperator::GREATER, {sigma, zero}, {is_soft});
  const int32_t chosen = c.AddTensor(DataType::kFloat, PartialShape(), "kernel_iou_threshold");
  c.AddBuiltinOp(BuiltinOperator::SELECT_V2, {is_soft, one, hard}, {chosen}, Options(tflite::SelectV2OptionsT()));
  return chosen;
}

absl::Status LowerNms(LoweringContext& c) {
  const bool soft = IsSoft(c.node());
  for (int i : {0, 1, 3, 4}) {
    if (c.input_type(i) != DataType::kFloat) {
      return c.Unsupported(
          absl::StrCat("TFLite's non-max suppression takes float32 boxes, scores and thresholds; input ", i, " is ",
                       DataTypeName(c.input_type(i))));
    }
  }
  if (soft && c.input_type(5) != DataType::kFloat) return c.Unsupported("soft_nms_sigma must be float32");
  TFCONV_ASSIGN_OR_RETURN(bool pad, Padded(c.node()));
  std::vector<int32_t> inputs;
  for (int i = 0; i < c.num_inputs(); ++i) {
    TFCONV_ASSIGN_OR_RETURN(int32_t t, i == 2 ? Int32Operand(c, i, "max_output_size") : c.InputTensor(i));
    inputs.push_back(t);
  }
  TFCONV_ASSIGN_OR_RETURN(inputs[3], IouOperand(c));
  const int valid_index = soft ? 2 : 1;
  TFCONV_ASSIGN_OR_RETURN(int32_t valid, c.OutputTensor(valid_index));
  // The kernel's selections, padded to max_output_size: the node's outputs themselves when TF pads
  // too, else intermediates cut to `valid` below.
  std::vector<int32_t> selections;
  for (int i = 0; i < valid_index; ++i) {
    if (pad) {
      TFCONV_ASSIGN_OR_RETURN(int32_t t, c.OutputTensor(i));
      selections.push_back(t);
    } else {
      int64_t max = -1;
      if (const Tensor* v = c.input_value(2)) {
        TFCONV_ASSIGN_OR_RETURN(max, ReadScalarInt(c.node(), *v, "max_output_size"));
      }
      selections.push_back(
          c.AddTensor(c.output_type(i), PartialShape({max}), i == 0 ? "padded_indices" : "padded_scores"));
    }
  }
  std::vector<int32_t> outputs = selections;
  outputs.push_back(valid);
  c.AddBuiltinOp(soft ? BuiltinOperator::NON_MAX_SUPPRESSION_V5 : BuiltinOperator::NON_MAX_SUPPRESSION_V4,
                 std::move(inputs), std::move(outputs));
  if (pad) return absl::OkStatus();
  // SLICE(padded, [0], [valid]): the first valid_outputs entries.
  const int32_t begin = AddInt32Const(c, {1}, {0}, "slice_begin");
  const int32_t size = c.AddTensor(DataType::kInt32, PartialShape({1}), "slice_size");
  TFCONV_RETURN_IF_ERROR(EmitReshape(c, valid, size, PartialShape({1}), "slice_size_shape"));
  for (int i = 0; i < valid_index; ++i) {
    TFCONV_ASSIGN_OR_RETURN(int32_t out, c.OutputTensor(i));
    c.AddBuiltinOp(BuiltinOperator::SLICE, {selections[i], begin, size}, {out}, Options(tflite::SliceOptionsT()));
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterNmsOps(OpRegistry& registry) {
  for (const char* op : {"NonMaxSuppressionV4", "NonMaxSuppressionV5"}) {
    OpRegistration r = MakeOp(op, InferNms, EvalNms, LowerNms, {});
    r.tflite_ops = {std::string(op) == "NonMaxSuppressionV4" ? "NON_MAX_SUPPRESSION_V4" : "NON_MAX_SUPPRESSION_V5",
                    "SLICE",
                    "RESHAPE",
                    "CAST",
                    "GREATER",
                    "SELECT_V2"};
    registry.Add(std::move(r));
  }
}

}  // namespace array
}  // namespace tfconv
