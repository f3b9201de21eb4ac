// Einsum equations ("abc,cd->abd", "...ij,...jk->...ik"): parsing, the labels of every dimension
// once the operand ranks are known, the output shape, and TF's semantics on host tensors.
//
//   TFCONV_ASSIGN_OR_RETURN(EinsumEquation eq, ParseEinsumEquation(node, "bij,bjk->bik", 2));
//   TFCONV_ASSIGN_OR_RETURN(EinsumLabels l, ResolveEinsumLabels(node, eq, {3, 3}));
//   l.inputs[0];          // {'b', 'i', 'j'} as label ids
//   TFCONV_ASSIGN_OR_RETURN(Tensor y, EinsumReference(node, l, {x, y}));
//
// Labels are letters; "..." stands for the dimensions an operand has beyond its letters. Ellipsis
// dimensions are aligned from the right across the operands (NumPy broadcasting, size 1 against n)
// and get label ids kEllipsisLabel + k, k counted from the leftmost of the widest ellipsis. TF's
// kernel requires the explicit "->" form.
#ifndef TFCONV_PLUGINS_NN_EINSUM_EQUATION_H_
#define TFCONV_PLUGINS_NN_EINSUM_EQUATION_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "converter/graph/graph.h"

namespace tfconv {

constexpr int kEllipsisLabel = 1000;

// The subscripts as written, without spaces; "..." kept as a '.' marker (one per ellipsis).
struct EinsumEquation {
  std::string text;                 // the equation as given, for messages
  std::vector<std::string> inputs;  // e.g. {"ab", ".c"}
  std::string output;
};

// Checks the syntax: `num_inputs` comma-separated operand subscripts, "->", the output; letters and
// at most one "..." per term; no repeated output label; every output label appears in an input.
absl::StatusOr<EinsumEquation> ParseEinsumEquation(const Node& node, const std::string& equation, int num_inputs);

struct EinsumLabels {
  std::vector<std::vector<int>> inputs;  // one label id per dimension of each operand
  std::vector<int> output;
};

// The labels of every dimension, given each operand's rank (an error when a rank does not fit).
absl::StatusOr<EinsumLabels> ResolveEinsumLabels(const Node& node, const EinsumEquation& eq,
                                                 const std::vector<int>& ranks);

// The size of every label from the operand shapes (-1 entries unknown): equal sizes for a label,
// except that an ellipsis label of size 1 broadcasts. An unknown size stays -1 unless another
// operand knows it.
absl::StatusOr<std::map<int, int64_t>> EinsumLabelSizes(const Node& node, const EinsumLabels& labels,
                                                        const std::vector<std::vector<int64_t>>& shapes);

// Printable name of a label ("a", "...0").
std::string EinsumLabelName(int label);

// TF's Einsum on host tensors of one type (float, double, int32, int64): the output element at each
// assignment of the output labels is the sum, over the labels that are not in the output, of the
// product of the operands' elements. Floats accumulate in double, integers in int64.
absl::StatusOr<Tensor> EinsumReference(const Node& node, const EinsumLabels& labels,
                                       absl::Span<const Tensor> inputs);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_NN_EINSUM_EQUATION_H_
