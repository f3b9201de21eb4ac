// Compares output tensors: the ones under test (`actual`) against a reference (`expected`).
//
//   CompareOptions options;
//   options.tolerance = {.max_abs = 1e-4, .max_rel = 1e-4, .min_cosine = 0.999};
//   ComparisonReport r = CompareTensorLists({CompareOperand::Of(ours, "probs")},
//                                           {CompareOperand::Of(reference, "probs")}, options);
//   r.passed;          // every pair passed
//   r.ToText();        // one line per output, the worst elements below a failing one
//   r.ToJson();        // the same as JSON (nlohmann)
//   // An interpreter output keeps its quantization: compared after dequantizing, LSBs reported.
//   absl::StatusOr<CompareOperand> q = OperandFromRtTensor(interpreter_output);
//
// Per output pair (paired by position):
// - shapes must be equal and, for unquantized pairs, so must the element types: otherwise the pair
//   fails with the reason and no metrics;
// - a quantized side (integer type with a scale) is dequantized, real = scale*(q - zero_point),
//   per channel along its axis when it has several scales; the other side may then be float;
// - element i passes when |a - b| <= max_abs + max_rel * |b| (b = expected), as numpy.isclose and
//   ../shared/validators/compare_outputs.py. NaN matches NaN and an infinity the same infinity;
//   any other pairing with a non-finite value is a mismatch that makes max_abs_error infinite;
// - max_abs_error, mean_abs_error and rmse are over the finite pairs; max_rel_error is
//   max |a - b| / max(|b|, rel_floor), the floor (default 1e-6) keeping values near zero from
//   reporting huge relative errors; cosine similarity is over the finite pairs (1 when both sides
//   are all zeros, 0 when only one is);
// - max_lsb_error (when a side is quantized) is |a - b| in steps of the quantized side's scale
//   (the actual side's when both are), exactly |qa - qb| when both share scale and zero point;
// - the pair passes when it was comparable, no element mismatched and, when min_cosine is set,
//   cosine >= min_cosine.
// Element types read: float16/32/64, bfloat16, (u)int8..64 and bool (as 0/1).
#ifndef TFCONV_RUNTIME_CHECK_COMPARE_TENSOR_COMPARE_H_
#define TFCONV_RUNTIME_CHECK_COMPARE_TENSOR_COMPARE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "converter/graph/tensor.h"
#include "runtime_check/interpreter/rt_tensor.h"

namespace tfconv {

// Affine quantization: one scale (and zero point) per tensor, or one per slice along `axis`.
struct QuantParams {
  std::vector<double> scale;
  std::vector<int64_t> zero_point;  // empty: all zero; else one, or one per scale
  int axis = 0;
};

// One side of a comparison. Copying a Tensor shares its bytes, so operands are cheap.
struct CompareOperand {
  std::string name;
  Tensor tensor;
  std::optional<QuantParams> quant;

  static CompareOperand Of(Tensor tensor, std::string name = "",
                           std::optional<QuantParams> quant = std::nullopt) {
    return CompareOperand{std::move(name), std::move(tensor), std::move(quant)};
  }
};

// An interpreter tensor as an operand: its bytes (copied), name and affine quantization (integer
// types only; a float tensor's scale, if any, is ignored).
absl::StatusOr<CompareOperand> OperandFromRtTensor(const RtTensor& tensor);

struct Tolerance {
  double max_abs = 1e-5;              // atol
  double max_rel = 0.0;               // rtol, relative to |expected|
  std::optional<double> min_cosine;   // unset: reported, not checked
};

struct CompareOptions {
  Tolerance tolerance;
  double rel_floor = 1e-6;  // smallest denominator of max_rel_error
  int worst_count = 5;      // how many of the worst elements to list
};

struct WorstElement {
  int64_t index = 0;                // flat, row-major
  std::vector<int64_t> position;    // per dimension
  double actual = 0, expected = 0;  // real values (dequantized)
  double abs_error = 0;             // infinite for a non-finite mismatch
};

struct TensorComparison {
  std::string name;           // the actual side's name
  std::string expected_name;
  bool passed = false;
  // Why it failed, "" when it passed: not comparable, elements out of tolerance, low cosine.
  std::string failure;
  bool comparable = false;    // false: shapes/types did not allow a comparison; no metrics below
  std::string actual_type, expected_type;    // "float32", "int8 (quantized)"
  std::vector<int64_t> actual_shape, expected_shape;
  int64_t num_elements = 0;
  double max_abs_error = 0;
  double max_rel_error = 0;
  double mean_abs_error = 0;
  double rmse = 0;
  double cosine = 1;
  int64_t num_mismatches = 0;           // elements out of tolerance, non-finite ones included
  int64_t num_nonfinite_mismatches = 0;
  std::optional<double> max_lsb_error;  // when a side is quantized
  std::vector<WorstElement> worst;      // largest abs_error first; only elements that differ
};

struct ComparisonReport {
  CompareOptions options;
  std::vector<TensorComparison> outputs;
  bool passed = false;
  std::string failure;  // list-level problem (counts differ, nothing compared), "" otherwise

  // "PASS probs float32[1,10]: max_abs=... " per output, then a summary line.
  std::string ToText() const;
  nlohmann::json ToJson() const;
};

TensorComparison CompareTensors(const CompareOperand& actual, const CompareOperand& expected,
                                const CompareOptions& options = {});

// Pairs by position. Different counts fail (the common prefix is still compared and reported).
ComparisonReport CompareTensorLists(const std::vector<CompareOperand>& actual,
                                    const std::vector<CompareOperand>& expected,
                                    const CompareOptions& options = {});

std::string ToText(const TensorComparison& c);
nlohmann::json ToJson(const TensorComparison& c);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_COMPARE_TENSOR_COMPARE_H_
