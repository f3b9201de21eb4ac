// RunLowered: runs what a FakeLoweringContext recorded in the reference interpreter
// (runtime_check), so a test can check a lowering's numbers, not only its operator list.
//
//   FakeLoweringContext c(*conv);
//   ASSERT_TRUE(registry.Find("_FusedConv2D")->lower(c).ok());
//   absl::StatusOr<std::vector<float>> y =
//       RunLowered(c, {{c.input_tensor_if_created(0), x_value}}, *c.OutputTensor(0));
//
// Inputs are float32 (values given as Tensors of their shape); the result is the float32 contents of
// `output`. The recorded model gets those inputs and that output as its subgraph's interface.
#ifndef TFCONV_PLUGINS_NN_TESTING_RUN_LOWERED_H_
#define TFCONV_PLUGINS_NN_TESTING_RUN_LOWERED_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "plugins/nn/testing/fake_lowering_context.h"

namespace tfconv {

absl::StatusOr<std::vector<float>> RunLowered(FakeLoweringContext& c,
                                              const std::vector<std::pair<int32_t, Tensor>>& inputs,
                                              int32_t output);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_NN_TESTING_RUN_LOWERED_H_
