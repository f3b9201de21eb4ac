// The denylist search of the debugger (see quant_debugger.h): candidates ranked by the final error
// their float fallback alone leaves, added greedily, then pruned.
#ifndef TFCONV_QUANTIZATION_DEBUG_INTERNAL_DENYLIST_SEARCH_H_
#define TFCONV_QUANTIZATION_DEBUG_INTERNAL_DENYLIST_SEARCH_H_

#include <vector>

#include "quantization/debug/quant_debugger.h"
#include "quantization/debug/tensor_pairing.h"

namespace tfconv {
namespace quant_debug {

struct SearchInputs {
  const QuantDebugSetup* setup = nullptr;
  const TensorPairing* pairing = nullptr;
  const KernelRegistry* kernels = nullptr;
  std::vector<std::vector<std::vector<double>>> float_outputs;  // [sample][output] real values
  double baseline_error = 0;
  double tolerance = 0;
};

// Fills the suggestion from `layers` (the report's rows, any order).
DenylistSuggestion SuggestDenylist(const SearchInputs& in, const std::vector<LayerErrorRow>& layers);

}  // namespace quant_debug
}  // namespace tfconv

#endif  // TFCONV_QUANTIZATION_DEBUG_INTERNAL_DENYLIST_SEARCH_H_
